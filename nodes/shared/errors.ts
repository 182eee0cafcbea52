import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/**
 * What a failed HTTP call left behind, read from whatever n8n threw (an axios-style error, or n8n's
 * `NodeApiError` whose `cause` is one). `status` is the HTTP status (absent for network errors), `code` the
 * network error code (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT` …), `headers` the response headers (lower-case
 * names).
 */
export interface HttpFailure {
	status?: number;
	code?: string;
	body?: unknown;
	headers: Record<string, string>;
	message: string;
}

interface ErrorLike {
	message?: unknown;
	code?: unknown;
	httpCode?: unknown;
	cause?: unknown;
	response?: { status?: unknown; data?: unknown; body?: unknown; headers?: unknown };
}

/** Extracts the status, body, headers and network code of a failed request without keeping the request itself. */
export function httpFailureOf(error: unknown): HttpFailure {
	const chain: ErrorLike[] = [];
	let current: unknown = error;
	while (current && typeof current === 'object' && chain.length < 5) {
		chain.push(current as ErrorLike);
		current = (current as ErrorLike).cause;
	}
	const withResponse = chain.find((e) => e.response && typeof e.response === 'object');
	const response = withResponse?.response;
	const rawStatus = response?.status ?? chain.find((e) => e.httpCode)?.httpCode;
	const status = Number(rawStatus) || undefined;
	const headers: Record<string, string> = {};
	if (response?.headers && typeof response.headers === 'object') {
		for (const [name, value] of Object.entries(response.headers as Record<string, unknown>)) {
			if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
		}
	}
	const code = chain.map((e) => e.code).find((c): c is string => typeof c === 'string' && /^E[A-Z_]+$/.test(c));
	const innermost = chain[chain.length - 1];
	return {
		status,
		code,
		body: response?.data ?? response?.body,
		headers,
		message: typeof innermost?.message === 'string' ? innermost.message : String(error),
	};
}

/**
 * The forms a secret takes on its way out: itself, URL-encoded, Base64 (padded, and URL-encoded as a query value)
 * and Base64url. A Basic header value is covered by passing the `id:secret` pair itself as a secret.
 */
export function secretVariants(secret: string): string[] {
	const b64 = Buffer.from(secret, 'utf8').toString('base64');
	const b64url = Buffer.from(secret, 'utf8').toString('base64url');
	const forms = [secret, encodeURIComponent(secret), b64, encodeURIComponent(b64), b64url, b64.replace(/=+$/, '')];
	// Longest first, so a form that contains another is replaced whole.
	return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of each secret (in every form of {@link secretVariants}) in `text` with
 * `[redacted]`. Secrets shorter than 4 characters are ignored (they would blank ordinary words).
 */
export function redact(text: string, secrets: Array<string | undefined>): string {
	let out = text;
	const forms = secrets
		.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4)
		.flatMap(secretVariants)
		.sort((a, b) => b.length - a.length);
	for (const form of forms) out = out.split(form).join('[redacted]');
	return out;
}

/** `redact` applied to every string inside a JSON value. */
export function redactDeep<T>(value: T, secrets: Array<string | undefined>): T {
	if (typeof value === 'string') return redact(value, secrets) as T;
	if (Array.isArray(value)) return value.map((v) => redactDeep(v, secrets)) as T;
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, redactDeep(v, secrets)]),
		) as T;
	}
	return value;
}

/** The API's own words about an error: `message`, `detail`, `error_description`, field errors, or the raw text. */
export function apiMessageOf(body: unknown): string | undefined {
	if (body === undefined || body === null || body === '') return undefined;
	if (typeof body === 'string') return body.slice(0, 500);
	if (Buffer.isBuffer(body)) return body.toString('utf8').slice(0, 500);
	if (typeof body !== 'object') return String(body);
	const record = body as Record<string, unknown>;
	const parts: string[] = [];
	for (const key of ['message', 'Message', 'title', 'detail', 'error_description', 'error']) {
		const value = record[key];
		if (typeof value === 'string' && value && !parts.includes(value)) parts.push(value);
	}
	if (Array.isArray(record.errors)) {
		for (const fieldError of record.errors as Array<Record<string, unknown>>) {
			if (fieldError && typeof fieldError === 'object') {
				parts.push(`${String(fieldError.field ?? '?')}: ${String(fieldError.message ?? '')}`);
			}
		}
	} else if (record.errors && typeof record.errors === 'object') {
		for (const [field, messages] of Object.entries(record.errors as Record<string, unknown>)) {
			parts.push(`${field}: ${Array.isArray(messages) ? messages.join(', ') : String(messages)}`);
		}
	}
	return parts.length ? parts.join('; ') : JSON.stringify(body).slice(0, 500);
}

