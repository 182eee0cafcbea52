/**
 * The Zertiban simulator's flows and state machine as a client sees them (docs/zertiban.md §6–§10, §13):
 * multipart create, documents, transitions and their events, cancel rules, expiry by the sandbox clock,
 * payments, lists with filters and sorting, beneficiary accounts, configurations, and the controls.
 */
import { buildZertibanApp } from '../../sandbox/zertiban';
import { businessDayAfter, isBusinessDay } from '../../sandbox/zertiban/draft';
import { createClock } from '../../sandbox/clock';
import { createEventBus, type ZertibanEvent } from '../../sandbox/events';
import {
	ZERTIBAN_BUSINESS_UUID,
	ZERTIBAN_CLIENT_ID,
	ZERTIBAN_CLIENT_SECRET,
	ZERTIBAN_CONFIGURATION_UUID,
	ZERTIBAN_CREDITOR_ACCOUNT_UUID,
	ZERTIBAN_DISABLED_CONFIGURATION_UUID,
	ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID,
	ZERTIBAN_OTHER_TENANT_UUID,
} from '../../sandbox/seed';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { basic, call, control } from './helpers';

const clock = createClock();
const events = createEventBus();
const seen: ZertibanEvent[] = [];
events.on((e) => seen.push(e));
let app: FastifyInstance;
let base: string;
let token: string;

beforeAll(async () => {
	app = buildZertibanApp({ clock, events });
	await app.listen({ host: '127.0.0.1', port: 0 });
	base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});
