import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readCalendarDate } from '../../../shared/dates';
import type { OperationModule } from '../../../shared/runner';
import { checkPaymentReference, checkRequired } from '../../validators';
import { checkCurrencyCode } from '../../../shared/validators';
import { CFIS_PATHS, CFIS_QUERY } from '../../transport/endpoints';
import { cfisRequest } from '../../transport';
import { readText } from '../../../shared/params';
import { checkDigitsWanted, checkPaymentAmount, ensure, readInvoiceNumber, skipCheckDigitsOption } from '../common';
import { skipRecordedOption, skipRecordedWanted } from '../recordedPayments';

const properties: INodeProperties[] = [
	{
		displayName: 'Payment Identifier',
		name: 'paymentIdentifier',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'abc-123-def-456',
		description: 'Your unique ID of this payment; Get Payment Status reports it as sourceIdentifier. Sending it again does not create a second payment.',
	},
	{
		displayName: 'Invoice Number',
		name: 'invoiceNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: '133720800',
		description: 'Number of the invoice the payment pays: 1 to 18 digits, no leading zero (sent as text, as this call takes it)',
	},
	{ displayName: 'Payment Date', name: 'paymentDate', type: 'dateTime', typeOptions: { dateOnly: true }, default: '', required: true, description: "The day the payment was received, in the workflow's time zone (sent as YYYY-MM-DD)" },
	{
		displayName: 'Amount (Currency Units)',
		name: 'amount',
		type: 'number',
		typeOptions: { numberPrecision: 2 },
		default: null,
		required: true,
		placeholder: 'e.g. 110.00',
		description: 'The payment in decimal currency units with up to 2 decimals, e.g. 110.00 (not cents)',
	},
	{ displayName: 'Currency', name: 'currency', type: 'string', default: 'EUR', required: true, description: 'Three-letter ISO 4217 code of the payment, e.g. EUR' },
	{
		displayName: 'Match By',
		name: 'targetIdentifier',
		type: 'options',
		options: [
			{ name: 'Invoice Number', value: 'invoicenumber', description: 'Match the payment by the Invoice Number' },
			{ name: 'Payment Reference', value: 'reference', description: 'Match the payment by its payment reference' },
		],
		default: 'invoicenumber',
		description: 'Which key matches the payment to the open item in the accounting system',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional details of the payment',
		options: [
			{ displayName: 'Booking Date', name: 'bookingDate', type: 'dateTime', typeOptions: { dateOnly: true }, default: '', description: "The day to book the payment on, in the workflow's time zone (sent as YYYY-MM-DD)" },
			{ displayName: 'Payer Name', name: 'sourceName', type: 'string', default: '', description: 'Name of the person or company who paid' },
			{
				displayName: 'Payment Reference',
				name: 'paymentReference',
				type: 'string',
				default: '',
				placeholder: '1337109',
				description: 'The payment reference the payer used: Finnish reference (e.g. 1337109) or RF creditor reference; required when Match By is Payment Reference',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings of how this node checks its input and repeated payments',
		options: [skipCheckDigitsOption, { ...skipRecordedOption, description: 'Whether to ask Confirma Finance first and not send a payment it already holds under this Payment Identifier for the same invoice and date, so a payment event delivered twice is submitted once. The output then says skipped.' }],
	},
];

/** What Submit Payment sends for one item, and whether the already-recorded guard is on. */
export interface SubmitPaymentInput {
	body: { payments: IDataObject[] };
	skipRecorded: boolean;
}

/**
 * Accounting → Submit Payment: `POST /accounting/payment` (docs/cfis.md §4.10) with `{ payments: [ { paymentIdentifier,
 * invoiceNumber (string), paymentDate, bookingDate, amount (decimal currency units), currency, targetIdentifier,
 * paymentReference, sourceName } ] }`, one payment per item. Output: the API's answer.
 *
 * With *Options → Skip Payments Already Recorded* (on by default) the payment's sync record is read first
 * (`GET /accounting/payment?sourceIdentifier=`, §4.10, which lists identifier, invoice number and payment date, not the
 * amount): when Confirma Finance already holds this Payment Identifier for the same invoice and date, nothing is
 * sent and the output is `{ skipped: true, reason, payment: <the record> }`.
 */
export const submitPayment: OperationModule<SubmitPaymentInput> = {
	oneAtATime: true,
	description: updateDisplayOptions({ show: { resource: ['accounting'], operation: ['submitPayment'] } }, properties),
	prepare(itemIndex) {
		const text = (name: string) => readText(this, name, itemIndex);
		const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		const rawAmount = this.getNodeParameter('amount', itemIndex, null);
		const amount = Number(rawAmount);
		const checkDigit = checkDigitsWanted(this, itemIndex);
		const payment: IDataObject = {
			paymentIdentifier: ensure(this, itemIndex, 'Payment Identifier', text('paymentIdentifier'), checkRequired),
			invoiceNumber: readInvoiceNumber(this, 'invoiceNumber', 'Invoice Number', itemIndex, { required: true }),
			paymentDate: readCalendarDate(this, this.getNodeParameter('paymentDate', itemIndex, ''), 'Payment Date', itemIndex, { required: true }),
			bookingDate: null,
			amount,
			currency: ensure(this, itemIndex, 'Currency', text('currency'), checkCurrencyCode),
			targetIdentifier: this.getNodeParameter('targetIdentifier', itemIndex, 'invoicenumber') as string,
		};
		ensure(this, itemIndex, 'Amount (Currency Units)', String(amount), () => checkPaymentAmount(rawAmount));
		const bookingDate = readCalendarDate(this, extra.bookingDate, 'Booking Date', itemIndex);
		if (bookingDate) payment.bookingDate = bookingDate;
		const reference = String(extra.paymentReference ?? '').trim();
		if (reference) payment.paymentReference = ensure(this, itemIndex, 'Payment Reference', reference, (v) => checkPaymentReference(v, { checkDigit }));
		if (payment.targetIdentifier === 'reference' && !reference) {
			ensure(this, itemIndex, 'Payment Reference', '', () => 'is required when Match By is Payment Reference');
		}
		const sourceName = String(extra.sourceName ?? '').trim();
		if (sourceName) payment.sourceName = sourceName;
		return { body: { payments: [payment] }, skipRecorded: skipRecordedWanted(this, itemIndex) };
	},
	async execute({ body, skipRecorded }, itemIndex) {
		const [payment] = body.payments;
		if (skipRecorded) {
			const answer = await cfisRequest.call(this, {
				method: 'GET',
				path: CFIS_PATHS.accountingPayment,
				qs: { [CFIS_QUERY.sourceIdentifier]: String(payment.paymentIdentifier) },
				itemIndex,
			});
			const records = (Array.isArray(answer.payments) ? answer.payments : []) as IDataObject[];
			const held = records.find(
				(record) =>
					String(record.sourceIdentifier) === payment.paymentIdentifier &&
					String(record.invoiceNumber) === payment.invoiceNumber &&
					String(record.paymentDate) === payment.paymentDate,
			);
			if (held) {
				return {
					skipped: true,
					reason: `Confirma Finance already holds payment ${String(payment.paymentIdentifier)} for invoice ${String(payment.invoiceNumber)} of ${String(payment.paymentDate)}: nothing was sent`,
					payment: held,
				};
			}
		}
		return await cfisRequest.call(this, { method: 'POST', path: CFIS_PATHS.accountingPayment, body, itemIndex, idempotent: false });
	},
};
