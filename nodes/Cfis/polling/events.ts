import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { CFIS_PATHS, CFIS_QUERY } from '../transport/endpoints';
import { dayOf, fetchInWindows, recordsOf } from '../transport/listing';
import type { PollChange, PollState } from '../../shared/polling';

const DAY_MS = 86_400_000;

/** What the trigger asks of one event: the node's parameters that shape the fetch, and the current time. */
export interface EventContext {
	/** epoch ms of this poll (the node's clock) */
	now: number;
	/** `cursor − overlap` of the stored state, epoch ms: fetch changes from here */
	from: number;
	/** Settlement: use the server's `unfetchedOnly` tracking */
	unfetchedOnly: boolean;
	/** Distribution events: how many days of invoices to watch */
	lookbackDays: number;
	/** epoch ms: start no further 30-day window after this (n8n's poll budget); the rest waits for the next poll */
	deadline: number;
	/** the stored cursor, epoch ms (records newer than it are progress) */
	cursor: number;
}

/**
 * One trigger event of the Confirma Finance Trigger. `fetch` returns every candidate change with its dedupe key
 * and time (epoch ms); the shared polling state (nodes/shared/polling.ts) decides what is new. `overlapMs` is how
 * far before the cursor each poll looks again; `maxSeen` bounds the dedupe keys (`Infinity`: bounded by time only); `baseline` = the first poll only
 * records what exists and emits nothing; `settle` may adjust the new state and the emitted records.
 */
export interface CfisEvent {
	overlapMs(ctx: EventContext): number;
	maxSeen: number;
	baseline(ctx: EventContext): boolean;
	fetch(this: IPollFunctions, ctx: EventContext): Promise<Array<PollChange<IDataObject>>>;
	settle?(fresh: Array<PollChange<IDataObject>>, previous: PollState, next: PollState): void;
}

/** Distribution records of the last `lookbackDays` days (windows of 30 days), optionally only one `fetchType`. */
async function distributionRecords(this: IPollFunctions, ctx: EventContext, fetchType: string) {
	return await fetchInWindows.call(this, undefined, {
		path: CFIS_PATHS.invoiceDistribution,
		fromParam: CFIS_QUERY.fromInvDate,
		toParam: CFIS_QUERY.toInvDate,
		period: { from: dayOf(ctx.now - ctx.lookbackDays * DAY_MS), to: dayOf(ctx.now) },
		qs: { [CFIS_QUERY.fetchType]: fetchType },
		records: recordsOf('data'),
	});
}

/**
 * The poll budget of the date-based events: once the deadline has passed, stop before the next window if a record
 * newer than the cursor is in (so the cursor moves and the next poll goes on from there; never stuck).
 */
function beyondCursor(ctx: EventContext, dateField: string) {
	return { at: ctx.deadline, progressed: (records: IDataObject[]) => records.some((r) => Date.parse(String(r[dateField])) > ctx.cursor) };
}

/** Keys of the snapshot events stay while their record can still be fetched: the lookback plus one day. */
const snapshotOverlap = (ctx: EventContext) => (ctx.lookbackDays + 1) * DAY_MS;

/**
 * The four events (docs/cfis.md §4.7, §4.8, §4.9). Keys and times:
 * - `newSettlement`: key `settlement:<settlementId>`. Any read marks the settlements it returns as fetched (our
 *   reading of docs/cfis.md §4.9), so every settlement read is emitted unless this trigger emitted it before: there is
 *   no baseline, and the dated read starts on the first whole day after `cursor − 7 days` (a settlement of a
 *   partly covered day would be read but older than the window). With *Unfetched Only* the server's
 *   `apiFetchDate` tracking decides what is new (time = poll time; lost if n8n abandons the poll after the read);
 *   otherwise (default) the settlement dates from the cursor are fetched (a repeated or abandoned poll re-reads
 *   them), so the first poll emits the settlements of the last 7 days.
 * - `newPayment`: key `<caseId>:<invoiceNumber>:<paymentDate>:<amount>` (docs/cfis.md §10: no payment id exists), time =
 *   `paymentDate`, 3 days overlap for late bookings; the first poll is a baseline.
 * - `distributionFailed`: distribution records with status FAILED over the lookback; key `failed:<invoiceNumber>`.
 * - `caseStatusChanged`: `paymentControlStatus` of the invoices over the lookback; key `case:<caseId>:<status>`;
 *   a case whose status changes is emitted with `previousStatus`, and its older key is dropped so that a return to
 *   an earlier status (OPEN → PAUSED → OPEN) is seen again.
 * The two snapshot events use the poll time as the change time and keep keys for the lookback plus one day; they
 * read their whole lookback every poll (at most 13 windows for 365 days). The date-based ones honour n8n's poll
 * budget by the shared rule (`pollDeadline`, nodes/shared/polling.ts): past it they stop before the next window
 * once the cursor can move.
 */
