import type { INodeProperties } from 'n8n-workflow';

import { checkDigitOptions } from '../common';

const fieldsMode = { show: { inputMode: ['fields'] } };

/**
 * The UI of Invoice → Create: *Input Mode* (guided form or JSON), the form's fields and the *Options*. The
 * mapping to a SalesInvoiceRequest (docs/cfis.md §5.1) lives in `create.operation.ts`; error labels are read
 * from these properties by {@link labelOf}.
 */
export const properties: INodeProperties[] = [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Fields', value: 'fields', description: 'A guided form for the common case: one buyer, invoice rows, one delivery method' },
			{ name: 'JSON', value: 'json', description: 'The full SalesInvoiceRequest (processing, distribution, invoice) as JSON' },
		],
		default: 'fields',
		description: 'Fill in a form, or give the whole invoice as JSON',
	},
	{
		displayName: 'Sales Invoice (JSON)',
		name: 'invoiceJson',
		type: 'json',
		default: '{\n  "processing": { "paymentControlEnabled": true },\n  "distribution": { "method": "EMAIL", "enabled": true },\n  "invoice": {\n    "header": { "number": 251601000, "type": "INVOICE", "date": "2026-12-01", "dueDate": "2026-12-15", "currencyCode": "EUR" },\n    "references": { "payment": "1337109" },\n    "parties": {\n      "sellerParty": { "businessId": "0737546-2", "name": "Seller Oy" },\n      "buyerParty": { "entityType": "BUSINESS", "name": "Buyer Oy", "contact": { "email": "ap@buyer.fi" } }\n    },\n    "rows": [{ "name": "Consulting", "quantity": 1, "unitPrice": 100.0, "vatPercentage": 25.5 }]\n  }\n}',
		required: true,
		description: 'The sales invoice as JSON, in the Confirma Finance API SalesInvoiceRequest shape. Amounts are decimal currency units (100.25 = €100.25), dates YYYY-MM-DD. Invoice numbers (header.number, references.creditedInvoiceNumber) take up to 18 digits, as a JSON number or a string of digits, and go out as JSON integers with every digit kept. Checked like the form before sending; unknown fields are passed through.',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Invoice Number',
		name: 'number',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 251601000',
		description: 'Your invoice number: 1 to 18 digits, no leading zero, unique per client (kept as text, so all 18 digits arrive exactly; a number mapped from an expression must be at most 9007199254740991). A number already sent comes back with status DUPLICATE.',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Invoice Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Auto Payment Invoice', value: 'AUTO_PAYMENT_INVOICE', description: 'Direct-payment (suoramaksu) invoice: a letter plus an EDI message for the online bank' },
			{ name: 'Collection', value: 'COLLECTION', description: 'Opens a debt-collection case from the invoice data; nothing is printed' },
			{ name: 'Credit Note', value: 'CREDIT_NOTE', description: 'Credits an earlier invoice (needs its number)' },
			{ name: 'Factoring', value: 'FACTORING', description: 'Evaluated and, if approved, bought by the financier' },
			{ name: 'Invoice', value: 'INVOICE', description: 'A normal sales invoice' },
			{ name: 'Reminder', value: 'REMINDER', description: "A reminder copy with the original invoice's data" },
		],
		default: 'INVOICE',
		description: 'What Confirma Finance does with the invoice',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Credited Invoice Number',
		name: 'creditedInvoiceNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. 251601000',
		description: 'The number of the invoice this credit note credits: 1 to 18 digits, no leading zero. Required for a credit note.',
		displayOptions: { show: { inputMode: ['fields'], type: ['CREDIT_NOTE'] } },
	},
	{
		displayName: 'Invoice Date',
		name: 'date',
		type: 'dateTime',
		typeOptions: { dateOnly: true },
		default: '',
		required: true,
		description: "Date of the invoice: the day in the workflow's time zone (sent as YYYY-MM-DD)",
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'dateTime',
		typeOptions: { dateOnly: true },
		default: '',
		required: true,
		description: "Due date: the day in the workflow's time zone (sent as YYYY-MM-DD); not before the invoice date",
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Currency',
		name: 'currencyCode',
		type: 'string',
		default: 'EUR',
		required: true,
		description: 'Three-letter ISO 4217 code of the invoice currency (EUR, SEK, NOK, DKK); every amount of the invoice is in this currency, in decimal units',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Payment Reference',
		name: 'paymentReference',
		type: 'string',
		default: '',
		placeholder: '1337109',
		description: 'Finnish reference (viitenumero, 7-3-1 check digit) or RF creditor reference (RF18539007547034)',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Distribution Method',
		name: 'distributionMethod',
		type: 'options',
		options: [
			{ name: 'E-Invoice', value: 'EINVOICE', description: "To the buyer's e-invoice address (see Finvoice → Get Addresses)" },
			{ name: 'Email', value: 'EMAIL', description: "To the buyer's e-mail address" },
			{ name: 'Letter', value: 'LETTER', description: "Printed and posted to the buyer's address" },
		],
		default: 'EMAIL',
		description: 'How Confirma Finance delivers the invoice to the buyer',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Seller Business ID',
		name: 'sellerBusinessId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0737546-2',
		description: 'Your Finnish business ID (Y-tunnus): 7 digits, a hyphen and a check digit',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Seller Name',
		name: 'sellerName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Seller Oy',
		description: 'Your company name as it appears on the invoice',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Buyer Name',
		name: 'buyerName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Buyer Oy',
		description: 'Name of the company or person the invoice is for',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Buyer Email',
		name: 'buyerEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'E-mail address (name@domain) the invoice is sent to',
		displayOptions: { show: { inputMode: ['fields'], distributionMethod: ['EMAIL'] } },
	},
	{
		displayName: 'Buyer E-Invoice Address',
		name: 'electronicInvoiceAccount',
		type: 'string',
		default: '',
		required: true,
		placeholder: '003723319727',
		description: "The buyer's e-invoice address (OVT/EDI or IBAN), e.g. eInvoiceAddress from Finvoice → Get Addresses",
		displayOptions: { show: { inputMode: ['fields'], distributionMethod: ['EINVOICE'] } },
	},
	{
		displayName: 'Buyer E-Invoice Operator',
		name: 'electronicRoutingAddress',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'E204503',
		description: "The buyer's e-invoice operator ID, e.g. eInvoiceOperatorId from Finvoice → Get Addresses",
		displayOptions: { show: { inputMode: ['fields'], distributionMethod: ['EINVOICE'] } },
	},
	{
		displayName: 'Rows',
		name: 'rows',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Row',
		default: {},
		description: 'The invoice lines. Prices are decimal currency units excluding VAT (100.25 = €100.25).',
		displayOptions: fieldsMode,
		options: [
			{
				displayName: 'Row',
				name: 'row',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'What was sold' },
					{ displayName: 'Product Code', name: 'productCode', type: 'string', default: '', description: 'Your code of the product or service. Optional.' },
					{
						displayName: 'Quantity',
						name: 'quantity',
						type: 'number',
						typeOptions: { numberPrecision: 4 },
						default: 1,
						description: 'Number of units sold, up to 4 decimals (e.g. 1.5 hours)',
					},
					{ displayName: 'Unit', name: 'unit', type: 'string', default: '', placeholder: 'h, pcs, kg', description: 'Unit of the quantity, e.g. h, pcs or kg. Optional.' },
					{
						displayName: 'Unit Price',
						name: 'unitPrice',
						type: 'number',
						typeOptions: { numberPrecision: 2 },
						default: 0,
						description: 'Price of one unit excluding VAT, in decimal currency units of the invoice currency (49.90 = €49.90, not cents)',
					},
					{ displayName: 'VAT %', name: 'vatPercentage', type: 'number', typeOptions: { numberPrecision: 2 }, default: 25.5, description: 'VAT rate in percent, e.g. 25.5' },
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional invoice, buyer and seller details',
		displayOptions: fieldsMode,
		options: [
			{ displayName: 'Buyer Business ID', name: 'buyerBusinessId', type: 'string', default: '', placeholder: '2331972-7', description: "The buyer's Finnish business ID (Y-tunnus), e.g. 2331972-7" },
			{ displayName: 'Buyer City', name: 'buyerPostalDistrict', type: 'string', default: '', placeholder: 'HELSINKI', description: 'Postal district (city) of the buyer\'s address, e.g. HELSINKI' },
			{ displayName: 'Buyer Country Code', name: 'buyerCountryCode', type: 'string', default: '', placeholder: 'FI', description: 'Two-letter ISO 3166-1 alpha-2 country of the buyer\'s address, e.g. FI' },
			{ displayName: 'Buyer Customer Number', name: 'customerAccountId', type: 'string', default: '', description: 'Your customer number for the buyer' },
			{ displayName: 'Buyer Postal Code', name: 'buyerPostalCode', type: 'string', default: '', placeholder: '00100', description: 'Postal code of the buyer\'s address (5 digits in Finland); required for distribution method Letter' },
			{ displayName: 'Buyer Reference', name: 'buyerReference', type: 'string', default: '', description: "The buyer's own reference for the purchase, printed on the invoice" },
			{ displayName: 'Buyer Street', name: 'buyerStreet', type: 'string', default: '', description: 'Required for distribution method Letter' },
			{
				displayName: 'Buyer Type',
				name: 'entityType',
				type: 'options',
				options: [
					{ name: 'Business', value: 'BUSINESS' },
					{ name: 'Consumer', value: 'CONSUMER', description: 'The buyer is a private person' },
				],
				default: 'BUSINESS',
				description: 'Whether the buyer is a company or a private person',
			},
			{ displayName: 'Buyer VAT Number', name: 'buyerVatCode', type: 'string', default: '', placeholder: 'FI23319727', description: "The buyer's VAT number: country code and digits, e.g. FI23319727" },
			{ displayName: 'Description', name: 'description', type: 'string', default: '', description: 'Free text printed on the invoice' },
			{ displayName: 'Language Code', name: 'languageCode', type: 'string', default: '', placeholder: 'FI', description: 'Language of the invoice: FI, SV, EN' },
			{ displayName: 'Order Number', name: 'orderNumber', type: 'string', default: '', description: 'The order this invoice is for, printed on the invoice' },
			{ displayName: 'Seller BIC', name: 'sellerBic', type: 'string', default: '', placeholder: 'NDEAFIHH', description: 'BIC (SWIFT code, 8 or 11 characters) of the bank of the Seller IBAN' },
			{ displayName: 'Seller IBAN', name: 'sellerIban', type: 'string', default: '', placeholder: 'FI2112345600000785', description: 'The account (IBAN, e.g. FI + 16 digits) the buyer pays to' },
			{ displayName: 'Seller VAT Number', name: 'sellerVatCode', type: 'string', default: '', placeholder: 'FI07375462', description: 'Your VAT number: country code and digits, e.g. FI07375462' },
		],
	},
	{
		displayName: 'Processing',
		name: 'processing',
		type: 'collection',
		placeholder: 'Add Processing Setting',
		default: {},
		description: 'How Confirma Finance handles the invoice after it is created. Without changes: payment control on, delivered, no manual approval, no accounting sync.',
		displayOptions: fieldsMode,
		options: [
			{ displayName: 'Accounting Sync', name: 'accountingInvoiceEnabled', type: 'boolean', default: false, description: 'Whether to also send the invoice to your accounting system after distribution' },
			{ displayName: 'Distribute', name: 'enabled', type: 'boolean', default: true, description: 'Whether Confirma Finance delivers the invoice at all' },
			{ displayName: 'Manual Approval', name: 'manualApprovalEnabled', type: 'boolean', default: false, description: 'Whether to hold the invoice (status MANUAL) until it is approved' },
			{ displayName: 'Payment Control', name: 'paymentControlEnabled', type: 'boolean', default: true, description: 'Whether the agency follows payment (reminders, collection) and opens a case' },
		],
	},
	checkDigitOptions,
];

/** The display name of the property (or nested collection/fixedCollection value) called `name`, if any. */
function findLabel(list: readonly unknown[], name: string): string | undefined {
	for (const entry of list as Array<{ name?: string; displayName?: string; options?: unknown[]; values?: unknown[] }>) {
		if (entry.name === name && entry.displayName) return entry.displayName;
		const inner = findLabel([...(entry.values ?? []), ...(entry.options ?? [])], name);
		if (inner) return inner;
	}
	return undefined;
}

/**
 * The UI label (`displayName`) of an Invoice → Create parameter, looked up in {@link properties} including the
 * values of *Additional Fields* and *Rows*; the name itself when no property has it.
 */
export function labelOf(name: string): string {
	return findLabel(properties, name) ?? name;
}

/**
 * The option values of an Invoice → Create options parameter (e.g. `distributionMethod`: `EINVOICE`, `EMAIL`,
 * `LETTER`), read from {@link properties}: the JSON input mode is checked against the same values as the form.
 */
export function optionValuesOf(name: string): string[] {
	const property = properties.find((entry) => entry.name === name);
	return (property?.options ?? []).map((option) => String((option as { value: unknown }).value));
}
