/**
 * Paging of the Zertiban Polling Trigger (nodes/Zertiban/polling/changes.ts) together with the shared
 * polling state (nodes/shared/polling.ts), the way the node combines them, against an in-memory operation list that
 * behaves like `GET /flow/v1/operations?q_fromStatusUpdatedAt=…&q_toStatusUpdatedAt=…&sort_by=statusUpdatedAt&
 * sort_dir=ASC&offset=…&limit=…` and, like the API, returns no `statusUpdatedAt` in its records.
 */
import type { IDataObject } from 'n8n-workflow';

import { collectChanges, pollChanges, readChangesState, type ChangesState, type FetchPage } from '../../nodes/Zertiban/polling/changes';
import { startPoll } from '../../nodes/shared/polling';

interface Row {
	uuid: string;
	status: string;
	/** the server's bookkeeping, epoch ms; not in the records it returns */
	at: number;
}
const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const OVERLAP_MS = 50;

function api(rows: Row[], beforePage?: (page: number) => void, { withTotal = true } = {}) {
	let pages = 0;
	const fetchPage: FetchPage = async (fromIso, toIso, offset, limit) => {
		beforePage?.(pages);
		pages++;
		const inWindow = rows
			.filter((row) => row.at >= Date.parse(fromIso) && row.at <= Date.parse(toIso))
			.sort((a, b) => a.at - b.at || a.uuid.localeCompare(b.uuid));
		const results = inWindow.slice(offset, offset + limit).map(({ uuid, status }): IDataObject => ({ uuid, status }));
		return withTotal ? { total: inWindow.length, results } : { results };
	};
	return { fetchPage, pages: () => pages };
}

/** One poll at time `now` through the node's own poll function, state stored as JSON like n8n's static data. */
async function poll(state: ChangesState, fetchPage: FetchPage, now: number, { pageSize = 3, maxPages = 50, mayContinue = (): boolean => true, resolutionMs = 1, overlapMs = OVERLAP_MS } = {}) {
	const result = await pollChanges(fetchPage, state, { now, overlapMs, pageSize, maxPages, maxSeen: maxPages * pageSize, mayContinue, resolutionMs });
	const stored = readChangesState(JSON.parse(JSON.stringify(result.state)))!;
	return { emitted: result.fresh.map((r) => `${String(r.uuid)}:${String(r.status)}`), state: stored };
}

const row = (n: number, status: string, ms: number): Row => ({ uuid: `op-${String(n).padStart(2, '0')}`, status, at: T0 + ms });

