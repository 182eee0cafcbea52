/**
 * Simulated Zertiban Client API (shared/api/zertiban.md): OAuth2 client-credentials token endpoint (§3),
 * operation detail, status and list (§7.1–§7.3, §10.1), with the [SIM] error shape of §4.4 and the
 * tenancy rules of §4.1/§5. Plus the token controls `POST /__sandbox/tokens/expire` and `POST /__sandbox/tokens/ttl`.
 */
import { createClock, type SandboxClock } from './clock';
import { createEventBus, type ZertibanEventBus } from './events';
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError, CONTROL_PREFIX, createSandboxApp, intField, pathOf, reasonCode, UUID_RE } from './controls';
import {
	OPERATION_STATUSES,
	SEED_OPERATIONS,
	ZERTIBAN_BUSINESS_UUID,
	ZERTIBAN_CLIENT_ID,
	ZERTIBAN_CLIENT_SECRET,
	type OperationStatus,
	type SeedOperation,
} from './seed';

/** Both token paths of zertiban.md §3.2; they behave identically. */
export const ZERTIBAN_TOKEN_PATHS = ['/idp/oauth2/token', '/api/v2/auth/token'] as const;

/** Operation types a list can filter on with `q_type` (zertiban.md §7.1); the sandbox only holds PAYMENT. */
const OPERATION_TYPES = ['PAYMENT', 'SIGNATURE'] as const;

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
}

/** `GET /flow/v1/operations/{uuid}/status` body (zertiban.md §7.3). */
export interface OperationStatusBody {
	status: OperationStatus;
	actionCode: 'INITIATED' | 'ACCEPTED' | 'DENIED';
	final: boolean;
}

/** Status → `{actionCode, final}` (zertiban.md §10.1). */
const STATUS_TABLE: Record<OperationStatus, Omit<OperationStatusBody, 'status'>> = {
	CREATED: { actionCode: 'INITIATED', final: false },
	OPENED: { actionCode: 'INITIATED', final: false },
	COMPLETED: { actionCode: 'ACCEPTED', final: true },
	REJECTED: { actionCode: 'DENIED', final: true },
	EXPIRED: { actionCode: 'DENIED', final: true },
	CANCELLED: { actionCode: 'DENIED', final: true },
	NOT_DELIVERED: { actionCode: 'DENIED', final: true },
};

/**
 * `sort_by` values of zertiban.md §7.1, keyed after removing `_` and lower-casing (so `STATUS_UPDATED_AT`,
 * `statusUpdatedAt` and `statusupdatedat` are the same key). Missing values sort as the smallest.
 */
const SORT_KEYS: Record<string, (r: SeedOperation) => string | number> = {
	createdat: (r) => r.operation.createdAt,
	statusupdatedat: (r) => r.statusUpdatedAt,
	externalid: (r) => r.operation.externalId,
	status: (r) => r.operation.status,
	operationuuid: (r) => r.operation.uuid,
	flowuuid: (r) => r.operation.flowUuid,
	paymentamount: (r) => r.operation.payment.amount,
	invoiceexternalid: (r) => r.operation.invoice?.externalId ?? '',
};

/** A stored access token: bound to a client and a tenant; `expiresAt` in epoch milliseconds. */
interface IssuedToken {
	clientId: string;
	tenantUuid: string;
	expiresAt: number;
}

/** `{status, error, message, path, timestamp}` — the [SIM] error body of zertiban.md §4.4. */
function zertibanErrorBody(status: number, message: string, request: FastifyRequest) {
	return {
		status,
		error: reasonCode(status),
		message,
		path: pathOf(request.url),
		timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
	};
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

/** A query parameter given at most once; 400 when repeated. */
function queryParam(request: FastifyRequest, name: string): string | undefined {
	const value = (request.query as Record<string, unknown>)[name];
	if (Array.isArray(value)) throw new ApiError(400, `${name} must be given once`);
	return value as string | undefined;
}

/** An integer query parameter in `[min, max]`, `fallback` when absent; 400 otherwise. */
function intQuery(request: FastifyRequest, name: string, fallback: number, min: number, max: number): number {
	const raw = queryParam(request, name);
	if (raw === undefined) return fallback;
	const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!(value >= min && value <= max)) {
		const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
		throw new ApiError(400, `${name} must be an integer ${range}`);
	}
	return value;
}

/** A UUID query parameter, lower-cased; 400 when malformed. */
function uuidQuery(request: FastifyRequest, name: string): string | undefined {
	const raw = queryParam(request, name);
	if (raw !== undefined && !UUID_RE.test(raw)) throw new ApiError(400, `${name} must be a UUID`);
	return raw?.toLowerCase();
}

/** A comma-separated, case-insensitive enum list (§4.3), upper-cased; empty = no filter; 400 on an unknown value. */
function enumListQuery(request: FastifyRequest, name: string, allowed: readonly string[]): string[] {
	const values = (queryParam(request, name) ?? '')
		.split(',')
		.map((s) => s.trim().toUpperCase())
		.filter((s) => s !== '');
	if (values.some((v) => !allowed.includes(v))) {
		throw new ApiError(400, `${name} values must be among ${allowed.join(', ')}`);
	}
	return values;
}

