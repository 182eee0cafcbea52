import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCalendarDate } from '../../../shared/dates';
import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS } from '../../transport/endpoints';
import { cfisRequest } from '../../transport';
import { readCfisJson } from '../../transport/json';
import { readText } from '../../../shared/params';
import { checkDigitsWanted } from '../common';
import { labelOf, properties } from './create.properties';
import { checkSalesInvoice, withIntegerInvoiceNumbers } from './salesInvoice';

/** The form parameter that fills each checked JSON path of the SalesInvoiceRequest (see `buildFromFields`). */
const PARAMETER_OF_PATH: Record<string, string> = {
	'distribution.method': 'distributionMethod',
	'invoice.header.number': 'number',
	'invoice.header.type': 'type',
	'invoice.header.date': 'date',
	'invoice.header.dueDate': 'dueDate',
	'invoice.header.currencyCode': 'currencyCode',
	'invoice.header.languageCode': 'languageCode',
	'invoice.references.creditedInvoiceNumber': 'creditedInvoiceNumber',
	'invoice.references.payment': 'paymentReference',
	'invoice.parties.sellerParty.businessId': 'sellerBusinessId',
	'invoice.parties.sellerParty.name': 'sellerName',
	'invoice.parties.sellerParty.vatCode': 'sellerVatCode',
	'invoice.parties.sellerParty.paymentDetails.iban': 'sellerIban',
	'invoice.parties.buyerParty.name': 'buyerName',
	'invoice.parties.buyerParty.businessId': 'buyerBusinessId',
	'invoice.parties.buyerParty.vatCode': 'buyerVatCode',
	'invoice.parties.buyerParty.contact.email': 'buyerEmail',
	'invoice.parties.buyerParty.address.countryCode': 'buyerCountryCode',
	'invoice.parties.buyerParty.address.street': 'buyerStreet',
	'invoice.parties.buyerParty.address.postalCode': 'buyerPostalCode',
	'invoice.parties.buyerParty.electronicInvoiceAccount': 'electronicInvoiceAccount',
	'invoice.parties.buyerParty.electronicRoutingAddress': 'electronicRoutingAddress',
};

/** UI label of a guided-form path, taken from the properties; rows become `Rows → Row 2 → Quantity`. */
function fieldLabel(path: string): string {
	const row = /^invoice\.rows\[(\d+)\]\.(\w+)$/.exec(path);
	if (row) return `${labelOf('rows')} → Row ${Number(row[1]) + 1} → ${labelOf(row[2])}`;
	const parameter = PARAMETER_OF_PATH[path];
	return parameter ? labelOf(parameter) : path;
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
 * Invoice → Create: `POST /invoice` (docs/cfis.md §4.4) with a SalesInvoiceRequest (§5.1), built from the guided form
 * or given as JSON, and checked by {@link checkSalesInvoice} before sending; the invoice number (1 to 18 digits) goes
 * out as a JSON integer of exactly its digits, the credited one too (§10). Output: the API's answer
 * `{ invoiceNumber, status, caseId, totalAmount (decimal currency units), currency, messages }` (shape [I]); a
 * number already sent answers status `DUPLICATE`. Never retried: a create is not idempotent.
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
				// parsed exactly: an 18-digit invoice number keeps its digits (docs/cfis.md §10)
				body = typeof raw === 'string' ? (readCfisJson(raw) as IDataObject) : (raw as IDataObject);
			} catch {
				throw inputError(node, 'Sales Invoice (JSON)', itemIndex, 'is not valid JSON');
			}
			if (!body || typeof body !== 'object' || Array.isArray(body)) {
				throw inputError(node, 'Sales Invoice (JSON)', itemIndex, 'must be a JSON object with processing, distribution and invoice');
			}
		} else {
			body = buildFromFields(this, itemIndex);
		}
		const [problem] = checkSalesInvoice(body, { checkDigit: checkDigitsWanted(this, itemIndex) });
		if (problem) {
			throw inputError(node, jsonMode ? `Sales Invoice (JSON) → ${problem.path}` : fieldLabel(problem.path), itemIndex, problem.reason);
		}
		return withIntegerInvoiceNumbers(body);
	},
	async execute(body, itemIndex) {
		return await cfisRequest.call(this, { method: 'POST', path: CFIS_PATHS.invoice, body, itemIndex, idempotent: false });
	},
};

/** The SalesInvoiceRequest of the guided form (unchecked; empty optional fields left out). */
function buildFromFields(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const text = (name: string) => readText(ctx, name, itemIndex);
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const more = (name: string) => String(extra[name] ?? '').trim();
	const processing: IDataObject = { paymentControlEnabled: true, ...(ctx.getNodeParameter('processing', itemIndex, {}) as IDataObject) };
	const { enabled, ...flags } = processing;
	const type = ctx.getNodeParameter('type', itemIndex, 'INVOICE') as string;
	const method = ctx.getNodeParameter('distributionMethod', itemIndex, 'EMAIL') as string;
	const rows = ((ctx.getNodeParameter('rows', itemIndex, {}) as IDataObject).row ?? []) as IDataObject[];
	const body = compact({
		processing: flags,
		distribution: { method, enabled: enabled !== false },
		invoice: {
			header: {
				number: ctx.getNodeParameter('number', itemIndex, '') as string,
				type,
				date: readCalendarDate(ctx, ctx.getNodeParameter('date', itemIndex, ''), 'Invoice Date', itemIndex),
				dueDate: readCalendarDate(ctx, ctx.getNodeParameter('dueDate', itemIndex, ''), 'Due Date', itemIndex),
				currencyCode: text('currencyCode'),
				languageCode: more('languageCode').toUpperCase(),
				description: more('description'),
			},
			references: {
				payment: text('paymentReference'),
				buyer: more('buyerReference'),
				orderNumber: more('orderNumber'),
				creditedInvoiceNumber: type === 'CREDIT_NOTE' ? (ctx.getNodeParameter('creditedInvoiceNumber', itemIndex, '') as string) : '',
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
