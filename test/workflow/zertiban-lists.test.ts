/**
 * Return All / Limit of every Zertiban Get Many against the sandbox's offset paging (docs/zertiban.md §4.3): exact
 * counts over 0, 1, 100, 101 and 250 records, no duplicate and no gap, page sizes within the API limits.
 */
import type { IDataObject } from 'n8n-workflow';

import { sandboxFixture } from '../helpers/sandbox';
import { createSandboxFlows } from '../helpers/zertiban';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

/** Only records created by the test (the seed is from 2025). */
const SINCE_TEST = { createdAfter: '2026-01-01T00:00:00Z' };

function getMany(resource: string, parameters: IDataObject) {
	return runNode({
		type: 'zertiban',
		parameters: { resource, operation: 'getMany', ...parameters },
		credentials: fx.zertibanCredentials(),
	});
}

/** How many requests reached the list at `path` since the last counters reset. */
async function listCalls(path: string) {
	return (await fx.counters('zertiban')).requests[`GET ${path}`] ?? 0;
}

describe.each([0, 1, 100, 101, 250])('Return All over %i records', (count) => {
	it('Operation → Get Many returns exactly the created operations, each once', async () => {
		const created = count === 0 ? [] : await createSandboxFlows(fx.info, 1, count, 'R');
		const expected = created.flatMap((f) => f.operations.map((o) => o.uuid));
		await fx.resetCounters('zertiban');
		const result = await getMany('operation', { returnAll: true, filters: SINCE_TEST, sort: { sortBy: 'externalId', direction: 'ASC' } });
		expect(result.error).toBeUndefined();
		const uuids = result.json('Node').map((o) => String(o.uuid));
		expect(uuids).toHaveLength(count);
		expect(new Set(uuids)).toEqual(new Set(expected));
		// pages of 100, stopping at `total`: ceil(count / 100) requests (one for an empty list)
		expect(await listCalls('/flow/v1/operations')).toBe(Math.max(1, Math.ceil(count / 100)));
	});

	it('Flow → Get Many returns exactly the created flows, each once, newest first', async () => {
		const created = await createSandboxFlows(fx.info, count, 1, 'F');
		const result = await getMany('flow', { returnAll: true, filters: SINCE_TEST });
		expect(result.error).toBeUndefined();
		const uuids = result.json('Node').map((f) => String(f.uuid));
		expect(uuids).toHaveLength(count);
		expect(new Set(uuids)).toEqual(new Set(created.map((f) => f.uuid)));
		const times = result.json('Node').map((f) => String(f.createdAt));
		expect([...times].sort().reverse()).toEqual(times);
	});
});

describe('Limit', () => {
	it('returns the first N across pages without asking for more than needed', async () => {
		await createSandboxFlows(fx.info, 1, 150, 'L');
		const all = await getMany('operation', { returnAll: true, filters: SINCE_TEST, sort: { sortBy: 'externalId', direction: 'ASC' } });
		await fx.resetCounters('zertiban');
		const some = await getMany('operation', { returnAll: false, limit: 120, filters: SINCE_TEST, sort: { sortBy: 'externalId', direction: 'ASC' } });
		expect(some.json('Node').map((o) => o.uuid)).toEqual(all.json('Node').slice(0, 120).map((o) => o.uuid));
		expect(await listCalls('/flow/v1/operations')).toBe(2);
		const three = await getMany('operation', { returnAll: false, limit: 3 });
		expect(three.json('Node')).toHaveLength(3);
		const bad = await getMany('operation', { returnAll: false, limit: 0 });
		expect(bad.error?.message).toMatch(/Invalid Limit in item 0/);
	});

	it('Configuration → Get Many pages by 50 (the API maximum): 55 configurations in 2 requests, each once', async () => {
		await fx.control('zertiban', 'configurations', { count: 52 });
		await fx.resetCounters('zertiban');
		const configurations = await getMany('configuration', { returnAll: true });
		expect(configurations.error).toBeUndefined();
		const names = configurations.json('Node').map((c) => String(c.name));
		expect(names).toHaveLength(55);
		expect(new Set(names).size).toBe(55);
		expect(names.slice(0, 3)).toEqual(['Default', 'Urgent 7 days', 'Collections 30 days']);
		expect(await listCalls('/flow-customization/v1/configurations')).toBe(2);
		await fx.resetCounters('zertiban');
		const fiftyOne = await getMany('configuration', { returnAll: false, limit: 51 });
		expect(fiftyOne.json('Node').map((c) => c.name)).toEqual(names.slice(0, 51));
		expect(await listCalls('/flow-customization/v1/configurations')).toBe(2);
	});

	it('Configuration → Get Many filters by default and status; Beneficiary Account → Get Many lists both accounts', async () => {
		const configurations = await getMany('configuration', { returnAll: true });
		expect(configurations.json('Node').map((c) => c.name)).toEqual(['Default', 'Urgent 7 days', 'Collections 30 days']);
		const one = await getMany('configuration', { returnAll: false, limit: 1, filters: { isDefault: 'true' } });
		expect(one.json('Node')).toEqual([expect.objectContaining({ name: 'Default', isDefault: true, status: 'ACTIVE' })]);
		const accounts = await getMany('beneficiaryAccount', { returnAll: true });
		expect(accounts.json('Node').map((a) => a.status)).toEqual(['ACTIVE', 'DISABLED']);
		const active = await getMany('beneficiaryAccount', { returnAll: true, filters: { status: 'ACTIVE' } });
		expect(active.json('Node')).toEqual([expect.objectContaining({ alias: 'Cuenta principal cobros', isDefault: true })]);
		const disabledConfigs = await getMany('configuration', { returnAll: true, filters: { status: 'DISABLED' } });
		expect(disabledConfigs.json('Node').map((c) => c.name)).toEqual(['Collections 30 days']);
	});
});
