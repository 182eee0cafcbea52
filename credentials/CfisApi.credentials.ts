import type {
	IAuthenticateRuleResponseCode,
	IAuthenticateRuleResponseSuccessBody,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { baseUrlExpression } from '../nodes/shared/environments';
import { CFIS_BASE_URLS, CFIS_ENVIRONMENT_PROPERTIES, withCfisApiKey } from '../nodes/Cfis/transport/environment';

/**
 * What the credential test reports besides success. n8n's tester reads each rule by its type: a `responseCode` rule
 * gives the message for an HTTP error of that status (instead of the bare status text, "Unauthorized"), a
 * `responseSuccessBody` rule the message for a 2xx answer whose `key` holds `value`. Its type wants one kind per list;
 * both kinds in one list are read the same way (n8n 2.41 `CredentialsTester`, n8n 1.x alike).
 */
const TEST_RULES: Array<IAuthenticateRuleResponseCode | IAuthenticateRuleResponseSuccessBody> = [
	{
		// docs/cfis.md §2.1, §2.3: a missing, unknown or revoked token, or one of the other environment, gets 401.
		type: 'responseCode',
		properties: {
			value: 401,
			message:
				'Confirma Finance refused the access token (401): check that it is the client access token (from Client → Create or the PDF Confirma Finance sent) of this Environment, pasted whole; a revoked token must be replaced',
		},
	},
	{
		type: 'responseSuccessBody',
		properties: {
			key: 'tokenType',
			value: 'PARTNER',
			message: 'This is the Partner Provisioning Token: put it in a Confirma Finance Partner API credential, and a client access token here',
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
];

/**
 * Confirma Finance (CFIS) client access token (docs/cfis.md §2.1): one creditor client's API key, sent as `X-Api-Key`
 * on every call. Tested with `GET /validate` (docs/cfis.md §4.2), which must answer `isValid: true`.
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

	test: ICredentialTestRequest = {
		request: { baseURL: baseUrlExpression(CFIS_BASE_URLS), url: '/validate' },
		rules: TEST_RULES as ICredentialTestRequest['rules'],
	};
}
