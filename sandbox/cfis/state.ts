/**
 * The CFIS finance simulator's in-memory books and the rules that change them (docs/cfis.md §4.4-§4.10,
 * §7): invoices with the status machine of §7.2, payment-control cases and the effect of payments on them (§7.3),
 * agency payments, settlements that keep their sums consistent (§4.9) and accounting sync records (§4.10). State
 * is per client (business ID); every date comes from the shared sandbox clock. Money is kept in integer cents and
 * served as decimal currency units with 2 decimals (DESIGN §5). The HTTP side is in ./routes.ts, ./accounting.ts
 * and ./controls.ts.
 */
import type { SandboxClock } from '../clock';
import { CFIS_SEED_FINANCE, type SeedFinance } from '../seed';

/** One day in milliseconds. */
export const DAY = 86_400_000;
/** `YYYY-MM-DD` of an epoch-ms instant (UTC). */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Currency units (2 decimals) → integer cents. */
export const cents = (amount: number) => Math.round(amount * 100);
/** Integer cents → currency units. */
export const units = (c: number) => Math.round(c) / 100;

/** An invoice as the simulator keeps it; `totalCents` is the sum of row gross amounts. */
export interface InvoiceRecord {
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
export interface CaseRecord {
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
export interface PaymentRecord {
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
export interface SettlementRecord {
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
export interface SyncRecord {
	sourceIdentifier: string;
	status: 0 | 1 | 2;
	description: string;
	syncDate: string | null;
	fields: Record<string, unknown>;
}

/** Everything one client owns. */
export interface ClientFinance {
	serviceType: string;
	invoices: Map<string, InvoiceRecord>;
	cases: Map<number, CaseRecord>;
	payments: PaymentRecord[];
	settlements: SettlementRecord[];
	ledgers: Map<string, SyncRecord>;
	accountingPayments: Map<string, SyncRecord>;
	accountingInvoices: Map<string, SyncRecord>;
}

/** The description of each accounting sync status (cfis.md §4.10). */
export const SYNC_TEXT = { 0: 'Pending', 1: 'Successfully synced', 2: 'Sync failed' } as const;

/** The payee of every simulated settlement [SIM]; the IBAN is a valid Finnish one (cfis.md §8.1). */
export const SETTLEMENT_BENEFICIARY = { name: 'Sandbox Demo Oy', iban: 'FI2112345600000785', bic: 'NDEAFIHH' };

const FIRST_CASE_ID = 481_900;

/** Where a payment registered on a case comes from: the agency's account, or the creditor's report (DIRECTPAYMENT). */
export type PaymentSource = 'AGENCY' | 'DIRECT';

/**
 * How the CFIS simulator behaves where the docs leave it open (docs/cfis.md "Sandbox choices where the docs are
 * silent"); read and changed with `GET`/`POST /__sandbox/cfis/settings`, back to {@link DEFAULT_CFIS_SETTINGS} on reset.
 */
export interface CfisSettings {
	/** seconds from accepting an invoice action to applying it (§4.5: processed asynchronously), integer ≥ 0 */
	actionDelaySeconds: number;
	/** true: no queued action is applied until this is false again or the queue is flushed */
	actionsPaused: boolean;
	/** true: `GET /invoice/case` serves the processed payments as `case.payments[]` (§4.6 shows no such field) */
	casePaymentsField: boolean;
	/** true: business IDs, VAT numbers and payment references must have right check digits (§8.1, §14 q16) */
	strictCheckDigits: boolean;
}

/**
 * The least convenient plausible defaults: an action is applied 30 s after it was accepted (longer than Zertiban's
 * whole redelivery window of 3 attempts with 5 s timeouts, docs/zertiban.md §11.2, so a repeated payment event
 * always arrives before the first report is processed), the case shows no `payments[]`, check digits by shape only
 * (the vendor's own examples fail them).
 */
export const DEFAULT_CFIS_SETTINGS: Readonly<CfisSettings> = Object.freeze({
	actionDelaySeconds: 30,
	actionsPaused: false,
	casePaymentsField: false,
	strictCheckDigits: false,
});

/**
 * The books of every client, bound to `clock`. Everything time-dependent (case dates, `apiFetchDate`, seeded
 * record dates) uses `clock.now()`. {@link reset} loads the seed into the seeded client's book.
 */
export class CfisFinanceState {
	private books = new Map<string, ClientFinance>();
	private nextCaseId = FIRST_CASE_ID;
	private nextSequence = 1;
	/** the behaviour switches of the simulator (see {@link CfisSettings}) */
	settings: CfisSettings = { ...DEFAULT_CFIS_SETTINGS };

