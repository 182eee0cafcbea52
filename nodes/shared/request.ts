import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

import { runsAdaptively, sendAdaptively } from './concurrency';
import { apiError, httpFailureOf, type StatusHint } from './errors';
import { withRetries } from './retry';

/**
 * One JSON API call as an operation describes it. `path` starts with `/` and is appended to the base URL of
 * the credential's environment; `hints` overrides the message shown for a given HTTP status; `itemIndex` is the
 * input item the call belongs to (named in the error).
 *
 * The idempotency flag, one convention for both transports: `idempotent: true` marks a call that may be sent
 * again with the same effect (it is then retried, see {@link isIdempotent}); a GET is idempotent unless it says
 * `idempotent: false` (e.g. a token renewal); any other method is not unless it says `idempotent: true` (e.g.
 * Zertiban's cancel). A GET that must be sent once only (a token renewal, the trigger's unauthenticated payer
 * redirects, which anyone can send) says `idempotent: false`.
 */
export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	hints?: Partial<Record<number, StatusHint>>;
	idempotent?: boolean;
	/** give up waiting for the answer after this many ms (n8n's own default when absent) */
	timeoutMs?: number;
}

/** Whether `request` may be retried: its `idempotent` flag, else true for GET only (see {@link ApiRequest}). */
export function isIdempotent(request: ApiRequest): boolean {
	return request.idempotent ?? request.method === 'GET';
}

/** n8n request options for a JSON call of `request` against `baseUrl` (no trailing slash). */
export function jsonRequestOptions(baseUrl: string, request: ApiRequest): IHttpRequestOptions {
	return {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		qs: request.qs,
		body: request.body,
		json: true,
		headers: { Accept: 'application/json' },
		...(request.timeoutMs ? { timeout: request.timeoutMs } : {}),
	};
}

/**
 * How one API's calls are retried and reported: its name, default hints per status, the secrets to redact
 * (non-strings are ignored). `secrets` may be a function, called when the error is built, so that values that
 * appeared during the request (a token fetched or refreshed on the way) are redacted too. `backoffKey` names the
 * credential of the API (no secret in it) whose requests share one 429 back-off ({@link withRetries}). `context` is
 * the node context sending it: when its run uses *Concurrency: Auto* (nodes/shared/concurrency.ts), each send waits
 * for a place under the adaptive limit of `backoffKey`.
 */
export interface CallPolicy {
	api: string;
	defaultHints: Partial<Record<number, StatusHint>>;
	secrets: unknown[] | (() => Promise<unknown[]>);
	backoffKey?: string;
	context?: object;
}

/** The secrets of a policy, as `apiError` takes them. */
export async function policySecrets(policy: Pick<CallPolicy, 'secrets'>): Promise<Array<string | undefined>> {
	const secrets = typeof policy.secrets === 'function' ? await policy.secrets() : policy.secrets;
	return secrets.map((s) => (typeof s === 'string' ? s : undefined));
}

/**
 * Sends a request under the shared policy of both transports (`node`: the node, or a function returning it, called
 * only on failure): retried on network errors, 429 and
 * 500/502/503/504 when {@link isIdempotent}; a 429 pauses every request of `policy.backoffKey` (with *Concurrency:
 * Auto*, the adaptive limiter decides: nodes/shared/concurrency.ts); any failure rethrown as the user-facing `NodeApiError` of `apiError`
 * (status, the API's message, a hint, the item; secrets redacted, the request itself dropped).
 */
export async function sendWithPolicy(
	node: INode | (() => INode),
	send: () => Promise<unknown>,
	request: ApiRequest,
	policy: CallPolicy,
): Promise<IDataObject> {
	const key = policy.backoffKey;
	const adaptive = key !== undefined && runsAdaptively(policy.context);
	try {
		return (await withRetries(adaptive ? async () => await sendAdaptively(key, send) : send, {
			idempotent: isIdempotent(request),
			backoffKey: adaptive ? undefined : key,
		})) as IDataObject;
	} catch (error) {
		// n8n's getNode() returns a copy: made only when an error needs it, never per request
		throw apiError(typeof node === 'function' ? node() : node, httpFailureOf(error), {
			api: policy.api,
			itemIndex: request.itemIndex,
			secrets: await policySecrets(policy),
			hints: { ...policy.defaultHints, ...request.hints },
		});
	}
}
