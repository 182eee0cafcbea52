/** Confirma Finance → Accounting (5 operations) and Finvoice → Get Addresses in n8n (docs/cfis.md §4.10, §4.11). */
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

const run = (parameters: IDataObject) => runNode({ type: 'cfis', parameters, credentials: fx.cfisCredentials() });

const ledger = (overrides: IDataObject = {}) => ({
	resource: 'accounting',
	operation: 'submitLedger',
	ledgerIdentifier: 'L-2026-1001',
	companyIdentifier: '0737546-2',
	documentType: 'ML',
	documentName: '1001',
	documentDate: '2026-11-21',
	documentDescription: 'Sales 1001',
	calculationMode: 'GROSS',
	ledgerRows: JSON.stringify([
		{ bookingDate: '2026-11-21', accountNumber: '1701', amount: 2990, netAmount: 2990, vatPercentage: 0, isVatRow: 0 },
		{ bookingDate: '2026-11-21', accountNumber: '3000', amount: -2990, netAmount: -2382.47, vatPercentage: 25.5, isVatRow: 0 },
		{ bookingDate: '2026-11-21', accountNumber: '2939', amount: 0, netAmount: -607.53, vatPercentage: 25.5, isVatRow: 1 },
	]),
	...overrides,
});

describe('Accounting → ledgers', () => {
	it('Submit Ledger queues a balanced document; Get Ledger Status follows it from pending to synced', async () => {
		expect((await run({ resource: 'accounting', operation: 'getLedgerStatus' })).json('Node')).toEqual([]); // 204
		const submitted = await run(ledger());
		expect(submitted.json('Node')).toEqual([{ ledgerIdentifier: 'L-2026-1001', status: 0, description: 'Pending' }]);
		await fx.control('cfis', 'cfis/accounting/sync', { kind: 'ledger', identifier: 'L-2026-1001', status: 1 });
		const status = (await run({ resource: 'accounting', operation: 'getLedgerStatus', sourceIdentifier: 'L-2026-1001' })).json('Node');
		expect(status).toEqual([expect.objectContaining({ sourceIdentifier: 'L-2026-1001', status: 1, description: 'Successfully synced', syncDate: expect.any(String) })]);
	});

	it('refuses unbalanced rows, a long description and a bad business ID before sending', async () => {
		await fx.resetCounters('cfis');
		const unbalanced = await run(ledger({ ledgerRows: JSON.stringify([{ accountNumber: '1701', amount: 10, netAmount: 10 }, { accountNumber: '3000', amount: -9.99, netAmount: -9.99 }]) }));
		expect(unbalanced.error?.message).toBe('Invalid Ledger Rows (JSON) in item 0: Ledger Rows (JSON) do not balance: the net amounts sum to 0.01, not 0.00');
		const long = await run(ledger({ documentDescription: 'x'.repeat(211) }));
		expect(long.error?.message).toMatch(/^Invalid Document Description in item 0: .*211 characters; at most 210/);
		const badId = await run(ledger({ companyIdentifier: '0737546-3' }));
		expect(badId.error?.message).toBe('Invalid Company Business ID in item 0: Company Business ID "0737546-3" has a wrong check digit (position 9): expected 2');
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});
});

