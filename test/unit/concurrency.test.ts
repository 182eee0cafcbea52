/**
 * The adaptive limiter of *Concurrency: Auto* (nodes/shared/concurrency.ts): growth while answers hold, back-off at once
 * on 429/503, Retry-After, rare probes above the learned limit, state shared per credential, the ceiling. Pure
 * bookkeeping and fake timers: no real waiting, no timing assertions.
 */
import fc from 'fast-check';

import {
	AdaptiveLimiter,
	AUTO_START,
	LATENCY_SLACK_MS,
	limiterCount,
	limiterFor,
	MAX_AUTO_REQUESTS,
	MAX_LIMITERS,
	HELD_ANSWERS,
	MAX_PROBE_EVERY,
	PROBE_EVERY,
	PROBE_HOLDS,
	resetLimiters,
	sendAdaptively,
	SLOW_FACTOR,
	type Slot,
} from '../../nodes/shared/concurrency';

const OK = { latencyMs: 20 };

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Fills the limiter (plus `extra` waiting) and returns the granted slots. */
async function fill(limiter: AdaptiveLimiter, extra = 0): Promise<{ slots: Slot[]; waiting: Array<Promise<Slot>> }> {
	const slots: Slot[] = [];
	while (limiter.inFlight < limiter.limit) slots.push(await limiter.acquire());
	const waiting = Array.from({ length: extra }, () => limiter.acquire());
	return { slots, waiting };
}

/** An error as n8n's request helper throws it for an HTTP answer. */
const httpError = (status: number, headers: Record<string, string> = {}) => Object.assign(new Error(`status ${status}`), { response: { status, headers } });

beforeEach(() => resetLimiters());

