import type { IDataObject } from 'n8n-workflow';

import { settle } from '../../shared/errors';
import { alreadyRecorded, type PaymentKey } from '../actions/recordedPayments';

/**
 * The payment record: exactly one Direct Payment per Zertiban payment, whatever the deliveries, crashes and re-runs
 * (README "Exactly once"). One row per report attempt in a shared store whose only atomic primitive is a
 * compare-and-set on one row (`update(id, expect, set)`: docs/n8n.md §2.2). States:
 *
 *   pending → claimed → sending → sent → confirmed      (void: a losing pending row)
 *
 * - `pending` rows are made without any lock; a claimant voids every rival `pending` row it sees, then moves its own
 *   `pending → claimed`. Of two claimants, the later one to read always sees the other's row, so at most one row
 *   per payment is ever live (claimed, sending, sent or confirmed).
 * - Every later move is a compare-and-set on (id, state, owner, attempt): a holder whose claim was taken over
 *   fails its next move and stops. Leases (`leaseUntil`) only decide when a claim may be taken over, never safety.
 * - `sending` is written BEFORE the request to Confirma Finance leaves, `sent` after its answer; the request leaves
 *   only while at least half the lease is left and gives up within the other half, so it can reach Confirma Finance
 *   only before the lease ends. A `sending` row whose holder died is in doubt: it is never sent again blindly. Once
 *   the lease and then the processing time have passed (Confirma Finance applies actions asynchronously, docs/cfis.md
 *   §4.5), the case is read (§4.6): found → `confirmed`; not found → sent again; no payments list in the case →
 *   nothing can be known, and a person is asked (an error), never a second send.
 * - The case's recorded payments are a second check before any send: a payment already recorded there (by hand, by
 *   an older workflow) is marked `confirmed` instead of sent, unless another Zertiban payment of the same content on
 *   the case is in the record (then the case cannot tell which one it is, and the payment is sent).
 */

/**
 * The record's columns and their data-table types (docs/n8n.md §2.2); times are epoch milliseconds. `invoiceNumber`
 * is text (up to 18 digits, docs/cfis.md §10); tables made by earlier versions have it as a number column, which
 * store.ts still reads and writes (docs/n8n.md §2.4).
 */
export const RECORD_COLUMNS = [
	{ name: 'paymentKey', type: 'string' },
	{ name: 'state', type: 'string' },
	{ name: 'owner', type: 'string' },
	{ name: 'attempt', type: 'number' },
	{ name: 'leaseUntil', type: 'number' },
	{ name: 'caseId', type: 'number' },
	{ name: 'invoiceNumber', type: 'string' },
	{ name: 'amount', type: 'number' },
	{ name: 'currency', type: 'string' },
	{ name: 'paymentDate', type: 'string' },
	{ name: 'reference', type: 'string' },
	{ name: 'sendingAt', type: 'number' },
	{ name: 'sentAt', type: 'number' },
	{ name: 'confirmedAt', type: 'number' },
	{ name: 'actionId', type: 'string' },
	{ name: 'executionId', type: 'string' },
	{ name: 'note', type: 'string' },
] as const;

/** A row's state (see the module comment). */
export type RecordState = 'pending' | 'void' | 'claimed' | 'sending' | 'sent' | 'confirmed';

/**
 * One row's values. Amount in decimal currency units (docs/cfis.md §4.5); `paymentDate` YYYY-MM-DD; times epoch ms;
 * `invoiceNumber` the invoice's digit string, `null` when the report named only the case.
 */
export interface RecordValues {
	paymentKey: string;
	state: RecordState;
	owner: string;
	attempt: number;
	leaseUntil: number | null;
	caseId: number | null;
	invoiceNumber: string | null;
	amount: number;
	currency: string;
	paymentDate: string;
	reference: string;
	sendingAt: number | null;
	sentAt: number | null;
	confirmedAt: number | null;
	actionId: string;
	executionId: string;
	note: string;
}

/** A stored row: its values and the store's id. */
export interface RecordRow extends RecordValues {
	id: number;
}

