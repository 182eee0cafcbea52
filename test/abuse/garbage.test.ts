/**
 * Category "garbage-input": generated garbage (fast-check, fixed seed) for every parameter of the create
 * operations (Zertiban Flow → Create and Create PagaFactu, Confirma Finance Client → Create), given by
 * expression as a careless mapping would: objects, arrays and booleans in text fields, option values that are
 * not among the options, amounts that are not positive safe-integer cents (1e21, 2^53 + 2, 12.5, NaN, "abc"),
 * malformed codes, dates, e-mails, URLs, postal codes and VAT numbers. The bad value sits in item 1 of two
 * items (item 0 is valid), so "before any request" covers the whole batch. Each case must end in an error that
 * names the field and item 1 with no request sent (a request is a "request sent for invalid input"; an
 * exception from the code or a silent acceptance is a crash). Valid values with spaces around them must reach
 * the API trimmed (an untrimmed value on the wire also counts as a request sent for invalid input).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { ZERTIBAN_CONFIGURATION_UUID, ZERTIBAN_CREDITOR_ACCOUNT_UUID } from '../../sandbox/seed';
import { runNode, sandboxFixture, startLossyProxy, type LossyProxy, type RunResult } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('garbage-input');
afterAll(() => tally.save());

const SEED = Number(process.env.ABUSE_SEED ?? 20261128);
const PER_FIELD = Number(process.env.ABUSE_SAMPLES ?? 12);

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let zertiban: LossyProxy;
let cfis: LossyProxy;
beforeAll(async () => {
	fx = await sandboxFixture();
	zertiban = await startLossyProxy(fx.info.zertiban.baseUrl);
	cfis = await startLossyProxy(new URL(fx.info.cfis.baseUrl).origin);
});
afterAll(async () => {
	await zertiban.close();
	await cfis.close();
	await fx.close();
});

const expr = (name: string) => `={{ $json.${name} }}`;
const locator = (name: string) => ({ __rl: true, mode: 'id', value: expr(name) });

// ---- the operations, every parameter mapped from the input item ------------------------------------------

const PAYMENT = {
	amount: 50,
	currency: 'EUR',
	concept: 'Invoice',
	operationExternalId: 'OP',
	paymentType: 'SINGLE_PAYMENT',
	requestedExecutionDate: '',
	product: 'SEPA_CREDIT_TRANSFER',
	payerName: 'Marta',
	payerLastName: 'Ruiz',
	payerEmail: 'marta@example.org',
	expirationOffset: 'P7D',
};
const FLOW = { externalId: 'G', countryCode: 'ES', configurationUuid: ZERTIBAN_CONFIGURATION_UUID, beneficiaryAccountUuid: ZERTIBAN_CREDITOR_ACCOUNT_UUID };

interface Target {
	name: string;
	type: 'zertiban' | 'cfis';
	parameters: IDataObject;
	valid: () => IDataObject;
	proxy: () => LossyProxy;
}

const paymentParameters = Object.fromEntries(Object.keys(PAYMENT).map((k) => [k, expr(k)]));

const TARGETS: Target[] = [
	{
		name: 'Flow → Create',
		type: 'zertiban',
		parameters: {
			resource: 'flow',
			operation: 'create',
			externalId: expr('externalId'),
			countryCode: expr('countryCode'),
			configurationUuid: locator('configurationUuid'),
			beneficiaryAccountUuid: locator('beneficiaryAccountUuid'),
			operations: { operation: [{ ...paymentParameters, documents: expr('documents') }] },
			binaryPropertyNames: expr('binaryPropertyNames'),
			additionalFields: { additionalLanguage: expr('additionalLanguage'), labels: { label: [{ name: expr('labelName'), value: expr('labelValue') }] } },
		},
		valid: () => ({ ...FLOW, ...PAYMENT, documents: '', binaryPropertyNames: '', additionalLanguage: 'en', labelName: 'product', labelValue: 'basic' }),
		proxy: () => zertiban,
	},
	{
		name: 'Flow → Create PagaFactu',
		type: 'zertiban',
		parameters: {
			resource: 'flow',
			operation: 'createPagaFactu',
			externalId: expr('externalId'),
			countryCode: expr('countryCode'),
			configurationUuid: locator('configurationUuid'),
			beneficiaryAccountUuid: locator('beneficiaryAccountUuid'),
			...paymentParameters,
			invoiceExternalId: expr('invoiceExternalId'),
			invoiceName: expr('invoiceName'),
			invoiceDueDate: expr('invoiceDueDate'),
			invoiceDocument: expr('invoiceDocument'),
			binaryPropertyName: expr('binaryPropertyName'),
		},
		valid: () => ({ ...FLOW, ...PAYMENT, invoiceExternalId: 'A-7', invoiceName: 'Factura A-7', invoiceDueDate: '2030-12-31', invoiceDocument: 'generate', binaryPropertyName: 'data' }),
		proxy: () => zertiban,
	},
	{
		name: 'Client → Create',
		type: 'cfis',
		parameters: {
			resource: 'client',
			operation: 'create',
			serviceType: expr('serviceType'),
			partnerCode: expr('partnerCode'),
			name: expr('name'),
			businessCode: expr('businessCode'),
			email: expr('email'),
			countryCode: expr('countryCode'),
			languageCode: expr('languageCode'),
			additionalFields: Object.fromEntries(['postalAddress', 'postalCode', 'postalDistrict', 'telephone', 'vatRegNbr', 'website'].map((k) => [k, expr(k)])),
			contacts: { contact: [{ type: expr('contactType'), name: expr('contactName'), email: expr('contactEmail'), phone: expr('contactPhone') }] },
		},
		valid: () => ({
			serviceType: 'LIFECYCLE',
			partnerCode: 'QUICK3',
			name: 'Testi Oy',
			businessCode: '2331972-7',
			email: 'info@testi.fi',
			countryCode: 'FI',
			languageCode: 'FI',
			postalAddress: 'Testikuja 7',
			postalCode: '00100',
			postalDistrict: 'HELSINKI',
			telephone: '+358401234567',
			vatRegNbr: 'FI23319727',
			website: 'https://testi.fi',
			contactType: 'PRIMARY',
			contactName: 'Maija',
			contactEmail: 'maija@testi.fi',
			contactPhone: '+358401234568',
		}),
		proxy: () => cfis,
	},
];

// ---- garbage ---------------------------------------------------------------------------------------------

/** Values that are not text: objects, arrays of two or more, booleans. */
const notText = fc.oneof(
	fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.string({ maxLength: 5 }), { minKeys: 1, maxKeys: 3 }),
	fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { minLength: 2, maxLength: 4 }),
	fc.boolean(),
);
/** Non-empty text (after trimming) that fails `ok`. */
const textNot = (ok: (s: string) => boolean, extra: string[] = []) =>
	fc.oneof(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !ok(s.trim())), fc.constantFrom(...(extra.length ? extra : ['?'])).filter((s) => !ok(s.trim())));
