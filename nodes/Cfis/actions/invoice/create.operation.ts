import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { jsonParse, updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS } from '../../transport/endpoints';
import { cfisRequest } from '../../transport';
import { checkDigitsWanted, readText, checkDigitOptions } from '../common';
import { checkSalesInvoice } from './salesInvoice';

const fieldsMode = { show: { inputMode: ['fields'] } };

const properties: INodeProperties[] = [
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
	},
	{
		displayName: 'Sales Invoice (JSON)',
		name: 'invoiceJson',
		type: 'json',
		default: '{\n  "processing": { "paymentControlEnabled": true },\n  "distribution": { "method": "EMAIL", "enabled": true },\n  "invoice": {\n    "header": { "number": 251601000, "type": "INVOICE", "date": "2026-12-01", "dueDate": "2026-12-15", "currencyCode": "EUR" },\n    "references": { "payment": "1337109" },\n    "parties": {\n      "sellerParty": { "businessId": "0737546-2", "name": "Seller Oy" },\n      "buyerParty": { "entityType": "BUSINESS", "name": "Buyer Oy", "contact": { "email": "ap@buyer.fi" } }\n    },\n    "rows": [{ "name": "Consulting", "quantity": 1, "unitPrice": 100.0, "vatPercentage": 25.5 }]\n  }\n}',
		required: true,
		description: 'The SalesInvoiceRequest body of cfis.md §5.1. Amounts are decimal currency units (100.25 = €100.25), dates YYYY-MM-DD. Checked like the form before sending; unknown fields are passed through.',
		displayOptions: { show: { inputMode: ['json'] } },
	},
	{
		displayName: 'Invoice Number',
		name: 'number',
		type: 'number',
		default: 0,
		required: true,
		description: 'Your invoice number, unique per client; a number already sent comes back with status DUPLICATE',
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
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Credited Invoice Number',
		name: 'creditedInvoiceNumber',
		type: 'number',
		default: 0,
		required: true,
		description: 'The number of the invoice this credit note credits',
		displayOptions: { show: { inputMode: ['fields'], type: ['CREDIT_NOTE'] } },
	},
	{
		displayName: 'Invoice Date',
		name: 'date',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2026-12-01',
		description: 'Date of the invoice, YYYY-MM-DD',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Due Date',
		name: 'dueDate',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2026-12-15',
		description: 'Due date, YYYY-MM-DD; not before the invoice date',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Currency',
		name: 'currencyCode',
		type: 'string',
		default: 'EUR',
		required: true,
		description: 'ISO 4217 code of the invoice currency; every amount of the invoice is in this currency, in decimal units',
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
		description: 'How Confirma Finance delivers the invoice (only EMAIL is confirmed by the docs)',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Seller Business ID',
		name: 'sellerBusinessId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '0737546-2',
		description: 'Your Finnish business ID (Y-tunnus)',
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Seller Name',
		name: 'sellerName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Buyer Name',
		name: 'buyerName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: fieldsMode,
	},
	{
		displayName: 'Buyer Email',
		name: 'buyerEmail',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
		required: true,
		description: 'Where the invoice is e-mailed',
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
					{ displayName: 'Product Code', name: 'productCode', type: 'string', default: '' },
					{ displayName: 'Quantity', name: 'quantity', type: 'number', typeOptions: { numberPrecision: 4 }, default: 1 },
					{ displayName: 'Unit', name: 'unit', type: 'string', default: '', placeholder: 'h, pcs, kg' },
					{
						displayName: 'Unit Price (Currency Units, Excl. VAT)',
						name: 'unitPrice',
						type: 'number',
						typeOptions: { numberPrecision: 2 },
						default: 0,
						description: 'Price of one unit in decimal currency units without VAT, e.g. 49.90',
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
		displayOptions: fieldsMode,
		options: [
			{ displayName: 'Buyer Business ID', name: 'buyerBusinessId', type: 'string', default: '', placeholder: '2331972-7' },
			{ displayName: 'Buyer City', name: 'buyerPostalDistrict', type: 'string', default: '', placeholder: 'HELSINKI' },
			{ displayName: 'Buyer Country Code', name: 'buyerCountryCode', type: 'string', default: '', placeholder: 'FI' },
			{ displayName: 'Buyer Customer Number', name: 'customerAccountId', type: 'string', default: '', description: 'Your customer number for the buyer' },
			{ displayName: 'Buyer Postal Code', name: 'buyerPostalCode', type: 'string', default: '', placeholder: '00100' },
			{ displayName: 'Buyer Reference', name: 'buyerReference', type: 'string', default: '' },
			{ displayName: 'Buyer Street', name: 'buyerStreet', type: 'string', default: '', description: 'Required for distribution method Letter' },
			{
				displayName: 'Buyer Type',
				name: 'entityType',
				type: 'options',
				options: [
					{ name: 'Business', value: 'BUSINESS' },
					{ name: 'Consumer', value: 'CONSUMER', description: 'The API value for consumers is not confirmed by the docs' },
				],
				default: 'BUSINESS',
			},
			{ displayName: 'Buyer VAT Number', name: 'buyerVatCode', type: 'string', default: '', placeholder: 'FI23319727' },
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Language Code', name: 'languageCode', type: 'string', default: '', placeholder: 'FI', description: 'Language of the invoice: FI, SV, EN' },
			{ displayName: 'Order Number', name: 'orderNumber', type: 'string', default: '' },
			{ displayName: 'Seller BIC', name: 'sellerBic', type: 'string', default: '', placeholder: 'NDEAFIHH' },
			{ displayName: 'Seller IBAN', name: 'sellerIban', type: 'string', default: '', placeholder: 'FI2112345600000785', description: 'The account the buyer pays to' },
			{ displayName: 'Seller VAT Number', name: 'sellerVatCode', type: 'string', default: '', placeholder: 'FI07375462' },
		],
	},
	{
		displayName: 'Processing',
		name: 'processing',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
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

/** UI label of each guided field, by the JSON path it fills (errors name what the user sees). */
const FIELD_LABELS: Record<string, string> = {
	'distribution.method': 'Distribution Method',
	'invoice.header.number': 'Invoice Number',
	'invoice.header.type': 'Invoice Type',
	'invoice.header.date': 'Invoice Date',
	'invoice.header.dueDate': 'Due Date',
	'invoice.header.currencyCode': 'Currency',
	'invoice.header.languageCode': 'Language Code',
	'invoice.references.creditedInvoiceNumber': 'Credited Invoice Number',
	'invoice.references.payment': 'Payment Reference',
	'invoice.parties.sellerParty.businessId': 'Seller Business ID',
	'invoice.parties.sellerParty.name': 'Seller Name',
	'invoice.parties.sellerParty.vatCode': 'Seller VAT Number',
	'invoice.parties.sellerParty.paymentDetails.iban': 'Seller IBAN',
	'invoice.parties.buyerParty.name': 'Buyer Name',
	'invoice.parties.buyerParty.businessId': 'Buyer Business ID',
	'invoice.parties.buyerParty.vatCode': 'Buyer VAT Number',
	'invoice.parties.buyerParty.contact.email': 'Buyer Email',
	'invoice.parties.buyerParty.address.countryCode': 'Buyer Country Code',
	'invoice.parties.buyerParty.address.street': 'Buyer Street',
	'invoice.parties.buyerParty.address.postalCode': 'Buyer Postal Code',
	'invoice.parties.buyerParty.electronicInvoiceAccount': 'Buyer E-Invoice Address',
	'invoice.parties.buyerParty.electronicRoutingAddress': 'Buyer E-Invoice Operator',
};

/** Label of a guided-form path; rows become `Rows → Row 2 → Unit Price`. */
function fieldLabel(path: string): string {
	const row = /^invoice\.rows\[(\d+)\]\.(\w+)$/.exec(path);
	if (row) return `Rows → Row ${Number(row[1]) + 1} → ${{ quantity: 'Quantity', unitPrice: 'Unit Price', vatPercentage: 'VAT %' }[row[2]] ?? row[2]}`;
	return FIELD_LABELS[path] ?? path;
}

/** Drops empty strings, null and empty objects, so optional form fields are not sent at all. */
function compact(value: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, entry] of Object.entries(value)) {
		if (entry === '' || entry === null || entry === undefined) continue;
		if (typeof entry === 'object' && !Array.isArray(entry)) {
			const inner = compact(entry as IDataObject);
			if (Object.keys(inner).length) out[key] = inner;
		} else out[key] = entry;
	}
	return out;
}

