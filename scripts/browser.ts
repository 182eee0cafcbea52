/**
 * `npm run test:browser [-- --screenshots DIR] [--editor URL --email E --password P]` and `npm run screenshots`
 * (issue 13 §5): the demo's real n8n driven in Chromium the way a newcomer uses it.
 *
 *   1. finds or installs Chromium (scripts/chromium.sh: Debian's package; Playwright's download is not used) and
 *      starts `npm run demo` on a free port (or, with --editor/--email/--password, uses a demo already running);
 *   2. logs in, opens the invoice-to-payment story, opens the panel of each of this package's nodes (Zertiban,
 *      Confirma Finance, Zertiban Trigger from the stories; Zertiban Polling Trigger and Confirma Finance Trigger
 *      added from the node panel) and checks that it renders its parameters with no page error;
 *   3. searches a Zertiban operation (by the prefix `INV-`) and a configuration (by a part of its name) in their
 *      resource locators' lists;
 *   4. executes part 1 in the editor, reads the payment link from its last node, opens it, presses Pay on the payer
 *      page, and waits for part 2's successful execution (started by the sandbox's signed webhook).
 *
 * Prints one line per step with its time, then `browser test: passed in N s` (exit 0) or the failed step (exit 1;
 * the page at the failure is saved as `.browser-shots/failure.png`). With --screenshots DIR the README's pictures
 * are written to DIR along the way (`npm run screenshots` = `--screenshots docs/images`). Every wait is bounded;
 * the demo is stopped by its PID.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

import { freePort, REPO, run, ScriptError, sleep, stop, stopAll, track } from './n8n';

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
const STORY = { part1: 'zcInvoiceToPay01', part2: 'zcPaidToInvoice01', onboarding: 'zcOnboardClient01' };
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
async function startDemo(): Promise<Editor> {
	const port = await freePort();
	log(`starting the demo (npm run demo -- --port ${port}) ...`);
	const demo = track(spawn('bash', [join(REPO, 'scripts', 'demo.sh'), '--port', String(port)], { cwd: REPO, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
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
	// A first run installs n8n (minutes); later runs build, run the stories and start n8n.
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
 * Types `query` into the list of the resource locator `parameter` (switching it to "From list") and returns the
 * texts of the items offered (bounded wait for at least one).
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
	await items.first().or(none.first()).waitFor();
	return items.allInnerTexts();
}

/** Adds a node from the node panel (search `query`, pick `item`, then the first action/trigger offered if asked). */
async function addNode(page: Page, query: string, item: string) {
	await byTestId(page, 'node-creator-plus-button').click();
	await page.locator('[data-test-id="node-creator-search-bar"] input, input[data-test-id="node-creator-search-bar"]').first().fill(query);
	await byTestId(page, 'node-creator-item-name').filter({ hasText: new RegExp(`^${item}$`) }).first().click({ force: true });
	// Nodes with actions (resource/operation) or trigger events list them next: take the first.
	const action = byTestId(page, 'node-creator-action-item').first();
	const ndv = byTestId(page, 'ndv');
	await Promise.race([action.waitFor(), ndv.waitFor()]);
	if (await action.isVisible()) await action.click({ force: true }); // the panel may still be sliding in
	await ndv.waitFor();
	await byTestId(ndv, 'node-parameters').waitFor();
	return ndv;
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
	});

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
		const found = await searchResourceLocator(page, ndv, 'configurationUuid', 'Urgent');
		if (found.length === 0) throw new ScriptError('the configuration search found nothing');
		await shot('zertiban-configuration-search');
		await page.keyboard.press('Escape');
		await closeNode(page);
		return `${inputs} inputs; "Urgent" found: ${found.length}`;
	});

	await step('Zertiban operation search by prefix (INV-)', async () => {
		await openWorkflow(page, editor, STORY.onboarding);
		const ndv = await openNode(page, 'Get Operation');
		await checkPanel(ndv, errors, 'Get Operation');
		const found = await searchResourceLocator(page, ndv, 'operationUuid', 'INV-');
		if (!found.some((text) => text.includes('INV-'))) throw new ScriptError(`the operation search for "INV-" offered no INV- operation: ${found.join(' | ')}`);
		await shot('zertiban-operation-search');
		await page.keyboard.press('Escape');
		await closeNode(page);
		return `${found.length} operations`;
	});

	await step('Zertiban Trigger panel (part 2)', async () => {
		await openWorkflow(page, editor, STORY.part2);
		const ndv = await openNode(page, 'Payment Completed');
		const inputs = await checkPanel(ndv, errors, 'Zertiban Trigger', 2);
		await shot('zertiban-trigger');
		await closeNode(page);
		return `${inputs} inputs`;
	});

	await step('node panel: the polling triggers', async () => {
		await page.goto(`${editor.base}/workflow/new`, { waitUntil: 'domcontentloaded' });
		await byTestId(page, 'canvas-add-button').or(byTestId(page, 'node-creator-plus-button')).first().waitFor();
		for (const [query, item] of [
			['Zertiban', 'Zertiban Polling Trigger'],
			['Confirma Finance', 'Confirma Finance Trigger'],
		]) {
			const ndv = await addNode(page, query, item);
			await checkPanel(ndv, errors, item, 1);
			await closeNode(page);
		}
	});

	let paymentLink = '';
	await step('execute part 1 in the editor', async () => {
		await openWorkflow(page, editor, STORY.part1);
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
		await payer.getByRole('button', { name: /^Pay/ }).click();
		await payer.waitForLoadState('domcontentloaded');
		await payer.close();
	}, true);

	await step("part 2's successful execution", async () => {
		// n8n lists executions newest first; the webhook run appears within seconds (bounded: 60 tries).
		for (let tries = 0; ; tries++) {
			await page.goto(`${editor.base}/workflow/${STORY.part2}/executions`, { waitUntil: 'domcontentloaded' });
			const success = page.locator('[data-test-id="execution-details"], [data-test-id="workflow-execution-preview-details"], a').filter({ hasText: /Succe(ss|eded)/ });
			if (await success.first().isVisible({ timeout: 10_000 }).catch(() => false)) break;
			if (tries >= 60) throw new ScriptError("part 2 shows no successful execution after the payment");
			await sleep(2_000);
		}
		errors.check("part 2's executions");
		await shot('payment-to-invoice-paid-execution');
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
				: await startDemo();
		log(`editor at ${editor.base}; Chromium ${executablePath}`);
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
