import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlExpression } from '../nodes/shared/environments';
import { CFIS_BASE_URLS, CFIS_ENVIRONMENT_PROPERTIES, withCfisApiKey } from '../nodes/Cfis/transport/environment';

/**
 * Confirma Finance (CFIS) client access token (docs/cfis.md §2.1): one creditor client's API key, sent as `X-Api-Key`
 * on every call. Tested with `GET /validate` (docs/cfis.md §4.2), which must answer `isValid: true`; a token it
 * refuses (401: unknown, revoked, or not a client token, such as the Partner Provisioning Token, §2.2) fails with a
 * message that names these cases.
 */
export class CfisApi implements ICredentialType {
	name = 'cfisApi';

	displayName = 'Confirma Finance API';

	documentationUrl = 'https://github.com/zertiban-cfis/n8n-nodes-zertiban-cfis#confirma-finance-api';

	icon = { light: 'file:../nodes/Cfis/cfis.svg', dark: 'file:../nodes/Cfis/cfis.dark.svg' } as const;

	properties: INodeProperties[] = [
		...CFIS_ENVIRONMENT_PROPERTIES,
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				"The client's API access token: returned by Client → Create, or delivered by Confirma Finance in a secured PDF. After Token → Renew, paste the new token here.",
		},
	];

	/** Adds `X-Api-Key: <accessToken>` in code, for every request and the credential test. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withCfisApiKey(requestOptions, credentials.accessToken);
	}

	// n8n's tester reads each rule by its `type` (a 401 → the responseCode rule; a 200 body → the body rule); its
	// type declares an array of one kind only, hence the assertion on the mixed list.
	test: ICredentialTestRequest = {
		request: { baseURL: baseUrlExpression(CFIS_BASE_URLS), url: '/validate' },
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Confirma Finance refused this token (401): it is unknown, revoked by a renewal, for the other environment, or not a client access token (a Partner Provisioning Token belongs in a Confirma Finance Partner API credential)',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'isValid',
					value: false,
					message: 'The token is known but no longer valid (expired): renew it with Token → Renew',
				},
			},
		] as ICredentialTestRequest['rules'],
	};
}
