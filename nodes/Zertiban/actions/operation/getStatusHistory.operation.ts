import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { operationUuidLocator } from '../common.descriptions';
import { operationNotFound, readOperationUuid } from './common';

const properties: INodeProperties[] = [operationUuidLocator];

/**
 * Operation → Get Status History: `GET /flow/v1/operations/{uuid}/status-histories` (docs/zertiban.md §7.4): one
 * output item per change `{previousStatus, newStatus, changedAt}`, newest first, at most the last 100.
 */
export const getStatusHistory: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['getStatusHistory'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readOperationUuid(this, itemIndex) };
	},
	async execute({ uuid }, itemIndex) {
		const history = (await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.operationStatusHistory(uuid),
			itemIndex,
			hints: operationNotFound(uuid),
		})) as unknown;
		return Array.isArray(history) ? (history as IDataObject[]) : [];
	},
};
