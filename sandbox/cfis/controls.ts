/**
 * CFIS finance test controls under `/__sandbox/cfis/` (no auth, loopback only; CONTRIBUTING.md, "Adding a sandbox route"). The invoice ones act
 * on the client named by `businessCode` in the body (the seeded client when absent): approve a MANUAL invoice, fail
 * an invoice's distribution, register an agency payment or change one before settlement, run a settlement, set
 * accounting sync states. The others
 * drive the whole simulator: its settings (action delay, pause, the case's `payments[]`, check-digit strictness) and
 * the invoice-action queue (list, flush).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, CONTROL_PREFIX, intField } from '../controls';
import type { ActionQueue, ActionStatus } from './actions';
import { serveCase, serveInvoice, serveSettlement } from './serve';
import { cents, SYNC_TEXT, type CfisFinanceState, type CfisSettings, type ClientFinance, type SyncRecord } from './state';

/** Longest action delay a test may set, seconds (one day). */
const MAX_ACTION_DELAY_SECONDS = 86_400;

/**
 * Registers the `/__sandbox/cfis/…` controls on the root app:
 * - `GET /__sandbox/cfis/settings` → {@link CfisSettings}; `POST` with any of its fields (`actionDelaySeconds`
 *   integer 0-86400, booleans `actionsPaused`, `casePaymentsField`, `strictCheckDigits`) changes those and answers
 *   all of them; 400 for an unknown field or a bad value. Unpausing applies what is due at once.
 * - `GET /__sandbox/cfis/actions[?status=PENDING|PROCESSED|FAILED&caseId=&code=&businessCode=]` → `{ actions }`, every
 *   accepted invoice action oldest first (see `QueuedAction` in ./actions.ts).
 * - `POST /__sandbox/cfis/actions/flush` body `{count?, caseId?}` → `{ processed, pending }`: applies PENDING actions
 *   now (due or not, paused or not), oldest first, in order per case; `pending` = how many are left.
 * - the invoice, payment, settlement and accounting controls below.
 */
export function registerFinanceControls(app: FastifyInstance, state: CfisFinanceState, queue: ActionQueue): void {
	const prefix = `${CONTROL_PREFIX}cfis`;
	const flags = ['actionsPaused', 'casePaymentsField', 'strictCheckDigits'] as const;

	app.get(`${prefix}/settings`, async () => state.settings);
	app.post(`${prefix}/settings`, async (request) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const next: CfisSettings = { ...state.settings };
		for (const key of Object.keys(body)) {
			if (key === 'actionDelaySeconds') next.actionDelaySeconds = intField(body, key, 0, MAX_ACTION_DELAY_SECONDS);
			else if ((flags as readonly string[]).includes(key) && typeof body[key] === 'boolean') next[key as (typeof flags)[number]] = body[key] as boolean;
			else throw new ApiError(400, `${key} is not a setting, or not a boolean; settings: actionDelaySeconds (integer seconds), ${flags.join(', ')} (booleans)`);
		}
		state.settings = next;
		queue.processDue();
		return state.settings;
	});

	app.get(`${prefix}/actions`, async (request) => {
		const q = (request.query ?? {}) as Record<string, string | undefined>;
		if (q.status !== undefined && !['PENDING', 'PROCESSED', 'FAILED'].includes(q.status)) throw new ApiError(400, 'status must be PENDING, PROCESSED or FAILED');
		if (q.caseId !== undefined && !/^\d+$/.test(q.caseId)) throw new ApiError(400, 'caseId must be an integer');
		return {
			actions: queue.list({
				status: q.status as ActionStatus | undefined,
				caseId: q.caseId === undefined ? undefined : Number(q.caseId),
				code: q.code,
				businessCode: q.businessCode,
			}),
		};
	});
	app.post(`${prefix}/actions/flush`, async (request) => {
		const body = (request.body ?? {}) as Record<string, unknown>;
		const processed = queue.flush({
			count: body.count === undefined ? undefined : intField(body, 'count', 0, 1_000_000),
			caseId: body.caseId === undefined ? undefined : intField(body, 'caseId', 1, Number.MAX_SAFE_INTEGER),
		});
		return { processed, pending: queue.list({ status: 'PENDING' }).length };
	});

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
		return { case: serveCase(book, c, state.clock.now(), state.settings.casePaymentsField) };
	});

	/**
	 * `{invoiceNumber, amount}`: the newest agency payment of the invoice that is not settled yet changes to `amount`
	 * (currency units; 0 withdraws it: `GET /payments` no longer lists it), as docs/cfis.md §4.8 [D] says payments may
	 * still change before settlement. The case balance is not touched. 409 when the invoice has no unsettled payment.
	 */
	app.post(`${prefix}/payments/change`, async (request) => {
		const { body, book } = target(request);
		const invoice = invoiceOf(book, body.invoiceNumber);
		const payment = [...book.payments].reverse().find((p) => p.invoiceNumber === invoice.number && !p.settled);
		if (!payment) throw new ApiError(409, `Invoice ${invoice.number} has no agency payment that is not settled yet`);
		if (typeof body.amount !== 'number' || body.amount < 0) throw new ApiError(400, 'amount must be a number ≥ 0 (currency units)');
		if (body.amount === 0) book.payments.splice(book.payments.indexOf(payment), 1);
		else payment.amount = cents(body.amount);
		return { changed: body.amount === 0 ? 'withdrawn' : 'amount' };
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
