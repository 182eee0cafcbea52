/**
 * `npm run demo [-- --once] [--queue] [--json FILE] [--no-build] [--no-stories] [--port N] [--keep]` (DESIGN.md §7).
 *
 * Runs the example stories in `examples/` in REAL n8n (pinned by scripts/runtime.sh) against the local sandbox:
 *   1. `npm run build` (skipped with --no-build), then `bash scripts/runtime.sh` (Node 24 + n8n, cached);
 *   2. starts the sandbox (`sandbox/cli.ts`, free 127.0.0.1 ports) and reads its one JSON line;
 *   3. makes a fresh N8N_USER_FOLDER under `.demo/`, symlinks this package into `.n8n/nodes/node_modules/` (n8n
 *      loads it as an installed community package), imports the credentials the examples refer to (filled from
 *      the sandbox line) and every example workflow; publishes the examples that start on a Zertiban Trigger;
 *   4. runs each story (an example with a Manual Trigger) with `n8n execute --id … --rawOutput` and prints a
 *      summary plus the output items of this package's nodes; `--json FILE` writes the raw results
 *      (`{stories, triggered}`);
 *   5. starts n8n (`n8n start` on 127.0.0.1, owner from N8N_INSTANCE_OWNER_MANAGED_BY_ENV with a bcrypt hash of a
 *      password made up now) and points the sandbox's webhooks at the published triggers (every event twice);
 *   6. with --once: plays the payer of the invoice-to-payment story (PAYMENT_STORY), waits for part 2's execution
 *      (started by the sandbox's webhook), waits until every delivery was answered, records the answers and the
 *      execution count under `triggered` in --json, prints it, stops everything and exits 0 when all succeeded, 1
 *      otherwise. Without it: prints the editor URL, the login and the payment link to pay in a browser, and runs
 *      until Ctrl-C.
 *
 *   With --queue (issue 11): the same package in n8n's queue mode (scripts/queue.ts: Redis, a private PostgreSQL,
 *   main + 2 workers + 1 webhook process); instead of the manual stories it walks the ERP story: an ERP event posted
 *   to the webhook process answers the payment link (examples/erp-invoice-to-payment-link.json), the payer pays,
 *   part 2 reports the payment and calls the ERP double back (scripts/erp.ts); the ERP's retry gets the same link;
 *   then it prints which process ran what (executions per worker, from the workers' logs).
 *
 * Part 2's ERP callback (node "Tell The ERP") points at the demo's ERP double in both modes.
 *
 * Secrets stay out of the output: the sandbox line is never printed, n8n's own logs are shown only when a step
 * fails. `DEMO_ZERTIBAN_CLIENT_SECRET` replaces the Zertiban client secret in the imported credential (to see a
 * failure). Every wait is bounded; every child runs in its own process group and is stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { sandboxCredentials, type SandboxCredentialType } from '../sandbox/credentials';
import type { SandboxInfo } from '../sandbox/index';
import type { DeliveryAttempt } from '../sandbox/webhooks';
import { ERP_CALLBACK_NODE, ERP_CREDENTIAL, ERP_STORY, erpCredential, erpEvent, postErpEvent, startErpDouble, withErpCallback, type ErpCallback, type ErpLinkAnswer } from './erp';
import {
	N8n,
	PACKAGE_NAME,
	connectZertibanTriggers,
	REPO,
	ScriptError as DemoError,
	ensureRuntime,
	freePort,
	itemsOf,
	parseRun,
	prepareUserFolder,
	run,
	seconds,
	sleep,
	stopAll,
	tail,
	track,
	type N8nRun,
	type Runtime,
} from './n8n';
import { executionPlaces, rssMb, startQueueCluster, startQueueServices, type QueueCluster } from './queue';
const EXAMPLES_DIR = join(REPO, 'examples');
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User' };
const USAGE = `usage: npm run demo [-- [--once] [--queue] [--json FILE] [--no-build] [--no-stories] [--port N] [--keep]]
  --once        run the stories (and pay the invoice-to-payment link), stop everything, exit 0 (all succeeded) or 1
  --queue       n8n in queue mode (Redis, PostgreSQL, main + 2 workers + 1 webhook process): the ERP story
  --json FILE   write the raw run results (n8n's execution JSON per story) to FILE
  --no-build    do not run \`npm run build\` first (dist/ must be current)
  --no-stories  do not run the stories through the CLI first: only the editor (the browser test runs part 1 itself)
  --port N      editor port (default: the first free one from 5678)
  --keep        keep the n8n user folder under .demo/ after exit`;

interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
}
interface Example {
	file: string;
	workflow: Workflow;
}
/** One story's result, as written by --json. */
export interface StoryResult {
	file: string;
	workflowId: string;
	workflowName: string;
	status: 'success' | 'error';
	exitCode: number | null;
	seconds: number;
	/** Output items (json) of this package's nodes, by node name, in execution order. */
	outputs: Record<string, Array<Record<string, unknown>>>;
	error?: { node?: string; message: string; description?: string };
	/** n8n's execution JSON, or null when none could be read. */
	result: N8nRun | null;
	/**
	 * Triggered runs only: every webhook delivery of the payment as the sandbox logged it once all of them had been
	 * answered (the trigger answers `{"received":true}` when it starts an execution, `…"duplicate":true` or
	 * `…"ignored":…` when it does not), and the workflow's executions counted after that.
	 */
	deliveries?: Array<{ eventType: string; eventUuid: string; status?: number; body?: string }>;
	executions?: number;
}

