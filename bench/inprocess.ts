/**
 * The in-process half of the bench: Operation → Get through n8n-core's `WorkflowExecute` with the built package,
 * exactly as the workflow tests run it (test/workflow/harness.ts), against the sandbox child.
 *
 * Also a child-process entry (`tsx bench/inprocess.ts '<json>'`) for what needs a fresh process: peak RSS
 * (`{kind:'rss', side:'node'|'raw', items}`), token requests over several executions
 * (`{kind:'tokens', items, executions}`) and one point of the cost curve (`{kind:'curve', items}`: wall ms of one
 * execution, peak RSS and the RSS once the modules were loaded). It prints one JSON line: `{maxRssMb}`,
 * `{tokenRequests}` or `{ms, maxRssMb, loadedRssMb}`.
 */
import './env';

import type { SandboxInfo } from '../sandbox/index';
import { sandboxCredentials } from '../sandbox/credentials';
import { CredentialStore, loadPackage, runNode } from '../test/workflow/harness';
import { BENCH_OPERATION_UUID, rawLoop, rawToken, resetCounters, tokenRequests } from './common';

/** Node parameters of the measured step: Operation → Get of one seeded operation, by ID, default settings. */
export const GET_PARAMETERS = { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: BENCH_OPERATION_UUID } };

/** The stored Zertiban credential of a user who just saved it (no token yet). */
export const freshCredentials = (info: SandboxInfo) => new CredentialStore({ zertibanOAuth2Api: sandboxCredentials(info).zertibanOAuth2Api });

/**
 * One execution of "Start → Zertiban (Operation → Get)" over `items` input items. Throws when the node failed or
 * returned the wrong number of items (a bench of a failing run would measure nothing).
 */
export async function runGet(info: SandboxInfo, items: number, store: CredentialStore = freshCredentials(info)): Promise<void> {
	const result = await runNode({ type: 'zertiban', parameters: GET_PARAMETERS, inputItems: Array.from({ length: items }, () => ({})), credentials: store });
	if (result.error) throw new Error(`Operation → Get failed in the harness: ${result.error.message}`);
	const out = result.items('Node').length;
	if (out !== items) throw new Error(`Operation → Get returned ${out} items for ${items}`);
}

/** Loads the built package (once) so the first timed run does not pay for it. */
export const warmUp = async (info: SandboxInfo) => {
	await loadPackage();
	await runGet(info, 20);
};

interface ChildRequest {
	kind: 'rss' | 'tokens' | 'curve';
	side?: 'node' | 'raw';
	items: number;
	executions?: number;
	concurrency?: number;
	info: SandboxInfo;
}

async function child(request: ChildRequest): Promise<Record<string, number>> {
	const { info } = request;
	if (request.kind === 'tokens') {
		// one stored credential across all executions, as n8n keeps it in its database
		const store = freshCredentials(info);
		await resetCounters(info);
		for (let execution = 0; execution < (request.executions ?? 1); execution++) await runGet(info, request.items, store);
		return { tokenRequests: await tokenRequests(info) };
	}
	// Both sides load n8n-core and the package first, so the difference is the work, not the modules.
	await loadPackage();
	if (request.kind === 'curve') {
		const loadedRssMb = process.memoryUsage().rss / 1024 / 1024;
		const started = performance.now();
		await runGet(info, request.items);
		return { ms: performance.now() - started, maxRssMb: process.resourceUsage().maxRSS / 1024, loadedRssMb };
	}
	if (request.side === 'raw') {
		const kept = await rawLoop(info, await rawToken(info), request.items, request.concurrency ?? 5);
		if (kept.length !== request.items) throw new Error('raw loop lost items');
	} else {
		await runGet(info, request.items);
	}
	return { maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

if (require.main === module) {
	child(JSON.parse(process.argv[2]) as ChildRequest).then(
		(result) => {
			process.stdout.write(`${JSON.stringify(result)}\n`);
			process.exit(0);
		},
		(error: Error) => {
			process.stderr.write(`${error.stack ?? error.message}\n`);
			process.exit(1);
		},
	);
}
