import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * The credential's environment (`sandbox` | `production` | `custom`) of a running node execution, read once by
 * the router before the items are prepared, so that `prepare` (which does no I/O) can apply the sandbox rules.
 */
const environments = new WeakMap<IExecuteFunctions, string>();

/** Remembers the environment for this execution context (called by the router). */
export function rememberEnvironment(ctx: IExecuteFunctions, environment: unknown): void {
	environments.set(ctx, typeof environment === 'string' ? environment : 'sandbox');
}

/** True when the credential points at Zertiban's own sandbox (payments capped at €1, zertiban.md §2). */
export function isZertibanSandbox(ctx: IExecuteFunctions): boolean {
	return environments.get(ctx) === 'sandbox';
}
