import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { flowUuidLocator } from '../common.descriptions';
import { notFound, readRequiredUuid } from '../common';

const properties: INodeProperties[] = [flowUuidLocator];

/**
 * Flow → Get Status History: `GET /flow/v1/flows/{flowUuid}/status-histories` (docs/zertiban.md §6.4): one output
 * item per change `{previousStatus, newStatus, changedAt}`, newest first.
 */
export const getStatusHistory: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['flow'], operation: ['getStatusHistory'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readRequiredUuid(this, 'flowUuid', 'Flow', itemIndex) };
	},
	async execute({ uuid }, itemIndex) {
		const history = (await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.flowStatusHistory(uuid),
			itemIndex,
			hints: notFound('flow', uuid),
		})) as unknown;
		return Array.isArray(history) ? (history as IDataObject[]) : [];
	},
};
