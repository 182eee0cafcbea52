/**
 * The payment record's protocol (nodes/Cfis/record/ledger.ts) against an in-memory store with the one atomic step
 * the real store has (a compare-and-set on one row) and a model of Confirma Finance that applies Direct Payments
 * asynchronously, within the processing time. fast-check's scheduler interleaves every store call and every request
 * of several reporters of the same payments, crashes reporters at any step (also right after their Direct Payment
 * left), moves the clock so leases run out mid-flight, and then lets the sweep run. Whatever happened: never two
 * Direct Payments for one Zertiban payment, and after the sweep each payment is applied once, or a person was asked.
 */
import fc from 'fast-check';

import { caseVerdict, LedgerError, reportOnce, SendInDoubtError, type RecordRow, type RecordStore, type RecordValues, type ReportResult } from '../../nodes/Cfis/record/ledger';

class Crash extends Error {}
class Refused extends Error {}

const CASE = 4711;
const LEASE = 60_000;
const PROCESSING = 120_000;
const content = { amount: 0.99, currency: 'EUR', paymentDate: '2026-11-28', reference: '1337109' };

/** One world: the shared store, Confirma Finance's queue and case, the clock. */
function world(options: { paymentsList: boolean; step: <T>(run: () => T) => Promise<T> }) {
	let now = 1_000_000;
	let nextId = 1;
	const rows: RecordRow[] = [];
	const queue: Array<{ key: string; at: number }> = [];
	const applied: string[] = [];
	const { step } = options;
	const apply = (upTo: number) => {
		for (const entry of [...queue]) {
			if (entry.at <= upTo) {
				queue.splice(queue.indexOf(entry), 1);
				applied.push(entry.key);
			}
		}
	};
	/** Moves the clock; Confirma Finance applies every action older than the processing time (the assumption). */
	const advance = (ms: number) => {
		now += ms;
		apply(now - PROCESSING);
	};
	const store: RecordStore = {
		byKey: (key) => step(() => rows.filter((r) => r.paymentKey === key).map((r) => ({ ...r }))),
		byCase: (caseId) => step(() => rows.filter((r) => r.caseId === caseId).map((r) => ({ ...r }))),
		insert: (values) =>
			step(() => {
				const row = { ...values, id: nextId++ };
				rows.push(row);
				return { ...row };
			}),
		update: (id, expect, set) =>
			step(() => {
				const row = rows.find((r) => r.id === id);
				if (!row || !Object.entries(expect).every(([k, v]) => (row as unknown as Record<string, unknown>)[k] === v)) return undefined;
				Object.assign(row, set);
				return { ...row };
			}),
	};
	return {
		store,
		rows,
		queue,
		applied,
		advance,
		flush: () => apply(Infinity),
		now: () => now,
		/** Confirma Finance for reports of `key`: the case shows only what was applied (with or without a payments list). */
		confirma(key: string, hooks: { beforeStep?: (kind: string) => void; refuse?: () => boolean } = {}) {
			return {
				recorded: () =>
					step(() => {
						hooks.beforeStep?.('read');
						return { caseId: CASE, payments: options.paymentsList ? applied.map(() => ({ amount: content.amount, date: content.paymentDate, reference: content.reference })) : undefined };
					}),
				send: async () => {
					await step(() => {
						hooks.beforeStep?.('send');
						if (hooks.refuse?.()) throw new Refused('429 rate limited');
						queue.push({ key, at: now });
					});
					// The answer travels back: a crash here leaves the action queued and the reporter without an answer.
					return await step(() => {
						hooks.beforeStep?.('answer');
						return { actions: [{ index: 0, code: 'DIRECTPAYMENT', status: 'PENDING', actionId: `${CASE}-${queue.length}` }] };
					});
				},
				refused: (error: unknown) => error instanceof Refused,
			};
		},
	};
}

type World = ReturnType<typeof world>;

/** A reporter of `key` that crashes at its `crashAt`-th step (never when undefined); clock moves by `ticks`. */
function reporter(w: World, key: string, owner: string, crashAt: number | undefined, ticks: number[], refusals: boolean[]) {
	let steps = 0;
	const beforeStep = (kind?: string) => {
		steps++;
		// A request leaves at once when its sender decides to send (no clock move between the two).
		if (kind !== 'send') w.advance(ticks[steps % ticks.length]);
		if (crashAt !== undefined && steps >= crashAt) throw new Crash(`${owner} crashed at step ${steps}`);
	};
	const store: RecordStore = {
		byKey: async (k) => (beforeStep(), await w.store.byKey(k)),
		byCase: async (c) => (beforeStep(), await w.store.byCase(c)),
		insert: async (v) => (beforeStep(), await w.store.insert(v)),
		update: async (id, e, s) => (beforeStep(), await w.store.update(id, e, s)),
	};
	const confirma = w.confirma(key, { beforeStep, refuse: () => refusals[steps % refusals.length] === true });
	return reportOnce(store, confirma, { paymentKey: key, caseId: CASE, ...content }, {
		owner,
		executionId: owner,
		leaseMs: LEASE,
		processingMs: PROCESSING,
		now: w.now,
		pause: async (ms) => {
			w.advance(ms);
			await w.store.byKey(key); // a pause is one more point where others move
		},
	});
}

