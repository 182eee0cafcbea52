/**
 * The sandbox clock (CONTRIBUTING.md, "Adding a sandbox route"): one per running sandbox, shared by both simulators, so a test can move time
 * forward (operation expiry, 30-day windows, replay windows) without waiting. It is the wall clock plus an offset
 * that only ever grows: time never goes backwards.
 */

/** A clock whose `now()` is `Date.now()` plus an offset the test controls can advance. */
export interface SandboxClock {
	/** current sandbox time, epoch milliseconds */
	now(): number;
	/** current sandbox time as an ISO 8601 UTC string (`2026-11-21T10:00:00.000Z`) */
	iso(): string;
	/** moves the clock forward by `ms` milliseconds (≥ 0); returns the new `now()` */
	advance(ms: number): number;
	/** the offset added to the wall clock, milliseconds (≥ 0) */
	offsetMs(): number;
	/** back to the wall clock (offset 0); used by `POST /__sandbox/reset` */
	reset(): void;
}

/** Creates a clock at the wall clock (offset 0). Throws RangeError on a negative or non-finite `advance`. */
export function createClock(): SandboxClock {
	let offset = 0;
	const now = () => Date.now() + offset;
	return {
		now,
		iso: () => new Date(now()).toISOString(),
		advance(ms: number) {
			if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward: ms must be a finite number ≥ 0');
			offset += ms;
			return now();
		},
		offsetMs: () => offset,
		reset() {
			offset = 0;
		},
	};
}
