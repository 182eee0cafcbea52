/** The CFIS simulator as a client sees it (docs/cfis.md §2, §4.1–§4.3, §8, §9). */
import { startSandbox, type Sandbox, type SandboxInfo } from '../../sandbox';
import type { FieldError } from '../../sandbox/cfis';
import { call, cfisOrigin, control } from './helpers';

/** Every body field the CFIS tests read (success and error bodies of §4.1–§4.3, §9). */
interface CfisBody {
	status: number;
	title: string;
	detail: string;
	errors: FieldError[];
	isValid: boolean;
	message: string;
	Message: string;
	accessToken: string;
}

let sandbox: Sandbox;
let info: SandboxInfo;
let origin: string;

beforeAll(async () => {
	sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	info = sandbox.info;
	origin = cfisOrigin(info);
});
afterAll(() => sandbox.close());
beforeEach(() => control(origin, 'reset'));

const VALID = { isValid: true, message: 'Token is valid' };

function api(method: string, path: string, apiKey: string | undefined, body?: unknown) {
	const headers: Record<string, string> = {};
	if (apiKey !== undefined) headers['x-api-key'] = apiKey;
	if (body !== undefined) headers['content-type'] = 'application/json';
	return call<CfisBody>(`${info.cfis.baseUrl}${path}`, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
}

/** A valid create-client body (vendor example shape, docs/cfis.md §4.1, with a well-formed business ID). */
function clientBody(businessCode = '0646115-8') {
	return {
		service: { type: 'LIFECYCLE', partnerCode: 'QUICK3' },
		client: {
			name: 'Test Customer Oy',
			businessCode,
			vatRegNbr: 'FI06461158',
			postalAddress: 'Testikuja 7',
			postalCode: '00100',
			postalDistrict: 'HELSINKI',
			countryCode: 'FI',
			telephone: '',
			email: 'email@testcustomer.fi',
			website: '',
			languageCode: 'FI',
		},
		contacts: [{ type: 'PRIMARY', name: 'Maija Meikäläinen', email: 'maija@testcustomer.fi', phone: '+358401234567' }],
	};
}

describe('POST /client', () => {
	it('onboards a client with the partner token; its access token is an active client token', async () => {
		const res = await api('POST', '/client', info.cfis.partnerToken, clientBody());
		expect(res.status).toBe(201);
		expect(res.body).toEqual({
			clientId: expect.any(String),
			customerCode: expect.any(String),
			paymentReferencePrefix: expect.stringMatching(/^\d+$/),
			accessToken: expect.any(String),
		});
		const validate = await api('GET', '/validate', res.body.accessToken);
		expect(validate.body).toEqual({ isValid: true, message: 'Token is valid' });
	});

	it('answers 409 for a business code already onboarded (seeded, or created in this sandbox)', async () => {
		const seeded = await api('POST', '/client', info.cfis.partnerToken, clientBody('0737546-2'));
		expect(seeded.status).toBe(409);
		expect(seeded.body).toEqual({
			status: 409,
			title: 'Client already exists',
			detail: expect.stringContaining('GET /validate or GET /renew'),
		});
		expect((await api('POST', '/client', info.cfis.partnerToken, clientBody())).status).toBe(201);
		expect((await api('POST', '/client', info.cfis.partnerToken, clientBody())).status).toBe(409);
	});

	it('reports every invalid field at once, by field name', async () => {
		const body = clientBody();
		body.service.type = 'PREMIUM';
		body.client.businessCode = '123456-7';
		body.client.vatRegNbr = 'fi123';
		body.client.email = 'not-an-email';
		body.client.postalCode = '1234';
		body.client.website = 'not a url';
		body.client.countryCode = 'fi';
		body.contacts.push({ type: 'CEO', name: '', email: 'x@', phone: '' });
		const res = await api('POST', '/client', info.cfis.partnerToken, body);
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ status: 400, title: 'Validation failed' });
		expect(res.body.errors.map((e) => e.field).sort()).toEqual(
			[
				'service.type',
				'client.businessCode',
				'client.vatRegNbr',
				'client.email',
				'client.website',
				'client.countryCode',
				'contacts[1].type',
				'contacts[1].name',
				'contacts[1].email',
			].sort(),
		);
		for (const error of res.body.errors) expect(error.message).toEqual(expect.any(String));
	});

	it('checks the Finnish postal code when countryCode is FI, and lists every missing required field', async () => {
		const body = clientBody();
		body.client.postalCode = '1234';
		const postal = await api('POST', '/client', info.cfis.partnerToken, body);
		expect(postal.status).toBe(400);
		expect(postal.body.errors).toEqual([{ field: 'client.postalCode', message: expect.any(String) }]);

		const empty = await api('POST', '/client', info.cfis.partnerToken, {});
		expect(empty.status).toBe(400);
		expect(empty.body.errors.map((e) => e.field).sort()).toEqual(
			[
				'service.type',
				'service.partnerCode',
				'client.name',
				'client.businessCode',
				'client.countryCode',
				'client.email',
				'client.languageCode',
			].sort(),
		);
	});

	it('answers 401 for a client token (§2.2: not the provisioning token) and for a missing or unknown key, before validating the body', async () => {
		const withClient = await api('POST', '/client', info.cfis.clientToken, {});
		expect(withClient.status).toBe(401);
		expect(withClient.body).toEqual({
			status: 401,
			title: 'Unauthorized',
			detail: 'The API key is not valid for POST /client: it needs the Partner Provisioning Token',
		});
		expect((await api('POST', '/client', info.cfis.expiredClientToken, {})).status).toBe(401);
		expect((await api('POST', '/client', undefined, clientBody())).status).toBe(401);
		const notJson = await call(`${info.cfis.baseUrl}/client`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"service":',
		});
		expect(notJson.status).toBe(401);
		const badJson = await call(`${info.cfis.baseUrl}/client`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-api-key': info.cfis.partnerToken },
			body: '{"service":',
		});
		expect(badJson.status).toBe(400);
		expect(badJson.body).toMatchObject({ status: 400, title: 'Bad Request' });
		const unknown = await api('POST', '/client', 'guessed-token', clientBody());
		expect(unknown.status).toBe(401);
		expect(unknown.body).toMatchObject({ status: 401, title: 'Unauthorized' });
	});
});

