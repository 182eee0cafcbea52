import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { operationUuidLocator } from '../common.descriptions';
import { operationNotFound, readOperationUuid } from './common';
import { getStatus } from './getStatus.operation';

const properties: INodeProperties[] = [operationUuidLocator];

/**
 * Operation → Cancel: `PUT /flow/v1/operations/{uuid}/cancel` (docs/zertiban.md §7.5). 204 and an operation that is
 * already CANCELLED (also 204) are success; the output is the operation's status afterwards
 * (`{uuid, status, actionCode, final}`, §7.3). A 409 (final status, or the payer authorising at the bank) fails
 * the item with that reason. Cancel is idempotent, so it is retried like a read.
 */
export const cancel: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['cancel'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readOperationUuid(this, itemIndex) };
	},
	async execute({ uuid }, itemIndex, run) {
		await zertibanRequest.call(
			this,
			{
				method: 'PUT',
				path: ZERTIBAN_PATHS.operationCancel(uuid),
				itemIndex,
				idempotent: true,
				hints: {
					...operationNotFound(uuid),
					409: {
						message: `Zertiban cannot cancel operation ${uuid} (409)`,
						hint: 'Only a CREATED or OPENED operation can be cancelled, and not while the payer is authorising the payment at the bank. Use Get Status to see where it is.',
					},
				},
			},
			{ json: false },
		);
		return await getStatus.execute.call(this, { uuid }, itemIndex, run);
	},
};
