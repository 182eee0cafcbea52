import { sandboxFixture } from '../helpers/sandbox';
import { testCredential } from './harness';

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
		expect((await testCredential('cfisApi', store('unknown-token'))).status).toBe('Error');
		expect((await testCredential('cfisApi', store(fx.info.cfis.partnerToken))).message).toMatch(/This is the Partner Provisioning Token/);
	});

	it('Confirma Finance Partner API: the provisioning token passes, a wrong one fails', async () => {
		const partner = (token: string) => ({ ...fx.cfisCredentials().data.cfisPartnerApi, provisioningToken: token });
		expect((await testCredential('cfisPartnerApi', partner(fx.info.cfis.partnerToken))).status).toBe('OK');
		expect((await testCredential('cfisPartnerApi', partner('wrong-partner-token'))).status).toBe('Error');
	});
});
