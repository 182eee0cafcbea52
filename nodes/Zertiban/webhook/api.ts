import type { IDataObject, IExecuteFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { zertibanRequest, ZERTIBAN_PATHS } from '../transport';

/**
 * `GET /flow/v1/operations/{uuid}` (docs/zertiban.md §7.2): the operation as Zertiban holds it now. Retried like every
 * GET unless `retry` is false (one call per request for the unauthenticated redirect GETs, so forged ones cannot
 * multiply API calls).
 */
export async function readOperation(this: IWebhookFunctions | IPollFunctions | IExecuteFunctions, uuid: string, retry = true): Promise<IDataObject> {
	return await zertibanRequest.call(this, {
		method: 'GET',
		path: ZERTIBAN_PATHS.operation(uuid),
		...(retry ? {} : { idempotent: false }),
	});
}