/**
 * Invoice → Create: `POST /invoice` (cfis.md §4.4) with a SalesInvoiceRequest (§5.1), built from the guided form
 * or given as JSON, and checked by {@link checkSalesInvoice} before sending. Output: the API's answer
 * `{ invoiceNumber, status, caseId, totalAmount (decimal currency units), currency, messages }` (shape [I]); a
 * number already sent answers status `DUPLICATE`. Never retried: a create is not idempotent (DESIGN §4).
 */
export const create: OperationModule<IDataObject> = {
	oneAtATime: true,
	description: updateDisplayOptions({ show: { resource: ['invoice'], operation: ['create'] } }, properties),
	prepare(itemIndex) {
		const node = this.getNode();
		const jsonMode = this.getNodeParameter('inputMode', itemIndex, 'fields') === 'json';
		let body: IDataObject;
		if (jsonMode) {
			const raw = this.getNodeParameter('invoiceJson', itemIndex, '{}');
			try {
				body = typeof raw === 'string' ? jsonParse<IDataObject>(raw) : (raw as IDataObject);
			} catch {
				throw inputError(node, 'Sales Invoice (JSON)', itemIndex, 'is not valid JSON');
			}
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				throw inputError(node, 'Sales Invoice (JSON)', itemIndex, 'must be a JSON object with processing, distribution and invoice');
			}
		} else {
			body = buildFromFields.call(this, itemIndex);
		}
		const [problem] = checkSalesInvoice(body, { checkDigit: checkDigitsWanted.call(this, itemIndex) });
		if (problem) {
			throw inputError(node, jsonMode ? `Sales Invoice (JSON) → ${problem.path}` : fieldLabel(problem.path), itemIndex, problem.reason);
		}
		return body;
	},
	async execute(body, itemIndex) {
		return await cfisRequest.call(this, { method: 'POST', path: CFIS_PATHS.invoice, body, itemIndex, idempotent: false });
	},
};

