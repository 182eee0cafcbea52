import type { IDataObject, IExecuteFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { ApiRequest } from '../shared/request';
import { zertibanRequest } from '../Zertiban/transport';

/**
 * The Zertiban transport for the trigger nodes. `zertibanRequest` is typed for execute/load-options contexts;
 * what it uses (`getCredentials`, `getNode`, `helpers.httpRequestWithAuthentication`) exists with the same
 * meaning on webhook and poll contexts, so the triggers call it with their own `this` (same policy: retries for
 * GET, NodeApiError with secrets redacted).
 */
export async function zertibanTriggerRequest(
	this: IWebhookFunctions | IPollFunctions,
	request: ApiRequest,
): Promise<IDataObject> {
	return await zertibanRequest.call(this as unknown as IExecuteFunctions, request);
}

/** `GET /flow/v1/operations/{uuid}` (zertiban.md §7.2): the operation as Zertiban holds it now. */
export async function readOperation(this: IWebhookFunctions | IPollFunctions, uuid: string): Promise<IDataObject> {
	return await zertibanTriggerRequest.call(this, { method: 'GET', path: `/flow/v1/operations/${encodeURIComponent(uuid)}` });
}