/**
 * Builds the Zertiban app. Routes:
 * - `POST /idp/oauth2/token`, `POST /api/v2/auth/token` — client credentials via HTTP Basic, form body (§3.1);
 * - `GET /flow/v1/operations` — list `{total, results}` (§7.1, §4.3): `limit`, `offset`, `sort_by`, `sort_dir`,
 *   filters `q_externalId`, `q_operationUuid`, `q_flowUuid`, `q_status`, `q_type`; other parameters are ignored;
 * - `GET /flow/v1/operations/:uuid` — detail (§7.2); `GET /flow/v1/operations/:uuid/status` (§7.3, §10.1);
 * - controls of {@link createSandboxApp} plus `POST /__sandbox/tokens/expire` (every token issued so far expires
 *   now) and `POST /__sandbox/tokens/ttl` body `{seconds}` (lifetime of tokens issued from now on).
 * State (tokens, TTL, operations) is private to the returned instance; reset restores the seed and start TTL
 * and forgets every issued token.
 */
export function buildZertibanApp(options: ZertibanAppOptions = {}): FastifyInstance {
	const clock = options.clock ?? createClock();
	const events = options.events ?? createEventBus();
	void events; // emitted by the state machine (issue 3)
	const startTtl = checkTtl(options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
	let ttlSeconds = startTtl;
	let tokens = new Map<string, IssuedToken>();
	let operations: SeedOperation[] = structuredClone([...SEED_OPERATIONS]);

	const app = createSandboxApp({
		clock,
		errorBody: zertibanErrorBody,
		tokenPaths: ZERTIBAN_TOKEN_PATHS,
		resetState: () => {
			ttlSeconds = startTtl;
			tokens = new Map();
			operations = structuredClone([...SEED_OPERATIONS]);
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
					expiresAt: Date.now() + ttlSeconds * 1000,
				});
				return { access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds };
			});
		}
	});

	/** Checks bearer token and `x-tenant-id` (401 → 400 → 403, §4.1); returns the tenant uuid, lower case. */
	function authenticate(request: FastifyRequest): string {
		const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
		const token = bearer === undefined ? undefined : tokens.get(bearer);
		if (!token || token.expiresAt <= Date.now()) {
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

	/** The tenant's operation with that uuid: 400 when malformed, 404 when unknown or another tenant's (§5). */
	function findOperation(tenant: string, uuid: string): SeedOperation {
		if (!UUID_RE.test(uuid)) throw new ApiError(400, 'The uuid path parameter must be a UUID');
		const record = operations.find((r) => r.tenantUuid === tenant && r.operation.uuid === uuid.toLowerCase());
		if (!record) throw new ApiError(404, `Operation ${uuid} not found`);
		return record;
	}

	app.get('/flow/v1/operations/:uuid', async (request) => {
		const tenant = authenticate(request);
		return findOperation(tenant, (request.params as { uuid: string }).uuid).operation;
	});

	app.get('/flow/v1/operations/:uuid/status', async (request): Promise<OperationStatusBody> => {
		const tenant = authenticate(request);
		const { status } = findOperation(tenant, (request.params as { uuid: string }).uuid).operation;
		return { status, ...STATUS_TABLE[status] };
	});

	app.get('/flow/v1/operations', async (request) => {
		const tenant = authenticate(request);
		const limit = intQuery(request, 'limit', 10, 0, 100);
		const offset = intQuery(request, 'offset', 0, 0, Infinity);
		const sortBy = (queryParam(request, 'sort_by') ?? 'createdAt').replace(/_/g, '').toLowerCase();
		const keyOf = SORT_KEYS[sortBy];
		if (!keyOf) {
			throw new ApiError(400, `sort_by must be one of ${Object.keys(SORT_KEYS).join(', ')} (any case, _ allowed)`);
		}
		const sortDir = (queryParam(request, 'sort_dir') ?? 'DESC').toUpperCase();
		if (sortDir !== 'ASC' && sortDir !== 'DESC') throw new ApiError(400, 'sort_dir must be ASC or DESC');

		const externalId = queryParam(request, 'q_externalId');
		const operationUuid = uuidQuery(request, 'q_operationUuid');
		const flowUuid = uuidQuery(request, 'q_flowUuid');
		const statuses = enumListQuery(request, 'q_status', OPERATION_STATUSES);
		const types = enumListQuery(request, 'q_type', OPERATION_TYPES);

		const sign = sortDir === 'ASC' ? 1 : -1;
		const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
		const matches = operations
			.filter(
				(r) =>
					r.tenantUuid === tenant &&
					(externalId === undefined || r.operation.externalId === externalId) &&
					(operationUuid === undefined || r.operation.uuid === operationUuid) &&
					(flowUuid === undefined || r.operation.flowUuid === flowUuid) &&
					(statuses.length === 0 || statuses.includes(r.operation.status)) &&
					(types.length === 0 || types.includes(r.operation.type)),
			)
			.sort((a, b) => sign * (compare(keyOf(a), keyOf(b)) || compare(a.operation.uuid, b.operation.uuid)));
		return { total: matches.length, results: matches.slice(offset, offset + limit).map((r) => r.operation) };
	});

	app.post(`${CONTROL_PREFIX}tokens/expire`, async () => {
		const now = Date.now();
		for (const token of tokens.values()) token.expiresAt = Math.min(token.expiresAt, now);
		return { expired: tokens.size };
	});
	app.post(`${CONTROL_PREFIX}tokens/ttl`, async (request) => {
		ttlSeconds = intField(request.body, 'seconds', 0, MAX_TTL_SECONDS);
		return { seconds: ttlSeconds };
	});

	return app;
}
