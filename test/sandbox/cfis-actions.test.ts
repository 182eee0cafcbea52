/**
 * The CFIS invoice-action queue as a client and a test see it (docs/cfis.md §4.5 [D]: actions are queued and
 * processed asynchronously, nothing reads their state): `POST /invoice/action` answers PENDING and changes nothing;
 * the actions are applied later, in order per case, after the delay the settings control sets, by the sandbox clock;
 * flush, pause and the queue listing; what the case shows of payments (§4.6) with the `payments[]` switch off and on.
 */
import { startSandbox, type Sandbox, type SandboxInfo } from '../../sandbox';
import type { QueuedAction } from '../../sandbox/cfis/actions';
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

const api = (method: string, path: string, body?: unknown) =>
	call<Json>(`${info.cfis.baseUrl}${path}`, {
		method,
		headers: { 'x-api-key': info.cfis.clientToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
const settings = async (change?: Record<string, unknown>) => (await control<Json>(origin, 'cfis/settings', change, change ? 'POST' : 'GET')).body;
const queued = async (query = '') => (await control<{ actions: QueuedAction[] }>(origin, `cfis/actions${query}`, undefined, 'GET')).body.actions;
const flush = async (body: Record<string, unknown> = {}) => (await control<{ processed: QueuedAction[]; pending: number }>(origin, 'cfis/actions/flush', body)).body;
const advance = (seconds: number) => control(origin, 'clock', { advanceSeconds: seconds });
const caseOf = async (caseId: number) => (await api('GET', `/invoice/case?caseId=${caseId}`)).body.case;

/** A new invoice of 125.50 EUR under payment control; returns its case ID. */
async function newCase(number: number): Promise<number> {
	const res = await api('POST', '/invoice', {
		processing: { paymentControlEnabled: true },
		distribution: { method: 'EMAIL', enabled: true },
		invoice: {
			header: { number, type: 'INVOICE', date: '2026-11-01', dueDate: '2026-11-15', currencyCode: 'EUR' },
			references: { payment: '1337109' },
			parties: { sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy' }, buyerParty: { name: 'ACME Oy', contact: { email: 'ap@acme.fi' } } },
			rows: [{ name: 'Consulting', quantity: 2, unitPrice: 50, vatPercentage: 25.5 }],
		},
	});
	expect(res.status).toBe(201);
	return res.body.caseId;
}
const payment = (caseId: number, amount = 25.5, paymentDate = '2026-11-10') => ({
	code: 'DIRECTPAYMENT',
	comment: 'paid',
	data: { caseId, paymentMethod: 'Bank transfer', amount, currency: 'EUR', paymentDate, reference: '1337109' },
});

describe('POST /invoice/action queues (§4.5 [D])', () => {
	it('answers PENDING with an action ID per action and changes nothing yet: no balance change, no event, no payment', async () => {
		const caseId = await newCase(9101);
		const before = await caseOf(caseId);
		const res = await api('POST', '/invoice/action', { actions: [payment(caseId), { code: 'PAUSE', comment: 'wait', data: { caseId } }] });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			actions: [
				{ index: 0, code: 'DIRECTPAYMENT', status: 'PENDING', actionId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
				{ index: 1, code: 'PAUSE', status: 'PENDING', actionId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
			],
		});
		expect(await caseOf(caseId)).toEqual(before);
		expect((await queued('?status=PENDING')).map((a) => [a.actionId, a.caseId, a.code])).toEqual(res.body.actions.map((a: Json) => [a.actionId, caseId, a.code]));
	});

	it('applies them once the default delay (30 s of the sandbox clock) has passed, not before', async () => {
		expect(await settings()).toEqual({ actionDelaySeconds: 30, actionsPaused: false, casePaymentsField: false, strictCheckDigits: false });
		const caseId = await newCase(9102);
		await api('POST', '/invoice/action', { actions: [payment(caseId)] });
		// The sandbox clock is the wall clock plus the advances: 10 s of margin for a slow machine.
		await advance(20);
		expect((await caseOf(caseId)).balance.totalAmount).toBe(125.5);
		await advance(10);
		const c = await caseOf(caseId);
		expect(c.balance.totalAmount).toBe(100);
		expect(c.events.at(-1)).toEqual({ date: expect.any(String), type: 'PAYMENT', description: 'Payment of 25.50 EUR (direct)' });
		expect(await queued()).toEqual([expect.objectContaining({ status: 'PROCESSED', processedAt: expect.any(String), failure: null })]);
	});

	it('the delay is a setting: 0 applies an action at the next request, 120 holds it for 120 s', async () => {
		const caseId = await newCase(9103);
		expect((await settings({ actionDelaySeconds: 0 })).actionDelaySeconds).toBe(0);
		await api('POST', '/invoice/action', { actions: [{ code: 'PAUSE', comment: '', data: { caseId } }] });
		expect((await caseOf(caseId)).summary.status).toBe('PAUSED');
		await settings({ actionDelaySeconds: 120 });
		await api('POST', '/invoice/action', { actions: [{ code: 'DUEDATE', comment: '', data: { caseId, dueDate: '2026-12-31' } }] });
		await advance(100);
		expect((await caseOf(caseId)).summary.dueDate).toBe('2026-11-15');
		await advance(20);
		expect((await caseOf(caseId)).summary.dueDate).toBe('2026-12-31');
	});

	it('keeps the order per case: a later action with a shorter delay waits for the earlier one of its case, other cases do not', async () => {
		const first = await newCase(9104);
		const other = await newCase(9105);
		await settings({ actionDelaySeconds: 60 });
		await api('POST', '/invoice/action', { actions: [{ code: 'PAUSE', comment: 'first', data: { caseId: first } }] });
		await settings({ actionDelaySeconds: 0 });
		await api('POST', '/invoice/action', { actions: [{ code: 'WITHDRAW', comment: 'second', data: { caseId: first } }, { code: 'PAUSE', comment: '', data: { caseId: other } }] });
		expect((await caseOf(other)).summary.status).toBe('PAUSED');
		expect((await caseOf(first)).summary.status).toBe('OPEN'); // the WITHDRAW is due but waits for the PAUSE
		await advance(60);
		const c = await caseOf(first);
		expect(c.summary.status).toBe('WITHDRAWN');
		expect(c.events.map((e: Json) => e.type)).toEqual(['CREATED', 'STATUS_PAUSED', 'STATUS_WITHDRAWN']);
	});

	it('an action whose case was closed by an earlier queued one is dropped when processed, seen only by the control', async () => {
		const caseId = await newCase(9106);
		await api('POST', '/invoice/action', { actions: [{ code: 'WITHDRAW', comment: '', data: { caseId } }] });
		const late = await api('POST', '/invoice/action', { actions: [payment(caseId)] });
		expect(late.body.actions[0].status).toBe('PENDING'); // the case is still OPEN when it is accepted
		await flush();
		expect((await caseOf(caseId)).balance.totalAmount).toBe(125.5);
		expect(await queued(`?caseId=${caseId}&code=DIRECTPAYMENT`)).toEqual([
			expect.objectContaining({ status: 'FAILED', failure: `case ${caseId} is WITHDRAWN; the action was not applied` }),
		]);
		expect((await api('POST', '/invoice/action', { actions: [payment(caseId)] })).status).toBe(402); // now it is closed
	});
});

describe('controls: flush, pause, the queue', () => {
	it('flush applies pending actions now, all, or the first N, or one case only, in order', async () => {
		const a = await newCase(9111);
		const b = await newCase(9112);
		await api('POST', '/invoice/action', { actions: [payment(a, 10), payment(b, 20), payment(a, 30)] });
		const one = await flush({ count: 1 });
		expect(one.processed.map((x) => [x.caseId, x.data.amount])).toEqual([[a, 10]]);
		expect(one.pending).toBe(2);
		const onlyB = await flush({ caseId: b });
		expect(onlyB.processed.map((x) => [x.caseId, x.data.amount])).toEqual([[b, 20]]);
		expect((await caseOf(a)).balance.totalAmount).toBe(115.5);
		expect(await flush()).toEqual({ processed: [expect.objectContaining({ caseId: a, status: 'PROCESSED' })], pending: 0 });
		expect((await caseOf(a)).balance.totalAmount).toBe(85.5);
		expect((await queued('?status=PROCESSED')).map((x) => x.sequence)).toEqual([1, 2, 3]);
	});

	it('pause holds processing whatever the clock; unpausing applies what is due at once; flush works while paused', async () => {
		const caseId = await newCase(9113);
		await settings({ actionsPaused: true, actionDelaySeconds: 0 });
		await api('POST', '/invoice/action', { actions: [{ code: 'PAUSE', comment: '', data: { caseId } }, payment(caseId)] });
		await advance(3600);
		expect((await caseOf(caseId)).summary.status).toBe('OPEN');
		expect(await queued('?status=PENDING')).toHaveLength(2);
		expect((await flush({ count: 1 })).processed).toEqual([expect.objectContaining({ code: 'PAUSE' })]);
		expect((await caseOf(caseId)).summary.status).toBe('PAUSED');
		expect((await caseOf(caseId)).balance.totalAmount).toBe(125.5);
		await settings({ actionsPaused: false });
		expect((await caseOf(caseId)).balance.totalAmount).toBe(100);
	});

	it('the listing filters by status, case and code; bad filters and unknown settings are refused; reset restores the defaults', async () => {
		const caseId = await newCase(9114);
		await api('POST', '/invoice/action', { actions: [payment(caseId), { code: 'COMMENT', comment: 'x', data: { invoiceNumber: 9114 } }] });
		expect(await queued('?code=COMMENT')).toEqual([
			expect.objectContaining({ code: 'COMMENT', caseId, invoiceNumber: '9114', businessCode: '0737546-2', status: 'PENDING', processedAt: null }),
		]);
		const [listed] = await queued(`?caseId=${caseId}&code=DIRECTPAYMENT`);
		expect(Date.parse(listed.dueAt) - Date.parse(listed.acceptedAt)).toBe(30_000);
		expect((await control(origin, 'cfis/actions?status=DONE', undefined, 'GET')).status).toBe(400);
		expect((await control(origin, 'cfis/settings', { actionDelaySeconds: -1 })).status).toBe(400);
		expect((await control(origin, 'cfis/settings', { casePaymentsField: 'yes' })).status).toBe(400);
		expect((await control(origin, 'cfis/settings', { speed: 'fast' })).status).toBe(400);
		await settings({ actionDelaySeconds: 5, actionsPaused: true, casePaymentsField: true, strictCheckDigits: true });
		await control(origin, 'reset');
		expect(await settings()).toEqual({ actionDelaySeconds: 30, actionsPaused: false, casePaymentsField: false, strictCheckDigits: false });
		expect(await queued()).toEqual([]);
	});
});

describe('what the case shows of payments (§4.6)', () => {
	it('by default: no payments[] field; a processed direct payment shows in the balance and as a PAYMENT event', async () => {
		const caseId = await newCase(9121);
		await api('POST', '/invoice/action', { actions: [payment(caseId)] });
		let c = await caseOf(caseId);
		expect(c).not.toHaveProperty('payments');
		expect(c.events.map((e: Json) => e.type)).toEqual(['CREATED']);
		await flush();
		c = await caseOf(caseId);
		expect(c).not.toHaveProperty('payments');
		expect(c.balance).toMatchObject({ capitalAmount: 100, totalAmount: 100 });
		expect(c.events.map((e: Json) => e.type)).toEqual(['CREATED', 'PAYMENT']);
	});

	it('with casePaymentsField on: payments[] lists processed payments only, never a pending one', async () => {
		await settings({ casePaymentsField: true });
		const caseId = await newCase(9122);
		await api('POST', '/invoice/action', { actions: [payment(caseId, 25.5, '2026-11-10')] });
		await flush();
		await api('POST', '/invoice/action', { actions: [payment(caseId, 10, '2026-11-11')] });
		expect((await caseOf(caseId)).payments).toEqual([{ date: '2026-11-10', amount: 25.5, method: 'DIRECT', reference: '1337109', source: 'DIRECT' }]);
		await flush();
		expect((await caseOf(caseId)).payments.map((p: Json) => p.date)).toEqual(['2026-11-10', '2026-11-11']);
		await settings({ casePaymentsField: false });
		expect(await caseOf(caseId)).not.toHaveProperty('payments');
	});
});
