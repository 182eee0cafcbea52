/** Confirma Finance Trigger: each event polled in a real n8n-core PollContext against the sandbox. */
import type { IDataObject } from 'n8n-workflow';

import { sandboxFixture } from '../helpers/sandbox';
import { pollNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

/** A trigger with its own static data, polled like an active workflow (or once in manual mode). */
function trigger(parameters: IDataObject, budgetMs?: number) {
	const staticData: IDataObject = {};
	const credentials = fx.cfisCredentials();
	return {
		staticData,
		poll: (mode: 'trigger' | 'manual' = 'trigger') => pollNode({ type: 'cfisTrigger', parameters, credentials, staticData, mode, budgetMs }),
	};
}

/** A client-token call to the CFIS sandbox API. */
async function cfis(method: string, path: string, body?: unknown) {
	const response = await fetch(`${fx.info.cfis.baseUrl}${path}`, {
		method,
		headers: { 'x-api-key': fx.info.cfis.clientToken, ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	return (await response.json()) as IDataObject;
}

describe('New Settlement', () => {
	it('Unfetched Only: emits every unfetched settlement once, then only new ones', async () => {
		const t = trigger({ event: 'newSettlement', unfetchedOnly: true });
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementAmount: 240.5, apiFetchDate: null })]); // null: unfetched until now
		expect(await t.poll()).toBeNull();
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600101', amount: 12.34 });
		await fx.control('cfis', 'cfis/settlements/run', {});
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementAmount: 12.34 })]);
		expect(await t.poll()).toBeNull();
	});

	it('Fetch Test Event never consumes settlements: an Unfetched Only poll afterwards still emits the unfetched one', async () => {
		// whatever the manual fetch does with either setting, it must leave Confirma Finance's tracking untouched
		await Promise.allSettled([true, false].map((unfetchedOnly) => trigger({ event: 'newSettlement', unfetchedOnly }).poll('manual')));
		expect(await trigger({ event: 'newSettlement', unfetchedOnly: true }).poll()).toEqual([expect.objectContaining({ settlementAmount: 240.5, apiFetchDate: null })]);
	});

	it('Fetch Test Event refuses New Settlement with either setting, before any settlements read', async () => {
		await fx.resetCounters('cfis');
		for (const parameters of [{ event: 'newSettlement' }, { event: 'newSettlement', unfetchedOnly: true }]) {
			await expect(trigger(parameters).poll('manual')).rejects.toThrow('Fetch Test Event is not available for New Settlement: any read of settlements marks them as fetched at Confirma Finance');
		}
		const settlementReads = async () => (await fx.counters('cfis')).requests['GET /api/v1/partner/settlements'] ?? 0;
		expect(await settlementReads()).toBe(0);
		await trigger({ event: 'newSettlement' }).poll(); // the counter does count an active poll's read
		expect(await settlementReads()).toBe(1);
	});

	it('default (Unfetched Only off): a poll that n8n abandons after its read loses nothing; the next poll emits the settlement', async () => {
		const t = trigger({ event: 'newSettlement' });
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementAmount: 240.5 })]); // dated in the last 7 days
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600101', amount: 7.5 });
		await fx.control('cfis', 'cfis/settlements/run', {});
		const committed = structuredClone(t.staticData.pollState);
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementAmount: 7.5 })]);
		t.staticData.pollState = committed; // the execution never started: n8n keeps the old (staged) cursor
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementAmount: 7.5 })]);
		expect(await t.poll()).toBeNull();
	});

	it('without Unfetched Only: every settlement read is emitted once (no silent baseline: a read marks them fetched)', async () => {
		const t = trigger({ event: 'newSettlement', unfetchedOnly: false });
		// the first poll reads the last 7 days: today's seeded settlement is emitted, the one 25 days old is not read
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementDate: expect.any(String), settlementAmount: 240.5 })]);
		expect(await cfis('GET', '/settlements?unfetchedOnly=true')).toEqual(expect.objectContaining({ settlements: [] }));
		expect(t.staticData.pollState).toEqual({ cursor: expect.any(Number), seen: expect.any(Array) });
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600101', amount: 5 });
		await fx.control('cfis', 'cfis/settlements/run', {});
		expect(await t.poll()).toEqual([expect.objectContaining({ settlementAmount: 5 })]);
		expect(await t.poll()).toBeNull();
	});

	it('without Unfetched Only: 1 200 settlements in the 7-day window are each emitted once, and later polls emit none again', async () => {
		const t = trigger({ event: 'newSettlement' });
		expect(await t.poll()).toHaveLength(1); // the seeded one
		for (let n = 0; n < 1200; n++) {
			await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600101', amount: 1 + n / 100 });
			await fx.control('cfis', 'cfis/settlements/run', {});
		}
		const emitted = ((await t.poll()) ?? []).map((settlement) => settlement.settlementId);
		expect(emitted).toHaveLength(1200);
		expect(new Set(emitted).size).toBe(1200);
		// each poll reads the whole 7-day window again: no settlement comes out twice (a key cap of 1 000 re-emitted 201)
		expect(await t.poll()).toBeNull();
		expect(await t.poll()).toBeNull();
	});
});

