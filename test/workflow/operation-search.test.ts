import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import { SEARCH_WINDOW, searchFlows, searchOperations } from '../../nodes/Zertiban/methods/listSearch';
import { OTHER_TENANT_OPERATION_UUID, SEED_OPERATIONS } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { createSandboxFlows, loadOptionsContext } from '../helpers/zertiban';

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
		sent.length = 0;
		const { results } = await searchOperations.call(context, 'EXT-99');
		expect(results).toEqual([{ name: 'EXT-99 — CREATED — 1764.83 EUR', value: '94ba8750-b772-4ca1-91b0-1c8a658a6175' }]);
		// The exact lookup goes first (it reaches the whole history), then the newest entries are scanned.
		expect(sent[0]?.qs).toMatchObject({ q_externalId: 'EXT-99' });
	});

	it('a part of the external ID matches, whatever its case', async () => {
		const { results, paginationToken } = await searchOperations.call(context, 'ext-10');
		const expected = tenantOps.filter((o) => /^EXT-10\d$/.test(o.externalId ?? ''));
		expect(expected.length).toBeGreaterThan(5);
		expect(new Set(results.map((r) => r.value))).toEqual(new Set(expected.map((o) => o.uuid)));
		expect(results).toHaveLength(expected.length);
		expect(paginationToken).toBeUndefined();
	});

	it('a part of a PagaFactu invoice’s external ID finds its operation', async () => {
		const withInvoice = tenantOps.filter((o) => /^INV-/.test(o.invoice?.externalId ?? ''));
		expect(withInvoice.length).toBeGreaterThan(0);
		const { results } = await searchOperations.call(context, 'inv-');
		expect(new Set(results.map((r) => r.value))).toEqual(new Set(withInvoice.map((o) => o.uuid)));
	});

	it('a UUID filter looks the operation up by its UUID', async () => {
		const { results } = await searchOperations.call(context, tenantOps[2].uuid);
		expect(results.map((r) => r.value)).toEqual([tenantOps[2].uuid]);
		expect(sent.at(-1)?.qs).toMatchObject({ q_operationUuid: tenantOps[2].uuid });
		expect(sent.at(-1)?.qs).not.toHaveProperty('q_externalId');
	});
});

describe('Operation and flow search over more entries than one request reads', () => {
	let big: Awaited<ReturnType<typeof sandboxFixture>>;
	let ctx: ILoadOptionsFunctions;
	const requests: IHttpRequestOptions[] = [];
	let old: Awaited<ReturnType<typeof createSandboxFlows>>;
	let fresh: Awaited<ReturnType<typeof createSandboxFlows>>;

	/** One old operation (`OLD-0-0`), then SEARCH_WINDOW newer ones (`NEW-<flow>-<op>`, 100 flows of 10). */
	beforeAll(async () => {
		big = await sandboxFixture();
		ctx = await loadOptionsContext(big, requests);
		old = await createSandboxFlows(big.info, 1, 1, 'OLD');
		await new Promise((done) => setTimeout(done, 1_100)); // createdAt has whole seconds: every NEW one is later
		fresh = await createSandboxFlows(big.info, SEARCH_WINDOW / 10, 10, 'NEW');
	}, 120_000);
	afterAll(async () => {
		await big.close();
	});

	/** Follows the search box's pagination tokens to the end; returns every page (bounded: 50 pages). */
	const allPages = async (filter: string) => {
		const pages = [];
		let token: string | undefined;
		do {
			requests.length = 0;
			const page = await searchOperations.call(ctx, filter, token);
			pages.push({ ...page, requests: requests.length });
			token = page.paginationToken;
		} while (token !== undefined && pages.length < 50);
		return pages;
	};

	it('a prefix in lower case finds the operations it starts, on the first page', async () => {
		const { results } = await searchOperations.call(ctx, 'new-5-');
		const expected = fresh[5].operations.map((o) => o.uuid);
		expect(new Set(results.map((r) => r.value))).toEqual(new Set(expected));
		expect(results.every((r) => r.name.startsWith('NEW-5-'))).toBe(true);
	});

	it('paging through a broad match lists every match once, reading at most 100 entries a request', async () => {
		const pages = await allPages('NEW-');
		const values = pages.flatMap((p) => p.results.map((r) => r.value));
		expect(pages.length).toBeGreaterThan(1);
		expect(values).toHaveLength(SEARCH_WINDOW);
		expect(new Set(values)).toEqual(new Set(fresh.flatMap((f) => f.operations.map((o) => o.uuid))));
		expect(pages.at(-1)?.paginationToken).toBeUndefined();
		for (const page of pages) expect(page.requests).toBeLessThanOrEqual(1 + SEARCH_WINDOW / 100);
	});

	it('the scan stops at the newest SEARCH_WINDOW; an exact external ID or a UUID still finds older ones', async () => {
		const oldOp = old[0].operations[0];
		const pages = await allPages('old-');
		expect(pages.flatMap((p) => p.results)).toEqual([]);
		expect(pages).toHaveLength(1);
		expect(pages[0].requests).toBe(1 + SEARCH_WINDOW / 100); // the exact lookup, then the window
		const exact = await searchOperations.call(ctx, 'OLD-0-0');
		expect(exact.results.map((r) => r.value)).toEqual([oldOp.uuid]);
		const byUuid = await searchOperations.call(ctx, oldOp.uuid);
		expect(byUuid.results.map((r) => r.value)).toEqual([oldOp.uuid]);
	});

	it('a part of a UUID matches too', async () => {
		const target = fresh[42].operations[3].uuid;
		const { results } = await searchOperations.call(ctx, target.slice(0, 13).toUpperCase());
		expect(results.map((r) => r.value)).toContain(target);
	});

	it('the flow search matches a part of the external ID the same way', async () => {
		const { results, paginationToken } = await searchFlows.call(ctx, 'new-9');
		const expected = fresh.filter((f, i) => /^9\d?$/.test(String(i))).map((f) => f.uuid);
		expect(expected).toHaveLength(11);
		expect(new Set(results.map((r) => r.value))).toEqual(new Set(expected));
		expect(paginationToken).toBeUndefined();
	});
});
