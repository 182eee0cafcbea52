import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { apiError, httpFailureOf, isTimeout, redact } from '../../nodes/shared/errors';
import { DEFAULT_TIMEOUT_SECONDS, requestTimeoutMs, timeoutOf } from '../../nodes/shared/request';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, withRetries } from '../../nodes/shared/retry';

const node = { id: '1', name: 'Zertiban', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} } as INode;
const failure = (status?: number, headers: Record<string, string> = {}, code?: string) => ({ status, headers, code, message: 'x' });

describe('retry policy', () => {
	it('retries network errors and 429/500/502/503/504 only', () => {
		expect([429, 500, 502, 503, 504].every((s) => isRetryable(failure(s)))).toBe(true);
		expect([400, 401, 403, 404, 409, 501].some((s) => isRetryable(failure(s)))).toBe(false);
		expect(isRetryable(failure(undefined, {}, 'ECONNRESET'))).toBe(true);
		expect(isRetryable(failure(undefined, {}, 'ENOTFOUND'))).toBe(false);
	});

	it('honours Retry-After in seconds and as an HTTP date, capped at the policy maximum', () => {
		expect(retryDelayMs(failure(429, { 'retry-after': '2' }), 1)).toBe(2000);
		const now = Date.parse('2026-11-21T10:00:00Z');
		expect(retryDelayMs(failure(429, { 'retry-after': 'Sat, 21 Nov 2026 10:00:05 GMT' }), 1, DEFAULT_RETRY_POLICY, Math.random, now)).toBe(5000);
		expect(retryDelayMs(failure(429, { 'retry-after': '3600' }), 1)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
	});

	it('backs off exponentially with jitter between half and the whole ceiling', () => {
		expect(retryDelayMs(failure(503), 1, DEFAULT_RETRY_POLICY, () => 0)).toBe(250);
		expect(retryDelayMs(failure(503), 1, DEFAULT_RETRY_POLICY, () => 1)).toBe(500);
		expect(retryDelayMs(failure(503), 3, DEFAULT_RETRY_POLICY, () => 1)).toBe(2000);
	});

	it('never re-sends a non-idempotent request', async () => {
		const send = jest.fn().mockRejectedValue({ response: { status: 503, headers: {} } });
		await expect(withRetries(send, { idempotent: false })).rejects.toEqual({ response: { status: 503, headers: {} } });
		expect(send).toHaveBeenCalledTimes(1);
	});

	it('stops after the policy’s attempts and rethrows the last error', async () => {
		const send = jest.fn().mockRejectedValue({ response: { status: 503, headers: { 'Retry-After': '0' } } });
		await expect(withRetries(send, { idempotent: true })).rejects.toMatchObject({ response: { status: 503 } });
		expect(send).toHaveBeenCalledTimes(DEFAULT_RETRY_POLICY.attempts);
	});

	it('a 429 holds back every later request of the same back-off key for its Retry-After, not those of another key', async () => {
		jest.useFakeTimers();
		try {
			const key = `test-key-${Math.random()}`;
			const limited = jest.fn().mockRejectedValue({ response: { status: 429, headers: { 'retry-after': '10' } } });
			await expect(withRetries(limited, { idempotent: false, backoffKey: key })).rejects.toMatchObject({ response: { status: 429 } });
			expect(limited).toHaveBeenCalledTimes(1);
			const sameKey = jest.fn().mockResolvedValue('same');
			const waiting = withRetries(sameKey, { idempotent: true, backoffKey: key });
			await expect(withRetries(async () => 'other', { idempotent: true, backoffKey: `${key}-other` })).resolves.toBe('other');
			await jest.advanceTimersByTimeAsync(9_000);
			expect(sameKey).not.toHaveBeenCalled();
			await jest.advanceTimersByTimeAsync(1_000);
			await expect(waiting).resolves.toBe('same');
			expect(sameKey).toHaveBeenCalledTimes(1);
		} finally {
			jest.useRealTimers();
		}
	});
});

describe('timeouts', () => {
	const timedOut = () => ({ code: 'ECONNABORTED', message: 'timeout of 1000ms exceeded' });

	it('tells a timeout from a refused connection or an HTTP answer', () => {
		expect(isTimeout(httpFailureOf(timedOut()))).toBe(true);
		expect(isTimeout(httpFailureOf({ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }))).toBe(true);
		expect(isTimeout(httpFailureOf({ code: 'ECONNABORTED', message: 'aborted' }))).toBe(false);
		expect(isTimeout(httpFailureOf({ code: 'ECONNREFUSED', message: 'refused' }))).toBe(false);
		expect(isTimeout(httpFailureOf({ response: { status: 504, headers: {} } }))).toBe(false);
	});

	it('sends a timed-out read once more only, and a timed-out create never again', async () => {
		const read = jest.fn().mockRejectedValue(timedOut());
		await expect(withRetries(read, { idempotent: true, policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1 } })).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(read).toHaveBeenCalledTimes(2);
		const create = jest.fn().mockRejectedValue(timedOut());
		await expect(withRetries(create, { idempotent: false })).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(create).toHaveBeenCalledTimes(1);
	});

	it('the error names the API, the method and path (no base URL, no query) and the seconds waited', () => {
		const request = { method: 'GET' as const, path: '/flow/v1/operations/abc?x=1', timeoutMs: 1500 };
		const error = apiError(node, httpFailureOf(timedOut()), { api: 'Zertiban', itemIndex: 3, secrets: [], timeout: timeoutOf(request) });
		expect(error.message).toBe('Zertiban did not answer GET /flow/v1/operations/abc within 1.5 s (timeout)');
		expect(error.description).toMatch(/sent it once more/);
		const post = apiError(node, httpFailureOf(timedOut()), { api: 'Confirma Finance', secrets: [], timeout: timeoutOf({ method: 'POST', path: '/invoice', timeoutMs: 30_000 }) });
		expect(post.message).toBe('Confirma Finance did not answer POST /invoice within 30 s (timeout)');
		expect(post.description).toMatch(/not sent again/);
	});

	it('the Timeout option replaces the defaults per kind of call; 0 keeps them; anything else is refused naming the field', () => {
		const context = (timeout: unknown) => ({ getNode: () => node, getInputData: () => [], getNodeParameter: (_name: string, _item: number, fallback: unknown) => timeout ?? fallback });
		expect(requestTimeoutMs(context(undefined), {})).toBe(DEFAULT_TIMEOUT_SECONDS.api * 1000);
		expect(requestTimeoutMs(context(0), { kind: 'document' })).toBe(DEFAULT_TIMEOUT_SECONDS.document * 1000);
		expect(requestTimeoutMs(context(5), { kind: 'document' })).toBe(5000);
		expect(requestTimeoutMs(context(5), { timeoutMs: 700 })).toBe(700);
		expect(() => requestTimeoutMs(context('soon'), {})).toThrow('Timeout must be a whole number of seconds from 0 to 600 (0 = the defaults), not "soon"');
		expect(() => requestTimeoutMs(context(601), {})).toThrow(/^Timeout must be a whole number of seconds/);
	});
});

