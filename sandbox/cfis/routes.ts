/**
 * The CFIS invoice and money endpoints (docs/cfis.md §4.4-§4.9): create an invoice (§4.4, status machine
 * of §7.2), queue case actions (§4.5: accepted as PENDING, applied later by ./actions.ts with the effects of §7.3),
 * read a case (§4.6), list distribution records (§4.7),
 * agency payments (§4.8) and settlements (§4.9). Listings work on date windows (§10). Accounting and Finvoice are
 * in ./accounting.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../controls';
import { CLOSED_CASE_STATUSES, type AcceptedAction, type ActionQueue } from './actions';
import { amountProblem, currencyProblem, dateProblem, isPositiveInteger, paymentReferenceProblem } from './checks';
import { ACTION_CODES, FETCH_TYPES, PATHS, WINDOW_DAYS } from './contract';
import { deliveryProblem, validateSalesInvoice } from './invoice-validation';
import { query, serveCase, serveInvoice, serveSettlement, validation, type FieldError } from './serve';
import { cents, DAY, dayOf, units, type CaseRecord, type CfisFinanceState, type ClientFinance, type InvoiceRecord } from './state';

/**
 * Registers the invoice and money endpoints on `api` (already prefixed with the base path); `clientOf` authenticates
 * and names the client (business ID); invoice actions go to `queue`.
 */
export function registerFinanceRoutes(api: FastifyInstance, state: CfisFinanceState, queue: ActionQueue, clientOf: (request: FastifyRequest) => string): void {
	const book = (request: FastifyRequest) => state.bookOf(clientOf(request));
	api.post(PATHS.invoice, async (request, reply) => createInvoice(state, book(request), request.body, reply));
	api.post(PATHS.invoiceAction, async (request) => {
		const client = clientOf(request);
		return { actions: queue.accept(client, acceptActions(state.bookOf(client), request.body)) };
	});
	api.get(PATHS.invoiceCase, async (request) => getCase(state, book(request), query(request)));
	api.get(PATHS.invoiceDistribution, async (request) => getDistribution(state, book(request), query(request)));
	api.get(PATHS.payments, async (request) => getPayments(state, book(request), query(request)));
	api.get(PATHS.settlements, async (request) => getSettlements(state, book(request), query(request)));
}

/**
 * `POST /invoice`: 400 with every field error (and for an invoice that totals 0 or less); 200 `DUPLICATE` for a number
 * already received (§12); else 201 with
 * the status reached: ACCEPTED when distribution is disabled, ERROR when delivery data is missing, MANUAL when
 * manual approval is on, else distributed (a credit note marks the credited invoice CREDITED). A case opens for
 * payment control or a COLLECTION invoice, except for the intermediation service.
 */
