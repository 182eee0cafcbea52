/**
 * Category "retry-budget": 40 items with Continue On Fail against a credential whose every token is refused (a
 * revoked credential: Zertiban issues tokens that its API refuses; Confirma Finance refuses the static API token).
 * Each node must give up after one refresh (Zertiban) and at most 2 API calls per item, every item failing with the
 * same clear 401 error; none may be lost. Prints the counts. "crashes" counts a budget overrun or an item that
 * fails otherwise.
 */
import type { IDataObject } from 'n8n-workflow';

import { zertibanControl } from '../helpers/zertiban';
import { runNode, sandboxFixture, type RunResult } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('retry-budget');
afterAll(() => tally.save());

const ITEMS = 40;
const OPERATION = '0a621874-852f-4794-a3cc-b38f06c8eabe';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeAll(async () => {
	fx = await sandboxFixture();
});
afterAll(async () => await fx.close());

/** Requests counted by the sandbox whose `METHOD path` key matches `match`. */
const count = (requests: Record<string, number>, match: (key: string) => boolean) =>
	Object.entries(requests).filter(([key]) => match(key)).reduce((sum, [, n]) => sum + n, 0);

/** Tallies the outcome of one storm run: every item out, each with `expected` as its error. */
function judge(name: string, result: RunResult, expected: RegExp, tokenRequests: number, apiCalls: number, maxTokenRequests: number): void {
	tally.case(ITEMS);
	const items = result.items('Node');
	const errors = items.map((item) => String(item.json.error ?? ''));
	tally.fail('itemsLost', ITEMS - items.length, `${name}: ${ITEMS - items.length} of ${ITEMS} items missing`);
	const other = errors.filter((error) => !expected.test(error));
	tally.fail('crashes', other.length, `${name}: ${other.length} items failed otherwise, e.g. ${JSON.stringify(other[0])}`);
	tally.fail('crashes', tokenRequests > maxTokenRequests ? 1 : 0, `${name}: ${tokenRequests} token requests, at most ${maxTokenRequests} allowed`);
	tally.fail('crashes', apiCalls > 2 * ITEMS ? 1 : 0, `${name}: ${apiCalls} API calls for ${ITEMS} items, at most ${2 * ITEMS} allowed`);
	// the measurement, printed for the record (not a timed assertion)
	process.stdout.write(`retry-budget ${name}: ${ITEMS} items, ${tokenRequests} token requests, ${apiCalls} API calls (${(apiCalls / ITEMS).toFixed(2)} per item)\n`);
}

describe('retry-budget: 40 items, every token refused, Continue On Fail', () => {
	it('Zertiban: one token refresh, at most 2 calls per item, every item fails with the 401 error', async () => {
		await zertibanControl(fx.info, 'tokens/ttl', { seconds: 0 });
		await fx.resetCounters('zertiban');
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: OPERATION } },
			inputItems: Array.from({ length: ITEMS }, (): IDataObject => ({})),
			credentials: fx.zertibanCredentials(),
			continueOnFail: true,
		});
		const { requests } = await fx.counters('zertiban');
		const tokens = count(requests, (key) => key.startsWith('POST') && key.includes('/token'));
		const calls = count(requests, (key) => key.includes('/flow/v1/'));
		judge('Zertiban Operation → Get', result, /^Zertiban refused the access token \(401\)/, tokens, calls, 2);
		await zertibanControl(fx.info, 'tokens/ttl', { seconds: 900 });
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	}, 120_000);

	it('Confirma Finance: no token refresh exists, at most 2 calls per item, every item fails with the 401 error', async () => {
		await fx.resetCounters('cfis');
		const result = await runNode({
			type: 'cfis',
			parameters: { resource: 'invoice', operation: 'getCase', caseId: 12345 },
			inputItems: Array.from({ length: ITEMS }, (): IDataObject => ({})),
			credentials: fx.cfisCredentials('revoked-client-token-0000'),
			continueOnFail: true,
		});
		const { requests } = await fx.counters('cfis');
		const calls = count(requests, (key) => key.includes('/invoice/case'));
		judge('Confirma Finance Invoice → Get Case', result, /^Confirma Finance refused the API token \(401\)/, 0, calls, 0);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	}, 120_000);
});
