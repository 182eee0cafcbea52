import type { IDataObject } from 'n8n-workflow';

import { CFIS_WINDOW_DAYS } from './endpoints';
import { cfisRequest, type CfisContext } from './index';

const DAY_MS = 86_400_000;
/** The UTC calendar day (`YYYY-MM-DD`) of an epoch-milliseconds instant. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** An inclusive period of calendar days, both ends `YYYY-MM-DD`. */
export interface DayWindow {
	from: string;
	to: string;
}

/**
 * Splits the inclusive period `from`..`to` (`YYYY-MM-DD`, from ≤ to) into consecutive inclusive windows of at most
 * `days` days, oldest first: every day of the period is in exactly one window (no gap, no overlap).
 */
export function dateWindows(from: string, to: string, days: number = CFIS_WINDOW_DAYS): DayWindow[] {
	const windows: DayWindow[] = [];
	const end = Date.parse(`${to}T00:00:00Z`);
	for (let start = Date.parse(`${from}T00:00:00Z`); start <= end; start += days * DAY_MS) {
		windows.push({ from: dayOf(start), to: dayOf(Math.min(start + (days - 1) * DAY_MS, end)) });
	}
	return windows;
}

/** One listing request of {@link fetchInWindows}. */
export interface WindowedListing {
	path: string;
	/** query parameter names of the period's ends (e.g. `fromDate` / `toDate`) */
	fromParam: string;
	toParam: string;
	/** the period; both empty = the server's default window (the last 30 days) */
	period: { from?: string; to?: string };
	/** other query parameters sent with every window */
	qs?: IDataObject;
	/** the records of one answer (the envelopes differ per endpoint, docs/cfis.md §10) */
	records: (answer: unknown) => IDataObject[];
	/** stop after this many records (`undefined` = Return All) */
	limit?: number;
	/**
	 * A polling trigger's budget: after `at` (epoch ms) no further window is started once `progressed(records so
	 * far)` is true (e.g. something newer than the cursor is in), so the next poll goes on from there.
	 */
	deadline?: { at: number; progressed: (records: IDataObject[]) => boolean };
}

/**
 * Lists records of a date-windowed CFIS endpoint (docs/cfis.md §10: no paging, 30-day windows). A period longer than
 * {@link CFIS_WINDOW_DAYS} days is fetched as consecutive windows, oldest first, stopping once `limit` records
 * are in, or before a new window once the `deadline` has passed with progress made (the windows fetched so far are
 * returned). Without a period, one request returns the server's default window. Throws `NodeApiError` per request.
 */
export async function fetchInWindows(this: CfisContext, itemIndex: number | undefined, listing: WindowedListing): Promise<IDataObject[]> {
	const { from, to } = listing.period;
	const windows: Array<DayWindow | undefined> = from && to ? dateWindows(from, to) : [undefined];
	const out: IDataObject[] = [];
	for (const window of windows) {
		const { deadline } = listing;
		if (deadline && Date.now() > deadline.at && deadline.progressed(out)) break;
		const qs: IDataObject = { ...listing.qs };
		if (window) {
			qs[listing.fromParam] = window.from;
			qs[listing.toParam] = window.to;
		}
		const answer = await cfisRequest.call(this, { method: 'GET', path: listing.path, qs, itemIndex });
		out.push(...listing.records(answer));
		if (listing.limit !== undefined && out.length >= listing.limit) return out.slice(0, listing.limit);
	}
	return out;
}

/** The records of an answer that is a bare array (payments, Finvoice), or of `answer[key]` for an envelope. */
export function recordsOf(key?: string) {
	return (answer: unknown): IDataObject[] => {
		const list = key === undefined ? answer : (answer as IDataObject | undefined)?.[key];
		return Array.isArray(list) ? (list as IDataObject[]) : [];
	};
}
