/**
 * `npm run test:browser [-- --screenshots DIR] [--no-build] [--editor URL --email E --password P]` and `npm run screenshots`
 * (issue 13 §5): the demo's real n8n driven in Chromium the way a newcomer uses it.
 *
 *   1. finds or installs Chromium (scripts/chromium.sh: Debian's package; Playwright's download is not used) and
 *      starts `npm run demo` on a free port (`--no-build`: dist/ is current, as in `npm test`) (or, with --editor/--email/--password, uses a demo already running);
 *   2. logs in, opens part 1 of the invoice-to-payment story and the panels of its Confirma Finance and Zertiban
 *      nodes (each must render its parameters with no parameter issue and no page error), and searches a
 *      configuration by a part of its name (`urgent`) in the Zertiban node's resource locator;
 *   3. executes part 1 in the editor, reads the payment link from its last node, opens it, presses Pay on the payer
 *      page (reading the invoice number from its concept) and checks the link now shows COMPLETED;
 *   4. saves (n8n's REST API) a workflow with the nodes the stories lack, the Zertiban Polling Trigger, the
 *      Confirma Finance Trigger and a Zertiban Operation → Get, opens their panels and searches an operation by a
 *      prefix of part 1's operation external ID in lower case (`inv-<first digits of the invoice number>`);
 *   5. opens part 2's Zertiban Trigger panel, then waits for part 2's successful execution (started by the
 *      sandbox's signed webhook; asked of n8n's API) and opens it in the editor.
 *
 * Nodes are found by name on the stories' canvases, panels and lists by n8n's data-test-ids, never by the wording
 * of our descriptions. Every wait is on a condition (an element, an answer), bounded by WAIT_MS; nothing sleeps a
 * fixed time.
 *
 * Prints one line per step with its time, then `browser test: passed in N s` (exit 0) or the failed step (exit 1;
 * the page at the failure is saved as `.browser-shots/failure.png`). With --screenshots DIR the README's pictures
 * are written to DIR along the way (`npm run screenshots` = `--screenshots docs/images`). Every wait is bounded;
 * the demo is stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { freePort, PACKAGE_NAME, REPO, run, ScriptError, sleep, stop, stopAll, track } from './n8n';

/** Chromium's flags (shared/n8n/runtime.md §8): headless, no sandbox (root in a container), no network chatter. */
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The bound on any one wait in the page. n8n's editor bundle is large; on a busy 2-core machine it loads slowly. */
const WAIT_MS = 180_000;
const STORY = { part1: 'zcInvoiceToPay01', part2: 'zcPaidToInvoice01' };
/** Names of the polling triggers on the workflow the test saves (createNodesWorkflow). */
const POLLING = { zertiban: 'Zertiban Polling Trigger', cfis: 'Confirma Finance Trigger' };
/** A seeded operation of the sandbox's business (sandbox/seed/operations.ts, `EXT-99`): the Get Operation's value. */
const SEED_OPERATION_UUID = '94ba8750-b772-4ca1-91b0-1c8a658a6175';
const FAILURE_SHOTS = join(REPO, '.browser-shots');

const log = (message: string) => process.stderr.write(`[browser] ${message}\n`);

interface Editor {
	base: string;
	email: string;
	password: string;
	demo?: ChildProcess;
}

// ---- the demo -----------------------------------------------------------------------------------------------

