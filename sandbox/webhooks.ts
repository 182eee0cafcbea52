/**
 * The Zertiban sandbox's webhook dispatcher (zertiban.md §11, §15.2): it subscribes to the event bus
 * (sandbox/events.ts), wraps each status change in the §11.3 envelope, signs it as §11.5 says (`zb-timestamp`,
 * `zb-signature`) and POSTs it to every registered target: 3 attempts in total, 0.5 s apart, 5 s timeout per
 * attempt, redirects never followed (a 3xx is a failed attempt), nothing re-sent after the third failure.
 *
 * The signing here is written independently of the node's verification (nodes/Zertiban/webhook/signature.ts): it
 * sorts a deep copy and lets `JSON.stringify` serialise it, the node serialises by hand. Both are tested against
 * the §11.5 vector, so one bug cannot hide in both.
 *
 * Controls (loopback only, under `/__sandbox/webhooks/`):
 * - `PUT /targets` `{urls: string[], eventTypes?: string[]}` registers the endpoints (replaces the list; `eventTypes`
 *   empty or absent = every event); `GET /targets`; `DELETE /targets`.
 * - `PUT /switches` `{duplicate?: boolean, outOfOrder?: boolean}`: `duplicate` delivers every event twice (the
 *   second after the first finished), `outOfOrder` delivers the events of one status change (operation event,
 *   then flow event) in reverse order. `GET /switches`.
 * - `POST /deliver` `{eventType, resource, url?, signature?: "valid"|"none"|"forged", timestampMs?, eventUuid?,
 *   body?}`: sends one arbitrary event now (to `url`, or every target) with the normal retries and answers with the
 *   attempts; `body` replaces the whole envelope; `forged` signs with a wrong secret; `none` sends no signature.
 * - `GET /deliveries`: every attempt so far `{eventUuid, eventType, url, attempt, status?, body?, error?, at}` (`body`:
 *   the receiver's answer, first 200 characters).
 * - `POST /settle`: waits until every delivery in flight has finished, then answers like `GET /deliveries`.
 * `POST /__sandbox/reset` also clears targets, switches and the delivery log.
 */
import type { FastifyInstance } from 'fastify';
import { createHmac, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxClock } from './clock';
import { ApiError, CONTROL_PREFIX, pathOf } from './controls';
import type { ZertibanEvent, ZertibanEventBus } from './events';

/** Attempts per delivery, in total (zertiban.md §11.2). */
export const DELIVERY_ATTEMPTS = 3;
/** Pause between attempts, ms (§11.2). */
export const RETRY_PAUSE_MS = 500;
/** Connect + response timeout of one attempt, ms (§11.2; the response timeout is our reading). */
export const ATTEMPT_TIMEOUT_MS = 5_000;

/** The §11.3 envelope. */
export interface WebhookEnvelope {
	eventUuid: string;
	timestamp: string;
	eventType: string;
	metadata: { apiVersion: 'v1'; organizationUuid: string };
	resource: ZertibanEvent['resource'];
}

/** One delivery attempt as `GET /__sandbox/webhooks/deliveries` lists it; `at` is sandbox time, ISO 8601. */
export interface DeliveryAttempt {
	eventUuid: string;
	eventType: string;
	url: string;
	attempt: number;
	/** HTTP status of the answer; absent when the attempt failed without one (timeout, refused connection) */
	status?: number;
	/** the answer's body as text, cut at 200 characters (how the receiver answered, e.g. a duplicate); absent without an answer */
	body?: string;
	error?: string;
	at: string;
}

/** A deep copy of `value` with every object's keys inserted in sorted order (arrays keep their order). */
function sortedCopy(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortedCopy);
	if (value === null || typeof value !== 'object') return value;
	const copy: Record<string, unknown> = {};
	for (const key of Object.keys(value).sort()) copy[key] = sortedCopy((value as Record<string, unknown>)[key]);
	return copy;
}

/**
 * `zb-signature` of zertiban.md §11.5 for a JSON body, the `zb-timestamp` text and the secret:
 * Base64(lowercase hex(HMAC-SHA256(secret, normalisedBody + timestamp))).
 */
