import { sleep } from 'n8n-workflow';

import { httpFailureOf, type HttpFailure } from './errors';

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
 * Runs `send` and retries it on retryable failures while `idempotent` is true (GET, idempotent cancel). A
 * non-idempotent request (a create) is never re-sent here: the caller decides (a create sent twice creates twice). Rethrows the last
 * error unchanged.
 */
export async function withRetries<T>(
	send: () => Promise<T>,
	{ idempotent, policy = DEFAULT_RETRY_POLICY }: { idempotent: boolean; policy?: RetryPolicy },
): Promise<T> {
	let lastError: unknown;
	for (let attempt = 1; attempt <= policy.attempts; attempt++) {
		try {
			return await send();
		} catch (error) {
			lastError = error;
		}
		const failure = httpFailureOf(lastError);
		if (!idempotent || attempt >= policy.attempts || !isRetryable(failure)) break;
		await sleep(retryDelayMs(failure, attempt, policy));
	}
	throw lastError;
}