/** Starts `npm run demo -- --port <free>` and reads the editor URL and the login from its output (bounded). */
async function startDemo(build: boolean): Promise<Editor> {
	const port = await freePort();
	const args = ['--port', String(port), '--no-stories', ...(build ? [] : ['--no-build'])];
	log(`starting the demo (npm run demo -- ${args.join(' ')}) ...`);
	const demo = track(spawn('bash', [join(REPO, 'scripts', 'demo.sh'), ...args], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
	let stderr = '';
	demo.stderr?.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const found: Partial<Editor> = { demo };
	const lines = createInterface({ input: demo.stdout! });
	const ready = new Promise<void>((done, fail) => {
		lines.on('line', (line) => {
			const editor = /^n8n editor: (http:\/\/\S+?)\/workflow\//.exec(line);
			const login = /^login:\s+(\S+) \/ (\S+)$/.exec(line);
			if (editor) found.base = editor[1];
			if (login) [found.email, found.password] = [login[1], login[2]];
			if (found.base && found.password) done();
		});
		demo.once('exit', (code) => fail(new ScriptError(`the demo exited (${code}) before the editor was up`, stderr)));
	});
	// A first run installs n8n (minutes); later runs build, import the examples and start n8n (the stories are not
	// run through the CLI first: the e2e project does that, and this test executes part 1 in the editor).
	const timeout = sleep(30 * 60_000).then(() => {
		throw new ScriptError('the demo did not print the editor URL within 30 min', stderr);
	});
	await Promise.race([ready, timeout]);
	return found as Editor;
}

// ---- page helpers -------------------------------------------------------------------------------------------

/** Collects uncaught errors of the page (the editor's own JavaScript), so each step can assert there were none. */
class PageErrors {
	private errors: string[] = [];
	constructor(page: Page) {
		page.on('pageerror', (error) => this.errors.push(error.message));
	}
	/** Throws when the page raised an error since the last call. */
	check(what: string) {
		const errors = this.errors.splice(0);
		if (errors.length > 0) throw new ScriptError(`${what}: the page raised ${errors.length} error(s): ${errors.join(' | ').slice(0, 500)}`);
	}
}

const byTestId = (page: Page | Locator, id: string) => page.locator(`[data-test-id="${id}"]`);

async function login(page: Page, editor: Editor) {
	await page.goto(`${editor.base}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator('input[type=password]').waitFor();
	await page.locator('input[type=email]').fill(editor.email);
	await page.locator('input[type=password]').fill(editor.password);
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/home\//);
}

async function openWorkflow(page: Page, editor: Editor, id: string) {
	await page.goto(`${editor.base}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await byTestId(page, 'canvas-node').first().waitFor();
}

/** Opens a node's panel (double click on the canvas) and waits until its parameters are shown. */
async function openNode(page: Page, name: string): Promise<Locator> {
	await byTestId(page, 'canvas-node').filter({ hasText: name }).first().dblclick();
	const ndv = byTestId(page, 'ndv');
	await ndv.waitFor();
	await byTestId(ndv, 'node-parameters').waitFor();
	return ndv;
}

async function closeNode(page: Page) {
	await page.keyboard.press('Escape');
	await byTestId(page, 'ndv').waitFor({ state: 'hidden' });
}

/**
 * Checks a node's open panel: its parameters render (at least `minParameters` inputs), it shows no parameter
 * issue, and the page raised no error.
 */
async function checkPanel(ndv: Locator, errors: PageErrors, what: string, minParameters = 2) {
	const inputs = await byTestId(ndv, 'node-parameters').locator('[data-test-id^="parameter-input"]').count();
	if (inputs < minParameters) throw new ScriptError(`${what}: the panel shows ${inputs} parameter input(s), expected at least ${minParameters}`);
	const issues = await byTestId(ndv, 'parameter-issues').count();
	if (issues > 0) throw new ScriptError(`${what}: the panel shows ${issues} parameter issue(s)`);
	errors.check(what);
	return inputs;
}

/**
 * Waits (polling the condition every 500 ms, bounded by WAIT_MS) until `check` returns a value, and returns it.
 * For what the page shows only after a request of its own (a search list, an execution list).
 */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new ScriptError(`${what}: not within ${timeoutMs / 1000} s`);
		await sleep(500);
	}
}

/**
 * Types `query` into the list of the resource locator `parameter` (switching it to "From list") and returns the
 * texts of the items offered, once every item offered contains `query` (case-insensitive: the list was filtered)
 * or the list says "No results".
 */
async function searchResourceLocator(page: Page, ndv: Locator, parameter: string, query: string): Promise<string[]> {
	const locator = byTestId(ndv, `resource-locator-${parameter}`);
	await locator.waitFor();
	await byTestId(locator, 'rlc-mode-selector').click();
	await page.locator('.el-select-dropdown__item:visible, [role=option]:visible').filter({ hasText: /^From list$/ }).first().click();
	await byTestId(locator, 'rlc-input').click();
	const search = page.locator('input[placeholder="Search..."]:visible').first();
	await search.fill(query);
	const items = page.locator('[data-test-id="rlc-item"]:visible');
	const none = page.getByText('No results', { exact: true }).locator('visible=true');
	const needle = query.toLowerCase();
	return await until(`the search for "${query}" in ${parameter}`, async () => {
		if (await none.first().isVisible()) return [];
		const texts = await items.allInnerTexts();
		return texts.length > 0 && texts.every((text) => text.toLowerCase().includes(needle)) ? texts : undefined;
	});
}

/** Calls n8n's REST API from inside the logged-in page (its cookie, and the `browser-id` header n8n checks). */
async function rest<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
	const answer = await page.evaluate(
		async ({ method, path, body }) => {
			const response = await fetch(path, {
				method,
				credentials: 'include',
				headers: { 'content-type': 'application/json', 'browser-id': localStorage.getItem('n8n-browserId') ?? '' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			return { status: response.status, text: await response.text() };
		},
		{ method, path, body },
	);
	if (answer.status >= 300) throw new ScriptError(`${method} ${path} answered ${answer.status}`, answer.text.slice(0, 2000));
	return (JSON.parse(answer.text) as { data: T }).data;
}

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
 * examples' credentials: the two polling triggers and a Zertiban *Operation → Get* (for the operation search).
 * Returns its id.
 */
async function createNodesWorkflow(page: Page): Promise<string> {
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
	});
	const workflow = await rest<{ id: string }>(page, 'POST', '/rest/workflows', {
		name: `Browser test: every node (${new Date().toISOString()})`,
		nodes: [
			node(POLLING.zertiban, 'zertibanPollingTrigger', 0, {}, pick('zertibanOAuth2Api')),
			node(POLLING.cfis, 'cfisTrigger', 300, {}, pick('cfisApi')),
			node(
				'Get Operation',
				'zertiban',
				600,
				{ resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'list', value: SEED_OPERATION_UUID } },
				pick('zertibanOAuth2Api'),
			),
		],
		connections: {},
		settings: { executionOrder: 'v1' },
		active: false,
	});
	return workflow.id;
}

