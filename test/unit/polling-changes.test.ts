/**
 * Paging of the Zertiban Polling Trigger (nodes/ZertibanPollingTrigger/changes.ts) together with the shared
 * polling state (nodes/shared/polling.ts), the way the node combines them, against an in-memory operation list that
 * behaves like `GET /flow/v1/operations?q_fromStatusUpdatedAt=…&q_toStatusUpdatedAt=…&sort_by=statusUpdatedAt&
 * sort_dir=ASC&offset=…&limit=…` and, like the API, returns no `statusUpdatedAt` in its records.
 */
import type { IDataObject } from 'n8n-workflow';

import { collectChanges, type FetchPage } from '../../nodes/ZertibanPollingTrigger/changes';
import { nextPoll, pollFrom, startPoll, type PollState } from '../../nodes/shared/polling';

interface Row {
	uuid: string;
	status: string;
	/** the server's bookkeeping, epoch ms; not in the records it returns */
	at: number;
}
const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const OPTIONS = { overlapMs: 1000, maxSeen: 1000 };

function api(rows: Row[], beforePage?: (page: number) => void) {
	let pages = 0;
	const fetchPage: FetchPage = async (fromIso, toIso, offset, limit) => {
		beforePage?.(pages);
		pages++;
		const inWindow = rows
			.filter((row) => row.at >= Date.parse(fromIso) && row.at <= Date.parse(toIso))
			.sort((a, b) => a.at - b.at || a.uuid.localeCompare(b.uuid));
		return { total: inWindow.length, results: inWindow.slice(offset, offset + limit).map(({ uuid, status }): IDataObject => ({ uuid, status })) };
	};
	return { fetchPage, pages: () => pages };
}

/** One poll at time `now`, as the node runs it. */
async function poll(state: PollState, fetchPage: FetchPage, now: number, { pageSize = 3, mayContinue = (): boolean => true } = {}) {
	const { changes, complete } = await collectChanges(fetchPage, { from: pollFrom(state, OPTIONS), to: now, pageSize, maxPages: 50, mayContinue });
	const next = nextPoll(state, changes, { ...OPTIONS, readUntil: complete ? now : undefined });
	return { emitted: next.fresh.map((c) => c.key), state: next.state, complete };
}

const row = (n: number, status: string, ms: number): Row => ({ uuid: `op-${String(n).padStart(2, '0')}`, status, at: T0 + ms });

describe('Zertiban Polling Trigger paging', () => {
	it('emits two changes of the same millisecond that straddle a page boundary, each once', async () => {
		const rows = [row(1, 'COMPLETED', 10), row(2, 'COMPLETED', 20), row(3, 'COMPLETED', 30), row(4, 'COMPLETED', 30), row(5, 'OPENED', 40)];
		const { emitted, complete, state } = await poll(startPoll(T0), api(rows).fetchPage, T0 + 100);
		expect(complete).toBe(true);
		expect(emitted).toEqual(['op-01:COMPLETED', 'op-02:COMPLETED', 'op-03:COMPLETED', 'op-04:COMPLETED', 'op-05:OPENED']);
		expect(state.cursor).toBe(T0 + 100);
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
		rows.push(row(4, 'COMPLETED', 95)); // committed after the first poll read, with an earlier time
		const later = await poll(repeated.state, api(rows).fetchPage, T0 + 500);
		expect(later.emitted).toEqual(['op-04:COMPLETED']);
		expect((await poll(later.state, api(rows).fetchPage, T0 + 900)).emitted).toEqual([]);
	});

	it('stops paging when the budget says so, keeps the cursor, and the next poll emits the rest', async () => {
		const rows = Array.from({ length: 9 }, (_, n) => row(n, 'COMPLETED', 10 * (n + 1)));
		const first = await poll(startPoll(T0), api(rows).fetchPage, T0 + 100, { mayContinue: () => false });
		expect({ complete: first.complete, emitted: first.emitted.length, cursor: first.state.cursor }).toEqual({ complete: false, emitted: 3, cursor: T0 });
		const second = await poll(first.state, api(rows).fetchPage, T0 + 200);
		expect([...first.emitted, ...second.emitted]).toEqual(rows.map((r) => `${r.uuid}:COMPLETED`));
	});

	it('gives up after repeated restarts without moving the cursor', async () => {
		const rows = Array.from({ length: 6 }, (_, n) => row(n, 'OPENED', 10 * (n + 1)));
		let extra = 100;
		const churn = api(rows, () => rows.push(row(extra++, 'OPENED', 5))); // the window grows before every page
		const result = await collectChanges(churn.fetchPage, { from: T0, to: T0 + 100, pageSize: 3, maxPages: 50, maxRestarts: 2, mayContinue: () => true });
		expect(result).toMatchObject({ complete: false, restarts: 3 });
		expect(result.changes.every((c) => c.time === T0)).toBe(true);
	});
});
