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
import { readCfisJson, writeCfisJson } from './json';

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
 * A failed request's answer as the error reporting reads it: a JSON text body parsed exactly ({@link readCfisJson}),
 * anything else (n8n's own plain-text answers, HTML) left as text. Changes the error's `response.data` in place.
 */
function parseErrorBody(error: unknown): void {
	for (let current = error as { response?: { data?: unknown }; cause?: unknown } | undefined, depth = 0; current && typeof current === 'object' && depth < 5; current = current.cause as typeof current, depth++) {
		const response = current.response;
		if (response && typeof response === 'object' && typeof response.data === 'string') {
			try {
				response.data = readCfisJson(response.data);
			} catch {
				// not JSON: kept as text
			}
			return;
		}
	}
}

/**
 * Sends one request to the Confirma Finance Integrations API (docs/cfis.md §3) and returns the parsed JSON body.
 * The body is written by {@link writeCfisJson} (a `JsonInteger` goes out as an exact JSON integer) and the answer
 * read as text and parsed by {@link readCfisJson} (an integer beyond 2^53 − 1, such as an 18-digit invoice number,
 * comes back as its digit string, docs/cfis.md §10).
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
	const json = jsonRequestOptions(baseUrl, timed);
	// The answer as text and the body as exact JSON text: 18-digit invoice numbers lose no digit either way.
	const options = {
		...json,
		json: false,
		encoding: 'text' as const,
		headers: { ...json.headers, ...(request.body ? { 'Content-Type': 'application/json' } : {}) },
		body: request.body ? writeCfisJson(request.body) : undefined,
	};
	const apiKey = request.apiKey;
	const backoffKey = cfisBackoffKey(baseUrl, apiKey ?? secrets.find((s) => typeof s === 'string' && s !== ''));
	const sendRaw = apiKey
		? async () => (await this.helpers.httpRequest(withCfisApiKey(options, apiKey))) as unknown
		: async () => (await this.helpers.httpRequestWithAuthentication.call(this, credentialType, options)) as unknown;
	const sendOnce = async () => {
		const sent = await settle(sendRaw);
		if (!sent.ok) {
			parseErrorBody(sent.error);
			throw sent.error;
		}
		// A double or an older n8n may hand back parsed JSON already; text is parsed exactly (text that is not
		// JSON is handed on as it is, as n8n's own parsing would).
		if (typeof sent.value !== 'string') return sent.value;
		try {
			return readCfisJson(sent.value);
		} catch {
			return sent.value;
		}
	};
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
