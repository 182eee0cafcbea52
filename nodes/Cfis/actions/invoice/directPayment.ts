import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCalendarDate } from '../../../shared/dates';
import { checkCurrencyCode } from '../../../shared/validators';
import { checkDecimalAmount, checkPaymentReference } from '../../validators';
import { checkPaymentAmount, ensure } from '../common';

/**
 * The fields of a DIRECTPAYMENT action (docs/cfis.md §4.5): `paymentMethod`, `amount`, `currency`, `paymentDate`,
 * `reference` and the three outstanding amounts, all amounts in decimal currency units. Shared by Invoice → Add
 * Actions (one action of its list) and Invoice → Report Payment.
 */

/** The DIRECTPAYMENT fields as node properties, each with `extra` merged in (e.g. its display options). */
export function directPaymentProperties(extra: Partial<INodeProperties> = {}): INodeProperties[] {
	const fields: INodeProperties[] = [
		{ displayName: 'Amount (Currency Units)', name: 'amount', type: 'number', typeOptions: { numberPrecision: 2 }, default: null, placeholder: 'e.g. 125.50', description: 'The payment in decimal currency units with up to 2 decimals, e.g. 125.50 (not cents)' },
		{ displayName: 'Currency', name: 'currency', type: 'string', default: 'EUR', description: 'Three-letter ISO 4217 code of the payment, e.g. EUR' },
		{ displayName: 'Outstanding Capital', name: 'outstandingCapitalAmount', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description: 'Capital still open after this payment, in decimal currency units (e.g. 74.50, not cents); 0 when fully paid' },
		{ displayName: 'Outstanding Costs', name: 'outstandingCostsAmount', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description: 'Collection costs still open after this payment, in decimal currency units (not cents); 0 when none' },
		{ displayName: 'Outstanding Interest', name: 'outstandingInterestAmount', type: 'number', typeOptions: { numberPrecision: 2 }, default: 0, description: 'Interest still open after this payment, in decimal currency units (not cents); 0 when none' },
		{ displayName: 'Payment Date', name: 'paymentDate', type: 'dateTime', typeOptions: { dateOnly: true }, default: '', description: "The day the payment was received, in the workflow's time zone (sent as YYYY-MM-DD)" },
		{ displayName: 'Payment Method', name: 'paymentMethod', type: 'string', default: '', placeholder: 'Bank transfer', description: 'How the payer paid, as free text (e.g. Bank transfer). Optional.' },
		{ displayName: 'Reference', name: 'reference', type: 'string', default: '', placeholder: '1337109', description: 'The payment reference the payer used: Finnish reference (e.g. 1337109) or RF creditor reference' },
	];
	return fields.map((field) => ({ ...field, ...extra }));
}

/**
 * Reads and checks one DIRECTPAYMENT's fields from `values` (the parameters of one action or of the node), naming
 * each field in errors as `label(<display name>)`. Returns the action's `data` fields (without the case target).
 * Throws the input error naming the field and the item (nothing is sent).
 */
export function readDirectPayment(ctx: IExecuteFunctions, itemIndex: number, values: IDataObject, label: (field: string) => string, checkDigit: boolean): IDataObject {
	const data: IDataObject = {};
	const amount = Number(values.amount);
	ensure(ctx, itemIndex, label('Amount (Currency Units)'), String(amount), () => checkPaymentAmount(values.amount));
	data.paymentMethod = String(values.paymentMethod ?? '').trim();
	data.amount = amount;
	data.currency = ensure(ctx, itemIndex, label('Currency'), String(values.currency ?? '').trim(), checkCurrencyCode);
	data.paymentDate = readCalendarDate(ctx, values.paymentDate, label('Payment Date'), itemIndex, { required: true });
	const reference = String(values.reference ?? '').trim();
	if (reference) ensure(ctx, itemIndex, label('Reference'), reference, (v) => checkPaymentReference(v, { checkDigit }));
	data.reference = reference;
	for (const [name, field] of [
		['outstandingCapitalAmount', 'Outstanding Capital'],
		['outstandingInterestAmount', 'Outstanding Interest'],
		['outstandingCostsAmount', 'Outstanding Costs'],
	]) {
		const value = Number(values[name] ?? 0);
		ensure(ctx, itemIndex, label(field), String(value), () => checkDecimalAmount(value));
		data[name] = value;
	}
	return data;
}
