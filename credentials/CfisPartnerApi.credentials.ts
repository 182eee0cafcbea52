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
 * Every HTTP status from 100 to 599 except the 2xx and 400: the statuses that fail the credential test (n8n's
 * `ignoreHttpStatusErrors: { ignore: true, except }` makes exactly these an error).
 */
const NOT_ACCEPTED = Array.from({ length: 500 }, (_, i) => 100 + i).filter((status) => status !== 400 && (status < 200 || status > 299));

/**
 * Confirma Finance Partner Provisioning Token (docs/cfis.md §2.2): the partner-level key, sent as `X-Api-Key`, used
 * only to onboard new clients (`POST /client`, §4.1); every other call refuses it with 401 (§2.1), `GET /validate`
 * included. So the test is a `POST /client` that cannot create anything: the body's three sections are empty (no
 * name, no business ID). The token is checked before the body (§2.1), so an accepted token gets 400 (validation
 * failed) and a wrong one 401: the test passes on 400 (and on 2xx, which an empty body cannot get) and fails on any
 * other status, with its own message for 401.
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
		request: {
			baseURL: baseUrlExpression(CFIS_BASE_URLS),
			url: '/client',
			method: 'POST',
			body: { service: {}, client: {}, contacts: [] },
			ignoreHttpStatusErrors: { ignore: true, except: NOT_ACCEPTED },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Confirma Finance refused this Partner Provisioning Token (401): it is wrong, revoked, for the other environment, or a client access token (that one belongs in a Confirma Finance API credential)',
				},
			},
		],
	};
}
