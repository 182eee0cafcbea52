/**
 * What both simulated APIs share: the Fastify app skeleton, the error helper, and the test controls under
 * `/__sandbox/` (request counters, fault injection, latency, reset). See CONTRIBUTING.md, "Adding a sandbox route".
 *
 * A "control" request is any request whose path starts with `/__sandbox/`; controls need no auth, answer only
 * loopback clients, and are never counted, delayed or faulted. Every other request is "non-control".
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxClock } from './clock';

/** Path prefix of the test controls (no auth, loopback only). */
export const CONTROL_PREFIX = '/__sandbox/';

/** Canonical UUID shape 8-4-4-4-12 hex, any version, either case. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Thrown by a handler or hook to answer `status` with the app's error body.
 * `extra` fields are merged into (and may override) that body; `headers` are set on the reply.
 */
export class ApiError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly extra: Record<string, unknown> = {},
		readonly headers: Record<string, string> = {},
	) {
		super(message);
	}
}

/** Builds an app's error body for an HTTP status and a human-readable message (each API has its own shape). */
export type ErrorBodyFormatter = (status: number, message: string, request: FastifyRequest) => Record<string, unknown>;

/** Statuses a fault can inject (the ones the nodes retry: nodes/shared/retry.ts). */
export const FAULT_STATUSES = [429, 500, 502, 503, 504] as const;

/** One fault rule: the next `count` non-control requests whose path starts with `path` (and, when given, of `method`) answer `status`. */
export interface FaultRule {
	status: (typeof FAULT_STATUSES)[number];
	/** requests still to be faulted by this rule */
	count: number;
	/** seconds, sent as the `Retry-After` header when given */
	retryAfter?: number;
	/** path prefix from the server root (e.g. `/flow/v1/operations`, `/api/v1/partner/validate`); all paths when absent */
	path?: string;
	/** HTTP method (e.g. `POST`, to fault creates but not the lists on the same path); all methods when absent */
	method?: string;
	/**
	 * Fault only every `every`-th matching request (1 = each, the default); the others pass on to the next rule,
	 * so faults can be spread over a run by request count rather than by time.
	 */
	every?: number;
	/** matching requests seen so far (with `every`) */
	seen?: number;
}

/**
 * `GET /__sandbox/counters` body. `tokenRequests`: hits on the app's token paths (any method, any outcome);
 * `requests`: non-control requests keyed `"<METHOD> <route pattern>"` (e.g. `GET /flow/v1/operations/:uuid`),
 * or `"<METHOD> <path>"` for requests that matched no route; `maxInFlight`: the most non-control requests this app
 * was handling at the same time (arrival to answer, latency included); `duringRetryAfter`: non-control requests
 * that arrived while the `Retry-After` of a 429 this app had answered was still running (a client that honours
 * it sends none after it has read the 429).
 */
export interface Counters {
	tokenRequests: number;
	requests: Record<string, number>;
	maxInFlight: number;
	duringRetryAfter: number;
	/**
	 * Token requests per value of the request header `x-sandbox-client` (a test label naming the process that sent
	 * it, e.g. `worker-1`); present once a labelled token request came.
	 */
	tokenRequestsByClient?: Record<string, number>;
	/** requests answered 429 by the rate limit ({@link RateLimit}); present once the limit refused one */
	rateLimited?: number;
}

/**
 * The [SIM] rate limit (`POST /__sandbox/rate-limit`; off until set; docs/fidelity.md "Rate limit"): at most
 * `maxInFlight` non-control requests of one credential (the value of the app's credential header) are handled at
 * the same time; one more is answered 429 at once, with `Retry-After: <retryAfter>` (seconds). Token requests are not
 * limited.
 */
export interface RateLimit {
	maxInFlight: number;
	retryAfter: number;
}

