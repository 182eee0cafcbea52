import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readCalendarDate } from '../../shared/dates';
import { inputError } from '../../shared/errors';
import { readPaging } from '../../shared/paging';
import { checkDecimalAmount, checkInvoiceNumber } from '../validators';

/** A check of the shared validators: a reason when the value is bad, `undefined` when it is good. */
export type Check = (value: string) => string | undefined;


/**
 * Runs `check` on `value` and throws the input error naming `label` and the item when it fails
 * (`NodeOperationError` via `inputError`; nothing is sent). Returns the value for chaining.
 */
export function ensure(ctx: IExecuteFunctions, itemIndex: number, label: string, value: string, check: Check): string {
	const problem = check(value);
	if (problem) throw inputError(ctx.getNode(), label, itemIndex, problem);
	return value;
}

/**
 * A payment amount of a number field in decimal currency units (docs/cfis.md §8): given (an empty field is `null`),
 * more than 0, at most 2 decimals. Returns the reason when it is not.
 */
export function checkPaymentAmount(raw: unknown): string | undefined {
	if (raw === null || raw === undefined || raw === '') return 'is empty; give the payment in currency units, e.g. 110.00';
	const amount = Number(raw);
	if (!Number.isFinite(amount)) return `"${String(raw)}" is not a number`;
	return amount > 0 ? checkDecimalAmount(amount) : `${amount} must be more than 0`;
}

/**
 * Reads the invoice number parameter `name` of item `itemIndex` (its UI label `label`) as its digit string
 * (docs/cfis.md §10: up to 18 digits, more than a JavaScript number holds): text of 1 to 18 digits, or a whole
 * number up to 2^53 − 1 (e.g. from an older workflow or an expression), see `checkInvoiceNumber`. `''` when empty and
 * not `required`. Throws the input error naming the field and the item (nothing is sent).
 */
export function readInvoiceNumber(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, { required = false } = {}): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === null || value === undefined || (typeof value === 'string' && value.trim() === '')) {
		if (required) throw inputError(ctx.getNode(), label, itemIndex, 'is empty; give the invoice number (1 to 18 digits)');
		return '';
	}
	const problem = checkInvoiceNumber(value);
	if (problem) throw inputError(ctx.getNode(), label, itemIndex, problem);
	return String(value).trim();
}

/** The *Skip Check Digits* option, for an *Options* collection. */
export const skipCheckDigitsOption: INodeProperties = {
	displayName: 'Skip Check Digits',
	name: 'skipCheckDigits',
	type: 'boolean',
	default: false,
	description:
		'Whether to check only the shape of business IDs, VAT numbers, payment references and IBANs, not their check digits (for test data whose check digits are made up)',
};

/** An *Options* collection holding only {@link skipCheckDigitsOption} (operations that check identifiers). */
export const checkDigitOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'Settings of how this node checks its input',
	options: [skipCheckDigitsOption],
};

/** Whether the item's *Options → Skip Check Digits* is on. */
export function checkDigitsWanted(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return options.skipCheckDigits !== true;
}

/** The item's limit: `undefined` with *Return All* on. Throws naming the item on a bad Limit. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	const { returnAll, limit } = readPaging(ctx, itemIndex);
	return returnAll ? undefined : limit;
}

/** *From Date* and *To Date* date fields of a date-windowed listing (inclusive days; read by {@link readPeriod}). */
export function periodProperties(fromName: string, toName: string): INodeProperties[] {
	return [
		{
			displayName: 'From Date',
			name: fromName,
			type: 'dateTime',
			typeOptions: { dateOnly: true },
			default: '',
			description:
				"First day to include, in the workflow's time zone. Leave both dates empty for the last 30 days; longer periods are fetched as consecutive 30-day windows.",
		},
		{
			displayName: 'To Date',
			name: toName,
			type: 'dateTime',
			typeOptions: { dateOnly: true },
			default: '',
			description: "Last day to include (inclusive), in the workflow's time zone",
		},
	];
}

/**
 * Reads and checks a period: both ends calendar days (`YYYY-MM-DD` in the workflow's time zone, nodes/shared/dates.ts)
 * with from ≤ to, or both empty (the server's 30-day default). Throws the input error naming the field and the item
 * otherwise.
 */
export function readPeriod(ctx: IExecuteFunctions, itemIndex: number, fromName: string, toName: string): { from?: string; to?: string } {
	const from = readCalendarDate(ctx, ctx.getNodeParameter(fromName, itemIndex, ''), 'From Date', itemIndex);
	const to = readCalendarDate(ctx, ctx.getNodeParameter(toName, itemIndex, ''), 'To Date', itemIndex);
	if (!from && !to) return {};
	if (!from || !to) {
		throw inputError(ctx.getNode(), from ? 'To Date' : 'From Date', itemIndex, 'is empty; give both From Date and To Date, or neither for the last 30 days');
	}
	if (from > to) throw inputError(ctx.getNode(), 'To Date', itemIndex, `${to} is before From Date ${from}`);
	return { from, to };
}
