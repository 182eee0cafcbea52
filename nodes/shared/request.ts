import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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
	/** the kind of call, for its default timeout ({@link DEFAULT_TIMEOUT_SECONDS}); `api` when absent */
	kind?: CallKind;
	/** give up waiting for the answer after this many ms; when absent, the node's Timeout option or the kind's default */
	timeoutMs?: number;
}

/**
 * Seconds a call waits for its answer by default, per kind of call (docs/zertiban.md §4.6, docs/cfis.md §11.1):
 * `api` a JSON call, `token` a Zertiban token request, `document` a document download or a create that uploads PDFs
 * or answers with one. The node's *Timeout* option ({@link timeoutProperty}) replaces them all.
 */
export const DEFAULT_TIMEOUT_SECONDS = { api: 30, token: 30, document: 120 } as const;

/** A kind of call of {@link DEFAULT_TIMEOUT_SECONDS}. */
export type CallKind = keyof typeof DEFAULT_TIMEOUT_SECONDS;

/** Largest *Timeout* the nodes accept, seconds. */
export const MAX_TIMEOUT_SECONDS = 600;

/**
 * The *Timeout* parameter of an action node (name `timeout`; seconds, 0 to {@link MAX_TIMEOUT_SECONDS}, default 0 =
 * the defaults per kind of call). `api` is the API's name, shown in the description.
 */
export function timeoutProperty(api: string): INodeProperties {
	return {
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_TIMEOUT_SECONDS, numberPrecision: 0 },
		default: 0,
		description: `Seconds to wait for each answer of ${api} before the item fails with a timeout error (0 to ${MAX_TIMEOUT_SECONDS}). 0 uses the defaults: ${DEFAULT_TIMEOUT_SECONDS.api} seconds per request, ${DEFAULT_TIMEOUT_SECONDS.document} seconds for document downloads and PDF uploads. A read that timed out is sent once more; a create or submit never is.`,
	};
}

/** What {@link requestTimeoutMs} needs of a node context: its node parameters (the signatures differ per context). */
export interface TimeoutContext {
	getNode(): INode;
	getNodeParameter(...args: never[]): unknown;
}

/**
 * The timeout of `request` in milliseconds: its own `timeoutMs`, else the node's *Timeout* option (seconds; read
 * from the first item in an action node, absent in triggers and list searches), else the default of its kind
 * ({@link DEFAULT_TIMEOUT_SECONDS}). Throws `NodeOperationError` naming the field when the option is not a whole
 * number of seconds from 0 to {@link MAX_TIMEOUT_SECONDS} (an expression can give anything).
 */
export function requestTimeoutMs(ctx: TimeoutContext, request: Pick<ApiRequest, 'kind' | 'timeoutMs'>): number {
	if (request.timeoutMs) return request.timeoutMs;
	const read = ctx.getNodeParameter as (...args: unknown[]) => unknown;
	let value: unknown = 0;
	try {
		// IExecuteFunctions: (name, itemIndex, fallback); the other contexts: (name, fallback)
		value = 'getInputData' in ctx ? read.call(ctx, 'timeout', 0, 0) : read.call(ctx, 'timeout', 0);
	} catch {
		value = 0;
	}
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIMEOUT_SECONDS) {
		throw new NodeOperationError(ctx.getNode(), `Timeout must be a whole number of seconds from 0 to ${MAX_TIMEOUT_SECONDS} (0 = the defaults), not ${JSON.stringify(value)}`, {
			itemIndex: 0,
		});
	}
	return (value || DEFAULT_TIMEOUT_SECONDS[request.kind ?? 'api']) * 1000;
}

/** A call as errors may name it: the method and the path, without base URL or query (`GET /flow/v1/flows/…`). */
export function endpointOf(request: Pick<ApiRequest, 'method' | 'path'>): string {
	return `${request.method} ${request.path.split('?')[0]}`;
}

/** Whether `request` may be retried: its `idempotent` flag, else true for GET only (see {@link ApiRequest}). */
export function isIdempotent(request: ApiRequest): boolean {
	return request.idempotent ?? request.method === 'GET';
}

/** n8n request options for a JSON call of `request` against `baseUrl` (no trailing slash); `timeoutMs` as given. */
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
 * 500/502/503/504 when {@link isIdempotent} (a timeout once only); a 429 pauses every request of `policy.backoffKey`
 * (with *Concurrency: Auto*, the adaptive limiter decides: nodes/shared/concurrency.ts); any failure rethrown as the
 * user-facing `NodeApiError` of `apiError` (status, the API's message, a hint, the item; secrets redacted, the request
 * itself dropped; a timeout names the endpoint and the seconds of `request.timeoutMs`).
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
			timeout: timeoutOf(request),
		});
	}
}

/** The `timeout` option of `apiError` for a request sent with `timeoutMs` (undefined without one). */
export function timeoutOf(request: ApiRequest): { endpoint: string; seconds: number; retried: boolean } | undefined {
	if (!request.timeoutMs) return undefined;
	return { endpoint: endpointOf(request), seconds: Math.round(request.timeoutMs / 100) / 10, retried: isIdempotent(request) };
}