afterAll(() => app.close());
/** Fetches a new access token, as a client does after a 401. */
async function login() {
	const res = await call<{ access_token: string }>(`${base}/idp/oauth2/token`, {
		method: 'POST',
		headers: {
			authorization: basic(ZERTIBAN_CLIENT_ID, ZERTIBAN_CLIENT_SECRET),
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: 'grant_type=client_credentials',
	});
	token = res.body.access_token;
}
/** Resets the app (which forgets tokens) and fetches a new token. */
async function resetApp() {
	await control(base, 'reset');
	await login();
}
/** Moves the sandbox clock forward; tokens expire on that clock too, so the client logs in again. */
async function advanceClock(seconds: number) {
	await control(base, 'clock', { advanceSeconds: seconds });
	await login();
}
beforeEach(async () => {
	await resetApp();
	seen.length = 0;
});

const auth = () => ({ authorization: `Bearer ${token}`, 'x-tenant-id': ZERTIBAN_BUSINESS_UUID });
const get = <T = Record<string, unknown>>(path: string) => call<T>(`${base}${path}`, { headers: auth() });

/** A minimal PDF whose bytes carry `marker`, so two documents differ. */
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n%%EOF\n`, 'latin1');

type Json = Record<string, unknown>;

/** One PAYMENT operation for a create payload. */
function op(id: string, extra: Json = {}, payment: Json = {}): Json {
	return {
		id,
		type: 'PAYMENT',
		externalId: `OP-${id}`,
		...extra,
		payment: {
			amount: 50,
			currency: 'EUR',
			concept: `Invoice ${id}`,
			types: ['PSD2_PAYMENT'],
			psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER' },
			debtor: { name: 'Marta', lastName: 'Ruiz', email: 'marta@example.org' },
			...payment,
		},
	};
}

/** POSTs a multipart create: `payload` as an application/json part (or text when `asText`), plus files. */
function create(
	payload: Json,
	files: Record<string, { bytes: Buffer; name: string; type?: string }> = {},
	opts: { asText?: boolean; path?: string } = {},
) {
	const form = new FormData();
	if (opts.asText) form.append('payload', JSON.stringify(payload));
	else form.append('payload', new Blob([JSON.stringify(payload)], { type: 'application/json' }), 'payload.json');
	for (const [part, f] of Object.entries(files)) {
		form.append(part, new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/pdf' }), f.name);
	}
	return call<Json>(`${base}${opts.path ?? '/flow/v1/flows'}`, { method: 'POST', headers: auth(), body: form });
}

interface Created {
	uuid: string;
	externalId?: string;
	operations: Array<{ uuid: string; id: string; url: string; externalId?: string; document?: string }>;
}

async function createOne(externalId = 'FLOW-1', ops: Json[] = [op('op-1')]): Promise<Created> {
	const res = await create({ externalId, countryCode: 'ES', operations: ops });
	expect(res.status).toBe(201);
	return res.body as unknown as Created;
}

const act = (uuid: string, action: string, body?: unknown) => control(base, `operations/${uuid}/${action}`, body);

describe('flow create (multipart, §6.1)', () => {
	it('creates a flow whose operations start CREATED, with a payer URL, and stores two PDFs byte for byte', async () => {
		const a = pdf('first');
		const b = pdf('second');
		const res = await create(
			{
				externalId: 'COLL-1',
				countryCode: 'ES',
				documents: [
					{ id: 'doc-a', name: 'Invoice A' },
					{ id: 'doc-b', name: 'Invoice B' },
				],
				operations: [op('op-1')],
			},
			{ 'doc-a': { bytes: a, name: 'a.pdf' }, 'doc-b': { bytes: b, name: 'b.pdf' } },
		);
		expect(res.status).toBe(201);
		const body = res.body as unknown as Created;
		expect(body).toMatchObject({ externalId: 'COLL-1', operations: [{ id: 'op-1', externalId: 'OP-op-1' }] });
		expect(body.operations[0].url).toMatch(new RegExp(`^${base}/link-validator/v1/links/[\\w-]+$`));

		const detail = await get<Json & { payment: { documents: Array<{ uuid: string; name: string }> } }>(
			`/flow/v1/operations/${body.operations[0].uuid}`,
		);
		expect(detail.body).toMatchObject({
			status: 'CREATED',
			flowUuid: body.uuid,
			configurationUuid: ZERTIBAN_CONFIGURATION_UUID,
			expirationOffset: 'P7D',
			payment: {
				amount: 50,
				psd2Payment: { creditorAccount: { uuid: ZERTIBAN_CREDITOR_ACCOUNT_UUID } },
				subject: { name: 'Marta', lastName: 'Ruiz', email: 'marta@example.org' },
			},
		});
		expect(Date.parse(detail.body.expiresAt as string) - Date.parse(detail.body.createdAt as string)).toBe(7 * 86_400_000);
		const docs = detail.body.payment.documents;
		expect(docs.map((d) => d.name)).toEqual(['Invoice A', 'Invoice B']);
		for (const [i, bytes] of [a, b].entries()) {
			const response = await fetch(
				`${base}/flow/v1/operations/${body.operations[0].uuid}/payment-documents/${docs[i].uuid}/content`,
				{ headers: auth() },
			);
			expect(response.status).toBe(200);
			expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${i ? 'b' : 'a'}.pdf"`);
			expect(response.headers.get('content-type')).toBe('application/pdf');
			expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
		}
		const flow = await get(`/flow/v1/flows/${body.uuid}`);
		expect(flow.body).toMatchObject({ uuid: body.uuid, status: 'CREATED', externalId: 'COLL-1', countryCode: 'ES', channel: 'API' });
	});

	it('answers 400 when the payload part is not application/json', async () => {
		const res = await create({ countryCode: 'ES', operations: [op('op-1')] }, {}, { asText: true });
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(/application\/json/);
	});

	it.each([
		['missing countryCode', { operations: [op('x')] }, /countryCode/],
		['no operations', { countryCode: 'ES', operations: [] }, /operations/],
		['amount above the €1 sandbox cap', { countryCode: 'ES', operations: [op('x', {}, { amount: 101 })] }, /100 cents/],
		['amount not an integer', { countryCode: 'ES', operations: [op('x', {}, { amount: 1.5 })] }, /positive integer/],
		['expirationOffset P157D', { countryCode: 'ES', operations: [op('x', { expirationOffset: 'P157D' })] }, /156/],
		[
			'FUTURE_PAYMENT without date',
			{ countryCode: 'ES', operations: [op('x', {}, { psd2Payment: { type: 'FUTURE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER' } })] },
			/requestedExecutionDate/,
		],
		[
			'SINGLE_PAYMENT with a date',
			{
				countryCode: 'ES',
				operations: [
					op('x', {}, { psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER', requestedExecutionDate: '2099-01-01' } }),
				],
			},
			/only allowed for FUTURE_PAYMENT/,
		],
		['DISABLED configuration', { countryCode: 'ES', operations: [op('x', { configuration: ZERTIBAN_DISABLED_CONFIGURATION_UUID })] }, /not ACTIVE/],
		[
			'DISABLED account',
			{
				countryCode: 'ES',
				operations: [
					op('x', {}, {
						psd2Payment: {
							type: 'SINGLE_PAYMENT',
							product: 'SEPA_CREDIT_TRANSFER',
							creditorAccount: { uuid: ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID },
						},
					}),
				],
			},
			/not ACTIVE/,
		],
		['a document without its file part', { countryCode: 'ES', documents: [{ id: 'd' }], operations: [op('x')] }, /no file part/],
	])('answers 400 for %s', async (_name, payload, message) => {
		const res = await create(payload as Json);
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(message);
	});

	it.each([
		['an alpha-3 country code (FIN)', { countryCode: 'FIN', operations: [op('x')] }, /ISO 3166-1 alpha-2/],
		['a country code ISO 3166-1 does not assign (XX)', { countryCode: 'XX', operations: [op('x')] }, /ISO 3166-1 alpha-2/],
		['a lower-case country code (es)', { countryCode: 'es', operations: [op('x')] }, /ISO 3166-1 alpha-2/],
		['a language ISO 639-1 does not have (xx)', { countryCode: 'ES', additionalLanguage: 'xx', operations: [op('x')] }, /ISO 639-1/],
		['an ISO 639-2 language (fin)', { countryCode: 'ES', additionalLanguage: 'fin', operations: [op('x')] }, /ISO 639-1/],
		['a currency ISO 4217 does not have (EUX)', { countryCode: 'ES', operations: [op('x', {}, { currency: 'EUX' })] }, /ISO 4217/],
	])('§4.2 formats [D]: answers 400 for %s', async (_name, payload, message) => {
		const res = await create(payload as Json);
		expect(res.status).toBe(400);
		expect(res.body.message).toMatch(message);
	});

	describe('FUTURE_PAYMENT: at least one business day ahead (§6.1 [D]) and a business day [SIM]', () => {
		const future = (date: string) => ({
			countryCode: 'ES',
			operations: [op('x', {}, { psd2Payment: { type: 'FUTURE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER', requestedExecutionDate: date } })],
		});
		/** Today in Spain by the sandbox clock (Zertiban's calendar [SIM]). */
		const madridToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Madrid', year: 'numeric', month: '2-digit', day: '2-digit' }).format(clock.now());
		const plusDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

		it('the first business day after today is accepted; today is refused', async () => {
			const earliest = businessDayAfter(madridToday());
			expect((await create(future(earliest))).status).toBe(201);
			const today = await create(future(madridToday()));
			expect(today.status).toBe(400);
			expect(today.body.message).toMatch(new RegExp(`at least one business day ahead: ${earliest} or later`));
		});

		it('a Saturday, a Sunday and the TARGET2 holidays are refused even when far enough ahead', async () => {
			let saturday = plusDays(madridToday(), 7);
			while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = plusDays(saturday, 1);
			const next = new Date(clock.now()).getUTCFullYear() + 1;
			for (const day of [saturday, plusDays(saturday, 1), `${next}-01-01`, `${next}-05-01`, `${next}-12-25`, `${next}-12-26`, '2027-03-26', '2027-03-29']) {
				const res = await create(future(day));
				expect({ day, status: res.status, message: res.body.message }).toEqual({ day, status: 400, message: expect.stringMatching(/not a business day/) });
			}
			expect(isBusinessDay('2027-03-25')).toBe(true); // the Thursday before Good Friday 2027
			expect(isBusinessDay('2027-03-30')).toBe(true); // the Tuesday after Easter Monday 2027
		});

		it('a day that does not exist is refused', async () => {
			expect((await create(future('2027-02-30'))).body.message).toMatch(/a day that exists/);
		});
	});

	it('refuses more than 10 documents, a non-PDF part, and a part matching no document', async () => {
		const eleven = Array.from({ length: 11 }, (_, i) => ({ id: `d${i}` }));
		const files = Object.fromEntries(eleven.map((d) => [d.id, { bytes: pdf(d.id), name: `${d.id}.pdf` }]));
		expect((await create({ countryCode: 'ES', documents: eleven, operations: [op('x')] }, files)).status).toBe(400);
		const text = await create({ countryCode: 'ES', documents: [{ id: 'd' }], operations: [op('x')] }, {
			d: { bytes: Buffer.from('hello'), name: 'd.txt', type: 'text/plain' },
		});
		expect(text.body.message).toMatch(/not a PDF/);
		const stray = await create({ countryCode: 'ES', operations: [op('x')] }, { z: { bytes: pdf('z'), name: 'z.pdf' } });
		expect(stray.body.message).toMatch(/matches no documents/);
	});

	it('lifts the amount cap with the amount-cap control, and reset restores it', async () => {
		expect((await control(base, 'amount-cap', { maxCents: null })).status).toBe(200);
		expect((await create({ countryCode: 'ES', operations: [op('x', {}, { amount: 250_000 })] })).status).toBe(201);
		await resetApp();
		expect((await create({ countryCode: 'ES', operations: [op('x', {}, { amount: 250_000 })] })).status).toBe(400);
	});

	it('drop-next-create stores the flow but destroys the connection; the flow is then found by externalId', async () => {
		await control(base, 'drop-next-create');
		await expect(create({ externalId: 'LOST-1', countryCode: 'ES', operations: [op('x')] })).rejects.toThrow();
		const found = await get<{ total: number; results: Array<{ externalId: string }> }>('/flow/v1/flows?q_externalId=LOST-1');
		expect(found.body.total).toBe(1);
		expect((await create({ externalId: 'LOST-2', countryCode: 'ES', operations: [op('x')] })).status).toBe(201);
	});
});