	constructor(
		readonly clock: SandboxClock,
		/** business ID of the seeded client, also the controls' default */
		readonly seedClient: string,
	) {}

	/** `YYYY-MM-DD` of the clock. */
	today(): string {
		return dayOf(this.clock.now());
	}

	/** Back to the seed (only the seeded client, with {@link CFIS_SEED_FINANCE} dated relative to the clock) and the default settings. */
	reset(): void {
		this.settings = { ...DEFAULT_CFIS_SETTINGS };
		this.books = new Map();
		this.nextCaseId = FIRST_CASE_ID;
		this.nextSequence = 1;
		const book = emptyBook('LIFECYCLE');
		this.books.set(this.seedClient, book);
		this.loadSeed(book, CFIS_SEED_FINANCE);
	}

	/** Gives a newly onboarded client an empty book with its service type (§6). */
	addClient(businessCode: string, serviceType: string): void {
		this.books.set(businessCode, emptyBook(serviceType));
	}

	/** The book of `businessCode`, created empty (LIFECYCLE) when the client has none yet. */
	bookOf(businessCode: string): ClientFinance {
		let book = this.books.get(businessCode);
		if (!book) this.books.set(businessCode, (book = emptyBook('LIFECYCLE')));
		return book;
	}

	/** Moves an invoice to `status` and records it in its history. */
	setStatus(invoice: InvoiceRecord, status: string): void {
		invoice.status = status;
		invoice.statusHistory.push({ status, at: this.clock.iso() });
	}

	/** Moves a case to `status` with an event; WITHDRAWN, PAID and CLOSED close it (§7.3). */
	setCaseStatus(c: CaseRecord, status: string, description: string): void {
		if (c.status !== status) c.statusChangedAt = this.clock.iso();
		c.status = status;
		if (['WITHDRAWN', 'PAID', 'CLOSED'].includes(status)) c.closedAt = this.today();
		c.events.push({ date: this.clock.iso(), type: `STATUS_${status}`, description });
	}

	/** Opens a payment-control case for `invoice` (capital = the invoice total); returns its id. */
	openCase(book: ClientFinance, invoice: InvoiceRecord, stage = 'INVOICE'): number {
		const caseId = this.nextCaseId++;
		const now = this.clock.iso();
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
	}

	/** Marks an invoice distributed: INVOICED, or INTERMEDIATED for the intermediation service (§7.2). */
	distribute(book: ClientFinance, invoice: InvoiceRecord): void {
		this.setStatus(invoice, 'ACCEPTED');
		this.setStatus(invoice, book.serviceType === 'INTERMEDIATION' ? 'INTERMEDIATED' : 'INVOICED');
		invoice.distributionStatus = 'SUCCESS';
		invoice.distributedAt = this.clock.iso();
		if (invoice.accountingInvoiceEnabled) {
			book.accountingInvoices.set(invoice.number, {
				sourceIdentifier: invoice.number,
				status: 0,
				description: SYNC_TEXT[0],
				syncDate: null,
				fields: { invoiceNumber: invoice.number, invoiceDate: invoice.date },
			});
		}
	}

