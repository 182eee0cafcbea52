/**
 * What the real-n8n e2e tests share (test/e2e/*.test.ts): an n8n user folder with credentials and workflows
 * imported, some published before `n8n start` (CONTRIBUTING.md, "Real n8n": the only way to activate in regular
 * mode), n8n running on a free port; an HTTP sink that records what workflows post to it; sandbox controls;
 * bounded waits. The machinery itself (runtime, processes, CLI) is scripts/n8n.ts.
 */
import Fastify from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Sandbox } from '../../sandbox';
import { sandboxCredentials, type SandboxCredentialType } from '../../sandbox/credentials';
import type { QueuedAction } from '../../sandbox/cfis/actions';
import type { DeliveryAttempt } from '../../sandbox/webhooks';
import { N8n, connectZertibanTriggers, ensureRuntime, freePort, prepareUserFolder, sleep, stop, type RunResult } from '../../scripts/n8n';
import { startQueueCluster, startQueueServices, type QueueCluster, type QueueServices } from '../../scripts/queue';
import { RECORD_AVAILABLE, RECORD_NEEDS_N8N_2, importRecordCredential, ownerEnv } from '../../scripts/record';

/** A cold install of n8n (first run on a machine) takes 2-3 minutes; the limit leaves room for a slow registry. */
export const INSTALL_TIMEOUT_MS = 20 * 60 * 1000;
const quiet = () => undefined;

/** A credential to import, filled from the running sandbox by its type. */
export interface CredentialRef {
	id: string;
	name: string;
	type: SandboxCredentialType;
}

/** A running n8n with its user folder; `close()` stops it and removes the folder (kept with E2E_KEEP=1). */
export interface RunningN8n {
	n8n: N8n;
	base: string;
	/** `n8n execute --id … --rawOutput` results of the workflows run before `n8n start`, by workflow id. */
	executed: Record<string, RunResult>;
	/** With `record`: the owner's password (login `demo@example.com`). */
	ownerPassword?: string;
	close(): Promise<void>;
}

/** What {@link startN8nWith} and {@link startQueueN8nWith} import and publish before n8n starts. */
export interface N8nSetup {
	label: string;
	sandbox: Sandbox;
	credentials: CredentialRef[];
	/** Credentials of other types (e.g. n8n's Header Auth), with their data. */
	extraCredentials?: Array<{ id: string; name: string; type: string; data: Record<string, string> }>;
	workflows: object[];
	publish?: string[];
	/**
	 * Set up the payment record (scripts/record.ts): the main starts with an owner, and once it runs, an API key and
	 * the Payment Record API credential the examples refer to are made (the owner's password is returned). Ignored on
	 * n8n 1.x (`RECORD_AVAILABLE` false: no data tables in its public API, scripts/record.ts).
	 */
	record?: boolean;
	/** With `record`: the API URL the credential holds, given the main's (default: the main's own). */
	recordApiUrl?: (mainApiUrl: string) => string;
	/**
	 * Extra environment for every n8n process of the setup, e.g. `NODE_ENV: 'production'` (as n8n's Docker image
	 * runs): without it n8n runs in development mode, whose error answers carry a stack trace with server paths.
	 */
	env?: Record<string, string>;
}

/** Imports `setup`'s credentials (the file removed right after) and workflows with the CLI, then publishes. */
async function importSetup(n8n: N8n, tmp: string, setup: N8nSetup) {
	const data = sandboxCredentials(setup.sandbox.info);
	const credentialsFile = join(tmp, 'credentials.json');
	const credentials = [...setup.credentials.map((c) => ({ ...c, data: data[c.type] })), ...(setup.extraCredentials ?? [])];
	writeFileSync(credentialsFile, JSON.stringify(credentials), { mode: 0o600 });
	try {
		await n8n.mustCli(['import:credentials', `--input=${credentialsFile}`], 'import credentials');
	} finally {
		rmSync(credentialsFile, { force: true });
	}
	const workflowFile = join(tmp, 'workflows.json');
	writeFileSync(workflowFile, JSON.stringify(setup.workflows));
	await n8n.mustCli(['import:workflow', `--input=${workflowFile}`], 'import workflows');
	for (const id of setup.publish ?? []) await n8n.publish(id);
}

