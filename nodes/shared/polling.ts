/**
 * The polling state both polling triggers keep in their node's static data (Zertiban Polling Trigger,
 * Confirma Finance Trigger): a monotonic time cursor plus a bounded set of the change keys already emitted near
 * that cursor. Pure functions, no I/O: the trigger fetches, this module decides what is new.
 *
 * The rules (issue 4 §2, issue 5 §3):
 * - the cursor only moves forward: it is the newest change time ever emitted (or the start time);
 * - the next poll asks from `cursor − overlap` inclusive, so two changes in the same millisecond, and changes
 *   committed a little late with an earlier time, are fetched again rather than missed;
 * - anything fetched again is recognised by its key (e.g. `uuid:status`) and not emitted twice;
 * - the key set is bounded: keys older than `cursor − overlap` can never be fetched again and are dropped first;
 *   beyond `maxSeen` the oldest keys go (memory ≈ `maxSeen` × (key length + ~40 bytes)).
 * Running the same poll twice (same fetched changes) emits nothing the second time.
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
	const maxSeen = options.maxSeen ?? DEFAULT_MAX_SEEN;
	const from = pollFrom(state, options);
	// key → time; a key fetched again takes the newer time, so it stays as long as it can be fetched again
	const seenTimes = new Map(state.seen);
	const fresh: Array<PollChange<T>> = [];
	for (const change of [...fetched].sort((a, b) => a.time - b.time)) {
		if (change.time < from) continue;
		const known = seenTimes.get(change.key);
		if (known === undefined) fresh.push(change);
		seenTimes.set(change.key, Math.max(known ?? change.time, change.time));
	}
	const cursor = fresh.reduce((newest, change) => Math.max(newest, change.time), state.cursor);
	const floor = cursor - (options.overlapMs ?? 0);
	const seen = [...seenTimes]
		.filter(([, time]) => time >= floor)
		.sort((a, b) => a[1] - b[1])
		.slice(-maxSeen);
	return { fresh, state: { cursor, seen } };
}
