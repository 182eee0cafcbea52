/**
 * The editor checks of the browser test (scripts/browser/index.ts) beyond the stories' own canvases: the node panel
 * (each action once; a trigger added from it works), a day field's picker, the payer-redirect notice, the Confirma
 * Finance credential test, the canvas warning of a trigger that would start on nothing, and README's ERP `curl`
 * calls pasted as they are. Each returns a one-line detail for the step's log line or throws a ScriptError.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { PACKAGE_NAME, REPO, run, ScriptError } from '../n8n';
import { byTestId, closeNode, openNode, rest, until, type Editor } from './page';

/** Names of the nodes on the workflow the test saves ({@link createNodesWorkflow}). */
export const NODES = {
	zertibanPolling: 'Zertiban Polling Trigger',
	cfisPolling: 'Confirma Finance Trigger',
	getOperation: 'Get Operation',
	submitPayment: 'Submit Payment',
	redirects: 'Payer Redirects',
	startsOnNothing: 'Starts On Nothing',
};
/** A seeded operation of the sandbox's business (sandbox/seed/operations.ts, `EXT-99`): the Get Operation's value. */
const SEED_OPERATION_UUID = '94ba8750-b772-4ca1-91b0-1c8a658a6175';

/** The credentials (`{type: {id, name}}`) the examples give this package's nodes, read from `examples/`. */
function exampleCredentials(): Record<string, { id: string; name: string }> {
	const found: Record<string, { id: string; name: string }> = {};
	for (const file of readdirSync(join(REPO, 'examples')).filter((f) => f.endsWith('.json'))) {
		const workflow = JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as { nodes: Array<{ credentials?: Record<string, { id: string; name: string }> }> };
		for (const node of workflow.nodes) Object.assign(found, node.credentials ?? {});
	}
	return found;
}

/**
 * Saves (through n8n's REST API) a workflow holding the nodes the stories do not have on their canvas, with the
 * examples' credentials: the two polling triggers, a Zertiban *Operation → Get* (for the operation search), a
 * Confirma Finance *Accounting → Submit Payment* (a day field), and two Zertiban Triggers, one starting on events and
 * payer redirects, one saved with nothing selected in Start Workflow On. Returns its id.
 */
export async function createNodesWorkflow(page: Page): Promise<string> {
	const credentials = exampleCredentials();
	const pick = (...types: string[]) => Object.fromEntries(types.map((type) => [type, credentials[type]]));
	const node = (name: string, type: string, x: number, parameters: Record<string, unknown>, creds: Record<string, unknown>) => ({
		id: randomUUID(),
		name,
		type: `${PACKAGE_NAME}.${type}`,
		typeVersion: 1,
		position: [x, 0],
		parameters,
		credentials: creds,
		...(type === 'zertibanTrigger' ? { webhookId: randomUUID() } : {}),
	});
	const workflow = await rest<{ id: string }>(page, 'POST', '/rest/workflows', {
		name: `Browser test: every node (${new Date().toISOString()})`,
		nodes: [
			node(NODES.zertibanPolling, 'zertibanPollingTrigger', 0, {}, pick('zertibanOAuth2Api')),
			node(NODES.cfisPolling, 'cfisTrigger', 300, {}, pick('cfisApi')),
			node(
				NODES.getOperation,
				'zertiban',
				600,
				{ resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'list', value: SEED_OPERATION_UUID } },
				pick('zertibanOAuth2Api'),
			),
			node(NODES.submitPayment, 'cfis', 900, { resource: 'accounting', operation: 'submitPayment' }, pick('cfisApi')),
			node(NODES.redirects, 'zertibanTrigger', 1200, { startOn: ['events', 'redirects'] }, pick('zertibanOAuth2Api')),
			node(NODES.startsOnNothing, 'zertibanTrigger', 1500, { startOn: [] }, pick('zertibanOAuth2Api')),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		active: false,
	});
	return workflow.id;
}

/** How many operations a node's registry holds (dist/nodes/<Service>/actions/router.js: one action each). */
function registeredOperations(service: 'Zertiban' | 'Cfis'): number {
	const { registry } = createRequire(__filename)(join(REPO, 'dist', 'nodes', service, 'actions', 'router.js')) as { registry: Record<string, Record<string, unknown>> };
	return Object.values(registry).reduce((sum, operations) => sum + Object.keys(operations).length, 0);
}

