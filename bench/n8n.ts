/**
 * The real-n8n half of the bench (n8n 2.41 from scripts/runtime.sh, the package installed as a community package):
 * - Operation → Get ×N next to the HTTP Request node (4.2, Header Auth credential holding the same kind of token,
 *   `x-tenant-id` as a header parameter, default options) in the SAME execution: Webhook → Code (N items) → both
 *   nodes. Two workflows differ only in which of the two runs first (n8n's v1 order: top branch first); the bench
 *   alternates them. Figures are n8n's own `executionTime` of each node, read from its database.
 * - The webhook answer: signed deliveries to the Zertiban Trigger vs n8n's Webhook node with Header Auth and
 *   without, interleaved, one request at a time, timed by the client; once on one n8n, once on the webhook process of
 *   a queue-mode cluster (each answered after the execution is stored and queued: the same durability).
 * - Start time: `n8n start` to `/healthz/readiness` = 200, with the package and without, in two fresh user
 *   folders with no workflows (each started once first: its database migrations are not start time).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

import type { SandboxInfo } from '../sandbox/index';
import { sandboxCredentials } from '../sandbox/credentials';
import { signWebhook } from '../sandbox/webhooks';
import { N8n, PACKAGE_NAME, ScriptError, freePort, prepareUserFolder, sleep, stop, track, type Runtime } from '../scripts/n8n';
import { startQueueCluster, startQueueServices, type QueueCluster } from '../scripts/queue';
import { BENCH_OPERATION_UUID, tokenRequests } from './common';
import { ERP_PART1, erpCredentials } from './stories';

const ZERTIBAN_CREDENTIAL = { id: 'benchZertiban0001', name: 'Zertiban Sandbox' };
const TOKEN_HEADER_CREDENTIAL = { id: 'benchBearer00001', name: 'Bearer Header' };
const HOOK_HEADER_CREDENTIAL = { id: 'benchHookKey0001', name: 'Webhook Key' };
const HOOK_KEY = { name: 'X-Bench-Key', value: 'bench-webhook-key-1' };
const TRIGGER_WEBHOOK_ID = '0d5c1b7e-3a2f-4e61-9b8d-6c7a5e4f3d21';
/** Node names in the Get workflows. */
export const ZERTIBAN_NODE = 'Zertiban Get';
export const HTTP_NODE = 'HTTP Request';

const quiet = () => undefined;

/** The Get workflows: default settings, and the same with both nodes set to go on on errors (the rate-limit row). */
export const GET_WORKFLOWS = ['benchGetZFirst01', 'benchGetHFirst01'] as const;
export const GET_ON_ERROR_WORKFLOWS = ['benchGetZFirstE1', 'benchGetHFirstE1'] as const;
/**
 * The reference of the rate-limit row: the Zertiban node alone (no HTTP Request node) with *Concurrency: Fixed* and
 * *Requests at Once* {@link FIXED_REQUESTS_AT_ONCE}: what the node can do inside this n8n at exactly that many in flight.
 */
export const FIXED_WORKFLOW = 'benchGetFixed201';
export const FIXED_REQUESTS_AT_ONCE = 20;

/**
 * Webhook → Code (n items) → the Zertiban node (Operation → Get, default settings) and the HTTP Request node. With
 * `continueOnError` both nodes output a failed item as `{ error }` and go on (n8n's *On Error: Continue*), so the
 * failed items of each can be counted.
 */
