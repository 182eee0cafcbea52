import { sleep } from 'n8n-workflow';

import { httpFailureOf, isTimeout, type HttpFailure } from './errors';

/**
 * How often and how long to retry (CONTRIBUTING.md, rules of shipped code; docs/cfis.md §9): `attempts` counts the first try; delays in milliseconds.
 */
export interface RetryPolicy {
	attempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

/** 4 attempts, 0.5 s → 1 s → 2 s (full jitter), never longer than 30 s, also when `Retry-After` asks for more. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 30_000 };

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN']);

/** True for network errors and 429 / 500 / 502 / 503 / 504 (docs/cfis.md §9 retry policy; the same for Zertiban). */
export function isRetryable(failure: HttpFailure): boolean {
	if (failure.status !== undefined) return RETRYABLE_STATUS.has(failure.status);
	return failure.code !== undefined && RETRYABLE_CODES.has(failure.code);
}

/**
 * Milliseconds to wait before retry number `retry` (1 = the first retry): the server's `Retry-After` (seconds or
 * an HTTP date) when present, else exponential backoff `base · 2^(retry−1)` with full jitter; capped at
 * `maxDelayMs`. `random` is injectable for tests.
 */
export function retryDelayMs(
	failure: HttpFailure,
	retry: number,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	random: () => number = Math.random,
	now: number = Date.now(),
): number {
	const retryAfter = failure.headers['retry-after'];
	if (retryAfter !== undefined) {
		const seconds = Number(retryAfter);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
		if (Number.isFinite(ms)) return Math.min(Math.max(0, ms), policy.maxDelayMs);
	}
	const ceiling = Math.min(policy.baseDelayMs * 2 ** (retry - 1), policy.maxDelayMs);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * The shared 429 back-off (docs/zertiban.md §4.5, docs/cfis.md §11): for each key (one credential of one API, see `backoffKey` of
 * {@link withRetries}), the epoch ms until which no request of that key is sent. Process-wide on purpose: the items
 * in flight of one node run, and the executions running at the same time with the same credential, are exactly
 * the callers a `429 Too Many Requests` speaks to. Entries leave the map once their time has passed; the map is
 * bounded (the oldest key goes first).
 */
const backoffUntil = new Map<string, number>();
const MAX_BACKOFF_KEYS = 1_000;

/**
 * Makes every request of `key` wait until `ms` milliseconds from now (a later deadline already set is kept). Called
 * with the delay of a 429 (its `Retry-After`, else the policy's backoff; capped by the policy).
 */
export function pauseRequests(key: string, ms: number, now: number = Date.now()): void {
	const until = Math.max(backoffUntil.get(key) ?? 0, now + ms);
	backoffUntil.delete(key);
	backoffUntil.set(key, until);
	while (backoffUntil.size > MAX_BACKOFF_KEYS) backoffUntil.delete(backoffUntil.keys().next().value as string);
}

/**
 * Resolves once no back-off of `key` is in force ({@link pauseRequests}); at once when there is none. Waits again
 * when another 429 moved the deadline while it waited.
 */
export async function waitForBackoff(key: string): Promise<void> {
	for (;;) {
		const until = backoffUntil.get(key);
		const wait = until === undefined ? 0 : until - Date.now();
		if (wait <= 0) {
			if (until !== undefined) backoffUntil.delete(key);
			return;
		}
		await sleep(wait);
	}
}

/**
 * Runs `send` and retries it on retryable failures while `idempotent` is true (GET, idempotent cancel), at most
 * `policy.attempts` sends in all; a send that timed out ({@link isTimeout}) is sent once more only, so a server that
 * never answers costs at most two timeouts. A non-idempotent request (a create) is never re-sent here: the caller
 * decides (a create sent twice creates twice). Rethrows the last error unchanged.
 *
 * With a `backoffKey` (one credential of one API), every send first waits for that key's back-off, and a 429 —
 * whether or not this request is retried — starts a back-off of its `Retry-After` (else the policy's delay) for ALL
 * requests of the key in this process: one shared wait instead of one per item in flight, so a higher concurrency
 * never keeps sending into a rate limit. Other retryable failures wait for this request alone.
 */
export async function withRetries<T>(
	send: () => Promise<T>,
	{ idempotent, policy = DEFAULT_RETRY_POLICY, backoffKey }: { idempotent: boolean; policy?: RetryPolicy; backoffKey?: string },
): Promise<T> {
	let lastError: unknown;
	let timeouts = 0;
	for (let attempt = 1; attempt <= policy.attempts; attempt++) {
		if (backoffKey !== undefined) await waitForBackoff(backoffKey);
		try {
			return await send();
		} catch (error) {
			lastError = error;
		}
		const failure = httpFailureOf(lastError);
		const delay = isRetryable(failure) ? retryDelayMs(failure, attempt, policy) : 0;
		const shared = backoffKey !== undefined && failure.status === 429;
		if (shared) pauseRequests(backoffKey, delay);
		if (isTimeout(failure)) timeouts++;
		if (!idempotent || attempt >= policy.attempts || !isRetryable(failure) || timeouts > 1) break;
		if (!shared) await sleep(delay);
	}
	throw lastError;
}

/**
 * The retry budget of one run and credential (docs/zertiban.md §4.6, docs/cfis.md §11.1): per `run` (the node
 * context: one run of an action node, one webhook call, one poll) and `key` (one credential, no secret in it), the
 * refusal that ended the budget. A WeakMap: it ends with the run.
 */
const refusals = new WeakMap<object, Map<string, { error: unknown }>>();

/**
 * The refusal remembered for `run` and `key` ({@link rememberRefused}), or undefined. A transport throws its
 * `error` at once instead of sending: the remaining items fail with the same error, without a request of their own.
 */
export function refusedBefore(run: object, key: string): { error: unknown } | undefined {
	return refusals.get(run)?.get(key);
}

/** Remembers that the credential `key` was refused (401, `error` as thrown by n8n) for the rest of `run`. */
export function rememberRefused(run: object, key: string, error: unknown): void {
	const byKey = refusals.get(run) ?? new Map<string, { error: unknown }>();
	byKey.set(key, { error });
	refusals.set(run, byKey);
}