/** Opens the node panel of an empty workflow's "+" button, searches `node` and opens it; returns the panel's text. */
async function openInNodePanel(page: Page, editor: Editor, node: string): Promise<string> {
	await page.goto(`${editor.base}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await byTestId(page, 'canvas-add-button').click();
	await byTestId(page, 'node-creator-search-bar').fill(node);
	await byTestId(page, 'node-creator-item-name').filter({ hasText: new RegExp(`^${node}$`) }).first().click();
	const creator = byTestId(page, 'node-creator');
	return await until(`the node panel of ${node}`, async () => {
		const text = await creator.innerText();
		return /Actions \(\d+\)/.test(text) ? text : undefined;
	});
}

/**
 * The node panel lists each action of both action nodes once ("Actions (N)" with N their registered operations), and
 * the Zertiban trigger action "On payment link paid" adds a trigger that works: saved with that event, Start
 * Workflow On not emptied, no issue on the canvas.
 */
export async function checkNodePanel(page: Page, editor: Editor): Promise<string> {
	const counts: string[] = [];
	for (const [node, service] of [
		['Confirma Finance', 'Cfis'],
		['Zertiban', 'Zertiban'],
	] as const) {
		const text = await openInNodePanel(page, editor, node);
		const shown = Number(/Actions \((\d+)\)/.exec(text)?.[1]);
		const expected = registeredOperations(service);
		if (shown !== expected) throw new ScriptError(`${node}: the node panel shows "Actions (${shown})", but the node has ${expected} operations: some are listed twice or missing`);
		counts.push(`${node}: Actions (${shown})`);
	}
	// Still in Zertiban's panel: add the trigger as a newcomer does, then read what the editor saved.
	await byTestId(page, 'node-creator').locator('[data-test-id="node-creator-action-item"], [data-test-id="item-iterator-item"]').filter({ hasText: /^On payment link paid$/ }).first().click();
	await byTestId(page, 'ndv').waitFor();
	await closeNode(page);
	await page.keyboard.press('Control+s');
	await page.waitForURL(/\/workflow\/[A-Za-z0-9]+$/);
	const id = new URL(page.url()).pathname.split('/').pop() ?? '';
	const saved = await rest<{ nodes: Array<{ type: string; parameters: { startOn?: unknown; events?: unknown } }> }>(page, 'GET', `/rest/workflows/${id}`);
	const trigger = saved.nodes.find((node) => node.type === `${PACKAGE_NAME}.zertibanTrigger`);
	const { startOn, events } = trigger?.parameters ?? {};
	const startsOnEvents = startOn === undefined || (Array.isArray(startOn) && startOn.includes('events'));
	if (!trigger || !startsOnEvents || JSON.stringify(events) !== '["OPERATION_COMPLETED"]') {
		throw new ScriptError(`"On payment link paid" saved the trigger with startOn ${JSON.stringify(startOn)} and events ${JSON.stringify(events)}`);
	}
	const issues = await byTestId(byTestId(page, 'canvas-node').first(), 'node-issues').count();
	if (issues > 0) throw new ScriptError('the trigger added from the node panel shows an issue on the canvas');
	return `${counts.join(', ')}; "On payment link paid" saved events ["OPERATION_COMPLETED"], startOn ${JSON.stringify(startOn ?? '(default: events)')}`;
}

/**
 * A day field (Submit Payment → Payment Date) is a date-only picker: a day picked in its calendar is stored as
 * `YYYY-MM-DD`, nothing else (n8n's date-and-time picker stored the time of the click too).
 */
export async function checkDayField(page: Page): Promise<string> {
	const ndv = await openNode(page, NODES.submitPayment);
	const input = byTestId(ndv, 'parameter-input-paymentDate').locator('input').first();
	await input.click();
	await page.locator('.el-picker-panel:visible .el-date-table td.available').filter({ hasText: /^\s*28\s*$/ }).first().click();
	// The date input keeps the focus and swallows Escape: leave it, then close the panel with its close button.
	await input.blur();
	await byTestId(page, 'ndv-close-button').click();
	await byTestId(page, 'ndv').waitFor({ state: 'hidden' });
	await page.keyboard.press('Control+s');
	const id = new URL(page.url()).pathname.split('/').pop() ?? '';
	const stored = await until('the saved Payment Date', async () => {
		const saved = await rest<{ nodes: Array<{ name: string; parameters: { paymentDate?: unknown } }> }>(page, 'GET', `/rest/workflows/${id}`);
		return saved.nodes.find((node) => node.name === NODES.submitPayment)?.parameters.paymentDate as string | undefined;
	});
	if (!/^\d{4}-\d{2}-28$/.test(stored)) throw new ScriptError(`picking the 28th in Payment Date stored ${JSON.stringify(stored)}, not a date`);
	return `stored ${stored}`;
}

/**
 * The payer-redirect notice keeps its lines (one list item per URL), and a Zertiban Trigger saved with nothing in
 * Start Workflow On is flagged on the canvas while one with a selection is not.
 */
export async function checkTriggerNotices(page: Page): Promise<string> {
	const flagged = async (name: string) => (await byTestId(byTestId(page, 'canvas-node').filter({ hasText: name }).first(), 'node-issues').count()) > 0;
	if (!(await flagged(NODES.startsOnNothing))) throw new ScriptError(`"${NODES.startsOnNothing}" (Start Workflow On empty) shows no issue on the canvas`);
	if (await flagged(NODES.redirects)) throw new ScriptError(`"${NODES.redirects}" shows an issue on the canvas`);
	const ndv = await openNode(page, NODES.redirects);
	const lines = await ndv.locator('li').filter({ hasText: /^(Callback|Return) URL: GET URL \+ \?redirect=/ }).count();
	await closeNode(page);
	if (lines !== 2) throw new ScriptError(`the payer-redirect notice shows ${lines} of its 2 lines (Callback URL, Return URL)`);
	return 'the empty Start Workflow On is flagged; the redirect notice shows its 2 lines';
}

/**
 * The Confirma Finance credential test with a wrong token, as the credential window's test sends it
 * (`POST /rest/credentials/test` with the saved credential's data and the token as typed): it says what to do,
 * not just "Unauthorized"; with the saved token it passes.
 */
export async function checkCfisCredentialTest(page: Page): Promise<string> {
	const { cfisApi } = exampleCredentials();
	const saved = await rest<{ id: string; name: string; type: string; data: Record<string, unknown> }>(page, 'GET', `/rest/credentials/${cfisApi.id}?includeData=true`);
	const test = (data: Record<string, unknown>) =>
		rest<{ status: string; message: string }>(page, 'POST', '/rest/credentials/test', { credentials: { id: saved.id, name: saved.name, type: saved.type, data } });
	const wrong = await test({ ...saved.data, accessToken: 'not-a-confirma-finance-token' });
	if (wrong.status !== 'Error' || !/^Confirma Finance refused this token \(401\): .*not a client access token/.test(wrong.message)) {
		throw new ScriptError(`a wrong token's test said ${wrong.status}: "${wrong.message}"`);
	}
	const right = await test(saved.data);
	if (right.status !== 'OK') throw new ScriptError(`the saved token's test said ${right.status}: "${right.message}"`);
	return `wrong token: "${wrong.message.slice(0, 60)}…"`;
}

