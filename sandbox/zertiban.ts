/**
 * Simulated Zertiban Client API (docs/zertiban.md): the OAuth2 client-credentials token endpoint (§3) and
 * every endpoint of §5 — flow and PagaFactu creation (./zertiban/create.ts), reads and cancel
 * (./zertiban/routes.ts) over the state machine of §10 (./zertiban/state.ts), the test controls
 * (./zertiban/controls.ts) — with the [SIM] error shape of §4.4 and the tenancy rules of §4.1/§5. Plus the
 * token controls `POST /__sandbox/tokens/expire` and `POST /__sandbox/tokens/ttl`.
 */
import { createClock, type SandboxClock } from './clock';
import { createEventBus, type ZertibanEventBus } from './events';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError, CONTROL_PREFIX, createSandboxApp, intField, pathOf, reasonCode, UUID_RE } from './controls';
import { ZERTIBAN_BUSINESS_UUID, ZERTIBAN_CLIENT_ID, ZERTIBAN_CLIENT_SECRET } from './seed';
import type { ZertibanContext, ZertibanSettings } from './zertiban/context';
import { registerZertibanControls } from './zertiban/controls';
import { registerCreateRoutes } from './zertiban/create';
import { registerPayerPage } from './zertiban/payer';
import { registerReadRoutes } from './zertiban/routes';
import { ZertibanState } from './zertiban/state';

export type { OperationStatusBody } from './zertiban/routes';

/** Both token paths of zertiban.md §3.2; they behave identically. */
export const ZERTIBAN_TOKEN_PATHS = ['/idp/oauth2/token', '/api/v2/auth/token'] as const;

/** Default access-token lifetime in seconds (zertiban.md §3.1: `expires_in` 900). */
export const DEFAULT_TOKEN_TTL_SECONDS = 900;

/** Largest accepted token lifetime, seconds (one year). */
const MAX_TTL_SECONDS = 365 * 86_400;

/** Options of {@link buildZertibanApp}. */
export interface ZertibanAppOptions {
	/** access-token lifetime in seconds, integer 0…31 536 000 (0 = tokens are expired when issued); default 900 */
	tokenTtlSeconds?: number;
	/** the sandbox clock; a fresh one at the wall clock when absent */
	clock?: SandboxClock;
	/** where status changes are published (the webhook dispatcher listens); a private bus when absent */
	events?: ZertibanEventBus;
	/** largest accepted payment amount on create, cents ([SIM] the sandbox's €1 cap, §2); null = none; default 100 */
	amountCapCents?: number | null;
}

/** A stored access token: bound to a client and a tenant; `expiresAt` in epoch milliseconds. */
interface IssuedToken {
	clientId: string;
	tenantUuid: string;
	expiresAt: number;
}

/** `{status, error, message, path, timestamp}` — the [SIM] error body of zertiban.md §4.4, stamped by `clock`. */
function zertibanErrorBody(clock: SandboxClock) {
	return (status: number, message: string, request: FastifyRequest) => ({
		status,
		error: reasonCode(status),
		message,
		path: pathOf(request.url),
		timestamp: clock.iso().replace(/\.\d{3}Z$/, 'Z'),
	});
}

/** Validates a token lifetime (seconds) given as a start option. */
function checkTtl(seconds: number): number {
	if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_TTL_SECONDS) {
		throw new RangeError(`tokenTtlSeconds must be an integer between 0 and ${MAX_TTL_SECONDS}`);
	}
	return seconds;
}

