import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { operationUuidLocator } from '../common.descriptions';
import { operationNotFound, readOperationUuid } from './common';

const properties: INodeProperties[] = [operationUuidLocator];

/**
 * Operation → Get Status: `GET /flow/v1/operations/{uuid}/status` (docs/zertiban.md §7.3), the light polling answer
 * `{ status, actionCode, final }` (status table §10.1). The output adds `uuid` so items can be matched.
 */
export const getStatus: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['getStatus'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readOperationUuid(this, itemIndex) };
	},
	async execute({ uuid }, itemIndex) {
		const status = await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.operationStatus(uuid),
			itemIndex,
			hints: operationNotFound(uuid),
		});
		return { uuid, ...status };
	},
};
