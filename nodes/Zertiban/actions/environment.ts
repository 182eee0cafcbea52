import type { RunContext } from '../../shared/runner';

/**
 * True when the run's credential points at Zertiban's own sandbox (payments capped at €1, docs/zertiban.md §2).
 * The environment comes from the run context, filled by the Zertiban router before the items are prepared.
 */
export function isZertibanSandbox(run: RunContext): boolean {
	return run.environment === 'sandbox';
}