// ---- small helpers ------------------------------------------------------------------------------------------

const t0 = Date.now();
const log = (message: string) => process.stderr.write(`[demo] ${message}\n`);
const out = (text = '') => process.stdout.write(`${text}\n`);
// ---- steps --------------------------------------------------------------------------------------------------

async function build() {
	const started = Date.now();
	log('npm run build ...');
	const result = await run('npm', ['run', 'build'], { timeoutMs: 5 * 60_000 });
	if (result.code !== 0) throw new DemoError('npm run build failed', result.stdout + result.stderr);
	log(`built the package in ${seconds(started)}`);
}

async function startSandbox(): Promise<{ child: ChildProcess; info: SandboxInfo }> {
	const child = track(
		spawn(process.execPath, ['--import', 'tsx', join('sandbox', 'cli.ts'), '--zertiban-port', '0', '--cfis-port', '0'], {
			cwd: REPO,
			detached: true,
			stdio: ['ignore', 'pipe', 'inherit'],
		}),
	);
	const lines = createInterface({ input: child.stdout! });
	const firstLine = new Promise<string>((done, fail) => {
		lines.once('line', done);
		child.once('exit', (code) => fail(new DemoError(`the sandbox exited (${code}) before it printed its line`)));
	});
	const timeout = sleep(30_000).then(() => {
		throw new DemoError('the sandbox printed nothing within 30 s');
	});
	const info = JSON.parse(await Promise.race([firstLine, timeout])) as SandboxInfo;
	lines.on('line', () => undefined); // keep draining
	log(`sandbox: Zertiban at ${info.zertiban.baseUrl}, Confirma Finance at ${info.cfis.baseUrl}`);
	return { child, info };
}

function readExamples(): Example[] {
	const files = readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort();
	if (files.length === 0) throw new DemoError(`no workflow in ${EXAMPLES_DIR}`);
	return files.map((name) => {
		const file = join(EXAMPLES_DIR, name);
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as Workflow;
		if (!workflow.id || workflow.id.length > 21) throw new DemoError(`${name}: the workflow id must be 1-21 characters`);
		return { file, workflow };
	});
}

/** Credential data for each credential type the examples use, pointed at the sandbox (and the ERP's header token). */
function credentialData(type: string, info: SandboxInfo, erpHeader: Record<string, string>): Record<string, string> {
	if (type === ERP_CREDENTIAL.type) return erpHeader;
	const all = sandboxCredentials(info);
	if (!(type in all)) {
		throw new DemoError(`an example uses credential type ${type}, which the demo cannot fill from the sandbox`);
	}
	const data: Record<string, string> = { ...all[type as SandboxCredentialType] };
	// DEMO_ZERTIBAN_CLIENT_SECRET lets the e2e test make the story fail on purpose.
	if (type === 'zertibanOAuth2Api' && process.env.DEMO_ZERTIBAN_CLIENT_SECRET) data.clientSecret = process.env.DEMO_ZERTIBAN_CLIENT_SECRET;
	return data;
}

