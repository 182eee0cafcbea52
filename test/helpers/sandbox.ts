import { startSandbox, type Sandbox } from '../../sandbox';
import { CredentialStore } from '../workflow/harness';

/** Counters the sandbox keeps for one API (`GET /__sandbox/counters`). */
export interface Counters {
	tokenRequests: number;
	requests: Record<string, number>;
}

/** Starts a sandbox on free loopback ports and returns helpers bound to it. */
export async function sandboxFixture() {
	const sandbox: Sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	const { zertiban, cfis } = sandbox.info;
	const control = async (api: 'zertiban' | 'cfis', path: string, body?: unknown) => {
		const origin = new URL(sandbox.info[api].baseUrl).origin;
		const response = await fetch(`${origin}/__sandbox/${path}`, {
			method: body === undefined && path === 'counters' ? 'GET' : 'POST',
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) throw new Error(`sandbox control ${path} answered ${response.status}`);
		return response.status === 204 ? undefined : await response.json();
	};
	return {
		sandbox,
		info: sandbox.info,
		close: () => sandbox.close(),
		counters: async (api: 'zertiban' | 'cfis') => (await control(api, 'counters')) as Counters,
		totalRequests: (counters: Counters) => Object.values(counters.requests).reduce((a, b) => a + b, 0),
		resetCounters: (api: 'zertiban' | 'cfis') => control(api, 'counters/reset', {}),
		control,
		/** Stored credentials as n8n would hold them right after a user saved them (no token yet). */
		zertibanCredentials: (overrides: Record<string, string> = {}) =>
			new CredentialStore({
				zertibanOAuth2Api: {
					environment: 'custom',
					baseUrl: zertiban.baseUrl,
					clientId: zertiban.clientId,
					clientSecret: zertiban.clientSecret,
					businessUuid: zertiban.businessUuid,
					webhookSecret: zertiban.webhookSecret,
					accessToken: '',
					...overrides,
				},
			}),
		cfisCredentials: (accessToken = cfis.clientToken) =>
			new CredentialStore({
				cfisApi: { environment: 'custom', baseUrl: cfis.baseUrl, accessToken },
				cfisPartnerApi: { environment: 'custom', baseUrl: cfis.baseUrl, provisioningToken: cfis.partnerToken },
			}),
	};
}
