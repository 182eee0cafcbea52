import { createHash } from 'node:crypto';
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

import { cfisBaseUrl, withCfisApiKey } from './environment';
import { httpFailureOf, settle, type StatusHint } from '../../shared/errors';
import { refusedBefore, rememberRefused } from '../../shared/retry';
import { jsonRequestOptions, requestTimeoutMs, sendWithPolicy, type ApiRequest } from '../../shared/request';

/** Where CFIS requests are sent from: an action node, a list search, or the polling trigger. */
export type CfisContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;
type Context = CfisContext;

/** `cfisApi` (a client's access token) for every call except `POST /client`, which takes `cfisPartnerApi`. */
export type CfisCredentialType = 'cfisApi' | 'cfisPartnerApi';

/**
 * One CFIS call. `path` is relative to the base URL that ends in `/api/v1/partner` (e.g. `/validate`).
 * `apiKey` sends that token as `X-Api-Key` instead of the credential's (Token → Validate / Renew of a token
 * held outside n8n); the credential still chooses the environment. Retries follow the `idempotent` flag of
 * {@link ApiRequest} (default: GET only).
 */
export interface CfisRequest extends ApiRequest {
	credentialType?: CfisCredentialType;
	apiKey?: string;
}

const DEFAULT_HINTS: Partial<Record<number, StatusHint>> = {
	400: {
		message: 'Confirma Finance refused the request: validation failed (400)',
		hint: 'Fix the fields listed in the API message and run again.',
	},
	401: {
		message: 'Confirma Finance refused the API token (401)',
		hint: 'The token is missing, unknown, expired, revoked by a renewal, or of the wrong kind: Client → Create needs the Partner Provisioning Token (Confirma Finance Partner API credential), every other operation a client access token (Confirma Finance API credential). Token → Validate tells which and Token → Renew issues a new one. Staging tokens do not work in production.',
	},
	403: {
		message: 'Confirma Finance does not allow this token here (403)',
		hint: 'Client → Create needs the Partner Provisioning Token (Confirma Finance Partner API credential); every other operation needs a client access token (Confirma Finance API credential).',
	},
};

async function environmentOf(ctx: Context, credentialType: CfisCredentialType) {
	const credentials = await ctx.getCredentials(credentialType);
	return { baseUrl: cfisBaseUrl(credentials), secrets: [credentials.accessToken, credentials.provisioningToken] };
}

/**
 * The key of the 429 back-off shared by every request sent with one Confirma Finance token in this process
 * (nodes/shared/retry.ts): the base URL and a SHA-256 of the token (never the token itself).
 */
export function cfisBackoffKey(baseUrl: string, token: unknown): string {
	return `Confirma Finance\n${baseUrl}\n${createHash('sha256').update(String(token ?? '')).digest('hex')}`;
}

/**
 * Sends one request to the Confirma Finance Integrations API (docs/cfis.md §3) and returns the parsed JSON body.
 * Idempotent requests are retried on network errors, 429 (`Retry-After`) and 500/502/503/504 (docs/cfis.md §9); each
 * waits for its answer at most its timeout (docs/cfis.md §11.1: the node's Timeout option, else 30 s). A token
 * refused with 401 ends the run's budget for that token: later requests of the run with it fail at once with the
 * same error, without being sent.
 * Throws `NodeApiError` with the status, the API's field errors and a hint; no token appears in it.
 */
export async function cfisRequest(this: Context, request: CfisRequest): Promise<IDataObject> {
	const credentialType = request.credentialType ?? 'cfisApi';
	const { baseUrl, secrets } = await environmentOf(this, credentialType);
	const timed: CfisRequest = { ...request, timeoutMs: requestTimeoutMs(this, request) };
	const options = jsonRequestOptions(baseUrl, timed);
	const apiKey = request.apiKey;
	const backoffKey = cfisBackoffKey(baseUrl, apiKey ?? secrets.find((s) => typeof s === 'string' && s !== ''));
	const sendOnce = apiKey
		? async () => await this.helpers.httpRequest(withCfisApiKey(options, apiKey))
		: async () => await this.helpers.httpRequestWithAuthentication.call(this, credentialType, options);
	// the retry budget: a token refused (401) once in this run is not sent again (nodes/shared/retry.ts)
	const send = async () => {
		const refused = refusedBefore(this, backoffKey);
		if (refused) throw refused.error;
		const sent = await settle(sendOnce);
		if (sent.ok) return sent.value;
		if (httpFailureOf(sent.error).status === 401) rememberRefused(this, backoffKey, sent.error);
		throw sent.error;
	};
	return await sendWithPolicy(() => this.getNode(), send, timed, {
		api: 'Confirma Finance',
		defaultHints: DEFAULT_HINTS,
		secrets: [...secrets, apiKey],
		backoffKey,
		context: this,
	});
}
