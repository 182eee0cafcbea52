/** The CFIS finance simulator as a client sees it (docs/cfis.md §4.4-§4.11, §7.2, §7.3, §10). */
import { startSandbox, type Sandbox, type SandboxInfo } from '../../sandbox';
import { call, cfisOrigin, control } from './helpers';

/** A parsed JSON answer (whatever shape the endpoint has). */
type Json = ReturnType<typeof JSON.parse>;

let sandbox: Sandbox;
let info: SandboxInfo;
let origin: string;

beforeAll(async () => {
	sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	info = sandbox.info;
	origin = cfisOrigin(info);
});
afterAll(() => sandbox.close());
beforeEach(() => control(origin, 'reset'));

const api = (method: string, path: string, body?: unknown, token = info.cfis.clientToken) =>
	call<Json>(`${info.cfis.baseUrl}${path}`, {
		method,
		headers: { 'x-api-key': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
const day = (offset: number, now: string) => new Date(Date.parse(now) + offset * 86_400_000).toISOString().slice(0, 10);
const clockNow = async () => ((await control<{ now: string }>(origin, 'clock', undefined, 'GET')).body.now);

function invoiceBody(number: number, overrides: { header?: object; processing?: object; distribution?: object; buyer?: object; references?: object } = {}) {
	return {
		processing: { paymentControlEnabled: true, ...overrides.processing },
		distribution: { method: 'EMAIL', enabled: true, ...overrides.distribution },
		invoice: {
			header: { number, type: 'INVOICE', date: '2026-11-01', dueDate: '2026-11-15', currencyCode: 'EUR', ...overrides.header },
			references: { payment: '1337109', ...overrides.references },
			parties: {
				sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy' },
				buyerParty: { entityType: 'BUSINESS', name: 'ACME Oy', contact: { email: 'ap@acme.fi' }, ...overrides.buyer },
			},
			rows: [{ name: 'Consulting', quantity: 2, unitPrice: 50, vatPercentage: 25.5 }],
		},
	};
}

describe('POST /invoice: the status machine of §7.2', () => {
	it('accepts and distributes an invoice, opens a case, and totals the rows in currency units', async () => {
		const res = await api('POST', '/invoice', invoiceBody(9001));
		expect(res.status).toBe(201);
		expect(res.body).toMatchObject({ invoiceNumber: 9001, status: 'INVOICED', totalAmount: 125.5, currency: 'EUR', caseId: expect.any(Number) });
		expect(res.body.statusHistory.map((s: Json) => s.status)).toEqual(['PAUSED', 'ACCEPTED', 'INVOICED']);
	});

	it('flags a repeated number DUPLICATE without creating a second invoice', async () => {
		await api('POST', '/invoice', invoiceBody(9002));
		const again = await api('POST', '/invoice', invoiceBody(9002));
		expect(again.body.status).toBe('DUPLICATE');
	});

	it('refuses an invoice that totals 0 or less (400, nothing stored); never turns a negative total positive', async () => {
		for (const unitPrice of [-0.79, 0]) {
			const refused = await api('POST', '/invoice', { ...invoiceBody(9010), invoice: { ...invoiceBody(9010).invoice, rows: [{ name: 'Parking', quantity: 1, unitPrice, vatPercentage: 25.5 }] } });
			expect(refused.status).toBe(400);
			expect(JSON.stringify(refused.body)).toContain('invoice.rows');
		}
		// Nothing was stored: the number is still free.
		expect((await api('POST', '/invoice', invoiceBody(9010))).body.status).toBe('INVOICED');
	});

	it('MANUAL until approved; ERROR when the delivery data is missing; CREDITED by a credit note', async () => {
		expect((await api('POST', '/invoice', invoiceBody(9003, { processing: { manualApprovalEnabled: true } }))).body.status).toBe('MANUAL');
		const approved = await control<Json>(origin, 'cfis/invoices/approve', { invoiceNumber: 9003 });
		expect(approved.body.invoiceStatus).toBe('INVOICED');
		const error = await api('POST', '/invoice', invoiceBody(9004, { buyer: { contact: {} } }));
		expect(error.body).toMatchObject({ status: 'ERROR', caseId: null });
		const credit = await api('POST', '/invoice', invoiceBody(9005, { header: { type: 'CREDIT_NOTE' }, references: { creditedInvoiceNumber: 9003 } }));
		expect(credit.body.status).toBe('INVOICED');
		// The invoices are dated 2026-11-01: the lookup by number names a period that holds that day (§4.7).
		const dist = await api('GET', '/invoice/distribution?invoiceNumber=9003&fromInvDate=2026-10-20&toInvDate=2026-11-10');
		expect(dist.body.data[0].invoiceStatus).toBe('CREDITED');
	});

	it('answers 400 with field errors: due date before invoice date, credit note without the credited number', async () => {
		const res = await api('POST', '/invoice', invoiceBody(9006, { header: { type: 'CREDIT_NOTE', dueDate: '2026-10-01' } }));
		expect(res.status).toBe(400);
		expect(res.body.errors).toEqual(
			expect.arrayContaining([
				{ field: 'invoice.header.dueDate', message: 'must not be before invoice date' },
				{ field: 'invoice.references.creditedInvoiceNumber', message: 'is required for a CREDIT_NOTE' },
			]),
		);
	});
});

describe('actions and cases (§4.5, §4.6, §7.3)', () => {
	it('DIRECTPAYMENT reduces the balance and closes the case when paid; WITHDRAW then refuses more actions', async () => {
		const { caseId } = (await api('POST', '/invoice', invoiceBody(9010))).body;
		const pay = (amount: number) => ({ code: 'DIRECTPAYMENT', comment: 'paid', data: { caseId, paymentMethod: 'Bankgiro', amount, currency: 'EUR', paymentDate: '2026-11-10', reference: '1337109' } });
		const first = await api('POST', '/invoice/action', { actions: [pay(100), { code: 'COMMENT', comment: 'note', data: { caseId } }] });
		expect(first.body.actions).toHaveLength(2);
		await control(origin, 'cfis/actions/flush', {});
		let c = (await api('GET', `/invoice/case?caseId=${caseId}`)).body.case;
		expect(c.balance).toMatchObject({ capitalAmount: 25.5, totalAmount: 25.5 });
		expect(c.summary.status).toBe('OPEN');
		await api('POST', '/invoice/action', { actions: [pay(25.5)] });
		await control(origin, 'cfis/actions/flush', {});
		c = (await api('GET', `/invoice/case?caseId=${caseId}`)).body.case;
		expect(c.summary).toMatchObject({ status: 'PAID', closedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
		const { caseId: other } = (await api('POST', '/invoice', invoiceBody(9011))).body;
		await api('POST', '/invoice/action', { actions: [{ code: 'WITHDRAW', comment: '', data: { caseId: other } }] });
		await control(origin, 'cfis/actions/flush', {});
		const refused = await api('POST', '/invoice/action', { actions: [{ code: 'PAUSE', comment: '', data: { caseId: other } }] });
		expect(refused.status).toBe(402);
	});

	it('400 for an unknown code, 404 for an unknown case, 400 without caseId on GET /invoice/case', async () => {
		expect((await api('POST', '/invoice/action', { actions: [{ code: 'NOPE', data: { caseId: 1 } }] })).status).toBe(400);
		expect((await api('POST', '/invoice/action', { actions: [{ code: 'PAUSE', data: { caseId: 1 } }] })).status).toBe(404);
		expect((await api('GET', '/invoice/case')).status).toBe(400);
	});
});

describe('integers and window lengths as the contract states them (§5.1, §4.5, §10)', () => {
	it('refuses an invoice number or an action target sent as a string of digits', async () => {
		const invoice = await api('POST', '/invoice', invoiceBody('251601000' as unknown as number));
		expect(invoice.status).toBe(400);
		expect(invoice.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'invoice.header.number' })]));
		const action = await api('POST', '/invoice/action', { actions: [{ code: 'COMMENT', comment: 'x', data: { invoiceNumber: '202600101' } }] });
		expect(action.status).toBe(400);
		expect(action.body.errors).toEqual([expect.objectContaining({ field: 'actions[0].data.invoiceNumber' })]);
	});

	it('takes an explicit period of 30 inclusive days and refuses 31', async () => {
		const now = await clockNow();
		expect((await api('GET', `/payments?fromDate=${day(-29, now)}&toDate=${day(0, now)}`)).status).toBe(200);
		expect((await api('GET', `/payments?fromDate=${day(-30, now)}&toDate=${day(0, now)}`)).status).toBe(400);
	});
});

describe('payments, settlements and 30-day windows (§4.8, §4.9, §10)', () => {
	it('defaults to the last 30 days of the sandbox clock and refuses longer periods', async () => {
		const now = await clockNow();
		const payments = (await api('GET', '/payments')).body;
		expect(payments.map((p: Json) => p.paymentDate.slice(0, 10)).sort()).toEqual([day(-30, now), day(-1, now), day(0, now)]);
		expect((await api('GET', `/payments?fromDate=${day(-60, now)}&toDate=${day(0, now)}`)).status).toBe(400);
		await control(origin, 'clock', { advanceSeconds: 86_400 });
		expect((await api('GET', '/payments')).body).toHaveLength(2); // day −30 left the window
	});

	it('settlements: sums are consistent, unfetchedOnly returns each settlement once and sets apiFetchDate', async () => {
		const first = (await api('GET', '/settlements?unfetchedOnly=true')).body;
		expect(first.settlements).toHaveLength(1);
		for (const s of first.settlements) {
			const allocated = s.allocations.reduce((sum: number, a: Json) => sum + Math.round(a.allocatedTotalAmount * 100), 0);
			expect(allocated).toBe(Math.round(s.settlementAmount * 100));
			for (const a of s.allocations) {
				expect(a.breakdown.reduce((sum: number, b: Json) => sum + Math.round(b.amount * 100), 0)).toBe(Math.round(a.allocatedTotalAmount * 100));
			}
		}
		expect(first.settlements[0].settlementAmount).toBe(240.5);
		expect((await api('GET', '/settlements?unfetchedOnly=true')).body.settlements).toEqual([]);
		const all = (await api('GET', '/settlements')).body.settlements;
		expect(all.every((s: Json) => s.apiFetchDate !== null)).toBe(true);
		await control(origin, 'cfis/payments', { invoiceNumber: '202600101', amount: 10.25 });
		const run = await control<Json>(origin, 'cfis/settlements/run', {});
		expect(run.body.settlement.settlementAmount).toBe(10.25);
		expect((await api('GET', '/settlements?unfetchedOnly=true')).body.settlements.map((s: Json) => s.settlementId)).toEqual([run.body.settlement.settlementId]);
	});
});

describe('agency payments may still change before settlement (§4.8 [D], §7.5)', () => {
	it('a changed payment is listed with its new amount and settled with it; a withdrawn one is no longer listed; a settled one cannot change', async () => {
		const listed = async () => (await api('GET', '/payments')).body.filter((p: Json) => p.originalPaymentReference === 'CHANGE-ME');
		await control(origin, 'cfis/payments', { invoiceNumber: '202600101', amount: 10.25, reference: 'CHANGE-ME' });
		expect((await listed()).map((p: Json) => p.amount)).toEqual([10.25]);
		expect((await control(origin, 'cfis/payments/change', { invoiceNumber: '202600101', amount: 9.75 })).body).toEqual({ changed: 'amount' });
		expect((await listed()).map((p: Json) => p.amount)).toEqual([9.75]);
		const run = await control<Json>(origin, 'cfis/settlements/run', {});
		expect(run.body.settlement.allocations.map((a: Json) => a.allocatedTotalAmount)).toContain(9.75);
		expect((await control(origin, 'cfis/payments/change', { invoiceNumber: '202600101', amount: 1 })).status).toBe(409);
		await control(origin, 'cfis/payments', { invoiceNumber: '202600101', amount: 5, reference: 'CHANGE-ME' });
		expect((await control(origin, 'cfis/payments/change', { invoiceNumber: '202600101', amount: 0 })).body).toEqual({ changed: 'withdrawn' });
		expect((await listed()).map((p: Json) => p.amount)).toEqual([9.75]);
	});
});

describe('distribution, accounting, Finvoice (§4.7, §4.10, §4.11)', () => {
	it('distribution lists records with counts and echoes the filters', async () => {
		const res = (await api('GET', '/invoice/distribution')).body;
		expect(res.metaData).toMatchObject({ totalCount: 3, failedCount: 1, successfulCount: 2, filtersApplied: { defaultLast30Days: true } });
		const failed = (await api('GET', '/invoice/distribution?fetchType=FAILED')).body.data;
		expect(failed).toEqual([expect.objectContaining({ invoiceNumber: '202600102', distributionStatus: 'FAILED', invoiceStatus: 'ERROR' })]);
	});

	it('ledgers: balanced rows are queued (202), a repeat is the same record, unbalanced rows are refused; 204 when empty', async () => {
		expect((await api('GET', '/accounting/ledger')).status).toBe(204);
		const ledger = { ledgerIdentifier: 'L-1', companyIdentifier: '0737546-2', documentType: 'ML', documentName: '1001', documentDate: '2026-11-01', documentDescription: 'Sales', calculationMode: 'GROSS', ledgerRows: [{ accountNumber: '1701', amount: 2990, netAmount: -2382.47 }, { accountNumber: '3000', amount: -2382.47, netAmount: 2382.47 }] };
		expect((await api('POST', '/accounting/ledger', { ledgers: ledger })).status).toBe(202);
		expect((await api('POST', '/accounting/ledger', { ledgers: ledger })).status).toBe(200);
		const bad = await api('POST', '/accounting/ledger', { ledgers: { ...ledger, ledgerIdentifier: 'L-2', ledgerRows: [{ netAmount: 1 }] } });
		expect(bad.status).toBe(400);
		await control(origin, 'cfis/accounting/sync', { kind: 'ledger', identifier: 'L-1', status: 1 });
		expect((await api('GET', '/accounting/ledger')).body.ledgers).toEqual([expect.objectContaining({ sourceIdentifier: 'L-1', status: 1, description: 'Successfully synced' })]);
	});

	it('Finvoice: an array per business ID (empty for none), 400 for a malformed one', async () => {
		expect((await api('GET', '/operations/finvoice?businessId=2331972-7')).body).toHaveLength(2);
		expect((await api('GET', '/operations/finvoice?businessId=0112038-9')).body).toEqual([]);
		expect((await api('GET', '/operations/finvoice?businessId=123')).status).toBe(400);
	});

	it('expired tokens and the partner token get 401 on finance endpoints (§2.1, §2.2)', async () => {
		expect((await api('GET', '/payments', undefined, info.cfis.expiredClientToken)).status).toBe(401);
		expect((await api('GET', '/payments', undefined, info.cfis.partnerToken)).status).toBe(401);
		expect((await api('POST', '/invoice/action', { actions: [] }, info.cfis.partnerToken)).status).toBe(401);
	});
});
