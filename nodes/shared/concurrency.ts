import { httpFailureOf } from './errors';
import { pauseRequests, retryDelayMs, waitForBackoff } from './retry';

/**
 * Adaptive concurrency (*Concurrency: Auto* of the action nodes, README.md "Requests at Once"): how many requests of
 * one credential are in flight at once, found by watching the answers instead of set by hand. Neither API documents
 * a rate limit (docs/zertiban.md §4.5, docs/cfis.md §11), so the limit is learned:
 *
 * - **Start**: {@link AUTO_START} requests in flight for a credential this process has not used yet.
 * - **Grow** by one for every answer that came back while the limit was in use (about doubling per round trip), as
 *   long as the answer's latency holds (at most twice the usual answer time, plus {@link LATENCY_SLACK_MS}: the
 *   fastest answer, drifting up towards slower ones, {@link BASE_DRIFT}) and
 *   no 429 or 503 came back, up to {@link MAX_AUTO_REQUESTS} (each run's own ceiling is its *Requests at Once*).
 * - **Shrink** by a quarter, at most once per round trip, when answers take more than {@link SLOW_FACTOR} times the
 *   usual one (plus slack): the API, or this process, is overloaded, or requests need several rounds (tokens
 *   refused and fetched again).
 * - **Back off at once** on a 429 or 503: the limit drops below the number in flight when the refused request was
 *   sent, and that number is remembered as the credential's **learned limit**. The first time, and whenever a
 *   request sent below the learned limit is refused after that limit had held for {@link HELD_ANSWERS} answers
 *   (news: the API's limit fell), every request of the credential waits the answer's `Retry-After` (else the retry
 *   back-off) before the next is sent, as a 429 asks. Other refusals only lower the limit and the refused request
 *   waits its `Retry-After` alone: the requests counted in flight here include answers the API has sent and this
 *   process has not read yet, so the first estimate can be a little high, and a refusal at the learned limit itself
 *   is within that noise (it also doubles the wait before the next try, as a refused try does).
 * - **Probe rarely**: once at the learned limit, the limit tries one more request in flight only after
 *   {@link PROBE_EVERY} answers. The try holds when {@link PROBE_HOLDS} requests sent above the learned limit came
 *   back accepted (one round trip at the higher level, not one lucky answer): the learned limit then rises by one.
 *   A refusal of a request sent above the learned limit ends the try: the limit goes back to the learned one, only
 *   the refused request waits its `Retry-After` (the others are within the limit), and the next try waits twice as
 *   many answers as the last (at most {@link MAX_PROBE_EVERY}; only a refusal that was news starts again at
 *   {@link PROBE_EVERY}), so a limit that was found is not paid for again and again.
 *
 * State lives per credential (a key naming the API, its base URL and the client or a hash of the token: never a
 * secret) in one module-level map for the whole process: the items of one execution and the executions running
 * at the same time or later with the same credential share what was learned. At most {@link MAX_LIMITERS} keys
 * are kept (the longest unused goes first).
 */

/** Requests in flight a credential starts with. */
export const AUTO_START = 4;
/** Most requests in flight *Auto* ever allows for one credential in one process. */
export const MAX_AUTO_REQUESTS = 50;
/** Answers at the learned limit before the first try of one more in flight (and after a refusal that was news). */
export const PROBE_EVERY = 500;
/** Most answers between two tries: each refused try doubles the wait from {@link PROBE_EVERY} up to this. */
export const MAX_PROBE_EVERY = 64 * PROBE_EVERY;
/** Accepted answers to requests sent above the learned limit that make a try hold (the learned limit + 1). */
export const PROBE_HOLDS = 20;
/** Answers a learned limit must have held before a refusal at or below it counts as news (pauses every request). */
export const HELD_ANSWERS = 200;
/** Milliseconds an answer may take beyond twice the usual one and still count as "latency holds". */
export const LATENCY_SLACK_MS = 10;
/**
 * How fast the usual answer time follows slower answers: it moves 1/BASE_DRIFT of the way per answer (a lasting
 * change of the API's latency is the new usual after about a hundred answers).
 */
export const BASE_DRIFT = 32;
/** An answer slower than this many times the usual one (plus slack) makes the limit shrink by a quarter. */
export const SLOW_FACTOR = 4;
/** Most credentials whose state is kept. */
export const MAX_LIMITERS = 1_000;