/** The sweep: reports `key` until it settles (bounded), the clock moved past every lease and processing time first. */
async function sweep(w: World, key: string): Promise<ReportResult | LedgerError> {
	let last: ReportResult | LedgerError = new LedgerError('not run');
	for (let round = 0; round < 4; round++) {
		w.advance(LEASE + PROCESSING + 1);
		w.flush();
		try {
			last = await reportOnce(w.store, w.confirma(key), { paymentKey: key, caseId: CASE, ...content }, {
				owner: `sweep-${round}`,
				executionId: 'sweep',
				leaseMs: LEASE,
				processingMs: PROCESSING,
				now: w.now,
				pause: async (ms) => w.advance(ms),
			});
		} catch (error) {
			if (!(error instanceof LedgerError) || !error.needsReview) throw error;
			return error;
		}
		if (!['inProgress', 'waitingForConfirma'].includes(last.outcome)) return last;
	}
	return last;
}

const scenario = fc.record({
	keys: fc.constantFrom<string[]>(['a'], ['a', 'b']),
	reporters: fc.array(fc.record({ key: fc.nat(1), crashAt: fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined }) }), { minLength: 1, maxLength: 4 }),
	ticks: fc.array(fc.constantFrom(0, 0, 0, 5, 500, 20_000, 70_000), { minLength: 1, maxLength: 12 }),
	refusals: fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
	paymentsList: fc.boolean(),
});

