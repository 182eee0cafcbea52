/**
 * Date fields are read in the workflow's time zone (nodes/shared/dates.ts): what the APIs receive from a workflow whose
 * *Timezone* setting is Europe/Helsinki (UTC+2 in winter), checked through what the sandboxes then report back.
 */
import type { IDataObject } from 'n8n-workflow';

import { sandboxFixture } from '../helpers/sandbox';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

const HELSINKI = 'Europe/Helsinki';
const cfis = (parameters: IDataObject, timezone = HELSINKI) => runNode({ type: 'cfis', parameters, credentials: fx.cfisCredentials(), timezone });
const payment = (paymentIdentifier: string, paymentDate: string) => ({
	resource: 'accounting',
	operation: 'submitPayment',
	paymentIdentifier,
	invoiceNumber: '202600101',
	paymentDate,
	amount: 12.5,
	currency: 'EUR',
	targetIdentifier: 'invoicenumber',
});
const recordedDate = async (identifier: string) => {
	const status = (await cfis({ resource: 'accounting', operation: 'getPaymentStatus', sourceIdentifier: identifier })).json('Node');
	return status.map((record) => record.paymentDate);
};

describe('dates in the workflow time zone (Europe/Helsinki)', () => {
	it('Submit Payment: 2026-03-01T00:30 from the date picker is sent as 2026-03-01, not 2026-02-28', async () => {
		expect((await cfis(payment('TZ-1', '2026-03-01T00:30:00'))).error).toBeUndefined();
		expect(await recordedDate('TZ-1')).toEqual(['2026-03-01']);
	});

	it('by expression: an instant with a zone, a luxon DateTime and text saved as YYYY-MM-DD', async () => {
		await cfis(payment('TZ-2', '={{ "2026-02-28T22:30:00Z" }}'));
		await cfis(payment('TZ-3', "={{ DateTime.fromISO('2026-02-28T22:30:00Z') }}"));
		await cfis(payment('TZ-4', '2026-02-28'));
		expect(await recordedDate('TZ-2')).toEqual(['2026-03-01']);
		expect(await recordedDate('TZ-3')).toEqual(['2026-03-01']);
		expect(await recordedDate('TZ-4')).toEqual(['2026-02-28']);
		// the same instant in a UTC workflow is still 28 February there
		await cfis(payment('TZ-5', '2026-02-28T22:30:00Z'), 'UTC');
		expect(await recordedDate('TZ-5')).toEqual(['2026-02-28']);
	});

	it('a bad date fails the item naming field and item, and nothing is sent', async () => {
		await fx.resetCounters('cfis');
		const bad = await cfis(payment('TZ-6', '2026-02-30'));
		expect(bad.error?.message).toBe('Invalid Payment Date in item 0: Payment Date "2026-02-30" is not a calendar date (no such day)');
		const period = await cfis({ resource: 'payment', operation: 'getMany', fromDate: '2026-03-01T00:00:00', toDate: 'last week' });
		expect(period.error?.message).toMatch(/^Invalid To Date in item 0: To Date "last week" is not a whole date/);
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});
});
