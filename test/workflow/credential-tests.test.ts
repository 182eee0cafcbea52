import { basicForms, leaksIn, secretForms } from '../abuse/leaks';
import { startDataTablesDouble } from '../helpers/dataTables';
import { sandboxFixture } from '../helpers/sandbox';
import { runNode, testCredential } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeAll(async () => {
	fx = await sandboxFixture();
});
afterAll(async () => {
	await fx.close();
});

describe('credential "Test" buttons against the sandbox', () => {
	it('Zertiban OAuth2 API: good client credentials pass; a wrong secret fails with the reason and without the secret', async () => {
		expect(await testCredential('zertibanOAuth2Api', fx.zertibanCredentials().data.zertibanOAuth2Api)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const bad = await testCredential('zertibanOAuth2Api', fx.zertibanCredentials({ clientSecret: 'not-the-secret-77' }).data.zertibanOAuth2Api);
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/refused the client credentials/);
		expect(bad.message).not.toContain('not-the-secret-77');
	});

	it('Zertiban OAuth2 API: a saved credential whose stored token is valid fails the test once its Client Secret is wrong', async () => {
		// A run stores a token fetched with the right secret, as n8n keeps it in the saved credential.
		const saved = fx.zertibanCredentials();
		expect((await runNode({ type: 'zertiban', parameters: { resource: 'configuration', operation: 'getMany' }, credentials: saved })).error).toBeUndefined();
		const stored = saved.data.zertibanOAuth2Api;
		expect(stored.accessToken).toEqual(expect.any(String));
		const tokenRequests = async () => (await fx.counters('zertiban')).requests['POST /idp/oauth2/token'] ?? 0;

		// Unchanged: the stored token is used (no new token needed) and the test passes.
		const before = await tokenRequests();
		expect((await testCredential('zertibanOAuth2Api', stored)).status).toBe('OK');
		expect(await tokenRequests()).toBe(before);

		// The secret mistyped (or rotated) while the stored token is still valid: the test fetches a new token with the
		// secret as typed, and fails with invalid_client, without the secret in any form.
		const wrong = 'not-the-secret-77';
		const result = await testCredential('zertibanOAuth2Api', { ...stored, clientSecret: wrong });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Zertiban refused the client credentials \(401 invalid_client\).*check Client ID and Client Secret/);
		expect(await tokenRequests()).toBe(before + 1);
		const clientId = String(stored.clientId);
		expect(leaksIn(result.message, [...secretForms(wrong), ...basicForms(clientId, wrong), ...secretForms(String(stored.accessToken))])).toEqual([]);

		// A token saved before tokens were bound to their client credentials is replaced once, then the test passes.
		expect((await testCredential('zertibanOAuth2Api', { ...stored, tokenClient: '' })).status).toBe('OK');
		expect(await tokenRequests()).toBe(before + 2);
	});

	it('Zertiban OAuth2 API: a Business UUID the client does not belong to fails', async () => {
		const other = fx.zertibanCredentials({ businessUuid: '8adf93af-4494-4281-8a6e-c01e02bfa1f6' }).data.zertibanOAuth2Api;
		expect((await testCredential('zertibanOAuth2Api', other)).status).toBe('Error');
	});

	it('Confirma Finance API: active token passes, expired token fails with the renew hint, unknown token and the partner token fail with the 401 message', async () => {
		const store = (token: string) => fx.cfisCredentials(token).data.cfisApi;
		expect((await testCredential('cfisApi', store(fx.info.cfis.clientToken))).status).toBe('OK');
		expect(await testCredential('cfisApi', store(fx.info.cfis.expiredClientToken))).toEqual({
			status: 'Error',
			message: 'The token is known but no longer valid (expired): renew it with Token → Renew',
		});
		const refused = {
			status: 'Error',
			message: expect.stringMatching(/^Confirma Finance refused this token \(401\): .*a Partner Provisioning Token belongs in a Confirma Finance Partner API credential/),
		};
		expect(await testCredential('cfisApi', store('unknown-token'))).toEqual(refused);
		// docs/cfis.md §2.2: the provisioning token works only for POST /client, so GET /validate refuses it (401).
		expect(await testCredential('cfisApi', store(fx.info.cfis.partnerToken))).toEqual(refused);
	});

	describe('Confirma Finance Partner API: a POST /client that cannot create anything (docs/cfis.md §2.2, §4.1)', () => {
		const partner = (token: string) => ({ ...fx.cfisCredentials().data.cfisPartnerApi, provisioningToken: token });
		const refused = {
			status: 'Error',
			message: expect.stringMatching(/^Confirma Finance refused this Partner Provisioning Token \(401\)/),
		};

		it('the provisioning token passes: the empty body is refused (400) after the token was accepted, and no client is created', async () => {
			await fx.resetCounters('cfis');
			expect(await testCredential('cfisPartnerApi', partner(fx.info.cfis.partnerToken))).toEqual({ status: 'OK', message: 'Connection successful!' });
			// Only POST /client was asked (GET /validate refuses this token); it answered 400, so nothing was onboarded.
			expect((await fx.counters('cfis')).requests).toEqual({ 'POST /api/v1/partner/client': 1 });
			const answer = await fetch(`${fx.info.cfis.baseUrl}/client`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-api-key': fx.info.cfis.partnerToken },
				body: JSON.stringify({ service: {}, client: {}, contacts: [] }),
			});
			expect(answer.status).toBe(400);
		});

		it('a wrong token and a client access token fail with the 401 message and without the token', async () => {
			const wrong = await testCredential('cfisPartnerApi', partner('wrong-partner-token'));
			expect(wrong).toEqual(refused);
			expect(wrong.message).not.toContain('wrong-partner-token');
			expect(await testCredential('cfisPartnerApi', partner(fx.info.cfis.clientToken))).toEqual(refused);
			expect(await testCredential('cfisPartnerApi', partner(fx.info.cfis.expiredClientToken))).toEqual(refused);
		});

		it('any other refusal fails too (a 503 is not a pass), and an unreachable server fails', async () => {
			await fx.control('cfis', 'faults', { status: 503, count: 1, path: '/api/v1/partner/client' });
			expect(await testCredential('cfisPartnerApi', partner(fx.info.cfis.partnerToken))).toEqual({ status: 'Error', message: 'Service Unavailable' });
			const offline = await testCredential('cfisPartnerApi', { ...partner(fx.info.cfis.partnerToken), baseUrl: 'http://127.0.0.1:9/api/v1/partner' });
			expect(offline.status).toBe('Error');
		});
	});

	it('Payment Record API: passes on n8n 2.x; a wrong key fails with 401; n8n 1.x (no data tables API) fails saying Report Payment needs n8n 2.x', async () => {
		const n8nV2 = await startDataTablesDouble();
		const n8nV1 = await startDataTablesDouble(n8nV2.apiKey, { n8nVersion: 1 });
		try {
			expect(await testCredential('paymentRecordApi', { baseUrl: n8nV2.url, apiKey: n8nV2.apiKey })).toEqual({ status: 'OK', message: 'Connection successful!' });
			const wrong = await testCredential('paymentRecordApi', { baseUrl: n8nV2.url, apiKey: 'not-the-n8n-key-41' });
			expect(wrong).toEqual({ status: 'Error', message: expect.stringMatching(/^n8n refused this API key \(401\)/) });
			const v1 = await testCredential('paymentRecordApi', { baseUrl: n8nV1.url, apiKey: n8nV1.apiKey });
			expect(v1).toEqual({ status: 'Error', message: expect.stringMatching(/^This n8n has no data tables API \(404\): Report Payment needs n8n 2\.x\. n8n 1\.x serves no data tables/) });
		} finally {
			await n8nV1.close();
			await n8nV2.close();
		}
	});
});
