import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { fetchZertibanToken } from '../nodes/Zertiban/transport/auth';
import { ZERTIBAN_BASE_URLS, ZERTIBAN_ENVIRONMENT_PROPERTIES, baseUrlExpression } from '../nodes/shared/environments';

/**
 * Zertiban Client API credential (docs/zertiban.md §3): OAuth2 client credentials exchanged for a short-lived access
 * token by `preAuthentication`; every request then carries `Authorization: Bearer <token>` and
 * `x-tenant-id: <business UUID>`. n8n refreshes the token when it is empty and after a 401, then retries the
 * request once.
 */
export class ZertibanOAuth2Api implements ICredentialType {
	name = 'zertibanOAuth2Api';

	displayName = 'Zertiban OAuth2 API';

	documentationUrl = 'https://github.com/zertiban-cfis/n8n-nodes-zertiban-cfis#zertiban-oauth2-api';

	icon = { light: 'file:../nodes/Zertiban/zertiban.svg', dark: 'file:../nodes/Zertiban/zertiban.dark.svg' } as const;

	properties: INodeProperties[] = [
		...ZERTIBAN_ENVIRONMENT_PROPERTIES,
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From Zertiban Dashboard → Developers → New credential',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once when the credential is created in the Dashboard; valid for 180 days',
		},
		{
			displayName: 'Business UUID',
			name: 'businessUuid',
			type: 'string',
			default: '',
			required: true,
			placeholder: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f',
			description: 'Your organisation ID, shown in the Zertiban Dashboard; sent as the x-tenant-id header',
		},
		{
			displayName: 'Token Path',
			name: 'tokenUrlPath',
			type: 'string',
			default: '/idp/oauth2/token',
			description: 'Path of the OAuth2 token endpoint on the API host. Change it only if Zertiban gives you another one, such as /api/v2/auth/token.',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'string',
			default: '',
			description: 'Space-separated scopes for the token request. Not needed for normal API access; leave empty.',
		},
		{
			displayName: 'Webhook Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Returned by Zertiban when your webhook URL is registered (by email). Used by the Zertiban Trigger to verify signatures.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		return { accessToken: await fetchZertibanToken(this, credentials) };
	}

	/**
	 * Adds `Authorization: Bearer <accessToken>` and `x-tenant-id: <businessUuid>` (docs/zertiban.md §3) in code:
	 * n8n calls it for every request (and for the credential test), and a generic `authenticate` would evaluate
	 * two expressions per request instead (issue 12: about a fifth of the node's CPU).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: {
				...requestOptions.headers,
				Authorization: `Bearer ${String(credentials.accessToken ?? '')}`,
				'x-tenant-id': String(credentials.businessUuid ?? ''),
			},
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(ZERTIBAN_BASE_URLS),
			url: '/flow/v1/operations',
			qs: { limit: 1 },
		},
	};
}