function createInvoice(state: CfisFinanceState, book: ClientFinance, body: unknown, reply: FastifyReply) {
	const errors = validateSalesInvoice(body, { strict: state.settings.strictCheckDigits });
	if (errors.length) throw validation(errors);
	const root = body as Record<string, Record<string, unknown>>;
	const content = root.invoice as Record<string, Record<string, unknown>>;
	const header = content.header;
	const references = (content.references ?? {}) as Record<string, unknown>;
	const parties = (content.parties ?? {}) as Record<string, Record<string, unknown>>;
	const number = String(header.number);
	const type = String(header.type ?? 'INVOICE');
	const processing = (root.processing ?? {}) as Record<string, unknown>;
	const distribution = root.distribution as Record<string, unknown>;
	const existing = book.invoices.get(number);
	if (existing) {
		return reply.code(200).send({ invoiceNumber: BigInt(number), status: 'DUPLICATE', caseId: existing.caseId, messages: [`Invoice number ${number} was already received; nothing was created`] });
	}
	const rows = (content.rows ?? []) as unknown as Array<Record<string, number>>;
	const total = rows.reduce((sum, r) => sum + Math.round(cents(r.quantity * r.unitPrice) * (1 + (r.vatPercentage ?? 0) / 100)), 0);
	// The docs give no rule for the sign of a total [?]; the least convenient plausible one: an invoice must total more
	// than zero and is refused otherwise (nothing stored); only a credit note credits, whatever the sign of its rows.
	if (type !== 'CREDIT_NOTE' && total <= 0) throw validation([{ field: 'invoice.rows', message: `the invoice totals ${(total / 100).toFixed(2)}: an invoice must total more than 0 (a credit note credits)` }]);
	const invoice: InvoiceRecord = {
		number,
		type,
		date: String(header.date),
		dueDate: String(header.dueDate),
		currency: String(header.currencyCode),
		totalCents: type === 'CREDIT_NOTE' ? -Math.abs(total) : total,
		status: 'PAUSED',
		statusHistory: [{ status: 'PAUSED', at: state.clock.iso() }],
		caseId: null,
		method: String(distribution.method),
		distributionStatus: 'PENDING',
		distributedAt: null,
		errorMessage: null,
		paymentReference: typeof references.payment === 'string' ? references.payment : null,
		buyerName: String((parties.buyerParty ?? {}).name),
		accountingInvoiceEnabled: processing.accountingInvoiceEnabled === true,
	};
	book.invoices.set(number, invoice);
	const messages: string[] = [];
	const missing = deliveryProblem(invoice.method, parties);
	if (distribution.enabled === false) {
		state.setStatus(invoice, 'ACCEPTED');
		messages.push('Distribution is disabled: the invoice was accepted but not sent');
	} else if (missing) {
		state.setStatus(invoice, 'ERROR');
		invoice.distributionStatus = 'FAILED';
		invoice.errorMessage = missing;
		messages.push(missing);
	} else if (processing.manualApprovalEnabled === true) {
		state.setStatus(invoice, 'MANUAL');
		messages.push('Waiting for manual approval before distribution');
	} else {
		state.distribute(book, invoice);
		if (type === 'CREDIT_NOTE') {
			const original = book.invoices.get(String(references.creditedInvoiceNumber));
			if (original) state.setStatus(original, 'CREDITED');
		}
	}
	const caseWanted = (processing.paymentControlEnabled === true || type === 'COLLECTION') && book.serviceType !== 'INTERMEDIATION';
	if (caseWanted && type !== 'CREDIT_NOTE' && invoice.status !== 'ERROR') state.openCase(book, invoice, type === 'COLLECTION' ? 'COLLECTION' : 'INVOICE');
	return reply.code(201).send({
		invoiceNumber: BigInt(number),
		status: invoice.status,
		caseId: invoice.caseId,
		totalAmount: units(invoice.totalCents),
		currency: invoice.currency,
		statusHistory: invoice.statusHistory,
		messages,
	});
}

/**
 * The field errors of one action of `POST /invoice/action` (§4.5, §8): known code, a target, the code's own data
 * (DUEDATE a date; DIRECTPAYMENT a positive amount and outstanding amounts with at most 2 decimals, an ISO 4217
 * currency, a date, a payment reference of a known shape when given).
 */
function actionErrors(a: Record<string, unknown>, i: number): FieldError[] {
	const errors: FieldError[] = [];
	const data = (a?.data ?? {}) as Record<string, unknown>;
	const at = `actions[${i}]`;
	if (!ACTION_CODES.includes(a?.code as string)) errors.push({ field: `${at}.code`, message: `must be one of ${ACTION_CODES.join(', ')}` });
	if (data.caseId === undefined && data.invoiceNumber === undefined) errors.push({ field: `${at}.data`, message: 'needs caseId or invoiceNumber' });
	// Integers in actions (§4.5 example, §10 "invoice number type differs"); a string such as "251601000" is refused.
	for (const key of ['caseId', 'invoiceNumber']) {
		if (data[key] !== undefined && !isPositiveInteger(data[key])) errors.push({ field: `${at}.data.${key}`, message: 'must be a positive integer (a JSON number)' });
	}
	if (a?.code === 'DUEDATE' && dateProblem(data.dueDate)) errors.push({ field: `${at}.data.dueDate`, message: 'must be a date YYYY-MM-DD' });
	if (a?.code === 'DIRECTPAYMENT') {
		const badAmount = amountProblem(data.amount, { positive: true });
		if (badAmount) errors.push({ field: `${at}.data.amount`, message: badAmount });
		for (const key of ['outstandingCapitalAmount', 'outstandingInterestAmount', 'outstandingCostsAmount']) {
			const bad = data[key] === undefined ? undefined : amountProblem(data[key]);
			if (bad) errors.push({ field: `${at}.data.${key}`, message: bad });
		}
		if (currencyProblem(data.currency)) errors.push({ field: `${at}.data.currency`, message: 'must be an ISO 4217 code' });
		if (dateProblem(data.paymentDate)) errors.push({ field: `${at}.data.paymentDate`, message: 'must be a date YYYY-MM-DD' });
		if (data.reference && paymentReferenceProblem(data.reference)) errors.push({ field: `${at}.data.reference`, message: 'must be a Finnish or RF payment reference' });
	}
	return errors;
}