/**
 * README's ERP `curl` calls ("ERP in, link out"), run as they are after the line the demo printed: the ERP event
 * gets a payment link back (`created: true`), the same event again the same link (`created: false`), and the
 * callback request reaches the demo's ERP double.
 */
export async function checkReadmeCurl(editor: Editor): Promise<string> {
	const line = editor.erpLine ?? (process.env.N8N_URL && process.env.ERP_TOKEN && process.env.ERP_URL ? 'true' : undefined);
	if (!line) throw new ScriptError("no line from the demo for README's curl calls (export N8N_URL=… ERP_TOKEN=… ERP_URL=…)");
	const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('## ERP in, link out'));
	const block = /```bash\n([\s\S]*?)```/.exec(section)?.[1];
	if (!block) throw new ScriptError('README\'s "ERP in, link out" has no bash block');
	const paste = async () => {
		const result = await run('bash', ['-c', `set -e\n${line}\n${block}`], { timeoutMs: 120_000 });
		if (result.code !== 0) throw new ScriptError(`README's curl calls exited ${result.code}`, result.stderr + result.stdout);
		const [answer, callback] = result.stdout.split(/(?<=})(?={)/);
		return { answer: JSON.parse(answer) as { paymentLink?: string; created?: boolean }, callback: JSON.parse(callback) as unknown };
	};
	const first = await paste();
	const again = await paste();
	if (!first.answer.paymentLink || !/\/links\//.test(first.answer.paymentLink)) throw new ScriptError(`the ERP event got no payment link: ${JSON.stringify(first.answer)}`);
	if (again.answer.paymentLink !== first.answer.paymentLink || again.answer.created !== false) {
		throw new ScriptError(`the same ERP event again got ${JSON.stringify(again.answer)}, not the same link with created: false`);
	}
	if (JSON.stringify(first.callback) !== '{"ok":true}') throw new ScriptError(`the ERP callback request was answered ${JSON.stringify(first.callback)}`);
	return `link ${first.answer.paymentLink} (created: ${String(first.answer.created)}, then false)`;
}
