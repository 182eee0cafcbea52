import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { operationUuidLocator } from '../common.descriptions';
import { operationNotFound, readOperationUuid } from './common';

const properties: INodeProperties[] = [
	operationUuidLocator,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

/** The fields kept by *Simplify*: same names and nesting as the API, nothing renamed, so the API docs (docs/zertiban.md §7.2) describe the output. */
const SIMPLE_FIELDS = ['uuid', 'externalId', 'flowUuid', 'status', 'type', 'createdAt', 'expiresAt', 'configurationUuid'];
const SIMPLE_PAYMENT_FIELDS = ['paymentUuid', 'amount', 'currency', 'concept', 'subject'];

/** Keeps only the simplified fields of a Zertiban operation (docs/zertiban.md §7.2 shape). */
export function simplifyOperation(operation: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const field of SIMPLE_FIELDS) if (operation[field] !== undefined) out[field] = operation[field];
	const payment = operation.payment as IDataObject | undefined;
	if (payment && typeof payment === 'object') {
		const simplePayment: IDataObject = {};
		for (const field of SIMPLE_PAYMENT_FIELDS) if (payment[field] !== undefined) simplePayment[field] = payment[field];
		out.payment = simplePayment;
	}
	return out;
}

/** Operation → Get: `GET /flow/v1/operations/{uuid}` (docs/zertiban.md §7.2), the operation with its payment. */
export const get: OperationModule<{ uuid: string; simplify: boolean }> = {
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['get'] } }, properties),
	prepare(itemIndex) {
		return {
			uuid: readOperationUuid(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, false) as boolean,
		};
	},
	async execute({ uuid, simplify }, itemIndex) {
		const operation = await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.operation(uuid),
			itemIndex,
			hints: operationNotFound(uuid),
		});
		return simplify ? simplifyOperation(operation) : operation;
	},
};