describe('Accounting → payments and invoices', () => {
	it('Submit Payment then Get Payment Status; a failed sync reads status 2', async () => {
		const submitted = await run({
			resource: 'accounting',
			operation: 'submitPayment',
			paymentIdentifier: 'P-1',
			invoiceNumber: '202600101',
			paymentDate: '2026-11-20',
			amount: 110,
			currency: 'EUR',
			targetIdentifier: 'invoicenumber',
			additionalFields: { paymentReference: '1337109', sourceName: 'ACME Oy' },
		});
		expect(submitted.json('Node')[0]).toEqual({ payments: [{ paymentIdentifier: 'P-1', status: 0, description: 'Pending' }] });
		await fx.control('cfis', 'cfis/accounting/sync', { kind: 'payment', status: 2 });
		const status = (await run({ resource: 'accounting', operation: 'getPaymentStatus' })).json('Node');
		expect(status).toEqual([expect.objectContaining({ sourceIdentifier: 'P-1', invoiceNumber: '202600101', status: 2, description: 'Sync failed' })]);
	});

	it('Submit Payment of a payment Confirma Finance already holds (same identifier, invoice and date) sends nothing and says so; with the option off it is sent', async () => {
		const payment = {
			resource: 'accounting',
			operation: 'submitPayment',
			paymentIdentifier: 'P-dup-1',
			invoiceNumber: '202600101',
			paymentDate: '2026-11-21',
			amount: 0.99,
			currency: 'EUR',
			targetIdentifier: 'invoicenumber',
		};
		expect((await run(payment)).json('Node')[0]).toEqual({ payments: [{ paymentIdentifier: 'P-dup-1', status: 0, description: 'Pending' }] });
		await fx.resetCounters('cfis');
		const again = (await run(payment)).json('Node')[0];
		expect(again).toEqual({
			skipped: true,
			reason: 'Confirma Finance already holds payment P-dup-1 for invoice 202600101 of 2026-11-21: nothing was sent',
			payment: expect.objectContaining({ sourceIdentifier: 'P-dup-1', invoiceNumber: '202600101', paymentDate: '2026-11-21' }),
		});
		const posts = (await fx.counters('cfis')).requests;
		expect(Object.entries(posts).filter(([key]) => key.startsWith('POST')).map(([, n]) => n)).toEqual([]);
		// Another date under the same identifier is not the same payment: sent (the API decides).
		expect((await run({ ...payment, paymentDate: '2026-11-22' })).json('Node')[0]).toHaveProperty('payments');
		const unguarded = (await run({ ...payment, options: { skipRecorded: false } })).json('Node')[0];
		expect(unguarded).toEqual({ payments: [expect.objectContaining({ paymentIdentifier: 'P-dup-1' })] });
	});

	it('Submit Payment refuses a reference with a wrong check digit and a 3-decimal amount', async () => {
		const base = { resource: 'accounting', operation: 'submitPayment', paymentIdentifier: 'P-2', invoiceNumber: '1', paymentDate: '2026-11-20', currency: 'EUR' };
		const reference = await run({ ...base, amount: 10, additionalFields: { paymentReference: '1337108' } });
		expect(reference.error?.message).toBe('Invalid Payment Reference in item 0: Payment Reference "1337108" has a wrong check digit at position 7: expected 9');
		const amount = await run({ ...base, amount: 10.001 });
		expect(amount.error?.message).toMatch(/^Invalid Amount \(Currency Units\) in item 0: .*more than 2 decimals/);
		const empty = await run(base); // the field has no default value
		expect(empty.error?.message).toBe('Invalid Amount (Currency Units) in item 0: Amount (Currency Units) is empty; give the payment in currency units, e.g. 110.00');
	});

	it('Get Invoice Status lists invoices created with Accounting Sync', async () => {
		await run({
			resource: 'invoice', operation: 'create', inputMode: 'fields', number: 8001, type: 'INVOICE', date: '2026-11-01', dueDate: '2026-11-15', currencyCode: 'EUR',
			distributionMethod: 'EMAIL', sellerBusinessId: '0737546-2', sellerName: 'Sandbox Demo Oy', buyerName: 'ACME Oy', buyerEmail: 'ap@acme.fi',
			rows: { row: [{ name: 'x', quantity: 1, unitPrice: 10, vatPercentage: 0 }] }, processing: { accountingInvoiceEnabled: true },
		});
		const status = (await run({ resource: 'accounting', operation: 'getInvoiceStatus' })).json('Node');
		expect(status).toEqual([expect.objectContaining({ sourceIdentifier: '8001', status: 0, description: 'Pending' })]);
	});
});

describe('Finvoice → Get Addresses', () => {
	it('one item per registered address; none for a company without; the check digit is verified', async () => {
		const two = (await run({ resource: 'finvoice', operation: 'getAddresses', businessId: '2331972-7' })).json('Node');
		expect(two.map((a) => a.eInvoiceAddressType)).toEqual(['EDI', 'IBAN']);
		expect((await run({ resource: 'finvoice', operation: 'getAddresses', businessId: '0112038-9' })).json('Node')).toEqual([]);
		const bad = await run({ resource: 'finvoice', operation: 'getAddresses', businessId: '2331972-8' });
		expect(bad.error?.message).toBe('Invalid Business ID in item 0: Business ID "2331972-8" has a wrong check digit (position 9): expected 7');
	});
});
