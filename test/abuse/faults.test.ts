/**
 * Category "faults-300": the sandbox's fault controls under batches of 300 items. Injected 429/500/502/503/504
 * answers spread over the run, latency, access tokens revoked every 150 ms, lost create answers and 5xx on
 * creates. With Continue On Fail on, every input item must come out: an item without its output (or, for faults
 * the node promises to absorb, with an error instead) is an item lost; a second flow for one Flow External ID is
 * a duplicate creation; an exception out of the run is a crash. Generous jest timeouts (the machine may be
 * loaded); nothing here is timed.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { createSandboxFlows, sandboxGet, zertibanControl } from '../helpers/zertiban';
import { runNode, sandboxFixture, type RunResult } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('faults-300');
afterAll(() => tally.save());

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let operations: string[];
beforeAll(async () => {
	fx = await sandboxFixture();
	operations = (await createSandboxFlows(fx.info, 300, 1, `F-${randomUUID().slice(0, 6)}`)).map((flow) => flow.operations[0].uuid);
}, 300_000);
afterAll(async () => await fx.close());

/** Runs `action` every `everyMs` until the returned stop function is called. */
function every(everyMs: number, action: () => Promise<unknown>): () => Promise<void> {
	let stopped = false;
	const loop = (async () => {
		while (!stopped) {
			await action().catch(() => undefined);
			await new Promise((resolve) => setTimeout(resolve, everyMs));
		}
	})();
	return async () => {
		stopped = true;
		await loop;
	};
}

/** Items of the input (by index) that did not come out as a successful output item. */
function notDelivered(result: RunResult, count: number): { missing: number[]; errors: string[] } {
	const ok = new Set<number>();
	const errors: string[] = [];
	for (const item of result.items('Node')) {
		const index = (item.pairedItem as { item: number }).item;
		if (item.json.error === undefined) ok.add(index);
		else errors.push(`item ${index}: ${String(item.json.error)}`);
	}
	return { missing: Array.from({ length: count }, (_, i) => i).filter((i) => !ok.has(i)), errors };
}

/**
 * Runs 300 Operation → Get items under `disturb` (started before the run, stopped after it) and tallies the items
 * not delivered. Returns the fault rules the sandbox had not used up when the run ended.
 */
async function getAll(name: string, disturb: () => () => Promise<void>): Promise<Array<{ count: number }>> {
	const items = operations.map((uuid) => ({ uuid }));
	const stop = disturb();
	let result: RunResult | undefined;
	let left: Array<{ count: number }> = [];
	try {
		result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
			inputItems: items,
			credentials: fx.zertibanCredentials(),
			continueOnFail: true,
		});
	} catch (error) {
		tally.fail('crashes', 1, `${name}: ${String(error)}`);
	} finally {
		await stop();
		const removed = await fetch(`${fx.info.zertiban.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
		left = ((await removed.json()) as { left?: Array<{ count: number }> }).left ?? [];
	}
	tally.case(items.length);
	if (!result) return left;
	if (result.error) tally.fail('crashes', 1, `${name}: the run failed: ${result.error.message}`);
	const { missing, errors } = notDelivered(result, items.length);
	tally.fail('itemsLost', missing.length, `${name}: ${missing.length} of ${items.length} items not delivered; ${errors[0] ?? ''}`);
	return left;
}

async function faultControl(body: IDataObject): Promise<void> {
	await fetch(`${fx.info.zertiban.baseUrl}/__sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('faults-300: the sandbox fault controls under 300 items', () => {
	it('300 Operation → Get items with 429/500/502/503/504 spread over the run: every item delivered', async () => {
		// Spread by request count, not by time (a timer-driven fault rate depends on the machine's speed): each status
		// faults every n-th request on the path, with pairwise coprime n, so no item meets the same fault twice in a
		// row and the five rules rarely meet the same request.
		const rules = [
			{ status: 429, every: 53 },
			{ status: 500, every: 59 },
			{ status: 502, every: 61 },
			{ status: 503, every: 67 },
			{ status: 504, every: 71 },
		];
		const count = 20;
		for (const rule of rules) await faultControl({ ...rule, count, retryAfter: 0, path: '/flow/v1/operations' });
		const left = await getAll('Operation → Get × 300 under spread faults', () => async () => undefined);
		const fired = rules.length * count - left.reduce((sum, rule) => sum + rule.count, 0);
		expect(fired).toBeGreaterThanOrEqual(20);
	}, 600_000);

	it('300 Operation → Get items with 20 ms latency and tokens revoked every 150 ms: every item delivered', async () => {
		await zertibanControl(fx.info, 'latency', { ms: 20 });
		await getAll('Operation → Get × 300, tokens revoked every 150 ms', () => every(150, async () => await zertibanControl(fx.info, 'tokens/expire')));
		await zertibanControl(fx.info, 'latency', { ms: 0 });
	}, 600_000);

	it('300 Flow → Create items with lost answers and 5xx on creates: no second flow, no item lost', async () => {
		const prefix = `FC-${randomUUID().slice(0, 8)}`;
		const items = Array.from({ length: 300 }, (_, i) => ({ ext: `${prefix}-${i}` }));
		let n = 0;
		const stop = every(60, async () => {
			n++;
			if (n % 2) await zertibanControl(fx.info, 'drop-next-create', { count: 1 });
			else await faultControl({ status: n % 4 === 0 ? 502 : 503, count: 1, path: '/flow/v1/flows', method: 'POST' });
		});
		let result: RunResult | undefined;
		try {
			result = await runNode({
				type: 'zertiban',
				parameters: {
					resource: 'flow',
					operation: 'create',
					countryCode: 'ES',
					externalId: '={{ $json.ext }}',
					operations: { operation: [{ amount: 50, concept: '={{ $json.ext }}', operationExternalId: '={{ $json.ext }}-op' }] },
				},
				inputItems: items,
				credentials: fx.zertibanCredentials(),
				continueOnFail: true,
			});
		} catch (error) {
			tally.fail('crashes', 1, `Flow → Create × 300: ${String(error)}`);
		} finally {
			await stop();
			await zertibanControl(fx.info, 'drop-next-create', { count: 0 });
			await fetch(`${fx.info.zertiban.baseUrl}/__sandbox/faults`, { method: 'DELETE' });
		}
		tally.case(items.length);
		if (!result) return;
		const byIndex = new Map<number, IDataObject>();
		for (const item of result.items('Node')) byIndex.set((item.pairedItem as { item: number }).item, item.json);
		let duplicates = 0;
		let lost = 0;
		for (const [i, { ext }] of items.entries()) {
			const { body } = await sandboxGet<{ total: number }>(fx.info, `/flow/v1/flows?q_externalId=${ext}&limit=0`);
			if (body.total > 1) duplicates += body.total - 1;
			const out = byIndex.get(i);
			// Lost: no output at all, or a flow that exists while the item says nothing of it.
			if (!out || (body.total === 0 && out.error === undefined)) lost++;
		}
		tally.fail('duplicateCreations', duplicates, `Flow → Create × 300 under lost answers: ${duplicates} second flows`);
		tally.fail('itemsLost', lost, `Flow → Create × 300 under lost answers: ${lost} items lost`);
	}, 600_000);

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThanOrEqual(900);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