describe('payment record: claims, crashes and the sweep (fast-check scheduler)', () => {
	it('never sends two Direct Payments for one Zertiban payment; after the sweep each is applied once, or a person was asked', async () => {
		await fc.assert(
			fc.asyncProperty(fc.scheduler(), scenario, async (s, { keys, reporters, ticks, refusals, paymentsList }) => {
				let racing = true;
				const w = world({ paymentsList, step: async (run) => (racing ? (await s.schedule(Promise.resolve()), run()) : run()) });
				const runs = reporters.map(({ key, crashAt }, i) =>
					reporter(w, keys[key % keys.length], `r${i}`, crashAt, ticks, refusals).then(
						(r) => r.outcome,
						(e: Error) => e.constructor.name,
					),
				);
				await s.waitIdle();
				const outcomes = await Promise.all(runs);
				racing = false;
				// Before the sweep: no payment was applied or queued twice.
				for (const key of keys) expect(w.applied.filter((k) => k === key).length + w.queue.filter((q) => q.key === key).length).toBeLessThanOrEqual(1);
				for (const key of keys) {
					const swept = await sweep(w, key);
					w.flush();
					const count = w.applied.filter((k) => k === key).length;
					if (swept instanceof LedgerError) {
						// Asked a person: only when the case cannot tell, and nothing was sent again.
						expect({ count: count <= 1, review: swept.needsReview }).toEqual({ count: true, review: true });
					} else {
						expect({ key, count, outcome: swept.outcome, outcomes }).toEqual({ key, count: 1, outcome: expect.stringMatching(/^(reported|recovered|alreadyReported)$/), outcomes });
					}
				}
				expect(w.queue).toEqual([]);
				// At most one live row per payment, whatever was voided on the way.
				for (const key of keys) expect(w.rows.filter((r) => r.paymentKey === key && !['pending', 'void'].includes(r.state)).length).toBeLessThanOrEqual(1);
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('payment record: the case as second check (caseVerdict)', () => {
	const row = { paymentKey: 'a', ...content };
	const paid = { amount: 0.99, date: '2026-11-28', reference: '1337109' };
	const other = (state: RecordValues['state'], sentAt: number | null = null): RecordRow => ({
		...row,
		id: 9,
		paymentKey: 'b',
		state,
		owner: 'x',
		attempt: 0,
		leaseUntil: null,
		caseId: CASE,
		invoiceNumber: null,
		sendingAt: sentAt,
		sentAt,
		confirmedAt: null,
		actionId: '',
		executionId: '',
		note: '',
	});

	it('applied when the case records a payment of the same amount, date and reference; missing when it does not', () => {
		expect(caseVerdict(row, [paid], [])).toBe('applied');
		expect(caseVerdict(row, [], [])).toBe('missing');
		expect(caseVerdict(row, [{ ...paid, amount: 1.99 }], [])).toBe('missing');
		// Another payment of other content does not matter.
		expect(caseVerdict(row, [paid], [{ ...other('confirmed'), amount: 1.99 }])).toBe('applied');
	});

	it('ambiguous when another Zertiban payment of the same content on the case is in the record, in any state but pending or void', () => {
		for (const state of ['claimed', 'sending', 'sent', 'confirmed'] as const) expect(caseVerdict(row, [paid], [other(state)])).toBe('ambiguous');
		for (const state of ['pending', 'void'] as const) expect(caseVerdict(row, [paid], [other(state)])).toBe('applied');
	});
});

describe('payment record: single reporter paths', () => {
	const sequential = () => world({ paymentsList: true, step: async (run) => run() });
	const report = (w: World, owner: string) =>
		reportOnce(w.store, w.confirma('a'), { paymentKey: 'a', caseId: CASE, ...content }, { owner, executionId: owner, leaseMs: LEASE, processingMs: PROCESSING, now: w.now, pause: async () => undefined });

	it('reports once, then answers every repeat from the record, and confirms it once the case shows it', async () => {
		const w = sequential();
		expect((await report(w, 'one')).outcome).toBe('reported');
		const again = await report(w, 'two');
		expect({ outcome: again.outcome, state: again.row.state, queued: w.queue.length }).toEqual({ outcome: 'alreadyReported', state: 'sent', queued: 1 });
		w.flush();
		const later = await report(w, 'three');
		expect({ outcome: later.outcome, state: later.row.state, applied: w.applied }).toEqual({ outcome: 'alreadyReported', state: 'confirmed', applied: ['a'] });
	});

	it('does not send a payment the case already records (reported by hand before): confirmed, nothing sent', async () => {
		const w = sequential();
		w.applied.push('by hand');
		const first = await report(w, 'one');
		expect({ outcome: first.outcome, state: first.row.state, queued: w.queue.length }).toEqual({ outcome: 'alreadyReported', state: 'confirmed', queued: 0 });
	});

	it('a sender that died after its request left is in doubt: waited for, then found in the case (recovered), never sent again', async () => {
		const w = sequential();
		const dying = w.confirma('a', { beforeStep: (kind) => { if (kind === 'answer') throw new Crash('killed'); } });
		await expect(reportOnce(w.store, dying, { paymentKey: 'a', caseId: CASE, ...content }, { owner: 'dead', executionId: '1', leaseMs: LEASE, processingMs: PROCESSING, now: w.now, pause: async () => undefined })).rejects.toBeInstanceOf(SendInDoubtError);
		expect((await report(w, 'early')).outcome).toBe('inProgress'); // its lease is still running
		w.advance(LEASE + 1);
		expect((await report(w, 'waiting')).outcome).toBe('waitingForConfirma');
		w.advance(PROCESSING);
		const settled = await report(w, 'sweep');
		expect({ outcome: settled.outcome, state: settled.row.state, applied: w.applied, queued: w.queue.length }).toEqual({ outcome: 'recovered', state: 'confirmed', applied: ['a'], queued: 0 });
	});

	it('in doubt and the case shows no payments list: a person is asked, nothing is sent again', async () => {
		const w = world({ paymentsList: false, step: async (run) => run() });
		const dying = w.confirma('a', { beforeStep: (kind) => { if (kind === 'answer') throw new Crash('killed'); } });
		const options = (owner: string) => ({ owner, executionId: owner, leaseMs: LEASE, processingMs: PROCESSING, now: w.now, pause: async () => undefined });
		await expect(reportOnce(w.store, dying, { paymentKey: 'a', caseId: CASE, ...content }, options('dead'))).rejects.toBeInstanceOf(SendInDoubtError);
		w.advance(LEASE + PROCESSING + 1);
		const error = await reportOnce(w.store, w.confirma('a'), { paymentKey: 'a', caseId: CASE, ...content }, options('sweep')).catch((e: LedgerError) => e);
		expect(error).toBeInstanceOf(LedgerError);
		expect({ review: (error as LedgerError).needsReview, message: (error as Error).message, sent: w.queue.length + w.applied.length }).toEqual({
			review: true,
			message: expect.stringContaining('shows no payments list'),
			sent: 1,
		});
	});

	it('a second report of the same Zertiban payment with another date follows the first: its date is the one sent', async () => {
		const w = sequential();
		const sent: string[] = [];
		const confirma = { ...w.confirma('a'), send: async (caseId: number, payment: { paymentDate: string }) => (sent.push(payment.paymentDate), await w.confirma('a').send()) };
		const options = (owner: string) => ({ owner, executionId: owner, leaseMs: LEASE, processingMs: PROCESSING, now: w.now, pause: async () => undefined });
		await reportOnce(w.store, confirma, { paymentKey: 'a', caseId: CASE, ...content }, options('one'));
		const later = await reportOnce(w.store, confirma, { paymentKey: 'a', caseId: CASE, ...content, paymentDate: '2026-11-29' }, options('two'));
		expect({ outcome: later.outcome, date: later.row.paymentDate, sent }).toEqual({ outcome: 'alreadyReported', date: '2026-11-28', sent: ['2026-11-28'] });
	});

	it('refuses a second report of the same Zertiban payment with other content, naming both', async () => {
		const w = sequential();
		await report(w, 'one');
		const error = await reportOnce(w.store, w.confirma('a'), { paymentKey: 'a', caseId: CASE, ...content, amount: 1.99 }, { owner: 'two', executionId: '2', leaseMs: LEASE, processingMs: PROCESSING, now: w.now, pause: async () => undefined }).catch((e: Error) => e);
		expect(error).toEqual(expect.objectContaining({ needsReview: true, message: expect.stringContaining('already holds a different report for Zertiban payment a (0.99 EUR') }));
		expect(w.queue.length).toBe(1);
	});
});
