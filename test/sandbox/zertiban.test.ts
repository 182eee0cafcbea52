/** The Zertiban simulator as a client sees it (docs/zertiban.md §3, §4, §7.1–§7.3, §10.1). */
import { startSandbox, type Sandbox, type SandboxInfo } from '../../sandbox';
import {
	OTHER_TENANT_OPERATION_UUID,
	SEED_OPERATIONS,
	ZERTIBAN_OTHER_TENANT_UUID,
	type SeedOperation,
	type ZertibanOperation,
} from '../../sandbox/seed';
import type { Counters, RateLimitLog } from '../../sandbox/controls';
import { basic, call, control, zertibanToken } from './helpers';

let sandbox: Sandbox;
let info: SandboxInfo;
let base: string;

beforeAll(async () => {
	sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	info = sandbox.info;
	base = info.zertiban.baseUrl;
});
afterAll(() => sandbox.close());
beforeEach(() => control(base, 'reset'));

const TOKEN_PATHS = ['/idp/oauth2/token', '/api/v2/auth/token'];
const GRANT = 'grant_type=client_credentials';
const goodBasic = () => basic(info.zertiban.clientId, info.zertiban.clientSecret);
const VENDOR_UUID = '94ba8750-b772-4ca1-91b0-1c8a658a6175';
/** Orders two seed operations by a key, then by uuid (the sandbox's documented tie-break). */
function byUuid(a: SeedOperation, b: SeedOperation, keyA: string, keyB: string): number {
	const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
	return cmp(keyA, keyB) || cmp(a.operation.uuid, b.operation.uuid);
}
const tenantOps = SEED_OPERATIONS.filter((r) => r.tenantUuid === '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f');

/** Token endpoint reply: the success fields or the RFC 6749 error fields. */
interface TokenBody {
	access_token: string;
	token_type: string;
	expires_in: number;
	error: string;
	error_description: string;
}

/** The `{status, error, message, path, timestamp}` error body (docs/zertiban.md §4.4 [SIM]). */
interface ErrorBody {
	status: number;
	error: string;
	message: string;
}

/** `GET /flow/v1/operations` body. */
interface ListBody {
	total: number;
	results: ZertibanOperation[];
}

/** GET with a bearer token and the tenant header (override or drop headers with `headers`). */
function get<T = ErrorBody>(path: string, token: string, headers: Record<string, string | undefined> = {}) {
	const all: Record<string, string | undefined> = {
		authorization: `Bearer ${token}`,
		'x-tenant-id': info.zertiban.businessUuid,
		...headers,
	};
	const sent = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>;
	return call<T>(`${base}${path}`, { headers: sent });
}

function tokenRequest(path: string, authorization: string | undefined, body: string) {
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (authorization) headers.authorization = authorization;
	return call<TokenBody>(`${base}${path}`, { method: 'POST', headers, body });
}

function expectErrorShape(body: unknown, status: number, path: string) {
	expect(body).toEqual({
		status,
		error: expect.stringMatching(/^[A-Z_]+$/),
		message: expect.any(String),
		path,
		timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
	});
}