/**
 * How one request ended, as the limiter needs it: `failed` when it did not succeed (an HTTP error status or a network
 * error), the HTTP status when known, the time it took in ms.
 */
export interface Outcome {
	failed?: boolean;
	status?: number;
	latencyMs: number;
}

/**
 * A place in flight granted by {@link AdaptiveLimiter.acquire}: `inFlight` counts this request too; `probe`: it was
 * granted above the learned limit (a try of one more).
 */
export interface Slot {
	readonly inFlight: number;
	readonly probe?: boolean;
}

/**
 * The adaptive limit of one credential (see the module's description). Synchronous bookkeeping plus a queue of
 * waiters; no timers of its own. `limit`: requests in flight allowed now; `learned`: the most in flight the API
 * accepted without refusing (undefined until a 429/503 came); `inFlight`: requests granted and not finished.
 */
export class AdaptiveLimiter {
	limit: number;
	learned: number | undefined;
	inFlight = 0;
	/** the usual fast answer, ms: the fastest one, drifting up towards slower answers (the API's latency changes) */
	private baseMs = Infinity;
	/** answers at the learned limit before the next try above it ({@link PROBE_EVERY}, doubled per refused try) */
	probeEvery = PROBE_EVERY;
	private sinceProbe = 0;
	/** accepted answers to requests sent above the learned limit during the running try */
	private probeAccepted = 0;
	/** answers since the learned limit was set or changed */
	private held = 0;
	private sinceCut = 0;
	private readonly waiting: Array<(slot: Slot) => void> = [];

	constructor(readonly max: number = MAX_AUTO_REQUESTS, start: number = AUTO_START) {
		this.limit = Math.min(start, max);
	}

	/** Requests waiting for a place. */
	get queued(): number {
		return this.waiting.length;
	}

	/** Resolves with a place once fewer than `limit` requests are in flight, in the order asked. */
	async acquire(): Promise<Slot> {
		if (this.inFlight < this.limit && this.waiting.length === 0) return this.grant();
		return await new Promise<Slot>((grant) => this.waiting.push(grant));
	}

	/**
	 * Records how the request of `slot` ended and frees its place. Returns `true` when every request of the
	 * credential should now wait the answer's Retry-After (a 429/503 that was news: the first one, or one that lowered
	 * a limit that had held), `false` otherwise.
	 */
	finish(slot: Slot, outcome: Outcome): boolean {
		const demand = this.waiting.length > 0 || this.inFlight >= this.limit;
		this.inFlight--;
		let pauseAll = false;
		this.sinceCut++;
		this.held++;
		if (outcome.status === 429 || outcome.status === 503) {
			if (this.learned !== undefined && slot.inFlight > this.learned) {
				// sent above the learned limit: a try that did not hold (or a request sent before the limit was learned)
				if (this.limit > this.learned) {
					this.limit = this.learned;
					this.probeEvery = Math.min(2 * this.probeEvery, MAX_PROBE_EVERY);
				}
			} else {
				const below = Math.max(1, slot.inFlight - 1);
				// at the learned limit itself: the count here includes answers sent and not read yet, so one more or
				// less is noise; one above held for a while and now refused: fewer at once, try less often
				const atEdge = this.learned !== undefined && slot.inFlight === this.learned;
				if (atEdge) this.probeEvery = Math.min(2 * this.probeEvery, MAX_PROBE_EVERY);
				if (below < this.limit) {
					pauseAll = this.learned === undefined || (!atEdge && this.held >= HELD_ANSWERS);
					this.limit = below;
				}
				if (this.learned === undefined || this.limit < this.learned) {
					this.learned = this.limit;
					this.held = 0;
				}
				if (pauseAll) this.probeEvery = PROBE_EVERY;
			}
			this.sinceProbe = 0;
			this.probeAccepted = 0;
		} else {
			if (outcome.latencyMs > SLOW_FACTOR * (this.baseMs + LATENCY_SLACK_MS)) {
				// far slower than the API answers (the API or this process is overloaded, or the request needed
				// several rounds, e.g. refused tokens): fewer at once, at most once per round trip of the limit
				if (this.sinceCut >= this.limit) {
					this.limit = Math.max(1, Math.floor(this.limit * 0.75));
					this.sinceCut = 0;
				}
			} else if (!outcome.failed) {
				const learned = this.learned;
				if (slot.probe && learned !== undefined && this.limit > learned && slot.inFlight > learned && ++this.probeAccepted >= PROBE_HOLDS) {
					// the try held: one more in flight is accepted
					this.learned = learned + 1;
					this.held = 0;
					this.probeAccepted = 0;
				}
				const latencyHolds = !(outcome.latencyMs > 2 * this.baseMs + LATENCY_SLACK_MS);
				if (demand && latencyHolds && this.limit < this.max) {
					if (this.learned === undefined || this.limit < this.learned) this.limit++;
					else if (this.limit === this.learned && ++this.sinceProbe >= this.probeEvery) {
						this.sinceProbe = 0;
						this.probeAccepted = 0;
						this.limit = this.learned + 1;
					}
				}
			}
			if (!outcome.failed) {
				const latency = outcome.latencyMs;
				this.baseMs = latency < this.baseMs ? latency : this.baseMs + (latency - this.baseMs) / BASE_DRIFT;
			}
		}
		this.wake();
		return pauseAll;
	}