/** A removable temporary folder for one n8n setup; kept with E2E_KEEP=1. */
function setupFolder(label: string) {
	const tmp = mkdtempSync(join(tmpdir(), `${label}-e2e-`));
	const remove = () => {
		if (process.env.E2E_KEEP) process.stderr.write(`kept ${tmp}\n`);
		else rmSync(tmp, { recursive: true, force: true });
	};
	return { tmp, remove };
}

/**
 * Imports `credentials` (data from the sandbox, the file removed right after) and `workflows` into a fresh user
 * folder, publishes `publish`, runs `execute` with the CLI (before the server, so the two never share the task
 * broker or the database), then starts n8n and waits for readiness. Webhooks may still need
 * {@link connectZertibanTrigger}: published workflows are activated just after readiness.
 */
export async function startN8nWith(options: N8nSetup & { execute?: string[] }): Promise<RunningN8n> {
	const { tmp, remove } = setupFolder(options.label);
	let server: Awaited<ReturnType<N8n['start']>> | undefined;
	const close = async () => {
		if (server) await stop(server.child);
		remove();
	};
	try {
		const runtime = await ensureRuntime(quiet, false);
		const n8n = new N8n(runtime, prepareUserFolder(tmp, quiet, options.label), quiet, options.env);
		await importSetup(n8n, tmp, options);
		const executed: Record<string, RunResult> = {};
		for (const id of options.execute ?? []) executed[id] = await n8n.cli(['execute', `--id=${id}`, '--rawOutput'], 3 * 60_000);
		const owner = options.record && RECORD_AVAILABLE ? ownerEnv(runtime) : undefined;
		server = await n8n.start(await freePort(), join(tmp, 'n8n.log'), owner?.env);
		if (owner) await importRecordCredential(n8n, server.base, owner.password);
		return { n8n, base: server.base, executed, ownerPassword: owner?.password, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/** A running queue-mode cluster with its user folder; `close()` stops every process by PID and removes the folder. */
export interface RunningCluster {
	n8n: N8n;
	cluster: QueueCluster;
	/** Seconds from the first process started to the last one ready. */
	startSeconds: number;
	services: QueueServices;
	/** With `record`: the owner's password (login `demo@example.com`). */
	ownerPassword?: string;
	/** With `record`: the Payment Record API credential's data (the main's API URL and the key). */
	record?: { baseUrl: string; apiKey: string };
	close(): Promise<void>;
}

/**
 * {@link startN8nWith} in n8n's queue mode (scripts/queue.ts): Redis and a private PostgreSQL on free loopback
 * ports, the setup imported and published with the CLI, then a main, `workers` workers and `webhooks` webhook
 * processes started in parallel and waited on until ready.
 */
export async function startQueueN8nWith(options: N8nSetup & { workers: number; webhooks: number }): Promise<RunningCluster> {
	const { tmp, remove } = setupFolder(options.label);
	let services: QueueServices | undefined;
	let cluster: QueueCluster | undefined;
	const close = async () => {
		if (cluster) await cluster.close();
		else await services?.close();
		remove();
	};
	try {
		const runtime = await ensureRuntime(quiet, false, { queue: true });
		services = await startQueueServices(runtime, quiet);
		const n8n = new N8n(runtime, prepareUserFolder(tmp, quiet, options.label), quiet, { ...services.env, ...options.env });
		await importSetup(n8n, tmp, options);
		const started = Date.now();
		const owner = options.record ? ownerEnv(runtime) : undefined;
		cluster = await startQueueCluster(n8n, services, { workers: options.workers, webhooks: options.webhooks, logDir: tmp, labelRequests: true, mainEnv: owner?.env });
		const startSeconds = (Date.now() - started) / 1000;
		const mainApi = `${cluster.main.base}/api/v1`;
		const record = owner ? await importRecordCredential(n8n, cluster.main.base, owner.password, options.recordApiUrl?.(mainApi) ?? mainApi) : undefined;
		return { n8n, cluster, startSeconds, services, ownerPassword: owner?.password, record, close };
	} catch (error) {
		await close();
		throw error;
	}
}

/**
 * A pass-through HTTP proxy on 127.0.0.1 in front of `target` (set once known) that can hold one request: `hold(match)`
 * resolves with the held request's `x-sandbox-client` label (the n8n process that sent it, scripts/label-requests.cjs)
 * when a request matching `match(method, path, body)` arrives; that request is never forwarded, and its socket is
 * destroyed by `release()` (as when its sender died). Everything else is forwarded as it is.
 */
export async function startHoldingProxy() {
	let target = '';
	let matcher: ((method: string, path: string, body: string) => boolean) | undefined;
	let onHold: ((held: { client: string; release(): void }) => void) | undefined;
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks);
			const path = request.url ?? '/';
			if (matcher?.(request.method ?? 'GET', path, body.toString('utf8'))) {
				matcher = undefined;
				onHold?.({ client: String(request.headers['x-sandbox-client'] ?? ''), release: () => request.socket.destroy() });
				return;
			}
			const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)).map(([name, value]) => [name, String(value)]));
			fetch(`${target}${path}`, { method: request.method, headers, body: ['GET', 'HEAD'].includes(request.method ?? '') ? undefined : body, signal: AbortSignal.timeout(60_000) }).then(
				async (answer) => {
					response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
					response.end(Buffer.from(await answer.arrayBuffer()));
				},
				() => response.destroy(),
			);
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		setTarget: (value: string) => void (target = value.replace(/\/+$/, '')),
		hold: (match: (method: string, path: string, body: string) => boolean) =>
			new Promise<{ client: string; release(): void }>((done) => {
				matcher = match;
				onHold = done;
			}),
		close: () =>
			new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			}),
	};
}

