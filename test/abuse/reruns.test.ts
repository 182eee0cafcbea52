/**
 * Category "re-runs": a batch of creates that fails part-way on a lost answer (the create reached Zertiban and
 * was stored, the answer never came back: a proxy in front of the sandbox forwards the request and drops the
 * connection), then the same execution run again, as a user does after fixing the cause. Zertiban does not
 * enforce unique external IDs, so every flow beyond the first for one Flow External ID is a duplicate creation;
 * an input item of the re-run that ends with neither an output nor an error of its own (while the run reports
 * none) is an item lost. The nodes run with the default "If Payment Link Exists: Output the Existing Link Without Its URL": the
 * flows of the first run are found by their external ID and not created again; as Zertiban does not give their
 * payer URLs again (docs/zertiban.md §6.1, §7.2), those items come out as the existing flows with `created: false`
 * and no URL, and the others are created.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { sandboxGet } from '../helpers/zertiban';
import { runNode, sandboxFixture, startLossyProxy, type LossyProxy, type RunResult } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('re-runs');
afterAll(() => tally.save());

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let proxy: LossyProxy;
beforeAll(async () => {
	fx = await sandboxFixture();
	proxy = await startLossyProxy(fx.info.zertiban.baseUrl);
});
afterAll(async () => {
	await proxy.close();
	await fx.close();
});

type Operation = 'create' | 'createPagaFactu';

function parameters(operation: Operation): IDataObject {
	const payment = { amount: 50, concept: '={{ $json.ext }}', operationExternalId: '={{ $json.ext }}-op' };
	return operation === 'create'
		? { resource: 'flow', operation, countryCode: 'ES', externalId: '={{ $json.ext }}', operations: { operation: [payment] } }
		: { resource: 'flow', operation, countryCode: 'ES', externalId: '={{ $json.ext }}', ...payment, invoiceExternalId: '={{ $json.ext }}', invoiceDocument: 'none' };
}

async function run(operation: Operation, items: IDataObject[], continueOnFail: boolean): Promise<RunResult> {
	return await runNode({
		type: 'zertiban',
		parameters: parameters(operation),
		inputItems: items,
		credentials: fx.zertibanCredentials({ baseUrl: proxy.baseUrl }),
		continueOnFail,
	});
}

/** Flows stored in the sandbox under `externalId`. */
async function flowsFor(externalId: string): Promise<number> {
	const { body } = await sandboxGet<{ total: number }>(fx.info, `/flow/v1/flows?q_externalId=${encodeURIComponent(externalId)}&limit=0`);
	return body.total;
}

async function scenario(operation: Operation, count: number, loseAt: number, continueOnFail: boolean): Promise<{ first: RunResult; again: RunResult; exts: string[] }> {
	const name = `${operation} × ${count}, answer ${loseAt} lost${continueOnFail ? ', Continue On Fail' : ''}`;
	const prefix = `RERUN-${randomUUID().slice(0, 8)}`;
	const items = Array.from({ length: count }, (_, i) => ({ ext: `${prefix}-${i}` }));
	const path = operation === 'create' ? '/flow/v1/flows' : '/pagafactu/v1/flows/pagafactu';
	const counted = new Map<string, number>();
	proxy.loseAnswer = (method, p) => {
		if (method !== 'POST' || p !== path) return false;
		const n = (counted.get(name) ?? 0) + 1;
		counted.set(name, n);
		return n === loseAt;
	};
	const first = await run(operation, items, continueOnFail);
	proxy.loseAnswer = () => false;
	const again = await run(operation, items, continueOnFail);
	tally.case(count);
	// Every item of the re-run must come out as an output item or an error item of its own, unless the run failed.
	if (!again.error) {
		const paired = new Set(again.items('Node').map((item) => (item.pairedItem as { item: number } | undefined)?.item));
		const missing = items.filter((_, i) => !paired.has(i)).length;
		tally.fail('itemsLost', missing, `${name}: ${missing} items of the re-run have no output`);
	}
	let duplicates = 0;
	let lost = 0;
	for (const { ext } of items) {
		const flows = await flowsFor(ext);
		if (flows > 1) duplicates += flows - 1;
		if (flows === 0 && !again.error) lost++;
	}
	tally.fail('duplicateCreations', duplicates, `${name}: ${duplicates} second flows after the re-run (first run: ${first.error?.message ?? 'no error'})`);
	tally.fail('itemsLost', lost, `${name}: ${lost} items have no flow although the re-run reported no error`);
	return { first, again, exts: items.map((item) => String(item.ext)) };
}

const errorOf = (result: RunResult, index: number) =>
	result.items('Node').find((item) => (item.pairedItem as { item: number }).item === index)?.json.error;

describe('re-runs after a partial failure', () => {
	it('120 Flow → Create items, the 45th answer lost, then the same execution again: no second flow', async () => {
		const { first, again, exts } = await scenario('create', 120, 45, false);
		expect(first.error?.message).toBe(`Flow ${exts[44]} was created, but its answer was lost and Zertiban does not return the payer URL (nor a PagaFactu PDF) again`);
		// The re-run does not stop at the first item whose link exists: the 45 flows of the first run come out as they
		// are, created: false, and the 75 items the first run never reached are created.
		expect(again.error).toBeUndefined();
		expect(again.json('Node').map((json) => ({ externalId: json.externalId, created: json.created }))).toEqual(exts.map((externalId, i) => ({ externalId, created: i >= 45 })));
	}, 300_000);

	it('the same with Continue On Fail', async () => {
		const { first, again, exts } = await scenario('create', 120, 45, true);
		expect(first.error).toBeUndefined();
		expect(errorOf(first, 44)).toMatch(new RegExp(`^Flow ${exts[44]} was created, but its answer was lost`));
		// The first run created all 120 flows (item 44 says so in its error); the re-run creates none of them again:
		// each item comes out as its existing flow, created: false.
		expect(again.json('Node').map((json) => ({ externalId: json.externalId, created: json.created }))).toEqual(exts.map((externalId) => ({ externalId, created: false })));
	}, 300_000);

	it('30 Create PagaFactu items, the 10th answer lost, run again', async () => {
		const { again, exts } = await scenario('createPagaFactu', 30, 10, false);
		expect(again.json('Node').map((json) => ({ externalId: json.externalId, created: json.created }))).toEqual(exts.map((externalId, i) => ({ externalId, created: i >= 10 })));
	}, 300_000);

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThanOrEqual(270);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
