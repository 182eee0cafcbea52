import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { NO_DATA_TABLES_API } from '../nodes/Cfis/record/store';

/**
 * The payment record's store (docs/n8n.md §2): n8n's own public REST API, whose data tables keep one row per
 * reported Zertiban payment in n8n's database, shared by every process of a queue-mode cluster. Community nodes
 * cannot reach data tables through `this.helpers` (docs/n8n.md §2.1), so Invoice → Report Payment calls the API
 * with an n8n API key, sent as `X-N8N-API-KEY`. Tested with `GET /data-tables?limit=1`: a 404 there means an n8n
 * without data tables in its public API (n8n 1.x) or a URL not ending in /api/v1, and the test says so.
 */
export class PaymentRecordApi implements ICredentialType {
	name = 'paymentRecordApi';

	displayName = 'Payment Record API';

	documentationUrl = 'https://github.com/zertiban-cfis/n8n-nodes-zertiban-cfis#payment-record-n8n-api';

	icon = { light: 'file:../nodes/Cfis/cfis.svg', dark: 'file:../nodes/Cfis/cfis.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'n8n API URL',
			name: 'baseUrl',
			type: 'string',
			default: 'http://localhost:5678/api/v1',
			required: true,
			placeholder: 'https://n8n.example.com/api/v1',
			description:
				"This n8n's public API, ending in /api/v1: the main process's URL, reachable from every worker. The public API must not be disabled (N8N_PUBLIC_API_DISABLED).",
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An n8n API key (Settings → n8n API) with the scopes dataTable:list, dataTable:create, dataTableRow:read, dataTableRow:create and dataTableRow:update',
		},
	];

	/** Adds `X-N8N-API-KEY: <apiKey>` in code (no expression to evaluate per request), for every call and the test. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...requestOptions.headers, 'X-N8N-API-KEY': String(credentials.apiKey ?? '') } };
	}

	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl.replace(/\\/+$/, "")}}', url: '/data-tables', qs: { limit: 1 } },
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: 'n8n refused this API key (401): create one under Settings → n8n API' } },
			{ type: 'responseCode', properties: { value: 404, message: `${NO_DATA_TABLES_API.message}. ${NO_DATA_TABLES_API.hint}` } },
		],
	};
}
