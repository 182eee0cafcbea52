/**
 * The CFIS finance simulator (shared/api/cfis.md §4.4-§4.11, §7): invoices with the status machine of §7.2,
 * payment-control cases and the effect of each action (§7.3), distribution records, agency payments,
 * settlements that keep their sums consistent and `apiFetchDate` (§4.9), accounting sync states (§4.10) and a
 * Finvoice registry (§4.11). State is per client (business ID); every date comes from the shared sandbox clock.
 * Money is kept in integer cents and served as decimal currency units with 2 decimals (DESIGN §5).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_CODES, CFIS_PATHS, CFIS_WINDOW_DAYS, DISTRIBUTION_FETCH_TYPES, DISTRIBUTION_METHODS, INVOICE_TYPES } from '../../nodes/Cfis/transport/endpoints';
import {
	checkCurrencyCode,
	checkDueDate,
	checkFinnishBusinessId,
	checkIsoDate,
	checkLedgerBalance,
	checkPaymentReference,
} from '../../nodes/shared/validators';
import type { SandboxClock } from '../clock';
import { ApiError, CONTROL_PREFIX } from '../controls';
import { CFIS_FINVOICE_REGISTRY, CFIS_SEED_FINANCE, type SeedFinance } from '../seed';

const DAY = 86_400_000;
/** `YYYY-MM-DD` of an epoch-ms instant (UTC). */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const cents = (amount: number) => Math.round(amount * 100);
const units = (c: number) => Math.round(c) / 100;

/** One field error of the §9 simulator contract. */
interface FieldError {
	field: string;
	message: string;
}

/** An invoice as the simulator keeps it; `totalCents` is the sum of row gross amounts. */
interface InvoiceRecord {
	number: string;
	type: string;
	date: string;
	dueDate: string;
	currency: string;
	totalCents: number;
	status: string;
	statusHistory: Array<{ status: string; at: string }>;
	caseId: number | null;
	method: string;
	distributionStatus: 'SUCCESS' | 'FAILED' | 'PENDING';
	distributedAt: string | null;
	errorMessage: string | null;
	paymentReference: string | null;
	buyerName: string;
	accountingInvoiceEnabled: boolean;
}

/** A payment-control case (§4.6, §7.3); amounts in cents. */
interface CaseRecord {
	caseId: number;
	invoiceNumber: string;
	status: string;
	stage: string;
	createdAt: string;
	closedAt: string | null;
	statusChangedAt: string;
	dueDate: string;
	currency: string;
	capital: number;
	interest: number;
	costs: number;
	payments: Array<{ date: string; amount: number; method: string; reference: string; source: 'AGENCY' | 'DIRECT' }>;
	events: Array<{ date: string; type: string; description: string }>;
}

/** An agency payment (§4.8), `amount` in cents; `settled` once a settlement run included it. */
interface PaymentRecord {
	caseId: number | null;
	invoiceNumber: string;
	invoicePaymentReference: string;
	originalPaymentReference: string;
	accountName: string;
	bookingDate: string;
	paymentDate: string;
	amount: number;
	currency: string;
	settled: boolean;
}

/** A settlement (§4.9); amounts in cents until served. */
interface SettlementRecord {
	settlementId: number;
	settlementDate: string;
	agency: string;
	remittanceReference: string | null;
	beneficiary: { name: string; iban: string; bic: string } | null;
	currency: string;
	apiFetchDate: string | null;
	allocations: Array<{
		allocationId: number;
		allocationDate: string;
		currency: string;
		caseId: number | null;
		originalInvoiceNumber: string;
		originalPaymentReference: string;
		breakdown: Array<{ type: 'CAPITAL' | 'INTEREST' | 'FEES'; amount: number }>;
	}>;
}

/** An accounting submission (§4.10): ledger, payment or invoice, with its sync state (0 pending, 1 synced, 2 failed). */
interface SyncRecord {
	sourceIdentifier: string;
	status: 0 | 1 | 2;
	description: string;
	syncDate: string | null;
	fields: Record<string, unknown>;
}

/** Everything one client owns. */
interface ClientFinance {
	serviceType: string;
	invoices: Map<string, InvoiceRecord>;
	cases: Map<number, CaseRecord>;
	payments: PaymentRecord[];
	settlements: SettlementRecord[];
	ledgers: Map<string, SyncRecord>;
	accountingPayments: Map<string, SyncRecord>;
	accountingInvoices: Map<string, SyncRecord>;
}

const SYNC_TEXT = { 0: 'Pending', 1: 'Successfully synced', 2: 'Sync failed' } as const;

