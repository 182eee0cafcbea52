/** Confirma Finance → Payment / Settlement → Get Many in n8n: 30-day windows, Return All, unfetchedOnly (docs/cfis.md §4.8-§4.10). */
import type { IDataObject } from 'n8n-workflow';

import { sandboxFixture } from '../helpers/sandbox';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let day: (offset: number) => string;
beforeEach(async () => {
	fx = await sandboxFixture();
	const { now } = (await fx.control('cfis', 'clock')) as { now: string };
	day = (offset) => new Date(Date.parse(now) + offset * 86_400_000).toISOString().slice(0, 10);
});
afterEach(async () => {
	await fx.close();
});

const run = (parameters: IDataObject) => runNode({ type: 'cfis', parameters, credentials: fx.cfisCredentials() });

describe('Payment → Get Many', () => {
	it('without dates returns the server default (last 30 days), amounts in currency units', async () => {
		const out = (await run({ resource: 'payment', operation: 'getMany', returnAll: true })).json('Node');
		expect(out.map((p) => p.paymentDate)).toEqual([`${day(-30)}T00:00:00Z`, `${day(-1)}T00:00:00Z`, `${day(0)}T00:00:00Z`]);
		expect(out.map((p) => p.amount)).toEqual([25, 200, 40.5]);
	});

	it('a 61-day period is fetched as 3 consecutive windows: every payment once across the boundaries, no gap', async () => {
		await fx.resetCounters('cfis');
		const out = (await run({ resource: 'payment', operation: 'getMany', fromDate: day(-60), toDate: day(0), returnAll: true })).json('Node');
		// windows [−60, −31], [−30, −1], [0, 0]: the seeded payments sit on days −44, −31 | −30, −1 | 0
		expect(out.map((p) => String(p.paymentDate).slice(0, 10))).toEqual([day(-44), day(-31), day(-30), day(-1), day(0)]);
		expect((await fx.counters('cfis')).requests['GET /api/v1/partner/payments']).toBe(3);
	});

	it('Limit stops fetching windows once enough payments are in', async () => {
		await fx.resetCounters('cfis');
		const out = (await run({ resource: 'payment', operation: 'getMany', fromDate: day(-60), toDate: day(0), returnAll: false, limit: 2 })).json('Node');
		expect(out).toHaveLength(2);
		expect((await fx.counters('cfis')).requests['GET /api/v1/partner/payments']).toBe(1);
	});

	it('refuses a period with one end, or To before From, before any request', async () => {
		const oneEnd = await run({ resource: 'payment', operation: 'getMany', fromDate: day(-10) });
		expect(oneEnd.error?.message).toBe('Invalid To Date in item 0: To Date is empty; give both From Date and To Date, or neither for the last 30 days');
		const reversed = await run({ resource: 'payment', operation: 'getMany', fromDate: '2026-02-01', toDate: '2026-01-01' });
		expect(reversed.error?.message).toBe('Invalid To Date in item 0: To Date 2026-01-01 is before From Date 2026-02-01');
		const notADate = await run({ resource: 'payment', operation: 'getMany', fromDate: '2026-02-30', toDate: '2026-03-01' });
		expect(notADate.error?.message).toMatch(/^Invalid From Date in item 0: .*no such day/);
	});
});

describe('Settlement → Get Many', () => {
	it('Unfetched Only returns each settlement once; a new settlement run shows up on the next call', async () => {
		const first = (await run({ resource: 'settlement', operation: 'getMany', unfetchedOnly: true })).json('Node');
		expect(first).toEqual([expect.objectContaining({ settlementAmount: 240.5, currency: 'EUR', allocations: expect.any(Array) })]);
		expect((await run({ resource: 'settlement', operation: 'getMany', unfetchedOnly: true })).json('Node')).toEqual([]);
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600101', amount: 99.99 });
		await fx.control('cfis', 'cfis/settlements/run', {});
		const next = (await run({ resource: 'settlement', operation: 'getMany', unfetchedOnly: true, simplify: true })).json('Node');
		expect(next).toEqual([expect.objectContaining({ settlementAmount: 99.99, allocationCount: 1 })]);
		expect(next[0].allocations).toBeUndefined();
	});

	it('outputs every settlement it reads (any read marks them fetched): nothing is consumed unseen, whatever an old Limit says', async () => {
		// the parameters an older saved workflow may still carry: Limit 1 used to drop the second settlement of the window
		const out = (await run({ resource: 'settlement', operation: 'getMany', fromDate: day(-29), toDate: day(0), returnAll: false, limit: 1 })).json('Node');
		expect(out.map((s) => [s.settlementDate, s.settlementAmount])).toEqual([
			[day(-25), expect.any(Number)],
			[day(0), 240.5],
		]);
		expect((await run({ resource: 'settlement', operation: 'getMany', unfetchedOnly: true })).json('Node')).toEqual([]);
	});

	it('a 60-day period lists both seeded settlements (one per window), fetched or not', async () => {
		const out = (await run({ resource: 'settlement', operation: 'getMany', fromDate: day(-59), toDate: day(0), returnAll: true })).json('Node');
		expect(out.map((s) => s.settlementDate)).toEqual([day(-25), day(0)]);
		for (const settlement of out) {
			const allocations = settlement.allocations as Array<{ allocatedTotalAmount: number }>;
			expect(allocations.reduce((sum, a) => sum + Math.round(a.allocatedTotalAmount * 100), 0)).toBe(Math.round((settlement.settlementAmount as number) * 100));
		}
	});
});
