import { CfisApi } from '../../credentials/CfisApi.credentials';
import { CfisPartnerApi } from '../../credentials/CfisPartnerApi.credentials';

describe('Confirma Finance credentials sign in code', () => {
	it.each([
		['Confirma Finance API', new CfisApi(), { accessToken: 'client-tok-1' }, 'client-tok-1'],
		['Confirma Finance Partner API', new CfisPartnerApi(), { provisioningToken: 'partner-tok-1' }, 'partner-tok-1'],
	])('%s adds X-Api-Key with its token and keeps the request as it was', async (_name, credential, data, token) => {
		const request = { url: 'https://x.example/api/v1/partner/validate', method: 'GET' as const, headers: { Accept: 'application/json' } };
		const signed = await credential.authenticate(data, request);
		expect(signed.headers).toEqual({ Accept: 'application/json', 'X-Api-Key': token });
		expect(signed.url).toBe(request.url);
		expect(request.headers).toEqual({ Accept: 'application/json' }); // the caller's options are not changed
	});
});
