import { OTHER_TENANT_OPERATION_UUID, SEED_OPERATIONS, VENDOR_EXAMPLE_OPERATION, VENDOR_EXAMPLE_OPERATION_UUID } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { runNode } from './harness';

// A fresh sandbox (new state, new ports) per test: the credential reuses a token for a few seconds per token URL
// and client, so tests sharing one sandbox would share tokens.
let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

const byId = (uuid: string) => ({ __rl: true, mode: 'id', value: uuid });
const tenantOps = SEED_OPERATIONS.filter((s) => s.operation.uuid !== OTHER_TENANT_OPERATION_UUID).map((s) => s.operation);
const EXPECTED_STATUS: Record<string, { actionCode: string; final: boolean }> = {
	CREATED: { actionCode: 'INITIATED', final: false },
	OPENED: { actionCode: 'INITIATED', final: false },
	COMPLETED: { actionCode: 'ACCEPTED', final: true },
	REJECTED: { actionCode: 'DENIED', final: true },
	EXPIRED: { actionCode: 'DENIED', final: true },
	CANCELLED: { actionCode: 'DENIED', final: true },
	NOT_DELIVERED: { actionCode: 'DENIED', final: true },
};

describe('Zertiban → Operation → Get', () => {
	it('returns the vendor example operation exactly, paired with its input item', async () => {
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: byId(VENDOR_EXAMPLE_OPERATION_UUID) },
			credentials: fx.zertibanCredentials(),
		});
		expect(result.error).toBeUndefined();
		const [item] = result.items('Node');
		expect(item.json).toEqual(VENDOR_EXAMPLE_OPERATION);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('Simplify keeps the main fields under their API names and drops the rest', async () => {
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: byId(VENDOR_EXAMPLE_OPERATION_UUID), simplify: true },
			credentials: fx.zertibanCredentials(),
		});
		const [json] = result.json('Node');
		expect(json).toMatchObject({ uuid: VENDOR_EXAMPLE_OPERATION_UUID, status: 'CREATED', externalId: 'EXT-99' });
		expect(json.payment).toEqual({
			paymentUuid: 'd0986926-2b7c-44f2-8d14-0a283cfe4886',
			amount: 176483,
			currency: 'EUR',
			concept: 'Pago factura 9911',
			subject: VENDOR_EXAMPLE_OPERATION.payment?.subject,
		});
		expect(json).not.toHaveProperty('invoice');
		expect(json).not.toHaveProperty('synchronous');
	});

	it('50 items share one access token: the sandbox sees one token request and 50 reads', async () => {
		await fx.resetCounters('zertiban');
		const inputItems = Array.from({ length: 50 }, (_, i) => ({ uuid: tenantOps[i % tenantOps.length].uuid, n: i }));
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
			inputItems,
			credentials: fx.zertibanCredentials(),
		});
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items).toHaveLength(50);
		items.forEach((item, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			expect(item.json.uuid).toBe(inputItems[i].uuid);
		});
		const counters = await fx.counters('zertiban');
		expect(counters.tokenRequests).toBe(1);
		expect(counters.requests['GET /flow/v1/operations/:uuid']).toBe(50);
	});

	it('a token that expires mid-run is refreshed once and every item still succeeds', async () => {
		const credentials = fx.zertibanCredentials();
		const first = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'getStatus', operationUuid: byId(VENDOR_EXAMPLE_OPERATION_UUID) },
			credentials,
		});
		expect(first.error).toBeUndefined();
		const oldToken = credentials.data.zertibanOAuth2Api.accessToken;
		expect(oldToken).toEqual(expect.any(String));

		await fx.control('zertiban', 'tokens/expire', {});
		await fx.resetCounters('zertiban');
		const inputItems = tenantOps.map((op) => ({ uuid: op.uuid }));
		const second = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'getStatus', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
			inputItems,
			credentials,
		});
		expect(second.error).toBeUndefined();
		expect(second.json('Node').map((j) => j.status)).toEqual(tenantOps.map((op) => op.status));
		expect((await fx.counters('zertiban')).tokenRequests).toBe(1);
		expect(credentials.data.zertibanOAuth2Api.accessToken).not.toBe(oldToken);
	});

	it('a 401 refreshes the token once and retries once, then reports the 401 instead of looping', async () => {
		await fx.control('zertiban', 'tokens/ttl', { seconds: 0 });
		await fx.resetCounters('zertiban');
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: byId(VENDOR_EXAMPLE_OPERATION_UUID) },
			credentials: fx.zertibanCredentials(),
		});
		expect(result.error?.message).toBe('Zertiban refused the access token (401), also after fetching a new one');
		const counters = await fx.counters('zertiban');
		expect(counters.tokenRequests).toBe(2);
		expect(counters.requests['GET /flow/v1/operations/:uuid']).toBe(2);
	});

	it('a wrong client secret fails with a message that names the fields to check and holds no secret', async () => {
		const wrongSecret = 'wrong-secret-4f1d9a7c2e';
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: byId(VENDOR_EXAMPLE_OPERATION_UUID) },
			credentials: fx.zertibanCredentials({ clientSecret: wrongSecret }),
		});
		expect(result.error?.message).toMatch(/refused the client credentials.*Client ID and Client Secret/);
		const everything = JSON.stringify(result.run) + JSON.stringify(result.error) + String(result.error?.description) + String(result.error?.stack);
		for (const secret of [wrongSecret, Buffer.from(`${fx.info.zertiban.clientId}:${wrongSecret}`).toString('base64')]) {
			expect(everything).not.toContain(secret);
		}
	});

	it('an invalid UUID fails before any request, naming the field and the item', async () => {
		await fx.resetCounters('zertiban');
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
			inputItems: [{ uuid: VENDOR_EXAMPLE_OPERATION_UUID }, { uuid: 'not-a-uuid' }],
			credentials: fx.zertibanCredentials(),
		});
		expect(result.error?.message).toBe(
			'Invalid Payment Link in item 1: Payment Link "not-a-uuid" is not a UUID; expected 8-4-4-4-12 hexadecimal digits such as 94ba8750-b772-4ca1-91b0-1c8a658a6175',
		);
		const counters = await fx.counters('zertiban');
		expect(counters.tokenRequests).toBe(0);
		expect(fx.totalRequests(counters)).toBe(0);
	});

	it('with Continue On Fail every failed item carries its error and the others their result, in order', async () => {
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
			inputItems: [
				{ uuid: VENDOR_EXAMPLE_OPERATION_UUID },
				{ uuid: 'nope' },
				{ uuid: OTHER_TENANT_OPERATION_UUID },
				{ uuid: tenantOps[1].uuid },
			],
			credentials: fx.zertibanCredentials(),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const items = result.items('Node');
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.uuid).toBe(VENDOR_EXAMPLE_OPERATION_UUID);
		expect(items[1].json.error).toMatch(/^Invalid Payment Link in item 1/);
		expect(items[2].json.error).toBe(`Zertiban has no operation ${OTHER_TENANT_OPERATION_UUID} for this business (404)`);
		expect(items[2].json.httpCode).toBe('404');
		expect(items[3].json.uuid).toBe(tenantOps[1].uuid);
	});

	it('retries a read after 503 and 429 (Retry-After) and then returns the operation', async () => {
		await fx.resetCounters('zertiban');
		await fx.control('zertiban', 'faults', { status: 503, count: 1, path: '/flow/' });
		await fx.control('zertiban', 'faults', { status: 429, count: 1, retryAfter: 0, path: '/flow/' });
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'get', operationUuid: byId(VENDOR_EXAMPLE_OPERATION_UUID) },
			credentials: fx.zertibanCredentials(),
		});
		expect(result.error).toBeUndefined();
		expect(result.json('Node')[0].uuid).toBe(VENDOR_EXAMPLE_OPERATION_UUID);
		expect((await fx.counters('zertiban')).requests['GET /flow/v1/operations/:uuid']).toBe(3);
	});
});

describe('Zertiban → Operation → Get Status', () => {
	it.each(tenantOps.map((op) => [op.status, op.uuid]))('reports %s with its action code and finality', async (status, uuid) => {
		const result = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'getStatus', operationUuid: byId(uuid) },
			credentials: fx.zertibanCredentials(),
		});
		expect(result.json('Node')).toEqual([{ uuid, status, ...EXPECTED_STATUS[status] }]);
	});
});