/**
 * The checks `POST /invoice/action` makes before it queues anything: every action well-formed (400 with all field
 * errors), every target case found (404; by `caseId`, else by `invoiceNumber`; both given must be the same case) and
 * still taking actions (402 for WITHDRAWN / CLOSED as the case is now: actions queued before and not yet applied do
 * not count). Nothing is applied here: see ./actions.ts.
 */
function acceptActions(book: ClientFinance, body: unknown): AcceptedAction[] {
	const actions = (body as { actions?: unknown })?.actions;
	if (!Array.isArray(actions) || actions.length === 0) throw validation([{ field: 'actions', message: 'must be a non-empty array' }]);
	const errors = actions.flatMap((a: Record<string, unknown>, i) => actionErrors(a, i));
	if (errors.length) throw validation(errors);
	return actions.map((a: Record<string, unknown>, i) => {
		const data = a.data as Record<string, unknown>;
		const byInvoice = data.invoiceNumber === undefined ? undefined : [...book.cases.values()].find((x) => x.invoiceNumber === String(data.invoiceNumber));
		const c: CaseRecord | undefined = data.caseId !== undefined ? book.cases.get(Number(data.caseId)) : byInvoice;
		if (!c) throw new ApiError(404, `actions[${i}]: no case for ${data.caseId !== undefined ? `caseId ${String(data.caseId)}` : `invoice ${String(data.invoiceNumber)}`}`);
		if (data.caseId !== undefined && data.invoiceNumber !== undefined && byInvoice?.caseId !== c.caseId) {
			throw validation([{ field: `actions[${i}].data.invoiceNumber`, message: `is not the invoice of case ${c.caseId}` }]);
		}
		if (CLOSED_CASE_STATUSES.includes(c.status)) throw new ApiError(402, `actions[${i}]: case ${c.caseId} is ${c.status}; no more actions are possible`);
		return { code: String(a.code), comment: typeof a.comment === 'string' ? a.comment : '', data, case: c };
	});
}

/** `GET /invoice/case?caseId=…` (§4.6): 400 without an integer id, 404 for an unknown case. */
function getCase(state: CfisFinanceState, book: ClientFinance, q: Record<string, unknown>) {
	const raw = q.caseId;
	if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw validation([{ field: 'caseId', message: 'is required and must be an integer' }]);
	const c = book.cases.get(Number(raw));
	if (!c) throw new ApiError(404, `No case ${raw}`);
	return { case: serveCase(book, c, state.clock.now(), state.settings.casePaymentsField) };
}

/**
 * `GET /invoice/distribution` (§4.7): the records of the invoices dated in the period (given, or the default last
 * 30 days, §10 [D-ex] `defaultLast30Day…`), optionally only invoice `invoiceNumber` and only one delivery status;
 * counts and filters in `metaData`. The period applies to a lookup by invoice number too: an invoice dated before the
 * default window is only found with dates that cover it.
 */