/** The credentials the examples refer to (by id and name), filled from the sandbox line. */
function credentialsFor(examples: Example[], info: SandboxInfo, erpHeader: Record<string, string>) {
	const byId = new Map<string, { id: string; name: string; type: string; data: Record<string, string> }>();
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				const known = byId.get(ref.id);
				if (known && known.type !== type) throw new DemoError(`credential id ${ref.id} is used for ${known.type} and ${type}`);
				byId.set(ref.id, { id: ref.id, name: ref.name, type, data: credentialData(type, info, erpHeader) });
			}
		}
	}
	return [...byId.values()];
}

function ourOutputs(workflow: Workflow, run: N8nRun | null): StoryResult['outputs'] {
	const runData = run?.data?.resultData?.runData ?? {};
	const ours = new Set(workflow.nodes.filter((node) => node.type.startsWith(`${PACKAGE_NAME}.`)).map((node) => node.name));
	const names = Object.keys(runData)
		.filter((name) => ours.has(name))
		.sort((a, b) => (runData[a][0]?.startTime ?? 0) - (runData[b][0]?.startTime ?? 0));
	const outputs: StoryResult['outputs'] = {};
	for (const name of names) {
		if (!runData[name].some((nodeRun) => nodeRun.data)) continue; // failed without output: shown as the error
		outputs[name] = itemsOf(run, name);
	}
	return outputs;
}

async function runStory(n8n: N8n, { file, workflow }: Example): Promise<StoryResult> {
	const started = Date.now();
	log(`running "${workflow.name}" ...`);
	const result = await n8n.cli(['execute', `--id=${workflow.id}`, '--rawOutput'], 5 * 60_000);
	const parsed = parseRun(result.stdout);
	const status = result.code === 0 && parsed?.status === 'success' ? 'success' : 'error';
	const story: StoryResult = {
		file: relative(REPO, file),
		workflowId: workflow.id,
		workflowName: workflow.name,
		status,
		exitCode: result.code,
		seconds: (Date.now() - started) / 1000,
		outputs: ourOutputs(workflow, parsed),
		result: parsed,
	};
	if (status === 'error') {
		const error = parsed?.data?.resultData?.error;
		story.error = error
			? { node: error.node?.name ?? parsed?.data?.resultData?.lastNodeExecuted, message: error.message ?? 'unknown error', description: error.description ?? undefined }
			: { message: `n8n execute exited ${result.code} without a readable result`, description: tail(result.stderr + result.stdout) };
	}
	return story;
}


function describeNode(workflow: Workflow, name: string) {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	const apps: Record<string, string> = { cfis: 'Confirma Finance', zertiban: 'Zertiban', zertibanTrigger: 'Zertiban Trigger', cfisTrigger: 'Confirma Finance Trigger' };
	const app = apps[node?.type.slice(PACKAGE_NAME.length + 1) ?? ''] ?? node?.type;
	const { resource, operation } = node?.parameters ?? {};
	return resource && operation ? `${app}: ${String(resource)} → ${String(operation)}` : String(app);
}

function printStory(example: Example, story: StoryResult, how = 'n8n execute, real n8n') {
	out();
	out(`Story: ${story.workflowName}`);
	out(`  workflow ${story.workflowId} from ${story.file}`);
	out(`  ${story.status === 'success' ? 'SUCCESS' : 'FAILED'} in ${story.seconds.toFixed(1)} s (${how})`);
	for (const [name, items] of Object.entries(story.outputs)) {
		out();
		out(`── ${name} (${describeNode(example.workflow, name)}): ${items.length} item${items.length === 1 ? '' : 's'}`);
		out(JSON.stringify(items, null, 2));
	}
	if (story.error) {
		out();
		out(`✗ ${story.error.node ? `${story.error.node}: ` : ''}${story.error.message}`);
		if (story.error.description) out(`  ${story.error.description.replace(/\n/g, '\n  ')}`);
	}
	out();
}

/**
 * The invoice-to-payment story (DESIGN.md §7, issue 5 §6): part 1 is run like every story and ends with a payer
 * link; part 2 starts on the Zertiban Trigger, so it is published before n8n starts, and the sandbox's webhook
 * dispatcher is pointed at its production URL once n8n runs.
 */
const PAYMENT_STORY = { linkWorkflowId: 'zcInvoiceToPay01', linkNode: 'Payment Link', paidWorkflowId: 'zcPaidToInvoice01' };
const ZERTIBAN_TRIGGER = `${PACKAGE_NAME}.zertibanTrigger`;

