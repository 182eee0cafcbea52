import type { IDataObject } from 'n8n-workflow';

import { boundSeen, readPollState, recordChanges, type PollChange, type PollState } from '../../shared/polling';

/**
 * Reading the operation list for status changes (docs/zertiban.md §7.1), I/O passed in so the paging is
 * testable on its own.
 *
 * Operations in the list carry no `statusUpdatedAt` (§7.2 shows none), so a page cannot tell where to continue by
 * time (keyset). Instead each poll reads FROZEN windows: `q_fromStatusUpdatedAt = from` and
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
	/** window end, inclusive (at most the poll's start time); shrunk when the window holds too many changes */
	to: number;
	/** page size (1–100) */
	pageSize: number;
	/** most pages in this read, probes and restarts included (a single-time window is read to its end) */
	maxPages: number;
	/**
	 * resolution of the server's change times, ms (default 1): a window shorter than one unit holds a single time,
	 * cannot shrink, and is read to its end
	 */
	resolutionMs?: number;
	/** most re-reads from offset 0 after the window changed under us */
	maxRestarts?: number;
	/** called before each page after the first; returning false stops (poll budget nearly spent) */
	mayContinue: () => boolean;
}

/**
 * Reads the window `[from, to]` page by page until a short page (`complete: true`), or `maxPages`, `maxRestarts` or
 * `mayContinue()` stop it (`complete: false`). When the first page's `total` says the window holds more changes
 * than the pages left can read, the window end is moved back (to the share those pages could read if the changes
 * were spread evenly, at most half, never below `from`; `to` in the answer is the end actually read) and its first
 * page fetched again, down to a single time (`to < from + resolutionMs`), which is read to its end whatever
 * `maxPages` says (only `mayContinue()` stops it): so a complete read is never more than the page budget, except
 * for a single time.
 * Changes are keyed `${uuid}:${status}` (a record read twice keeps one key); their `time` is the window end `to`,
 * an upper bound of their real time (the records carry none).
 */
