/**
 * Concurrency (Auto, Fixed), Requests at Once and the shared 429 back-off (nodes/shared/runner.ts,
 * nodes/shared/concurrency.ts, nodes/shared/retry.ts), in n8n against the sandbox. The sandbox counts
 * the most requests it handled at the same time (`maxInFlight`) and the requests that arrived while the
 * Retry-After of a 429 it sent was still running (`duringRetryAfter`); a latency keeps requests in flight long
 * enough to overlap. Behaviour only: no assertion on how long anything took.
 */
import type { IDataObject } from 'n8n-workflow';

import { VENDOR_EXAMPLE_OPERATION_UUID } from '../../sandbox/seed';
import { AUTO_START } from '../../nodes/shared/concurrency';
import { sandboxFixture } from '../helpers/sandbox';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

const GET_OPERATION = 'GET /flow/v1/operations/:uuid';
const items = (count: number) => Array.from({ length: count }, (_, i) => ({ i }));
const getOperation = (extra: IDataObject = {}) => ({
	resource: 'operation',
	operation: 'get',
	operationUuid: { __rl: true, mode: 'id', value: VENDOR_EXAMPLE_OPERATION_UUID },
	...extra,
});

/** Invoice → Create in JSON mode, the invoice number taken from the item's `n`. */
const INVOICE_NUMBERED_BY_ITEM =
	'={{ JSON.stringify({ distribution: { method: "EMAIL" }, invoice: { header: { number: $json.n, type: "INVOICE", date: "2026-11-01", dueDate: "2026-11-30", currencyCode: "EUR" }, parties: { sellerParty: { businessId: "0737546-2", name: "S" }, buyerParty: { name: "B", contact: { email: "b@b.fi" } } }, rows: [{ name: "Licence", quantity: 1, unitPrice: 100, vatPercentage: 0 }] } }) }}';

async function withLatency<T>(api: 'zertiban' | 'cfis', ms: number, work: () => Promise<T>): Promise<T> {
	await fx.control(api, 'latency', { ms });
	try {
		return await work();
	} finally {
		await fx.control(api, 'latency', { ms: 0 });
	}
}

