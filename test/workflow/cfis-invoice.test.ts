/** Confirma Finance → Invoice: Create (form and JSON), Add Actions, Get Case, Get Distribution in n8n (docs/cfis.md §4.4-§4.7). */
import type { IDataObject } from 'n8n-workflow';

import { invoiceCreateParameters } from '../helpers/cfisInvoice';
import { sandboxFixture } from '../helpers/sandbox';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

/** A guided-form Create for invoice `number` (two rows: 2 × 50.00 and 1 × 19.90, VAT 25.5 %). */
const createParameters = (number: number, overrides: IDataObject = {}) => invoiceCreateParameters(number, overrides);

const run = (parameters: IDataObject, inputItems?: Array<IDataObject>, continueOnFail = false) =>
	runNode({ type: 'cfis', parameters, inputItems, credentials: fx.cfisCredentials(), continueOnFail });

describe('Invoice → Create', () => {
	it('sends the guided form as a SalesInvoiceRequest: invoiced, case opened, total in currency units', async () => {
		const result = await run(createParameters(7001));
		expect(result.error).toBeUndefined();
		expect(result.json('Node')).toEqual([
			expect.objectContaining({ invoiceNumber: 7001, status: 'INVOICED', caseId: expect.any(Number), totalAmount: 150.47, currency: 'EUR' }),
		]);
	});

	it('JSON mode sends the body as given; the same number again comes back DUPLICATE', async () => {
		const body = {
			processing: { paymentControlEnabled: false, manualApprovalEnabled: true },
			distribution: { method: 'EMAIL', enabled: true },
			invoice: {
				header: { number: 7002, type: 'INVOICE', date: '2026-11-01', dueDate: '2026-11-30', currencyCode: 'EUR' },
				references: { payment: 'RF18539007547034' },
				parties: { sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy' }, buyerParty: { name: 'ACME Oy', contact: { email: 'ap@acme.fi' } } },
				rows: [{ name: 'Licence', quantity: 1, unitPrice: 100, vatPercentage: 0 }],
			},
		};
		const first = await run({ resource: 'invoice', operation: 'create', inputMode: 'json', invoiceJson: JSON.stringify(body) });
		expect(first.json('Node')[0]).toMatchObject({ status: 'MANUAL', caseId: null, totalAmount: 100 });
		const again = await run({ resource: 'invoice', operation: 'create', inputMode: 'json', invoiceJson: JSON.stringify(body) });
		expect(again.json('Node')[0]).toMatchObject({ status: 'DUPLICATE' });
	});

	it('refuses bad input before any request, naming the field, the position and the item', async () => {
		await fx.resetCounters('cfis');
		const badReference = await run(createParameters(7003, { paymentReference: '2516000017' }));
		expect(badReference.error?.message).toBe('Invalid Payment Reference in item 0: Payment Reference "2516000017" has a wrong check digit at position 10: expected 3');
		const dueBefore = await run(createParameters(7003, { dueDate: '2026-10-31' }));
		expect(dueBefore.error?.message).toBe('Invalid Due Date in item 0: Due Date 2026-10-31 is before the invoice date 2026-11-01');
		const creditNote = await run({ resource: 'invoice', operation: 'create', inputMode: 'json', invoiceJson: JSON.stringify({ distribution: { method: 'EMAIL' }, invoice: { header: { number: 1, type: 'CREDIT_NOTE', date: '2026-11-01', dueDate: '2026-11-01', currencyCode: 'EUR' }, parties: { sellerParty: { businessId: '0737546-2', name: 'S' }, buyerParty: { name: 'B', contact: { email: 'b@b.fi' } } } } }) });
		expect(creditNote.error?.message).toMatch(/^Invalid Sales Invoice \(JSON\) → invoice\.references\.creditedInvoiceNumber in item 0: .* is required for a credit note/);
		const badIban = await run(createParameters(7003, { additionalFields: { sellerIban: 'FI2212345600000785' } }));
		expect(badIban.error?.message).toBe('Invalid Seller IBAN in item 0: Seller IBAN "FI2212345600000785" has wrong check digits at positions 3-4: expected 21');
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('JSON mode: the docs/cfis.md §8 formats of every party are checked before any request (FIN as language or country, e-mails, postal codes, IBANs)', async () => {
		await fx.resetCounters('cfis');
		const body = (parties: IDataObject) => ({
			distribution: { method: 'EMAIL' },
			invoice: {
				header: { number: 7005, type: 'INVOICE', date: '2026-11-01', dueDate: '2026-11-15', currencyCode: 'EUR' },
				parties: { sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy' }, buyerParty: { name: 'ACME Oy', contact: { email: 'ap@acme.fi' } }, ...parties },
			},
		});
		const seller = { businessId: '0737546-2', name: 'Sandbox Demo Oy' };
		for (const [parties, message] of [
			[{ buyerParty: { name: 'ACME Oy', languageCode: 'FIN', contact: { email: 'ap@acme.fi' } } }, /invoice\.parties\.buyerParty\.languageCode in item 0: .*"FIN" is not a two-letter language code/],
			[{ sellerParty: { ...seller, address: { countryCode: 'FIN' } } }, /invoice\.parties\.sellerParty\.address\.countryCode in item 0: .*"FIN" is not a two-letter upper-case country code/],
			[{ sellerParty: { ...seller, address: { countryCode: 'FI', postalCode: '1000' } } }, /invoice\.parties\.sellerParty\.address\.postalCode in item 0: .*not a postal code of FI/],
			[{ invoiceRecipientParty: { email: 'not-an-email' } }, /invoice\.parties\.invoiceRecipientParty\.email in item 0: .*is not an e-mail address/],
			[{ sellerParty: { ...seller, contact: { contactPerson: { email: 'sales at demo.fi' } } } }, /invoice\.parties\.sellerParty\.contact\.contactPerson\.email in item 0/],
			[{ deliveryParty: { businessId: '123456-7' } }, /invoice\.parties\.deliveryParty\.businessId in item 0/],
			[{ sellerParty: { ...seller, paymentDetails: { iban: 'FI2212345600000785' } } }, /invoice\.parties\.sellerParty\.paymentDetails\.iban in item 0: .*wrong check digits/],
		] as const) {
			const result = await run({ resource: 'invoice', operation: 'create', inputMode: 'json', invoiceJson: JSON.stringify(body(parties)) });
			expect(result.error?.message).toMatch(message);
		}
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('required fields left empty are refused before any request, naming the field and the item', async () => {
		await fx.resetCounters('cfis');
		// Invoice Number is a required text field: n8n itself refuses to run it empty; mapped empty, the node refuses it.
		const noNumber = await run(createParameters(0, { number: '={{ $json.missing }}' }));
		expect(noNumber.error?.message).toBe('Invalid Invoice Number in item 0: Invoice Number is required');
		const noCredited = await run(createParameters(7004, { type: 'CREDIT_NOTE' }));
		expect(noCredited.error?.message).toMatch(/^Invalid Credited Invoice Number in item 0: .*required for a credit note/);
		const noCase = await run({ resource: 'invoice', operation: 'getCase' });
		expect(noCase.error?.message).toMatch(/^Invalid Case ID in item 0: Case ID is empty/);
		const noTarget = await run({ resource: 'invoice', operation: 'addActions', actions: { action: [{ code: 'COMMENT', comment: 'x' }] } });
		expect(noTarget.error?.message).toBe('Invalid Case ID in item 0: Case ID is empty; give the case ID or the invoice number');
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('Skip Check Digits sends a reference whose check digit is wrong (the vendor example)', async () => {
		const result = await run(createParameters(7004, { paymentReference: '2516000017', options: { skipCheckDigits: true } }));
		expect(result.json('Node')[0]).toMatchObject({ status: 'INVOICED' });
	});

	it('with Continue On Fail a bad item fails alone and the others are created', async () => {
		const result = await run(
			createParameters(0, { number: '={{ $json.number }}', dueDate: '={{ $json.dueDate }}' }),
			[{ number: 7010, dueDate: '2026-11-15' }, { number: 7011, dueDate: '2026-10-01' }, { number: 7012, dueDate: '2026-11-15' }],
			true,
		);
		const out = result.json('Node');
		expect(out[0]).toMatchObject({ invoiceNumber: 7010, status: 'INVOICED' });
		expect(out[1].error).toBe('Invalid Due Date in item 1: Due Date 2026-10-01 is before the invoice date 2026-11-01');
		expect(out[2]).toMatchObject({ invoiceNumber: 7012 });
		expect(result.items('Node').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});

describe('Invoice → Add Actions and Get Case', () => {
	it('actions are queued (PENDING, docs/cfis.md §4.5); once Confirma Finance processes them the payment lowers the balance and pause changes the status; Simplify keeps summary and balance', async () => {
		const created = (await run(createParameters(7020))).json('Node')[0];
		const caseId = created.caseId as number;
		const actions = await run({
			resource: 'invoice',
			operation: 'addActions',
			caseId,
			actions: {
				action: [
					{ code: 'DIRECTPAYMENT', comment: 'Paid via Zertiban', paymentMethod: 'Bank transfer', amount: 100.47, currency: 'EUR', paymentDate: '2026-11-10', reference: '1337109' },
					{ code: 'PAUSE', comment: 'Waiting for the rest' },
				],
			},
			options: { skipRecorded: false },
		});
		expect(actions.error).toBeUndefined();
		expect(actions.json('Node')[0].actions).toEqual([
			{ index: 0, code: 'DIRECTPAYMENT', status: 'PENDING', actionId: expect.any(String) },
			{ index: 1, code: 'PAUSE', status: 'PENDING', actionId: expect.any(String) },
		]);
		// Not processed yet: the case is as it was.
		expect((await run({ resource: 'invoice', operation: 'getCase', caseId, simplify: true })).json('Node')[0]).toMatchObject({
			summary: { caseId, status: 'OPEN' },
			balance: { capitalAmount: 150.47 },
		});
		await fx.flushCfisActions();
		const full = (await run({ resource: 'invoice', operation: 'getCase', caseId })).json('Node')[0];
		expect(full).toMatchObject({ summary: { caseId, status: 'PAUSED' }, balance: { capitalAmount: 50 } });
		expect(full.events).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'PAYMENT' })]));
		const simple = (await run({ resource: 'invoice', operation: 'getCase', caseId, simplify: true })).json('Node')[0];
		expect(Object.keys(simple).sort()).toEqual(['balance', 'summary']);
	});

	describe('a payment reported twice (at-least-once delivery): Skip Payments Already Recorded', () => {
		// The guard reads the case's payments[], which docs/cfis.md §4.6 does not show and which holds processed
		// payments only: these tests switch the field on and let Confirma Finance process the first report (flush)
		// before the second one. A repeat that arrives before processing, or without the field, is what Invoice → Report Payment's record is for (test/workflow/cfis-report-payment.test.ts).
		const today = new Date().toISOString().slice(0, 10);
		const invoice = (number: number) => createParameters(number, { date: today, dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10) });
		const payment = { code: 'DIRECTPAYMENT', comment: 'Paid through Zertiban', paymentMethod: 'Zertiban', amount: 0.99, currency: 'EUR', paymentDate: '2026-11-20', reference: '1337109' };
		const report = (invoiceNumber: number, extra: IDataObject = {}, actions: IDataObject[] = [payment]) =>
			run({ resource: 'invoice', operation: 'addActions', invoiceNumber, actions: { action: actions }, ...extra });
		const actionPosts = async () =>
			Object.entries((await fx.counters('cfis')).requests)
				.filter(([key]) => key.startsWith('POST') && key.endsWith('/invoice/action'))
				.reduce((sum, [, n]) => sum + n, 0);
		/** The Direct Payments Confirma Finance accepted for the case (queued or processed), from the sandbox's queue. */
		const directPayments = (caseId: number) => fx.cfisActions({ caseId, code: 'DIRECTPAYMENT' });
		const processAll = () => fx.flushCfisActions();
		beforeEach(() => fx.cfisSettings({ casePaymentsField: true }));

		it('by invoice number: the second report of the same invoice, amount, date and reference, after the first was processed, sends nothing and says so', async () => {
			const caseId = (await run(invoice(7040))).json('Node')[0].caseId as number;
			const first = (await report(7040)).json('Node')[0];
			expect(first.actions).toEqual([expect.objectContaining({ code: 'DIRECTPAYMENT', status: 'PENDING' })]);
			await processAll();
			await fx.resetCounters('cfis');
			const second = await report(7040);
			expect(second.error).toBeUndefined();
			expect(second.json('Node')).toEqual([
				{
					skipped: true,
					reason: `Confirma Finance already records this payment on case ${caseId} (same invoice, amount, date and reference): nothing was sent`,
					caseId,
					skippedActions: [expect.objectContaining({ code: 'DIRECTPAYMENT', data: expect.objectContaining({ invoiceNumber: 7040, amount: 0.99, paymentDate: '2026-11-20', reference: '1337109' }) })],
				},
			]);
			expect(await actionPosts()).toBe(0);
			expect(await directPayments(caseId)).toHaveLength(1);
			// Another date is another payment: sent.
			const later = (await report(7040, {}, [{ ...payment, paymentDate: '2026-11-21' }])).json('Node')[0];
			expect(later).toMatchObject({ actions: [expect.objectContaining({ status: 'PENDING' })] });
			expect(later.skipped).toBeUndefined();
			expect(await directPayments(caseId)).toHaveLength(2);
		});

		it('sends the other actions of the item and lists the skipped payment; with the option off the payment is sent again', async () => {
			const caseId = (await run(invoice(7041))).json('Node')[0].caseId as number;
			await report(7041);
			await processAll();
			const mixed = (await report(7041, {}, [payment, { code: 'COMMENT', comment: 'Reconciled' }])).json('Node')[0];
			expect(mixed).toMatchObject({ skipped: false, actions: [expect.objectContaining({ code: 'COMMENT' })], skippedActions: [expect.objectContaining({ code: 'DIRECTPAYMENT' })] });
			expect(mixed.actions).toHaveLength(1);
			expect(await directPayments(caseId)).toHaveLength(1);
			const unguarded = (await report(7041, { options: { skipRecorded: false } })).json('Node')[0];
			expect(unguarded).toMatchObject({ actions: [expect.objectContaining({ code: 'DIRECTPAYMENT', status: 'PENDING' })] });
			expect(await directPayments(caseId)).toHaveLength(2);
		});
	});

	it('Skip Payments Already Recorded does not send blind: a case without a payments list (the docs show none, §4.6) fails the item, naming the option, and nothing is sent', async () => {
		const caseId = (await run(createParameters(7022))).json('Node')[0].caseId as number;
		await fx.resetCounters('cfis');
		const result = await run({
			resource: 'invoice',
			operation: 'addActions',
			caseId,
			actions: { action: [{ code: 'DIRECTPAYMENT', amount: 0.99, currency: 'EUR', paymentDate: '2026-11-10', reference: '1337109' }] },
		});
		expect(result.error?.message).toBe(`Confirma Finance's case ${caseId} shows no payments list, so Skip Payments Already Recorded cannot tell whether this payment is recorded: nothing was sent (item 0)`);
		expect(result.error?.description).toMatch(/Invoice → Report Payment/);
		expect(await fx.cfisActions({ caseId })).toEqual([]);
	});

	it('adds actions one item at a time: an unknown case in item 1 of 5 stops the node before items 2-4 are sent', async () => {
		const caseId = (await run(createParameters(7031))).json('Node')[0].caseId as number;
		await fx.resetCounters('cfis');
		const result = await run(
			{ resource: 'invoice', operation: 'addActions', caseId: '={{ $json.caseId }}', actions: { action: [{ code: 'COMMENT', comment: '={{ $json.note }}' }] } },
			[0, 1, 2, 3, 4].map((i) => ({ caseId: i === 1 ? 999 : caseId, note: `note ${i}` })),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		const { requests } = await fx.counters('cfis');
		const actionPosts = Object.entries(requests).filter(([key]) => key.startsWith('POST') && key.endsWith('/invoice/action'));
		expect(actionPosts.reduce((sum, [, n]) => sum + n, 0)).toBe(2);
	});

	it('checks action data before sending and reports an unknown case with a hint', async () => {
		const badDate = await run({ resource: 'invoice', operation: 'addActions', caseId: 5, actions: { action: [{ code: 'DUEDATE', dueDate: '31.12.2026' }] } });
		expect(badDate.error?.message).toMatch(/^Invalid Actions → Action 1 → New Case Due Date in item 0: .*YYYY-MM-DD/);
		const badAmount = await run({ resource: 'invoice', operation: 'addActions', caseId: 5, actions: { action: [{ code: 'DIRECTPAYMENT', amount: 10.005, currency: 'EUR', paymentDate: '2026-11-01' }] } });
		expect(badAmount.error?.message).toMatch(/Amount \(Currency Units\) in item 0: .*more than 2 decimals/);
		const unknown = await run({ resource: 'invoice', operation: 'addActions', caseId: 999, actions: { action: [{ code: 'COMMENT', comment: 'x' }] } });
		expect(unknown.error).toMatchObject({ httpCode: '404', message: 'Confirma Finance has no case for this case ID or invoice number (404)' });
		const missingCase = await run({ resource: 'invoice', operation: 'getCase', caseId: 999 });
		expect(missingCase.error?.httpCode).toBe('404');
	});
});

describe('Invoice → Get Distribution', () => {
	it('lists the last 30 days by default, filters failures, finds one invoice by number', async () => {
		const all = await run({ resource: 'invoice', operation: 'getDistribution', returnAll: true });
		expect(all.json('Node').map((r) => r.invoiceNumber)).toEqual(['202600101', '202600102', '202600103']);
		const failed = await run({ resource: 'invoice', operation: 'getDistribution', fetchType: 'FAILED', returnAll: true });
		expect(failed.json('Node')).toEqual([expect.objectContaining({ invoiceNumber: '202600102', distributionStatus: 'FAILED', errorMessage: expect.any(String) })]);
		const one = await run({ resource: 'invoice', operation: 'getDistribution', invoiceNumber: '202600101' });
		expect(one.json('Node')).toEqual([expect.objectContaining({ invoiceNumber: '202600101', caseId: expect.any(Number), paymentControlStatus: 'OPEN' })]);
	});

	it('by invoice number, the period still applies (docs/cfis.md §4.7): an invoice dated 45 days ago needs dates that cover it', async () => {
		const { now } = (await fx.control('cfis', 'clock')) as { now: string };
		const day = (offset: number) => new Date(Date.parse(now) + offset * 86_400_000).toISOString().slice(0, 10);
		const withoutDates = await run({ resource: 'invoice', operation: 'getDistribution', invoiceNumber: '202600104' });
		expect(withoutDates.error).toBeUndefined();
		expect(withoutDates.json('Node')).toEqual([]);
		await fx.resetCounters('cfis');
		const withDates = await run({ resource: 'invoice', operation: 'getDistribution', invoiceNumber: '202600104', fromInvDate: day(-59), toInvDate: day(0), returnAll: true });
		expect(withDates.json('Node')).toEqual([expect.objectContaining({ invoiceNumber: '202600104', caseId: expect.any(Number), paymentControlStatus: 'OPEN' })]);
		expect((await fx.counters('cfis')).requests).toEqual({ 'GET /api/v1/partner/invoice/distribution': 2 }); // two 30-day windows
	});

	it('a 60-day period is fetched in windows and Limit stops early', async () => {
		const { now } = (await fx.control('cfis', 'clock')) as { now: string };
		const day = (offset: number) => new Date(Date.parse(now) + offset * 86_400_000).toISOString().slice(0, 10);
		const all = await run({ resource: 'invoice', operation: 'getDistribution', fromInvDate: day(-60), toInvDate: day(0), returnAll: true });
		expect(all.json('Node').map((r) => r.invoiceNumber)).toEqual(['202600104', '202600101', '202600102', '202600103']);
		const limited = await run({ resource: 'invoice', operation: 'getDistribution', fromInvDate: day(-60), toInvDate: day(0), returnAll: false, limit: 2 });
		expect(limited.json('Node').map((r) => r.invoiceNumber)).toEqual(['202600104', '202600101']);
	});
});
