/**
 * Category "garbage-input": generated garbage (fast-check, fixed seed) for every parameter of the operations that
 * create or change something and take user text or numbers: Zertiban Flow → Create, Create PagaFactu and
 * Operation → Cancel; Confirma Finance Client → Create, Invoice → Create (form) and Add Actions, Accounting →
 * Submit Payment and Submit Ledger. Every parameter is given by expression as a careless mapping would: objects,
 * arrays and booleans in text fields, option values that are not among the options, numbers that are not
 * finite, not whole, beyond safe-integer or cent precision (1e21, 2^53 + 2, 12.5, NaN, "abc") or outside the
 * field's range, malformed codes, dates (partial ones too: `2030`, `09:30`), e-mails, URLs, postal codes, VAT numbers, references and IBANs,
 * invoice numbers that are not 1 to 18 digits (a 19th digit, letters, a leading zero, a JavaScript number beyond
 * 2^53 − 1), while 18-digit ones must reach the API with every digit. The bad
 * value sits in item 1 of two items (item 0 is valid), so "before any request" covers the whole batch. Each case
 * must end in an error that names item 1 with no request sent (a request is a "request sent for invalid
 * input"; an exception from the code or a silent acceptance is a crash). With Continue On Fail, item 0 must
 * still come out as a result and item 1 as its error (a missing one is an item lost). Valid values with spaces
 * around them must reach the API trimmed (an untrimmed value on the wire also counts as a request sent for
 * invalid input).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { ZERTIBAN_CONFIGURATION_UUID, ZERTIBAN_CREDITOR_ACCOUNT_UUID } from '../../sandbox/seed';

/** A seeded operation that is already CANCELLED: cancelling it again is accepted (idempotent, docs/zertiban.md §7.5). */
const CANCELLED_OPERATION_UUID = '402f30ba-3988-4a79-b7dd-8cd9134f923e';
/** A seeded Confirma Finance invoice with a payment-control case (sandbox/seed/cfis.ts). */
const INVOICE_WITH_CASE = 202600101;
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
	{
		name: 'Operation → Cancel',
		type: 'zertiban',
		parameters: { resource: 'operation', operation: 'cancel', operationUuid: locator('operationUuid') },
		valid: () => ({ operationUuid: CANCELLED_OPERATION_UUID }),
		proxy: () => zertiban,
	},
	{
		name: 'Invoice → Create',
		type: 'cfis',
		parameters: {
			resource: 'invoice',
			operation: 'create',
			inputMode: 'fields',
			...Object.fromEntries(
				['number', 'type', 'date', 'dueDate', 'currencyCode', 'paymentReference', 'distributionMethod', 'sellerBusinessId', 'sellerName', 'buyerName', 'buyerEmail'].map((k) => [k, expr(k)]),
			),
			// Shown (and required) while Distribution Method is an expression; the EMAIL items leave them empty.
			...Object.fromEntries(['electronicInvoiceAccount', 'electronicRoutingAddress'].map((k) => [k, expr(k)]),
			),
			rows: { row: [{ name: expr('rowName'), productCode: expr('productCode'), quantity: expr('quantity'), unit: expr('unit'), unitPrice: expr('unitPrice'), vatPercentage: expr('vatPercentage') }] },
			additionalFields: Object.fromEntries(
				['buyerCountryCode', 'buyerPostalCode', 'buyerVatCode', 'description', 'languageCode', 'sellerIban', 'sellerVatCode', 'entityType'].map((k) => [k, expr(k)]),
			),
		},
		valid: () => ({
			number: 0,
			type: 'INVOICE',
			date: '2026-12-01',
			dueDate: '2026-12-15',
			currencyCode: 'EUR',
			paymentReference: '1337109',
			distributionMethod: 'EMAIL',
			sellerBusinessId: '0737546-2',
			sellerName: 'Seller Oy',
			buyerName: 'Buyer Oy',
			buyerEmail: 'ap@buyer.fi',
			electronicInvoiceAccount: '',
			electronicRoutingAddress: '',
			rowName: 'Consulting',
			productCode: 'C-1',
			quantity: 2,
			unit: 'h',
			unitPrice: 49.9,
			vatPercentage: 25.5,
			buyerCountryCode: 'FI',
			buyerPostalCode: '00100',
			buyerVatCode: 'FI23319727',
			description: 'Consulting',
			languageCode: 'FI',
			sellerIban: 'FI2112345600000785',
			sellerVatCode: 'FI07375462',
			entityType: 'BUSINESS',
		}),
		proxy: () => cfis,
	},
	{
		name: 'Invoice → Add Actions',
		type: 'cfis',
		parameters: {
			resource: 'invoice',
			operation: 'addActions',
			caseId: expr('caseId'),
			invoiceNumber: expr('invoiceNumber'),
			actions: {
				action: [
					Object.fromEntries(
						['code', 'comment', 'amount', 'currency', 'paymentDate', 'paymentMethod', 'reference', 'outstandingCapitalAmount', 'outstandingInterestAmount', 'outstandingCostsAmount'].map((k) => [k, expr(k)]),
					),
				],
			},
			// Off, so a repeated valid payment is sent again rather than skipped (the padded-value case looks for it).
			options: { skipRecorded: false },
		},
		valid: () => ({
			caseId: null,
			invoiceNumber: INVOICE_WITH_CASE,
			code: 'DIRECTPAYMENT',
			comment: 'Paid at the counter',
			amount: 0.01,
			currency: 'EUR',
			paymentDate: '2026-11-20',
			paymentMethod: 'Cash',
			reference: '1337109',
			outstandingCapitalAmount: 0,
			outstandingInterestAmount: 0,
			outstandingCostsAmount: 0,
		}),
		proxy: () => cfis,
	},
	{
		name: 'Accounting → Submit Payment',
		type: 'cfis',
		parameters: {
			resource: 'accounting',
			operation: 'submitPayment',
			...Object.fromEntries(['paymentIdentifier', 'invoiceNumber', 'paymentDate', 'amount', 'currency', 'targetIdentifier'].map((k) => [k, expr(k)])),
			additionalFields: Object.fromEntries(['bookingDate', 'sourceName', 'paymentReference'].map((k) => [k, expr(k)])),
			options: { skipRecorded: false },
		},
		valid: () => ({
			paymentIdentifier: 'P',
			invoiceNumber: '202600101',
			paymentDate: '2026-11-20',
			amount: 110,
			currency: 'EUR',
			targetIdentifier: 'invoicenumber',
			bookingDate: '2026-11-21',
			sourceName: 'ACME Oy',
			paymentReference: '1337109',
		}),
		proxy: () => cfis,
	},
	{
		name: 'Accounting → Submit Ledger',
		type: 'cfis',
		parameters: {
			resource: 'accounting',
			operation: 'submitLedger',
			...Object.fromEntries(
				['ledgerIdentifier', 'companyIdentifier', 'documentType', 'documentName', 'documentDate', 'documentDescription', 'calculationMode', 'ledgerRows'].map((k) => [k, expr(k)]),
			),
		},
		valid: () => ({
			ledgerIdentifier: 'L',
			companyIdentifier: '0737546-2',
			documentType: 'ML',
			documentName: '1001',
			documentDate: '2026-11-21',
			documentDescription: 'November sales',
			calculationMode: 'GROSS',
			ledgerRows: [
				{ bookingDate: '2026-11-21', accountNumber: '1701', amount: 2990, netAmount: 2990, vatPercentage: 0, isVatRow: 0 },
				{ bookingDate: '2026-11-21', accountNumber: '3000', amount: -2990, netAmount: -2382.47, vatPercentage: 25.5, isVatRow: 0 },
				{ bookingDate: '2026-11-21', accountNumber: '2939', amount: 0, netAmount: -607.53, vatPercentage: 25.5, isVatRow: 1 },
			],
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

/** Numbers that are not a positive safe integer (invoice numbers, case IDs): fractions, negatives, beyond 2^53, words. */
const badPositiveInteger = fc.oneof(
	fc.double({ noDefaultInfinity: false }).filter((x) => !Number.isSafeInteger(x) || x < 0),
	fc.integer({ min: -1_000_000, max: -1 }),
	fc.constantFrom(2 ** 53, 2 ** 53 + 2, 1e21, Number.NaN, Infinity, -Infinity, 0.5, 12.5, -7),
	fc.constantFrom('abc', '12.5', '1,5', '0x10', 'NaN', '9007199254740993', '1e21', '#42'),
	notText,
);
/**
 * Invoice numbers that are not 1 to 18 digits (docs/cfis.md §10): a 19th digit, letters, signs, a leading zero,
 * fractions, zero, and JavaScript numbers beyond 2^53 − 1 (their digits are already wrong when the node gets them).
 * `9007199254740993` and `999999999999999999` as text are valid and are not here.
 */
const badInvoiceNumber = fc.oneof(
	fc.bigInt({ min: 10n ** 18n, max: 10n ** 25n }).map((n) => n.toString()),
	textNot((s) => /^[1-9]\d{0,17}$/.test(s), ['12A45', '0012', '0', '-5', '+5', '1e5', '12.5', '1 000', 'INV-42', '#42', '0x10']),
	fc.double({ noDefaultInfinity: false }).filter((x) => !Number.isSafeInteger(x) || x <= 0),
	fc.constantFrom(2 ** 53, 2 ** 53 + 2, 2 ** 60, 1e21, Number.NaN, Infinity, -Infinity, 0, 0.5, -7),
	notText,
);
/**
 * Amounts in currency units that are not: more than 2 decimals, beyond a safe cent count, not finite, not numbers,
 * or below what the field takes (`positive`: more than 0; `nonNegative`: 0 or more; `any`: no bound).
 */
const badDecimal = (bound: 'positive' | 'nonNegative' | 'any') =>
	fc.oneof(
		fc
			.double({ noDefaultInfinity: false })
			.filter((x) => !Number.isFinite(x) || Math.abs(Math.round(x * 100) - x * 100) > 1e-6 * Math.max(1, Math.abs(x * 100)) || Math.abs(x) > 9e13 || (bound === 'positive' ? x <= 0 : bound === 'nonNegative' && x < 0)),
		fc.constantFrom(1e21, 2 ** 53 + 2, 2 ** 53, Number.NaN, Infinity, -Infinity, 0.001, 12.345, 100.255),
		fc.constantFrom('abc', '12,50', '', ' ', '0x10', '1e21', '50 EUR', '12.345'),
		notText,
	);
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
const requiredDate = fc.oneof(fc.constantFrom('', '  ', '2026-02-30', '31.12.2030', '2030-12-31T00:00:00Z', '20261201'), textNot(isDate), notText);
const requiredText = fc.oneof(fc.constantFrom('', '   ', '\t'), notText);
const badBusinessId = fc.oneof(textNot((s) => /^\d{7}-\d$/.test(s), ['2331972-8', '123456-7', '0737546-3']), notText);
const badVat = fc.oneof(textNot((s) => /^[A-Z]{2}[0-9A-Z]{2,12}$/.test(s) && (!s.startsWith('FI') || /^FI\d{8}$/.test(s)), ['FI2331972', 'es12345', 'X', 'DE 123456789', 'FI23319728']), notText);
const badReference = fc.oneof(textNot((s) => /^\d{4,20}$/.test(s) || /^RF\d{2}[0-9A-Z]{1,21}$/i.test(s), ['1337108', '12', 'RF00ABC', 'ref-1']), notText);
const badIban = fc.oneof(textNot(() => false, ['FI2112345600000786', 'FI21 1234 5600 0007', 'XX2112345600000785', 'FI21123456000007AB']), notText);
const badCurrency = fc.oneof(textNot((s) => /^[A-Z]{3}$/.test(s) && !['ABC', 'EUX', 'ZZZ'].includes(s), ['EURO', 'eur', 'ABC', '€']), notText);

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
	'Operation → Cancel': {
		operationUuid: badUuid,
	},
	'Invoice → Create': {
		number: badInvoiceNumber,
		type: notIn(['INVOICE', 'CREDIT_NOTE', 'REMINDER', 'AUTO_PAYMENT_INVOICE', 'COLLECTION', 'FACTORING']),
		date: requiredDate,
		dueDate: requiredDate,
		currencyCode: badCurrency,
		paymentReference: badReference,
		distributionMethod: notIn(['EMAIL', 'EINVOICE', 'LETTER']),
		sellerBusinessId: badBusinessId,
		sellerName: requiredText,
		buyerName: requiredText,
		buyerEmail: badEmail,
		rowName: notText,
		productCode: notText,
		quantity: fc.oneof(fc.constantFrom(1e21, 2 ** 53 + 2, Number.NaN, Infinity, 'abc', '', '1,5', 1.23456), notText),
		unit: notText,
		unitPrice: badDecimal('any'),
		vatPercentage: fc.oneof(fc.constantFrom(-1, 100.5, 25.555, Number.NaN, Infinity, 1e21, 'abc', '', '24%'), notText),
		buyerCountryCode: fc.oneof(textNot((s) => /^[A-Z]{2}$/.test(s) && !['XX', 'ZZ', 'AA', 'QQ'].includes(s), ['XX', 'fi', 'FIN']), notText),
		buyerPostalCode: notText,
		buyerVatCode: badVat,
		description: notText,
		languageCode: fc.oneof(textNot((s) => /^[A-Za-z]{2}$/.test(s), ['FIN', 'F1']), notText),
		sellerIban: badIban,
		sellerVatCode: badVat,
		entityType: notIn(['BUSINESS', 'CONSUMER']),
	},
	'Invoice → Add Actions': {
		caseId: badPositiveInteger,
		invoiceNumber: badInvoiceNumber,
		code: notIn(['COMMENT', 'DIRECTPAYMENT', 'DUEDATE', 'OBJECTION', 'PAUSE', 'PAYMENTPLAN', 'WITHDRAW']),
		comment: notText,
		amount: badDecimal('positive'),
		currency: badCurrency,
		paymentDate: requiredDate,
		paymentMethod: notText,
		reference: badReference,
		outstandingCapitalAmount: badDecimal('nonNegative'),
		outstandingInterestAmount: badDecimal('nonNegative'),
		outstandingCostsAmount: badDecimal('nonNegative'),
	},
	'Accounting → Submit Payment': {
		paymentIdentifier: requiredText,
		invoiceNumber: fc.oneof(requiredText, badInvoiceNumber),
		paymentDate: requiredDate,
		amount: badDecimal('positive'),
		currency: badCurrency,
		targetIdentifier: notIn(['invoicenumber', 'reference']),
		bookingDate: fc.oneof(textNot(isDate, ['2026-02-30', '21.11.2026']), notText),
		sourceName: notText,
		paymentReference: badReference,
	},
	'Accounting → Submit Ledger': {
		ledgerIdentifier: requiredText,
		companyIdentifier: badBusinessId,
		documentType: notText,
		documentName: notText,
		documentDate: requiredDate,
		documentDescription: fc.oneof(fc.string({ minLength: 211, maxLength: 300 }).filter((s) => s.trim().length > 210), notText),
		calculationMode: notIn(['GROSS', 'NET']),
		ledgerRows: fc.oneof(
			notText,
			fc.constantFrom('', '[]', 'not json', '{"a":1}'),
			fc.constantFrom(
				[{ accountNumber: '1701', amount: 10, netAmount: 10 }],
				[{ accountNumber: '1701', amount: 10.001, netAmount: 0 }],
				[{ accountNumber: '', amount: 0, netAmount: 0 }],
				[{ accountNumber: '1701', amount: 1e21, netAmount: 0 }],
				[{ accountNumber: '1701', amount: '10', netAmount: 0 }],
				[{ accountNumber: '1701', amount: 0, netAmount: 0, bookingDate: '2026-02-30' }],
			),
		),
	},
};

function garbageFor(target: Target): Record<string, fc.Arbitrary<unknown>> {
	const own = GARBAGE[target.name];
	return target.name.startsWith('Flow → Create') ? { ...GARBAGE.common, ...own } : own;
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
	if (target.name.startsWith('Flow → Create')) item.externalId = `G-${counter}`;
	if (target.name === 'Client → Create') item.businessCode = businessId(counter);
	if (target.name === 'Invoice → Create') item.number = 770_000_000 + counter;
	if (target.name === 'Accounting → Submit Payment') item.paymentIdentifier = `P-${counter}`;
	if (target.name === 'Accounting → Submit Ledger') item.ledgerIdentifier = `L-${counter}`;
	return item;
}

async function run(target: Target, items: IDataObject[], continueOnFail = false): Promise<{ result?: RunResult; thrown?: unknown; requests: Array<{ method: string; url: string; body: string }> }> {
	const proxy = target.proxy();
	const before = proxy.log.length;
	const credentials =
		target.type === 'zertiban'
			? fx.zertibanCredentials({ baseUrl: zertiban.baseUrl })
			: (() => {
					const store = fx.cfisCredentials();
					store.data.cfisPartnerApi = { ...store.data.cfisPartnerApi, baseUrl: `${cfis.baseUrl}/api/v1/partner` };
					store.data.cfisApi = { ...store.data.cfisApi, baseUrl: `${cfis.baseUrl}/api/v1/partner` };
					return store;
				})();
	try {
		const result = await runNode({ type: target.type, parameters: target.parameters, inputItems: items, credentials, continueOnFail });
		return { result, requests: proxy.log.slice(before) };
	} catch (thrown) {
		return { thrown, requests: proxy.log.slice(before) };
	}
}

const CRASH = /TypeError|RangeError|ReferenceError|Cannot read prop|is not a function|is not iterable|Maximum call stack|\[object Object\]/;

/** Partial dates that luxon would complete (`2030` → 2030-01-01, `09:30` → today at 09:30): each must be refused. */
const PARTIAL_DATES = ['2030', '2030-12', '09:30', 'T09:30', '2030-W10'];

/** Runs a valid item 0 and `value` in `field` of item 1; tallies a request sent, a crash, an acceptance, an unnamed item. */
async function judgeBad(target: Target, field: string, value: unknown): Promise<void> {
	const bad: IDataObject = { ...validItem(target), [field]: value as IDataObject[string] };
	if (target.name === 'Flow → Create PagaFactu' && field === 'binaryPropertyName') bad.invoiceDocument = 'generate';
	// The date is shown, and read, only for a Future payment; a Single payment ignores a leftover date.
	if (field === 'requestedExecutionDate') bad.paymentType = 'FUTURE_PAYMENT';
	const name = `${target.name} ${field} (${JSON.stringify(value)?.slice(0, 60)})`;
	const { result, thrown, requests } = await run(target, [validItem(target), bad]);
	tally.case();
	tally.fail('requestsForInvalidInput', requests.length, `${name}: ${requests.map((r) => `${r.method} ${r.url}`).join(', ')}`);
	if (thrown) {
		tally.fail('crashes', 1, `${name}: the run threw ${String(thrown)}`);
		return;
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


describe('garbage-input: generated garbage for every parameter of the create operations', () => {
	for (const target of TARGETS) {
		it(`${target.name}: the valid baseline is accepted (the oracle works)`, async () => {
			const { result, thrown } = await run(target, [validItem(target), validItem(target)]);
			tally.case();
			if (thrown || result?.error) tally.fail('crashes', 1, `${target.name} (baseline): ${String((thrown as Error)?.message ?? result?.error?.message)}`);
		});

		it(`${target.name}: garbage in any one parameter is refused before any request, naming the field and item`, async () => {
			for (const [field, arbitrary] of Object.entries(garbageFor(target))) {
				for (const value of fc.sample(arbitrary, { numRuns: PER_FIELD, seed: SEED })) await judgeBad(target, field, value);
			}
		});

		it(`${target.name}: a partial date (a year, a month, a time of day) in any date field is refused before any request`, async () => {
			const dateFields = Object.keys(garbageFor(target)).filter((field) => /date/i.test(field));
			for (const field of dateFields) for (const value of PARTIAL_DATES) await judgeBad(target, field, value);
		});
	}

	it('with Continue On Fail a bad item comes out as its error and the items around it go on', async () => {
		for (const target of TARGETS) {
			for (const [field, arbitrary] of Object.entries(garbageFor(target)).slice(0, 4)) {
				const [value] = fc.sample(arbitrary, { numRuns: 1, seed: SEED });
				const bad: IDataObject = { ...validItem(target), [field]: value as IDataObject[string] };
				const name = `${target.name} ${field} with Continue On Fail (${JSON.stringify(value)?.slice(0, 60)})`;
				const { result, thrown } = await run(target, [validItem(target), bad, validItem(target)], true);
				tally.case();
				if (thrown || result?.error) {
					tally.fail('crashes', 1, `${name}: the run failed: ${String((thrown as Error)?.message ?? result?.error?.message)}`);
					continue;
				}
				const out = result!.json('Node');
				const errors = out.map((json) => (typeof json.error === 'string' ? json.error : undefined));
				if (out.length !== 3) tally.fail('itemsLost', Math.abs(3 - out.length), `${name}: ${out.length} output items for 3 input items`);
				else if (!errors[1] || !/item 1\b/.test(errors[1])) tally.fail('crashes', 1, `${name}: item 1 did not come out as its error: ${JSON.stringify(out[1]).slice(0, 200)}`);
				const lost = [0, 2].filter((i) => out[i] === undefined || errors[i] !== undefined).length;
				tally.fail('itemsLost', lost, `${name}: a valid item next to the bad one failed: ${errors.filter(Boolean).join(' | ').slice(0, 200)}`);
			}
		}
	});

	it('valid values with spaces around them reach the API trimmed', async () => {
		const padded: Record<string, string[]> = {
			'Flow → Create': ['externalId', 'concept', 'operationExternalId', 'payerName', 'payerLastName', 'labelName', 'labelValue'],
			'Flow → Create PagaFactu': ['externalId', 'concept', 'operationExternalId', 'payerName', 'payerLastName', 'invoiceExternalId', 'invoiceName'],
			'Client → Create': ['partnerCode', 'name', 'postalAddress', 'postalDistrict', 'telephone', 'contactName', 'contactPhone'],
			'Operation → Cancel': [],
			'Invoice → Create': ['sellerName', 'buyerName', 'rowName', 'productCode', 'unit', 'description'],
			'Invoice → Add Actions': ['comment', 'paymentMethod'],
			'Accounting → Submit Payment': ['paymentIdentifier', 'sourceName'],
			'Accounting → Submit Ledger': ['ledgerIdentifier', 'documentType', 'documentName', 'documentDescription'],
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

	it('18-digit invoice numbers (and 2^53 + 1) reach the API with every digit: a JSON integer where it takes one, text where it takes text', async () => {
		const byName = (name: string) => TARGETS.find((t) => t.name === name)!;
		for (const number of ['999999999999999999', '9007199254740993']) {
			const sent = async (target: Target, item: IDataObject) => {
				const { result, requests } = await run(target, [item]);
				tally.case();
				expect(result?.error).toBeUndefined();
				return requests.map((r) => r.body).join('\n');
			};
			expect(await sent(byName('Invoice → Create'), { ...validItem(byName('Invoice → Create')), number })).toContain(`"number":${number},`);
			expect(await sent(byName('Invoice → Add Actions'), { ...validItem(byName('Invoice → Add Actions')), invoiceNumber: number })).toMatch(new RegExp(`"invoiceNumber":${number}[,}]`));
			expect(await sent(byName('Accounting → Submit Payment'), { ...validItem(byName('Accounting → Submit Payment')), invoiceNumber: number })).toContain(`"invoiceNumber":"${number}"`);
		}
	});

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThan(300);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
