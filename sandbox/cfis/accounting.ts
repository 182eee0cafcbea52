/**
 * The CFIS accounting endpoints (docs/cfis.md §4.10) and the Finvoice lookup (§4.11): submit ledgers and
 * payments (a repeated identifier returns the existing record, §12), read the sync status of ledgers, payments
 * and invoices (204 when there is nothing), and list a business's e-invoice addresses (always an array).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CFIS_FINVOICE_REGISTRY } from '../seed';
import { amountProblem, businessIdProblem, currencyProblem, dateProblem, ledgerBalanceProblem, paymentReferenceProblem } from './checks';
import { PATHS } from './contract';
import { query, validation, type FieldError } from './serve';
import { SYNC_TEXT, type CfisFinanceState, type ClientFinance, type SyncRecord } from './state';

/** Registers the accounting and Finvoice endpoints on `api` (already prefixed); `clientOf` authenticates. */
export function registerAccountingRoutes(api: FastifyInstance, state: CfisFinanceState, clientOf: (request: FastifyRequest) => string): void {
	const book = (request: FastifyRequest) => state.bookOf(clientOf(request));
	api.post(PATHS.accountingLedger, async (request, reply) => submitLedger(book(request), request.body, reply));
	api.post(PATHS.accountingPayment, async (request, reply) => submitPayments(book(request), request.body, reply));
	api.get(PATHS.accountingLedger, async (request, reply) => syncList(book(request).ledgers, 'ledgers', query(request), reply));
	api.get(PATHS.accountingPayment, async (request, reply) => syncList(book(request).accountingPayments, 'payments', query(request), reply));
	api.get(PATHS.accountingInvoice, async (request, reply) => syncList(book(request).accountingInvoices, 'invoices', query(request), reply));
	api.get(PATHS.finvoiceAddresses, async (request) => {
		clientOf(request);
		const businessId = String(query(request).businessId ?? '');
		const problem = businessIdProblem(businessId);
		if (problem) throw validation([{ field: 'businessId', message: problem }]);
		return CFIS_FINVOICE_REGISTRY[businessId] ?? [];
	});
}

/**
 * The field errors of one ledger document at `at` (`ledgers` or `ledgers[i]`): identifier, company business ID (by
 * shape, when given), date, description (≤ 210 characters, §8), row amounts with at most 2 decimals (§8), balanced
 * rows.
 */
function ledgerErrors(l: Record<string, unknown>, at: string): FieldError[] {
	const errors: FieldError[] = [];
	if (typeof l.ledgerIdentifier !== 'string' || !l.ledgerIdentifier) errors.push({ field: `${at}.ledgerIdentifier`, message: 'is required' });
	const badCompany = l.companyIdentifier === undefined || l.companyIdentifier === '' ? undefined : businessIdProblem(l.companyIdentifier);
	if (badCompany) errors.push({ field: `${at}.companyIdentifier`, message: badCompany });
	if (dateProblem(l.documentDate)) errors.push({ field: `${at}.documentDate`, message: 'must be a date YYYY-MM-DD' });
	if (typeof l.documentDescription === 'string' && l.documentDescription.length > 210) errors.push({ field: `${at}.documentDescription`, message: 'must be at most 210 characters' });
	const rows = l.ledgerRows;
	if (!Array.isArray(rows) || rows.length === 0) {
		errors.push({ field: `${at}.ledgerRows`, message: 'must be a non-empty array' });
	} else {
		rows.forEach((r: Record<string, unknown>, i) => {
			for (const key of ['amount', 'netAmount']) {
				const bad = r?.[key] === undefined ? undefined : amountProblem(r[key]);
				if (bad) errors.push({ field: `${at}.ledgerRows[${i}].${key}`, message: bad });
			}
		});
		const problem = ledgerBalanceProblem(rows.map((r: Record<string, unknown>) => Number(r.netAmount ?? 0)));
		if (problem) errors.push({ field: `${at}.ledgerRows`, message: `netAmount values ${problem}` });
	}
	return errors;
}

/**
 * `POST /accounting/ledger`: `ledgers` is one document (the vendor example) or an array of them; 202 when a new
 * record was queued, 200 when every identifier was known already; the answer mirrors the body's shape.
 */