/**
 * `GET /__sandbox/rate-limit` body: the rate limit in force (`null`: off) and, since the last counter reset (at most
 * {@link RATE_LOG_MAX} of each, the oldest dropped first), the requests it let in as `[arrival, answer sent]` in epoch
 * ms (`0` while still in flight) and the arrivals it refused (429) in epoch ms. For benchmarks: how many requests were
 * in flight at each moment, and when the limit refused.
 */
export interface RateLimitLog {
	rateLimit: RateLimit | null;
	admitted: Array<[number, number]>;
	refused: number[];
}

/** Most entries of each list of the {@link RateLimitLog}. */
export const RATE_LOG_MAX = 100_000;

const freshCounters = (): Counters => ({ tokenRequests: 0, requests: {}, maxInFlight: 0, duringRetryAfter: 0 });

/** How {@link createSandboxApp} specialises the shared skeleton for one API. */
export interface SandboxAppOptions {
	/** error body shape of this API */
	errorBody: ErrorBodyFormatter;
	/** paths counted in `tokenRequests` */
	tokenPaths?: readonly string[];
	/** restores the app's own state to the seed (called by `POST /__sandbox/reset`) */
	resetState: () => void;
	/** the sandbox clock (shared by both apps of one sandbox); served by the `/__sandbox/clock` controls */
	clock: SandboxClock;
	/** the request header naming the credential a request is sent with (the key of the {@link RateLimit}) */
	credentialHeader: string;
}

/** Upper-snake reason phrase of an HTTP status, e.g. 429 → `TOO_MANY_REQUESTS`. */
export function reasonCode(status: number): string {
	return (STATUS_CODES[status] ?? 'Error').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The path of a request URL, without the query string. */
export function pathOf(url: string): string {
	const q = url.indexOf('?');
	return q < 0 ? url : url.slice(0, q);
}

/** Reads a required integer field of a JSON control body, in `[min, max]`; 400 otherwise. */
export function intField(body: unknown, name: string, min: number, max: number): number {
	const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new ApiError(400, `${name} must be an integer between ${min} and ${max}`);
	}
	return value;
}