/** The finance part of the CFIS app: its state, a reset, and the routes it adds. */
export interface CfisFinance {
	/** back to the seed (the seeded client gets {@link CFIS_SEED_FINANCE}, dated relative to the clock) */
	reset(): void;
	/** gives a newly onboarded client an empty book */
	addClient(businessCode: string, serviceType: string): void;
	/** registers the API routes on a scope prefixed with the base path; `clientOf` authenticates a client token */
	registerApi(api: FastifyInstance, clientOf: (request: FastifyRequest) => string): void;
	/** registers the `/__sandbox/cfis/…` controls on the root app */
	registerControls(app: FastifyInstance): void;
}

/**
 * Creates the finance simulator bound to `clock`. Everything time-dependent (30-day default windows,
 * `apiFetchDate`, case dates, seeded record dates) uses `clock.now()`.
 */
export function createCfisFinance(clock: SandboxClock, seedClient: string): CfisFinance {
	let books = new Map<string, ClientFinance>();
	let nextCaseId = 481_900;
	let nextSequence = 1;
	const today = () => dayOf(clock.now());
	const emptyBook = (serviceType: string): ClientFinance => ({
		serviceType,
		invoices: new Map(),
		cases: new Map(),
		payments: [],
		settlements: [],
		ledgers: new Map(),
		accountingPayments: new Map(),
		accountingInvoices: new Map(),
	});

	const setStatus = (invoice: InvoiceRecord, status: string) => {
		invoice.status = status;
		invoice.statusHistory.push({ status, at: clock.iso() });
	};

	const setCaseStatus = (c: CaseRecord, status: string, description: string) => {
		if (c.status !== status) c.statusChangedAt = clock.iso();
		c.status = status;
		if (['WITHDRAWN', 'PAID', 'CLOSED'].includes(status)) c.closedAt = today();
		c.events.push({ date: clock.iso(), type: `STATUS_${status}`, description });
	};

	const openCase = (book: ClientFinance, invoice: InvoiceRecord, stage = 'INVOICE') => {
		const caseId = nextCaseId++;
		const now = clock.iso();
		book.cases.set(caseId, {
			caseId,
			invoiceNumber: invoice.number,
			status: 'OPEN',
			stage,
			createdAt: now,
			closedAt: null,
			statusChangedAt: now,
			dueDate: invoice.dueDate,
			currency: invoice.currency,
			capital: invoice.totalCents,
			interest: 0,
			costs: 0,
			payments: [],
			events: [{ date: now, type: 'CREATED', description: `Case opened for invoice ${invoice.number}` }],
		});
		invoice.caseId = caseId;
		return caseId;
	};

	/** Marks an invoice distributed: INVOICED, or INTERMEDIATED for the intermediation service (§7.2). */
	const distribute = (book: ClientFinance, invoice: InvoiceRecord) => {
		setStatus(invoice, 'ACCEPTED');
		setStatus(invoice, book.serviceType === 'INTERMEDIATION' ? 'INTERMEDIATED' : 'INVOICED');
		invoice.distributionStatus = 'SUCCESS';
		invoice.distributedAt = clock.iso();
		if (invoice.accountingInvoiceEnabled) {
			book.accountingInvoices.set(invoice.number, {
				sourceIdentifier: invoice.number,
				status: 0,
				description: SYNC_TEXT[0],
				syncDate: null,
				fields: { invoiceNumber: invoice.number, invoiceDate: invoice.date },
			});
		}
	};

	/** Registers an agency payment on a case (reduces capital first, then interest, then costs). */
	const registerPayment = (book: ClientFinance, c: CaseRecord, amount: number, date: string, accountName: string, reference: string, source: 'AGENCY' | 'DIRECT') => {
		let rest = amount;
		for (const part of ['capital', 'interest', 'costs'] as const) {
			const take = Math.min(rest, c[part]);
			c[part] -= take;
			rest -= take;
		}
		c.payments.push({ date, amount, method: source === 'AGENCY' ? 'BANK_TRANSFER' : 'DIRECT', reference, source });
		c.events.push({ date: clock.iso(), type: 'PAYMENT', description: `Payment of ${units(amount).toFixed(2)} ${c.currency} (${source.toLowerCase()})` });
		if (source === 'AGENCY') {
			book.payments.push({
				caseId: c.caseId,
				invoiceNumber: c.invoiceNumber,
				invoicePaymentReference: book.invoices.get(c.invoiceNumber)?.paymentReference ?? '',
				originalPaymentReference: reference,
				accountName,
				bookingDate: `${date}T00:00:00Z`,
				paymentDate: `${date}T00:00:00Z`,
				amount,
				currency: c.currency,
				settled: false,
			});
		}
		if (c.capital + c.interest + c.costs <= 0) setCaseStatus(c, 'PAID', 'Balance paid in full');
	};

	/** Settles every unsettled payment in one settlement; allocations and breakdowns sum to the settlement amount. */
	const runSettlement = (book: ClientFinance, date = today()): SettlementRecord | undefined => {
		const open = book.payments.filter((p) => !p.settled);
		if (open.length === 0) return undefined;
		const settlement: SettlementRecord = {
			settlementId: Number(`${date.replace(/-/g, '')}${String(nextSequence++).padStart(4, '0')}`),
			settlementDate: date,
			agency: 'CASH-IN',
			remittanceReference: '8090801781763',
			beneficiary: { name: 'Sandbox Demo Oy', iban: 'FI2112345600000785', bic: 'NDEAFIHH' },
			currency: open[0].currency,
			apiFetchDate: null,
			allocations: open.map((p, i) => ({
				allocationId: 9_001_000 + nextSequence * 100 + i,
				allocationDate: date,
				currency: p.currency,
				caseId: p.caseId,
				originalInvoiceNumber: p.invoiceNumber,
				originalPaymentReference: p.originalPaymentReference,
				breakdown: [
					{ type: 'CAPITAL', amount: p.amount },
					{ type: 'INTEREST', amount: 0 },
					{ type: 'FEES', amount: 0 },
				],
			})),
		};
		for (const p of open) p.settled = true;
		book.settlements.push(settlement);
		return settlement;
	};

	/** Loads the seed into the seeded client's book, dating each record `dayOffset` days from the clock's today. */
	const loadSeed = (book: ClientFinance, seed: SeedFinance) => {
		const at = (offset: number) => dayOf(clock.now() + offset * DAY);
		for (const s of seed.invoices) {
			const invoice: InvoiceRecord = {
				number: s.number,
				type: 'INVOICE',
				date: at(s.dayOffset),
				dueDate: at(s.dayOffset + 14),
				currency: 'EUR',
				totalCents: cents(s.amount),
				status: 'PAUSED',
				statusHistory: [{ status: 'PAUSED', at: `${at(s.dayOffset)}T08:00:00.000Z` }],
				caseId: null,
				method: 'EMAIL',
				distributionStatus: 'PENDING',
				distributedAt: null,
				errorMessage: null,
				paymentReference: s.paymentReference,
				buyerName: s.buyerName,
				accountingInvoiceEnabled: false,
			};
			book.invoices.set(invoice.number, invoice);
			if (s.outcome === 'ERROR') {
				setStatus(invoice, 'ERROR');
				invoice.distributionStatus = 'FAILED';
				invoice.errorMessage = 'Buyer e-mail address bounced';
			} else {
				distribute(book, invoice);
				if (s.withCase) openCase(book, invoice);
			}
		}
		for (const p of seed.payments) {
			const c = [...book.cases.values()].find((x) => x.invoiceNumber === p.invoiceNumber);
			if (!c) throw new Error(`seed payment for invoice ${p.invoiceNumber}, which has no case`);
			registerPayment(book, c, cents(p.amount), at(p.dayOffset), p.accountName, p.reference, 'AGENCY');
		}
		for (const s of seed.settlements) {
			const settlement = runSettlementOf(book, s.paymentInvoiceNumbers, at(s.dayOffset));
			if (settlement && s.fetched) settlement.apiFetchDate = `${at(s.dayOffset)}T12:00:00.000Z`;
		}
	};

	/** A settlement of the named seeded payments only (seed helper). */
	const runSettlementOf = (book: ClientFinance, invoiceNumbers: string[], date: string) => {
		const keep = book.payments.filter((p) => !p.settled && !invoiceNumbers.includes(p.invoiceNumber));
		for (const p of keep) p.settled = true;
		const settlement = runSettlement(book, date);
		for (const p of keep) p.settled = false;
		return settlement;
	};

	const reset = () => {
		books = new Map();
		nextCaseId = 481_900;
		nextSequence = 1;
		const book = emptyBook('LIFECYCLE');
		books.set(seedClient, book);
		loadSeed(book, CFIS_SEED_FINANCE);
	};

	const bookOf = (businessCode: string) => {
		let book = books.get(businessCode);
		if (!book) books.set(businessCode, (book = emptyBook('LIFECYCLE')));
		return book;
	};

	return {
		reset,
		addClient(businessCode, serviceType) {
			books.set(businessCode, emptyBook(serviceType));
		},
		registerApi(api, clientOf) {
			const book = (request: FastifyRequest) => bookOf(clientOf(request));
			api.post(CFIS_PATHS.invoice, async (request, reply) => createInvoice(book(request), request.body, reply));
			api.post(CFIS_PATHS.invoiceAction, async (request) => addActions(book(request), request.body));
			api.get(CFIS_PATHS.invoiceCase, async (request) => getCase(book(request), query(request)));
			api.get(CFIS_PATHS.invoiceDistribution, async (request) => getDistribution(book(request), query(request)));
			api.get(CFIS_PATHS.payments, async (request) => getPayments(book(request), query(request)));
			api.get(CFIS_PATHS.settlements, async (request) => getSettlements(book(request), query(request)));
			api.post(CFIS_PATHS.accountingLedger, async (request, reply) => submitLedger(book(request), request.body, reply));
			api.post(CFIS_PATHS.accountingPayment, async (request, reply) => submitAccountingPayment(book(request), request.body, reply));
			api.get(CFIS_PATHS.accountingLedger, async (request, reply) => syncList(book(request).ledgers, 'ledgers', query(request), reply));
			api.get(CFIS_PATHS.accountingPayment, async (request, reply) => syncList(book(request).accountingPayments, 'payments', query(request), reply));
			api.get(CFIS_PATHS.accountingInvoice, async (request, reply) => syncList(book(request).accountingInvoices, 'invoices', query(request), reply));
			api.get(CFIS_PATHS.finvoiceAddresses, async (request) => {
				clientOf(request);
				const businessId = String(query(request).businessId ?? '');
				const problem = checkFinnishBusinessId(businessId, { checkDigit: false });
				if (problem) throw validation([{ field: 'businessId', message: problem }]);
				return CFIS_FINVOICE_REGISTRY[businessId] ?? [];
			});
		},
		registerControls(app) {
			const prefix = `${CONTROL_PREFIX}cfis`;
			const target = (request: FastifyRequest) => {
				const body = (request.body ?? {}) as Record<string, unknown>;
				return { body, book: bookOf(typeof body.businessCode === 'string' ? body.businessCode : seedClient) };
			};
			const invoiceOf = (book: ClientFinance, number: unknown) => {
				const invoice = book.invoices.get(String(number));
				if (!invoice) throw new ApiError(404, `No invoice ${String(number)}`);
				return invoice;
			};
			app.post(`${prefix}/invoices/approve`, async (request) => {
				const { body, book } = target(request);
				const invoice = invoiceOf(book, body.invoiceNumber);
				if (invoice.status !== 'MANUAL') throw new ApiError(409, `Invoice ${invoice.number} is ${invoice.status}, not MANUAL`);
				distribute(book, invoice);
				return serveInvoice(invoice);
			});
			app.post(`${prefix}/invoices/fail-distribution`, async (request) => {
				const { body, book } = target(request);
				const invoice = invoiceOf(book, body.invoiceNumber);
				invoice.distributionStatus = 'FAILED';
				invoice.distributedAt = null;
				invoice.errorMessage = typeof body.message === 'string' ? body.message : 'Delivery failed';
				return serveInvoice(invoice);
			});
			app.post(`${prefix}/payments`, async (request) => {
				const { body, book } = target(request);
				const invoice = invoiceOf(book, body.invoiceNumber);
				const c = invoice.caseId === null ? undefined : book.cases.get(invoice.caseId);
				if (!c) throw new ApiError(409, `Invoice ${invoice.number} has no payment-control case`);
				if (typeof body.amount !== 'number' || body.amount <= 0) throw new ApiError(400, 'amount must be a positive number (currency units)');
				registerPayment(book, c, cents(body.amount), today(), String(body.accountName ?? invoice.buyerName), String(body.reference ?? invoice.paymentReference ?? ''), 'AGENCY');
				return { case: serveCase(book, c) };
			});
			app.post(`${prefix}/settlements/run`, async (request) => {
				const { book } = target(request);
				const settlement = runSettlement(book);
				return { settlement: settlement ? serveSettlement(settlement) : null };
			});
			app.post(`${prefix}/accounting/sync`, async (request) => {
				const { body, book } = target(request);
				const store = { ledger: book.ledgers, payment: book.accountingPayments, invoice: book.accountingInvoices }[String(body.kind)];
				if (!store) throw new ApiError(400, 'kind must be ledger, payment or invoice');
				const status = body.status === 2 ? 2 : 1;
				const records = body.identifier === undefined ? [...store.values()] : [store.get(String(body.identifier))].filter((r): r is SyncRecord => !!r);
				for (const r of records) {
					r.status = status;
					r.description = SYNC_TEXT[status];
					r.syncDate = status === 1 ? today() : null;
				}
				return { updated: records.length };
			});
		},
	};

	// ---- handlers --------------------------------------------------------------------------------------

	function createInvoice(book: ClientFinance, body: unknown, reply: FastifyReply) {
		const errors = validateSalesInvoice(body);
		if (errors.length) throw validation(errors);
		const root = body as Record<string, Record<string, unknown>>;
		const content = root.invoice as Record<string, Record<string, unknown>>;
		const header = content.header;
		const references = (content.references ?? {}) as Record<string, unknown>;
		const parties = (content.parties ?? {}) as Record<string, Record<string, unknown>>;
		const buyer = parties.buyerParty ?? {};
		const number = String(header.number);
		const type = String(header.type ?? 'INVOICE');
		const processing = (root.processing ?? {}) as Record<string, unknown>;
		const distribution = root.distribution as Record<string, unknown>;
		const existing = book.invoices.get(number);
		if (existing) {
			return reply.code(200).send({ invoiceNumber: Number(number), status: 'DUPLICATE', caseId: existing.caseId, messages: [`Invoice number ${number} was already received; nothing was created`] });
		}
		const rows = (content.rows ?? []) as unknown as Array<Record<string, number>>;
		const total = rows.reduce((sum, r) => sum + Math.round(cents(r.quantity * r.unitPrice) * (1 + (r.vatPercentage ?? 0) / 100)), 0);
		const sign = type === 'CREDIT_NOTE' ? -1 : 1;
		const invoice: InvoiceRecord = {
			number,
			type,
			date: String(header.date),
			dueDate: String(header.dueDate),
			currency: String(header.currencyCode),
			totalCents: sign * Math.abs(total),
			status: 'PAUSED',
			statusHistory: [{ status: 'PAUSED', at: clock.iso() }],
			caseId: null,
			method: String(distribution.method),
			distributionStatus: 'PENDING',
			distributedAt: null,
			errorMessage: null,
			paymentReference: typeof references.payment === 'string' ? references.payment : null,
			buyerName: String(buyer.name),
			accountingInvoiceEnabled: processing.accountingInvoiceEnabled === true,
		};
		book.invoices.set(number, invoice);
		const messages: string[] = [];
		const missing = deliveryProblem(invoice.method, parties);
		if (distribution.enabled === false) {
			setStatus(invoice, 'ACCEPTED');
			messages.push('Distribution is disabled: the invoice was accepted but not sent');
		} else if (missing) {
			setStatus(invoice, 'ERROR');
			invoice.distributionStatus = 'FAILED';
			invoice.errorMessage = missing;
			messages.push(missing);
		} else if (processing.manualApprovalEnabled === true) {
			setStatus(invoice, 'MANUAL');
			messages.push('Waiting for manual approval before distribution');
		} else {
			distribute(book, invoice);
			if (type === 'CREDIT_NOTE') {
				const original = book.invoices.get(String(references.creditedInvoiceNumber));
				if (original) setStatus(original, 'CREDITED');
			}
		}
		const caseWanted = (processing.paymentControlEnabled === true || type === 'COLLECTION') && book.serviceType !== 'INTERMEDIATION';
		if (caseWanted && type !== 'CREDIT_NOTE' && invoice.status !== 'ERROR') openCase(book, invoice, type === 'COLLECTION' ? 'COLLECTION' : 'INVOICE');
		return reply.code(201).send({
			invoiceNumber: Number(number),
			status: invoice.status,
			caseId: invoice.caseId,
			totalAmount: units(invoice.totalCents),
			currency: invoice.currency,
			statusHistory: invoice.statusHistory,
			messages,
		});
	}

	function addActions(book: ClientFinance, body: unknown) {
		const actions = (body as { actions?: unknown })?.actions;
		if (!Array.isArray(actions) || actions.length === 0) throw validation([{ field: 'actions', message: 'must be a non-empty array' }]);
		const errors: FieldError[] = [];
		actions.forEach((a: Record<string, unknown>, i) => {
			const data = (a?.data ?? {}) as Record<string, unknown>;
			if (!ACTION_CODES.includes(a?.code as never)) errors.push({ field: `actions[${i}].code`, message: `must be one of ${ACTION_CODES.join(', ')}` });
			if (data.caseId === undefined && data.invoiceNumber === undefined) errors.push({ field: `actions[${i}].data`, message: 'needs caseId or invoiceNumber' });
			if (a?.code === 'DUEDATE' && checkIsoDate(String(data.dueDate ?? ''))) errors.push({ field: `actions[${i}].data.dueDate`, message: 'must be a date YYYY-MM-DD' });
			if (a?.code === 'DIRECTPAYMENT') {
				if (typeof data.amount !== 'number' || data.amount <= 0) errors.push({ field: `actions[${i}].data.amount`, message: 'must be a positive number' });
				if (checkCurrencyCode(String(data.currency ?? ''))) errors.push({ field: `actions[${i}].data.currency`, message: 'must be an ISO 4217 code' });
				if (checkIsoDate(String(data.paymentDate ?? ''))) errors.push({ field: `actions[${i}].data.paymentDate`, message: 'must be a date YYYY-MM-DD' });
			}
		});
		if (errors.length) throw validation(errors);
		const cases = actions.map((a: Record<string, unknown>, i) => {
			const data = a.data as Record<string, unknown>;
			const c = data.caseId !== undefined
				? book.cases.get(Number(data.caseId))
				: [...book.cases.values()].find((x) => x.invoiceNumber === String(data.invoiceNumber));
			if (!c) throw new ApiError(404, `actions[${i}]: no case for ${data.caseId !== undefined ? `caseId ${String(data.caseId)}` : `invoice ${String(data.invoiceNumber)}`}`);
			if (c.status === 'WITHDRAWN' || c.status === 'CLOSED') throw new ApiError(402, `actions[${i}]: case ${c.caseId} is ${c.status}; no more actions are possible`);
			return c;
		});
		return {
			actions: actions.map((a: Record<string, unknown>, i) => {
				const c = cases[i];
				const data = a.data as Record<string, unknown>;
				const comment = typeof a.comment === 'string' ? a.comment : '';
				switch (a.code) {
					case 'PAUSE':
						setCaseStatus(c, 'PAUSED', comment || 'Proceedings paused by the creditor');
						break;
					case 'WITHDRAW':
						setCaseStatus(c, 'WITHDRAWN', comment || 'Case withdrawn by the creditor');
						break;
					case 'DUEDATE':
						c.dueDate = String(data.dueDate);
						c.events.push({ date: clock.iso(), type: 'DUEDATE', description: `Case due date moved to ${c.dueDate}` });
						break;
					case 'DIRECTPAYMENT':
						registerPayment(book, c, cents(Number(data.amount)), String(data.paymentDate), '', String(data.reference ?? ''), 'DIRECT');
						break;
					default:
						c.events.push({ date: clock.iso(), type: String(a.code), description: comment });
				}
				return { index: i, code: a.code, actionId: `${c.caseId}-${c.events.length}`, caseId: c.caseId, status: 'PROCESSED' };
			}),
		};
	}

	function serveCase(book: ClientFinance, c: CaseRecord) {
		const invoice = book.invoices.get(c.invoiceNumber);
		const activeEnd = c.closedAt ? Date.parse(c.closedAt) : clock.now();
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
			payments: c.payments.map((p) => ({ ...p, amount: units(p.amount) })),
			events: c.events,
			invoice: invoice ? { number: invoice.number, date: invoice.date, dueDate: invoice.dueDate, amount: units(invoice.totalCents) } : null,
		};
	}

	function getCase(book: ClientFinance, q: Record<string, unknown>) {
		const raw = q.caseId;
		if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw validation([{ field: 'caseId', message: 'is required and must be an integer' }]);
		const c = book.cases.get(Number(raw));
		if (!c) throw new ApiError(404, `No case ${raw}`);
		return { case: serveCase(book, c) };
	}

	function serveInvoice(i: InvoiceRecord) {
		const c = i.caseId;
		return {
			invoiceNumber: i.number,
			invoiceDate: i.date,
			caseId: c,
			distributionMethod: i.method,
			distributionStatus: i.distributionStatus,
			distributedAt: i.distributedAt,
			errorMessage: i.errorMessage,
			paymentControlStatus: null as string | null,
			invoiceStatus: i.status,
		};
	}

	function getDistribution(book: ClientFinance, q: Record<string, unknown>) {
		const invoiceNumber = typeof q.invoiceNumber === 'string' && q.invoiceNumber !== '' ? q.invoiceNumber : null;
		const fetchType = typeof q.fetchType === 'string' && q.fetchType !== '' ? q.fetchType : null;
		if (fetchType && !DISTRIBUTION_FETCH_TYPES.includes(fetchType as never)) {
			throw validation([{ field: 'fetchType', message: `must be one of ${DISTRIBUTION_FETCH_TYPES.join(', ')}` }]);
		}
		const period = invoiceNumber ? undefined : window(q, 'fromInvDate', 'toInvDate');
		const records = [...book.invoices.values()]
			.filter((i) => (invoiceNumber ? i.number === invoiceNumber : i.date >= period!.from && i.date <= period!.to))
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
					fromInvDate: period?.from ?? null,
					toInvDate: period?.to ?? null,
					fetchType,
					defaultLast30Days: period?.defaulted ?? false,
				},
			},
			data: records,
		};
	}

	function getPayments(book: ClientFinance, q: Record<string, unknown>) {
		const { from, to } = window(q, 'fromDate', 'toDate');
		return book.payments
			.filter((p) => p.paymentDate.slice(0, 10) >= from && p.paymentDate.slice(0, 10) <= to)
			.map((p) => {
				const served: Record<string, unknown> = { ...p, amount: units(p.amount) };
				delete served.settled;
				return served;
			});
	}

	function serveSettlement(s: SettlementRecord) {
		const allocations = s.allocations.map((a) => {
			const total = a.breakdown.reduce((sum, b) => sum + b.amount, 0);
			return { ...a, allocatedTotalAmount: units(total), breakdown: a.breakdown.map((b) => ({ type: b.type, amount: units(b.amount) })) };
		});
		const total = s.allocations.reduce((sum, a) => sum + a.breakdown.reduce((t, b) => t + b.amount, 0), 0);
		return { ...s, settlementAmount: units(total), allocations };
	}

	function getSettlements(book: ClientFinance, q: Record<string, unknown>) {
		const unfetchedOnly = q.unfetchedOnly === 'true';
		const dated = q.fromDate !== undefined || q.toDate !== undefined;
		// [SIM] unfetchedOnly without a period returns every unfetched settlement; with a period, those in it
		const period = unfetchedOnly && !dated ? undefined : window(q, 'fromDate', 'toDate');
		const chosen = book.settlements.filter(
			(s) => (!period || (s.settlementDate >= period.from && s.settlementDate <= period.to)) && (!unfetchedOnly || s.apiFetchDate === null),
		);
		const served = chosen.map(serveSettlement);
		const now = clock.iso();
		for (const s of chosen) s.apiFetchDate ??= now;
		return { createdAt: now, settlements: served };
	}

	function submitLedger(book: ClientFinance, body: unknown, reply: FastifyReply) {
		const raw = (body as { ledgers?: unknown })?.ledgers;
		const list = Array.isArray(raw) ? raw : raw && typeof raw === 'object' ? [raw] : [];
		if (list.length === 0) throw validation([{ field: 'ledgers', message: 'is required (an object, or an array of objects)' }]);
		const errors: FieldError[] = [];
		list.forEach((l: Record<string, unknown>, i) => {
			const at = Array.isArray(raw) ? `ledgers[${i}]` : 'ledgers';
			if (typeof l.ledgerIdentifier !== 'string' || !l.ledgerIdentifier) errors.push({ field: `${at}.ledgerIdentifier`, message: 'is required' });
			if (checkIsoDate(String(l.documentDate ?? ''))) errors.push({ field: `${at}.documentDate`, message: 'must be a date YYYY-MM-DD' });
			if (typeof l.documentDescription === 'string' && l.documentDescription.length > 210) errors.push({ field: `${at}.documentDescription`, message: 'must be at most 210 characters' });
			const rows = l.ledgerRows;
			if (!Array.isArray(rows) || rows.length === 0) errors.push({ field: `${at}.ledgerRows`, message: 'must be a non-empty array' });
			else {
				const problem = checkLedgerBalance(rows.map((r: Record<string, unknown>) => Number(r.netAmount ?? 0)));
				if (problem) errors.push({ field: `${at}.ledgerRows`, message: `netAmount values ${problem}` });
			}
		});
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

	function submitAccountingPayment(book: ClientFinance, body: unknown, reply: FastifyReply) {
		const list = (body as { payments?: unknown })?.payments;
		if (!Array.isArray(list) || list.length === 0) throw validation([{ field: 'payments', message: 'must be a non-empty array' }]);
		const errors: FieldError[] = [];
		list.forEach((p: Record<string, unknown>, i) => {
			for (const key of ['paymentIdentifier', 'invoiceNumber']) {
				if (typeof p[key] !== 'string' || !p[key]) errors.push({ field: `payments[${i}].${key}`, message: 'is required (string)' });
			}
			if (checkIsoDate(String(p.paymentDate ?? ''))) errors.push({ field: `payments[${i}].paymentDate`, message: 'must be a date YYYY-MM-DD' });
			if (typeof p.amount !== 'number') errors.push({ field: `payments[${i}].amount`, message: 'must be a number' });
			if (checkCurrencyCode(String(p.currency ?? ''))) errors.push({ field: `payments[${i}].currency`, message: 'must be an ISO 4217 code' });
			if (p.paymentReference && checkPaymentReference(String(p.paymentReference), { checkDigit: false })) {
				errors.push({ field: `payments[${i}].paymentReference`, message: 'must be a Finnish or RF payment reference' });
			}
		});
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

	function syncList(store: Map<string, SyncRecord>, key: string, q: Record<string, unknown>, reply: FastifyReply) {
		const id = typeof q.sourceIdentifier === 'string' && q.sourceIdentifier ? q.sourceIdentifier : undefined;
		const records = [...store.values()].filter((r) => !id || r.sourceIdentifier === id);
		if (records.length === 0) return reply.code(204).send();
		return { [key]: records.map((r) => ({ sourceIdentifier: r.sourceIdentifier, ...r.fields, syncDate: r.syncDate, status: r.status, description: r.description })) };
	}

	/**
	 * The period of a listing request: both dates given → checked (order, at most {@link CFIS_WINDOW_DAYS} days
	 * apart); one or none → the missing end defaults so that the period is the last 30 days of the clock (§10).
	 */
	function window(q: Record<string, unknown>, fromKey: string, toKey: string) {
		const given = (key: string) => (typeof q[key] === 'string' && q[key] !== '' ? (q[key] as string) : undefined);
		for (const key of [fromKey, toKey]) {
			const value = given(key);
			if (value !== undefined && checkIsoDate(value)) throw validation([{ field: key, message: 'must be a date YYYY-MM-DD' }]);
		}
		const to = given(toKey) ?? (given(fromKey) ? dayOf(Date.parse(given(fromKey)!) + CFIS_WINDOW_DAYS * DAY) : today());
		const from = given(fromKey) ?? dayOf(Date.parse(to) - CFIS_WINDOW_DAYS * DAY);
		if (from > to) throw validation([{ field: fromKey, message: `must not be after ${toKey}` }]);
		if (Date.parse(to) - Date.parse(from) > CFIS_WINDOW_DAYS * DAY) {
			throw validation([{ field: toKey, message: `the period may span at most ${CFIS_WINDOW_DAYS} days; split it into consecutive windows` }]);
		}
		return { from, to, defaulted: given(fromKey) === undefined && given(toKey) === undefined };
	}
}

const query = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;
const validation = (errors: FieldError[]) => new ApiError(400, `${errors.length} field(s) are invalid`, { title: 'Validation failed', errors });

/** Which delivery data a distribution method needs (cfis.md §5.1 simulator policy); the problem, or undefined. */
function deliveryProblem(method: string, parties: Record<string, Record<string, unknown>>): string | undefined {
	const buyer = parties.buyerParty ?? {};
	const recipient = parties.invoiceRecipientParty ?? {};
	if (method === 'EMAIL') {
		const email = (buyer.contact as Record<string, unknown> | undefined)?.email ?? recipient.email;
		return typeof email === 'string' && email ? undefined : 'EMAIL distribution needs buyerParty.contact.email or invoiceRecipientParty.email';
	}
	if (method === 'EINVOICE') {
		return buyer.electronicInvoiceAccount && buyer.electronicRoutingAddress ? undefined : 'EINVOICE distribution needs buyerParty.electronicInvoiceAccount and electronicRoutingAddress';
	}
	const address = buyer.address as Record<string, unknown> | undefined;
	return address?.street && address?.postalCode ? undefined : 'LETTER distribution needs buyerParty.address with street and postalCode';
}

/**
 * Validates a SalesInvoiceRequest (cfis.md §5.1, §8) against the simulator policy: required
 * `distribution.method`, header number/date/dueDate/currencyCode, seller business ID and name, buyer name;
 * shapes only for identifiers (lenient mode, §8.1); due date not before the invoice date; a credit note names the
 * credited invoice; rows carry numeric quantity, unitPrice and vatPercentage. Unknown fields are accepted.
 */
export function validateSalesInvoice(body: unknown): FieldError[] {
	const errors: FieldError[] = [];
	const add = (field: string, message: string) => errors.push({ field, message });
	const obj = (value: unknown) => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
	const root = obj(body);
	const distribution = obj(root.distribution);
	if (!DISTRIBUTION_METHODS.includes(distribution.method as never)) add('distribution.method', `must be one of ${DISTRIBUTION_METHODS.join(', ')}`);
	const invoice = obj(root.invoice);
	const header = obj(invoice.header);
	if (!/^\d{1,18}$/.test(String(header.number ?? ''))) add('invoice.header.number', 'is required and must be an integer');
	if (header.type !== undefined && header.type !== null && !INVOICE_TYPES.includes(header.type as never)) add('invoice.header.type', `must be one of ${INVOICE_TYPES.join(', ')}`);
	const dateProblem = checkIsoDate(String(header.date ?? ''));
	const dueProblem = checkIsoDate(String(header.dueDate ?? ''));
	if (dateProblem) add('invoice.header.date', 'must be a date YYYY-MM-DD');
	if (dueProblem) add('invoice.header.dueDate', 'must be a date YYYY-MM-DD');
	if (!dateProblem && !dueProblem && checkDueDate(String(header.dueDate), String(header.date))) add('invoice.header.dueDate', 'must not be before invoice date');
	if (checkCurrencyCode(String(header.currencyCode ?? ''))) add('invoice.header.currencyCode', 'must be an ISO 4217 code such as EUR');
	const references = obj(invoice.references);
	if (header.type === 'CREDIT_NOTE' && !/^\d+$/.test(String(references.creditedInvoiceNumber ?? ''))) add('invoice.references.creditedInvoiceNumber', 'is required for a CREDIT_NOTE');
	if (references.payment && checkPaymentReference(String(references.payment), { checkDigit: false })) add('invoice.references.payment', 'must be a Finnish or RF payment reference');
	const parties = obj(invoice.parties);
	const seller = obj(parties.sellerParty);
	if (checkFinnishBusinessId(String(seller.businessId ?? ''), { checkDigit: false })) add('invoice.parties.sellerParty.businessId', 'must be a Finnish business ID like 0737546-2');
	if (!seller.name) add('invoice.parties.sellerParty.name', 'is required');
	if (!obj(parties.buyerParty).name) add('invoice.parties.buyerParty.name', 'is required');
	const rows = invoice.rows;
	if (rows !== undefined && !Array.isArray(rows)) add('invoice.rows', 'must be an array');
	(Array.isArray(rows) ? rows : []).forEach((row, i) => {
		for (const key of ['quantity', 'unitPrice']) {
			if (typeof obj(row)[key] !== 'number') add(`invoice.rows[${i}].${key}`, 'must be a number');
		}
	});
	return errors;
}
