import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiError, httpFailureOf, isTimeout, type HttpFailure } from '../../shared/errors';
import { endpointOf, policySecrets, requestTimeoutMs, timeoutOf, type ApiRequest } from '../../shared/request';
import { withRetries } from '../../shared/retry';
import { zertibanBaseUrl } from './environment';
import { encodeMultipart, type MultipartPart } from './multipart';
import { DEFAULT_HINTS, policyFor, send, zertibanBackoffKey, zertibanCredentials } from './request';

/** HTTP statuses after which a create may or may not have happened on the server. */
const UNKNOWN_OUTCOME_STATUS = new Set([408, 500, 502, 503, 504]);

/** True when a failed create may have been stored anyway: a network error (no answer) or a 408/5xx. */
export function outcomeUnknown(failure: HttpFailure): boolean {
	return failure.status === undefined ? failure.code !== undefined : UNKNOWN_OUTCOME_STATUS.has(failure.status);
}

/**
 * The outcome of a create: its answer, or `lost` when it never arrived (or was a 408/5xx) and the flow may exist;
 * `reason` then says what happened in words a user can act on (a timeout names the endpoint and the seconds waited).
 */
export type CreateOutcome = { lost: false; body: IDataObject } | { lost: true; failure: HttpFailure; reason: string };

/**
 * Sends one multipart create (`POST`, never retried: a create sent twice creates twice; it waits for, and a 429 starts,
 * the client's shared 429 back-off), waiting for its answer at most the request's timeout (`request.kind`
 * `document` when it uploads PDFs or answers with one; nodes/shared/request.ts). Returns the parsed 201 body, or `lost`
 * when the outcome is unknown (network error, 408, 5xx) so the caller can look the flow
 * up instead of resending it. Any other failure throws `NodeApiError` like {@link zertibanRequest}; so does a 2xx
 * whose body is not a JSON object (the flow probably exists: the message says to check before running again).
 */
export async function zertibanCreate(
	this: IExecuteFunctions,
	request: ApiRequest,
	parts: MultipartPart[],
): Promise<CreateOutcome> {
	const credentials = await zertibanCredentials(this);
	const timed: ApiRequest = { ...request, timeoutMs: requestTimeoutMs(this, request) };
	const { body, contentType } = encodeMultipart(parts);
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${zertibanBaseUrl(credentials)}${request.path}`,
		body,
		headers: { Accept: 'application/json', 'Content-Type': contentType },
		json: false,
		timeout: timed.timeoutMs,
	};
	let raw: unknown;
	try {
		// sent once (a create sent twice creates twice), but after any 429 back-off of this client, and a 429 starts one
		raw = await withRetries(async () => await send(this, options), { idempotent: false, backoffKey: zertibanBackoffKey(credentials) });
	} catch (error) {
		const failure = httpFailureOf(error);
		if (outcomeUnknown(failure)) return { lost: true, failure, reason: lostReason(failure, timed) };
		throw apiError(this.getNode(), failure, {
			api: 'Zertiban',
			itemIndex: request.itemIndex,
			secrets: await policySecrets(policyFor(this, credentials)),
			hints: { ...DEFAULT_HINTS, ...request.hints },
			timeout: timeoutOf(timed),
		});
	}
	const text = typeof raw === 'string' ? raw : Buffer.isBuffer(raw) ? raw.toString('utf8') : undefined;
	if (text === undefined) return { lost: false, body: raw as IDataObject };
	const answer = parseJsonObject(text);
	if (!answer) {
		throw new NodeApiError(
			this.getNode(),
			{ message: 'The answer to the create is not JSON' },
			{
				message: 'Zertiban accepted the create (2xx) but answered with a body that is not JSON',
				description:
					'The flow was most likely created, but its payment links could not be read. Check Flow → Get Many (filter by the Flow External ID) before running this item again, so the payer does not get a second link.',
				itemIndex: request.itemIndex,
			},
		);
	}
	return { lost: false, body: answer };
}

/** Why a create's answer was lost, without a network code (n8n rewrites messages that name one, e.g. ECONNRESET). */
function lostReason(failure: HttpFailure, request: ApiRequest): string {
	if (isTimeout(failure)) return `Zertiban did not answer ${endpointOf(request)} within ${timeoutOf(request)?.seconds ?? '?'} s (timeout)`;
	return failure.status ? `Zertiban answered HTTP ${failure.status}` : `The connection failed (${failure.code ?? 'no answer'})`;
}

/** `text` parsed as a JSON object, or undefined when it is not one. */
function parseJsonObject(text: string): IDataObject | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}