const notIn = (values: string[]) => fc.oneof(textNot((s) => values.includes(s), ['single_payment', 'SINGLE', 'SEPA', 'lifecycle', 'NONE', '*', "' OR 1=1 --"]), notText);
const badAmount = fc.oneof(
	fc.double({ noDefaultInfinity: false }).filter((x) => !Number.isSafeInteger(x) || x <= 0),
	fc.integer({ min: -1_000_000, max: 0 }),
	fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e21, 1e300, Number.MAX_VALUE, Number.NaN, Infinity, -Infinity, 0.5, 12.5),
	fc.constantFrom('abc', '12.5', '', ' ', '1,5', '0x10', 'NaN', '9007199254740993', '1e21', '50 EUR'),
	notText,
);
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
const badUuid = fc.oneof(textNot(isUuid, ['94ba8750-b772-4ca1-91b0-1c8a658a617', '../../etc/passwd', 'null']), notText);
const badDate = fc.oneof(textNot((s) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), ['2026-02-30', '31.12.2030', '2030-12-31T00:00:00Z']), notText);
const badEmail = fc.oneof(textNot((s) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s), ['a@b', '@x.es', 'a b@c.es']), notText);

/** Per operation: field → garbage generator. Every parameter of the operation has one. */
const GARBAGE: Record<string, Record<string, fc.Arbitrary<unknown>>> = {
	common: {
		externalId: notText,
		countryCode: fc.oneof(textNot((s) => /^[A-Z]{2}$/.test(s) && !['XX', 'ZZ', 'AA', 'QQ'].includes(s), ['XX', 'es', 'ESP']), notText),
		configurationUuid: badUuid,
		beneficiaryAccountUuid: badUuid,
		amount: badAmount,
		currency: fc.oneof(textNot((s) => /^[A-Z]{3}$/.test(s) && !['ABC', 'EUX', 'ZZZ'].includes(s), ['EURO', 'eur', 'ABC', '€']), notText),
		concept: notText,
		operationExternalId: notText,
		paymentType: notIn(['SINGLE_PAYMENT', 'FUTURE_PAYMENT']),
		requestedExecutionDate: fc.oneof(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== ''), notText),
		product: notIn(['SEPA_CREDIT_TRANSFER', 'INSTANT_SEPA_CREDIT_TRANSFER']),
		payerName: notText,
		payerLastName: notText,
		payerEmail: badEmail,
		expirationOffset: fc.oneof(textNot((s) => /^P(\d+)D$/.test(s) && Number(/\d+/.exec(s)![0]) >= 1 && Number(/\d+/.exec(s)![0]) <= 156, ['P0D', 'P157D', 'P1W', 'PT24H', 'P99999999999999999999D']), notText),
	},
	'Flow → Create': {
		documents: fc.oneof(fc.stringMatching(/^[a-z]{3,8}$/), notText),
		binaryPropertyNames: fc.oneof(fc.stringMatching(/^[a-z]{3,8}$/), notText),
		additionalLanguage: fc.oneof(textNot((s) => /^[a-z]{2}$/.test(s), ['EN', 'eng', 'e1']), notText),
		labelName: notText,
		labelValue: notText,
	},
	'Flow → Create PagaFactu': {
		invoiceExternalId: notText,
		invoiceName: notText,
		invoiceDueDate: badDate,
		invoiceDocument: notIn(['none', 'generate', 'own']),
		binaryPropertyName: notText,
	},
	'Client → Create': {
		serviceType: notIn(['COOP', 'INTERMEDIATION', 'LIFECYCLE']),
		partnerCode: fc.oneof(fc.constantFrom('', '   '), notText),
		name: fc.oneof(fc.constantFrom('', '   '), notText),
		businessCode: fc.oneof(textNot((s) => /^\d{7}-\d$/.test(s), ['2331972-8', '123456-7']), notText),
		email: badEmail,
		countryCode: fc.oneof(textNot((s) => /^[A-Z]{2}$/.test(s) && !['XX', 'ZZ', 'AA', 'QQ'].includes(s), ['XX', 'fi', 'FIN']), notText),
		languageCode: fc.oneof(textNot((s) => /^[A-Za-z]{2}$/.test(s), ['FIN', 'F1', '']), notText),
		postalAddress: notText,
		postalCode: fc.oneof(textNot((s) => /^\d{5}$/.test(s), ['0010', '001000', 'FI-00100']), notText),
		postalDistrict: notText,
		telephone: notText,
		vatRegNbr: fc.oneof(textNot((s) => /^[A-Z]{2}[0-9A-Z]{2,12}$/.test(s) && (!s.startsWith('FI') || /^FI\d{8}$/.test(s)), ['ES-B123', 'es12345', 'X', 'DE 123456789']), notText),
		website: fc.oneof(textNot((s) => /^(https?:\/\/)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?([/?#]\S*)?$/i.test(s), ['javascript:alert(1)', 'http://', 'not a url', 'ftp://x.fi']), notText),
		contactType: notIn(['PRIMARY', 'TECHNICAL', 'ACCOUNTANT']),
		contactName: notText,
		contactEmail: badEmail,
		contactPhone: notText,
	},
};

function garbageFor(target: Target): Record<string, fc.Arbitrary<unknown>> {
	const own = GARBAGE[target.name];
	if (target.type === 'cfis') return own;
	return { ...GARBAGE.common, ...own };
}

// ---- running a case --------------------------------------------------------------------------------------

/** A valid Finnish business ID (Y-tunnus) for `n`: weights 7,9,10,5,8,4,2, check digit 11 − (sum mod 11), 0 for 0. */
function businessId(n: number): string {
	for (let base = 1_000_000 + n * 7; ; base++) {
		const digits = String(base).padStart(7, '0').slice(-7);
		const sum = [7, 9, 10, 5, 8, 4, 2].reduce((total, weight, i) => total + weight * Number(digits[i]), 0);
		const r = sum % 11;
		if (r !== 1) return `${digits}-${r === 0 ? 0 : 11 - r}`;
	}
}

let counter = 0;
/** A fresh valid item (unique IDs, a valid business ID per client so the sandbox does not answer 409). */
function validItem(target: Target): IDataObject {
	const item = target.valid();
	counter++;
	if (target.type === 'zertiban') item.externalId = `G-${counter}`;
	else item.businessCode = businessId(counter);
	return item;
}

async function run(target: Target, items: IDataObject[]): Promise<{ result?: RunResult; thrown?: unknown; requests: Array<{ method: string; url: string; body: string }> }> {
	const proxy = target.proxy();
	const before = proxy.log.length;
	const credentials =
		target.type === 'zertiban'
			? fx.zertibanCredentials({ baseUrl: zertiban.baseUrl })
			: (() => {
					const store = fx.cfisCredentials();
					store.data.cfisPartnerApi = { ...store.data.cfisPartnerApi, baseUrl: `${cfis.baseUrl}/api/v1/partner` };
					return store;
				})();
	try {
		const result = await runNode({ type: target.type, parameters: target.parameters, inputItems: items, credentials });
		return { result, requests: proxy.log.slice(before) };
	} catch (thrown) {
		return { thrown, requests: proxy.log.slice(before) };
	}
}

const CRASH = /TypeError|RangeError|ReferenceError|Cannot read prop|is not a function|is not iterable|Maximum call stack|\[object Object\]/;

describe('garbage-input: generated garbage for every parameter of the create operations', () => {
	for (const target of TARGETS) {
		it(`${target.name}: the valid baseline is accepted (the oracle works)`, async () => {
			const { result, thrown } = await run(target, [validItem(target), validItem(target)]);
			tally.case();
			if (thrown || result?.error) tally.fail('crashes', 1, `${target.name} (baseline): ${String((thrown as Error)?.message ?? result?.error?.message)}`);
		});

		it(`${target.name}: garbage in any one parameter is refused before any request, naming the field and item`, async () => {
			for (const [field, arbitrary] of Object.entries(garbageFor(target))) {
				for (const value of fc.sample(arbitrary, { numRuns: PER_FIELD, seed: SEED })) {
					const bad: IDataObject = { ...validItem(target), [field]: value as IDataObject[string] };
					if (target.name === 'Flow → Create PagaFactu' && field === 'binaryPropertyName') bad.invoiceDocument = 'generate';
					const name = `${target.name} ${field} (${JSON.stringify(value)?.slice(0, 60)})`;
					const { result, thrown, requests } = await run(target, [validItem(target), bad]);
					tally.case();
					tally.fail('requestsForInvalidInput', requests.length, `${name}: ${requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
					if (thrown) {
						tally.fail('crashes', 1, `${name}: the run threw ${String(thrown)}`);
						continue;
					}
					const error = result!.error;
					if (!error) {
						tally.fail('crashes', 1, `${name}: accepted without an error`);
					} else if (CRASH.test(`${error.name} ${error.message} ${error.description ?? ''}`)) {
						tally.fail('crashes', 1, `${name}: ${error.name}: ${error.message}`);
					} else if (requests.length === 0 && !/item 1\b/.test(`${error.message} ${error.description ?? ''}`)) {
						tally.fail('crashes', 1, `${name}: the error does not name item 1: ${error.message}`);
					}
				}
			}
		});
	}

	it('valid values with spaces around them reach the API trimmed', async () => {
		const padded: Record<string, string[]> = {
			'Flow → Create': ['externalId', 'concept', 'operationExternalId', 'payerName', 'payerLastName', 'labelName', 'labelValue'],
			'Flow → Create PagaFactu': ['externalId', 'concept', 'operationExternalId', 'payerName', 'payerLastName', 'invoiceExternalId', 'invoiceName'],
			'Client → Create': ['partnerCode', 'name', 'postalAddress', 'postalDistrict', 'telephone', 'contactName', 'contactPhone'],
		};
		for (const target of TARGETS) {
			for (const field of padded[target.name]) {
				const marker = `PAD${counter + 1}-${field}`;
				const item = { ...validItem(target), [field]: `  ${marker}\t ` };
				const { requests } = await run(target, [item]);
				tally.case();
				const sent = requests.filter((r) => r.body.includes(marker));
				if (sent.length === 0) tally.fail('itemsLost', 1, `${target.name} ${field}: the padded value was never sent`);
				const untrimmed = sent.filter((r) => !r.body.includes(`"${marker}"`));
				tally.fail('requestsForInvalidInput', untrimmed.length, `${target.name} ${field} (padded): sent untrimmed`);
			}
		}
	});

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThan(300);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
