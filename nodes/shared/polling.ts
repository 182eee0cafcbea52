/**
 * The polling state both polling triggers keep in their node's static data (Zertiban Polling Trigger,
 * Confirma Finance Trigger): a monotonic time cursor plus a bounded set of the change keys already emitted near
 * that cursor. Pure functions, no I/O: the trigger fetches, this module decides what is new.
 *
 * The rules (docs/zertiban.md §7.1 and docs/cfis.md §4.8, §4.9 for what the lists allow):
 * - the cursor only moves forward: it is the newest change time ever emitted (or the start time);
 * - the next poll asks from `cursor − overlap` inclusive, so two changes in the same millisecond, and changes
 *   committed a little late with an earlier time, are fetched again rather than missed;
 * - anything fetched again is recognised by its key (e.g. `uuid:status`) and not emitted twice;
 * - the key set is bounded: keys older than `cursor − overlap` can never be fetched again and are dropped first;
 *   beyond `maxSeen` the oldest keys go (memory ≈ `maxSeen` × (key length + ~40 bytes)).
 * Running the same poll twice (same fetched changes) emits nothing the second time.
 *
 * Both triggers build on it: the Confirma Finance Trigger through {@link nextPoll}; the Zertiban Polling Trigger,
 * whose windows and cursor steps follow its list's paging (nodes/Zertiban/polling/changes.ts), through the same
 * key-set steps {@link recordChanges} and {@link boundSeen}. Both stop reading by {@link pollDeadline}.
 */

/** JSON-safe state stored in `getWorkflowStaticData('node')`. Times are epoch milliseconds. */
export interface PollState {
	/** newest change time emitted so far, or the time the trigger started; epoch ms */
	cursor: number;
	/** `[key, time]` of emitted changes with time ≥ cursor − overlap, oldest first; at most `maxSeen` */
	seen: Array<[string, number]>;
}

/** One change as the trigger sees it: a stable key (what makes it unique), its time and the record to emit. */
export interface PollChange<T> {
	/** dedupe key, e.g. `${operationUuid}:${status}` or a settlement id */
	key: string;
	/** time of the change, epoch ms (e.g. `Date.parse(statusUpdatedAt)`) */
	time: number;
	record: T;
}

/** Options of {@link nextPoll} and {@link pollFrom}. */
export interface PollOptions {
	/** how far before the cursor each poll looks again, ms (≥ 0); default 0 = from the cursor inclusive */
	overlapMs?: number;
	/** bound of the key set; default 1000 */
	maxSeen?: number;
}

/** Default bound of the dedupe key set. */
export const DEFAULT_MAX_SEEN = 1000;

/** A fresh state starting at `startTime` (epoch ms): changes before it are history and never emitted. */
export function startPoll(startTime: number): PollState {
	return { cursor: startTime, seen: [] };
}

/**
 * Reads a state stored by an earlier poll; `undefined` (first poll) or a damaged value gives `undefined`, so the
 * caller starts with {@link startPoll}.
 */
export function readPollState(stored: unknown): PollState | undefined {
	if (!stored || typeof stored !== 'object') return undefined;
	const { cursor, seen } = stored as Partial<PollState>;
	if (typeof cursor !== 'number' || !Number.isFinite(cursor) || !Array.isArray(seen)) return undefined;
	const pairs = seen.filter(
		(pair): pair is [string, number] =>
			Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'number' && Number.isFinite(pair[1]),
	);
	return { cursor, seen: pairs };
}

/** Where the next fetch starts, epoch ms, inclusive: `cursor − overlapMs`. */
export function pollFrom(state: PollState, options: PollOptions = {}): number {
	return state.cursor - (options.overlapMs ?? 0);
}

/**
 * The key-set step of a poll: goes through `changes` in the order given and returns those whose key is neither in
 * `seen` nor earlier in `changes` (`fresh`), and every key with its time (`times`): a key met again keeps the later
 * of its times, so it stays while it can still be fetched again. `seen` is not modified.
 */
export function recordChanges<T>(
	seen: PollState['seen'],
	changes: Iterable<PollChange<T>>,
): { fresh: Array<PollChange<T>>; times: Map<string, number> } {
	const times = new Map(seen);
	const fresh: Array<PollChange<T>> = [];
	for (const change of changes) {
		const known = times.get(change.key);
		if (known === undefined) fresh.push(change);
		times.set(change.key, Math.max(known ?? change.time, change.time));
	}
	return { fresh, times };
}

/**
 * The key set to store: the keys of `times` whose time is at least `floor` (older ones can never be fetched
 * again), oldest first, the newest `maxSeen` of them at most (default: all).
 */
export function boundSeen(times: ReadonlyMap<string, number>, floor: number, maxSeen = Number.POSITIVE_INFINITY): PollState['seen'] {
	const kept = [...times].filter(([, time]) => time >= floor).sort((a, b) => a[1] - b[1]);
	return Number.isFinite(maxSeen) ? kept.slice(-maxSeen) : kept;
}

/**
 * Decides what of `fetched` is new and returns the next state. `fresh` is sorted by time ascending (stable, so
 * same-millisecond changes keep the server's order), has no key twice and nothing already in `state.seen`; changes
 * older than {@link pollFrom} are ignored (outside the window asked for). A key fetched again keeps the later of
 * its two times in the key set (so it is not dropped while it can still be fetched). The returned state's cursor
 * is `max(state.cursor, newest fresh time)`: it never goes back. `state` is not modified.
 */
export function nextPoll<T>(
	state: PollState,
	fetched: ReadonlyArray<PollChange<T>>,
	options: PollOptions = {},
): { fresh: Array<PollChange<T>>; state: PollState } {
	const from = pollFrom(state, options);
	const inWindow = [...fetched].sort((a, b) => a.time - b.time).filter((change) => change.time >= from);
	const { fresh, times } = recordChanges(state.seen, inWindow);
	const cursor = fresh.reduce((newest, change) => Math.max(newest, change.time), state.cursor);
	const seen = boundSeen(times, cursor - (options.overlapMs ?? 0), options.maxSeen ?? DEFAULT_MAX_SEEN);
	return { fresh, state: { cursor, seen } };
}

/** n8n's poll budget when the host does not say, ms (its default: 5 minutes). */
export const DEFAULT_POLL_BUDGET_MS = 5 * 60_000;

/** Share of the poll budget a trigger spends reading; the rest is left for emitting and saving the state. */
export const POLL_BUDGET_SHARE = 0.5;

/**
 * The one poll-budget rule of both polling triggers: the epoch ms after which a poll that started at `started`
 * starts no further page or window (what it did not read waits for the next poll): `started` + half of n8n's poll
 * budget (`getPollBudgetMs()`, in ms), or of {@link DEFAULT_POLL_BUDGET_MS} when the host gives none.
 */
export function pollDeadline(started: number, budgetMs: number | undefined): number {
	return started + POLL_BUDGET_SHARE * (budgetMs ?? DEFAULT_POLL_BUDGET_MS);
}