/**
 * Where the rows live (store.ts: an n8n data table). `update` is the one atomic step: it changes the row `id` to
 * `set` only if it still holds every value of `expect`, and returns the updated row, or `undefined` when it did not
 * (another process got there first). A store may throw on a failure it cannot resolve; it must never report an
 * update it did not make, nor miss one it made.
 */
export interface RecordStore {
	byKey(paymentKey: string): Promise<RecordRow[]>;
	byCase(caseId: number): Promise<RecordRow[]>;
	insert(values: RecordValues): Promise<RecordRow>;
	update(id: number, expect: Partial<RecordValues>, set: Partial<RecordValues>): Promise<RecordRow | undefined>;
}

/**
 * Confirma Finance as the ledger needs it (reportPayment.operation.ts). `recorded` reads the case (docs/cfis.md §4.6):
 * its id and its recorded payments, `undefined` payments when the case shows no payments list (not documented).
 * `send` posts the Direct Payment (§4.5) once, never retried, with the record's amount, currency, date and reference
 * (the first claim's: every attempt of a payment sends the same), and returns the API's answer; it must give up within
 * half the lease (its timeout), so that a request can only reach Confirma Finance while its sender's lease runs.
 * `refused` tells whether a failure of `send` proves nothing was queued (a 4xx answer) rather than leaving it unknown
 * (timeout, network error, 5xx).
 */
export interface ConfirmaSide {
	recorded(): Promise<{ caseId: number; payments: PaymentKey[] | undefined }>;
	send(caseId: number, payment: Pick<RecordValues, 'amount' | 'currency' | 'paymentDate' | 'reference'>): Promise<IDataObject>;
	refused(error: unknown): boolean;
}

/** One payment to report: the Zertiban payment it is keyed by, its target case, and the Direct Payment's content. */
export interface PaymentReport {
	paymentKey: string;
	caseId?: number;
	invoiceNumber?: string;
	amount: number;
	currency: string;
	paymentDate: string;
	reference: string;
}

/**
 * How a report ended for this execution:
 * - `reported`: this execution sent the Direct Payment (the record reads `sent`);
 * - `recovered`: a report whose sender died after sending was found applied in the case (record `confirmed`);
 * - `alreadyReported`: the record (or the case itself) already holds it: nothing was sent;
 * - `inProgress`: another execution holds a live claim and is reporting it now: nothing was sent;
 * - `waitingForConfirma`: a sender died after its request may have left; the case is read once the processing
 *   time has passed (the next sweep): nothing was sent.
 */
export type ReportOutcome = 'reported' | 'recovered' | 'alreadyReported' | 'inProgress' | 'waitingForConfirma';

/** The outcome, the row as it stands, Confirma Finance's answer when this execution sent, and a sentence. */
export interface ReportResult {
	outcome: ReportOutcome;
	row: RecordRow;
	answer?: IDataObject;
	detail: string;
}

/** Timing and identity of one reporter. `leaseMs`, `processingMs`: ms. `owner`: unique per report attempt. */
export interface LedgerOptions {
	owner: string;
	executionId: string;
	leaseMs: number;
	processingMs: number;
	now(): number;
	pause(ms: number): Promise<void>;
	/** claim rounds before giving up (each after a random pause); default 6 */
	maxRounds?: number;
}

/** A report that needs a person, or that cannot go on now (the message says which and what to do). */
export class LedgerError extends Error {
	constructor(
		message: string,
		readonly needsReview = false,
	) {
		super(message);
	}
}

/**
 * The Direct Payment's request failed without proving that nothing was queued (timeout, network error, 5xx): the
 * row stays `sending`, in doubt, until the processing time has passed and the case is read. `cause`: the error.
 */
export class SendInDoubtError extends Error {
	constructor(readonly cause: unknown) {
		super(cause instanceof Error ? cause.message : String(cause));
	}
}

const LIVE: RecordState[] = ['claimed', 'sending', 'sent', 'confirmed'];
const RETRY = Symbol('retry');

