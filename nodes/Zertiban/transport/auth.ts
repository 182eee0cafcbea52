import { createHash } from 'node:crypto';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper, IN8nHttpFullResponse } from 'n8n-workflow';

import { zertibanBaseUrl } from './environment';
import { httpFailureOf, isTimeout, redact } from '../../shared/errors';
import { DEFAULT_TIMEOUT_SECONDS } from '../../shared/request';

/**
 * Zertiban access tokens (docs/zertiban.md §3.1): `POST {base}{tokenPath}` with HTTP Basic client authentication
 * (`client_secret_basic`), form body `grant_type=client_credentials` and an optional space-delimited `scope`.
 * The answer is `{ access_token, token_type, expires_in }` (`expires_in` in seconds). A token request waits at most
 * `DEFAULT_TIMEOUT_SECONDS.token` (30 s, nodes/shared/request.ts) for its answer.
 *
 * Concurrent callers share one token request: n8n calls the credential's `preAuthentication` once per request
 * while the stored token is empty, and once per request that got a 401, so five items in flight would fetch five
 * tokens. Requests that replace the same old token (the same `accessToken` value, `''` at first) with the same
 * client credentials wait for the fetch in flight, and for {@link REUSE_WINDOW_MS} after it they get its token too:
 * an execution that loaded the credential before the refresh still holds the old token, and its 401 may come after
 * the fetch has settled (a burst of executions after an expiry). Later than that a finished fetch is not handed out
 * again: a token the server revoked meanwhile would come back (docs/zertiban.md §15.1); the next 401 fetches a new one.
 *
 * Every token fetched here is remembered until it expires, so that errors can redact it ({@link zertibanSecrets}):
 * a token fetched during a request is not in the credential the request started with. With it is kept whether
 * Zertiban accepted it, which tells a revoked token from a really refused one after n8n's one refresh
 * ({@link revocationSuspected}, used by the transport's `send`).
 */

interface Pending {
	token: Promise<string>;
}

/**
 * Token fetches in flight, keyed by client credentials and the token they replace. Process-wide on purpose: n8n
 * calls `preAuthentication` from the credential, outside any one node run, and the items (and executions) that
 * share one credential in this process are exactly the callers that must share one fetch. An entry leaves the
 * map when its fetch settles.
 */
const pending = new Map<string, Pending>();

/** How long after a fetch settled a caller replacing the same old token still gets its token, ms. */
export const REUSE_WINDOW_MS = 10_000;

/**
 * The token each recent fetch gave, keyed like {@link pending}, with when it settled (epoch ms). Process-wide for the
 * same reason; entries older than {@link REUSE_WINDOW_MS} are dropped on the next fetch.
 */
const settledFetches = new Map<string, { token: string; at: number }>();

/**
 * A token this process fetched or saw accepted: its expiry (epoch ms), whether Zertiban ever accepted it, and
 * whether it replaced an accepted token (directly, or through tokens fetched in a row, none of them accepted).
 */
interface Known {
	expiresAt: number;
	accepted: boolean;
	afterAccepted: boolean;
}

/** When Zertiban last accepted a token of each client (epoch ms), see {@link noteTokenAccepted}. */
const lastAccepted = new Map<string, number>();

/** Tokens fetched (or seen accepted) by this process, per client (see {@link clientKey}). */
const issued = new Map<string, Map<string, Known>>();

/** Most tokens remembered per client; the oldest go first (they are also dropped at expiry). */
const MAX_ISSUED_PER_CLIENT = 50;

/** Identifies one client: token URL, client ID, a hash of the secret and the scope (no secret in it). */
export function clientKey(credentials: ICredentialDataDecryptedObject): string {
	return [
		zertibanTokenUrl(credentials),
		String(credentials.clientId ?? ''),
		createHash('sha256').update(String(credentials.clientSecret ?? '')).digest('hex'),
		String(credentials.scope ?? ''),
	].join('\n');
}

function remember(client: string, token: string, known: Known): void {
	const now = Date.now();
	const tokens = issued.get(client) ?? new Map<string, Known>();
	for (const [value, entry] of tokens) if (entry.expiresAt <= now) tokens.delete(value);
	tokens.set(token, known);
	while (tokens.size > MAX_ISSUED_PER_CLIENT) tokens.delete(tokens.keys().next().value as string);
	issued.set(client, tokens);
}

/**
 * Every value of a Zertiban credential that must never leave the node, for `redact` (nodes/shared/errors.ts,
 * which adds the Base64 and URL-encoded forms): the client secret, the webhook secret, the stored access token,
 * the `clientId:clientSecret` pairs a Basic header is built from (raw and URL-encoded, RFC 6749 §2.3.1), and every
 * unexpired token this process fetched for the same client (a token fetched during the failing request).
 */
