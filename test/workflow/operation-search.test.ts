import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { searchOperations } from '../../nodes/Zertiban/methods/listSearch';
import { OTHER_TENANT_OPERATION_UUID, SEED_OPERATIONS } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { loadOptionsContext } from '../helpers/zertiban';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let context: ILoadOptionsFunctions;
const sent: IHttpRequestOptions[] = [];

/** A load-options context that signs requests as the credential would (token from the sandbox, x-tenant-id). */
beforeAll(async () => {
	fx = await sandboxFixture();
	context = await loadOptionsContext(fx, sent);
});
afterAll(async () => {
	await fx.close();
});

const tenantOps = SEED_OPERATIONS.filter((s) => s.operation.uuid !== OTHER_TENANT_OPERATION_UUID).map((s) => s.operation);

describe('Operation resource locator search', () => {
	it('lists this business’s operations newest first, labelled external ID — status — amount', async () => {
		const { results, paginationToken } = await searchOperations.call(context);
		expect(results).toHaveLength(tenantOps.length);
		expect(new Set(results.map((r) => r.value))).toEqual(new Set(tenantOps.map((o) => o.uuid)));
		expect(results.map((r) => r.name)).toContain('EXT-99 — CREATED — 1764.83 EUR');
		expect(paginationToken).toBeUndefined();
		expect(sent.at(-1)?.qs).toMatchObject({ limit: 50, offset: 0, sort_by: 'createdAt', sort_dir: 'DESC' });
	});

	it('a filter matches the external ID exactly and only within this business', async () => {
		const { results } = await searchOperations.call(context, 'EXT-99');
		expect(results).toEqual([{ name: 'EXT-99 — CREATED — 1764.83 EUR', value: '94ba8750-b772-4ca1-91b0-1c8a658a6175' }]);
		expect(sent.at(-1)?.qs).toMatchObject({ q_externalId: 'EXT-99' });
	});

	it('a UUID filter looks the operation up by its UUID', async () => {
		const { results } = await searchOperations.call(context, tenantOps[2].uuid);
		expect(results.map((r) => r.value)).toEqual([tenantOps[2].uuid]);
		expect(sent.at(-1)?.qs).toMatchObject({ q_operationUuid: tenantOps[2].uuid });
		expect(sent.at(-1)?.qs).not.toHaveProperty('q_externalId');
	});
});