const cents = (amount: number) => Math.round(amount * 100);
const paymentOf = (v: Pick<RecordValues, 'amount' | 'paymentDate' | 'reference'>): PaymentKey => ({ amount: v.amount, date: v.paymentDate, reference: v.reference });
const sameContent = (a: Pick<RecordValues, 'amount' | 'currency' | 'paymentDate' | 'reference'>, b: Pick<RecordValues, 'amount' | 'currency' | 'paymentDate' | 'reference'>) =>
	cents(a.amount) === cents(b.amount) && a.currency === b.currency && a.paymentDate === b.paymentDate && a.reference.trim() === b.reference.trim();

/**
 * What the case's recorded `payments` say about this row's Direct Payment (docs/cfis.md §4.6), matched by content
 * (amount to the cent, date, reference): `applied` when the case records such a payment, `missing` when it does not,
 * `ambiguous` when another Zertiban payment of the same content on the case is in the record (`others`, any state
 * but pending or void): the case cannot tell two identical payments apart.
 */
export function caseVerdict(
	row: Pick<RecordValues, 'paymentKey' | 'amount' | 'currency' | 'paymentDate' | 'reference'>,
	payments: PaymentKey[],
	others: RecordRow[],
): 'applied' | 'missing' | 'ambiguous' {
	if (others.some((other) => other.paymentKey !== row.paymentKey && LIVE.includes(other.state) && sameContent(other, row))) return 'ambiguous';
	return alreadyRecorded([paymentOf(row)], payments)[0] ? 'applied' : 'missing';
}

/**
 * Reports `report` once through the record (see the module comment): claims it (or follows the row another
 * execution made), sends the Direct Payment through `confirma` when this execution holds the claim, and moves the
 * row on. Returns how it ended. Throws `LedgerError` when a person must look (`needsReview`: the record holds a
 * different payment under this key, or a report is in doubt and the case shows no payments list) or when the claim
 * could not be settled in `maxRounds` rounds; rethrows Confirma Finance's error when it refused the Direct Payment
 * (the claim is released for the next try), and throws `SendInDoubtError` when the answer was lost (the row stays
 * `sending`: in doubt). Errors of the store and of reading the case are rethrown as they are (nothing was sent).
 */