describe('adaptive limiter', () => {
	it(`starts at ${AUTO_START} in flight and grows by one per answer while requests wait, up to the ceiling`, async () => {
		const limiter = new AdaptiveLimiter(12);
		const open: Slot[] = [];
		for (let i = 0; i < 100; i++) void limiter.acquire().then((slot) => open.push(slot));
		await flush();
		expect(open).toHaveLength(AUTO_START);
		const limits: number[] = [];
		for (let i = 0; i < 30; i++) {
			limiter.finish(open.shift()!, OK);
			limits.push(limiter.limit);
			await flush();
		}
		expect(limits.slice(0, 3)).toEqual([AUTO_START + 1, AUTO_START + 2, AUTO_START + 3]);
		expect(Math.max(...limits)).toBe(12);
		expect(open).toHaveLength(12);
	});

	it('does not grow without demand (fewer requests than the limit)', () => {
		const limiter = new AdaptiveLimiter();
		for (let i = 0; i < 50; i++) limiter.finish({ inFlight: 1 }, OK);
		expect(limiter.limit).toBe(AUTO_START);
	});

	it('does not grow while answers are slower than twice the fastest one plus the slack', async () => {
		const limiter = new AdaptiveLimiter();
		const { slots } = await fill(limiter, 10);
		limiter.finish(slots[0], { latencyMs: 20 });
		const after = limiter.limit;
		limiter.finish(slots[1], { latencyMs: 2 * 20 + LATENCY_SLACK_MS + 1 });
		expect(limiter.limit).toBe(after);
	});

	it.each([429, 503])('backs off at once on %i: below the number in flight when it was sent, remembered, pausing every request', async (status) => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 30;
		const { slots } = await fill(limiter);
		const refused = slots[24]; // sent as the 25th in flight
		expect(limiter.finish(refused, { status, latencyMs: 1 })).toBe(true);
		expect(limiter.limit).toBe(24);
		expect(limiter.learned).toBe(24);
		// the others of the same burst, sent higher, change nothing more
		expect(limiter.finish(slots[29], { status, latencyMs: 1 })).toBe(false);
		expect(limiter.limit).toBe(24);
	});

	it('probes one above the learned limit only after many answers; a refused probe waits alone and sets it back', () => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 20;
		limiter.learned = 20;
		for (let i = 1; i < PROBE_EVERY; i++) {
			limiter.inFlight = 20;
			limiter.finish({ inFlight: 20 }, OK);
			expect(limiter.limit).toBe(20);
		}
		limiter.inFlight = 20;
		limiter.finish({ inFlight: 20 }, OK);
		expect(limiter.limit).toBe(21);
		expect(limiter.finish({ inFlight: 21, probe: true }, { status: 429, latencyMs: 1 })).toBe(false);
		expect(limiter.limit).toBe(20);
		expect(limiter.learned).toBe(20);
	});

	it(`a try above the learned limit holds after ${PROBE_HOLDS} accepted answers sent above it, not one lucky answer; an answer to a request sent before the limit was learned does not count`, () => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 21; // a try is running
		limiter.learned = 20;
		limiter.finish({ inFlight: 30 }, OK); // sent before the limit was learned
		for (let i = 1; i < PROBE_HOLDS; i++) {
			limiter.inFlight = 21;
			limiter.finish({ inFlight: 21, probe: true }, OK);
			expect(limiter.learned).toBe(20);
		}
		limiter.inFlight = 21;
		limiter.finish({ inFlight: 21, probe: true }, OK);
		expect(limiter.learned).toBe(21);
		expect(limiter.probeEvery).toBe(PROBE_EVERY);
	});

	it('a try refused after some accepted answers ends without a pause, and each refused try doubles the wait before the next, up to the most', () => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 20;
		limiter.learned = 20;
		const waits: number[] = [];
		for (let round = 0; round < 9; round++) {
			let answers = 0;
			while (limiter.limit === 20) {
				limiter.inFlight = 20;
				limiter.finish({ inFlight: 20 }, OK);
				answers++;
			}
			waits.push(answers);
			limiter.inFlight = 21;
			limiter.finish({ inFlight: 21, probe: true }, OK); // accepted by luck
			expect(limiter.finish({ inFlight: 21, probe: true }, { failed: true, status: 429, latencyMs: 1 })).toBe(false);
			expect(limiter.limit).toBe(20);
			expect(limiter.learned).toBe(20);
		}
		expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 64, 64].map((n) => n * PROBE_EVERY));
		expect(MAX_PROBE_EVERY).toBe(64 * PROBE_EVERY);
	});

	it(`a refusal soon after the limit was learned lowers it without pausing everyone again; after ${HELD_ANSWERS} answers at a limit, a refusal below it is news and pauses, one at it is not`, () => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 30;
		expect(limiter.finish({ inFlight: 23 }, { failed: true, status: 429, latencyMs: 1 })).toBe(true); // the first: learned 22
		expect(limiter.learned).toBe(22);
		expect(limiter.finish({ inFlight: 21 }, { failed: true, status: 429, latencyMs: 1 })).toBe(false); // the estimate was high
		expect([limiter.limit, limiter.learned]).toEqual([20, 20]);
		expect(limiter.finish({ inFlight: 26 }, { failed: true, status: 429, latencyMs: 1 })).toBe(false); // sent before: above it
		expect([limiter.limit, limiter.learned]).toEqual([20, 20]);
		for (let i = 0; i < HELD_ANSWERS; i++) limiter.finish({ inFlight: 20 }, OK);
		expect(limiter.finish({ inFlight: 16 }, { failed: true, status: 429, latencyMs: 1 })).toBe(true); // the API's limit fell
		expect([limiter.limit, limiter.learned]).toEqual([15, 15]);
		expect(limiter.probeEvery).toBe(PROBE_EVERY);
		// at the learned limit itself, even after long: one fewer, no pause, the next try later
		for (let i = 0; i < HELD_ANSWERS; i++) limiter.finish({ inFlight: 15 }, OK);
		expect(limiter.finish({ inFlight: 15 }, { failed: true, status: 429, latencyMs: 1 })).toBe(false);
		expect([limiter.limit, limiter.learned]).toEqual([14, 14]);
		expect(limiter.probeEvery).toBe(2 * PROBE_EVERY);
	});

	it('a limit found is paid for once: 6,000 requests against an API that refuses above 20 in flight, its answers read late by 0 to 2, pause every request once', async () => {
		const API_LIMIT = 20;
		const TOTAL = 6_000;
		const limiter = new AdaptiveLimiter();
		const atApi: Slot[] = [];
		const unread: Slot[] = [];
		let pauses = 0;
		let refused = 0;
		let accepted = 0;
		let tick = 0;
		const send = (slot: Slot) => {
			if (atApi.length >= API_LIMIT) {
				refused++;
				if (limiter.finish(slot, { failed: true, status: 429, latencyMs: 1 })) pauses++;
				void limiter.acquire().then(send); // the refused request is sent again (after its own Retry-After)
				return;
			}
			atApi.push(slot);
		};
		for (let i = 0; i < TOTAL; i++) void limiter.acquire().then(send);
		await flush();
		while (accepted < TOTAL) {
			const answered = atApi.shift(); // the API answers its oldest request and frees its place at once
			if (answered) unread.push(answered);
			const late = atApi.length === 0 ? 0 : [1, 2, 0, 1, 2, 1, 0][tick++ % 7]; // this process reads 0 to 2 answers late
			while (unread.length > late) {
				limiter.finish(unread.shift()!, { latencyMs: 50 });
				accepted++;
			}
			await flush();
		}
		expect(pauses).toBe(1);
		expect(limiter.learned).toBeGreaterThanOrEqual(API_LIMIT);
		expect(limiter.learned).toBeLessThanOrEqual(API_LIMIT + 2); // as counted here: the API's 20 and up to 2 unread
		expect(refused).toBeLessThan(API_LIMIT); // the first overshoot and a few tries, not one refusal per try round
	});

	it(`shrinks by a quarter, once per round trip, when answers take more than ${SLOW_FACTOR} times the usual one (e.g. several rounds of refused tokens)`, () => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 40;
		limiter.finish({ inFlight: 1 }, { latencyMs: 20 });
		const slow = { failed: true, status: 401, latencyMs: SLOW_FACTOR * (20 + LATENCY_SLACK_MS) + 1 };
		for (let i = 0; i < 38; i++) limiter.finish({ inFlight: 40 }, slow);
		expect(limiter.limit).toBe(40); // 39 answers so far: less than one round trip of 40
		limiter.finish({ inFlight: 40 }, slow);
		expect(limiter.limit).toBe(30);
		for (let i = 0; i < 29; i++) limiter.finish({ inFlight: 30 }, slow);
		expect(limiter.limit).toBe(30);
		limiter.finish({ inFlight: 30 }, slow);
		expect(limiter.limit).toBe(22);
	});

	it('when the API gets slower for good, the usual answer time follows and the limit grows again', () => {
		const limiter = new AdaptiveLimiter();
		limiter.limit = 20;
		limiter.finish({ inFlight: 1 }, { latencyMs: 1 }); // fast at first (0 ms latency)
		const limits: number[] = [];
		for (let i = 0; i < 400; i++) {
			limiter.inFlight = limiter.limit; // always full: demand
			limiter.finish({ inFlight: limiter.limit }, { latencyMs: 50 });
			limits.push(limiter.limit);
		}
		expect(limits.slice(0, 10)).toEqual(Array(10).fill(20)); // 50 ms is more than twice the usual 1 ms: no growth
		expect(limits[limits.length - 1]).toBe(MAX_AUTO_REQUESTS); // the usual time followed: growth to the ceiling
	});

	it('other failures (500, network errors) neither grow nor cut the limit', () => {
		const limiter = new AdaptiveLimiter();
		limiter.inFlight = AUTO_START;
		limiter.finish({ inFlight: AUTO_START }, { failed: true, status: 500, latencyMs: 1 });
		limiter.inFlight = AUTO_START;
		limiter.finish({ inFlight: AUTO_START }, { failed: true, latencyMs: 1 });
		expect(limiter.limit).toBe(AUTO_START);
	});

	it('property: never grants more than the limit, the limit stays within 1 and the ceiling, whatever the answers', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.integer({ min: 1, max: MAX_AUTO_REQUESTS }),
				fc.array(fc.record({ status: fc.constantFrom(undefined, 200, 429, 503, 500), latencyMs: fc.integer({ min: 0, max: 200 }), more: fc.integer({ min: 0, max: 4 }) }), { maxLength: 300 }),
				async (ceiling, answers) => {
					const limiter = new AdaptiveLimiter(ceiling);
					const open: Slot[] = [];
					const grant = (slot: Slot) => {
						expect(slot.inFlight).toBeLessThanOrEqual(ceiling);
						open.push(slot);
					};
					for (const answer of answers) {
						for (let i = 0; i < answer.more; i++) void limiter.acquire().then(grant);
						await flush();
						const slot = open.shift();
						if (slot) limiter.finish(slot, { failed: answer.status !== undefined && answer.status !== 200, status: answer.status, latencyMs: answer.latencyMs });
						await flush();
						expect(limiter.limit).toBeGreaterThanOrEqual(1);
						expect(limiter.limit).toBeLessThanOrEqual(ceiling);
						expect(limiter.inFlight).toBe(open.length);
					}
				},
			),
			{ seed: 19, numRuns: 200 },
		);
	});

	it('property: the number in flight never exceeds the limit at the moment a place is granted', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom(200, 429, 503), { minLength: 1, maxLength: 200 }), async (statuses) => {
				const limiter = new AdaptiveLimiter(MAX_AUTO_REQUESTS);
				const open: Slot[] = [];
				for (let i = 0; i < 60; i++) void limiter.acquire().then((slot) => {
					expect(slot.inFlight).toBeLessThanOrEqual(limiter.limit);
					open.push(slot);
				});
				for (const status of statuses) {
					await flush();
					const slot = open.shift();
					if (!slot) break;
					limiter.finish(slot, { status, latencyMs: 5 });
					void limiter.acquire().then((next) => {
						expect(next.inFlight).toBeLessThanOrEqual(limiter.limit);
						open.push(next);
					});
				}
			}),
			{ seed: 19, numRuns: 100 },
		);
	});
});

