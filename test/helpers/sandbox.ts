import { sandboxCredentials } from '../../sandbox/credentials';
import { startSandbox, type Sandbox } from '../../sandbox';
import type { QueuedAction } from '../../sandbox/cfis/actions';
import type { CfisSettings } from '../../sandbox/cfis/state';
import type { Counters } from '../../sandbox/controls';
import { CredentialStore } from '../workflow/harness';


/** Starts a sandbox on free loopback ports and returns helpers bound to it. */
export async function sandboxFixture() {
	const sandbox: Sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	const { cfis } = sandbox.info;
	const credentials = sandboxCredentials(sandbox.info);
	const control = async (api: 'zertiban' | 'cfis', path: string, body?: unknown) => {
		const origin = new URL(sandbox.info[api].baseUrl).origin;
		const response = await fetch(`${origin}/__sandbox/${path}`, {
			method: body === undefined ? 'GET' : 'POST',
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
		/**
		 * The CFIS invoice actions accepted so far (docs/cfis.md §4.5: queued, applied later), optionally one case's,
		 * code's or status's: e.g. the Direct Payments a case was sent.
		 */
		cfisActions: async (filter: { caseId?: number; code?: string; status?: QueuedAction['status'] } = {}) => {
			const query = new URLSearchParams(Object.entries(filter).map(([key, value]) => [key, String(value)]));
			return ((await control('cfis', `cfis/actions?${query}`)) as { actions: QueuedAction[] }).actions;
		},
		/** Applies queued CFIS invoice actions now (all, the first `count`, or one case's), as Confirma would later. */
		flushCfisActions: async (body: { caseId?: number; count?: number } = {}) =>
			(await control('cfis', 'cfis/actions/flush', body)) as { processed: QueuedAction[]; pending: number },
		/** Changes CFIS sandbox settings (action delay, pause, the case's payments[], strict check digits); answers all of them. */
		cfisSettings: async (change: Partial<CfisSettings>) => (await control('cfis', 'cfis/settings', change)) as CfisSettings,
		/** Stored Zertiban credentials as n8n holds them right after a user saved them (no token yet). */
		zertibanCredentials: (overrides: Record<string, string> = {}) =>
			new CredentialStore({ zertibanOAuth2Api: { ...credentials.zertibanOAuth2Api, ...overrides } }),
		/** Both Confirma Finance credentials; the client credential holds `accessToken`. */
		cfisCredentials: (accessToken = cfis.clientToken) =>
			new CredentialStore({ cfisApi: { ...credentials.cfisApi, accessToken }, cfisPartnerApi: credentials.cfisPartnerApi }),
	};
}
