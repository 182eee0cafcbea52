import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { zertibanBaseUrl } from './environment';
import { httpFailureOf, type StatusHint } from '../../shared/errors';
import { jsonRequestOptions, requestTimeoutMs, sendWithPolicy, type ApiRequest, type CallPolicy } from '../../shared/request';
import { refusedBefore, rememberRefused } from '../../shared/retry';
import { clientKey, newerZertibanToken, noteTokenAccepted, revocationSuspected, tokensWorking, zertibanSecrets } from './auth';

/** The credential type every Zertiban request is signed with. */
export const ZERTIBAN_CREDENTIAL = 'zertibanOAuth2Api';

/** Every node context that sends Zertiban requests: actions, list searches, the webhook and polling triggers. */
export type ZertibanContext = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IPollFunctions;

export const DEFAULT_HINTS: Partial<Record<number, StatusHint>> = {
	400: { message: 'Zertiban refused the request as malformed (400)', hint: 'Check the parameters named in the API message.' },
	401: {
		message: 'Zertiban refused the access token (401), also after fetching a new one',
		hint: 'Check Client ID, Client Secret and Token Path in the Zertiban credential.',
	},
	403: {
		message: 'Zertiban refused access for this business (403)',
		hint: 'The Business UUID in the credential must be the organisation the client credentials belong to.',
	},
	404: { message: 'Zertiban found no such resource for this business (404)', hint: 'Check the ID and that it belongs to this business (x-tenant-id).' },
};

/** Most times one request is sent again after a 401 beyond n8n's one refresh and retry (see {@link send}). */
const MAX_EXTRA_401_ROUNDS = 20;

/**
 * Sends through `httpRequestWithAuthentication` (Bearer + `x-tenant-id` added by the credential; on a 401 n8n
 * fetches a new token once and resends once). The contract: a token that is really refused is reported after that
 * one refresh and one retry. A 401 after them is not the end only when it says nothing about the token now in use
 * (docs/zertiban.md §15.1); the request then goes through n8n's refresh and retry again, at most
 * {@link MAX_EXTRA_401_ROUNDS} more times:
 * - the refused token is no longer the current one (another item or process stored a newer token, or a fetch that
 *   replaces it is in flight): resent with the current token, no token request of its own;
 * - the refused token was revoked, not refused (see `revocationSuspected` in ./auth.ts: it, or the token it
 *   replaced, had worked, and a token of this client worked within the last 10 s): the request goes through
 *   n8n's refresh and retry once more, the new token fetched once for all the items that replace the same one.
 *   Without this, items that got a 401 together share one token fetch, so they all retry with
 *   the same new token; when that one is revoked before their retries arrive, none of them has a refresh left,
 *   and the whole group reports 401 (measured: about 20 of 300 items with tokens revoked every 150 ms).
 * The credential is read per round and handed to n8n, which writes the refreshed token into it, so the token of
 * the last attempt is known. Safe for creates too: a 401 means the request was not processed.
 * When no token of the client worked within the last 10 s (`tokensWorking` in ./auth.ts), the 401 after n8n's
 * refresh is final and ends the run's budget for the credential (`rememberRefused` in nodes/shared/retry.ts): the
 * remaining items fail at once with the same error, so a revoked credential costs one token refresh, not one per item.
 */
export async function send(ctx: ZertibanContext, options: IHttpRequestOptions): Promise<unknown> {
	let next: string | undefined;
	let failure: unknown;
	for (let round = 0; round <= MAX_EXTRA_401_ROUNDS; round++) {
		const stored = await ctx.getCredentials(ZERTIBAN_CREDENTIAL);
		const refused = refusedBefore(ctx, clientKey(stored));
		if (refused !== undefined) throw refused.error;
		const data: ICredentialDataDecryptedObject = { ...stored, ...(next === undefined ? {} : { accessToken: next }) };
		try {
			const answer = await ctx.helpers.httpRequestWithAuthentication.call(ctx, ZERTIBAN_CREDENTIAL, options, {
				credentialsDecrypted: { id: '', name: '', type: ZERTIBAN_CREDENTIAL, data },
			});
			noteTokenAccepted(data, String(data.accessToken ?? ''));
			return answer;
		} catch (error) {
			failure = error;
		}
		if (httpFailureOf(failure).status !== 401) break;
		const used = String(data.accessToken ?? '');
		const now = await ctx.getCredentials(ZERTIBAN_CREDENTIAL);
		if (!tokensWorking(now)) {
			// no token of this client worked lately: the credential is refused, not a token revoked
			rememberRefused(ctx, clientKey(now), failure);
			break;
		}
		next = await newerZertibanToken(now, used);
		// Revoked: resent with it, so n8n's refresh replaces it (one fetch shared by every item that replaces it).
		if (next === undefined && revocationSuspected(now, used)) next = used;
		if (next === undefined) break;
	}
	// Rethrown as is: the callers turn it into a redacted NodeApiError (sendWithPolicy, zertibanCreate).
	throw failure;
}