describe('shared per credential', () => {
	it('one limiter per credential key in the process: two runs with the same credential share it, another credential has its own', async () => {
		const first = limiterFor('Zertiban\nhttps://a\nclient-1');
		expect(limiterFor('Zertiban\nhttps://a\nclient-1')).toBe(first);
		expect(limiterFor('Zertiban\nhttps://a\nclient-2')).not.toBe(first);
		// what one run learned holds for the next
		first.limit = 30;
		first.finish({ inFlight: 21 }, { status: 429, latencyMs: 1 });
		expect(limiterFor('Zertiban\nhttps://a\nclient-1').limit).toBe(20);
	});

	it('two runs sending at once never have more in flight together than the shared limit', async () => {
		const key = 'Confirma Finance\nhttps://c\nhash';
		let inFlight = 0;
		let most = 0;
		const release: Array<() => void> = [];
		const send = () =>
			new Promise<string>((resolve) => {
				inFlight++;
				most = Math.max(most, inFlight);
				release.push(() => {
					inFlight--;
					resolve('ok');
				});
			});
		const runs = [0, 1].map(async () => await Promise.all(Array.from({ length: 10 }, async () => await sendAdaptively(key, send))));
		await flush();
		expect(inFlight).toBe(AUTO_START);
		while (release.length > 0) {
			release.shift()!();
			await flush();
			expect(inFlight).toBeLessThanOrEqual(limiterFor(key).limit);
		}
		expect((await Promise.all(runs)).flat()).toHaveLength(20);
		expect(most).toBeGreaterThan(AUTO_START);
	});

	it(`keeps at most ${MAX_LIMITERS} credentials`, () => {
		for (let i = 0; i < MAX_LIMITERS + 25; i++) limiterFor(`key ${i}`);
		expect(limiterCount()).toBe(MAX_LIMITERS);
	});
});