export async function collectChanges(
	fetchPage: FetchPage,
	options: CollectOptions,
): Promise<{ changes: Array<PollChange<IDataObject>>; complete: boolean; to: number; pages: number; restarts: number }> {
	const records = new Map<string, IDataObject>();
	const fromIso = new Date(options.from).toISOString();
	let to = options.to;
	let offset = 0;
	let total: number | undefined;
	let restarts = 0;
	let pages = 0;
	let complete = false;
	const single = (): boolean => to < options.from + (options.resolutionMs ?? 1);
	while (pages < options.maxPages || single()) {
		if (pages > 0 && !options.mayContinue()) break;
		const page = await fetchPage(fromIso, new Date(to).toISOString(), offset, options.pageSize);
		pages++;
		const pagesNeeded = page.total === undefined ? 0 : Math.floor(page.total / options.pageSize) + 1;
		if (offset === 0 && !single() && page.total !== undefined && pagesNeeded > options.maxPages - pages + 1) {
			// More changes than the pages left can read: keep the part of the window they can read if the changes
			// were spread evenly, at most half of it (the rest comes later), and fetch its first page.
			const pagesLeft = options.maxPages - pages;
			if (pagesLeft <= 0) break;
			const share = Math.min(0.5, (0.8 * pagesLeft * options.pageSize) / page.total);
			to = options.from + Math.floor((to - options.from) * share);
			records.clear();
			total = undefined;
			continue;
		}
		if (total !== undefined && page.total !== undefined && page.total !== total) {
			// The window changed while we paged (an operation left it, or a late change entered it): read it again.
			if (++restarts > (options.maxRestarts ?? 3)) break;
			total = undefined;
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
	return { changes: [...records].map(([key, record]) => ({ key, time: to, record })), complete, to, pages, restarts };
}

/**
 * The Zertiban Polling Trigger's static data: the shared poll state plus the end of a shrunk window, epoch ms. Here
 * `seen` holds `[key, latest time the change can have]` (see {@link pollChanges}), only for changes that can still be
 * read again.
 */
export interface ChangesState extends PollState {
	/**
	 * where the next window ends when it cannot reach the poll's start time: after a read that did not complete
	 * (half the window it tried), or after a shrunk window was read (twice its width further on); absent = now
	 */
	pendingTo?: number;
}

/** Reads the stored {@link ChangesState}; `undefined` for a first poll or a damaged value (see `readPollState`). */
export function readChangesState(stored: unknown): ChangesState | undefined {
	const state = readPollState(stored);
	const { pendingTo } = (stored ?? {}) as { pendingTo?: unknown };
	return state && typeof pendingTo === 'number' && Number.isFinite(pendingTo) ? { ...state, pendingTo } : state;
}

/** Options of {@link pollChanges}. Times are epoch ms. */
export interface PollChangesOptions {
	/** the poll's start time; no window ends after it */
	now: number;
	/** how long a change may be recorded late (with an earlier time), ms: the last `overlapMs` are read again */
	overlapMs: number;
	pageSize: number;
	/** page budget of the whole poll */
	maxPages: number;
	/**
	 * bound of the dedupe key set; at least `maxPages × pageSize` (what one window can hold). A window that would
	 * leave more keys to keep (a huge single time inside the overlap) is not emitted until it is settled.
	 */
	maxSeen: number;
	mayContinue: () => boolean;
	/** which records to emit (e.g. the selected statuses); default all */
	keep?: (record: IDataObject) => boolean;
	/**
	 * resolution of the server's change times, ms (Zertiban: 1000, its times are whole seconds); each window starts
	 * at the beginning of its cursor's second, so a change in the same second just after the cursor is not missed.
	 * Default 1.
	 */
	resolutionMs?: number;
}

/**
 * One poll (each status change emitted exactly once, and no poll stalls on a crowded second): reads windows `[cursor, end]` with {@link collectChanges} until the
 * poll's start is reached or the page budget is spent, and returns the records to emit, each `(uuid, status)` once.
 * Times are multiples of `resolutionMs`, so a complete read of `[from, to]` has read every time up to `past − 1`,
 * `past` = the first multiple of `resolutionMs` after `to`; each window starts at its cursor's unit.
 *
 * - A complete window moves the cursor: to `past` when nothing can still be recorded before it
 *   (`past ≤ now − overlapMs`), else to `now − overlapMs` (that tail is read again next poll). So a fully read
 *   second is never read again once it is settled, and the cursor always progresses past it.
 * - The key set holds `[key, past − 1]` (the latest time the change can have) and drops a key once the next window
 *   starts after that time: it holds only keys that can be read again, i.e. of the unsettled tail.
 * - A read that did not complete (budget, restarts, no `total` from the API) emits nothing and keeps the cursor;
 *   the next poll tries half the window (`pendingTo`; the same window when earlier windows spent the budget).
 * - Many changes at one time: the window shrinks to that single time, which is read to its end. When the keys to
 *   keep would then exceed `maxSeen` (a huge second still inside the overlap), nothing of that window is emitted:
 *   it is read again once settled (its keys are then not needed), so nothing is emitted twice.
 * Limit: one time holding more changes than half a poll's time budget can read never completes.
 */
export async function pollChanges(
	fetchPage: FetchPage,
	initial: ChangesState,
	options: PollChangesOptions,
): Promise<{ fresh: IDataObject[]; state: ChangesState }> {
	let state: ChangesState = initial;
	let pagesLeft = options.maxPages;
	let windows = 0;
	const fresh: IDataObject[] = [];
	const resolutionMs = options.resolutionMs ?? 1;
	const unitOf = (time: number) => time - (((time % resolutionMs) + resolutionMs) % resolutionMs);
	const settled = options.now - options.overlapMs;
	while (pagesLeft > 0 && state.cursor <= options.now) {
		const from = unitOf(state.cursor);
		const end = Math.max(from, Math.min(state.pendingTo ?? options.now, options.now));
		const read = await collectChanges(fetchPage, { ...options, from, to: end, maxPages: pagesLeft, resolutionMs });
		pagesLeft -= read.pages;
		if (!read.complete) {
			// Try the window again as far as it was shrunk, or half of it when it was not (no total, budget, restarts),
			// or as it is when earlier windows of this poll spent the pages.
			const pendingTo = windows > 0 || read.to < end ? read.to : from + Math.floor((read.to - from) / 2);
			return { fresh, state: { ...state, pendingTo } };
		}
		const past = unitOf(read.to) + resolutionMs;
		const next = Math.max(state.cursor, Math.min(past, settled));
		// key → latest time the change can have (past − 1); kept while it can be read again (shared key-set steps)
		const wanted = read.changes.filter((change) => options.keep?.(change.record) ?? true).map((change) => ({ ...change, time: past - 1 }));
		const { fresh: fromWindow, times } = recordChanges(state.seen, wanted);
		const kept = boundSeen(times, unitOf(next));
		if (kept.length > options.maxSeen) {
			// Too many keys to remember for a tail that is read again: wait until this window is settled.
			return { fresh, state: { ...state, pendingTo: read.to } };
		}
		windows++;
		fresh.push(...fromWindow.map((change) => change.record));
		state = { cursor: next, seen: kept, ...(read.to < options.now ? { pendingTo: next + 2 * Math.max(1, read.to - from) } : {}) };
		if (read.to >= options.now || !options.mayContinue()) break;
	}
	return { fresh, state };
}
