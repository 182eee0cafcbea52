import { basicForms, leaksIn, secretForms } from '../abuse/leaks';
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
			message: 'Connection tested successfully',
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

	it('Confirma Finance API: active token passes, expired token fails with the renew hint, unknown token fails', async () => {
		const store = (token: string) => fx.cfisCredentials(token).data.cfisApi;
		expect((await testCredential('cfisApi', store(fx.info.cfis.clientToken))).status).toBe('OK');
		expect(await testCredential('cfisApi', store(fx.info.cfis.expiredClientToken))).toEqual({
			status: 'Error',
			message: 'The token is known but no longer valid (expired): renew it with Token → Renew',
		});
		// A wrong token: the message says what to do (n8n's own would be the bare status text "Unauthorized").
		expect(await testCredential('cfisApi', store('unknown-token'))).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^Confirma Finance refused the access token \(401\): check that it is the client access token .* of this Environment/),
		});
		expect((await testCredential('cfisApi', store(fx.info.cfis.partnerToken))).message).toMatch(/This is the Partner Provisioning Token/);
	});

	it('Confirma Finance Partner API: the provisioning token passes, a wrong one fails', async () => {
		const partner = (token: string) => ({ ...fx.cfisCredentials().data.cfisPartnerApi, provisioningToken: token });
		expect((await testCredential('cfisPartnerApi', partner(fx.info.cfis.partnerToken))).status).toBe('OK');
		expect((await testCredential('cfisPartnerApi', partner('wrong-partner-token'))).status).toBe('Error');
		const wrong = await testCredential('cfisPartnerApi', partner('wrong-partner-token'));
		expect(wrong.message).not.toContain('wrong-partner-token');
	});
});
