import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { fetchZertibanToken, zertibanTokenBinding } from '../nodes/Zertiban/transport/auth';
import { baseUrlExpression } from '../nodes/shared/environments';
import { ZERTIBAN_PATHS } from '../nodes/Zertiban/transport/endpoints';
import { ZERTIBAN_BASE_URLS, ZERTIBAN_ENVIRONMENT_PROPERTIES } from '../nodes/Zertiban/transport/environment';

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
		{
			displayName: 'Access Token Binding',
			name: 'tokenClient',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/**
	 * Fetches a new access token with the client credentials and binds it to them (`tokenClient`, see
	 * `zertibanTokenBinding` in nodes/Zertiban/transport/auth.ts). Throws, without any secret in the message, when
	 * Zertiban refuses the client credentials (invalid_client).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const accessToken = await fetchZertibanToken(this, credentials);
		return { accessToken, tokenClient: zertibanTokenBinding(credentials, accessToken) };
	}

	/**
	 * Adds `Authorization: Bearer <accessToken>` and `x-tenant-id: <businessUuid>` (docs/zertiban.md §3) in code:
	 * n8n calls it for every request (and for the credential test), and a generic `authenticate` would evaluate
	 * two expressions per request instead (about a fifth of the node's CPU in `npm run bench`).
	 *
	 * A stored token not bound to the current client credentials (the Client Secret was changed or mistyped since it
	 * was fetched) is not sent: Zertiban answers 401, and n8n then runs `preAuthentication` with the current values
	 * and retries once. So the credential test fetches a token with the secret as typed and proves it, instead of
	 * passing on a token fetched with the old secret (n8n's test reuses the stored token).
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = String(credentials.accessToken ?? '');
		const bound = token !== '' && credentials.tokenClient === zertibanTokenBinding(credentials, token);
		const headers: IHttpRequestOptions['headers'] = { ...requestOptions.headers, 'x-tenant-id': String(credentials.businessUuid ?? '') };
		if (bound) headers.Authorization = `Bearer ${token}`;
		else delete headers.Authorization;
		return { ...requestOptions, headers };
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: baseUrlExpression(ZERTIBAN_BASE_URLS),
			url: ZERTIBAN_PATHS.operations,
			qs: { limit: 1 },
		},
	};
}