describe('token endpoint', () => {
	it.each(TOKEN_PATHS)('issues a bearer token with HTTP Basic on %s, usable on the API', async (path) => {
		const res = await tokenRequest(path, goodBasic(), `${GRANT}&scope=zertiban-api`);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
		expect(res.headers.get('cache-control')).toBe('no-store');
		const detail = await get(`/flow/v1/operations/${VENDOR_UUID}`, res.body.access_token);
		expect(detail.status).toBe(200);
	});

	it.each(TOKEN_PATHS)('answers 401 invalid_client for a wrong secret on %s, without echoing secrets', async (path) => {
		const wrong = 'not-the-secret-4711';
		const res = await tokenRequest(path, basic(info.zertiban.clientId, wrong), GRANT);
		expect(res.status).toBe(401);
		expect(res.body).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
		expect(res.text).not.toContain(info.zertiban.clientSecret);
		expect(res.text).not.toContain(wrong);
	});

	it('answers 401 invalid_client for an unknown client id and for credentials sent in the body', async () => {
		const unknown = await tokenRequest(TOKEN_PATHS[0], basic('someone-else', info.zertiban.clientSecret), GRANT);
		expect(unknown.status).toBe(401);
		expect(unknown.body.error).toBe('invalid_client');

		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: info.zertiban.clientId,
			client_secret: info.zertiban.clientSecret,
		});
		const inBody = await tokenRequest(TOKEN_PATHS[0], undefined, form.toString());
		expect(inBody.status).toBe(401);
		expect(inBody.body.error).toBe('invalid_client');
		expect(inBody.text).not.toContain(info.zertiban.clientSecret);
	});

	it('answers 400 invalid_request without grant_type and 400 unsupported_grant_type for another grant', async () => {
		const auth = goodBasic();
		const missing = await tokenRequest(TOKEN_PATHS[1], auth, 'scope=zertiban-api');
		expect(missing.status).toBe(400);
		expect(missing.body.error).toBe('invalid_request');
		const other = await tokenRequest(TOKEN_PATHS[1], auth, 'grant_type=password');
		expect(other.status).toBe(400);
		expect(other.body.error).toBe('unsupported_grant_type');
	});

	it('applies a TTL set at runtime to tokens issued afterwards', async () => {
		expect((await control(base, 'tokens/ttl', { seconds: 60 })).status).toBe(200);
		const res = await tokenRequest(TOKEN_PATHS[0], goodBasic(), GRANT);
		expect(res.body.expires_in).toBe(60);
		expect((await control(base, 'tokens/ttl', { seconds: -5 })).status).toBe(400);
	});
});

describe('bearer token and tenant rules', () => {
	const path = `/flow/v1/operations/${VENDOR_UUID}`;

	it('rejects a token with 401 "expired" after /__sandbox/tokens/expire, and a new token works', async () => {
		const token = await zertibanToken(info);
		expect((await get(path, token)).status).toBe(200);
		expect((await control(base, 'tokens/expire')).status).toBe(200);
		const res = await get(path, token);
		expect(res.status).toBe(401);
		expectErrorShape(res.body, 401, path);
		expect(res.body.message).toMatch(/expired/);
		expect((await get(path, await zertibanToken(info))).status).toBe(200);
	});

	it('rejects a missing or unknown token with 401 "invalid"', async () => {
		const unknown = await get(path, 'made-up-token');
		expect(unknown.status).toBe(401);
		expect(unknown.body.message).toMatch(/invalid/);
		const missing = await get(path, '', { authorization: undefined });
		expect(missing.status).toBe(401);
		expectErrorShape(missing.body, 401, path);
		expect(missing.body.message).toMatch(/invalid/);
	});

	it('answers 400 for a missing or malformed x-tenant-id and 403 for another tenant', async () => {
		const token = await zertibanToken(info);
		const missing = await get(path, token, { 'x-tenant-id': undefined });
		expect(missing.status).toBe(400);
		expectErrorShape(missing.body, 400, path);
		expect((await get(path, token, { 'x-tenant-id': 'tenant-1' })).status).toBe(400);
		const other = await get(path, token, { 'x-tenant-id': ZERTIBAN_OTHER_TENANT_UUID });
		expect(other.status).toBe(403);
		expectErrorShape(other.body, 403, path);
	});

	it('answers 400 for a malformed uuid and 404 for an unknown or another tenant\'s operation', async () => {
		const token = await zertibanToken(info);
		const malformed = await get('/flow/v1/operations/94ba8750', token);
		expect(malformed.status).toBe(400);
		expectErrorShape(malformed.body, 400, '/flow/v1/operations/94ba8750');
		const foreign = await get(`/flow/v1/operations/${OTHER_TENANT_OPERATION_UUID}`, token);
		expect(foreign.status).toBe(404);
		expectErrorShape(foreign.body, 404, `/flow/v1/operations/${OTHER_TENANT_OPERATION_UUID}`);
		expect((await get('/flow/v1/operations/00000000-0000-4000-8000-000000000000/status', token)).status).toBe(404);
	});
});