/** Examples that start on a webhook (Zertiban's or the ERP's): published before `n8n start`, so they are live at boot. */
const liveExamples = (examples: Example[]) =>
	examples.filter(({ workflow }) => workflow.nodes.some((node) => node.type === ZERTIBAN_TRIGGER || node.type === 'n8n-nodes-base.webhook'));

/**
 * Copies of the examples in `dir` for import, with part 2's ERP callback pointed at `erpUrl` (the demo's ERP
 * double); returns `dir`.
 */
function examplesForImport(examples: Example[], erpUrl: string, dir: string): string {
	mkdirSync(dir, { recursive: true });
	for (const { file, workflow } of examples) {
		const patched = workflow.nodes.some((node) => node.name === ERP_CALLBACK_NODE) ? withErpCallback(workflow, erpUrl) : workflow;
		writeFileSync(join(dir, basename(file)), JSON.stringify(patched));
	}
	return dir;
}

/** Waits (bounded) until every live example's trigger answers, then makes the sandbox send its events there. */
async function connectWebhooks(live: Example[], base: string, info: SandboxInfo) {
	const zertibanLive = live.filter(({ workflow }) => workflow.nodes.some((node) => node.type === ZERTIBAN_TRIGGER));
	const webhookIds = zertibanLive.map(({ workflow }) => {
		const webhookId = workflow.nodes.find((node) => node.type === ZERTIBAN_TRIGGER)?.webhookId;
		if (!webhookId) throw new DemoError(`${workflow.name}: its Zertiban Trigger has no webhookId`);
		return webhookId;
	});
	const triggers = await connectZertibanTriggers(info.zertiban.baseUrl, base, webhookIds, { duplicate: true });
	log(`sandbox webhooks go to ${triggers.map((t) => t.eventsUrl).join(', ')} (every event twice, as at-least-once delivery may)`);
}