export function signWebhook(body: unknown, timestamp: string, secret: string): string {
	const message = JSON.stringify(sortedCopy(body)) + timestamp;
	const hex = createHmac('sha256', secret).update(message).digest('hex');
	return Buffer.from(hex).toString('base64');
}

/** Options of {@link attachWebhookDispatcher}. */
export interface WebhookDispatcherOptions {
	events: ZertibanEventBus;
	clock: SandboxClock;
	/** signs every delivery (§11.5) */
	webhookSecret: string;
	/** `metadata.organizationUuid` of every envelope */
	businessUuid: string;
	/** timeout of one attempt, ms; default {@link ATTEMPT_TIMEOUT_MS} (tests shorten it) */
	attemptTimeoutMs?: number;
	/**
	 * Waits the pause between two attempts ({@link RETRY_PAUSE_MS}, ms); default: a real timer. Tests pass one that
	 * records the pause and resolves at once, so they check the 0.5 s rule without measuring time.
	 */
	sleep?: (ms: number) => Promise<unknown>;
}

type SignatureMode = 'valid' | 'none' | 'forged';

/**
 * Adds the dispatcher and its controls to the Zertiban app (call before `listen`). Returns `stop()`, which
 * unsubscribes from the bus.
 */
export function attachWebhookDispatcher(app: FastifyInstance, options: WebhookDispatcherOptions): () => void {
	let targets: { urls: string[]; eventTypes: string[] } = { urls: [], eventTypes: [] };
	let switches = { duplicate: false, outOfOrder: false };
	let log: DeliveryAttempt[] = [];
	const inFlight = new Set<Promise<unknown>>();
	let batch: ZertibanEvent[] | undefined;

	const track = <T>(work: Promise<T>): Promise<T> => {
		inFlight.add(work);
		void work.finally(() => inFlight.delete(work)).catch(() => undefined);
		return work;
	};

	const envelope = (event: Pick<ZertibanEvent, 'eventType' | 'resource'>, eventUuid: string = randomUUID()): WebhookEnvelope => ({
		eventUuid,
		timestamp: options.clock.iso(),
		eventType: event.eventType,
		metadata: { apiVersion: 'v1', organizationUuid: options.businessUuid },
		resource: event.resource,
	});

	/** One attempt: POST, 5 s timeout, no redirect followed; resolves to the status and answer body, or an error text. */
	const attempt = async (url: string, body: unknown, mode: SignatureMode, timestampMs: number) => {
		const text = JSON.stringify(body);
		const timestamp = String(timestampMs);
		const headers: Record<string, string> = { 'content-type': 'application/json', 'zb-timestamp': timestamp };
		if (mode !== 'none') {
			headers['zb-signature'] = signWebhook(body, timestamp, mode === 'valid' ? options.webhookSecret : `${options.webhookSecret}-forged`);
		}
		try {
			const response = await fetch(url, { method: 'POST', headers, body: text, redirect: 'manual', signal: AbortSignal.timeout(options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS) });
			const answer = await response.text().catch(() => '');
			return { status: response.status, body: answer.slice(0, 200) };
		} catch (error) {
			return { error: (error as Error).name === 'TimeoutError' ? 'timeout' : (error as Error).message };
		}
	};

	/** Up to 3 attempts 0.5 s apart until a 2xx; every attempt is logged. */
	const deliver = async (url: string, body: WebhookEnvelope | Record<string, unknown>, mode: SignatureMode, timestampMs?: number) => {
		const attempts: DeliveryAttempt[] = [];
		for (let n = 1; n <= DELIVERY_ATTEMPTS; n++) {
			if (n > 1) await (options.sleep ?? sleep)(RETRY_PAUSE_MS);
			const result = await attempt(url, body, mode, timestampMs ?? options.clock.now());
			const entry: DeliveryAttempt = {
				eventUuid: String(body.eventUuid ?? ''),
				eventType: String(body.eventType ?? ''),
				url,
				attempt: n,
				...result,
				at: options.clock.iso(),
			};
			log.push(entry);
			attempts.push(entry);
			if (result.status !== undefined && result.status >= 200 && result.status < 300) break;
		}
		return attempts;
	};

	/** Delivers one bus event to every subscribed target (twice, one after the other, with `duplicate`). */
	const dispatch = async (event: ZertibanEvent) => {
		if (targets.eventTypes.length > 0 && !targets.eventTypes.includes(event.eventType)) return;
		const body = envelope(event);
		await Promise.all(
			targets.urls.map(async (url) => {
				await deliver(url, body, 'valid');
				if (switches.duplicate) await deliver(url, body, 'valid');
			}),
		);
	};

	// The events of one status change are emitted synchronously together; collect them, then send in order
	// (or reversed with outOfOrder), one after the other.
	const stop = options.events.on((event) => {
		if (batch) {
			batch.push(event);
			return;
		}
		batch = [event];
		void track(
			(async () => {
				await Promise.resolve();
				const events = batch ?? [];
				batch = undefined;
				if (switches.outOfOrder) events.reverse();
				for (const next of events) await dispatch(next);
			})(),
		);
	});

	const controls = `${CONTROL_PREFIX}webhooks`;
	app.addHook('onRequest', async (request) => {
		if (request.method === 'POST' && pathOf(request.url) === `${CONTROL_PREFIX}reset`) {
			targets = { urls: [], eventTypes: [] };
			switches = { duplicate: false, outOfOrder: false };
			log = [];
		}
	});
	const stringList = (value: unknown, name: string): string[] => {
		if (value === undefined) return [];
		if (!Array.isArray(value) || value.some((entry) => typeof entry !== 'string')) throw new ApiError(400, `${name} must be a list of strings`);
		return value as string[];
	};
	const httpUrl = (value: unknown): string => {
		try {
			const url = new URL(String(value));
			if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
		} catch {
			// fall through
		}
		throw new ApiError(400, `not an http(s) URL: ${String(value)}`);
	};
	app.put(`${controls}/targets`, async (request) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		targets = { urls: stringList(body.urls, 'urls').map(httpUrl), eventTypes: stringList(body.eventTypes, 'eventTypes') };
		return targets;
	});
	app.get(`${controls}/targets`, async () => targets);
	app.delete(`${controls}/targets`, async () => {
		targets = { urls: [], eventTypes: [] };
		return targets;
	});
	app.put(`${controls}/switches`, async (request) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		for (const name of ['duplicate', 'outOfOrder'] as const) {
			if (body[name] === undefined) continue;
			if (typeof body[name] !== 'boolean') throw new ApiError(400, `${name} must be true or false`);
			switches[name] = body[name];
		}
		return switches;
	});
	app.get(`${controls}/switches`, async () => switches);
	app.get(`${controls}/deliveries`, async () => ({ deliveries: log }));
	app.post(`${controls}/settle`, async () => {
		while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
		return { deliveries: log };
	});
	app.post(`${controls}/deliver`, async (request) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const mode = (body.signature ?? 'valid') as SignatureMode;
		if (!['valid', 'none', 'forged'].includes(mode)) throw new ApiError(400, 'signature must be valid, none or forged');
		const urls = body.url === undefined ? targets.urls : [httpUrl(body.url)];
		if (urls.length === 0) throw new ApiError(400, 'no url given and no target registered');
		let payload: Record<string, unknown>;
		if (body.body !== undefined) {
			if (!body.body || typeof body.body !== 'object') throw new ApiError(400, 'body must be a JSON object');
			payload = body.body as Record<string, unknown>;
		} else {
			const resource = body.resource as ZertibanEvent['resource'] | undefined;
			if (typeof body.eventType !== 'string' || !resource || typeof resource !== 'object') {
				throw new ApiError(400, 'eventType (string) and resource (object) are required unless body is given');
			}
			payload = { ...envelope({ eventType: body.eventType, resource }, typeof body.eventUuid === 'string' ? body.eventUuid : undefined) };
		}
		const timestampMs = body.timestampMs === undefined ? undefined : Number(body.timestampMs);
		if (timestampMs !== undefined && !Number.isInteger(timestampMs)) throw new ApiError(400, 'timestampMs must be an integer');
		const attempts = await track(Promise.all(urls.map((url) => deliver(url, payload, mode, timestampMs))));
		return { body: payload, attempts: attempts.flat() };
	});
	return stop;
}
