import type { IDataObject } from 'n8n-workflow';

import type { PollChange } from '../shared/polling';

/**
 * Reading the operation list for status changes (zertiban.md §7.1, issue 4 §2), I/O passed in so the paging is
 * testable on its own.
 *
 * Keyset paging: the list is asked for `q_fromStatusUpdatedAt = from` sorted by `statusUpdatedAt` ascending;
 * after a page, `from` moves to the newest time on it and the next page starts there at offset 0. An operation
 * that changes while we page moves to the end of the list (its new time is later) and is met again there; it
 * cannot shift the offsets of records not yet read, as it would with plain offset paging. Records at the new
 * `from` that were already read come back and are dropped by their `(uuid, status)` key. An offset is used only
 * when a whole page shares one time (more same-millisecond changes than a page holds).
 */

/** Fetches one page: operations with `statusUpdatedAt ≥ fromIso`, ascending, skipping `offset`, at most `limit`. */
export type FetchPage = (fromIso: string, offset: number, limit: number) => Promise<IDataObject[]>;

/** Options of {@link collectChanges}. */
export interface CollectOptions {
	/** start time, epoch ms, inclusive */
	from: number;
	/** page size (1–100) */
	pageSize: number;
	/** most pages in one poll */
	maxPages: number;
	/** called before each page after the first; returning false stops (poll budget nearly spent) */
	mayContinue: () => boolean;
}

/** Epoch ms of an operation's status change: `statusUpdatedAt`, else `updatedAt`, else `createdAt`; NaN if none. */
export function changeTime(operation: IDataObject): number {
	for (const field of ['statusUpdatedAt', 'updatedAt', 'createdAt']) {
		const value = operation[field];
		if (typeof value === 'string' && value !== '') return Date.parse(value);
	}
	return Number.NaN;
}

/**
 * Reads every change from `from` on, page by page (keyset, see above), until a short page, `maxPages`, or
 * `mayContinue()` says stop. Returns the changes keyed `${uuid}:${status}` (a record read twice keeps one key)
 * and whether the list was read to its end (`complete`).
 */
export async function collectChanges(
	fetchPage: FetchPage,
	options: CollectOptions,
): Promise<{ changes: Array<PollChange<IDataObject>>; complete: boolean; pages: number }> {
	const byKey = new Map<string, PollChange<IDataObject>>();
	let from = options.from;
	let offset = 0;
	for (let page = 0; page < options.maxPages; page++) {
		if (page > 0 && !options.mayContinue()) return { changes: [...byKey.values()], complete: false, pages: page };
		const results = await fetchPage(new Date(from).toISOString(), offset, options.pageSize);
		let newest = from;
		const times: number[] = [];
		for (const operation of results) {
			const time = changeTime(operation);
			if (!Number.isFinite(time)) continue;
			times.push(time);
			newest = Math.max(newest, time);
			const key = `${String(operation.uuid)}:${String(operation.status)}`;
			if (!byKey.has(key)) byKey.set(key, { key, time, record: operation });
		}
		if (results.length < options.pageSize) return { changes: [...byKey.values()], complete: true, pages: page + 1 };
		// A page that is all one time: skip it by offset inside that time; otherwise restart at the newest time.
		const oneTime = times.length === results.length && times.every((time) => time === newest);
		if (newest > from) {
			from = newest;
			offset = oneTime ? results.length : 0;
		} else {
			offset += results.length;
		}
	}
	return { changes: [...byKey.values()], complete: false, pages: options.maxPages };
}