describe('Requests at Once', () => {
	it.each([3, 5])('Zertiban: Concurrency Fixed, Requests at Once %i → exactly that many requests in flight, every item answered in order', async (setting) => {
		await fx.resetCounters('zertiban');
		const result = await withLatency('zertiban', 150, async () =>
			await runNode({
				type: 'zertiban',
				parameters: getOperation({ concurrency: 'fixed', requestsAtOnce: setting }),
				inputItems: items(16),
				credentials: fx.zertibanCredentials(),
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items('Node').map((item) => item.pairedItem)).toEqual(items(16).map((_, i) => ({ item: i })));
		const counters = await fx.counters('zertiban');
		expect(counters.requests[GET_OPERATION]).toBe(16);
		expect(counters.maxInFlight).toBe(setting);
	});

	it(`Zertiban: Concurrency Auto (the default) sends more than the ${AUTO_START} it starts with while the answers hold, never above Requests at Once`, async () => {
		await fx.resetCounters('zertiban');
		const result = await withLatency('zertiban', 100, async () =>
			await runNode({ type: 'zertiban', parameters: getOperation({ requestsAtOnce: 12 }), inputItems: items(80), credentials: fx.zertibanCredentials() }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items('Node').map((item) => item.pairedItem)).toEqual(items(80).map((_, i) => ({ item: i })));
		const counters = await fx.counters('zertiban');
		expect(counters.requests[GET_OPERATION]).toBe(80);
		expect(counters.maxInFlight).toBe(12);
	});

	it('Zertiban: Concurrency Auto against a rate limit of 6 in flight (429, Retry-After 1): no item fails; the next execution with the same credential sends within what was learned', async () => {
		await fx.control('zertiban', 'rate-limit', { maxInFlight: 6, retryAfter: 1 });
		const credentials = fx.zertibanCredentials();
		const run = async () =>
			await withLatency('zertiban', 60, async () =>
				await runNode({ type: 'zertiban', parameters: getOperation(), inputItems: items(60), credentials, continueOnFail: true }),
			);
		await fx.resetCounters('zertiban');
		const first = await run();
		expect(first.json('Node').filter((item) => item.error !== undefined)).toEqual([]);
		expect(first.json('Node')).toHaveLength(60);
		expect((await fx.counters('zertiban')).rateLimited).toBeGreaterThan(0); // it learned the limit by meeting it
		await fx.resetCounters('zertiban');
		const second = await run();
		expect(second.json('Node').filter((item) => item.error !== undefined)).toEqual([]);
		const counters = await fx.counters('zertiban');
		expect(counters.requests[GET_OPERATION]).toBe(60);
		expect(counters.rateLimited).toBeUndefined();
		expect(counters.maxInFlight).toBe(6);
	});

	it('Confirma Finance: Concurrency Fixed, Requests at Once 4 → 4 validations in flight at once', async () => {
		await fx.resetCounters('cfis');
		const result = await withLatency('cfis', 150, async () =>
			await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'validate', concurrency: 'fixed', requestsAtOnce: 4 }, inputItems: items(12), credentials: fx.cfisCredentials() }),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Node')).toHaveLength(12);
		const counters = await fx.counters('cfis');
		expect(counters.requests['GET /api/v1/partner/validate']).toBe(12);
		expect(counters.maxInFlight).toBe(4);
	});

	it('a create stays one at a time whatever the setting', async () => {
		await fx.resetCounters('cfis');
		const result = await withLatency('cfis', 100, async () =>
			await runNode({
				type: 'cfis',
				parameters: {
					resource: 'invoice',
					operation: 'create',
					inputMode: 'json',
					invoiceJson: INVOICE_NUMBERED_BY_ITEM,
					requestsAtOnce: 10,
				},
				inputItems: [{ n: 7101 }, { n: 7102 }, { n: 7103 }, { n: 7104 }],
				credentials: fx.cfisCredentials(),
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Node').map((invoice) => invoice.invoiceNumber)).toEqual([7101, 7102, 7103, 7104]);
		const counters = await fx.counters('cfis');
		expect(counters.requests['POST /api/v1/partner/invoice']).toBe(4);
		expect(counters.maxInFlight).toBe(1);
	});

	it.each([0, 51, 2.5])('refuses Requests at Once %s before any request, naming the field', async (setting) => {
		await fx.resetCounters('zertiban');
		const result = await runNode({ type: 'zertiban', parameters: getOperation({ requestsAtOnce: setting }), credentials: fx.zertibanCredentials() });
		expect(result.error?.message).toContain('Requests at Once must be a whole number from 1 to 50');
		expect(fx.totalRequests(await fx.counters('zertiban'))).toBe(0);
	});
});

describe('shared 429 back-off', () => {
	it('one 429 with Retry-After pauses every request of the credential: only those already under way arrive during it', async () => {
		await fx.resetCounters('zertiban');
		await fx.control('zertiban', 'faults', { status: 429, count: 1, retryAfter: 1, path: '/flow/' });
		const result = await withLatency('zertiban', 50, async () =>
			await runNode({ type: 'zertiban', parameters: getOperation({ requestsAtOnce: 5 }), inputItems: items(40), credentials: fx.zertibanCredentials() }),
		);
		expect(result.error).toBeUndefined();
		expect(result.json('Node').every((operation) => operation.uuid === VENDOR_EXAMPLE_OPERATION_UUID)).toBe(true);
		expect(result.json('Node')).toHaveLength(40);
		const counters = await fx.counters('zertiban');
		expect(counters.requests[GET_OPERATION]).toBe(41); // the refused one was sent again, once
		// the other 4 workers may each have sent one request before the 429 reached the node; without the shared
		// back-off they go on sending for the whole second (dozens of requests)
		expect(counters.duringRetryAfter).toBeLessThanOrEqual(4);
	});

	it('the pause is shared by two executions running at the same time with the same credential', async () => {
		await fx.resetCounters('zertiban');
		await fx.control('zertiban', 'faults', { status: 429, count: 1, retryAfter: 1, path: '/flow/' });
		const credentials = fx.zertibanCredentials();
		const results = await withLatency('zertiban', 50, async () =>
			await Promise.all(
				[0, 1].map(async () => await runNode({ type: 'zertiban', parameters: getOperation({ requestsAtOnce: 2 }), inputItems: items(20), credentials })),
			),
		);
		for (const result of results) {
			expect(result.error).toBeUndefined();
			expect(result.json('Node')).toHaveLength(20);
		}
		const counters = await fx.counters('zertiban');
		expect(counters.requests[GET_OPERATION]).toBe(41);
		expect(counters.duringRetryAfter).toBeLessThanOrEqual(3); // 4 workers in all, one of them got the 429
	});

	it('a rate limit that does not end fails the item after a bounded number of attempts, with the 429', async () => {
		await fx.resetCounters('zertiban');
		await fx.control('zertiban', 'faults', { status: 429, count: 100, retryAfter: 0, path: '/flow/' });
		const result = await runNode({ type: 'zertiban', parameters: getOperation(), credentials: fx.zertibanCredentials(), continueOnFail: true });
		expect(result.json('Node')[0].httpCode).toBe('429');
		expect((await fx.counters('zertiban')).requests[GET_OPERATION]).toBe(4);
	});

	it('a create is not re-sent after a 429, but waits out the pause the 429 started before the next item is sent', async () => {
		await fx.resetCounters('cfis');
		await fx.control('cfis', 'faults', { status: 429, count: 1, retryAfter: 1, path: '/api/v1/partner/invoice' });
		const result = await runNode({
			type: 'cfis',
			parameters: {
				resource: 'invoice',
				operation: 'create',
				inputMode: 'json',
				invoiceJson: INVOICE_NUMBERED_BY_ITEM,
			},
			inputItems: [{ n: 7201 }, { n: 7202 }],
			credentials: fx.cfisCredentials(),
			continueOnFail: true,
		});
		const [first, second] = result.json('Node');
		expect(first.httpCode).toBe('429');
		expect(second.invoiceNumber).toBe(7202);
		const counters = await fx.counters('cfis');
		expect(counters.requests['POST /api/v1/partner/invoice']).toBe(2);
		expect(counters.duringRetryAfter).toBe(0);
	});
});