	private wake(): void {
		while (this.inFlight < this.limit && this.waiting.length > 0) this.waiting.shift()!(this.grant());
	}

	private grant(): Slot {
		const inFlight = ++this.inFlight;
		return { inFlight, probe: this.learned !== undefined && inFlight > this.learned };
	}
}

const limiters = new Map<string, AdaptiveLimiter>();

/**
 * The {@link AdaptiveLimiter} of credential `key` in this process, made on first use; a use moves it to the end of
 * the map, and beyond {@link MAX_LIMITERS} keys the longest unused one that has nothing in flight is dropped.
 */
export function limiterFor(key: string): AdaptiveLimiter {
	let limiter = limiters.get(key);
	if (limiter) limiters.delete(key);
	else limiter = new AdaptiveLimiter();
	limiters.set(key, limiter);
	if (limiters.size > MAX_LIMITERS) {
		for (const [old, each] of limiters) {
			if (each.inFlight === 0 && each.queued === 0) {
				limiters.delete(old);
				break;
			}
		}
	}
	return limiter;
}

/** Credentials whose state is kept now (for tests: never more than {@link MAX_LIMITERS}). */
export const limiterCount = (): number => limiters.size;

const autoContexts = new WeakSet<object>();

/**
 * Marks a node context (one run of an action node) as running with *Concurrency: Auto*: its requests then go
 * through the credential's limiter ({@link sendAdaptively}). Called by the item runner (nodes/shared/runner.ts).
 */
export function runAdaptively(context: object): void {
	autoContexts.add(context);
}

/** Whether `context` runs with *Concurrency: Auto* ({@link runAdaptively}). */
export function runsAdaptively(context: object | undefined): boolean {
	return context !== undefined && autoContexts.has(context);
}

/**
 * Sends once through the limiter of credential `key`: waits for the credential's 429 pause (nodes/shared/retry.ts)
 * and for a place, sends, reports the status and latency, frees the place. A 429/503 that was news to the limiter
 * ({@link AdaptiveLimiter.finish}) pauses every request of the key for its `Retry-After` (else the retry back-off, at
 * most 30 s). Rethrows `send`'s error
 * unchanged; retries are the caller's (`withRetries`, which then waits the Retry-After for this request alone).
 */
export async function sendAdaptively<T>(key: string, send: () => Promise<T>): Promise<T> {
	await waitForBackoff(key);
	const limiter = limiterFor(key);
	const slot = await limiter.acquire();
	const started = Date.now();
	let failed: { error: unknown } | undefined;
	let answer: T | undefined;
	try {
		answer = await send();
	} catch (error) {
		failed = { error };
	}
	const failure = failed && httpFailureOf(failed.error);
	if (limiter.finish(slot, { failed: failed !== undefined, status: failure?.status, latencyMs: Date.now() - started }) && failure) pauseRequests(key, retryDelayMs(failure, 1));
	if (failed) throw failed.error;
	return answer as T;
}

/** Test helper: forgets every credential's state. */
export function resetLimiters(): void {
	limiters.clear();
}