describe('Retry-After', () => {
	afterEach(() => jest.useRealTimers());

	it('a 429 that lowered the limit holds every request of the credential for its Retry-After', async () => {
		jest.useFakeTimers();
		const key = 'Zertiban\nhttps://r\nclient';
		limiterFor(key).limit = 10;
		limiterFor(key).inFlight = 5; // sent as the 6th in flight
		await expect(sendAdaptively(key, () => Promise.reject(httpError(429, { 'Retry-After': '2' })))).rejects.toThrow('status 429');
		limiterFor(key).inFlight = 0;
		expect(limiterFor(key).limit).toBe(5);
		const sent = jest.fn(async () => 'ok');
		const next = sendAdaptively(key, sent);
		await jest.advanceTimersByTimeAsync(1_990);
		expect(sent).not.toHaveBeenCalled();
		await jest.advanceTimersByTimeAsync(20);
		await expect(next).resolves.toBe('ok');
		expect(sent).toHaveBeenCalledTimes(1);
	});

	it('a refused probe does not hold the others', async () => {
		jest.useFakeTimers();
		const key = 'Zertiban\nhttps://p\nclient';
		const limiter = limiterFor(key);
		limiter.limit = 21;
		limiter.learned = 20;
		limiter.inFlight = 20; // the probe is the 21st
		await expect(sendAdaptively(key, () => Promise.reject(httpError(429, { 'Retry-After': '5' })))).rejects.toThrow('status 429');
		limiter.inFlight = 0;
		const sent = jest.fn(async () => 'ok');
		const next = sendAdaptively(key, sent);
		await jest.advanceTimersByTimeAsync(0);
		await expect(next).resolves.toBe('ok');
	});
});
