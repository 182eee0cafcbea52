import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { zertibanBaseUrl } from '../shared/environments';
import type { StatusHint } from '../shared/errors';
import { jsonRequestOptions, sendWithPolicy, type ApiRequest } from '../shared/request';

/** The credential type every Zertiban request is signed with. */
export const ZERTIBAN_CREDENTIAL = 'zertibanOAuth2Api';

const DEFAULT_HINTS: Partial<Record<number, StatusHint>> = {
	400: { message: 'Zertiban refused the request as malformed (400)', hint: 'Check the parameters named in the API message.' },
	401: {
		message: 'Zertiban refused the access token (401), also after fetching a new one',
		hint: 'Check Client ID, Client Secret and Token Path in the Zertiban credential.',
	},
	403: {
		message: 'Zertiban refused access for this business (403)',
		hint: 'The Business UUID in the credential must be the organisation the client credentials belong to.',
	},
	404: { message: 'Zertiban found no such resource for this business (404)', hint: 'Check the ID and that it belongs to this business (x-tenant-id).' },
};

/**
 * Sends one request to the Zertiban Client API through `httpRequestWithAuthentication` (the credential adds
 * `Authorization: Bearer …` and `x-tenant-id`, fetches and refreshes the token). GET requests are retried on
 * network errors, 429 (honouring `Retry-After`) and 500/502/503/504 (DESIGN §4); other methods never are.
 *
 * Returns the parsed JSON body. Throws `NodeApiError` with the HTTP status, Zertiban's message and a hint; the
 * error holds no token, client secret or webhook secret, and not the request headers.
 */
export async function zertibanRequest(
	this: IExecuteFunctions | ILoadOptionsFunctions,
	request: ApiRequest,
): Promise<IDataObject> {
	const credentials = await this.getCredentials(ZERTIBAN_CREDENTIAL);
	const options = jsonRequestOptions(zertibanBaseUrl(credentials), request);
	return await sendWithPolicy(
		this.getNode(),
		async () => await this.helpers.httpRequestWithAuthentication.call(this, ZERTIBAN_CREDENTIAL, options),
		request,
		{
			api: 'Zertiban',
			idempotent: request.method === 'GET',
			defaultHints: DEFAULT_HINTS,
			secrets: [credentials.clientSecret, credentials.accessToken, credentials.webhookSecret],
		},
	);
}