/**
 * `it` for a test that needs Invoice → Report Payment's payment record; on n8n 1.x (`npm run test:compat`) it is
 * skipped, and its name says why ({@link RECORD_NEEDS_N8N_2}), so the skip shows in jest's list.
 */
export function itNeedsRecord(name: string, test: jest.ProvidesCallback, timeoutMs?: number) {
	if (RECORD_AVAILABLE) it(name, test, timeoutMs);
	else it.skip(`${name} (skipped: ${RECORD_NEEDS_N8N_2})`, test, timeoutMs);
}

/** Polls (bounded) until `check` returns a value other than undefined/false; throws naming `what` otherwise. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000): Promise<T> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined && value !== false) return value;
		if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(250);
	}
}

/**
 * Connects a running n8n's Zertiban Trigger (its `webhookId`) to the sandbox, with every event delivered twice (the
 * duplicate switch: at-least-once delivery); see {@link connectZertibanTriggers} (shared with the demo).
 */
export async function connectZertibanTrigger(sandbox: Sandbox, base: string, webhookId: string) {
	const [urls] = await connectZertibanTriggers(sandbox.info.zertiban.baseUrl, base, [webhookId], { duplicate: true });
	return urls;
}

/** One webhook delivery attempt as the sandbox dispatcher logs it (`GET|POST /__sandbox/webhooks/…`). */
export type Delivery = Pick<DeliveryAttempt, 'eventType' | 'eventUuid' | 'status' | 'body'>;

/**
 * Deliveries with the receiver's answer parsed. The Zertiban Trigger decides before it answers: `{received: true}`
 * starts one execution, `{received: true, duplicate: true}` and `{…, ignored: …}` start none — so the answers
 * prove how many executions a set of deliveries can start, with no wait.
 */
