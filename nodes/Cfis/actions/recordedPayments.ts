import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CFIS_PATHS, CFIS_QUERY, CFIS_WINDOW_DAYS } from '../transport/endpoints';
import { dayOf } from '../transport/listing';
import { cfisRequest } from '../transport';

const DAY_MS = 86_400_000;
/** Earlier 30-day invoice-date windows searched for a case by invoice number after the last 30 days (one year in all). */
export const CASE_LOOKBACK_WINDOWS = 12;

/**
 * What Confirma Finance already records for a case: the second check behind reporting a payment once. Alone (Add
 * Actions, Submit Payment: *Skip Payments Already Recorded*) it catches a repeat only after Confirma Finance has
 * processed the first report (docs/cfis.md §4.5: asynchronous); Invoice → Report Payment puts the payment record
 * (nodes/Cfis/record/) in front of it, which holds from the moment of the claim.
 */

/** *Options → Skip Payments Already Recorded*: on unless the option is added and switched off. */
export const skipRecordedOption: INodeProperties = {
	displayName: 'Skip Payments Already Recorded',
	name: 'skipRecorded',
	type: 'boolean',
	default: true,
	description:
		'Whether to read Confirma Finance first and not send a payment it already records (same invoice, amount, date and reference). It catches a repeat only once Confirma Finance has processed the first report (actions are applied asynchronously); for exactly once per Zertiban payment use Invoice → Report Payment. The output then says skipped.',
};

/** Whether the item's guard is on (the option absent counts as on). */
export function skipRecordedWanted(ctx: IExecuteFunctions, itemIndex: number): boolean {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return options.skipRecorded !== false;
}

/** A payment as the guard compares it: amount in currency units, date YYYY-MM-DD, reference ('' when none). */
export interface PaymentKey {
	amount: number;
	date: string;
	reference: string;
}

const cents = (amount: unknown) => Math.round(Number(amount) * 100);
const same = (a: PaymentKey, b: PaymentKey) => cents(a.amount) === cents(b.amount) && a.date === b.date && a.reference.trim() === b.reference.trim();

/**
 * Which of `wanted` are already among `recorded`, one recorded payment per wanted one (two identical wanted
 * payments need two recorded ones). Returns a flag per wanted payment, in order.
 */
export function alreadyRecorded(wanted: PaymentKey[], recorded: PaymentKey[]): boolean[] {
	const left = [...recorded];
	return wanted.map((payment) => {
		const at = left.findIndex((candidate) => same(candidate, payment));
		if (at < 0) return false;
		left.splice(at, 1);
		return true;
	});
}

/**
 * The case of an invoice and the payments it records (docs/cfis.md §4.6, §4.7): `GET /invoice/case?caseId=`, the case
 * ID found first with `GET /invoice/distribution?invoiceNumber=` when only the invoice number is known (invoices dated
 * in the last {@link CASE_LOOKBACK_WINDOWS} + 1 windows of 30 days, newest window first). Returns
 * `undefined` when Confirma Finance has no case for it (the action itself then reports the 404). `payments` is
 * `undefined` when the case shows no payments list: §4.6 documents balance and events but no `payments[]` field,
 * so its absence means "unknown", never "none recorded". Throws `NodeApiError` like every Confirma Finance request.
 */
export async function recordedCasePayments(
	this: IExecuteFunctions,
	target: { caseId?: number; invoiceNumber?: string },
	itemIndex: number,
): Promise<{ caseId: number; payments: PaymentKey[] | undefined } | undefined> {
	let caseId = target.caseId;
	// By invoice number the lookup covers one invoice-date window (§4.7: the last 30 days without dates): the last
	// 30 days first, then earlier windows of 30 days, back one year at most.
	for (let window = 0; !caseId && target.invoiceNumber && window <= CASE_LOOKBACK_WINDOWS; window++) {
		const end = Date.now() - window * CFIS_WINDOW_DAYS * DAY_MS;
		const dates = window === 0 ? {} : { [CFIS_QUERY.fromInvDate]: dayOf(end - (CFIS_WINDOW_DAYS - 1) * DAY_MS), [CFIS_QUERY.toInvDate]: dayOf(end) };
		const answer = await cfisRequest.call(this, {
			method: 'GET',
			path: CFIS_PATHS.invoiceDistribution,
			qs: { [CFIS_QUERY.invoiceNumber]: target.invoiceNumber, [CFIS_QUERY.fetchType]: 'ALL', ...dates },
			itemIndex,
		});
		const records = (Array.isArray(answer.data) ? answer.data : []) as IDataObject[];
		caseId = Number(records.find((record) => Number(record.caseId) > 0)?.caseId ?? 0) || undefined;
	}
	if (!caseId) return undefined;
	const answer = await cfisRequest.call(this, { method: 'GET', path: CFIS_PATHS.invoiceCase, qs: { [CFIS_QUERY.caseId]: caseId }, itemIndex });
	const found = (answer.case ?? answer) as IDataObject;
	if (!Array.isArray(found.payments)) return { caseId, payments: undefined };
	return {
		caseId,
		payments: (found.payments as IDataObject[]).map((p) => ({ amount: Number(p.amount), date: String(p.date ?? p.paymentDate ?? ''), reference: String(p.reference ?? '') })),
	};
}
