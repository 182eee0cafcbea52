import type { SandboxInfo } from './index';

/**
 * The stored data of each of the package's n8n credentials, pointed at a running sandbox, as a user would save
 * them (the demo imports these, the tests run with them). Keyed by credential type. The Zertiban `accessToken`
 * is present and empty, as n8n stores a new credential, so the first request fetches a token.
 */
export function sandboxCredentials(info: SandboxInfo) {
	return {
		zertibanOAuth2Api: {
			environment: 'custom',
			baseUrl: info.zertiban.baseUrl,
			clientId: info.zertiban.clientId,
			clientSecret: info.zertiban.clientSecret,
			businessUuid: info.zertiban.businessUuid,
			tokenUrlPath: '/idp/oauth2/token',
			scope: '',
			webhookSecret: info.zertiban.webhookSecret,
			accessToken: '',
		},
		cfisApi: { environment: 'custom', baseUrl: info.cfis.baseUrl, accessToken: info.cfis.clientToken },
		cfisPartnerApi: { environment: 'custom', baseUrl: info.cfis.baseUrl, provisioningToken: info.cfis.partnerToken },
	};
}

/** A credential type the sandbox can fill. */
export type SandboxCredentialType = keyof ReturnType<typeof sandboxCredentials>;