function isLoopback(address: string | undefined): boolean {
	return !!address && (address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.'));
}

/**
 * Creates a Fastify app (no logger) with the shared behaviour installed:
 * - error handler and 404 handler answering in `errorBody` shape ({@link ApiError} carries status and extras);
 * - an `onRequest` hook that, for non-control requests, counts, answers 429 above the rate limit (when one is set),
 *   waits the configured latency, then applies the
 *   first fault rule whose path prefix (and method, when the rule names one) matches (a faulted request is counted but never reaches its handler);
 * - controls: `GET /__sandbox/counters`, `POST /__sandbox/counters/reset` (also ends a running Retry-After), `POST /__sandbox/faults`
 *   (body {@link FaultRule}; rules queue up, first match wins), `DELETE /__sandbox/faults` (answers the rules it removed as `left`),
 *   `POST /__sandbox/latency` (body `{ms}`), `POST /__sandbox/rate-limit` (body {@link RateLimit}),
 *   `GET /__sandbox/rate-limit` ({@link RateLimitLog}, emptied with the counters) and `DELETE /__sandbox/rate-limit`, `POST /__sandbox/reset` (state, counters, faults, latency, rate limit; the clock
 *   is shared by both apps and is not reset here), `GET /__sandbox/clock` (`{now, offsetMs}`, now in ISO 8601),
 *   `POST /__sandbox/clock` (body `{advanceSeconds}`, moves the shared clock forward).
 * The API routes and any app-specific controls are added by the caller.
 */
export function createSandboxApp(options: SandboxAppOptions): FastifyInstance {
	const app = Fastify({ logger: false });
	const tokenPaths = options.tokenPaths ?? [];
	let counters: Counters = freshCounters();
	let faults: FaultRule[] = [];
	let latencyMs = 0;
	let inFlight = 0;
	/** epoch ms until which the last 429 answered asked clients to wait */
	let retryAfterUntil = 0;
	let rateLimit: RateLimit | undefined;
	/** requests in flight per credential, and the credential of each request the rate limit let in */
	const inFlightOf = new Map<string, number>();
	const admitted = new WeakMap<FastifyRequest, { credential: string; entry: [number, number] }>();
	let rateLog: Pick<RateLimitLog, 'admitted' | 'refused'> = { admitted: [], refused: [] };
	const logged = <T>(list: T[], value: T) => {
		list.push(value);
		if (list.length > RATE_LOG_MAX) list.splice(0, list.length - RATE_LOG_MAX);
	};

	const sendError = (reply: FastifyReply, request: FastifyRequest, status: number, message: string, extra = {}) =>
		reply.code(status).send({ ...options.errorBody(status, message, request), ...extra });

	app.setErrorHandler((error, request, reply) => {
		if (error instanceof ApiError) {
			reply.headers(error.headers);
			return sendError(reply, request, error.status, error.message, error.extra);
		}
		// Fastify's own errors (body parsing, size limits) carry a 4xx statusCode; anything else is a bug.
		const status = (error as { statusCode?: unknown }).statusCode;
		if (typeof status === 'number' && status >= 400 && status < 500) {
			return sendError(reply, request, status, (error as Error).message);
		}
		return sendError(reply, request, 500, 'Internal sandbox error');
	});
	app.setNotFoundHandler((request, reply) =>
		sendError(reply, request, 404, `No route ${request.method} ${pathOf(request.url)}`),
	);

	app.addHook('onRequest', async (request, reply) => {
		const path = pathOf(request.url);
		if (path.startsWith(CONTROL_PREFIX)) {
			if (!isLoopback(request.socket.remoteAddress)) {
				throw new ApiError(403, 'Sandbox controls answer loopback clients only');
			}
			return;
		}
		if (Date.now() < retryAfterUntil) counters.duringRetryAfter++;
		inFlight++;
		counters.maxInFlight = Math.max(counters.maxInFlight, inFlight);
		if (tokenPaths.includes(path)) {
			counters.tokenRequests++;
			const client = request.headers['x-sandbox-client'];
			if (typeof client === 'string') {
				const by = (counters.tokenRequestsByClient ??= {});
				by[client] = (by[client] ?? 0) + 1;
			}
		}
		const key = `${request.method} ${request.routeOptions.url ?? path}`;
		counters.requests[key] = (counters.requests[key] ?? 0) + 1;
		const credential = request.headers[options.credentialHeader];
		if (rateLimit && typeof credential === 'string' && !tokenPaths.includes(path)) {
			const busy = inFlightOf.get(credential) ?? 0;
			if (busy >= rateLimit.maxInFlight) {
				counters.rateLimited = (counters.rateLimited ?? 0) + 1;
				logged(rateLog.refused, Date.now());
				throw new ApiError(429, `Rate limit: at most ${rateLimit.maxInFlight} requests at once per credential`, {}, { 'Retry-After': String(rateLimit.retryAfter) });
			}
			inFlightOf.set(credential, busy + 1);
			const entry: [number, number] = [Date.now(), 0];
			logged(rateLog.admitted, entry);
			admitted.set(request, { credential, entry });
		}
		if (latencyMs > 0) await sleep(latencyMs);
		const fault = faults.find((rule) => {
			if (rule.path !== undefined && !path.startsWith(rule.path)) return false;
			if (rule.method !== undefined && rule.method !== request.method) return false;
			if (rule.every === undefined) return true;
			rule.seen = (rule.seen ?? 0) + 1;
			return rule.seen % rule.every === 0;
		});
		if (!fault) return;
		fault.count--;
		faults = faults.filter((rule) => rule.count > 0);
		if (fault.retryAfter !== undefined) reply.header('Retry-After', String(fault.retryAfter));
		if (fault.status === 429 && fault.retryAfter) retryAfterUntil = Math.max(retryAfterUntil, Date.now() + fault.retryAfter * 1000);
		throw new ApiError(fault.status, `Injected fault: ${fault.status} ${STATUS_CODES[fault.status]}`);
	});

	// A request the rate limit let in frees its place when its answer is sent (before the client can read it), or
	// when the exchange ends without one.
	const release = (request: FastifyRequest) => {
		const admission = admitted.get(request);
		if (admission === undefined) return;
		admitted.delete(request);
		const { credential, entry } = admission;
		entry[1] = Date.now();
		const busy = (inFlightOf.get(credential) ?? 1) - 1;
		if (busy > 0) inFlightOf.set(credential, busy);
		else inFlightOf.delete(credential);
	};
	app.addHook('onSend', async (request, _reply, payload) => {
		release(request);
		return payload;
	});
	app.addHook('onResponse', async (request) => {
		if (!pathOf(request.url).startsWith(CONTROL_PREFIX)) inFlight--;
		release(request);
	});

	app.get(`${CONTROL_PREFIX}counters`, async () => counters);
	app.post(`${CONTROL_PREFIX}counters/reset`, async () => {
		counters = freshCounters();
		rateLog = { admitted: [], refused: [] };
		retryAfterUntil = 0;
		return counters;
	});
	app.post(`${CONTROL_PREFIX}faults`, async (request) => {
		const body = request.body as Record<string, unknown> | undefined;
		const status = body?.status;
		if (!FAULT_STATUSES.includes(status as FaultRule['status'])) {
			throw new ApiError(400, `status must be one of ${FAULT_STATUSES.join(', ')}`);
		}
		const path = body?.path;
		if (path !== undefined && (typeof path !== 'string' || !path.startsWith('/'))) {
			throw new ApiError(400, 'path must be a path prefix starting with /');
		}
		const method = body?.method;
		if (method !== undefined && (typeof method !== 'string' || !/^[A-Z]+$/.test(method))) {
			throw new ApiError(400, 'method must be an upper-case HTTP method such as POST');
		}
		faults.push({
			status: status as FaultRule['status'],
			count: intField(body, 'count', 1, 10_000),
			retryAfter: body?.retryAfter === undefined ? undefined : intField(body, 'retryAfter', 0, 86_400),
			path,
			...(method === undefined ? {} : { method }),
			...(body?.every === undefined ? {} : { every: intField(body, 'every', 1, 10_000), seen: 0 }),
		});
		return { faults };
	});
	app.delete(`${CONTROL_PREFIX}faults`, async () => {
		const left = faults;
		faults = [];
		return { faults, left };
	});
	app.post(`${CONTROL_PREFIX}rate-limit`, async (request) => {
		rateLimit = { maxInFlight: intField(request.body, 'maxInFlight', 1, 10_000), retryAfter: intField(request.body, 'retryAfter', 0, 3_600) };
		return { rateLimit };
	});
	app.get(`${CONTROL_PREFIX}rate-limit`, async (): Promise<RateLimitLog> => ({ rateLimit: rateLimit ?? null, ...rateLog }));
	app.delete(`${CONTROL_PREFIX}rate-limit`, async () => {
		rateLimit = undefined;
		return { rateLimit: null };
	});
	app.post(`${CONTROL_PREFIX}latency`, async (request) => {
		latencyMs = intField(request.body, 'ms', 0, 60_000);
		return { ms: latencyMs };
	});
	const clockState = () => ({ now: options.clock.iso(), offsetMs: options.clock.offsetMs() });
	app.get(`${CONTROL_PREFIX}clock`, async () => clockState());
	app.post(`${CONTROL_PREFIX}clock`, async (request) => {
		options.clock.advance(intField(request.body, 'advanceSeconds', 0, 10 * 365 * 86_400) * 1000);
		return clockState();
	});
	app.post(`${CONTROL_PREFIX}reset`, async () => {
		options.resetState();
		counters = freshCounters();
		rateLog = { admitted: [], refused: [] };
		retryAfterUntil = 0;
		faults = [];
		latencyMs = 0;
		rateLimit = undefined;
		return { reset: true };
	});
	return app;
}