describe('New Payment', () => {
	it('baseline first, then each new agency payment exactly once; a repeated poll emits nothing', async () => {
		const t = trigger({ event: 'newPayment' });
		expect(await t.poll()).toBeNull();
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600104', amount: 77.7, accountName: 'Delta Oy' });
		expect(await t.poll()).toEqual([expect.objectContaining({ invoiceNumber: '202600104', amount: 77.7, accountName: 'Delta Oy' })]);
		const cursor = (t.staticData.pollState as IDataObject).cursor;
		expect(await t.poll()).toBeNull();
		expect((t.staticData.pollState as IDataObject).cursor).toBe(cursor); // monotonic: nothing new, no move
	});

	it('a payment changed after it was emitted comes again with its new amount; a withdrawn one is not announced; the settlement carries what stayed', async () => {
		const t = trigger({ event: 'newPayment' });
		expect(await t.poll()).toBeNull();
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600104', amount: 50 });
		expect(await t.poll()).toEqual([expect.objectContaining({ invoiceNumber: '202600104', amount: 50 })]);
		// the agency corrects the amount before settlement (docs/cfis.md §4.8): a second item, the new amount
		await fx.control('cfis', 'cfis/payments/change', { invoiceNumber: '202600104', amount: 30 });
		expect(await t.poll()).toEqual([expect.objectContaining({ invoiceNumber: '202600104', amount: 30 })]);
		// a second payment is withdrawn after it was emitted: no poll says so
		await fx.control('cfis', 'cfis/payments', { invoiceNumber: '202600101', amount: 20 });
		expect(await t.poll()).toEqual([expect.objectContaining({ invoiceNumber: '202600101', amount: 20 })]);
		await fx.control('cfis', 'cfis/payments/change', { invoiceNumber: '202600101', amount: 0 });
		expect(await t.poll()).toBeNull();
		// the settlement is authoritative (§4.9): it carries the corrected amount and not the withdrawn payment
		const { settlement } = (await fx.control('cfis', 'cfis/settlements/run', {})) as { settlement: { allocations: Array<{ originalInvoiceNumber: string; allocatedTotalAmount: number }> } };
		expect(settlement.allocations.map((a) => [a.originalInvoiceNumber, a.allocatedTotalAmount])).toEqual([['202600104', 30]]);
	});

	it('Fetch Test Event shows the newest payment and keeps no state', async () => {
		const t = trigger({ event: 'newPayment' });
		expect(await t.poll('manual')).toEqual([expect.objectContaining({ paymentDate: expect.any(String), amount: 40.5 })]);
		expect(t.staticData).toEqual({});
	});
});

describe('New Payment after a long pause (cursor 60 days old)', () => {
	const sixtyDaysAgo = async () => {
		const { now } = (await fx.control('cfis', 'clock')) as { now: string };
		const day = (offset: number) => new Date(Date.parse(now) + offset * 86_400_000).toISOString().slice(0, 10);
		return { cursor: Date.parse(`${day(-60)}T00:00:00Z`), day };
	};
	const dates = (items: IDataObject[] | null) => (items ?? []).map((p) => String(p.paymentDate).slice(0, 10));

	it('catches up in one poll within the budget: every payment once, in date order', async () => {
		const { cursor, day } = await sixtyDaysAgo();
		const t = trigger({ event: 'newPayment' });
		t.staticData.pollState = { cursor, seen: [] };
		expect(dates(await t.poll())).toEqual([day(-44), day(-31), day(-30), day(-1), day(0)]);
		expect(await t.poll()).toBeNull();
	});

	it('with the poll budget used up, stops after a window that moves the cursor and goes on next poll: no gap, no duplicate', async () => {
		const { cursor, day } = await sixtyDaysAgo();
		const t = trigger({ event: 'newPayment' }, 0);
		t.staticData.pollState = { cursor, seen: [] };
		const polls = [await t.poll(), await t.poll(), await t.poll(), await t.poll()].map(dates);
		expect(polls).toEqual([[day(-44)], [day(-31), day(-30)], [day(-1), day(0)], []]);
	});
});

describe('Distribution Failed', () => {
	it('emits an invoice whose delivery fails after activation, once', async () => {
		const t = trigger({ event: 'distributionFailed', lookbackDays: 30 });
		expect(await t.poll()).toBeNull(); // 202600102 failed before activation: history
		await fx.control('cfis', 'cfis/invoices/fail-distribution', { invoiceNumber: '202600103', message: 'Mailbox full' });
		expect(await t.poll()).toEqual([expect.objectContaining({ invoiceNumber: '202600103', distributionStatus: 'FAILED', errorMessage: 'Mailbox full' })]);
		expect(await t.poll()).toBeNull();
	});
});

describe('Case Status Changed', () => {
	it('emits each change with the previous status', async () => {
		const t = trigger({ event: 'caseStatusChanged', lookbackDays: 30 });
		expect(await t.poll()).toBeNull();
		const distribution = await cfis('GET', '/invoice/distribution?invoiceNumber=202600101');
		const caseId = (distribution.data as IDataObject[])[0].caseId;
		await cfis('POST', '/invoice/action', { actions: [{ code: 'PAUSE', comment: '', data: { caseId } }] });
		// Queued, not applied (docs/cfis.md §4.5): nothing changed yet, so nothing triggers until Confirma processes it.
		expect(await t.poll()).toBeNull();
		await fx.flushCfisActions();
		expect(await t.poll()).toEqual([expect.objectContaining({ invoiceNumber: '202600101', paymentControlStatus: 'PAUSED', previousStatus: 'OPEN' })]);
		expect(await t.poll()).toBeNull();
		await cfis('POST', '/invoice/action', { actions: [{ code: 'WITHDRAW', comment: '', data: { caseId } }] });
		await fx.flushCfisActions();
		expect(await t.poll()).toEqual([expect.objectContaining({ paymentControlStatus: 'WITHDRAWN', previousStatus: 'PAUSED' })]);
	});
});
