/**
 * `npm run demo [-- --once] [--queue] [--json FILE] [--no-build] [--no-stories] [--port N] [--keep]` (README.md, "Usage").
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
 *      password made up now), gives the payment record its API key and credential (scripts/record.ts; not on n8n 1.x,
 *      whose public API has no data tables: there the payer is not played either), and points the sandbox's webhooks
 *      at the published triggers (every event twice);
 *   6. with --once: plays the payer of the invoice-to-payment story (PAYMENT_STORY), waits for part 2's execution
 *      (started by the sandbox's webhook), waits until every delivery was answered, records the answers and the
 *      execution count under `triggered` in --json, prints it; then walks the lifecycle branches (expired link, paid
 *      elsewhere: ./lifecycle-story.ts, under `lifecycle` in --json); stops everything and exits 0 when all succeeded, 1
 *      otherwise. Without it: walks the lifecycle branches, then prints the editor URL, the login, the payment link to pay in a browser and the shell
 *      line for README's ERP `curl` calls (n8n's URL and the ERP webhook's header token), and runs until Ctrl-C.
 *
 *   With --queue: the same package in n8n's queue mode (scripts/queue.ts: Redis, a private PostgreSQL,
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
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { ERP_CREDENTIAL, ERP_STORY, erpCredential, erpShellLine, startErpDouble } from '../erp';
import { N8n, REPO, ScriptError as DemoError, ensureRuntime, itemsOf, prepareUserFolder, seconds, stopAll, tail } from '../n8n';
import { startQueueCluster, startQueueServices } from '../queue';
import { PAYMENT_STORY, credentialsFor, examplesForImport, liveExamples, readExamples, type StoryResult } from './examples';
import { OWNER, ownerEnv, editorPort, startEditor } from './editor';
import { RECORD_AVAILABLE, RECORD_NEEDS_N8N_2, importRecordCredential } from '../record';
import { printQueueStory, walkQueueStory } from './queue-story';
import { walkLifecycle, type LifecycleStoryResult } from './lifecycle-story';
import { INVOICE_CLOSED, LINK_ENDED } from '../lifecycle/templates';
import { build, connectWebhooks, log, out, pay, printStory, runStory, settleWebhooks, startSandbox, t0, triggeredRun } from './stories';

export type { StoryResult } from './examples';
export type { QueueStoryResult } from './queue-story';
export type { LifecycleStoryResult } from './lifecycle-story';

const USAGE = `usage: npm run demo [-- [--once] [--queue] [--json FILE] [--no-build] [--no-stories] [--port N] [--keep]]
  --once        run the stories (and pay the invoice-to-payment link), stop everything, exit 0 (all succeeded) or 1
  --queue       n8n in queue mode (Redis, PostgreSQL, main + 2 workers + 1 webhook process): the ERP story
  --json FILE   write the raw run results (n8n's execution JSON per story) to FILE
  --no-build    do not run \`npm run build\` first (dist/ must be current)
  --no-stories  do not run the stories through the CLI first: only the editor (the browser test runs part 1 itself)
  --port N      editor port (default: the first free one from 5678; 0: any free port)
  --keep        keep the n8n user folder under .demo/ after exit`;

/** The ERP story's webhook: the line that makes README's `curl` calls paste as they are, and what it is for. */
function printErpLine(base: string, token: string, erpUrl: string) {
	out(`ERP webhook: ${base}/webhook/${ERP_STORY.webhookPath}, header ${ERP_STORY.header} (the credential "${ERP_CREDENTIAL.name}"); ERP callback: ${erpUrl}. For README's curl calls, run:`);
	out(`  ${erpShellLine(base, token, erpUrl)}`);
}

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
		for (const { workflow } of live) await step(n8n.publish(workflow.id, `published "${workflow.name}"`));

		if (services) {
			const owner = ownerEnv(runtime);
			const mainPort = await editorPort(values.port);
			const cluster = await step(startQueueCluster(n8n, services, { workers: 2, webhooks: 1, logDir: userFolder, mainEnv: owner.env, mainPort }));
			await step(importRecordCredential(n8n, cluster.main.base, owner.password));
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
			printErpLine(cluster.webhooks[0].base, erp.token, erpDouble.url);
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
		const writeJson = (triggered: StoryResult[] = [], lifecycle?: LifecycleStoryResult) => {
			if (values.json) writeFileSync(resolve(values.json), `${JSON.stringify({ stories: results, triggered, lifecycle }, null, 2)}\n`);
		};
		writeJson();
		const failed = results.filter((story) => story.status !== 'success');
		log(`${results.length - failed.length}/${results.length} stories succeeded; ${seconds(t0)} in all`);
		if (failed.length > 0 || (values.once && live.length === 0)) {
			await stopAll();
			return failed.length > 0 ? 1 : 0;
		}

		const editor = await step(startEditor(n8n, values.port, join(userFolder, 'n8n.log')));
		if (RECORD_AVAILABLE) await step(importRecordCredential(n8n, editor.base, editor.password));
		else log(`the payment record is not set up and part 2 is not paid for: ${RECORD_NEEDS_N8N_2}`);
		if (live.length > 0) await step(connectWebhooks(live, editor.base, sandbox.info));
		const linkStory = results.find((story) => story.workflowId === PAYMENT_STORY.linkWorkflowId);
		const paymentLink = itemsOf(linkStory?.result ?? null, PAYMENT_STORY.linkNode)[0]?.paymentLink as string | undefined;
		const paid = live.find(({ workflow }) => workflow.id === PAYMENT_STORY.paidWorkflowId);
		const paidHook = paid?.workflow.nodes.find((node) => node.webhookId)?.webhookId ?? '';
		// The lifecycle branches need part 1 (the ERP's entry) and both lifecycle templates live.
		const lifecycleLive = [ERP_STORY.workflowId, LINK_ENDED.id, INVOICE_CLOSED.id].every((id) => live.some(({ workflow }) => workflow.id === id));
		if (values.once) {
			let code = 0;
			if (paymentLink && paid && RECORD_AVAILABLE) {
				const since = Date.now();
				await step(pay(paymentLink));
				const story = await step(triggeredRun(n8n, paid, since));
				// Every delivery answered (Zertiban delivers at least once: the duplicate switch is on), then count.
				story.deliveries = (await step(settleWebhooks(sandbox.info)))
					.filter(({ url }) => url.includes(paidHook)) // part 2's trigger (the lifecycle one gets every event too)
					.map(({ eventType, eventUuid, status, body }) => ({ eventType, eventUuid, status, body }));
				story.executions = (await step(n8n.executions(paid.workflow.id))).filter((execution) => execution.mode === 'webhook').length;
				printStory(paid, story, 'Zertiban webhook → n8n, real n8n');
				const lifecycle = lifecycleLive ? await step(walkLifecycle(editor.base, sandbox.info, { token: erp.token, callbacks: erpDouble.callbacks })) : undefined;
				writeJson([story], lifecycle);
				code = story.status === 'success' ? 0 : 1;
				log(`payment story: ${story.status}`);
			}
			await stopAll();
			return code;
		}
		if (lifecycleLive) await step(walkLifecycle(editor.base, sandbox.info, { token: erp.token, callbacks: erpDouble.callbacks }));
		out(`n8n editor: ${editor.base}/workflow/${linkStory?.workflowId ?? stories[0]?.workflow.id ?? ''}`);
		out(`login:      ${OWNER.email} / ${editor.password}`);
		if (paymentLink && paid) {
			out(`Pay the invoice: open ${paymentLink} and press Pay; "${paid.workflow.name}" then reports the direct payment.`);
		}
		if (live.some(({ workflow }) => workflow.id === ERP_STORY.workflowId)) printErpLine(editor.base, erp.token, erpDouble.url);
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