export const answered = (deliveries: Delivery[]) =>
	deliveries.map((d) => ({ eventUuid: d.eventUuid, status: d.status, answer: JSON.parse(d.body ?? 'null') as unknown }));

/** Calls a sandbox control `/__sandbox/<path>` on `baseUrl`; throws on a non-2xx answer. */
export async function sandboxControl(baseUrl: string, path: string, body: unknown = {}, method = 'POST') {
	const response = await fetch(
		`${baseUrl}/__sandbox/${path}`,
		method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
	);
	if (!response.ok) throw new Error(`sandbox control ${path} answered ${response.status}: ${await response.text()}`);
	return (await response.json()) as Record<string, unknown>;
}

/**
 * The Zertiban flows whose external ID is `COLL-<n>` (part 1's flows) for the given invoice numbers, read from the
 * sandbox's API as a client reads them (its own token, labelled "the test" so per-process token counts leave it
 * apart): the count per number, in the order given.
 */
export async function flowsPerInvoice(sandbox: Sandbox, numbers: number[]): Promise<number[]> {
	const { baseUrl, clientId, clientSecret, businessUuid } = sandbox.info.zertiban;
	const tokenAnswer = await fetch(`${baseUrl}/idp/oauth2/token`, {
		method: 'POST',
		headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', 'x-sandbox-client': 'the test' },
		body: 'grant_type=client_credentials',
	});
	const { access_token: accessToken } = (await tokenAnswer.json()) as { access_token: string };
	const counts = new Map(numbers.map((n) => [`COLL-${n}`, 0]));
	for (let offset = 0; ; offset += 100) {
		const response = await fetch(`${baseUrl}/flow/v1/flows?limit=100&offset=${offset}`, { headers: { authorization: `Bearer ${accessToken}`, 'x-tenant-id': businessUuid } });
		const { results } = (await response.json()) as { results: Array<{ externalId: string }> };
		for (const flow of results) if (counts.has(flow.externalId)) counts.set(flow.externalId, (counts.get(flow.externalId) ?? 0) + 1);
		if (results.length < 100) break;
	}
	return [...counts.values()];
}

/**
 * The invoice actions the CFIS sandbox has accepted (queued or applied; docs/cfis.md §4.5: no API reads them), oldest
 * first, optionally only those of one case, code or status: the ground truth of what was reported, e.g. the Direct
 * Payments of a case. `cfisBaseUrl` is the sandbox's CFIS base URL (`…/api/v1/partner`) or its origin.
 */
export async function cfisActions(cfisBaseUrl: string, filter: { caseId?: number; code?: string; status?: 'PENDING' | 'PROCESSED' | 'FAILED' } = {}): Promise<QueuedAction[]> {
	const query = new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, String(value)]));
	return ((await sandboxControl(new URL(cfisBaseUrl).origin, `cfis/actions?${query}`, undefined, 'GET')) as { actions: QueuedAction[] }).actions;
}

/** Lets the CFIS sandbox apply every queued invoice action now (docs/cfis.md §4.5: Confirma processes them later). */
export async function flushCfisActions(cfisBaseUrl: string, body: { caseId?: number; count?: number } = {}) {
	return (await sandboxControl(new URL(cfisBaseUrl).origin, 'cfis/actions/flush', body)) as { processed: QueuedAction[]; pending: number };
}

/** An HTTP sink on 127.0.0.1: every POST body to `url` lands in `items`, in arrival order. */
export async function startSink() {
	const items: Array<Record<string, unknown>> = [];
	const app = Fastify();
	app.post('/items', async (request) => {
		items.push(request.body as Record<string, unknown>);
		return { ok: true };
	});
	await app.listen({ host: '127.0.0.1', port: 0 });
	return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/items`, items, close: () => app.close() };
}

/** An HTTP Request node (n8n-nodes-base) that posts each input item's json to `url` (a {@link startSink}). */
export const sinkNode = (name: string, url: string, position: [number, number]) => ({
	id: `sink-${name}`,
	name,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	position,
	parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {} },
});
