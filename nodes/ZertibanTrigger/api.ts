import type { IDataObject, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

import { zertibanRequest } from '../Zertiban/transport';

/** `GET /flow/v1/operations/{uuid}` (zertiban.md §7.2): the operation as Zertiban holds it now. */
export async function readOperation(this: IWebhookFunctions | IPollFunctions, uuid: string): Promise<IDataObject> {
	return await zertibanRequest.call(this, { method: 'GET', path: `/flow/v1/operations/${encodeURIComponent(uuid)}` });
}