// ---- the test -----------------------------------------------------------------------------------------------

interface Options {
	screenshots?: string;
}

async function browserTest(page: Page, editor: Editor, options: Options) {
	const errors = new PageErrors(page);
	const shot = async (name: string, target: Page | Locator = page) => {
		if (options.screenshots) await target.screenshot({ path: join(options.screenshots, `${name}.png`) });
	};
	const started = Date.now();
	const failed: string[] = [];
	/** Runs one step; a failed step is recorded and the next one runs (each opens its own page), unless `hard`. */
	const step = async (what: string, work: () => Promise<string | void>, hard = false) => {
		const t = Date.now();
		try {
			const detail = await work();
			log(`${what}: ${((Date.now() - t) / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}`);
		} catch (error) {
			if (hard) throw error;
			failed.push(`${what}: ${(error as Error).message.split('\n')[0]}`);
			log(`${what}: FAILED after ${((Date.now() - t) / 1000).toFixed(1)} s: ${(error as Error).message}`);
			await page.screenshot({ path: join(FAILURE_SHOTS, `failed-step-${failed.length}.png`) }).catch(() => undefined);
		}
	};

	mkdirSync(FAILURE_SHOTS, { recursive: true });
	page.on('dialog', (dialog) => void dialog.accept()); // "leave the page?" when a step navigates away from changes
	await step('log in', () => login(page, editor), true);

	await step('open part 1 of the story', async () => {
		await openWorkflow(page, editor, STORY.part1);
		for (const name of ['Create Invoice', 'Create Payment Link', 'Payment Link']) await byTestId(page, 'canvas-node').filter({ hasText: name }).first().waitFor();
		errors.check('part 1 canvas');
		await shot('invoice-to-payment-link');
	}, true);

	await step('Confirma Finance panel (Create Invoice)', async () => {
		const ndv = await openNode(page, 'Create Invoice');
		const inputs = await checkPanel(ndv, errors, 'Create Invoice', 10);
		await shot('confirma-finance-create-invoice');
		await closeNode(page);
		return `${inputs} inputs`;
	});

	await step('Zertiban panel (Create Payment Link) and a configuration search', async () => {
		const ndv = await openNode(page, 'Create Payment Link');
		const inputs = await checkPanel(ndv, errors, 'Create Payment Link', 5);
		await shot('zertiban-create-payment-link');
		const found = await searchResourceLocator(page, ndv, 'configurationUuid', 'urgent');
		if (found.length === 0) throw new ScriptError('the configuration search for "urgent" found nothing');
		await shot('zertiban-configuration-search');
		await page.keyboard.press('Escape');
		await closeNode(page);
		return `${inputs} inputs; "urgent" found: ${found.join(' | ')}`;
	});

	let paymentLink = '';
	let invoiceNumber = '';
	await step('execute part 1 in the editor', async () => {
		await byTestId(page, 'execute-workflow-button').click({ force: true });
		// The last node turns green when the run succeeded; an error shows on the failing node instead.
		const last = byTestId(page, 'canvas-node').filter({ hasText: 'Payment Link' }).last();
		await last.locator('[data-test-id="canvas-node-status-success"]').waitFor();
		errors.check('execute part 1');
		await shot('invoice-to-payment-link-executed');
		const ndv = await openNode(page, 'Payment Link');
		const text = await byTestId(ndv, 'output-panel').innerText();
		paymentLink = /https?:\/\/\S+\/links\/\S+/.exec(text)?.[0] ?? '';
		if (!paymentLink) throw new ScriptError('the Payment Link node shows no payment link');
		await closeNode(page);
		return paymentLink;
	}, true);

	await step('pay on the payer page', async () => {
		const payer = await page.context().newPage();
		await payer.goto(paymentLink, { waitUntil: 'domcontentloaded' });
		await shot('payer-page', payer);
		// Part 1's concept is "Invoice <number>, reference …" and its operation's external ID INV-<number>.
		invoiceNumber = /Invoice (\d+)/.exec(await payer.locator('body').innerText())?.[1] ?? '';
		if (!invoiceNumber) throw new ScriptError('the payer page shows no invoice number in the concept');
		const [answer] = await Promise.all([
			payer.waitForResponse((r) => r.request().method() === 'POST' && /\/pay$/.test(new URL(r.url()).pathname)),
			payer.getByRole('button', { name: /^Pay$/ }).click(),
		]);
		if (answer.status() >= 400) throw new ScriptError(`the payer page answered ${answer.status()} to Pay`);
		// The link's page now shows the operation's status: the payment went through.
		await payer.goto(paymentLink, { waitUntil: 'domcontentloaded' });
		const status = (await payer.locator('#status').innerText()).trim();
		await payer.close();
		if (status !== 'COMPLETED') throw new ScriptError(`after Pay the operation is ${status}, not COMPLETED`);
		return status;
	}, true);

	let nodesWorkflow = '';
	await step('every node: the polling triggers and an operation search', async () => {
		nodesWorkflow = await createNodesWorkflow(page);
		await openWorkflow(page, editor, nodesWorkflow);
		const counts: string[] = [];
		for (const name of [POLLING.zertiban, POLLING.cfis]) {
			const ndv = await openNode(page, name);
			counts.push(`${name}: ${await checkPanel(ndv, errors, name, 1)} inputs`);
			await shot(name === POLLING.zertiban ? 'zertiban-polling-trigger' : 'confirma-finance-trigger');
			await closeNode(page);
		}
		// Part 1's operation has the external ID INV-<invoice number>: its start, in lower case, finds it.
		const ndv = await openNode(page, 'Get Operation');
		await checkPanel(ndv, errors, 'Get Operation');
		const query = `inv-${invoiceNumber.slice(0, 6)}`;
		const found = await searchResourceLocator(page, ndv, 'operationUuid', query);
		if (!found.some((text) => text.startsWith(`INV-${invoiceNumber} — `))) throw new ScriptError(`the operation search for "${query}" did not offer INV-${invoiceNumber}: ${found.join(' | ')}`);
		await shot('zertiban-operation-search');
		await page.keyboard.press('Escape');
		await closeNode(page);
		return `${counts.join('; ')}; "${query}" found ${found.length} operation(s)`;
	});

	await step('Zertiban Trigger panel (part 2)', async () => {
		await openWorkflow(page, editor, STORY.part2);
		const ndv = await openNode(page, 'Payment Completed');
		const inputs = await checkPanel(ndv, errors, 'Zertiban Trigger', 2);
		await shot('zertiban-trigger');
		await closeNode(page);
		return `${inputs} inputs`;
	});

	await step("part 2's successful execution", async () => {
		// Started by the sandbox's signed webhook after the payment: asked of n8n's API until it is there (bounded).
		const filter = encodeURIComponent(JSON.stringify({ workflowId: STORY.part2, status: ['success'] }));
		const id = await until("part 2's successful execution", async () => {
			const answer = await rest<{ results?: Array<{ id: string }> }>(page, 'GET', `/rest/executions?filter=${filter}&limit=5`);
			return answer.results?.[0]?.id;
		});
		await page.goto(`${editor.base}/workflow/${STORY.part2}/executions/${id}`, { waitUntil: 'domcontentloaded' });
		await byTestId(page, `execution-details-${id}`).waitFor();
		const label = byTestId(page, 'execution-preview-label');
		await label.waitFor();
		const shown = (await label.innerText()).trim();
		if (!/^Succe/i.test(shown)) throw new ScriptError(`part 2's execution ${id} shows "${shown}"`);
		// The preview draws the executed nodes once the execution's data is loaded.
		await byTestId(byTestId(page, 'execution-preview-host'), 'canvas-node').first().waitFor();
		await page.keyboard.press('Escape'); // a "Production checklist" pop-over may cover the list
		errors.check("part 2's executions");
		await shot('payment-to-invoice-paid-execution');
		return `execution ${id}: ${shown}`;
	});

	if (failed.length > 0) throw new ScriptError(`${failed.length} step(s) failed:\n  ${failed.join('\n  ')}`);
	return (Date.now() - started) / 1000;
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			screenshots: { type: 'string' },
			editor: { type: 'string' },
			email: { type: 'string' },
			password: { type: 'string' },
			'no-build': { type: 'boolean', default: false },
		},
		strict: true,
	});
	const t0 = Date.now();
	const options: Options = { screenshots: values.screenshots ? resolve(values.screenshots) : undefined };
	if (options.screenshots) mkdirSync(options.screenshots, { recursive: true });
	let browser: Browser | undefined;
	let page: Page | undefined;
	let editor: Editor | undefined;
	try {
		const found = await run('bash', [join(REPO, 'scripts', 'chromium.sh')], { timeoutMs: 10 * 60_000, echo: true });
		const executablePath = found.stdout.trim().split('\n').pop() ?? '';
		if (found.code !== 0 || !executablePath) throw new ScriptError('scripts/chromium.sh found no Chromium', found.stderr);
		editor =
			values.editor && values.email && values.password
				? { base: values.editor.replace(/\/$/, ''), email: values.email, password: values.password }
				: await startDemo(!values['no-build']);
		log(`editor at ${editor.base} after ${((Date.now() - t0) / 1000).toFixed(1)} s; Chromium ${executablePath}`);
		browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout: WAIT_MS });
		page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
		page.setDefaultTimeout(WAIT_MS);
		page.setDefaultNavigationTimeout(WAIT_MS);
		const seconds = await browserTest(page, editor, options);
		log(`browser test: passed in ${seconds.toFixed(1)} s in the browser, ${((Date.now() - t0) / 1000).toFixed(1)} s in all`);
		return 0;
	} catch (error) {
		log(`FAILED: ${(error as Error).message}`);
		if (error instanceof ScriptError && error.details) process.stderr.write(`${error.details.slice(-4000)}\n`);
		if (page) {
			mkdirSync(FAILURE_SHOTS, { recursive: true });
			await page.screenshot({ path: join(FAILURE_SHOTS, 'failure.png') }).catch(() => undefined);
			log(`the page at the failure: ${join(FAILURE_SHOTS, 'failure.png')}`);
			const ids = await page
				.locator('[data-test-id]:visible')
				.evaluateAll((elements) => [...new Set(elements.map((element) => element.getAttribute('data-test-id')))].join(' '))
				.catch(() => '');
			log(`visible data-test-ids: ${ids}`);
		}
		return 1;
	} finally {
		await browser?.close().catch(() => undefined);
		if (editor?.demo) await stop(editor.demo, 30_000);
		await stopAll();
	}
}

void main().then(
	(code) => process.exit(code),
	(error: Error) => {
		log(`ERROR: ${error.stack ?? error.message}`);
		process.exit(1);
	},
);