/** Constant-time string comparison (for the client secret). */
function sameSecret(given: string, expected: string): boolean {
	const a = Buffer.from(given);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

/** Decodes `client_secret_basic` credentials (RFC 6749 §2.3.1: each part form-urlencoded, then Base64). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
	const match = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	const formDecode = (s: string) => {
		try {
			return decodeURIComponent(s.replace(/\+/g, ' '));
		} catch {
			return s;
		}
	};
	return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

/** Sends an RFC 6749 §5.2 error `{error, error_description}`. */
function oauthError(reply: FastifyReply, status: 400 | 401, error: string, description: string) {
	if (status === 401) reply.header('WWW-Authenticate', 'Basic realm="zertiban"');
	return reply.code(status).send({ error, error_description: description });
}

/**
 * Builds the Zertiban app. Routes:
 * - `POST /idp/oauth2/token`, `POST /api/v2/auth/token` — client credentials via HTTP Basic, form body (§3.1);
 * - every business endpoint of zertiban.md §5 (see ./zertiban/create.ts and ./zertiban/routes.ts);
 * - the hosted payer page behind each payer URL (./zertiban/payer.ts);
 * - controls of {@link createSandboxApp}, of ./zertiban/controls.ts, plus `POST /__sandbox/tokens/expire` (every
 *   token issued so far expires now) and `POST /__sandbox/tokens/ttl` body `{seconds}` (lifetime of tokens issued
 *   from now on).
 * Operations created through the API expire by the sandbox clock: before every request and before every reply
 * (so right after `POST /__sandbox/clock`), due operations become EXPIRED and their events are emitted.
 * State is private to the returned instance; reset restores the seed, the start TTL and settings, and forgets
 * every issued token.
 */
export function buildZertibanApp(options: ZertibanAppOptions = {}): FastifyInstance {
	const clock = options.clock ?? createClock();
	const events = options.events ?? createEventBus();
	const startTtl = checkTtl(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
	let ttlSeconds = startTtl;
	let tokens = new Map<string, IssuedToken>();
	const state = new ZertibanState({ clock, events });
	const startSettings = (): ZertibanSettings => ({
		amountCapCents: options.amountCapCents === undefined ? 100 : options.amountCapCents,
		dropNextCreates: 0,
		dropAnswer: 'none',
	});
	const settings = startSettings();

	const app = createSandboxApp({
		clock,
		errorBody: zertibanErrorBody(clock),
		tokenPaths: ZERTIBAN_TOKEN_PATHS,
		credentialHeader: 'x-tenant-id',
		resetState: () => {
			ttlSeconds = startTtl;
			tokens = new Map();
			state.reset();
			Object.assign(settings, startSettings());
		},
	});

	// Token endpoint: its own content-type parsers, so any body reaches the handler and every failure is an
	// RFC 6749 error (a JSON body is not parsed: the endpoint only speaks application/x-www-form-urlencoded).
	app.register(async (scope) => {
		scope.removeAllContentTypeParsers();
		await scope.register(formbody);
		scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
		for (const path of ZERTIBAN_TOKEN_PATHS) {
			scope.post(path, async (request, reply) => {
				reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
				const form =
					request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : undefined;
				const basic = basicCredentials(request.headers.authorization);
				if (!basic) {
					const inBody = !!form && ('client_id' in form || 'client_secret' in form);
					return oauthError(
						reply,
						401,
						'invalid_client',
						inBody
							? 'Client credentials must be sent with HTTP Basic authentication (client_secret_basic), not in the body'
							: 'Client authentication failed: HTTP Basic credentials are missing',
					);
				}
				if (basic.id !== ZERTIBAN_CLIENT_ID || !sameSecret(basic.secret, ZERTIBAN_CLIENT_SECRET)) {
					return oauthError(reply, 401, 'invalid_client', 'Client authentication failed: unknown client or wrong secret');
				}
				if (!form) {
					return oauthError(reply, 400, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
				}
				if ('client_secret' in form) {
					return oauthError(reply, 400, 'invalid_request', 'Use one client authentication method, not Basic and body');
				}
				const grant = form.grant_type;
				if (grant === undefined || grant === '') {
					return oauthError(reply, 400, 'invalid_request', 'grant_type is required');
				}
				if (grant !== 'client_credentials') {
					return oauthError(reply, 400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported');
				}
				const accessToken = randomBytes(24).toString('base64url');
				tokens.set(accessToken, {
					clientId: basic.id,
					tenantUuid: ZERTIBAN_BUSINESS_UUID,
					expiresAt: clock.now() + ttlSeconds * 1000, // the sandbox clock: advancing it expires tokens too
				});
				return { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds };
			});
		}
	});

	/** Checks bearer token and `x-tenant-id` (401 → 400 → 403, §4.1); returns the tenant uuid, lower case. */
	function authenticate(request: FastifyRequest): string {
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
		const token = bearer === undefined ? undefined : tokens.get(bearer);
		if (!token || token.expiresAt <= clock.now()) {
			const message = !bearer
				? 'Missing bearer access token: the request is invalid'
				: token
					? 'The access token has expired'
					: 'The access token is invalid';
			throw new ApiError(401, message, {}, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
		}
		const tenant = request.headers['x-tenant-id'];
		if (typeof tenant !== 'string' || !UUID_RE.test(tenant)) {
			throw new ApiError(400, 'The x-tenant-id header is required and must be a UUID');
		}
		if (tenant.toLowerCase() !== token.tenantUuid) {
			throw new ApiError(403, 'The x-tenant-id header does not match the tenant of the access token');
		}
		return token.tenantUuid;
	}

	const ctx: ZertibanContext = { state, settings, authenticate };
	app.addHook('onRequest', async () => state.sweepExpired());
	app.addHook('onSend', async () => state.sweepExpired());
	registerCreateRoutes(app, ctx);
	registerReadRoutes(app, ctx);
	registerZertibanControls(app, ctx);
	registerPayerPage(app, ctx);

	app.post(`${CONTROL_PREFIX}tokens/expire`, async () => {
		const now = clock.now();
		for (const token of tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
		return { expired: tokens.size };
	});
	app.post(`${CONTROL_PREFIX}tokens/ttl`, async (request) => {
		ttlSeconds = intField(request.body, 'seconds', 0, MAX_TTL_SECONDS);
		return { seconds: ttlSeconds };
	});

	return app;
}
