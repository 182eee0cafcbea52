/**
 * The CFIS simulator enforces the data rules of docs/cfis.md §8 [D] (language ISO 639-1, country ISO 3166-1 alpha-2,
 * e-mail, postal code against the country, money with 2 decimals) and the well-formed identifiers of §8.1 (seller
 * IBAN with its check digits, business IDs, VAT numbers; their check digits in strict mode), answering the §9 error
 * contract (400, `errors[]` naming each field); and the 30-day default window of §4.7 / §10 on distribution lookups.
 */
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
/** The fields a 400 names, sorted; fails when the answer is not the §9 validation error. */
const refusedFields = (res: { status: number; body: Json }) => {
	expect(res.status).toBe(400);
	expect(res.body).toMatchObject({ status: 400, title: 'Validation failed' });
	return (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
};

function clientBody(client: Record<string, unknown> = {}) {
	return {
		service: { type: 'LIFECYCLE', partnerCode: 'QUICK3' },
		client: { name: 'Test Customer Oy', businessCode: '0646115-8', countryCode: 'FI', postalCode: '00100', email: 'email@testcustomer.fi', languageCode: 'FI', ...client },
		contacts: [],
	};
}

function invoiceBody(number: number, parties: Record<string, unknown> = {}, header: Record<string, unknown> = {}, rows?: unknown[]) {
	return {
		processing: { paymentControlEnabled: true },
		distribution: { method: 'EMAIL', enabled: true },
		invoice: {
			header: { number, type: 'INVOICE', date: '2026-11-01', dueDate: '2026-11-15', currencyCode: 'EUR', ...header },
			parties: {
				sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy', paymentDetails: { iban: 'FI21 1234 5600 0007 85' } },
				buyerParty: { name: 'ACME Oy', contact: { email: 'ap@acme.fi' } },
				...parties,
			},
			rows: rows ?? [{ name: 'Consulting', quantity: 2, unitPrice: 50, vatPercentage: 25.5 }],
		},
	};
}

describe('POST /client: §8 formats', () => {
	it('refuses FIN as language and country, a code ISO does not assign, a malformed e-mail, a postal code wrong for its country', async () => {
		expect(refusedFields(await api('POST', '/client', clientBody({ languageCode: 'FIN', countryCode: 'FIN' }), info.cfis.partnerToken))).toEqual([
			'client.countryCode',
			'client.languageCode',
		]);
		expect(refusedFields(await api('POST', '/client', clientBody({ languageCode: 'XX', countryCode: 'XX' }), info.cfis.partnerToken))).toEqual([
			'client.countryCode',
			'client.languageCode',
		]);
		for (const email of ['ap@localhost', 'ap acme@acme.fi', 'äp@acme.fi', 'ap@-acme.fi', 'ap@@acme.fi']) {
			expect(refusedFields(await api('POST', '/client', clientBody({ email }), info.cfis.partnerToken))).toEqual(['client.email']);
		}
		const swedish = await api('POST', '/client', clientBody({ countryCode: 'SE', postalCode: '1234' }), info.cfis.partnerToken);
		expect(swedish.body.errors).toEqual([{ field: 'client.postalCode', message: 'must be 5 digits for countryCode SE' }]);
	});

	it('accepts the languages as the docs write them (FI, SV, EN, DK) and in ISO case (fi), a Swedish postal code in print form', async () => {
		for (const [languageCode, businessCode] of [['SV', '0112038-9'], ['DK', '2331972-7'], ['fi', '1572860-0']]) {
			const res = await api('POST', '/client', clientBody({ languageCode, businessCode }), info.cfis.partnerToken);
			expect({ languageCode, status: res.status }).toEqual({ languageCode, status: 201 });
		}
		expect((await api('POST', '/client', clientBody({ countryCode: 'SE', postalCode: '114 55' }), info.cfis.partnerToken)).status).toBe(201);
	});

	it('business ID check digits only in strict mode (the vendor examples fail them, §8.1)', async () => {
		expect((await api('POST', '/client', clientBody({ businessCode: '0646115-7' }), info.cfis.partnerToken)).status).toBe(201);
		await control(origin, 'cfis/settings', { strictCheckDigits: true });
		expect(refusedFields(await api('POST', '/client', clientBody({ businessCode: '0737546-3' }), info.cfis.partnerToken))).toEqual(['client.businessCode']);
	});
});

describe('POST /invoice: §8 formats of every party', () => {
	it('accepts a well-formed invoice with a seller IBAN in print form', async () => {
		expect((await api('POST', '/invoice', invoiceBody(9201))).status).toBe(201);
	});

	it('names each bad field: languages, countries, postal codes, e-mails, IBAN, business IDs, VAT numbers, prices', async () => {
		const res = await api(
			'POST',
			'/invoice',
			invoiceBody(
				9202,
				{
					sellerParty: {
						businessId: '123456-7',
						name: 'Sandbox Demo Oy',
						vatCode: 'FI1234567',
						address: { countryCode: 'FIN', postalCode: '00100' },
						contact: { contactPerson: { email: 'sales at demo.fi' } },
						paymentDetails: { iban: 'FI2212345600000785' },
					},
					buyerParty: { name: 'ACME Oy', businessId: '1234567', languageCode: 'FIN', contact: { email: 'ap@acme' }, address: { countryCode: 'FI', postalCode: '1000' } },
					invoiceRecipientParty: { email: 'not-an-email', address: { countryCode: 'fi' } },
				},
				{ languageCode: 'FIN' },
				[{ name: 'Consulting', quantity: 1, unitPrice: 10.005 }],
			),
		);
		expect(refusedFields(res)).toEqual(
			[
				'invoice.header.languageCode',
				'invoice.parties.sellerParty.businessId',
				'invoice.parties.sellerParty.vatCode',
				'invoice.parties.sellerParty.address.countryCode',
				'invoice.parties.sellerParty.contact.contactPerson.email',
				'invoice.parties.sellerParty.paymentDetails.iban',
				'invoice.parties.buyerParty.businessId',
				'invoice.parties.buyerParty.languageCode',
				'invoice.parties.buyerParty.contact.email',
				'invoice.parties.buyerParty.address.postalCode',
				'invoice.parties.invoiceRecipientParty.email',
				'invoice.parties.invoiceRecipientParty.address.countryCode',
				'invoice.rows[0].unitPrice',
			].sort(),
		);
		expect(res.body.errors).toEqual(
			expect.arrayContaining([
				{ field: 'invoice.parties.sellerParty.paymentDetails.iban', message: 'has wrong IBAN check digits' },
				{ field: 'invoice.header.languageCode', message: expect.stringMatching(/ISO 639-1/) },
				{ field: 'invoice.parties.sellerParty.address.countryCode', message: expect.stringMatching(/ISO 3166-1 alpha-2/) },
			]),
		);
	});

	it('an IBAN of the wrong length for its country and one with letters in place of a country are refused', async () => {
		for (const iban of ['FI211234560000078', 'SE4550000000058398257466 1', '1234567890123456']) {
			const body = invoiceBody(9203, { sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy', paymentDetails: { iban } } });
			expect({ iban, fields: refusedFields(await api('POST', '/invoice', body)) }).toEqual({ iban, fields: ['invoice.parties.sellerParty.paymentDetails.iban'] });
		}
		const swedish = invoiceBody(9204, { sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy', paymentDetails: { iban: 'SE45 5000 0000 0583 9825 7466' } } });
		expect((await api('POST', '/invoice', swedish)).status).toBe(201);
	});
});

describe('POST /invoice/action: DIRECTPAYMENT amounts have 2 decimals (§8 number<double>)', () => {
	it('refuses 10.005 and an outstanding amount with 3 decimals, naming both', async () => {
		const { caseId } = (await api('POST', '/invoice', invoiceBody(9211))).body;
		const res = await api('POST', '/invoice/action', {
			actions: [{ code: 'DIRECTPAYMENT', comment: '', data: { caseId, amount: 10.005, currency: 'EUR', paymentDate: '2026-11-10', outstandingCapitalAmount: 1.001 } }],
		});
		expect(refusedFields(res)).toEqual(['actions[0].data.amount', 'actions[0].data.outstandingCapitalAmount']);
	});
});

describe('GET /invoice/distribution: the 30-day default window applies to a lookup by invoice number (§4.7, §10)', () => {
	it('without dates an invoice older than 30 days is not found; with dates that cover it, it is', async () => {
		const now = ((await control<{ now: string }>(origin, 'clock', undefined, 'GET')).body.now);
		const day = (offset: number) => new Date(Date.parse(now) + offset * 86_400_000).toISOString().slice(0, 10);
		const recent = (await api('GET', '/invoice/distribution?invoiceNumber=202600101')).body; // dated 20 days ago
		expect(recent.data).toEqual([expect.objectContaining({ invoiceNumber: '202600101' })]);
		const old = (await api('GET', '/invoice/distribution?invoiceNumber=202600104')).body; // dated 45 days ago
		expect(old).toEqual({
			metaData: {
				totalCount: 0,
				successfulCount: 0,
				failedCount: 0,
				filtersApplied: { invoiceNumber: '202600104', fromInvDate: day(-30), toInvDate: day(0), fetchType: null, defaultLast30Days: true },
			},
			data: [],
		});
		const found = (await api('GET', `/invoice/distribution?invoiceNumber=202600104&fromInvDate=${day(-50)}&toInvDate=${day(-21)}`)).body;
		expect(found.data).toEqual([expect.objectContaining({ invoiceNumber: '202600104', caseId: expect.any(Number) })]);
		expect(found.metaData.filtersApplied).toMatchObject({ defaultLast30Days: false, fromInvDate: day(-50), toInvDate: day(-21) });
	});
});