describe('PagaFactu create (§13.2)', () => {
	const pf = (invoice: Json) => ({
		externalId: 'PF-1',
		countryCode: 'ES',
		operations: [{ externalId: 'PF-OP-1', payment: (op('x').payment as Json), invoice }],
	});

	it('returns a generated Base64 PDF, labels the flow pagafactu and stores the invoice', async () => {
		const res = await create(pf({ externalId: 'A-7', name: 'Factura A-7', generateDocument: true }), {}, {
			path: '/pagafactu/v1/flows/pagafactu',
		});
		expect(res.status).toBe(201);
		const body = res.body as unknown as Created;
		expect(Buffer.from(body.operations[0].document as string, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
		const flow = await get(`/flow/v1/flows/${body.uuid}`);
		expect(flow.body.labels).toEqual([{ name: 'product', value: 'pagafactu' }]);
		const detail = await get(`/flow/v1/operations/${body.operations[0].uuid}`);
		expect(detail.body).toMatchObject({ type: 'PAYMENT', invoice: { externalId: 'A-7' } });
		const list = await get<{ total: number }>('/flow/v1/flows?q_productLabelValue=pagafactu');
		expect(list.body.total).toBeGreaterThanOrEqual(1);
		const byInvoice = await get<{ total: number }>('/flow/v1/operations?q_invoiceExternalId=A-7');
		expect(byInvoice.body.total).toBe(1);
	});

	it('returns your own PDF when one is attached, and no document when generateDocument is false', async () => {
		const own = pdf('own invoice');
		const res = await create(pf({ generateDocument: true, id: 'invoice-file' }), { 'invoice-file': { bytes: own, name: 'inv.pdf' } }, {
			path: '/pagafactu/v1/flows/pagafactu',
		});
		expect(Buffer.from((res.body as unknown as Created).operations[0].document as string, 'base64').equals(own)).toBe(true);
		const none = await create(pf({ generateDocument: false }), {}, { path: '/pagafactu/v1/flows/pagafactu' });
		expect(none.status).toBe(201);
		expect((none.body as unknown as Created).operations[0].document).toBeUndefined();
	});
});

describe('state machine (§10) and events (§11.4)', () => {
	it('walks CREATED → OPENED → COMPLETED, emitting the operation event before the flow event, and records a payment', async () => {
		const flow = await createOne();
		const opUuid = flow.operations[0].uuid;
		const detail = await get<{ payment: { paymentUuid: string } }>(`/flow/v1/operations/${opUuid}`);
		const paymentUuid = detail.body.payment.paymentUuid;
		expect((await get(`/payment/v1/payments/${paymentUuid}`)).status).toBe(404);

		expect((await act(opUuid, 'open')).body).toMatchObject({ status: 'OPENED', flowStatus: 'IN_PROGRESS' });
		expect((await act(opUuid, 'complete')).body).toMatchObject({ status: 'COMPLETED', flowStatus: 'COMPLETED' });
		expect(seen.map((e) => e.eventType)).toEqual([
			'OPERATION_OPENED',
			'FLOW_IN_PROGRESS',
			'OPERATION_COMPLETED',
			'FLOW_COMPLETED',
		]);
		expect(seen[0].resource).toEqual({ uuid: opUuid, externalId: 'OP-op-1', status: 'OPENED', flowUuid: flow.uuid });
		expect(seen[3].resource).toEqual({ uuid: flow.uuid, externalId: 'FLOW-1', status: 'COMPLETED' });
		expect(seen.every((e) => Math.abs(e.at - clock.now()) < 5000)).toBe(true);

		const payment = await get(`/payment/v1/payments/${paymentUuid}`);
		expect(payment.status).toBe(200);
		expect(payment.body).toMatchObject({
			uuid: paymentUuid,
			type: 'PSD2_PAYMENT',
			psd2Payment: {
				status: { status: 'SUBMITTED_VALID', code: 'CREATED' },
				instructedAmount: { amount: 50, currency: 'EUR' },
				remittanceInformationUnstructured: 'Invoice op-1',
			},
		});
		const status = await get(`/flow/v1/operations/${opUuid}/status`);
		expect(status.body).toEqual({ status: 'COMPLETED', actionCode: 'ACCEPTED', final: true });
		const opHistory = await get<Array<{ previousStatus: string; newStatus: string }>>(
			`/flow/v1/operations/${opUuid}/status-histories`,
		);
		expect(opHistory.body.map((h) => `${h.previousStatus}>${h.newStatus}`)).toEqual([
			'OPENED>COMPLETED',
			'CREATED>OPENED',
			'CREATED>CREATED',
		]);
		const flowHistory = await get<Array<{ newStatus: string }>>(`/flow/v1/flows/${flow.uuid}/status-histories`);
		expect(flowHistory.body.map((h) => h.newStatus)).toEqual(['COMPLETED', 'IN_PROGRESS', 'CREATED']);
	});

	it.each([
		['complete', 'CREATED'],
		['reject', 'CREATED'],
	])('answers 409 for %s from %s, and for any transition out of a final status', async (action) => {
		const flow = await createOne();
		const uuid = flow.operations[0].uuid;
		expect((await act(uuid, action)).status).toBe(409);
		await act(uuid, 'not-deliver');
		for (const a of ['open', 'complete', 'reject', 'expire', 'not-deliver']) expect((await act(uuid, a)).status).toBe(409);
		expect(seen.map((e) => e.eventType)).toEqual(['OPERATION_NOT_DELIVERED', 'FLOW_CANCELLED']);
	});

	it('aggregates a two-operation flow: PARTIALLY when one completes and the other is rejected', async () => {
		const flow = await createOne('MIX', [op('a'), op('b')]);
		const [a, b] = flow.operations.map((o) => o.uuid);
		await act(a, 'open');
		await act(b, 'open');
		await act(a, 'complete');
		expect((await get(`/flow/v1/flows/${flow.uuid}`)).body.status).toBe('IN_PROGRESS');
		await act(b, 'reject');
		const detail = await get<{ status: string; paymentOperations: Array<{ status: string }> }>(`/flow/v1/flows/${flow.uuid}`);
		expect(detail.body.status).toBe('PARTIALLY');
		expect(detail.body.paymentOperations.map((o) => o.status)).toEqual(['COMPLETED', 'REJECTED']);
		expect(seen.map((e) => e.eventType)).toEqual([
			'OPERATION_OPENED',
			'FLOW_IN_PROGRESS',
			'OPERATION_OPENED',
			'OPERATION_COMPLETED',
			'OPERATION_REJECTED',
			'FLOW_PARTIALLY',
		]);
	});

	it('access tokens expire on the sandbox clock too: 401 after 900 s of sandbox time, a new token works', async () => {
		await control(base, 'clock', { advanceSeconds: 899 });
		expect((await get('/flow/v1/operations?limit=1')).status).toBe(200);
		await control(base, 'clock', { advanceSeconds: 1 });
		const expired = await get<{ message: string }>('/flow/v1/operations?limit=1');
		expect({ status: expired.status, message: expired.body.message }).toEqual({ status: 401, message: 'The access token has expired' });
		await login();
		expect((await get('/flow/v1/operations?limit=1')).status).toBe(200);
	});

	it('expires an operation once the sandbox clock passes expiresAt, emitting OPERATION_EXPIRED and FLOW_EXPIRED', async () => {
		const flow = await createOne('EXP', [op('x', { expirationOffset: 'P1D' })]);
		const uuid = flow.operations[0].uuid;
		await advanceClock(86_400 - 120);
		expect((await get(`/flow/v1/operations/${uuid}`)).body.status).toBe('CREATED');
		expect(seen).toEqual([]);
		await control(base, 'clock', { advanceSeconds: 240 });
		// emitted before the clock control answered
		expect(seen.map((e) => e.eventType)).toEqual(['OPERATION_EXPIRED', 'FLOW_EXPIRED']);
		await login();
		expect((await get(`/flow/v1/operations/${uuid}/status`)).body).toEqual({ status: 'EXPIRED', actionCode: 'DENIED', final: true });
	});
});

describe('cancel (§7.5)', () => {
	it('cancels CREATED and OPENED operations with 204, is idempotent, and moves a one-operation flow to CANCELLED', async () => {
		const flow = await createOne();
		const uuid = flow.operations[0].uuid;
		const cancel = () => call(`${base}/flow/v1/operations/${uuid}/cancel`, { method: 'PUT', headers: auth() });
		expect((await cancel()).status).toBe(204);
		expect((await cancel()).status).toBe(204);
		expect(seen.map((e) => e.eventType)).toEqual(['OPERATION_CANCELLED', 'FLOW_CANCELLED']);
		expect((await get(`/flow/v1/flows/${flow.uuid}`)).body.status).toBe('CANCELLED');
	});

	it('answers 409 while a bank transaction is pending and after a final status', async () => {
		const flow = await createOne();
		const uuid = flow.operations[0].uuid;
		const cancel = () => call<Json>(`${base}/flow/v1/operations/${uuid}/cancel`, { method: 'PUT', headers: auth() });
		expect((await act(uuid, 'pending-transaction', { pending: true })).status).toBe(409);
		await act(uuid, 'open');
		await act(uuid, 'pending-transaction', { pending: true });
		const pending = await cancel();
		expect(pending.status).toBe(409);
		expect(pending.body.message).toMatch(/pending transaction/);
		await act(uuid, 'pending-transaction', { pending: false });
		expect((await cancel()).status).toBe(204);

		const done = await createOne('DONE');
		const doneUuid = done.operations[0].uuid;
		await act(doneUuid, 'open');
		await act(doneUuid, 'complete');
		const final = await call<Json>(`${base}/flow/v1/operations/${doneUuid}/cancel`, { method: 'PUT', headers: auth() });
		expect(final.status).toBe(409);
		expect(final.body.message).toMatch(/final state COMPLETED/);
	});
});

describe('lists (§4.3, §6.2, §7.1)', () => {
	it('filters flows and operations by status-update time and sorts by it, in either sort_by spelling', async () => {
		const first = await createOne('T1');
		await advanceClock(3600);
		const second = await createOne('T2');
		await advanceClock(3600);
		await act(first.operations[0].uuid, 'open');
		const openedAt = (await get<{ statusUpdatedAt: string; paymentOperations: Array<{ statusUpdatedAt: string }> }>(
			`/flow/v1/flows/${first.uuid}`,
		)).body.paymentOperations[0].statusUpdatedAt;

		const ops = await get<{ total: number; results: Array<{ uuid: string }> }>(
			`/flow/v1/operations?q_fromStatusUpdatedAt=${openedAt}`,
		);
		expect(ops.body.results.map((o) => o.uuid)).toEqual([first.operations[0].uuid]);
		const flows = await get<{ results: Array<{ uuid: string }> }>(
			`/flow/v1/flows?q_fromCreatedAt=${encodeURIComponent(new Date(clock.now() - 3 * 3600_000).toISOString())}&sort_by=STATUS_UPDATED_AT&sort_dir=asc`,
		);
		expect(flows.body.results.map((f) => f.uuid)).toEqual([second.uuid, first.uuid]);
		const camel = await get<{ results: Array<{ uuid: string }> }>(
			`/flow/v1/flows?q_status=IN_PROGRESS,CREATED&sort_by=statusUpdatedAt&limit=2`,
		);
		expect(camel.body.results.map((f) => f.uuid)).toEqual([first.uuid, second.uuid]);
		const toCreated = await get<{ results: Array<{ uuid: string }> }>(
			`/flow/v1/operations?q_toCreatedAt=2025-09-06T00:00:00Z&sort_by=createdAt&sort_dir=ASC`,
		);
		expect(toCreated.body.results.length).toBe(1);
	});

	it('filters operations by amount aliases and answers 400 for malformed filters', async () => {
		const range = await get<{ results: Array<{ payment: { amount: number } }> }>(
			'/flow/v1/operations?q_minAmount=3000&q_maxAmount=5000&limit=100',
		);
		expect(range.body.results.map((o) => o.payment.amount).sort()).toEqual([3000, 4999]);
		for (const q of [
			'q_status=PAID',
			'q_fromCreatedAt=yesterday',
			'limit=101',
			'sort_by=amount',
			'sort_dir=UP',
			'q_minAmount=-1',
		]) {
			expect((await get(`/flow/v1/operations?${q}`)).status).toBe(400);
		}
		for (const q of ['q_status=PAID', 'q_uuid=nope', 'q_toStatusUpdatedAt=x', 'limit=101']) {
			expect((await get(`/flow/v1/flows?${q}`)).status).toBe(400);
		}
	});

	it('lists the seeded flows, one per seeded operation flow, each with its operations', async () => {
		const flows = await get<{ total: number; results: Array<{ paymentOperations: unknown[]; status: string }> }>(
			'/flow/v1/flows?limit=100',
		);
		expect(flows.body.total).toBe(10);
		const statuses = flows.body.results.map((f) => f.status);
		expect(statuses).toEqual(expect.arrayContaining(['CREATED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED', 'EXPIRED', 'CANCELLED']));
		expect(flows.body.results.reduce((n, f) => n + f.paymentOperations.length, 0)).toBe(11);
	});
});

describe('beneficiary accounts and configurations (§9)', () => {
	it('lists accounts with filters, limits 1–100, and q_businessUuid equal to the tenant', async () => {
		const all = await get<{ total: number; results: Array<{ uuid: string; status: string }> }>(
			'/business-creditor-account/v1/business-creditor-accounts',
		);
		expect(all.body.total).toBe(2);
		const active = await get<{ results: Array<{ uuid: string }> }>(
			`/business-creditor-account/v1/business-creditor-accounts?q_status=ACTIVE&q_isDefault=true&q_businessUuid=${ZERTIBAN_BUSINESS_UUID}`,
		);
		expect(active.body.results.map((a) => a.uuid)).toEqual([ZERTIBAN_CREDITOR_ACCOUNT_UUID]);
		for (const q of ['limit=0', 'q_isDefault=yes', 'q_status=CLOSED', `q_businessUuid=${ZERTIBAN_OTHER_TENANT_UUID}`]) {
			expect((await get(`/business-creditor-account/v1/business-creditor-accounts?${q}`)).status).toBe(400);
		}
		const one = await get(`/business-creditor-account/v1/business-creditor-accounts/${ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID}`);
		expect(one.body).toMatchObject({ status: 'DISABLED', isDefault: false, type: 'IBAN' });
		expect((await get('/business-creditor-account/v1/business-creditor-accounts/e54f0a3b-4af6-49b1-8c20-4f5a6b7c8d9e')).status).toBe(404);
	});

	it('lists configurations (limit 1–50) and shows the redirections set by the control', async () => {
		const list = await get<{ total: number; results: Array<{ uuid: string }> }>(
			'/flow-customization/v1/configurations?q_status=ACTIVE',
		);
		expect(list.body.total).toBe(2);
		expect((await get('/flow-customization/v1/configurations?limit=51')).status).toBe(400);
		const set = await call(`${base}/__sandbox/configurations/${ZERTIBAN_CONFIGURATION_UUID}/redirection`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ callbackUrl: 'https://erp.example.com/done?op={operationId}' }),
		});
		expect(set.status).toBe(200);
		const detail = await get<{ operationConfiguration: { redirection: { callback: { url: string } } } }>(
			`/flow-customization/v1/configurations/${ZERTIBAN_CONFIGURATION_UUID}?operation_type=PAYMENT`,
		);
		expect(detail.body.operationConfiguration.redirection.callback.url).toBe('https://erp.example.com/done?op={operationId}');
		expect((await get(`/flow-customization/v1/configurations/${ZERTIBAN_CONFIGURATION_UUID}?operation_type=X`)).status).toBe(400);
	});
});