/**
 * Whether a failed call ended because no answer came within its timeout (n8n's request helper gives up with
 * `ECONNABORTED` or `ETIMEDOUT` and a "timeout" message), rather than a refused connection or an HTTP answer.
 */
export function isTimeout(failure: HttpFailure): boolean {
	if (failure.status !== undefined) return false;
	return failure.code === 'ETIMEDOUT' || (failure.code === 'ECONNABORTED' && /time ?out|timed out/i.test(failure.message));
}

/** What to tell the user for one HTTP status: the error message and a hint they can act on. */
export interface StatusHint {
	message: string;
	hint: string;
}

/**
 * Builds the `NodeApiError` the user sees for a failed API call: message and hint chosen by status (from
 * `hints`, else a generic one), the API's own message appended, every secret redacted, the original request
 * (with its headers) dropped. `itemIndex` is the input item that failed. With `timeout`, a call that got no answer in
 * time ({@link isTimeout}) says so, naming the endpoint and the seconds waited.
 */
export function apiError(
	node: INode,
	failure: HttpFailure,
	options: {
		api: string;
		itemIndex?: number;
		secrets: Array<string | undefined>;
		hints?: Partial<Record<number, StatusHint>>;
		/** the call as the user may see it (method and path, never a URL or query) and its timeout, seconds */
		timeout?: { endpoint: string; seconds: number; retried: boolean };
	},
): NodeApiError {
	const { status, code } = failure;
	const apiMessage = apiMessageOf(failure.body);
	const known = status ? options.hints?.[status] : undefined;
	let message: string;
	let hint: string;
	if (options.timeout && isTimeout(failure)) {
		const { endpoint, seconds, retried } = options.timeout;
		message = `${options.api} did not answer ${endpoint} within ${seconds} s (timeout)`;
		hint = `${retried ? 'The node sent it once more and waited again. ' : 'It was not sent again (repeating it is not safe): check whether it was processed before running again. '}Raise the node's Timeout option (seconds) if ${options.api} is slow, or try again later.`;
	} else if (known) {
		({ message, hint } = known);
	} else if (status === 429) {
		message = `${options.api} is rate limiting requests (429)`;
		hint = 'The node already waited and retried. Lower the number of items per execution or try again later.';
	} else if (status && status >= 500) {
		message = `${options.api} failed to process the request (${status})`;
		hint = 'The node retried idempotent requests already. Try again later; if it persists, contact the API provider.';
	} else if (status) {
		message = `${options.api} refused the request (${status})`;
		hint = 'Check the node parameters against the API error below.';
	} else if (code) {
		message = `Could not reach ${options.api} (${code})`;
		hint = 'Check the environment / base URL in the credential and that the service is reachable from n8n.';
	} else {
		// Not an HTTP answer: e.g. the credential could not get a token; its message says what to fix.
		message = failure.message;
		hint = `Check the ${options.api} credential.`;
	}
	const description = [apiMessage ? `${options.api} says: ${apiMessage}` : undefined, hint]
		.filter(Boolean)
		.join(' — ');
	const timedOut = options.timeout !== undefined && isTimeout(failure);
	// a timeout keeps no network code: n8n would replace the message by its text for ECONNABORTED
	const errorResponse: JsonObject = timedOut ? { status: null, code: null, timeoutSeconds: options.timeout?.seconds ?? null } : { status: status ?? null, code: code ?? null };
	if (failure.body !== undefined && !Buffer.isBuffer(failure.body)) {
		errorResponse.body = failure.body as JsonObject;
	}
	return new NodeApiError(node, redactDeep(errorResponse, options.secrets), {
		message: redact(message, options.secrets),
		description: redact(description, options.secrets),
		httpCode: status ? String(status) : undefined,
		itemIndex: options.itemIndex,
	});
}

/**
 * The error for a bad parameter value, raised before any request: names the field (its label in the UI), the
 * item (0-based index as n8n shows it) and why the value is wrong.
 */
export function inputError(node: INode, field: string, itemIndex: number, reason: string): NodeOperationError {
	return new NodeOperationError(node, `Invalid ${field} in item ${itemIndex}: ${field} ${reason}`, {
		itemIndex,
		description: `Fix the "${field}" parameter (or the input field it is mapped from) for item ${itemIndex}; nothing was sent to the API.`,
	});
}

/**
 * Runs `run` and hands back its value or its error, so the caller decides outside a `catch` what to throw (an error
 * already shaped for the user passes through; n8n's lint wants no bare re-throw inside `catch`).
 */
export async function settle<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
	try {
		return { ok: true, value: await run() };
	} catch (error) {
		return { ok: false, error };
	}
}
