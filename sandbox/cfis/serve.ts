/**
 * How the CFIS finance simulator answers: records as served (amounts in currency units, cfis.md §4.6-§4.9) and
 * the validation error of the simulator error contract (cfis.md §9). Shared by ./routes.ts, ./accounting.ts and
 * ./controls.ts.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../controls';
import { DAY, units, type CaseRecord, type ClientFinance, type InvoiceRecord, type SettlementRecord } from './state';

/** One field error of the §9 simulator contract; `field` is a dotted path such as `invoice.header.dueDate`. */
export interface FieldError {
	field: string;
	message: string;
}

/** The query string of a request as an object of strings. */
export const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;

/** 400 `{status, title: 'Validation failed', detail, errors}` (cfis.md §9). */
export const validation = (errors: FieldError[]) => new ApiError(400, `${errors.length} field(s) are invalid`, { title: 'Validation failed', errors });

/** A distribution record (cfis.md §4.7 simulator record); `paymentControlStatus` is filled by the listing. */
export function serveInvoice(i: InvoiceRecord) {
	return {
		invoiceNumber: i.number,
		invoiceDate: i.date,
		caseId: i.caseId,
		distributionMethod: i.method,
		distributionStatus: i.distributionStatus,
		distributedAt: i.distributedAt,
		errorMessage: i.errorMessage,
		paymentControlStatus: null as string | null,
		invoiceStatus: i.status,
	};
}

/**
 * A case as `GET /invoice/case` serves it under `case` (cfis.md §4.6): `summary`, `balance` (both [D-ex]), and
 * [SIM] `events[]` (`{date, type, description}`; a processed payment is a `PAYMENT` event dated when it was
 * processed, its amount only in the free-text description) and `invoice`. `payments[]` (`{date, amount, method,
 * reference, source}`, processed payments only) is served only with `paymentsField` (the `casePaymentsField`
 * setting): the docs show no such field. `now` (epoch ms) counts open cases' active days.
 */
export function serveCase(book: ClientFinance, c: CaseRecord, now: number, paymentsField: boolean) {
	const invoice = book.invoices.get(c.invoiceNumber);
	const activeEnd = c.closedAt ? Date.parse(c.closedAt) : now;
	return {
		summary: {
			caseId: c.caseId,
			status: c.status,
			stage: c.stage,
			createdAt: c.createdAt,
			closedAt: c.closedAt,
			activeDays: Math.max(0, Math.floor((activeEnd - Date.parse(c.createdAt)) / DAY)),
			creditor: 'Sandbox Demo Oy',
			currency: c.currency,
			agency: 'CASH-IN',
			dueDate: c.dueDate,
		},
		balance: {
			capitalAmount: units(c.capital),
			interestAmount: units(c.interest),
			costsAmount: units(c.costs),
			totalAmount: units(c.capital + c.interest + c.costs),
		},
		...(paymentsField ? { payments: c.payments.map((p) => ({ ...p, amount: units(p.amount) })) } : {}),
		events: c.events,
		invoice: invoice ? { number: invoice.number, date: invoice.date, dueDate: invoice.dueDate, amount: units(invoice.totalCents) } : null,
	};
}

/** A settlement as served (cfis.md §4.9): `settlementAmount` and each `allocatedTotalAmount` are the sums of their parts. */
export function serveSettlement(s: SettlementRecord) {
	const allocations = s.allocations.map((a) => {
		const total = a.breakdown.reduce((sum, b) => sum + b.amount, 0);
		return { ...a, allocatedTotalAmount: units(total), breakdown: a.breakdown.map((b) => ({ type: b.type, amount: units(b.amount) })) };
	});
	const total = s.allocations.reduce((sum, a) => sum + a.breakdown.reduce((t, b) => t + b.amount, 0), 0);
	return { ...s, settlementAmount: units(total), allocations };
}
