/**
 * Keyset paging of the Zertiban Polling Trigger (nodes/ZertibanPollingTrigger/changes.ts) together with the shared
 * polling state (nodes/shared/polling.ts), against an in-memory operation list that behaves like
 * `GET /flow/v1/operations?q_fromStatusUpdatedAt=…&sort_by=statusUpdatedAt&sort_dir=ASC&offset=…&limit=…`.
 */
import type { IDataObject } from 'n8n-workflow';

import { collectChanges, type FetchPage } from '../../nodes/ZertibanPollingTrigger/changes';
import { nextPoll, startPoll, type PollState } from '../../nodes/shared/polling';

interface Op extends IDataObject {
	uuid: string;
	status: string;
	statusUpdatedAt: string;
}
const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function api(ops: Op[], onPage?: (page: number) => void) {
	let pages = 0;
	const fetchPage: FetchPage = async (fromIso, offset, limit) => {
		pages++;
		onPage?.(pages - 1);
		return ops
			.filter((op) => Date.parse(op.statusUpdatedAt) >= Date.parse(fromIso))
			.sort((a, b) => Date.parse(a.statusUpdatedAt) - Date.parse(b.statusUpdatedAt) || a.uuid.localeCompare(b.uuid))
			.slice(offset, offset + limit)
			.map((op) => ({ ...op }));
	};
	return { fetchPage, pages: () => pages };
}

const OPTIONS = { overlapMs: 1000, maxSeen: 1000 };

async function poll(state: PollState, fetchPage: FetchPage, pageSize = 3, mayContinue = () => true) {
	const { changes, complete } = await collectChanges(fetchPage, { from: state.cursor - OPTIONS.overlapMs, pageSize, maxPages: 50, mayContinue });
	const next = nextPoll(state, changes, OPTIONS);
	return { emitted: next.fresh.map((c) => c.key), state: next.state, complete };
}

const op = (n: number, status: string, ms: number): Op => ({ uuid: `op-${String(n).padStart(2, '0')}`, status, statusUpdatedAt: at(ms) });

describe('Zertiban Polling Trigger paging', () => {
	it('emits two changes of the same millisecond that straddle a page boundary, each once', async () => {
		const ops = [op(1, 'COMPLETED', 10), op(2, 'COMPLETED', 20), op(3, 'COMPLETED', 30), op(4, 'COMPLETED', 30), op(5, 'OPENED', 40)];
		const { emitted, complete } = await poll(startPoll(T0), api(ops).fetchPage, 3);
		expect(complete).toBe(true);
		expect(emitted).toEqual(['op-01:COMPLETED', 'op-02:COMPLETED', 'op-03:COMPLETED', 'op-04:COMPLETED', 'op-05:OPENED']);
	});

	it('misses nothing when an operation changes while the pages are read (plain offset paging would skip one)', async () => {
		const ops = [op(1, 'OPENED', 10), op(2, 'OPENED', 20), op(3, 'OPENED', 30), op(4, 'OPENED', 40), op(5, 'OPENED', 50), op(6, 'OPENED', 60)];
		// After the first page, op-02 (already read) is completed: it moves to the end of the list.
		const change = (page: number) => {
			if (page === 1) Object.assign(ops[1], { status: 'COMPLETED', statusUpdatedAt: at(70) });
		};
		const { emitted } = await poll(startPoll(T0), api(ops, change).fetchPage, 3);
		expect(emitted).toEqual(['op-01:OPENED', 'op-02:OPENED', 'op-03:OPENED', 'op-04:OPENED', 'op-05:OPENED', 'op-06:OPENED', 'op-02:COMPLETED']);

		// The same change with offset paging: the second page (offset 3) starts one record too late.
		const moving = [op(1, 'OPENED', 10), op(2, 'OPENED', 20), op(3, 'OPENED', 30), op(4, 'OPENED', 40), op(5, 'OPENED', 50), op(6, 'OPENED', 60)];
		const plain = api(moving, (page) => page === 1 && Object.assign(moving[1], { status: 'COMPLETED', statusUpdatedAt: at(70) }));
		const offsetRead = [...(await plain.fetchPage(at(0), 0, 3)), ...(await plain.fetchPage(at(0), 3, 3)), ...(await plain.fetchPage(at(0), 6, 3))];
		expect(offsetRead.map((o) => o.uuid)).not.toContain('op-04');
	});

	it('emits nothing when the same poll runs again, and only the new change after one more', async () => {
		const ops = [op(1, 'COMPLETED', 10), op(2, 'COMPLETED', 10), op(3, 'REJECTED', 20)];
		const first = await poll(startPoll(T0), api(ops).fetchPage);
		expect(first.emitted).toHaveLength(3);
		const repeated = await poll(first.state, api(ops).fetchPage);
		expect(repeated.emitted).toEqual([]);
		expect(repeated.state.cursor).toBe(first.state.cursor);
		ops.push(op(4, 'COMPLETED', 20)); // recorded late, with the time of an earlier change
		const later = await poll(repeated.state, api(ops).fetchPage);
		expect(later.emitted).toEqual(['op-04:COMPLETED']);
	});

	it('pages by offset inside one timestamp holding more changes than a page', async () => {
		const ops = Array.from({ length: 8 }, (_, n) => op(n, 'COMPLETED', 50));
		const source = api(ops);
		const { emitted, complete } = await poll(startPoll(T0), source.fetchPage, 3);
		expect(complete).toBe(true);
		expect(new Set(emitted).size).toBe(8);
		expect(source.pages()).toBe(3);
	});

	it('stops paging when the budget says so and the next poll continues where it stopped', async () => {
		const ops = Array.from({ length: 9 }, (_, n) => op(n, 'COMPLETED', 10 * (n + 1)));
		const first = await poll(startPoll(T0), api(ops).fetchPage, 3, () => false);
		expect({ complete: first.complete, emitted: first.emitted.length }).toEqual({ complete: false, emitted: 3 });
		const second = await poll(first.state, api(ops).fetchPage, 3);
		expect([...first.emitted, ...second.emitted]).toEqual(ops.map((o) => `${o.uuid}:COMPLETED`));
	});
});