describe('Zertiban Polling Trigger paging', () => {
	it('emits two changes of the same millisecond that straddle a page boundary, each once', async () => {
		const rows = [row(1, 'COMPLETED', 10), row(2, 'COMPLETED', 20), row(3, 'COMPLETED', 30), row(4, 'COMPLETED', 30), row(5, 'OPENED', 40)];
		const { emitted, state } = await poll(startPoll(T0), api(rows).fetchPage, T0 + 100);
		expect(emitted).toEqual(['op-01:COMPLETED', 'op-02:COMPLETED', 'op-03:COMPLETED', 'op-04:COMPLETED', 'op-05:OPENED']);
		expect(state.cursor).toBe(T0 + 100 - OVERLAP_MS); // the last 50 ms are read again next poll
	});

	it('misses nothing when an operation changes while the pages are read (plain offset paging would skip one)', async () => {
		const make = () => [1, 2, 3, 4, 5, 6].map((n) => row(n, 'OPENED', n * 10));
		const rows = make();
		// After the first page, op-02 (already read) is completed: it leaves the window (new time after its end).
		const completeOp2 = (list: Row[]) => (page: number) => page === 1 && Object.assign(list[1], { status: 'COMPLETED', at: T0 + 150 });
		const first = await poll(startPoll(T0), api(rows, completeOp2(rows)).fetchPage, T0 + 100);
		expect(first.emitted).toEqual(['op-01:OPENED', 'op-02:OPENED', 'op-03:OPENED', 'op-04:OPENED', 'op-05:OPENED', 'op-06:OPENED']);
		const second = await poll(first.state, api(rows).fetchPage, T0 + 200);
		expect(second.emitted).toEqual(['op-02:COMPLETED']);

		// The same change under plain offset paging: the second page (offset 3) starts one record too late.
		const moving = make();
		const plain = api(moving, completeOp2(moving));
		const read: IDataObject[] = [];
		for (let offset = 0; offset < 9; offset += 3) read.push(...(await plain.fetchPage(new Date(T0).toISOString(), new Date(T0 + 100).toISOString(), offset, 3)).results);
		expect(read.map((o) => o.uuid)).not.toContain('op-04');
	});

	it('emits nothing when the same poll runs again, and a change recorded late (inside the overlap) once', async () => {
		const rows = [row(1, 'COMPLETED', 10), row(2, 'COMPLETED', 10), row(3, 'REJECTED', 20)];
		const first = await poll(startPoll(T0), api(rows).fetchPage, T0 + 100);
		expect(first.emitted).toHaveLength(3);
		const repeated = await poll(first.state, api(rows).fetchPage, T0 + 100);
		expect(repeated.emitted).toEqual([]);
		expect(repeated.state).toEqual(first.state);
		rows.push(row(4, 'COMPLETED', 95)); // committed after the first poll read, with an earlier time (within 50 ms)
		const later = await poll(repeated.state, api(rows).fetchPage, T0 + 500);
		expect(later.emitted).toEqual(['op-04:COMPLETED']);
		expect((await poll(later.state, api(rows).fetchPage, T0 + 900)).emitted).toEqual([]);
	});

	it('with whole-second change times, a change in the same second just after the cursor is emitted once', async () => {
		// activated at 10:00:00.400; the change happened at .700 but the API records 10:00:00
		const rows = [row(1, 'COMPLETED', 0)];
		const first = await poll(startPoll(T0 + 400), api(rows).fetchPage, T0 + 900, { resolutionMs: 1000 });
		expect(first.emitted).toEqual(['op-01:COMPLETED']);
		expect((await poll(first.state, api(rows).fetchPage, T0 + 1_500, { resolutionMs: 1000 })).emitted).toEqual([]);
		// a millisecond cursor would miss it
		expect((await poll(startPoll(T0 + 400), api(rows).fetchPage, T0 + 900)).emitted).toEqual([]);
	});

	it('stops paging when the budget says so: emits nothing, keeps the cursor, and the next polls emit everything once', async () => {
		const rows = Array.from({ length: 9 }, (_, n) => row(n, 'COMPLETED', 10 * (n + 1)));
		const first = await poll(startPoll(T0), api(rows).fetchPage, T0 + 100, { mayContinue: () => false });
		expect(first).toEqual({ emitted: [], state: { cursor: T0, seen: [], pendingTo: T0 + 50 } });
		const second = await poll(first.state, api(rows).fetchPage, T0 + 200);
		const third = await poll(second.state, api(rows).fetchPage, T0 + 300);
		expect([...second.emitted, ...third.emitted]).toEqual(rows.map((r) => `${r.uuid}:COMPLETED`));
		expect(second.state.cursor).toBeGreaterThan(T0);
	});

	it('gives up after repeated restarts without moving the cursor', async () => {
		const rows = Array.from({ length: 6 }, (_, n) => row(n, 'OPENED', 10 * (n + 1)));
		let extra = 100;
		const churn = api(rows, () => rows.push(row(extra++, 'OPENED', 5))); // the window grows before every page
		const result = await collectChanges(churn.fetchPage, { from: T0, to: T0 + 100, pageSize: 3, maxPages: 50, maxRestarts: 2, mayContinue: () => true });
		expect(result).toMatchObject({ complete: false, restarts: 3 });
		const poll1 = await poll(startPoll(T0), churn.fetchPage, T0 + 100);
		expect(poll1.emitted).toEqual([]);
		expect(poll1.state.cursor).toBe(T0);
	});

	/** Polls every minute from `start` until `done()` or `maxPolls`; every emitted key, and the cursor after each poll. */
	async function pollUntil(rows: Row[], state: ChangesState, start: number, budget: { pageSize: number; maxPages: number }, maxPolls: number, options: { withTotal?: boolean; during?: (n: number, now: number) => void } = {}) {
		const emitted: string[] = [];
		const cursors: number[] = [];
		let now = start;
		for (let n = 0; n < maxPolls && emitted.length < rows.length; n++) {
			options.during?.(n, now);
			const result = await poll(state, api(rows, undefined, { withTotal: options.withTotal ?? true }).fetchPage, now, budget);
			emitted.push(...result.emitted);
			expect(result.state.seen.length).toBeLessThanOrEqual(budget.maxPages * budget.pageSize);
			state = result.state;
			cursors.push(state.cursor);
			now += 60_000;
		}
		return { emitted, cursors, state, now };
	}
	const keysOf = (rows: Row[]) => rows.map((r) => `${r.uuid}:${r.status}`);

	it('after a backlog of 2 500 changes read with 5 pages of 100 per poll: every change once, none missed, the cursor moves every poll', async () => {
		// the trigger was off for 3 hours: 2 500 changes, spread unevenly (a busy half hour holds half of them)
		const rows = Array.from({ length: 2500 }, (_, n) => ({ uuid: `op-${String(n).padStart(4, '0')}`, status: n % 7 === 0 ? 'REJECTED' : 'COMPLETED', at: T0 + (n < 1250 ? n * 1_440 : 1_800_000 + (n - 1250) * 7_200) }));
		// and while it catches up, a new change lands before every poll
		const { emitted, cursors } = await pollUntil(rows, startPoll(T0), T0 + 3 * 3_600_000, { pageSize: 100, maxPages: 5 }, 60, {
			during: (n, now) => rows.push({ uuid: `live-${n}`, status: 'COMPLETED', at: now - 10 }),
		});
		expect(new Set(emitted).size).toBe(emitted.length); // no key twice
		expect([...emitted].sort()).toEqual(keysOf(rows).sort()); // none missed, the live ones included
		// the cursor moved forward at every poll (each poll read at least one window)
		for (let i = 1; i < cursors.length; i++) expect(cursors[i]).toBeGreaterThan(cursors[i - 1]);
		expect(rows.length).toBeGreaterThan(2500);
		expect(cursors.length).toBeLessThan(20);
	});

	it('catches up a backlog also when the API sends no total: windows halve until a read completes', async () => {
		const rows = Array.from({ length: 600 }, (_, n) => row(n, 'COMPLETED', 1 + n * 500));
		const { emitted, cursors } = await pollUntil(rows, startPoll(T0), T0 + 3_600_000, { pageSize: 100, maxPages: 3 }, 60, { withTotal: false });
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual(keysOf(rows).sort());
		for (let i = 1; i < cursors.length; i++) expect(cursors[i]).toBeGreaterThanOrEqual(cursors[i - 1]);
	});

	it('reads more changes of one millisecond than a page (and than the page budget) holds, each once, and moves on', async () => {
		// 250 changes in the same millisecond between others, 100 per page, 2 pages per poll
		const same = Array.from({ length: 250 }, (_, n) => ({ uuid: `same-${String(n).padStart(3, '0')}`, status: 'COMPLETED', at: T0 + 5_000 }));
		const rows = [row(1, 'COMPLETED', 1_000), ...same, row(2, 'COMPLETED', 9_000), row(3, 'EXPIRED', 20_000)];
		const { emitted, cursors, state, now } = await pollUntil(rows, startPoll(T0), T0 + 60_000, { pageSize: 100, maxPages: 2 }, 30);
		expect(new Set(emitted).size).toBe(emitted.length);
		expect([...emitted].sort()).toEqual(keysOf(rows).sort());
		expect(cursors.at(-1)).toBeGreaterThan(T0 + 5_000);
		// and nothing comes again afterwards
		expect((await poll(state, api(rows).fetchPage, now, { pageSize: 100, maxPages: 2 })).emitted).toEqual([]);
	});

	describe('with whole-second times (the node\'s resolutionMs 1000) and one second holding more than a poll can page through', () => {
		/** `count` changes in the second T0+5 s between others, and two changes after it */
		const heavySecond = (count: number): Row[] => [
			row(1, 'COMPLETED', 2_000),
			...Array.from({ length: count }, (_, n) => ({ uuid: `same-${String(n).padStart(5, '0')}`, status: 'COMPLETED', at: T0 + 5_000 })),
			row(2, 'COMPLETED', 9_000),
			row(3, 'EXPIRED', 20_000),
		];
		/** `polls` polls a minute apart (default: with the node's 60 s overlap); every emitted key and the cursor after each poll */
		async function pollMinutes(rows: Row[], budget: { pageSize: number; maxPages: number }, polls: number, { start = T0 + 600_000, overlapMs = 60_000, activated = T0 } = {}) {
			const emitted: string[] = [];
			const cursors: number[] = [];
			let state: ChangesState = startPoll(activated);
			let pages = 0;
			for (let n = 0; n < polls; n++) {
				const list = api(rows);
				const result = await poll(state, list.fetchPage, start + n * 60_000, { ...budget, resolutionMs: 1000, overlapMs });
				emitted.push(...result.emitted);
				expect(result.state.seen.length).toBeLessThanOrEqual(budget.maxPages * budget.pageSize);
				state = result.state;
				cursors.push(state.cursor);
				pages += list.pages();
			}
			return { emitted, cursors, pages };
		}

		it('12 000 changes in one second with the node\'s budget (100 pages of 100): each once, the cursor past that second, later changes emitted', async () => {
			const rows = heavySecond(12_000);
			const { emitted, cursors } = await pollMinutes(rows, { pageSize: 100, maxPages: 100 }, 8);
			expect(new Set(emitted).size).toBe(emitted.length); // no key twice
			expect([...emitted].sort()).toEqual(keysOf(rows).sort()); // none missed, op-02 and op-03 (after it) included
			expect(cursors.at(-1)).toBeGreaterThan(T0 + 20_000);
		});

		it('600 changes in one second with 5 pages of 100 per poll: each once, the cursor past that second, later changes emitted', async () => {
			const rows = heavySecond(600);
			const { emitted, cursors } = await pollMinutes(rows, { pageSize: 100, maxPages: 5 }, 8);
			expect(new Set(emitted).size).toBe(emitted.length);
			expect([...emitted].sort()).toEqual(keysOf(rows).sort());
			expect(cursors.at(-1)).toBeGreaterThan(T0 + 20_000);
			// the cursor never goes back
			for (let i = 1; i < cursors.length; i++) expect(cursors[i]).toBeGreaterThanOrEqual(cursors[i - 1]);
		});

		it('a huge second still inside the overlap is emitted once it is settled, each change once', async () => {
			// activated at T0 + 50.3 s; 600 changes in that second, 5 pages of 100 per poll (500 keys at most), a 5-minute
			// overlap: that second is read at the first poll while it can still be read again, and settles at the 6th
			const rows = [...heavySecond(600).slice(1, 601).map((r) => ({ ...r, at: T0 + 50_000 })), row(9, 'COMPLETED', 90_000)];
			const { emitted, cursors } = await pollMinutes(rows, { pageSize: 100, maxPages: 5 }, 12, { start: T0 + 60_000, overlapMs: 300_000, activated: T0 + 50_300 });
			expect(new Set(emitted).size).toBe(emitted.length);
			expect([...emitted].sort()).toEqual(keysOf(rows).sort());
			expect(cursors.at(-1)).toBeGreaterThan(T0 + 90_000);
		});
	});
});
