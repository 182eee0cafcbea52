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
 * Confirma Finance Partner Provisioning Token (docs/cfis.md §2.2): the partner-level key, sent as `X-Api-Key`, used
 * only to onboard new clients (`POST /client`). Tested with `GET /validate` sending the token itself (so the test
 * proves it; an answer `isValid: false` fails it too), which the sandbox answers for a
 * provisioning token [SIM]; the real service's answer for this token is not documented (docs/cfis.md §14 q2).
 */
export class CfisPartnerApi implements ICredentialType {
	name = 'cfisPartnerApi';

	displayName = 'Confirma Finance Partner API';

	documentationUrl = 'https://github.com/zertiban-cfis/n8n-nodes-zertiban-cfis#confirma-finance-partner-api';

	icon = { light: 'file:../nodes/Cfis/cfis.svg', dark: 'file:../nodes/Cfis/cfis.dark.svg' } as const;

	properties: INodeProperties[] = [
		...CFIS_ENVIRONMENT_PROPERTIES,
		{
			displayName: 'Partner Provisioning Token',
			name: 'provisioningToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Issued to your partner account by Confirma Finance; only Client → Create uses it',
		},
	];

	/** Adds `X-Api-Key: <provisioningToken>` in code, for every request and the credential test. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return withCfisApiKey(requestOptions, credentials.provisioningToken);
	}

	test: ICredentialTestRequest = {
		request: { baseURL: baseUrlExpression(CFIS_BASE_URLS), url: '/validate' },
		rules: [
			{
				type: 'responseSuccessBody',
				properties: { key: 'isValid', value: false, message: 'Confirma Finance says this token is no longer valid: ask Confirma Finance for a new Partner Provisioning Token' },
			},
		],
	};
}
