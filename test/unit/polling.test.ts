import { nextPoll, pollFrom, readPollState, startPoll, type PollChange } from '../../nodes/shared/polling';

const T = Date.parse('2026-11-21T10:00:00.000Z');
const change = (key: string, time: number): PollChange<{ key: string }> => ({ key, time, record: { key } });
const keys = (changes: Array<PollChange<{ key: string }>>) => changes.map((c) => c.key);

describe('polling state (nodes/shared/polling.ts)', () => {
	it('emits history never: changes before the start time are ignored', () => {
		const { fresh, state } = nextPoll(startPoll(T), [change('old:OPENED', T - 1), change('new:OPENED', T + 5)]);
		expect(keys(fresh)).toEqual(['new:OPENED']);
		expect(state.cursor).toBe(T + 5);
	});

	it('two changes in the same millisecond across two polls: each is emitted exactly once', () => {
		const first = nextPoll(startPoll(T), [change('a:COMPLETED', T + 10)]);
		expect(keys(first.fresh)).toEqual(['a:COMPLETED']);
		// the next poll asks from the cursor inclusive, so it sees A again plus B, committed later in the same ms
		expect(pollFrom(first.state)).toBe(T + 10);
		const second = nextPoll(first.state, [change('a:COMPLETED', T + 10), change('b:COMPLETED', T + 10)]);
		expect(keys(second.fresh)).toEqual(['b:COMPLETED']);
		expect(second.state.cursor).toBe(T + 10);
	});

	it('a poll repeated with the same answer emits nothing and leaves the state as it was', () => {
		const fetched = [change('a:OPENED', T + 1), change('a:COMPLETED', T + 2), change('b:OPENED', T + 2)];
		const once = nextPoll(startPoll(T), fetched);
		expect(keys(once.fresh)).toEqual(['a:OPENED', 'a:COMPLETED', 'b:OPENED']);
		const twice = nextPoll(once.state, fetched);
		expect(twice.fresh).toEqual([]);
		expect(twice.state).toEqual(once.state);
	});

	it('sorts by time (stable) and drops a key the same answer lists twice', () => {
		const { fresh } = nextPoll(startPoll(T), [change('c', T + 3), change('a', T + 1), change('b', T + 3), change('a', T + 1)]);
		expect(keys(fresh)).toEqual(['a', 'c', 'b']);
	});

	it('the cursor never goes back, whatever the server answers', () => {
		const { state } = nextPoll(startPoll(T), [change('a', T + 100)]);
		const after = nextPoll(state, [change('late', T + 50)]);
		expect(after.fresh).toEqual([]); // older than the window asked for
		expect(after.state.cursor).toBe(T + 100);
	});

	it('with an overlap, a change committed late with an earlier time is still emitted once', () => {
		const options = { overlapMs: 1000 };
		const first = nextPoll(startPoll(T), [change('a', T + 5000)], options);
		expect(pollFrom(first.state, options)).toBe(T + 4000);
		const second = nextPoll(first.state, [change('a', T + 5000), change('late', T + 4500)], options);
		expect(keys(second.fresh)).toEqual(['late']);
		expect(second.state.cursor).toBe(T + 5000);
		expect(nextPoll(second.state, [change('a', T + 5000), change('late', T + 4500)], options).fresh).toEqual([]);
	});

	it('keeps the key set bounded: keys outside the window go, then the oldest beyond maxSeen', () => {
		let state = startPoll(T);
		for (let i = 1; i <= 50; i++) state = nextPoll(state, [change(`k${i}`, T + i)], { overlapMs: 10 }).state;
		expect(state.seen.map(([key]) => key)).toEqual(['k40', 'k41', 'k42', 'k43', 'k44', 'k45', 'k46', 'k47', 'k48', 'k49', 'k50']);
		const bounded = nextPoll(state, [change('x', T + 50), change('y', T + 50)], { overlapMs: 10, maxSeen: 3 });
		expect(bounded.state.seen.map(([key]) => key)).toEqual(['k50', 'x', 'y']);
	});

	it('a key fetched again takes the later time, so the bound keeps it while it can still be fetched', () => {
		const first = nextPoll(startPoll(T), [change('a', T + 10), change('b', T + 10)]);
		// the next answer lists `a` again with a later (upper-bound) time, plus one new key; the bound is 2
		const second = nextPoll(first.state, [change('a', T + 20), change('c', T + 20)], { maxSeen: 2 });
		expect(keys(second.fresh)).toEqual(['c']);
		expect(second.state.seen).toEqual([['a', T + 20], ['c', T + 20]]);
		expect(nextPoll(second.state, [change('a', T + 20), change('c', T + 20)], { maxSeen: 2 }).fresh).toEqual([]);
	});

	it('reads back a stored state, and treats a missing or damaged one as a first poll', () => {
		const { state } = nextPoll(startPoll(T), [change('a', T + 1)]);
		expect(readPollState(JSON.parse(JSON.stringify(state)))).toEqual(state);
		expect(readPollState(undefined)).toBeUndefined();
		expect(readPollState({ cursor: 'yesterday', seen: [] })).toBeUndefined();
		expect(readPollState({ cursor: T, seen: [['a', 1], ['bad'], 'x'] })).toEqual({ cursor: T, seen: [['a', 1]] });
	});
});