describe('GET /validate', () => {
	it('says valid for the active token and expired for the expired one', async () => {
		expect((await api('GET', '/validate', info.cfis.clientToken)).body).toEqual(VALID);
		const expired = await api('GET', '/validate', info.cfis.expiredClientToken);
		expect(expired.status).toBe(200);
		expect(expired.body).toEqual({ isValid: false, message: 'Token has expired; renew it with GET /renew' });
	});

	it('answers 401 for a missing or unknown key, and for the partner token (§2.2: it works only for POST /client)', async () => {
		const missing = await api('GET', '/validate', undefined);
		expect(missing.status).toBe(401);
		expect(missing.body).toMatchObject({ status: 401, title: 'Unauthorized', detail: expect.any(String) });
		expect((await api('GET', '/validate', 'cfis-sandbox-nope')).status).toBe(401);
		const partner = await api('GET', '/validate', info.cfis.partnerToken);
		expect(partner.status).toBe(401);
		expect(partner.body).toEqual({
			status: 401,
			title: 'Unauthorized',
			detail: 'The API key is not valid here: it needs a client access token (the Partner Provisioning Token works only for POST /client)',
		});
	});
});

describe('GET /renew', () => {
	it('returns a new token in Message and accessToken and revokes the old one at once', async () => {
		const res = await api('GET', '/renew', info.cfis.clientToken);
		expect(res.status).toBe(200);
		expect(res.body).toEqual({ Message: expect.any(String), accessToken: res.body.Message });
		expect(res.body.accessToken).not.toBe(info.cfis.clientToken);
		expect((await api('GET', '/validate', res.body.accessToken)).body.isValid).toBe(true);
		expect((await api('GET', '/validate', info.cfis.clientToken)).status).toBe(401);
		expect((await api('GET', '/renew', info.cfis.clientToken)).status).toBe(401);
	});

	it('renews an expired token; the expired token is then revoked', async () => {
		const res = await api('GET', '/renew', info.cfis.expiredClientToken);
		expect(res.status).toBe(200);
		expect((await api('GET', '/validate', res.body.accessToken)).body).toEqual(VALID);
		expect((await api('GET', '/validate', info.cfis.expiredClientToken)).status).toBe(401);
	});

	it('answers 401 for the partner token (§2.2) and without a key; the partner token stays valid for POST /client', async () => {
		expect((await api('GET', '/renew', info.cfis.partnerToken)).status).toBe(401);
		expect((await api('POST', '/client', info.cfis.partnerToken, clientBody())).status).toBe(201);
		expect((await api('GET', '/renew', undefined)).status).toBe(401);
	});
});

describe('controls', () => {
	it('counts requests by route pattern and reports no token requests', async () => {
		await api('GET', '/validate', info.cfis.clientToken);
		await api('GET', '/validate', 'unknown');
		await api('POST', '/client', info.cfis.partnerToken, {});
		const counters = await control(origin, 'counters', undefined, 'GET');
		expect(counters.body).toEqual({
			tokenRequests: 0,
			requests: { 'GET /api/v1/partner/validate': 2, 'POST /api/v1/partner/client': 1 },
			maxInFlight: 1,
			duringRetryAfter: 0,
		});
	});

	it('injects 503 with Retry-After on a path prefix, in the CFIS error shape, then recovers', async () => {
		await control(origin, 'faults', { status: 503, count: 1, retryAfter: 2, path: '/api/v1/partner/validate' });
		const faulted = await api('GET', '/validate', info.cfis.clientToken);
		expect(faulted.status).toBe(503);
		expect(faulted.headers.get('retry-after')).toBe('2');
		expect(faulted.body).toEqual({ status: 503, title: 'Service Unavailable', detail: expect.any(String) });
		expect((await api('GET', '/validate', info.cfis.clientToken)).status).toBe(200);
	});

	it('reset brings back the seeded tokens and forgets created clients', async () => {
		await api('GET', '/renew', info.cfis.clientToken);
		expect((await api('POST', '/client', info.cfis.partnerToken, clientBody())).status).toBe(201);
		await control(origin, 'reset');
		expect((await api('GET', '/validate', info.cfis.clientToken)).body.isValid).toBe(true);
		expect((await api('POST', '/client', info.cfis.partnerToken, clientBody())).status).toBe(201);
	});
});