/** The SalesInvoiceRequest of the guided form (unchecked; empty optional fields left out). */
function buildFromFields(this: IExecuteFunctions, itemIndex: number): IDataObject {
	const text = (name: string) => readText.call(this, name, itemIndex);
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const more = (name: string) => String(extra[name] ?? '').trim();
	const processing: IDataObject = { paymentControlEnabled: true, ...(this.getNodeParameter('processing', itemIndex, {}) as IDataObject) };
	const { enabled, ...flags } = processing;
	const type = this.getNodeParameter('type', itemIndex, 'INVOICE') as string;
	const method = this.getNodeParameter('distributionMethod', itemIndex, 'EMAIL') as string;
	const rows = ((this.getNodeParameter('rows', itemIndex, {}) as IDataObject).row ?? []) as IDataObject[];
	const body = compact({
		processing: flags,
		distribution: { method, enabled: enabled !== false },
		invoice: {
			header: {
				number: this.getNodeParameter('number', itemIndex) as number,
				type,
				date: text('date'),
				dueDate: text('dueDate'),
				currencyCode: text('currencyCode'),
				languageCode: more('languageCode').toUpperCase(),
				description: more('description'),
			},
			references: {
				payment: text('paymentReference'),
				buyer: more('buyerReference'),
				orderNumber: more('orderNumber'),
				creditedInvoiceNumber: type === 'CREDIT_NOTE' ? (this.getNodeParameter('creditedInvoiceNumber', itemIndex, 0) as number) : '',
			},
			parties: {
				sellerParty: {
					businessId: text('sellerBusinessId'),
					name: text('sellerName'),
					vatCode: more('sellerVatCode'),
					paymentDetails: { iban: more('sellerIban'), bic: more('sellerBic') },
				},
				buyerParty: {
					entityType: more('entityType') || 'BUSINESS',
					name: text('buyerName'),
					customerAccountId: more('customerAccountId'),
					businessId: more('buyerBusinessId'),
					vatCode: more('buyerVatCode'),
					electronicInvoiceAccount: method === 'EINVOICE' ? text('electronicInvoiceAccount') : '',
					electronicRoutingAddress: method === 'EINVOICE' ? text('electronicRoutingAddress') : '',
					contact: { email: method === 'EMAIL' ? text('buyerEmail') : '' },
					address: {
						street: more('buyerStreet'),
						postalCode: more('buyerPostalCode'),
						postalDistrict: more('buyerPostalDistrict'),
						countryCode: more('buyerCountryCode'),
					},
				},
			},
		},
	});
	return withRows(body, rows);
}

/** Adds the form's rows (kept as numbers; the API takes decimal currency units) to `invoice.rows`. */
function withRows(body: IDataObject, rows: IDataObject[]): IDataObject {
	(body.invoice as IDataObject).rows = rows.map((row) =>
		compact({
			name: String(row.name ?? '').trim(),
			productCode: String(row.productCode ?? '').trim(),
			quantity: row.quantity as number,
			unit: String(row.unit ?? '').trim(),
			unitPrice: row.unitPrice as number,
			vatPercentage: row.vatPercentage as number,
		}),
	);
	return body;
}
