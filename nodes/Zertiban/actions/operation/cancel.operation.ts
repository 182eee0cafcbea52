import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError, sleep, updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { operationUuidLocator } from '../common.descriptions';
import { operationNotFound, readOperationUuid } from './common';
import { getStatus } from './getStatus.operation';

/** Default wait between two tries while the payer authorises, seconds. */
const DEFAULT_RETRY_WAIT_SECONDS = 10;

const properties: INodeProperties[] = [
	operationUuidLocator,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'What to do when Zertiban cannot cancel the payment link',
		options: [
			{
				displayName: 'If It Cannot Be Cancelled',
				name: 'onCannotCancel',
				type: 'options',
				options: [
					{ name: 'Fail the Item', value: 'fail', description: 'The item fails with the reason Zertiban gave (409)' },
					{
						name: 'Output Its Status',
						value: 'status',
						description: 'The item is the payment link\'s status with cancelled false, e.g. COMPLETED when the payer paid first',
					},
				],
				default: 'fail',
				description: 'Zertiban refuses to cancel a payment link that is paid, expired or rejected, or whose payer is authorising the payment at the bank',
			},
			{
				displayName: 'Retries While Authorising',
				name: 'authorisingRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				default: 0,
				description: 'How many more times to try when the payer is authorising the payment at the bank (the payment link is OPENED and Zertiban answers 409); the authorisation ends in a paid or a cancellable link',
			},
			{
				displayName: 'Retry Wait (Seconds)',
				name: 'retryWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 300, numberPrecision: 0 },
				default: DEFAULT_RETRY_WAIT_SECONDS,
				description: 'Seconds between two tries while the payer is authorising',
			},
		],
	},
];

/** What Cancel reads per item: the operation, the tries left while the payer authorises, and what a refusal gives. */
interface CancelInput {
	uuid: string;
	retries: number;
	waitMs: number;
	outputStatus: boolean;
}

/**
 * Operation → Cancel: `PUT /flow/v1/operations/{uuid}/cancel` (docs/zertiban.md §7.5). 204 and an operation that is
 * already CANCELLED (also 204) are success; the output is the operation's status afterwards
 * (`{uuid, status, actionCode, final, cancelled: true}`, §7.3). A 409 is a refusal: while the operation is OPENED
 * the payer is authorising at the bank (§10.2), and the cancel is tried again up to *Retries While Authorising* times,
 * *Retry Wait* seconds apart (bounded: at most 10 × 300 s); a final status (COMPLETED, EXPIRED, …) is not retried. A
 * refusal that remains fails the item with that reason, or with *If It Cannot Be Cancelled* = Output Its Status gives
 * `{uuid, status, actionCode, final, cancelled: false, reason}` (e.g. status COMPLETED: the payer paid first).
 * Cancel is idempotent, so network failures are retried like a read.
 */
export const cancel: OperationModule<CancelInput> = {
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['cancel'] } }, properties),
	prepare(itemIndex) {
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return {
			uuid: readOperationUuid(this, itemIndex),
			retries: Number(options.authorisingRetries ?? 0),
			waitMs: Number(options.retryWaitSeconds ?? DEFAULT_RETRY_WAIT_SECONDS) * 1000,
			outputStatus: options.onCannotCancel === 'status',
		};
	},
	async execute({ uuid, retries, waitMs, outputStatus }, itemIndex, run) {
		for (let attempt = 0; ; attempt++) {
			let refusal: unknown;
			try {
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
			} catch (error) {
				refusal = error;
			}
			if (refusal === undefined) return { ...(await getStatus.execute.call(this, { uuid }, itemIndex, run)), cancelled: true };
			if (!(refusal instanceof NodeApiError) || String(refusal.httpCode) !== '409') throw refusal;
			const now = (await getStatus.execute.call(this, { uuid }, itemIndex, run)) as IDataObject;
			if (now.status === 'OPENED' && attempt < retries) {
				await sleep(waitMs);
				continue;
			}
			if (!outputStatus) throw refusal;
			return { ...now, cancelled: false, reason: refusal.description ?? refusal.message };
		}
	},
};
