import { randomBytes } from 'node:crypto';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { zertibanBaseUrl } from '../../shared/environments';
import { apiError, httpFailureOf, type HttpFailure, type StatusHint } from '../../shared/errors';
import { jsonRequestOptions, policySecrets, sendWithPolicy, type ApiRequest, type CallPolicy } from '../../shared/request';
import { withRetries } from '../../shared/retry';
import { newerZertibanToken, noteTokenAccepted, revocationSuspected, zertibanSecrets } from './auth';

/** The credential type every Zertiban request is signed with. */
export const ZERTIBAN_CREDENTIAL = 'zertibanOAuth2Api';

/** Every node context that sends Zertiban requests: actions, list searches, the webhook and polling triggers. */
type Context = IExecuteFunctions | ILoadOptionsFunctions | IWebhookFunctions | IPollFunctions;

const DEFAULT_HINTS: Partial<Record<number, StatusHint>> = {
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
 * (issue 10, defect 7); the request then goes through n8n's refresh and retry again, at most
 * {@link MAX_EXTRA_401_ROUNDS} more times:
 * - the refused token is no longer the current one (another item or process stored a newer token, or a fetch that
 *   replaces it is in flight): resent with the current token, no token request of its own;
 * - the refused token was revoked, not refused (see `revocationSuspected` in ./auth.ts: it, or the token it
 *   replaced, had worked, and a token of this client worked within the last 10 s): the request goes through
 *   n8n's refresh and retry once more, the new token fetched once for all the items that replace the same one.
 *   This was the cause of defect 7: items that got a 401 together share one token fetch, so they all retry with
 *   the same new token; when that one is revoked before their retries arrive, none of them has a refresh left,
 *   and the whole group reported 401 (about 20 of 300 items with tokens revoked every 150 ms).
 * The credential is read per round and handed to n8n, which writes the refreshed token into it, so the token of
 * the last attempt is known. Safe for creates too: a 401 means the request was not processed.
 */
async function send(ctx: Context, options: IHttpRequestOptions): Promise<unknown> {
	let next: string | undefined;
	let failure: unknown;
	for (let round = 0; round <= MAX_EXTRA_401_ROUNDS; round++) {
		const stored = await ctx.getCredentials(ZERTIBAN_CREDENTIAL);
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
export async function zertibanCredentials(ctx: Context): Promise<ICredentialDataDecryptedObject> {
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
function policyFor(ctx: Context, credentials: ICredentialDataDecryptedObject): CallPolicy {
	return {
		api: 'Zertiban',
		defaultHints: DEFAULT_HINTS,
		backoffKey: zertibanBackoffKey(credentials),
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
 * `overrides` adjusts the n8n request options (e.g. binary download).
 *
 * Returns the parsed JSON body (or, with `returnFullResponse`, the full response). Throws `NodeApiError` with the
 * HTTP status, Zertiban's message and a hint; the error holds no token, client secret or webhook secret, and not
 * the request headers.
 */
export async function zertibanRequest(
	this: Context,
	request: ApiRequest,
	overrides: Partial<IHttpRequestOptions> = {},
): Promise<IDataObject> {
	const credentials = await zertibanCredentials(this);
	const options = { ...jsonRequestOptions(zertibanBaseUrl(credentials), request), ...overrides };
	return await sendWithPolicy(() => this.getNode(), async () => await send(this, options), request, policyFor(this, credentials));
}

/** Largest page the flow, operation and beneficiary-account lists accept (docs/zertiban.md §4.3). */
export const MAX_PAGE_SIZE = 100;

/**
 * Reads an offset-paged list (`{total, results}`, docs/zertiban.md §4.3) and returns its items in order: all of them
 * with `returnAll`, else the first `limit`. Pages of `pageSize` (100 for flows, operations and accounts, 50 for
 * configurations); stops at `total`, at a short page, or when an empty page comes back, so an item is never
 * returned twice nor skipped while the list does not change. Throws like {@link zertibanRequest}.
 */
export async function zertibanRequestAllItems(
	this: Context,
	request: ApiRequest,
	{ returnAll, limit, pageSize = MAX_PAGE_SIZE }: { returnAll: boolean; limit: number; pageSize?: number },
): Promise<IDataObject[]> {
	const wanted = returnAll ? Infinity : limit;
	const items: IDataObject[] = [];
	let offset = 0;
	while (items.length < wanted) {
		const size = Math.min(pageSize, wanted - items.length);
		const page = await zertibanRequest.call(this, { ...request, qs: { ...request.qs, offset, limit: size } });
		const results = Array.isArray(page.results) ? (page.results as IDataObject[]) : [];
		items.push(...results);
		offset += results.length;
		const total = typeof page.total === 'number' ? page.total : undefined;
		if (results.length < size || (total !== undefined && offset >= total)) break;
	}
	return items;
}

/** One part of a `multipart/form-data` body: a JSON value, or bytes with a file name and a MIME type. */
export type MultipartPart =
	| { name: string; json: unknown }
	| { name: string; data: Buffer; fileName: string; mimeType: string };

const quoted = (s: string) => s.replace(/["\\\r\n]/g, '_');

/**
 * Encodes `multipart/form-data` (RFC 7578). JSON parts go out with `Content-Type: application/json` — Zertiban
 * answers 400 for a `payload` part of any other type (docs/zertiban.md §4.1, §6.1) — and file parts with their MIME
 * type and file name. Returns the body and the `Content-Type` header value with its boundary.
 */
export function encodeMultipart(parts: MultipartPart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nZertiban${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const head =
			'json' in part
				? `Content-Disposition: form-data; name="${quoted(part.name)}"\r\nContent-Type: application/json\r\n`
				: `Content-Disposition: form-data; name="${quoted(part.name)}"; filename="${quoted(part.fileName)}"\r\n` +
					`Content-Type: ${part.mimeType}\r\n`;
		chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'utf8'));
		chunks.push('json' in part ? Buffer.from(JSON.stringify(part.json), 'utf8') : part.data);
		chunks.push(Buffer.from('\r\n', 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** HTTP statuses after which a create may or may not have happened on the server. */
const UNKNOWN_OUTCOME_STATUS = new Set([408, 500, 502, 503, 504]);

/** True when a failed create may have been stored anyway: a network error (no answer) or a 408/5xx. */
export function outcomeUnknown(failure: HttpFailure): boolean {
	return failure.status === undefined ? failure.code !== undefined : UNKNOWN_OUTCOME_STATUS.has(failure.status);
}

/** The outcome of a create: its answer, or `lost` when it never arrived (or was a 408/5xx) and the flow may exist. */
export type CreateOutcome = { lost: false; body: IDataObject } | { lost: true; failure: HttpFailure };

/**
 * Sends one multipart create (`POST`, never retried: a create sent twice creates twice; it waits for, and a 429 starts,
 * the client's shared 429 back-off). Returns the parsed 201 body, or `lost`
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
	const { body, contentType } = encodeMultipart(parts);
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${zertibanBaseUrl(credentials)}${request.path}`,
		body,
		headers: { Accept: 'application/json', 'Content-Type': contentType },
		json: false,
	};
	let raw: unknown;
	try {
		// sent once (a create sent twice creates twice), but after any 429 back-off of this client, and a 429 starts one
		raw = await withRetries(async () => await send(this, options), { idempotent: false, backoffKey: zertibanBackoffKey(credentials) });
	} catch (error) {
		const failure = httpFailureOf(error);
		if (outcomeUnknown(failure)) return { lost: true, failure };
		throw apiError(this.getNode(), failure, {
			api: 'Zertiban',
			itemIndex: request.itemIndex,
			secrets: await policySecrets(policyFor(this, credentials)),
			hints: { ...DEFAULT_HINTS, ...request.hints },
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

/** `text` parsed as a JSON object, or undefined when it is not one. */
function parseJsonObject(text: string): IDataObject | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : undefined;
	} catch {
		return undefined;
	}
}

/** A downloaded file: its bytes and what the server said about them. */
export interface DownloadedFile {
	data: Buffer;
	mimeType: string;
	/** from `Content-Disposition`, else `payment-document.pdf` (docs/zertiban.md §7.6) */
	fileName: string;
}

/** The `filename` (or RFC 5987 `filename*`) of a `Content-Disposition` header. */
export function fileNameOf(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// fall through to the plain filename
		}
	}
	const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
	const name = (plain?.[1] ?? plain?.[2])?.trim();
	return name || undefined;
}

/**
 * Downloads binary content with a GET (retried like every GET). Throws like {@link zertibanRequest}.
 */
export async function zertibanDownload(this: IExecuteFunctions, request: ApiRequest): Promise<DownloadedFile> {
	const response = (await zertibanRequest.call(this, request, {
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		headers: { Accept: '*/*' },
	})) as unknown as IN8nHttpFullResponse;
	const headers = Object.fromEntries(
		Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
	) as Record<string, string>;
	const body = response.body as unknown;
	const data = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
	return {
		data,
		mimeType: (headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim(),
		fileName: fileNameOf(headers['content-disposition']) ?? 'payment-document.pdf',
	};
}