function getWorkflow(id: string, info: SandboxInfo, zertibanFirst: boolean, continueOnError = false, fixed?: number) {
	const [zY, hY] = zertibanFirst ? [0, 300] : [300, 0];
	const onError = continueOnError ? { onError: 'continueRegularOutput' } : {};
	const workflow = {
		id,
		name: `bench get ${zertibanFirst ? 'zertiban first' : 'http first'}${continueOnError ? ' (go on on errors)' : ''}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 150], webhookId: `${id}-hook`, parameters: { path: id, responseMode: 'lastNode', responseData: 'noData', options: {} } },
			{
				id: 'c',
				name: 'Items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [200, 150],
				parameters: { jsCode: "const n = Number($('Webhook').first().json.query.n);\nreturn Array.from({ length: n }, (_, i) => ({ json: { i } }));" },
			},
			{
				id: 'z',
				name: ZERTIBAN_NODE,
				type: `${PACKAGE_NAME}.zertiban`,
				typeVersion: 1,
				position: [400, zY],
				parameters: {
					resource: 'operation',
					operation: 'get',
					operationUuid: { __rl: true, mode: 'id', value: BENCH_OPERATION_UUID },
					...(fixed === undefined ? {} : { concurrency: 'fixed', requestsAtOnce: fixed }),
				},
				credentials: { zertibanOAuth2Api: ZERTIBAN_CREDENTIAL },
				...onError,
			},
			{
				id: 'h',
				name: HTTP_NODE,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [400, hY],
				parameters: {
					url: `${info.zertiban.baseUrl}/flow/v1/operations/${BENCH_OPERATION_UUID}`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					sendHeaders: true,
					headerParameters: { parameters: [{ name: 'x-tenant-id', value: info.zertiban.businessUuid }] },
					options: {},
				},
				credentials: { httpHeaderAuth: TOKEN_HEADER_CREDENTIAL },
				...onError,
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: ZERTIBAN_NODE, type: 'main', index: 0 }, { node: HTTP_NODE, type: 'main', index: 0 }]] },
		},
	};
	if (fixed === undefined) return workflow;
	// the reference: the Zertiban node alone
	return {
		...workflow,
		name: `bench get zertiban alone, fixed ${fixed}`,
		nodes: workflow.nodes.filter((node) => node.name !== HTTP_NODE),
		connections: { ...workflow.connections, Items: { main: [[{ node: ZERTIBAN_NODE, type: 'main', index: 0 }]] } },
	};
}

function webhookWorkflows() {
	const hook = (id: string, auth: boolean) => ({
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'w',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-hook`,
				parameters: { httpMethod: 'POST', path: id, ...(auth ? { authentication: 'headerAuth' } : {}), options: {} },
				...(auth ? { credentials: { httpHeaderAuth: HOOK_HEADER_CREDENTIAL } } : {}),
			},
		],
		connections: {},
	});
	return [
		{
			id: 'benchTrigger0001',
			name: 'bench zertiban trigger',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 't',
					name: 'Zertiban Trigger',
					type: `${PACKAGE_NAME}.zertibanTrigger`,
					typeVersion: 1,
					position: [0, 0],
					webhookId: TRIGGER_WEBHOOK_ID,
					parameters: { startOn: ['events'], events: ['*'] },
					credentials: { zertibanOAuth2Api: ZERTIBAN_CREDENTIAL },
				},
			],
			connections: {},
		},
		hook('benchHookAuth001', true),
		hook('benchHookPlain01', false),
	];
}

/** A running n8n prepared for the bench, with the paths of its workflows. */
export interface BenchN8n {
	n8n: N8n;
	base: string;
	close(): Promise<void>;
}

/**
 * Imports credentials and the bench workflows into a fresh user folder, publishes them all, starts n8n. `peerToken`
 * is the Zertiban token the HTTP Request node's Header Auth credential holds: fetched by the caller before the
 * sandbox's counters are reset, so that the token requests counted are the Zertiban credential's alone.
 */
export async function startBenchN8n(runtime: Runtime, info: SandboxInfo, workDir: string, log: (m: string) => void, peerToken: string): Promise<BenchN8n> {
	const n8n = new N8n(runtime, prepareUserFolder(workDir, quiet, 'bench'), quiet);
	await importBench(n8n, info, workDir, peerToken, [
		getWorkflow(GET_WORKFLOWS[0], info, true),
		getWorkflow(GET_WORKFLOWS[1], info, false),
		getWorkflow(GET_ON_ERROR_WORKFLOWS[0], info, true, true),
		getWorkflow(GET_ON_ERROR_WORKFLOWS[1], info, false, true),
		getWorkflow(FIXED_WORKFLOW, info, true, true, FIXED_REQUESTS_AT_ONCE),
		...webhookWorkflows(),
		ERP_PART1,
	]);
	const server = await n8n.start(await freePort(), join(workDir, 'n8n-bench.log'));
	const base = server.base;
	// published workflows are activated just after readiness: wait until every webhook answers
	for (const url of [...GET_WORKFLOWS, ...GET_ON_ERROR_WORKFLOWS, FIXED_WORKFLOW].map((id) => `${base}/webhook/${id}?n=1`)) {
		for (let tries = 0; ; tries++) {
			const status = await fetch(url).then((r) => r.status, () => 0);
			if (status === 200) break;
			if (tries > 240) throw new ScriptError(`the bench workflow at ${url} was not live within 60 s (last ${status})`);
			await sleep(250);
		}
	}
	log('n8n is up with the bench workflows');
	return { n8n, base, close: () => stop(server.child) };
}