export async function reportOnce(store: RecordStore, confirma: ConfirmaSide, report: PaymentReport, options: LedgerOptions): Promise<ReportResult> {
	const { owner, leaseMs, now } = options;
	const fresh: RecordValues = {
		paymentKey: report.paymentKey,
		state: 'pending',
		owner,
		attempt: 0,
		leaseUntil: null,
		caseId: report.caseId ?? null,
		invoiceNumber: report.invoiceNumber ?? null,
		amount: report.amount,
		currency: report.currency,
		paymentDate: report.paymentDate,
		reference: report.reference,
		sendingAt: null,
		sentAt: null,
		confirmedAt: null,
		actionId: '',
		executionId: options.executionId,
		note: '',
	};
	const held = (row: RecordRow) => ({ state: row.state, owner: row.owner, attempt: row.attempt });
	const result = (outcome: ReportOutcome, row: RecordRow, detail: string, answer?: IDataObject): ReportResult => ({ outcome, row, detail, ...(answer ? { answer } : {}) });

	/** Sends as the holder of `row` (state claimed, owner = this reporter). */
	const send = async (claim: RecordRow): Promise<ReportResult | typeof RETRY> => {
		const { caseId, payments } = await confirma.recorded();
		// The case on the row before the check, so that other reports of the same case see this claim.
		const row = claim.caseId === caseId ? claim : await store.update(claim.id, held(claim), { caseId });
		if (!row) return RETRY;
		if (payments && caseVerdict(row, payments, await store.byCase(caseId)) === 'applied') {
			const done = await store.update(row.id, held(row), { state: 'confirmed', confirmedAt: now(), note: 'already recorded in the case before this report: not sent' });
			return done ? result('alreadyReported', done, `Confirma Finance already records this payment on case ${caseId}: nothing was sent`) : RETRY;
		}
		const sending = await store.update(row.id, held(row), { state: 'sending', sendingAt: now(), leaseUntil: now() + leaseMs });
		if (!sending) return RETRY;
		// Stalled since the claim (a long pause of this process): no request may leave this late in the lease.
		if (now() > (sending.leaseUntil ?? 0) - leaseMs / 2) return RETRY;
		const attempt = await settle(async () => await confirma.send(caseId, sending));
		if (!attempt.ok) {
			if (!confirma.refused(attempt.error)) throw new SendInDoubtError(attempt.error);
			// Nothing was queued: release the claim at once (lease over) so the next report can try again.
			await store.update(sending.id, held(sending), { state: 'claimed', leaseUntil: 0, note: `refused: ${(attempt.error as Error).message}`.slice(0, 500) });
			throw attempt.error;
		}
		const answer = attempt.value;
		const actionId = String(((answer.actions as IDataObject[] | undefined)?.[0] ?? {}).actionId ?? '');
		const sent = await store.update(sending.id, held(sending), { state: 'sent', sentAt: now(), actionId });
		// Not `sent` only when our lease ran out during the request and a sweep took the row over: it resolves it by
		// reading the case after the processing time, as for a crash.
		return result('reported', sent ?? sending, `Direct Payment sent to case ${caseId}`, answer);
	};

	/** Acts on the one live row another execution (or an earlier attempt) made. */
	const follow = async (row: RecordRow): Promise<ReportResult | typeof RETRY> => {
		// The same payment may be described with another date (an event's timestamp, the sweep's status history): the
		// first claim's date stands. Another amount, currency, reference or case is another payment under this key.
		const other = cents(row.amount) !== cents(fresh.amount) || row.currency !== fresh.currency || row.reference.trim() !== fresh.reference.trim();
		if (other || (report.caseId !== undefined && row.caseId !== null && row.caseId !== report.caseId)) {
			throw new LedgerError(
				`The payment record already holds a different report for Zertiban payment ${row.paymentKey} (${row.amount} ${row.currency} on ${row.paymentDate}, reference "${row.reference}", case ${row.caseId ?? '?'}, state ${row.state}): nothing was sent. Check which is right; the record row is ${row.id}.`,
				true,
			);
		}
		const leaseRunning = (row.leaseUntil ?? 0) > now();
		switch (row.state) {
			case 'confirmed':
				return result('alreadyReported', row, 'the record holds this payment as reported and confirmed in the case');
			case 'sent':
				return await confirmSent(row);
			case 'claimed': {
				if (leaseRunning) return result('inProgress', row, `execution ${row.executionId || '?'} is reporting this payment now`);
				const taken = await store.update(row.id, held(row), { owner, attempt: row.attempt + 1, leaseUntil: now() + leaseMs, executionId: options.executionId });
				return taken ? await send(taken) : RETRY;
			}
			case 'sending':
				if (leaseRunning) return result('inProgress', row, `execution ${row.executionId || '?'} is sending this payment now`);
				return await resolveInDoubt(row);
			default:
				return RETRY;
		}
	};

	/** A `sent` row: confirmed when the case shows it (else left `sent`: Confirma Finance may still be processing). */
	const confirmSent = async (row: RecordRow): Promise<ReportResult> => {
		const { caseId, payments } = await confirma.recorded();
		if (payments && caseVerdict(row, payments, await store.byCase(caseId)) === 'applied') {
			const done = await store.update(row.id, held(row), { state: 'confirmed', confirmedAt: now() });
			return result('alreadyReported', done ?? row, 'the record holds this payment as reported; the case now shows it');
		}
		return result('alreadyReported', row, 'the record holds this payment as reported; Confirma Finance has not applied it to the case yet');
	};

	/** A `sending` row whose holder is gone: its request may or may not have reached Confirma Finance. */
	const resolveInDoubt = async (row: RecordRow): Promise<ReportResult | typeof RETRY> => {
		// Its request reached Confirma Finance, if at all, before its lease ended: decide once the processing time after that has passed.
		const decideAt = (row.leaseUntil ?? row.sendingAt ?? 0) + options.processingMs;
		if (now() < decideAt) {
			return result('waitingForConfirma', row, `a report sent at ${new Date(row.sendingAt ?? 0).toISOString()} got no answer; the case is read after ${new Date(decideAt).toISOString()}`);
		}
		const { caseId, payments } = await confirma.recorded();
		if (!payments) {
			throw new LedgerError(
				`Cannot tell whether Confirma Finance applied the Direct Payment for Zertiban payment ${row.paymentKey} sent at ${new Date(row.sendingAt ?? 0).toISOString()} (its sender stopped before the answer): case ${caseId} shows no payments list. Check the case; if the payment is missing, report it by hand, then set record row ${row.id} to confirmed. Nothing was sent again.`,
				true,
			);
		}
		const verdict = caseVerdict(row, payments, await store.byCase(caseId));
		if (verdict === 'applied') {
			const done = await store.update(row.id, held(row), { state: 'confirmed', confirmedAt: now(), note: 'sender stopped after sending; found in the case' });
			return done ? result('recovered', done, `the Direct Payment of a stopped sender was found on case ${caseId}`) : RETRY;
		}
		if (verdict === 'ambiguous') {
			throw new LedgerError(
				`Cannot tell whether Confirma Finance applied the Direct Payment for Zertiban payment ${row.paymentKey} sent at ${new Date(row.sendingAt ?? 0).toISOString()} (its sender stopped before the answer): case ${caseId} has another Zertiban payment of the same amount, date and reference, and the case cannot tell them apart. Check the case; if a payment is missing, report it by hand, then set record row ${row.id} to confirmed. Nothing was sent again.`,
				true,
			);
		}
		const taken = await store.update(row.id, held(row), {
			state: 'claimed',
			owner,
			attempt: row.attempt + 1,
			leaseUntil: now() + leaseMs,
			executionId: options.executionId,
			note: 'sender stopped after sending; not in the case after the processing time: sent again',
		});
		return taken ? await send(taken) : RETRY;
	};

	const maxRounds = options.maxRounds ?? 6;
	for (let round = 0; round < maxRounds; round++) {
		if (round > 0) await options.pause(Math.round(200 * round * (0.5 + Math.random())));
		const live = (await store.byKey(report.paymentKey)).filter((row) => LIVE.includes(row.state));
		if (live.length > 1) {
			throw new LedgerError(`The payment record holds ${live.length} live rows for Zertiban payment ${report.paymentKey} (ids ${live.map((r) => r.id).join(', ')}): someone edited the table. Nothing was sent.`, true);
		}
		if (live.length === 1) {
			const followed = await follow(live[0]);
			if (followed !== RETRY) return followed;
			continue;
		}
		const mine = await store.insert(fresh);
		const mineHeld = { state: 'pending' as const, owner };
		const rows = await store.byKey(report.paymentKey);
		const rivals = rows.filter((row) => row.id !== mine.id && row.state === 'pending');
		let lost = rows.some((row) => LIVE.includes(row.state));
		for (const rival of lost ? [] : rivals) {
			if (await store.update(rival.id, { state: 'pending', owner: rival.owner }, { state: 'void', note: `voided by a rival claim (${owner})` })) continue;
			// It is no longer pending: voided by a third claimant (fine) or claimed (then we yield).
			lost = (await store.byKey(report.paymentKey)).some((row) => LIVE.includes(row.state));
			if (lost) break;
		}
		if (lost) {
			await store.update(mine.id, mineHeld, { state: 'void', note: 'another claim was made first' });
			continue;
		}
		const claimed = await store.update(mine.id, mineHeld, { state: 'claimed', leaseUntil: now() + leaseMs });
		if (!claimed) continue; // a rival voided ours first
		const sent = await send(claimed);
		if (sent !== RETRY) return sent;
	}
	throw new LedgerError(`Could not settle the claim on Zertiban payment ${report.paymentKey} in ${maxRounds} rounds (other executions are reporting it at the same time): nothing was sent by this one. The next sweep finishes it.`);
}