describe('payer page (§12)', () => {
	const page = (url: string, init: RequestInit = {}) => fetch(url, { redirect: 'manual', ...init });
	const setRedirection = (body: Json) =>
		call(`${base}/__sandbox/configurations/${ZERTIBAN_CONFIGURATION_UUID}/redirection`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});

	it('opening the page opens the operation and shows amount, concept and creditor with Pay / Reject / Exit', async () => {
		const flow = await createOne();
		const { url, uuid } = flow.operations[0];
		const response = await page(url);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/text\/html/);
		const html = await response.text();
		expect(html).toContain('0.50 EUR');
		expect(html).toContain('Invoice op-1');
		expect(html).toContain('Cuenta principal cobros');
		for (const action of ['pay', 'reject', 'exit']) expect(html).toContain(`action="${new URL(url).pathname}/${action}"`);
		expect((await get(`/flow/v1/operations/${uuid}`)).body.status).toBe('OPENED');
		expect(seen.map((e) => e.eventType)).toEqual(['OPERATION_OPENED', 'FLOW_IN_PROGRESS']);
		await page(url); // opening again changes nothing
		expect(seen).toHaveLength(2);
	});

	it('Pay completes and redirects (303) to the callback URL with the placeholders filled in', async () => {
		await setRedirection({
			callbackUrl:
				'https://erp.example.com/done?op={operationId}&ext={externalOperationId}&flow={flowId}&ef={externalFlowId}&st={operationStatus}&r={operationResult}&fs={flowStatus}&fr={flowResult}&lang={language}',
		});
		const flow = await createOne('FLOW 1&2');
		const { url, uuid } = flow.operations[0];
		await page(url);
		const response = await page(`${url}/pay`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: '',
		});
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(
			`https://erp.example.com/done?op=${uuid}&ext=OP-op-1&flow=${flow.uuid}&ef=FLOW%201%262&st=COMPLETED&r=OK&fs=COMPLETED&fr=OK&lang=es`,
		);
		expect((await get(`/flow/v1/operations/${uuid}`)).body.status).toBe('COMPLETED');
	});

	it('Reject redirects with result KO; Exit goes to the return URL without callback-only values', async () => {
		await setRedirection({
			callbackUrl: 'https://erp.example.com/cb?st={operationStatus}&r={operationResult}',
			returnUrl: 'https://erp.example.com/back?op={externalOperationId}&st={operationStatus}',
		});
		const flow = await createOne();
		const { url } = flow.operations[0];
		await page(url);
		const exit = await page(`${url}/exit`, { method: 'POST' });
		expect(exit.status).toBe(303);
		expect(exit.headers.get('location')).toBe('https://erp.example.com/back?op=OP-op-1&st=');
		const reject = await page(`${url}/reject`, { method: 'POST' });
		expect(reject.headers.get('location')).toBe('https://erp.example.com/cb?st=REJECTED&r=KO');
		const again = await page(`${url}/pay`, { method: 'POST' });
		expect(again.status).toBe(409);
		expect(await again.text()).toContain('REJECTED');
	});

	it('without configured URLs the browser lands on a neutral sandbox page', async () => {
		const flow = await createOne();
		const { url } = flow.operations[0];
		await page(url);
		const pay = await page(`${url}/pay`, { method: 'POST' });
		const location = pay.headers.get('location') as string;
		expect(location).toBe(`${new URL(url).pathname}/finished?left=false`);
		const done = await page(new URL(location, base).toString());
		expect(await done.text()).toContain('The operation is COMPLETED');
		expect((await page(`${base}/link-validator/v1/links/unknown-token`)).status).toBe(404);
	});
});