	/**
	 * Registers a payment of `amount` cents on a case: it reduces capital first, then interest, then costs; an
	 * agency payment is also listed by `GET /payments` (§4.8) until settled; a zero balance closes the case as PAID.
	 */
	registerPayment(book: ClientFinance, c: CaseRecord, amount: number, date: string, accountName: string, reference: string, source: PaymentSource): void {
		let rest = amount;
		for (const part of ['capital', 'interest', 'costs'] as const) {
			const take = Math.min(rest, c[part]);
			c[part] -= take;
			rest -= take;
		}
		c.payments.push({ date, amount, method: source === 'AGENCY' ? 'BANK_TRANSFER' : 'DIRECT', reference, source });
		c.events.push({ date: this.clock.iso(), type: 'PAYMENT', description: `Payment of ${units(amount).toFixed(2)} ${c.currency} (${source.toLowerCase()})` });
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
		if (c.capital + c.interest + c.costs <= 0 && c.status !== 'PAID') this.setCaseStatus(c, 'PAID', 'Balance paid in full');
	}

	/**
	 * Settles every unsettled agency payment in one settlement dated `date` (§4.9); allocations and breakdowns sum
	 * to the settlement amount. `undefined` when nothing is open.
	 */
	runSettlement(book: ClientFinance, date = this.today()): SettlementRecord | undefined {
		const open = book.payments.filter((p) => !p.settled);
		if (open.length === 0) return undefined;
		const sequence = this.nextSequence++;
		const settlement: SettlementRecord = {
			settlementId: Number(`${date.replace(/-/g, '')}${String(sequence).padStart(4, '0')}`),
			settlementDate: date,
			agency: 'CASH-IN',
			remittanceReference: '8090801781763',
			beneficiary: { ...SETTLEMENT_BENEFICIARY },
			currency: open[0].currency,
			apiFetchDate: null,
			allocations: open.map((p, i) => ({
				allocationId: 9_001_000 + this.nextSequence * 100 + i,
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
	}

	/** A settlement of the named seeded payments only (seed helper). */
	private runSettlementOf(book: ClientFinance, invoiceNumbers: string[], date: string) {
		const keep = book.payments.filter((p) => !p.settled && !invoiceNumbers.includes(p.invoiceNumber));
		for (const p of keep) p.settled = true;
		const settlement = this.runSettlement(book, date);
		for (const p of keep) p.settled = false;
		return settlement;
	}

	/** Loads the seed into the seeded client's book, dating each record `dayOffset` days from the clock's today. */
	private loadSeed(book: ClientFinance, seed: SeedFinance) {
		const at = (offset: number) => dayOf(this.clock.now() + offset * DAY);
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
				this.setStatus(invoice, 'ERROR');
				invoice.distributionStatus = 'FAILED';
				invoice.errorMessage = 'Buyer e-mail address bounced';
			} else {
				this.distribute(book, invoice);
				if (s.withCase) this.openCase(book, invoice);
			}
		}
		for (const p of seed.payments) {
			const c = [...book.cases.values()].find((x) => x.invoiceNumber === p.invoiceNumber);
			if (!c) throw new Error(`seed payment for invoice ${p.invoiceNumber}, which has no case`);
			this.registerPayment(book, c, cents(p.amount), at(p.dayOffset), p.accountName, p.reference, 'AGENCY');
		}
		for (const s of seed.settlements) {
			const settlement = this.runSettlementOf(book, s.paymentInvoiceNumbers, at(s.dayOffset));
			if (settlement && s.fetched) settlement.apiFetchDate = `${at(s.dayOffset)}T12:00:00.000Z`;
		}
	}
}

function emptyBook(serviceType: string): ClientFinance {
	return {
		serviceType,
		invoices: new Map(),
		cases: new Map(),
		payments: [],
		settlements: [],
		ledgers: new Map(),
		accountingPayments: new Map(),
		accountingInvoices: new Map(),
	};
}
