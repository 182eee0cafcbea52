/** The demo's steps around n8n: build, sandbox, running and printing stories, the payer, webhook deliveries. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';

import type { SandboxInfo } from '../../sandbox/index';
import type { DeliveryAttempt } from '../../sandbox/webhooks';
import { N8n, PACKAGE_NAME, REPO, ScriptError as DemoError, connectZertibanTriggers, itemsOf, parseRun, run, seconds, settled, sleep, tail, track, type N8nRun } from '../n8n';
import { ZERTIBAN_TRIGGER, type Example, type StoryResult, type Workflow } from './examples';

/** When the demo started (epoch ms). */
export const t0 = Date.now();
/** Progress to stderr. */
export const log = (message: string) => process.stderr.write(`[demo] ${message}\n`);
/** Results to stdout. */
export const out = (text = '') => process.stdout.write(`${text}\n`);

export async function build() {
	const started = Date.now();
	log('npm run build ...');
	const result = await run('npm', ['run', 'build'], { timeoutMs: 5 * 60_000 });
	if (result.code !== 0) throw new DemoError('npm run build failed', result.stdout + result.stderr);
	log(`built the package in ${seconds(started)}`);
}

export async function startSandbox(): Promise<{ child: ChildProcess; info: SandboxInfo }> {
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

export function ourOutputs(workflow: Workflow, run: N8nRun | null): StoryResult['outputs'] {
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

export async function runStory(n8n: N8n, { file, workflow }: Example): Promise<StoryResult> {
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


export function describeNode(workflow: Workflow, name: string) {
	const node = workflow.nodes.find((candidate) => candidate.name === name);
	const apps: Record<string, string> = { cfis: 'Confirma Finance', zertiban: 'Zertiban', zertibanTrigger: 'Zertiban Trigger', cfisTrigger: 'Confirma Finance Trigger' };
	const app = apps[node?.type.slice(PACKAGE_NAME.length + 1) ?? ''] ?? node?.type;
	const { resource, operation } = node?.parameters ?? {};
	return resource && operation ? `${app}: ${String(resource)} → ${String(operation)}` : String(app);
}

export function printStory(example: Example, story: StoryResult, how = 'n8n execute, real n8n') {
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

/** Waits (bounded) until every live example's trigger answers, then makes the sandbox send its events there. */
export async function connectWebhooks(live: Example[], base: string, info: SandboxInfo) {
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
export async function settleWebhooks(info: SandboxInfo): Promise<DeliveryAttempt[]> {
	const response = await fetch(`${info.zertiban.baseUrl}/__sandbox/webhooks/settle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	if (!response.ok) throw new DemoError(`the sandbox refused webhooks/settle (${response.status})`);
	return ((await response.json()) as { deliveries: DeliveryAttempt[] }).deliveries;
}

/** Plays the payer on the sandbox's hosted page: opens `link`, presses Pay. */
export async function pay(link: string) {
	const opened = await fetch(link);
	const paid = await fetch(`${link}/pay`, { method: 'POST', redirect: 'manual' });
	if (opened.status !== 200 || paid.status !== 303) throw new DemoError(`the payer page answered ${opened.status} / ${paid.status} (expected 200 / 303)`);
	log('the payer opened the payment link and pressed Pay');
}

/**
 * Waits (bounded, 30 s) for the first finished execution of `example` started by a webhook (not by its sweep's
 * schedule) and reads it as a story result.
 */
export async function triggeredRun(n8n: N8n, { file, workflow }: Example, since: number): Promise<StoryResult> {
	for (let tries = 0; tries < 60; tries++) {
		const [first] = (await n8n.executions(workflow.id, { withData: true })).filter((execution) => execution.mode === 'webhook' && settled(execution));
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
