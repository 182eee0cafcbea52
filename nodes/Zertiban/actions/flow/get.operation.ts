import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { flowUuidLocator } from '../common.descriptions';
import { notFound, readRequiredUuid } from '../common';

const properties: INodeProperties[] = [flowUuidLocator];

/**
 * Flow → Get: `GET /flow/v1/flows/{flowUuid}` (docs/zertiban.md §6.3): the flow with its status (the aggregate of
 * its operations), labels and `paymentOperations[]` summaries (uuid, externalId, status, expiresAt, amount in
 * cents).
 */
export const get: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['flow'], operation: ['get'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readRequiredUuid(this, 'flowUuid', 'Flow', itemIndex) };
	},
	async execute({ uuid }, itemIndex) {
		return await zertibanRequest.call(this, { method: 'GET', path: ZERTIBAN_PATHS.flow(uuid), itemIndex, hints: notFound('flow', uuid) });
	},
};