/** Imports the bench credentials (the file removed right after) and `workflows`, and publishes them. */
async function importBench(n8n: N8n, info: SandboxInfo, workDir: string, peerToken: string, workflows: Array<{ id: string }>) {
	const credentialsFile = join(workDir, 'credentials.json');
	writeFileSync(
		credentialsFile,
		JSON.stringify([
			{ ...ZERTIBAN_CREDENTIAL, type: 'zertibanOAuth2Api', data: sandboxCredentials(info).zertibanOAuth2Api },
			{ ...TOKEN_HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${peerToken}` } },
			{ ...HOOK_HEADER_CREDENTIAL, type: 'httpHeaderAuth', data: HOOK_KEY },
			...erpCredentials(info),
		]),
		{ mode: 0o600 },
	);
	try {
		await n8n.mustCli(['import:credentials', `--input=${credentialsFile}`], 'import credentials');
	} finally {
		rmSync(credentialsFile, { force: true });
	}
	const workflowFile = join(workDir, 'workflows.json');
	writeFileSync(workflowFile, JSON.stringify(workflows));
	await n8n.mustCli(['import:workflow', `--input=${workflowFile}`], 'import workflows');
	for (const { id } of workflows) await n8n.mustCli(['publish:workflow', `--id=${id}`], `publish ${id}`);
}

/**
 * The webhook workflows (Zertiban Trigger, Webhook node with and without Header Auth) in n8n's queue mode
 * (scripts/queue.ts: Redis with its append-only file, PostgreSQL, a main, one worker, one webhook process). `base` is
 * the webhook process: there n8n answers each of them only after the execution is stored in PostgreSQL and its job
 * is in Redis (docs/n8n.md §1.1), so their answer times compare the same durability.
 */
export async function startBenchQueue(runtime: Runtime, info: SandboxInfo, workDir: string, log: (m: string) => void, workers: number): Promise<BenchN8n & { cluster: QueueCluster }> {
	const services = await startQueueServices(runtime, quiet);
	const n8n = new N8n(runtime, prepareUserFolder(workDir, quiet, 'bench-queue'), quiet, services.env);
	try {
		await importBench(n8n, info, workDir, 'unused', [...webhookWorkflows(), ERP_PART1]);
	} catch (error) {
		await services.close();
		throw error;
	}
	const cluster = await startQueueCluster(n8n, services, { workers, webhooks: 1, logDir: workDir });
	const base = cluster.webhooks[0].base;
	for (let tries = 0; ; tries++) {
		const status = await fetch(`${base}/webhook/${TRIGGER_WEBHOOK_ID}/redirect?operationId=probe`).then((r) => r.status, () => 0);
		if (status === 200) break;
		if (tries > 240) {
			await cluster.close();
			throw new ScriptError(`the bench trigger on the webhook process was not live within 60 s (last ${status})`);
		}
		await sleep(250);
	}
	log('queue-mode cluster is up with the webhook workflows');
	return { n8n, base, cluster, close: () => cluster.close() };
}

/**
 * One Get run in real n8n: both nodes' `executionTime` (ms) and their failed output items (`{ error }`);
 * `zertibanStart`: when the Zertiban node started (n8n's `startTime`, epoch ms).
 */
export interface GetRun {
	zertibanStart: number;
	zertibanMs: number;
	httpMs: number;
	zertibanFailed: number;
	httpFailed: number;
}

/**
 * Runs the Get workflows `reps` times each at the current sandbox latency (alternating which node goes first)
 * and returns both nodes' executionTime per run, plus the token requests the simulator has seen since its counters
 * were last reset (the caller resets them before n8n starts, so the readiness probes' executions count too).
 */
export async function realGetRuns(
	bench: BenchN8n,
	info: SandboxInfo,
	items: number,
	reps: number,
	workflows: readonly [string, string] = GET_WORKFLOWS,
): Promise<{ runs: GetRun[]; tokens: number }> {
	const ids: string[] = [];
	for (let rep = 0; rep < reps; rep++) {
		for (const id of rep % 2 ? [workflows[1], workflows[0]] : workflows) {
			const response = await fetch(`${bench.base}/webhook/${id}?n=${items}`, { signal: AbortSignal.timeout(10 * 60_000) });
			if (!response.ok) throw new ScriptError(`bench workflow ${id} answered ${response.status}: ${await response.text()}`);
			ids.push(id);
		}
	}
	const tokens = await tokenRequests(info);
	const runs: GetRun[] = [];
	const byWorkflow = new Map<string, Array<Awaited<ReturnType<N8n['executions']>>[number]>>();
	for (const id of new Set(ids)) {
		const stored = await bench.n8n.executions(id, { withData: true });
		byWorkflow.set(id, stored.filter((e) => (e.run?.data?.resultData?.runData?.[ZERTIBAN_NODE]?.[0]?.data?.main?.[0]?.length ?? 0) === items).slice(-ids.filter((x) => x === id).length));
	}
	for (const executions of byWorkflow.values()) {
		for (const execution of executions) {
			const runData = execution.run?.data?.resultData?.runData ?? {};
			const z = runData[ZERTIBAN_NODE]?.[0];
			const h = runData[HTTP_NODE]?.[0];
			if (execution.status !== 'success' || z?.executionTime === undefined || h?.executionTime === undefined) {
				throw new ScriptError(`a bench execution did not succeed (${execution.status}): ${z?.error?.message ?? h?.error?.message ?? ''}`);
			}
			if ((h.data?.main?.[0]?.length ?? 0) !== items) throw new ScriptError(`the HTTP Request node returned ${h.data?.main?.[0]?.length} items for ${items}`);
			const failed = (run: typeof z) => (run.data?.main?.[0] ?? []).filter((item: { json?: { error?: unknown } }) => item.json?.error !== undefined).length;
			runs.push({ zertibanStart: z.startTime ?? 0, zertibanMs: z.executionTime, httpMs: h.executionTime, zertibanFailed: failed(z), httpFailed: failed(h) });
		}
	}
	runs.sort((a, b) => a.zertibanStart - b.zertibanStart);
	return { runs, tokens };
}

/**
 * Runs the reference workflow ({@link FIXED_WORKFLOW}: the Zertiban node alone) `reps` times with `items` items at
 * the current sandbox settings; the Zertiban node's start (epoch ms), `executionTime` (ms) and failed items per run,
 * in run order.
 */
export async function fixedRuns(bench: BenchN8n, items: number, reps: number): Promise<Array<{ start: number; ms: number; failed: number }>> {
	for (let rep = 0; rep < reps; rep++) {
		const response = await fetch(`${bench.base}/webhook/${FIXED_WORKFLOW}?n=${items}`, { signal: AbortSignal.timeout(10 * 60_000) });
		if (!response.ok) throw new ScriptError(`bench workflow ${FIXED_WORKFLOW} answered ${response.status}: ${await response.text()}`);
	}
	const stored = (await bench.n8n.executions(FIXED_WORKFLOW, { withData: true })).filter((e) => (e.run?.data?.resultData?.runData?.[ZERTIBAN_NODE]?.[0]?.data?.main?.[0]?.length ?? 0) === items);
	return stored.slice(-reps).map((execution) => {
		const z = execution.run!.data!.resultData!.runData![ZERTIBAN_NODE]![0];
		if (execution.status !== 'success' || z.executionTime === undefined) throw new ScriptError(`a bench execution did not succeed (${execution.status})`);
		const failed = (z.data?.main?.[0] ?? []).filter((item: { json?: { error?: unknown } }) => item.json?.error !== undefined).length;
		return { start: z.startTime ?? 0, ms: z.executionTime, failed };
	});
}

/** Client-side answer times (ms) of the three webhook targets, interleaved, `count` each after 5 warm-ups. */
export async function webhookAnswers(bench: BenchN8n, info: SandboxInfo, count: number): Promise<Record<'trigger' | 'triggerForged' | 'hookAuth' | 'hookPlain', number[]>> {
	const delivery = (forged: boolean) => {
		const body = {
			eventUuid: randomUUID(),
			timestamp: new Date().toISOString(),
			eventType: 'OPERATION_COMPLETED',
			metadata: { apiVersion: 'v1', organizationUuid: info.zertiban.businessUuid },
			resource: { uuid: BENCH_OPERATION_UUID, externalId: 'BENCH', status: 'COMPLETED' },
		};
		const timestamp = String(Date.now());
		const signature = signWebhook(body, timestamp, forged ? 'not-the-secret' : info.zertiban.webhookSecret);
		return { body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'zb-timestamp': timestamp, 'zb-signature': signature } };
	};
	const targets = {
		trigger: { url: `${bench.base}/webhook/${TRIGGER_WEBHOOK_ID}/events`, forged: false, extra: {}, expect: 200 },
		triggerForged: { url: `${bench.base}/webhook/${TRIGGER_WEBHOOK_ID}/events`, forged: true, extra: {}, expect: 401 },
		hookAuth: { url: `${bench.base}/webhook/benchHookAuth001`, forged: false, extra: { [HOOK_KEY.name]: HOOK_KEY.value }, expect: 200 },
		hookPlain: { url: `${bench.base}/webhook/benchHookPlain01`, forged: false, extra: {}, expect: 200 },
	};
	const names = Object.keys(targets) as Array<keyof typeof targets>;
	const times = { trigger: [] as number[], triggerForged: [] as number[], hookAuth: [] as number[], hookPlain: [] as number[] };
	for (let i = 0; i < count + 5; i++) {
		const order = names.map((_, k) => names[(k + i) % names.length]);
		for (const name of order) {
			const target = targets[name];
			const { body, headers } = delivery(target.forged);
			const started = performance.now();
			const response = await fetch(target.url, { method: 'POST', headers: { ...headers, ...target.extra }, body });
			await response.arrayBuffer();
			const ms = performance.now() - started;
			if (response.status !== target.expect) throw new ScriptError(`${name} answered ${response.status}, expected ${target.expect}`);
			if (i >= 5) times[name].push(ms);
		}
	}
	return times;
}

/**
 * Start times (ms, spawn to `/healthz/readiness` = 200, polled every 25 ms) of n8n with the package installed and
 * without, `reps` each, alternating; both user folders are fresh and started once before (migrations).
 */
export async function startTimes(runtime: Runtime, workDir: string, reps: number): Promise<{ withPackage: number[]; without: number[] }> {
	const withFolder = prepareUserFolder(workDir, quiet, 'start-with');
	const withoutFolder = join(workDir, 'start-without');
	mkdirSync(join(withoutFolder, '.n8n'), { recursive: true });
	const once = async (folder: string): Promise<number> => {
		const n8n = new N8n(runtime, folder, quiet);
		const port = await freePort();
		const env = n8n.env(await freePort(), { N8N_PORT: String(port) });
		const started = performance.now();
		const child = track(spawn(runtime.node, [runtime.n8n, 'start'], { cwd: folder, env, detached: true, stdio: 'ignore' }));
		try {
			for (;;) {
				if (child.exitCode !== null) throw new ScriptError(`n8n start exited (${child.exitCode}) in ${folder}`);
				if (performance.now() - started > 180_000) throw new ScriptError('n8n was not ready within 180 s');
				const ready = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).then((r) => r.ok, () => false);
				if (ready) return performance.now() - started;
				await sleep(25);
			}
		} finally {
			await stop(child);
		}
	};
	await once(withFolder);
	await once(withoutFolder);
	const result = { withPackage: [] as number[], without: [] as number[] };
	for (let rep = 0; rep < reps; rep++) {
		if (rep % 2) {
			result.without.push(await once(withoutFolder));
			result.withPackage.push(await once(withFolder));
		} else {
			result.withPackage.push(await once(withFolder));
			result.without.push(await once(withoutFolder));
		}
	}
	return result;
}