describe('error mapping', () => {
	it('reads status, body and headers through n8n’s NodeApiError wrapper', () => {
		const axiosLike = Object.assign(new Error('Request failed'), {
			response: { status: 404, data: { message: 'not here' }, headers: { 'Retry-After': '1' } },
		});
		const wrapped = new NodeApiError(node, axiosLike as never);
		expect(httpFailureOf(wrapped)).toMatchObject({ status: 404, body: { message: 'not here' }, headers: { 'retry-after': '1' } });
	});

	it('redacts secrets and their Base64 / URL-encoded forms', () => {
		const secret = 's3cr3t/value+x';
		const text = `a ${secret} b ${Buffer.from(secret).toString('base64')} c ${encodeURIComponent(secret)}`;
		expect(redact(text, [secret])).toBe('a [redacted] b [redacted] c [redacted]');
	});

	it('builds a NodeApiError with status, API message and hint, and no secret anywhere', () => {
		const error = apiError(
			node,
			{ status: 400, headers: {}, body: { title: 'Validation failed', errors: [{ field: 'client.email', message: 'bad for tok-123456' }] }, message: 'x' },
			{ api: 'Confirma Finance', itemIndex: 2, secrets: ['tok-123456'] },
		);
		expect(error.message).toBe('Confirma Finance refused the request (400)');
		expect(error.description).toContain('client.email: bad for [redacted]');
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(2);
		expect(JSON.stringify(error)).not.toContain('tok-123456');
	});
});
