import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions, INode } from 'n8n-workflow';

import { apiError, httpFailureOf, type StatusHint } from './errors';
import { withRetries } from './retry';

/**
 * One JSON API call as an operation describes it. `path` starts with `/` and is appended to the base URL of
 * the credential's environment; `hints` overrides the message shown for a given HTTP status; `itemIndex` is the
 * input item the call belongs to (named in the error); `retry: false` sends an idempotent request only once (for
 * calls anyone can trigger, such as the trigger's unauthenticated payer redirects).
 */
export interface ApiRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	itemIndex?: number;
	hints?: Partial<Record<number, StatusHint>>;
	retry?: false;
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
	};
}

/** How one API's calls are retried and reported: its name, default hints per status, the secrets to redact. */
export interface CallPolicy {
	api: string;
	idempotent: boolean;
	defaultHints: Partial<Record<number, StatusHint>>;
	secrets: unknown[];
}

/**
 * Sends a request under the shared policy of both transports (DESIGN §4): retried on network errors, 429 and
 * 500/502/503/504 while `idempotent` (and the request does not say `retry: false`); any failure rethrown as the user-facing `NodeApiError` of `apiError`
 * (status, the API's message, a hint, the item; secrets redacted, the request itself dropped).
 */
export async function sendWithPolicy(
	node: INode,
	send: () => Promise<unknown>,
	request: ApiRequest,
	policy: CallPolicy,
): Promise<IDataObject> {
	try {
		return (await withRetries(send, { idempotent: policy.idempotent && request.retry !== false })) as IDataObject;
	} catch (error) {
		throw apiError(node, httpFailureOf(error), {
			api: policy.api,
			itemIndex: request.itemIndex,
			secrets: policy.secrets.map((s) => (typeof s === 'string' ? s : undefined)),
			hints: { ...policy.defaultHints, ...request.hints },
		});
	}
}