export function zertibanSecrets(credentials: ICredentialDataDecryptedObject): string[] {
	const secrets: string[] = [];
	for (const name of ['clientSecret', 'accessToken', 'webhookSecret']) {
		const value = credentials[name];
		if (typeof value === 'string' && value) secrets.push(value, value.trim());
	}
	const id = typeof credentials.clientId === 'string' ? credentials.clientId : '';
	const secret = typeof credentials.clientSecret === 'string' ? credentials.clientSecret : '';
	if (secret) {
		for (const [i, s] of [
			[id, secret],
			[id.trim(), secret.trim()],
		]) {
			secrets.push(`${i}:${s}`, `${encodeURIComponent(i)}:${encodeURIComponent(s)}`);
		}
	}
	const now = Date.now();
	for (const [token, known] of issued.get(clientKey(credentials)) ?? []) if (known.expiresAt > now) secrets.push(token);
	return [...new Set(secrets)];
}

function requiredField(credentials: ICredentialDataDecryptedObject, name: string, label: string): string {
	const value = credentials[name];
	if (typeof value !== 'string' || value.trim() === '') {
		throw new Error(`The Zertiban credential has no ${label}: fill it in (Zertiban Dashboard → Developers)`);
	}
	return value.trim();
}

/** The token URL for a credential: base URL of its environment + `tokenUrlPath` (default `/idp/oauth2/token`). */
export function zertibanTokenUrl(credentials: ICredentialDataDecryptedObject): string {
	const path = typeof credentials.tokenUrlPath === 'string' && credentials.tokenUrlPath.trim() ? credentials.tokenUrlPath.trim() : '/idp/oauth2/token';
	return `${zertibanBaseUrl(credentials)}${path.startsWith('/') ? path : `/${path}`}`;
}