function getDistribution(state: CfisFinanceState, book: ClientFinance, q: Record<string, unknown>) {
	const invoiceNumber = typeof q.invoiceNumber === 'string' && q.invoiceNumber !== '' ? q.invoiceNumber : null;
	const fetchType = typeof q.fetchType === 'string' && q.fetchType !== '' ? q.fetchType : null;
	if (fetchType && !FETCH_TYPES.includes(fetchType)) throw validation([{ field: 'fetchType', message: `must be one of ${FETCH_TYPES.join(', ')}` }]);
	const period = window(state, q, 'fromInvDate', 'toInvDate');
	const records = [...book.invoices.values()]
		.filter((i) => (!invoiceNumber || i.number === invoiceNumber) && i.date >= period.from && i.date <= period.to)
		.filter((i) => !fetchType || fetchType === 'ALL' || i.distributionStatus === fetchType)
		.sort((a, b) => (a.date === b.date ? a.number.localeCompare(b.number) : a.date.localeCompare(b.date)))
		.map((i) => ({ ...serveInvoice(i), paymentControlStatus: i.caseId === null ? null : book.cases.get(i.caseId)?.status ?? null }));
	return {
		metaData: {
			totalCount: records.length,
			successfulCount: records.filter((r) => r.distributionStatus === 'SUCCESS').length,
			failedCount: records.filter((r) => r.distributionStatus === 'FAILED').length,
			filtersApplied: {
				invoiceNumber,
				fromInvDate: period.from,
				toInvDate: period.to,
				fetchType,
				defaultLast30Days: period.defaulted,
			},
		},
		data: records,
	};
}

/** `GET /payments` (§4.8): a bare array of the agency payments whose payment date is in the window. */
function getPayments(state: CfisFinanceState, book: ClientFinance, q: Record<string, unknown>) {
	const { from, to } = window(state, q, 'fromDate', 'toDate');
	return book.payments
		.filter((p) => p.paymentDate.slice(0, 10) >= from && p.paymentDate.slice(0, 10) <= to)
		.map((p) => {
			const served: Record<string, unknown> = { ...p, amount: units(p.amount) };
			delete served.settled;
			return served;
		});
}

/** `GET /settlements` (§4.9): by window and/or `unfetchedOnly=true`; serving a settlement sets its `apiFetchDate`. */
function getSettlements(state: CfisFinanceState, book: ClientFinance, q: Record<string, unknown>) {
	const unfetchedOnly = q.unfetchedOnly === 'true';
	const dated = q.fromDate !== undefined || q.toDate !== undefined;
	// [SIM] unfetchedOnly without a period returns every unfetched settlement; with a period, those in it
	const period = unfetchedOnly && !dated ? undefined : window(state, q, 'fromDate', 'toDate');
	const chosen = book.settlements.filter(
		(s) => (!period || (s.settlementDate >= period.from && s.settlementDate <= period.to)) && (!unfetchedOnly || s.apiFetchDate === null),
	);
	const served = chosen.map(serveSettlement);
	const now = state.clock.iso();
	for (const s of chosen) s.apiFetchDate ??= now;
	return { createdAt: now, settlements: served };
}

/**
 * The period of a listing request (§10). Given dates are inclusive calendar days: both given → checked (order, at
 * most {@link WINDOW_DAYS} days counting both ends, so `to − from` ≤ 29 days); one given → the other end makes a
 * 30-day period; none → the default "last 30 days" [SIM], from the day 30 days before the clock's today to today.
 */
function window(state: CfisFinanceState, q: Record<string, unknown>, fromKey: string, toKey: string) {
	const given = (key: string) => (typeof q[key] === 'string' && q[key] !== '' ? (q[key] as string) : undefined);
	for (const key of [fromKey, toKey]) {
		const value = given(key);
		if (value !== undefined && dateProblem(value)) throw validation([{ field: key, message: 'must be a date YYYY-MM-DD' }]);
	}
	const span = (WINDOW_DAYS - 1) * DAY;
	const to = given(toKey) ?? (given(fromKey) ? dayOf(Date.parse(given(fromKey)!) + span) : state.today());
	const from = given(fromKey) ?? dayOf(Date.parse(to) - (given(toKey) ? span : WINDOW_DAYS * DAY));
	if (from > to) throw validation([{ field: fromKey, message: `must not be after ${toKey}` }]);
	if ((given(fromKey) || given(toKey)) && Date.parse(to) - Date.parse(from) > span) {
		throw validation([{ field: toKey, message: `the period may span at most ${WINDOW_DAYS} days; split it into consecutive windows` }]);
	}
	return { from, to, defaulted: given(fromKey) === undefined && given(toKey) === undefined };
}
