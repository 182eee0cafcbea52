import type { IDataObject } from 'n8n-workflow';

import type { PollChange } from '../shared/polling';

/**
 * Reading the operation list for status changes (zertiban.md §7.1, issue 4 §2), I/O passed in so the paging is
 * testable on its own.
 *
 * Operations in the list carry no `statusUpdatedAt` (§7.2 shows none), so a page cannot tell where to continue by
 * time (keyset). Instead each poll reads a FROZEN window: `q_fromStatusUpdatedAt = from` and
 * `q_toStatusUpdatedAt = to` (the poll's start), sorted by `statusUpdatedAt` ascending, by offset. New changes get
 * a time after `to`, so they cannot enter the window; an operation that changes while we page LEAVES it (its new
 * time is after `to`, the next poll sees the new status). Leaving shifts the offsets of the records after it, so
 * plain offset paging could skip one: we detect it by the list's `total` changing between pages and read the
 * window again from offset 0 (records read twice are dropped by their `(uuid, status)` key).
 */

/** One page of `GET /flow/v1/operations` with the window filters: its `results` and `total` (when sent). */
export interface OperationPage {
	results: IDataObject[];
	total?: number;
}

/** Fetches one page of the window `[fromIso, toIso]` (inclusive), ascending, skipping `offset`, at most `limit`. */
export type FetchPage = (fromIso: string, toIso: string, offset: number, limit: number) => Promise<OperationPage>;

/** Options of {@link collectChanges}. Times are epoch ms. */
export interface CollectOptions {
	/** window start, inclusive */
	from: number;
	/** window end, inclusive: the poll's start time */
	to: number;
	/** page size (1–100) */
	pageSize: number;
	/** most pages in one poll, restarts included */
	maxPages: number;
	/** most re-reads from offset 0 after the window changed under us */
	maxRestarts?: number;
	/** called before each page after the first; returning false stops (poll budget nearly spent) */
	mayContinue: () => boolean;
}

/**
 * Reads the window page by page until a short page (`complete: true`), or `maxPages`/`maxRestarts`/`mayContinue()`
 * stop it (`complete: false`). Changes are keyed `${uuid}:${status}` (a record read twice keeps one key). Their
 * `time` is `to` after a complete read (everything up to `to` was seen) and `from` otherwise (the cursor must not
 * pass records not read yet).
 */
export async function collectChanges(
	fetchPage: FetchPage,
	options: CollectOptions,
): Promise<{ changes: Array<PollChange<IDataObject>>; complete: boolean; pages: number; restarts: number }> {
	const records = new Map<string, IDataObject>();
	const fromIso = new Date(options.from).toISOString();
	const toIso = new Date(options.to).toISOString();
	let offset = 0;
	let total: number | undefined;
	let restarts = 0;
	let pages = 0;
	let complete = false;
	while (pages < options.maxPages) {
		if (pages > 0 && !options.mayContinue()) break;
		const page = await fetchPage(fromIso, toIso, offset, options.pageSize);
		pages++;
		if (total !== undefined && page.total !== undefined && page.total !== total) {
			// The window changed while we paged (an operation left it, or a late change entered it): read it again.
			if (++restarts > (options.maxRestarts ?? 3)) break;
			total = page.total;
			offset = 0;
			continue;
		}
		total ??= page.total;
		for (const operation of page.results) {
			const key = `${String(operation.uuid)}:${String(operation.status)}`;
			if (!records.has(key)) records.set(key, operation);
		}
		if (page.results.length < options.pageSize) {
			complete = true;
			break;
		}
		offset += page.results.length;
	}
	const time = complete ? options.to : options.from;
	return { changes: [...records].map(([key, record]) => ({ key, time, record })), complete, pages, restarts };
}