const credentialReads = new WeakMap<object, Promise<ICredentialDataDecryptedObject>>();

/**
 * The Zertiban credential as stored, read once per node context (one execution of an action node, one webhook
 * call, one poll, one list search) instead of once per request: n8n reads and decrypts it from its database on
 * every `getCredentials`. Only values that cannot change within the context are used from it (environment, base
 * URL, business); the token is added by n8n per request, and error redaction reads the credential again
 * ({@link policyFor}). A failed read is not kept.
 */
export async function zertibanCredentials(ctx: ZertibanContext): Promise<ICredentialDataDecryptedObject> {
	let read = credentialReads.get(ctx);
	if (!read) {
		read = ctx.getCredentials(ZERTIBAN_CREDENTIAL);
		credentialReads.set(ctx, read);
		read.catch(() => credentialReads.delete(ctx));
	}
	return await read;
}

/**
 * The key of the 429 back-off shared by every request of one Zertiban client in this process (nodes/shared/retry.ts):
 * the API's base URL and the client ID; no secret.
 */
export function zertibanBackoffKey(credentials: ICredentialDataDecryptedObject): string {
	return `Zertiban\n${zertibanBaseUrl(credentials)}\n${String(credentials.clientId ?? '').trim()}`;
}

/**
 * The per-call policy; retries follow the request's `idempotent` flag (GET, and cancel which sets it); a 429 pauses
 * every request of the same client ({@link zertibanBackoffKey}). The secrets are collected when an error is built:
 * from the credential as the request started, as it is stored now (a token refreshed meanwhile) and from the
 * tokens fetched for this client ({@link zertibanSecrets}).
 */
export function policyFor(ctx: ZertibanContext, credentials: ICredentialDataDecryptedObject): CallPolicy {
	return {
		api: 'Zertiban',
		defaultHints: DEFAULT_HINTS,
		backoffKey: zertibanBackoffKey(credentials),
		context: ctx,
		secrets: async () => {
			const now = await ctx.getCredentials(ZERTIBAN_CREDENTIAL).catch(() => ({}) as ICredentialDataDecryptedObject);
			return [...zertibanSecrets(credentials), ...zertibanSecrets(now)];
		},
	};
}

/**
 * Sends one request to the Zertiban Client API through `httpRequestWithAuthentication` (the credential adds
 * `Authorization: Bearer …` and `x-tenant-id`, fetches and refreshes the token). GET requests and those marked
 * `idempotent: true` (cancel, an idempotent PUT, §7.5) are retried on network errors, 429 (honouring
 * `Retry-After`) and 500/502/503/504; other methods never are, since a create sent twice creates twice.
 * `overrides` adjusts the n8n request options (e.g. binary download). Every request waits for its answer at most
 * its timeout (`requestTimeoutMs` in nodes/shared/request.ts: the node's Timeout option, else 30 s, 120 s for a
 * `document`); a timeout is reported naming the method, the path and the seconds waited.
 *
 * Returns the parsed JSON body (or, with `returnFullResponse`, the full response). Throws `NodeApiError` with the
 * HTTP status, Zertiban's message and a hint; the error holds no token, client secret or webhook secret, and not
 * the request headers.
 */
export async function zertibanRequest(
	this: ZertibanContext,
	request: ApiRequest,
	overrides: Partial<IHttpRequestOptions> = {},
): Promise<IDataObject> {
	const credentials = await zertibanCredentials(this);
	const timed: ApiRequest = { ...request, timeoutMs: requestTimeoutMs(this, request) };
	const options = { ...jsonRequestOptions(zertibanBaseUrl(credentials), timed), ...overrides };
	return await sendWithPolicy(() => this.getNode(), async () => await send(this, options), timed, policyFor(this, credentials));
}
