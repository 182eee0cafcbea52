/**
 * CFIS finance test controls under `/__sandbox/cfis/` (no auth, loopback only; CONTRIBUTING.md, "Adding a sandbox route"). Each acts on the
 * client named by `businessCode` in the body (the seeded client when absent): approve a MANUAL invoice, fail an
 * invoice's distribution, register an agency payment, run a settlement, set accounting sync states.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, CONTROL_PREFIX } from '../controls';
import { serveCase, serveInvoice, serveSettlement } from './serve';
import { cents, SYNC_TEXT, type CfisFinanceState, type ClientFinance, type SyncRecord } from './state';

/** Registers the `/__sandbox/cfis/…` controls on the root app. */
export function registerFinanceControls(app: FastifyInstance, state: CfisFinanceState): void {
	const prefix = `${CONTROL_PREFIX}cfis`;
	const target = (request: FastifyRequest) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		return { body, book: state.bookOf(typeof body.businessCode === 'string' ? body.businessCode : state.seedClient) };
	};
	const invoiceOf = (book: ClientFinance, number: unknown) => {
		const invoice = book.invoices.get(String(number));
		if (!invoice) throw new ApiError(404, `No invoice ${String(number)}`);
		return invoice;
	};

	/** `{invoiceNumber}`: a MANUAL invoice is approved and distributed (§7.2); 409 in any other status. */
	app.post(`${prefix}/invoices/approve`, async (request) => {
		const { body, book } = target(request);
		const invoice = invoiceOf(book, body.invoiceNumber);
		if (invoice.status !== 'MANUAL') throw new ApiError(409, `Invoice ${invoice.number} is ${invoice.status}, not MANUAL`);
		state.distribute(book, invoice);
		return serveInvoice(invoice);
	});

	/** `{invoiceNumber, message?}`: the invoice's delivery fails (distribution status FAILED). */
	app.post(`${prefix}/invoices/fail-distribution`, async (request) => {
		const { body, book } = target(request);
		const invoice = invoiceOf(book, body.invoiceNumber);
		invoice.distributionStatus = 'FAILED';
		invoice.distributedAt = null;
		invoice.errorMessage = typeof body.message === 'string' ? body.message : 'Delivery failed';
		return serveInvoice(invoice);
	});

	/** `{invoiceNumber, amount, accountName?, reference?}`: the agency receives a payment (currency units) on the invoice's case. */
	app.post(`${prefix}/payments`, async (request) => {
		const { body, book } = target(request);
		const invoice = invoiceOf(book, body.invoiceNumber);
		const c = invoice.caseId === null ? undefined : book.cases.get(invoice.caseId);
		if (!c) throw new ApiError(409, `Invoice ${invoice.number} has no payment-control case`);
		if (typeof body.amount !== 'number' || body.amount <= 0) throw new ApiError(400, 'amount must be a positive number (currency units)');
		state.registerPayment(book, c, cents(body.amount), state.today(), String(body.accountName ?? invoice.buyerName), String(body.reference ?? invoice.paymentReference ?? ''), 'AGENCY');
		return { case: serveCase(book, c, state.clock.now()) };
	});

	/** Settles every unsettled agency payment today; `{settlement: null}` when there is none. */
	app.post(`${prefix}/settlements/run`, async (request) => {
		const { book } = target(request);
		const settlement = state.runSettlement(book);
		return { settlement: settlement ? serveSettlement(settlement) : null };
	});

	/** `{kind: ledger|payment|invoice, identifier?, status?: 1|2}`: the records (all, or one) become synced or failed. */
	app.post(`${prefix}/accounting/sync`, async (request) => {
		const { body, book } = target(request);
		const store = { ledger: book.ledgers, payment: book.accountingPayments, invoice: book.accountingInvoices }[String(body.kind)];
		if (!store) throw new ApiError(400, 'kind must be ledger, payment or invoice');
		const status = body.status === 2 ? 2 : 1;
		const records = body.identifier === undefined ? [...store.values()] : [store.get(String(body.identifier))].filter((r): r is SyncRecord => !!r);
		for (const r of records) {
			r.status = status;
			r.description = SYNC_TEXT[status];
			r.syncDate = status === 1 ? state.today() : null;
		}
		return { updated: records.length };
	});
}