describe('operation detail and status', () => {
	it('returns the vendor example operation field for field (shared/seeds/001_feab0d86fc6bc9f5.txt)', async () => {
		const res = await get(`/flow/v1/operations/${VENDOR_UUID}`, await zertibanToken(info));
		expect(res.status).toBe(200);
		expect(res.body).toStrictEqual({
			uuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175',
			externalId: 'EXT-99',
			configurationUuid: 'e4f2b446-30c3-4e4e-a767-188c552ca459',
			status: 'CREATED',
			type: 'PAYMENT',
			expirationOffset: 'P7D',
			expiresAt: '2025-09-25T10:00:00Z',
			createdAt: '2025-09-25T10:00:00Z',
			flowUuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175',
			synchronous: true,
			payment: {
				paymentUuid: 'd0986926-2b7c-44f2-8d14-0a283cfe4886',
				amount: 176483,
				currency: 'EUR',
				types: [['PSD2_PAYMENT']],
				psd2Payment: {
					type: 'FUTURE_PAYMENT',
					product: 'INSTANT_SEPA_CREDIT_TRANSFER',
					requestedExecutionDate: '2025-10-01',
					creditorAccount: { uuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175' },
				},
				concept: 'Pago factura 9911',
				documents: [{ uuid: '94ba8750-b772-4ca1-91b0-1c8a658a6175', type: 'INVOICE', name: 'Factura 9911' }],
				subject: { name: 'Luis', lastName: 'Gómez', email: 'luis@example.org' },
			},
			invoice: {
				externalId: 'INV-9911',
				dueDate: '2025-10-30T00:00:00Z',
				collectedAmount: { amount: 12343, currency: 'EUR' },
			},
		});
	});

	it('maps every status to actionCode and final as in §10.1', async () => {
		const table: Record<string, [string, boolean]> = {
			CREATED: ['INITIATED', false],
			OPENED: ['INITIATED', false],
			COMPLETED: ['ACCEPTED', true],
			REJECTED: ['DENIED', true],
			EXPIRED: ['DENIED', true],
			CANCELLED: ['DENIED', true],
			NOT_DELIVERED: ['DENIED', true],
		};
		const token = await zertibanToken(info);
		const seen = new Set<string>();
		for (const { operation } of tenantOps) {
			const res = await get<{ status: string }>(`/flow/v1/operations/${operation.uuid}/status`, token);
			expect(res.status).toBe(200);
			const [actionCode, final] = table[operation.status];
			expect(res.body).toStrictEqual({ status: operation.status, actionCode, final });
			seen.add(res.body.status);
		}
		expect([...seen].sort()).toEqual(Object.keys(table).sort());
	});
});

describe('operation list', () => {
	const list = async (query: string, token: string) => get<ListBody>(`/flow/v1/operations?${query}`, token);

	it('defaults to 10 items, createdAt DESC, only the caller tenant', async () => {
		const res = await list('', await zertibanToken(info));
		expect(res.status).toBe(200);
		expect(res.body.total).toBe(tenantOps.length);
		expect(res.body.results).toHaveLength(10);
		const created = res.body.results.map((o) => o.createdAt);
		expect(created).toEqual([...created].sort().reverse());
		expect(res.body.results.map((o) => o.uuid)).not.toContain(OTHER_TENANT_OPERATION_UUID);
	});

	it.each([
		['sort_by=createdAt&sort_dir=DESC', 3],
		['sort_by=createdAt&sort_dir=asc', 4],
		['sort_by=STATUS_UPDATED_AT&sort_dir=ASC', 2],
		['sort_by=status', 5],
		['sort_by=externalId&sort_dir=asc&q_status=CREATED,opened,completed', 2],
	])('pages %s exactly: no duplicate, no gap (page size %i)', async (query, size) => {
		const token = await zertibanToken(info);
		const all = await list(`${query}&limit=100`, token);
		const paged: string[] = [];
		for (let offset = 0; offset < all.body.total; offset += size) {
			const page = await list(`${query}&limit=${size}&offset=${offset}`, token);
			expect(page.body.total).toBe(all.body.total);
			paged.push(...page.body.results.map((o) => o.uuid));
		}
		expect(paged).toEqual(all.body.results.map((o) => o.uuid));
		expect(new Set(paged).size).toBe(all.body.total);
	});

	it('breaks createdAt ties by uuid, in the sort direction', async () => {
		const token = await zertibanToken(info);
		const asc = [...tenantOps]
			.sort((a, b) => byUuid(a, b, a.operation.createdAt, b.operation.createdAt))
			.map((r) => r.operation.uuid);
		const ascRes = await list('sort_by=createdAt&sort_dir=ASC&limit=100', token);
		expect(ascRes.body.results.map((o) => o.uuid)).toEqual(asc);
		const descRes = await list('sort_by=createdat&sort_dir=desc&limit=100', token);
		expect(descRes.body.results.map((o) => o.uuid)).toEqual([...asc].reverse());
	});

	it('sorts by statusUpdatedAt with either spelling', async () => {
		const token = await zertibanToken(info);
		const expected = [...tenantOps]
			.sort((a, b) => byUuid(a, b, a.statusUpdatedAt, b.statusUpdatedAt))
			.map((r) => r.operation.uuid);
		for (const sortBy of ['statusUpdatedAt', 'STATUS_UPDATED_AT']) {
			const res = await list(`sort_by=${sortBy}&sort_dir=ASC&limit=100`, token);
			expect(res.body.results.map((o) => o.uuid)).toEqual(expected);
		}
	});

	it('filters by q_status (case-insensitive list), q_externalId and q_flowUuid', async () => {
		const token = await zertibanToken(info);
		const byStatus = await list('q_status=completed,EXPIRED&limit=100', token);
		const want = tenantOps.filter((r) => ['COMPLETED', 'EXPIRED'].includes(r.operation.status));
		expect(byStatus.body.total).toBe(want.length);
		expect(byStatus.body.results.map((o) => o.status).sort()).toEqual(want.map((r) => r.operation.status).sort());

		const byExternalId = await list('q_externalId=EXT-99', token);
		expect(byExternalId.body.total).toBe(1);
		expect(byExternalId.body.results[0].uuid).toBe(VENDOR_UUID);

		const flowUuid = tenantOps.find((r) => r.operation.externalId === 'EXT-107')!.operation.flowUuid;
		const byFlow = await list(`q_flowUuid=${flowUuid}`, token);
		expect(byFlow.body.results.map((o) => o.externalId).sort()).toEqual(['EXT-107', 'EXT-108']);
	});

	it('filters by q_operationUuid (own tenant only) and q_type', async () => {
		const token = await zertibanToken(info);
		const own = await list(`q_operationUuid=${VENDOR_UUID.toUpperCase()}`, token);
		expect(own.body.results.map((o) => o.uuid)).toEqual([VENDOR_UUID]);
		expect((await list(`q_operationUuid=${OTHER_TENANT_OPERATION_UUID}`, token)).body).toEqual({ total: 0, results: [] });
		expect((await list('q_type=payment', token)).body.total).toBe(tenantOps.length);
		expect((await list('q_type=SIGNATURE', token)).body.total).toBe(0);
	});

	it('returns an empty page past the end and allows limit=0', async () => {
		const token = await zertibanToken(info);
		const past = await list('offset=50', token);
		expect(past.body).toEqual({ total: tenantOps.length, results: [] });
		const zero = await list('limit=0', token);
		expect(zero.body).toEqual({ total: tenantOps.length, results: [] });
	});

	it.each([
		'limit=101',
		'limit=-1',
		'limit=abc',
		'limit=1.5',
		'offset=-1',
		'offset=x',
		'sort_by=amount',
		'sort_dir=UP',
		'q_status=PAID',
		'q_status=CREATED,nope',
		'q_flowUuid=flow-1',
		'q_operationUuid=op-1',
		'q_type=TRANSFER',
		'limit=5&limit=6',
	])('answers 400 for %s', async (query) => {
		const res = await list(query, await zertibanToken(info));
		expect(res.status).toBe(400);
		expectErrorShape(res.body, 400, '/flow/v1/operations');
	});
});

describe('controls', () => {
	it('counts token hits on both paths and requests by route pattern, but not control calls', async () => {
		await control(base, 'counters/reset');
		const token = await zertibanToken(info);
		await tokenRequest(TOKEN_PATHS[1], basic(info.zertiban.clientId, 'wrong'), GRANT);
		await get(`/flow/v1/operations/${VENDOR_UUID}`, token);
		await get(`/flow/v1/operations/${OTHER_TENANT_OPERATION_UUID}`, token);
		await get(`/flow/v1/operations/${VENDOR_UUID}/status`, token);
		await get('/flow/v1/operations?limit=1', token);
		await control(base, 'counters');
		const res = await control<Counters>(base, 'counters', undefined, 'GET');
		expect(res.body).toEqual({
			tokenRequests: 2,
			requests: {
				'POST /idp/oauth2/token': 1,
				'POST /api/v2/auth/token': 1,
				'GET /flow/v1/operations/:uuid': 2,
				'GET /flow/v1/operations/:uuid/status': 1,
				'GET /flow/v1/operations': 1,
			},
			maxInFlight: 1,
			duringRetryAfter: 0,
		});
		await control(base, 'counters/reset');
		expect((await control(base, 'counters', undefined, 'GET')).body).toEqual({ tokenRequests: 0, requests: {}, maxInFlight: 0, duringRetryAfter: 0 });
	});

	it('finds operations by external ID (GET /__sandbox/operations?externalId=), and refuses a call without one', async () => {
		const found = await control<{ operations: Array<{ uuid: string; status: string }> }>(base, 'operations?externalId=EXT-99', undefined, 'GET');
		// the seed has EXT-99 in two tenants: both are found
		expect(found.body.operations).toEqual(expect.arrayContaining([expect.objectContaining({ uuid: VENDOR_UUID, status: expect.any(String) })]));
		expect(found.body.operations).toHaveLength(2);
		expect((await control(base, 'operations?externalId=NO-SUCH', undefined, 'GET')).body).toEqual({ operations: [] });
		expect((await control(base, 'operations', undefined, 'GET')).status).toBe(400);
	});

	it('counts token requests per x-sandbox-client label (which process asked), next to the total', async () => {
		await control(base, 'counters/reset');
		const labelled = (client: string) =>
			call(`${base}${TOKEN_PATHS[0]}`, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(info.zertiban.clientId, info.zertiban.clientSecret), 'x-sandbox-client': client },
				body: GRANT,
			});
		await labelled('worker-1');
		await labelled('worker-1');
		await labelled('webhook-1');
		await zertibanToken(info);
		const res = await control<Counters>(base, 'counters', undefined, 'GET');
		expect({ total: res.body.tokenRequests, by: res.body.tokenRequestsByClient }).toEqual({ total: 4, by: { 'worker-1': 2, 'webhook-1': 1 } });
		await control(base, 'counters/reset');
	});

	it('injects 429 with Retry-After for the next n matching requests, then recovers', async () => {
		const token = await zertibanToken(info);
		const set = await control(base, 'faults', { status: 429, count: 2, retryAfter: 7, path: '/flow/v1/operations' });
		expect(set.status).toBe(200);
		const path = `/flow/v1/operations/${VENDOR_UUID}`;
		for (let i = 0; i < 2; i++) {
			const res = await get(path, token);
			expect(res.status).toBe(429);
			expect(res.headers.get('retry-after')).toBe('7');
			expectErrorShape(res.body, 429, path);
			// a request outside the fault's path prefix is served and does not use up the fault
			const outside = await tokenRequest(TOKEN_PATHS[0], goodBasic(), GRANT);
			expect(outside.status).toBe(200);
		}
		const after = await get(path, token);
		expect(after.status).toBe(200);
		expect(after.headers.get('retry-after')).toBeNull();
		const counters = await control<Counters>(base, 'counters', undefined, 'GET');
		expect(counters.body.requests['GET /flow/v1/operations/:uuid']).toBe(3);
	});

	it('counts the most requests in flight at once, and the requests that arrive during a 429\'s Retry-After', async () => {
		const token = await zertibanToken(info);
		const path = `/flow/v1/operations/${VENDOR_UUID}`;
		await control(base, 'counters/reset');
		await control(base, 'latency', { ms: 300 });
		try {
			await Promise.all([get(path, token), get(path, token), get(path, token)]);
		} finally {
			await control(base, 'latency', { ms: 0 });
		}
		expect((await get(path, token)).status).toBe(200);
		let counters = (await control<Counters>(base, 'counters', undefined, 'GET')).body;
		expect(counters.maxInFlight).toBe(3);
		expect(counters.duringRetryAfter).toBe(0);

		await control(base, 'faults', { status: 429, count: 1, retryAfter: 60, path: '/flow/v1/operations' });
		expect((await get(path, token)).status).toBe(429);
		expect((await get(path, token)).status).toBe(200); // served, but counted: it did not wait
		counters = (await control<Counters>(base, 'counters', undefined, 'GET')).body;
		expect(counters.duringRetryAfter).toBe(1);
		await control(base, 'counters/reset');
		expect((await get(path, token)).status).toBe(200);
		expect((await control<Counters>(base, 'counters', undefined, 'GET')).body.duringRetryAfter).toBe(0);
	});

	it('rate limit [SIM]: above the set number in flight per credential a request is answered 429 at once with Retry-After; tokens are not limited', async () => {
		const token = await zertibanToken(info);
		const path = `/flow/v1/operations/${VENDOR_UUID}`;
		await control(base, 'counters/reset');
		expect((await control(base, 'rate-limit', { maxInFlight: 0, retryAfter: 1 })).status).toBe(400);
		await control(base, 'rate-limit', { maxInFlight: 2, retryAfter: 3 });
		await control(base, 'latency', { ms: 300 });
		let answers: Array<Awaited<ReturnType<typeof get>>>;
		try {
			answers = await Promise.all([get(path, token), get(path, token), get(path, token), get(path, token)]);
			expect(await zertibanToken(info)).toEqual(expect.any(String));
		} finally {
			await control(base, 'latency', { ms: 0 });
		}
		expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 429, 429]);
		const refused = answers.find((a) => a.status === 429)!;
		expect(refused.headers.get('retry-after')).toBe('3');
		expectErrorShape(refused.body, 429, path);
		expect((await get(path, token)).status).toBe(200); // the places are free again
		expect((await control<Counters>(base, 'counters', undefined, 'GET')).body.rateLimited).toBe(2);
		// the log: three let in (the two of the burst, each held ≥ the latency, and the one after), two refused
		const log = (await control<RateLimitLog>(base, 'rate-limit', undefined, 'GET')).body;
		expect(log.rateLimit).toEqual({ maxInFlight: 2, retryAfter: 3 });
		expect(log.admitted).toHaveLength(3);
		expect(log.refused).toHaveLength(2);
		for (const [arrived, answered] of log.admitted.slice(0, 2)) expect(answered - arrived).toBeGreaterThanOrEqual(290);
		await control(base, 'counters/reset');
		expect((await control<RateLimitLog>(base, 'rate-limit', undefined, 'GET')).body).toEqual({ rateLimit: { maxInFlight: 2, retryAfter: 3 }, admitted: [], refused: [] });
		await control(base, 'rate-limit', undefined, 'DELETE');
		await control(base, 'latency', { ms: 200 });
		try {
			answers = await Promise.all([get(path, token), get(path, token), get(path, token)]);
		} finally {
			await control(base, 'latency', { ms: 0 });
		}
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
	});

	it('injects 5xx on every path (token endpoint included) when no path is given', async () => {
		await control(base, 'faults', { status: 503, count: 1 });
		const res = await tokenRequest(TOKEN_PATHS[0], goodBasic(), GRANT);
		expect(res.status).toBe(503);
		expectErrorShape(res.body, 503, TOKEN_PATHS[0]);
		expect(await zertibanToken(info)).toEqual(expect.any(String));
	});

	it('rejects invalid fault and latency settings with 400', async () => {
		expect((await control(base, 'faults', { status: 418, count: 1 })).status).toBe(400);
		expect((await control(base, 'faults', { status: 500, count: 0 })).status).toBe(400);
		expect((await control(base, 'faults', { status: 500, count: 1, path: 'flow' })).status).toBe(400);
		expect((await control(base, 'faults', { status: 429, count: 1, retryAfter: -1 })).status).toBe(400);
		expect((await control(base, 'latency', { ms: -1 })).status).toBe(400);
		expect((await control(base, 'latency', { ms: 'slow' })).status).toBe(400);
		expect((await control(base, 'latency', { ms: 0 })).status).toBe(200);
	});

	it('reset restores the start TTL, clears faults and forgets issued tokens', async () => {
		const token = await zertibanToken(info);
		await control(base, 'tokens/ttl', { seconds: 30 });
		await control(base, 'faults', { status: 500, count: 5 });
		expect((await control(base, 'reset')).status).toBe(200);
		expect((await get(`/flow/v1/operations/${VENDOR_UUID}`, token)).status).toBe(401);
		const res = await tokenRequest(TOKEN_PATHS[0], goodBasic(), GRANT);
		expect(res.status).toBe(200);
		expect(res.body.expires_in).toBe(900);
	});
});