function submitLedger(book: ClientFinance, body: unknown, reply: FastifyReply) {
	const raw = (body as { ledgers?: unknown })?.ledgers;
	const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
	if (list.length === 0) throw validation([{ field: 'ledgers', message: 'is required (an object, or an array of objects)' }]);
	const errors = list.flatMap((l: Record<string, unknown>, i) => ledgerErrors(l, Array.isArray(raw) ? `ledgers[${i}]` : 'ledgers'));
	if (errors.length) throw validation(errors);
	let created = false;
	const results = list.map((l: Record<string, unknown>) => {
		const id = String(l.ledgerIdentifier);
		let record = book.ledgers.get(id);
		if (!record) {
			created = true;
			record = { sourceIdentifier: id, status: 0, description: SYNC_TEXT[0], syncDate: null, fields: { documentDate: l.documentDate, documentName: l.documentName, documentStatus: 'Approved' } };
			book.ledgers.set(id, record);
		}
		return { ledgerIdentifier: id, status: record.status, description: record.description };
	});
	return reply.code(created ? 202 : 200).send(Array.isArray(raw) ? { ledgers: results } : results[0]);
}

/** The field errors of `payments[i]`: identifiers, date, amount, currency, and a reference of a known shape when given. */
function paymentErrors(p: Record<string, unknown>, i: number): FieldError[] {
	const errors: FieldError[] = [];
	for (const key of ['paymentIdentifier', 'invoiceNumber']) {
		if (typeof p[key] !== 'string' || !p[key]) errors.push({ field: `payments[${i}].${key}`, message: 'is required (string)' });
	}
	if (dateProblem(p.paymentDate)) errors.push({ field: `payments[${i}].paymentDate`, message: 'must be a date YYYY-MM-DD' });
	const badAmount = amountProblem(p.amount);
	if (badAmount) errors.push({ field: `payments[${i}].amount`, message: badAmount });
	if (currencyProblem(p.currency)) errors.push({ field: `payments[${i}].currency`, message: 'must be an ISO 4217 code' });
	if (p.paymentReference && paymentReferenceProblem(p.paymentReference)) {
		errors.push({ field: `payments[${i}].paymentReference`, message: 'must be a Finnish or RF payment reference' });
	}
	return errors;
}

/** `POST /accounting/payment`: 202 when a new record was queued, 200 when every identifier was known already. */
function submitPayments(book: ClientFinance, body: unknown, reply: FastifyReply) {
	const list = (body as { payments?: unknown })?.payments;
	if (!Array.isArray(list) || list.length === 0) throw validation([{ field: 'payments', message: 'must be a non-empty array' }]);
	const errors = list.flatMap((p: Record<string, unknown>, i) => paymentErrors(p, i));
	if (errors.length) throw validation(errors);
	let created = false;
	const results = list.map((p: Record<string, unknown>) => {
		const id = String(p.paymentIdentifier);
		let record = book.accountingPayments.get(id);
		if (!record) {
			created = true;
			record = { sourceIdentifier: id, status: 0, description: SYNC_TEXT[0], syncDate: null, fields: { invoiceNumber: p.invoiceNumber, paymentDate: p.paymentDate } };
			book.accountingPayments.set(id, record);
		}
		return { paymentIdentifier: id, status: record.status, description: record.description };
	});
	return reply.code(created ? 202 : 200).send({ payments: results });
}

/** A sync-status listing under `key`, optionally one `sourceIdentifier`; 204 when nothing matches (§4.10). */
function syncList(store: Map<string, SyncRecord>, key: string, q: Record<string, unknown>, reply: FastifyReply) {
	const id = typeof q.sourceIdentifier === 'string' && q.sourceIdentifier ? q.sourceIdentifier : undefined;
	const records = [...store.values()].filter((r) => !id || r.sourceIdentifier === id);
	if (records.length === 0) return reply.code(204).send();
	return { [key]: records.map((r) => ({ sourceIdentifier: r.sourceIdentifier, ...r.fields, syncDate: r.syncDate, status: r.status, description: r.description })) };
}
