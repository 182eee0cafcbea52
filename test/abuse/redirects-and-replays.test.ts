/**
 * Category "redirects-and-replays": what starts executions more than once. A payer's browser reloading the
 * redirect URL, or a shared link, 200 times for one COMPLETED operation (one after another, and 50 at once); an
 * OPENED operation's redirects before and after it completes; forged operation IDs; and a replayed webhook
 * delivery inside the replay window after 1,500 newer events and a restart of n8n (a fresh process: every
 * module loaded again, only the static data kept). Each extra execution for one (operation, outcome) or one
 * event UUID is a duplicate execution; a GET that starts nothing for a real first redirect is an item lost.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { ZERTIBAN_WEBHOOK_SECRET } from '../../sandbox/seed';
import { zertibanControl } from '../helpers/zertiban';
import { StaticDataStore, callWebhook, canonicalIterative, sandboxFixture, signText, type TriggerNodeSetup } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('redirects-and-replays');
afterAll(() => tally.save());

const COMPLETED = '0a621874-852f-4794-a3cc-b38f06c8eabe';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeAll(async () => {
	fx = await sandboxFixture();
});
afterAll(async () => await fx.close());

/** One workflow per static data store: a fresh store is a new workflow (its own ID), as in n8n. */
const workflowIds = new WeakMap<StaticDataStore, string>();

function trigger(staticData = new StaticDataStore(), startOn = ['events', 'redirects']): TriggerNodeSetup {
	if (!workflowIds.has(staticData)) workflowIds.set(staticData, randomUUID());
	return { type: 'zertibanTrigger', parameters: { events: ['*'], startOn }, credentials: fx.zertibanCredentials(), staticData, workflowId: workflowIds.get(staticData) };
}

const redirect = (setup: TriggerNodeSetup, operationId: string, kind: 'callback' | 'return' = 'callback') =>
	callWebhook(setup, { webhookName: 'setup', query: { operationId, redirect: kind, operationStatus: 'COMPLETED' } });

/** Runs `count` GETs, `parallel` at a time; returns how many started an execution, counting thrown calls as crashes. */
async function burst(setup: TriggerNodeSetup, operationId: string, count: number, parallel: number, name: string): Promise<number> {
	let executions = 0;
	for (let start = 0; start < count; start += parallel) {
		const batch = Array.from({ length: Math.min(parallel, count - start) }, (_, i) =>
			redirect(setup, operationId, (start + i) % 3 === 0 ? 'return' : 'callback').then(
				(result) => {
					tally.case();
					if (result.status >= 500) tally.fail('crashes', 1, `${name}: answered ${result.status}`);
					if (result.items) executions++;
				},
				(error: Error) => {
					tally.case();
					tally.fail('crashes', 1, `${name}: threw ${error.message}`);
				},
			),
		);
		await Promise.all(batch);
	}
	return executions;
}

/** One webhook call in a new process (n8n after a restart): see ./restart-child.ts. */
function afterRestart(input: unknown): { status: number; executed: boolean; staticData: IDataObject } {
	const file = join(mkdtempSync(join(tmpdir(), 'abuse-restart-')), 'input.json');
	writeFileSync(file, JSON.stringify(input));
	const tsx = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
	const out = execFileSync(tsx, [join(__dirname, 'restart-child.ts'), file], { encoding: 'utf8', timeout: 60_000 });
	return JSON.parse(out.trim().split('\n').pop()!) as { status: number; executed: boolean; staticData: IDataObject };
}

function expectOnce(name: string, executions: number): void {
	if (executions > 1) tally.fail('duplicateExecutions', executions - 1, `${name}: ${executions} executions for one operation and outcome`);
	if (executions === 0) tally.fail('itemsLost', 1, `${name}: no execution at all`);
}

describe('redirects-and-replays', () => {
	it('200 GETs of the redirect URL for one COMPLETED operation start one execution', async () => {
		expectOnce('200 sequential redirects, COMPLETED', await burst(trigger(), COMPLETED, 200, 1, '200 sequential redirects, COMPLETED'));
	});

	it('a burst of 50 simultaneous GETs starts one execution', async () => {
		expectOnce('50 simultaneous redirects, COMPLETED', await burst(trigger(), COMPLETED, 50, 50, '50 simultaneous redirects, COMPLETED'));
	});

	it('an OPENED operation: one execution while open, one more once it is paid', async () => {
		const staticData = new StaticDataStore();
		const [flow] = await (await import('../helpers/zertiban')).createSandboxFlows(fx.info, 1, 1, `RR-${randomUUID().slice(0, 8)}`);
		const uuid = flow.operations[0].uuid;
		await zertibanControl(fx.info, `operations/${uuid}/open`);
		const setup = trigger(staticData);
		let executions = 0;
		for (let i = 0; i < 60; i++) {
			tally.case();
			if ((await redirect(setup, uuid, 'callback')).items) executions++;
		}
		expectOnce('60 callbacks of an OPENED operation', executions);
		await zertibanControl(fx.info, `operations/${uuid}/complete`);
		expectOnce('100 redirects after it completed', await burst(setup, uuid, 100, 1, '100 redirects after it completed'));
	});

	it('forged operation IDs start nothing', async () => {
		const setup = trigger();
		for (let i = 0; i < 100; i++) {
			tally.case();
			const result = await redirect(setup, randomUUID());
			if (result.items) tally.fail('duplicateExecutions', 1, 'a forged operation ID started an execution');
		}
	});

	it('a delivery replayed after 1,500 newer events and a restart runs once', async () => {
		const staticData = new StaticDataStore();
		const send = async (body: Record<string, unknown>, headers: Record<string, string>) =>
			await callWebhook(trigger(staticData, ['events']), { webhookName: 'default', body, headers });
		const event = (n: number) => ({
			eventUuid: randomUUID(),
			timestamp: new Date().toISOString(),
			eventType: 'OPERATION_OPENED',
			metadata: { apiVersion: 'v1', organizationUuid: fx.info.zertiban.businessUuid },
			resource: { uuid: randomUUID(), externalId: `R-${n}`, status: 'OPENED' },
		});
		const first = event(0);
		const firstHeaders = signText(canonicalIterative(first), ZERTIBAN_WEBHOOK_SECRET);
		let executions = 0;
		if ((await send(first, firstHeaders)).items) executions++;
		for (let n = 1; n <= 1500; n++) {
			const body = event(n);
			tally.case();
			const result = await send(body, signText(canonicalIterative(body), ZERTIBAN_WEBHOOK_SECRET));
			if (!result.items) tally.fail('itemsLost', 1, `fresh event ${n} started no execution (${result.status})`);
		}
		// Without a restart the replay is caught.
		tally.case();
		if ((await send(first, firstHeaders)).items) executions++;
		// A restart: a new process that keeps only the static data.
		for (let i = 0; i < 2; i++) {
			tally.case();
			const again = afterRestart({ parameters: trigger(staticData, ['events']).parameters, credentials: fx.zertibanCredentials().data, staticData: staticData.data, request: { webhookName: 'default', body: first, headers: firstHeaders } });
			if (again.executed) executions++;
			staticData.data = again.staticData;
		}
		expectOnce('replay of the first of 1,501 events inside the replay window (also after a restart)', executions);
	});

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThan(300);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
