import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CFIS_PATHS, CFIS_QUERY } from '../transport/endpoints';
import { cfisRequest } from '../transport';

/**
 * The guard that makes reporting a payment idempotent under at-least-once delivery (README.md, "Delivery
 * semantics"): Zertiban may deliver a payment event twice and n8n's static data is not a lock, so a second report
 * of the same payment is dropped where the effect happens, by reading what Confirma Finance already records.
 */

/** *Options → Skip Payments Already Recorded*: on unless the option is added and switched off. */
export const skipRecordedOption: INodeProperties = {
	displayName: 'Skip Payments Already Recorded',
	name: 'skipRecorded',
	type: 'boolean',
	default: true,
	description:
		'Whether to read Confirma Finance first and not send a payment it already records (same invoice, amount, date and reference), so a payment event delivered twice is reported once. The output then says skipped.',
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
 * ID found first with `GET /invoice/distribution?invoiceNumber=` when only the invoice number is known. Returns
 * `undefined` when Confirma Finance has no case for it (the action itself then reports the 404). Throws
 * `NodeApiError` like every Confirma Finance request.
 */
export async function recordedCasePayments(
	this: IExecuteFunctions,
	target: { caseId?: number; invoiceNumber?: number },
	itemIndex: number,
): Promise<{ caseId: number; payments: PaymentKey[] } | undefined> {
	let caseId = target.caseId;
	if (!caseId && target.invoiceNumber) {
		const answer = await cfisRequest.call(this, {
			method: 'GET',
			path: CFIS_PATHS.invoiceDistribution,
			qs: { [CFIS_QUERY.invoiceNumber]: String(target.invoiceNumber), [CFIS_QUERY.fetchType]: 'ALL' },
			itemIndex,
		});
		const records = (Array.isArray(answer.data) ? answer.data : []) as IDataObject[];
		caseId = Number(records.find((record) => Number(record.caseId) > 0)?.caseId ?? 0) || undefined;
	}
	if (!caseId) return undefined;
	const answer = await cfisRequest.call(this, { method: 'GET', path: CFIS_PATHS.invoiceCase, qs: { [CFIS_QUERY.caseId]: caseId }, itemIndex });
	const found = (answer.case ?? answer) as IDataObject;
	const payments = (Array.isArray(found.payments) ? found.payments : []) as IDataObject[];
	return {
		caseId,
		payments: payments.map((p) => ({ amount: Number(p.amount), date: String(p.date ?? p.paymentDate ?? ''), reference: String(p.reference ?? '') })),
	};
}