export const EVENTS: Record<string, CfisEvent> = {
	newSettlement: {
		overlapMs: (ctx) => (ctx.unfetchedOnly ? DAY_MS : 7 * DAY_MS),
		// Not capped by count (a dedupe key must stay while its record can be read again): every settlement dated from `cursor − 7 days` is read again by each poll
		// (§4.9 has no paging), so a cap would drop keys that are read again and re-emit them. The set is bounded by
		// time instead: the settlements of the 7 days before the newest one read (with Unfetched Only: of the last
		// day), i.e. what one poll reads anyway; ≈ 60 bytes each in the static data.
		maxSeen: Number.POSITIVE_INFINITY,
		baseline: () => false,
		async fetch(ctx) {
			const unfetched = ctx.unfetchedOnly;
			const settlements = await fetchInWindows.call(this, undefined, {
				path: CFIS_PATHS.settlements,
				fromParam: CFIS_QUERY.fromDate,
				toParam: CFIS_QUERY.toDate,
				period: unfetched ? {} : { from: dayOf(Math.ceil(ctx.from / DAY_MS) * DAY_MS), to: dayOf(ctx.now) },
				qs: unfetched ? { [CFIS_QUERY.unfetchedOnly]: true } : {},
				records: recordsOf('settlements'),
				deadline: unfetched ? undefined : beyondCursor(ctx, 'settlementDate'),
			});
			return settlements.map((record) => ({
				key: `settlement:${String(record.settlementId)}`,
				// unfetched: new by the server's word, whatever its date; its apiFetchDate is null in this answer
				time: unfetched ? ctx.now : Date.parse(String(record.settlementDate)),
				record,
			}));
		},
	},
	newPayment: {
		overlapMs: () => 3 * DAY_MS,
		maxSeen: 5000,
		baseline: () => true,
		async fetch(ctx) {
			const payments = await fetchInWindows.call(this, undefined, {
				path: CFIS_PATHS.payments,
				fromParam: CFIS_QUERY.fromDate,
				toParam: CFIS_QUERY.toDate,
				period: { from: dayOf(ctx.from), to: dayOf(ctx.now) },
				records: recordsOf(),
				deadline: beyondCursor(ctx, 'paymentDate'),
			});
			return payments.map((record) => ({
				key: `${String(record.caseId)}:${String(record.invoiceNumber)}:${String(record.paymentDate)}:${String(record.amount)}`,
				time: Date.parse(String(record.paymentDate)),
				record,
			}));
		},
	},
	distributionFailed: {
		overlapMs: snapshotOverlap,
		maxSeen: 10_000,
		baseline: () => true,
		async fetch(ctx) {
			const failed = await distributionRecords.call(this, ctx, 'FAILED');
			return failed.map((record) => ({ key: `failed:${String(record.invoiceNumber)}`, time: ctx.now, record }));
		},
	},
	caseStatusChanged: {
		overlapMs: snapshotOverlap,
		maxSeen: 10_000,
		baseline: () => true,
		async fetch(ctx) {
			const records = await distributionRecords.call(this, ctx, 'ALL');
			return records
				.filter((record) => record.caseId !== null && record.caseId !== undefined && record.paymentControlStatus)
				.map((record) => ({ key: `case:${String(record.caseId)}:${String(record.paymentControlStatus)}`, time: ctx.now, record }));
		},
		settle(fresh, previous, next) {
			for (const change of fresh) {
				const prefix = change.key.slice(0, change.key.lastIndexOf(':') + 1);
				const before = previous.seen.find(([key]) => key.startsWith(prefix) && key !== change.key);
				change.record = { ...change.record, previousStatus: before ? before[0].slice(prefix.length) : null };
				next.seen = next.seen.filter(([key]) => !key.startsWith(prefix) || key === change.key);
			}
		},
	},
};