async function requestToken(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<{ token: string; expiresIn: number }> {
	const clientId = requiredField(credentials, 'clientId', 'Client ID');
	const clientSecret = requiredField(credentials, 'clientSecret', 'Client Secret');
	const url = zertibanTokenUrl(credentials);
	const form = new URLSearchParams({ grant_type: 'client_credentials' });
	const scope = typeof credentials.scope === 'string' ? credentials.scope.trim() : '';
	if (scope) form.set('scope', scope);
	let response: IN8nHttpFullResponse | undefined;
	let networkCode = '';
	let timedOut = false;
	try {
		response = (await helper.helpers.httpRequest({
			method: 'POST',
			url,
			headers: {
				Authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
				'Content-Type': 'application/x-www-form-urlencoded',
				Accept: 'application/json',
			},
			body: form.toString(),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
			timeout: DEFAULT_TIMEOUT_SECONDS.token * 1000,
		})) as IN8nHttpFullResponse;
	} catch (error) {
		// Only the network error code is kept: the error object holds the request, Basic header included.
		networkCode = String((error as { code?: string }).code ?? 'network error');
		timedOut = isTimeout(httpFailureOf(error));
	}
	if (!response && timedOut) {
		throw new Error(
			`The Zertiban token endpoint did not answer POST ${new URL(url).pathname} within ${DEFAULT_TIMEOUT_SECONDS.token} s (timeout): check the environment or base URL in the credential, or try again later`,
		);
	}
	if (!response) {
		throw new Error(`Could not reach the Zertiban token endpoint ${url} (${networkCode}): check the environment or base URL in the credential`);
	}
	let body: Record<string, unknown> = {};
	try {
		body = typeof response.body === 'string' ? JSON.parse(response.body) : ((response.body ?? {}) as Record<string, unknown>);
	} catch {
		body = {};
	}
	if (response.statusCode === 401 || body.error === 'invalid_client') {
		throw new Error(
			`Zertiban refused the client credentials (${response.statusCode} invalid_client) at ${url}: check Client ID and Client Secret in the credential; Zertiban credentials expire after 180 days and a deleted credential is revoked at once`,
		);
	}
	if (response.statusCode >= 400 || typeof body.access_token !== 'string') {
		const reason = typeof body.error === 'string' ? `${body.error}${typeof body.error_description === 'string' ? `: ${body.error_description}` : ''}` : 'no access_token in the answer';
		throw new Error(
			redact(`Zertiban did not issue a token (${response.statusCode}, ${reason}) at ${url}: check Token Path and Scope in the credential`, zertibanSecrets(credentials)),
		);
	}
	const expiresIn = Number(body.expires_in);
	return { token: body.access_token, expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 300 };
}

/**
 * Binds a token to the client credentials that fetched it: a SHA-256 over the token and the client (token URL,
 * client ID, a hash of the client secret, scope). The credential stores it next to the token (`tokenClient`), so a
 * stored token is only used with the client credentials it was issued to: after the Client Secret (or Client ID,
 * environment, token path, scope) changes, the token counts as expired and the next request, or the credential test,
 * fetches a new one with the new values (the credential test must prove the secret, not the stored token). The value
 * reveals neither the secret nor the token.
 */
export function zertibanTokenBinding(credentials: ICredentialDataDecryptedObject, token: string): string {
	return createHash('sha256').update(`${token}\n${clientKey(credentials)}`).digest('hex');
}

/**
 * Returns a fresh access token for `credentials`, sharing one token request among concurrent callers that
 * replace the same old token. Throws `Error` with a message that names the failing field and never contains the
 * client secret or a token.
 */
export async function fetchZertibanToken(helper: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<string> {
	const client = clientKey(credentials);
	const replaced = String(credentials.accessToken ?? '');
	const key = `${client}\n${createHash('sha256').update(replaced).digest('hex')}`;
	const existing = pending.get(key);
	if (existing) return await existing.token;
	const now = Date.now();
	for (const [k, done] of settledFetches) if (now - done.at >= REUSE_WINDOW_MS) settledFetches.delete(k);
	const recent = settledFetches.get(key);
	if (recent) return recent.token;

	const before = issued.get(client)?.get(replaced);
	const afterAccepted = before !== undefined && (before.accepted || before.afterAccepted);
	const entry: Pending = {
		token: requestToken(helper, credentials)
			.then(({ token, expiresIn }) => {
				remember(client, token, { expiresAt: Date.now() + expiresIn * 1000, accepted: false, afterAccepted });
				settledFetches.set(key, { token, at: Date.now() });
				return token;
			})
			.finally(() => {
				if (pending.get(key) === entry) pending.delete(key);
			}),
	};
	pending.set(key, entry);
	return await entry.token;
}

/**
 * Notes that Zertiban accepted `token` for the client of `credentials` (a request signed with it succeeded).
 * A token stored by another process is remembered from here on (for 15 minutes, the documented lifetime), so that
 * errors redact it too.
 */
export function noteTokenAccepted(credentials: ICredentialDataDecryptedObject, token: string): void {
	if (token === '') return;
	const client = clientKey(credentials);
	lastAccepted.set(client, Date.now());
	const known = issued.get(client)?.get(token);
	if (known) known.accepted = true;
	else remember(client, token, { expiresAt: Date.now() + 900_000, accepted: true, afterAccepted: false });
}

/** How long after Zertiban last accepted a token of a client a refused token may still be a revoked one, ms. */
export const REVOCATION_WINDOW_MS = 10_000;

/**
 * Whether a 401 for `token` looks like a revocation (Zertiban revoked tokens that worked) rather than a real
 * refusal: Zertiban accepted `token` before, or `token` was fetched to replace an accepted one (directly or through
 * tokens fetched in a row, none of them accepted), and Zertiban accepted a token of this client within the last
 * {@link REVOCATION_WINDOW_MS}. A token of a credential whose tokens were never accepted (wrong business, a server
 * that refuses every token) is really refused, and so is any token once no token has worked for that long.
 */
export function revocationSuspected(credentials: ICredentialDataDecryptedObject, token: string): boolean {
	const client = clientKey(credentials);
	const known = issued.get(client)?.get(token);
	if (!known || !(known.accepted || known.afterAccepted)) return false;
	return Date.now() - (lastAccepted.get(client) ?? 0) < REVOCATION_WINDOW_MS;
}

/**
 * Whether Zertiban accepted a token of the client of `credentials` within the last {@link REVOCATION_WINDOW_MS}: when
 * not, a token refused after n8n's refresh is taken as a refused credential, not as a revoked token.
 */
export function tokensWorking(credentials: ICredentialDataDecryptedObject): boolean {
	return Date.now() - (lastAccepted.get(clientKey(credentials)) ?? 0) < REVOCATION_WINDOW_MS;
}

/**
 * The token to resend a request with whose last attempt (after n8n's one refresh) was refused with 401 although
 * a newer token exists (docs/zertiban.md §15.1): the token stored now when it differs from `used` (another request or
 * process fetched it meanwhile), else the result of a fetch in flight that replaces `used`. Undefined when `used`
 * is the newest token. A failed fetch in flight also gives undefined.
 */
export async function newerZertibanToken(credentials: ICredentialDataDecryptedObject, used: string): Promise<string | undefined> {
	const stored = typeof credentials.accessToken === 'string' ? credentials.accessToken : '';
	if (stored !== '' && stored !== used) return stored;
	const key = `${clientKey(credentials)}\n${createHash('sha256').update(used).digest('hex')}`;
	const inFlight = pending.get(key);
	if (!inFlight) return undefined;
	const token = await inFlight.token.catch(() => undefined);
	return token !== undefined && token !== used ? token : undefined;
}