/** Waits until the sandbox's webhook deliveries in flight have been answered; returns its delivery log. */
async function settleWebhooks(info: SandboxInfo): Promise<DeliveryAttempt[]> {
	const response = await fetch(`${info.zertiban.baseUrl}/__sandbox/webhooks/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	if (!response.ok) throw new DemoError(`the sandbox refused webhooks/settle (${response.status})`);
	return ((await response.json()) as { deliveries: DeliveryAttempt[] }).deliveries;
}

/** Plays the payer on the sandbox's hosted page: opens `link`, presses Pay. */
async function pay(link: string) {
	const opened = await fetch(link);
	const paid = await fetch(`${link}/pay`, { method: 'POST', redirect: 'manual' });
	if (opened.status !== 200 || paid.status !== 303) throw new DemoError(`the payer page answered ${opened.status} / ${paid.status} (expected 200 / 303)`);
	log('the payer opened the payment link and pressed Pay');
}

/** Waits (bounded, 30 s) for the first finished execution of `example` and reads it as a story result. */
async function triggeredRun(n8n: N8n, { file, workflow }: Example, since: number): Promise<StoryResult> {
	for (let tries = 0; tries < 60; tries++) {
		const [first] = (await n8n.executions(workflow.id, { withData: true })).filter((execution) => execution.finished || execution.status !== 'running');
		if (first?.run) {
			const error = first.run.data?.resultData?.error;
			return {
				file: relative(REPO, file),
				workflowId: workflow.id,
				workflowName: workflow.name,
				status: first.status === 'success' ? 'success' : 'error',
				exitCode: null,
				seconds: (Date.now() - since) / 1000,
				outputs: ourOutputs(workflow, first.run),
				result: first.run,
				...(error ? { error: { node: error.node?.name, message: error.message ?? 'unknown error', description: error.description ?? undefined } } : {}),
			};
		}
		await sleep(500);
	}
	throw new DemoError(`"${workflow.name}" did not run within 30 s of the payment`);
}

/** The editor's owner, set by environment at boot (no setup wizard), with a password made up now. */
function ownerEnv(runtime: Runtime): { env: Record<string, string>; password: string } {
	const password = `Demo-${randomBytes(6).toString('hex')}-X9`;
	// bcryptjs from the runtime's own tree (n8n uses the same version to check the login).
	const runtimeRequire = createRequire(join(runtime.dir, 'package.json'));
	const bcrypt = runtimeRequire('bcryptjs') as { hashSync(password: string, rounds: number): string };
	const env = {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
	return { env, password };
}

async function editorPort(portOption: string | undefined) {
	const port = await freePort(portOption ? Number(portOption) : 5678);
	if (portOption && port !== Number(portOption)) throw new DemoError(`port ${portOption} is taken`);
	return port;
}

async function startEditor(n8n: N8n, portOption: string | undefined, logFile: string) {
	const owner = ownerEnv(n8n.runtime);
	const { child, base } = await n8n.start(await editorPort(portOption), logFile, owner.env);
	return { child, base, password: owner.password };
}

// ---- queue mode: the ERP story ----------------------------------------------------------------------------------

/** What the queue-mode story recorded, as written by --json under `queue`. */
export interface QueueStoryResult {
	status: 'success' | 'error';
	/** Part 1's answers: the ERP event, then the ERP's retry of it. */
	answers: ErpLinkAnswer[];
	callbacks: ErpCallback[];
	/** Per workflow: its executions (id, status, mode) and the worker that ran each. */
	executions: Record<string, Array<{ id: number; status: string; mode: string; queuedBy?: string; ranOn?: string }>>;
	processes: Array<{ name: string; role: string; rssMb?: number }>;
	error?: string;
}

/**
 * The ERP story in a running queue-mode cluster: the ERP posts invoice `base`+1 to the webhook process and gets
 * the link; the payer pays; part 2 (on a worker) reports the payment and calls the ERP double; the ERP retries
 * its event and gets the same link. Bounded waits (60 s each). Returns what it saw; `status: 'error'` names the
 * step that did not happen.
 */
async function walkQueueStory(
	n8n: N8n,
	cluster: QueueCluster,
	erp: { token: string; double: Awaited<ReturnType<typeof startErpDouble>> },
): Promise<QueueStoryResult> {
	const result: QueueStoryResult = { status: 'error', answers: [], callbacks: erp.double.callbacks, executions: {}, processes: [] };
	const webhookProcess = cluster.webhooks[0] ?? cluster.main;
	const event = erpEvent(Math.floor(Date.now() / 1000) * 100, 1);
	try {
		let started = Date.now();
		const first = await postErpEvent(webhookProcess.base, erp.token, event);
		result.answers.push(first.answer);
		if (first.status !== 200 || !first.answer.paymentLink) throw new DemoError(`part 1 answered ${first.status}: ${JSON.stringify(first.answer)}`);
		log(`ERP event ${event.erpInvoiceId} → ${webhookProcess.name}: ${first.status} in ${seconds(started)}, link ${first.answer.paymentLink}`);
		await pay(first.answer.paymentLink);
		started = Date.now();
		for (let tries = 0; !erp.double.callbacks.some((c) => c.body.invoiceNumber === event.invoiceNumber); tries++) {
			if (tries >= 240) throw new DemoError('the ERP callback did not arrive within 60 s of the payment');
			await sleep(250);
		}
		log(`ERP callback for invoice ${event.invoiceNumber} arrived ${seconds(started)} after the payment`);
		started = Date.now();
		const retry = await postErpEvent(webhookProcess.base, erp.token, event);
		result.answers.push(retry.answer);
		log(`ERP retry of ${event.erpInvoiceId} → ${webhookProcess.name}: ${retry.status} in ${seconds(started)}, created: ${String(retry.answer.created)}`);
		if (retry.answer.paymentLink !== first.answer.paymentLink || retry.answer.created !== false) throw new DemoError('the retried ERP event did not get the same link');
		result.status = 'success';
	} catch (error) {
		result.error = (error as Error).message;
	}
	await sleep(1_000); // the last executions finish on the workers
	const places = executionPlaces(cluster);
	for (const workflowId of [ERP_STORY.workflowId, ERP_STORY.paidWorkflowId]) {
		result.executions[workflowId] = (await n8n.executions(workflowId)).map(({ id, status, mode }) => ({ id, status, mode, ...places.get(id) }));
	}
	result.processes = cluster.all.map(({ name, role, child }) => ({ name, role, rssMb: rssMb(child.pid) }));
	return result;
}

function printQueueStory(story: QueueStoryResult, cluster: QueueCluster) {
	out();
	out('Story: ERP in, link out, in n8n queue mode (Redis + PostgreSQL, main + workers + webhook process)');
	out(`  ${story.status === 'success' ? 'SUCCESS' : `FAILED: ${story.error ?? ''}`}`);
	const [first, retry] = story.answers;
	if (first) out(`  ERP event → ${cluster.webhooks[0]?.name ?? 'main'}: ${JSON.stringify(first)}`);
	if (retry) out(`  ERP retry → ${cluster.webhooks[0]?.name ?? 'main'}: ${JSON.stringify(retry)}`);
	for (const callback of story.callbacks) out(`  ERP callback received: ${JSON.stringify(callback.body)}`);
	out();
	out('Which process ran what:');
	out('  main: editor, REST API, polling triggers (the leader polls)');
	for (const [workflowId, executions] of Object.entries(story.executions)) {
		for (const execution of executions) {
			out(
				`  execution ${execution.id} of ${workflowId} (${execution.mode}, ${execution.status}): ` +
					`queued by ${execution.queuedBy ?? 'unknown'}, ran on ${execution.ranOn ?? 'unknown (not in a worker log)'}`,
			);
		}
	}
	out();
	out(`Memory (RSS incl. task runner): ${story.processes.map((p) => `${p.name} ${p.rssMb ?? '?'} MB`).join(', ')}`);
	out();
}

// ---- main ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
	let values;
	try {
		({ values } = parseArgs({
			options: {
				once: { type: 'boolean', default: false },
				queue: { type: 'boolean', default: false },
				json: { type: 'string' },
				'no-build': { type: 'boolean', default: false },
				'no-stories': { type: 'boolean', default: false },
				port: { type: 'string' },
				keep: { type: 'boolean', default: false },
				help: { type: 'boolean', short: 'h', default: false },
			},
			strict: true,
		}));
		if (values.port !== undefined && !/^\d+$/.test(values.port)) throw new Error('--port must be a number');
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		return 2;
	}
	if (values.help) {
		out(USAGE);
		return 0;
	}

	// Ctrl-C / SIGTERM: stop the children by PID, then main() returns from wherever it waits.
	let userFolder: string | undefined;
	let shutdown: Promise<unknown> | undefined;
	const onSignal = (signal: NodeJS.Signals) => {
		if (shutdown) return;
		log(`${signal}: stopping n8n and the sandbox ...`);
		shutdown = stopAll();
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const step = async <T>(work: Promise<T>): Promise<T> => {
		const value = await work;
		if (shutdown) throw new DemoError('interrupted');
		return value;
	};

	try {
		const examples = readExamples();
		if (!values['no-build']) await step(build());
		else if (!existsSync(join(REPO, 'dist', 'nodes'))) throw new DemoError('--no-build, but dist/ is missing: run `npm run build`');
		const runtime = await step(ensureRuntime(log, true, { queue: values.queue }));
		const sandbox = await step(startSandbox());
		const erpDouble = await step(startErpDouble());
		const erp = erpCredential();
		log(`ERP double: part 2 calls it back at ${erpDouble.url}`);
		const services = values.queue ? await step(startQueueServices(runtime, log)) : undefined;

		userFolder = prepareUserFolder(join(REPO, '.demo'), log);
		const n8n = new N8n(runtime, userFolder, log, services?.env);
		const credentialsFile = join(userFolder, 'demo-credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(credentialsFor(examples, sandbox.info, erp.data), null, 2), { mode: 0o600 });
		try {
			await step(n8n.mustCli(['import:credentials', `--input=${credentialsFile}`], 'imported the credentials (encrypted in n8n)'));
		} finally {
			rmSync(credentialsFile, { force: true }); // plain secrets on disk only for the import
		}
		const importDir = examplesForImport(examples, erpDouble.url, join(userFolder, 'examples'));
		await step(n8n.mustCli(['import:workflow', '--separate', `--input=${importDir}`], `imported ${examples.length} example workflow(s)`));
		const live = liveExamples(examples);
		for (const { workflow } of live) await step(n8n.mustCli(['publish:workflow', `--id=${workflow.id}`], `published "${workflow.name}"`));

		if (services) {
			const owner = ownerEnv(runtime);
			const mainPort = await editorPort(values.port);
			const cluster = await step(startQueueCluster(n8n, services, { workers: 2, webhooks: 1, logDir: userFolder, mainEnv: owner.env, mainPort }));
			// Zertiban's deliveries go to the webhook process (every event twice, as at-least-once delivery may).
			await step(connectWebhooks(live, cluster.webhooks[0].base, sandbox.info));
			const story = await step(walkQueueStory(n8n, cluster, { token: erp.token, double: erpDouble }));
			printQueueStory(story, cluster);
			if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify({ stories: [], triggered: [], queue: story }, null, 2)}\n`);
			log(`queue-mode story: ${story.status}; ${seconds(t0)} in all`);
			if (values.once) {
				await cluster.close();
				await stopAll();
				return story.status === 'success' ? 0 : 1;
			}
			out(`n8n editor: ${cluster.main.base}/workflow/${ERP_STORY.workflowId}`);
			out(`login:      ${OWNER.email} / ${owner.password}`);
			out(`ERP event:  curl -X POST ${cluster.webhooks[0].base}/webhook/${ERP_STORY.webhookPath} -H 'content-type: application/json' -H '${ERP_STORY.header}: <token in the credential "${ERP_CREDENTIAL.name}">' -d '{...}'`);
			out('Everything runs until Ctrl-C.');
			await new Promise<void>((done) => cluster.main.child.once('exit', () => done()));
			await (shutdown ?? cluster.close());
			return shutdown ? 0 : 1;
		}

		const stories = values['no-stories'] ? [] : examples.filter(({ workflow }) => workflow.nodes.some((node) => node.type === 'n8n-nodes-base.manualTrigger'));
		const results: StoryResult[] = [];
		for (const example of stories) {
			const story = await step(runStory(n8n, example));
			results.push(story);
			printStory(example, story);
		}
		const writeJson = (triggered: StoryResult[] = []) => {
			if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify({ stories: results, triggered }, null, 2)}\n`);
		};
		writeJson();
		const failed = results.filter((story) => story.status !== 'success');
		log(`${results.length - failed.length}/${results.length} stories succeeded; ${seconds(t0)} in all`);
		if (failed.length > 0 || (values.once && live.length === 0)) {
			await stopAll();
			return failed.length > 0 ? 1 : 0;
		}

		const editor = await step(startEditor(n8n, values.port, join(userFolder, 'n8n.log')));
		if (live.length > 0) await step(connectWebhooks(live, editor.base, sandbox.info));
		const linkStory = results.find((story) => story.workflowId === PAYMENT_STORY.linkWorkflowId);
		const paymentLink = itemsOf(linkStory?.result ?? null, PAYMENT_STORY.linkNode)[0]?.paymentLink as string | undefined;
		const paid = live.find(({ workflow }) => workflow.id === PAYMENT_STORY.paidWorkflowId);
		if (values.once) {
			let code = 0;
			if (paymentLink && paid) {
				const since = Date.now();
				await step(pay(paymentLink));
				const story = await step(triggeredRun(n8n, paid, since));
				// Every delivery answered (Zertiban delivers at least once: the duplicate switch is on), then count.
				story.deliveries = (await step(settleWebhooks(sandbox.info))).map(({ eventType, eventUuid, status, body }) => ({ eventType, eventUuid, status, body }));
				story.executions = (await step(n8n.executions(paid.workflow.id))).length;
				printStory(paid, story, 'Zertiban webhook → n8n, real n8n');
				writeJson([story]);
				code = story.status === 'success' ? 0 : 1;
				log(`payment story: ${story.status}`);
			}
			await stopAll();
			return code;
		}
		out(`n8n editor: ${editor.base}/workflow/${linkStory?.workflowId ?? stories[0]?.workflow.id ?? ''}`);
		out(`login:      ${OWNER.email} / ${editor.password}`);
		if (paymentLink && paid) {
			out(`Pay the invoice: open ${paymentLink} and press Pay; "${paid.workflow.name}" then reports the direct payment.`);
		}
		out(`The stories' executions are listed under Executions. Sandbox and n8n run until Ctrl-C.`);
		const code = await new Promise<number | null>((done) => editor.child.once('exit', (exitCode) => done(exitCode)));
		if (shutdown) {
			await shutdown;
			return 0; // the way to end the interactive demo
		}
		log(`n8n exited (${code}); stopping the sandbox`);
		await stopAll();
		return 1;
	} catch (error) {
		if (shutdown) {
			await shutdown;
			log('interrupted');
			return 130;
		}
		log(`ERROR: ${(error as Error).message}`);
		if (error instanceof DemoError && error.details) process.stderr.write(`${tail(error.details)}\n`);
		await stopAll();
		return 1;
	} finally {
		if (userFolder && !values.keep) rmSync(userFolder, { recursive: true, force: true });
		else if (userFolder) log(`kept ${relative(REPO, userFolder)}`);
	}
}

void main().then(
	(code) => process.exit(code),
	(error: Error) => {
		log(`ERROR: ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
