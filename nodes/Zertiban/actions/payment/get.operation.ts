import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { readRequiredUuid } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Payment UUID',
		name: 'paymentUuid',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'd0986926-2b7c-44f2-8d14-0a283cfe4886',
		description: 'The payment.paymentUuid of a COMPLETED operation (from Operation → Get)',
	},
];

/**
 * Payment → Get: `GET /payment/v1/payments/{uuid}` (docs/zertiban.md §8), the PSD2 payment of a completed operation:
 * bank status, instructed amount (cents), remittance text, execution date, creditor and debtor accounts.
 * Zertiban answers 404 until the operation is COMPLETED.
 */
export const get: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['payment'], operation: ['get'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readRequiredUuid(this, 'paymentUuid', 'Payment UUID', itemIndex) };
	},
	async execute({ uuid }, itemIndex) {
		return await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.payment(uuid),
			itemIndex,
			hints: {
				404: {
					message: `Zertiban has no payment ${uuid} for this business (404)`,
					hint: 'A payment exists once its operation is COMPLETED; take its UUID from payment.paymentUuid of Operation → Get.',
				},
			},
		});
	},
};
