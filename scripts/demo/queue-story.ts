/** The ERP story in n8n queue mode (`npm run demo -- --queue`): walked and printed. */
import { erpEvent, postErpEvent, startErpDouble, ERP_STORY, type ErpCallback, type ErpLinkAnswer } from '../erp';
import { N8n, ScriptError as DemoError, seconds, sleep } from '../n8n';
import { executionPlaces, rssMb, type QueueCluster } from '../queue';
import { log, out, pay } from './stories';

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
export async function walkQueueStory(
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

export function printQueueStory(story: QueueStoryResult, cluster: QueueCluster) {
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
