/**
 * What the browser test (scripts/browser/index.ts) does in n8n's editor: log in, open workflows and node panels,
 * check a panel, search a resource locator, call n8n's REST API from the logged-in page, wait on a condition.
 * Elements are found by n8n's data-test-ids, never by the wording of this package's descriptions. Every wait is
 * bounded by {@link WAIT_MS}.
 */
import type { Locator, Page } from 'playwright-core';

import { ScriptError, sleep } from '../n8n';

/** The bound on any one wait in the page. n8n's editor bundle is large; on a busy 2-core machine it loads slowly. */
export const WAIT_MS = 180_000;

/** The editor the test drives: its URL and login, and the demo that serves it (when the test started one). */
export interface Editor {
	base: string;
	email: string;
	password: string;
	/** The shell line the demo printed for README's ERP `curl` calls (`export N8N_URL=… ERP_TOKEN=… ERP_URL=…`). */
	erpLine?: string;
}

/** Collects uncaught errors of the page (the editor's own JavaScript), so each step can assert there were none. */
export class PageErrors {
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

export const byTestId = (page: Page | Locator, id: string) => page.locator(`[data-test-id="${id}"]`);

/** Logs in on /signin and waits for the home page. */
export async function login(page: Page, editor: Editor) {
	await page.goto(`${editor.base}/signin`, { waitUntil: 'domcontentloaded' });
	await page.locator('input[type=password]').waitFor();
	await page.locator('input[type=email]').fill(editor.email);
	await page.locator('input[type=password]').fill(editor.password);
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/home\//);
}

/** Opens workflow `id` in the editor and waits for its canvas to show a node. */
export async function openWorkflow(page: Page, editor: Editor, id: string) {
	await page.goto(`${editor.base}/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await byTestId(page, 'canvas-node').first().waitFor();
}

/** Opens a node's panel (double click on the canvas) and waits until its parameters are shown. */
export async function openNode(page: Page, name: string): Promise<Locator> {
	await byTestId(page, 'canvas-node').filter({ hasText: name }).first().dblclick();
	const ndv = byTestId(page, 'ndv');
	await ndv.waitFor();
	await byTestId(ndv, 'node-parameters').waitFor();
	return ndv;
}

/** Closes the open node panel (Escape) and waits until it is gone. */
export async function closeNode(page: Page) {
	await page.keyboard.press('Escape');
	await byTestId(page, 'ndv').waitFor({ state: 'hidden' });
}

/**
 * Checks a node's open panel: its parameters render (at least `minParameters` inputs), it shows no parameter
 * issue, and the page raised no error.
 */
export async function checkPanel(ndv: Locator, errors: PageErrors, what: string, minParameters = 2) {
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
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = WAIT_MS): Promise<T> {
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
export async function searchResourceLocator(page: Page, ndv: Locator, parameter: string, query: string): Promise<string[]> {
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
export async function rest<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
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
