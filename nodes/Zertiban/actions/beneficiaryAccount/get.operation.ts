import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequest, ZERTIBAN_PATHS } from '../../transport';
import { beneficiaryAccountLocator } from '../common.descriptions';
import { notFound, readRequiredUuid } from '../common';

const properties: INodeProperties[] = [beneficiaryAccountLocator];

/**
 * Beneficiary Account → Get: `GET /business-creditor-account/v1/business-creditor-accounts/{uuid}`
 * (docs/zertiban.md §9.1): masked account number, alias, status, default flag and bank.
 */
export const get: OperationModule<{ uuid: string }> = {
	description: updateDisplayOptions({ show: { resource: ['beneficiaryAccount'], operation: ['get'] } }, properties),
	prepare(itemIndex) {
		return { uuid: readRequiredUuid(this, 'beneficiaryAccountUuid', 'Beneficiary Account', itemIndex) };
	},
	async execute({ uuid }, itemIndex) {
		return await zertibanRequest.call(this, {
			method: 'GET',
			path: ZERTIBAN_PATHS.beneficiaryAccount(uuid),
			itemIndex,
			hints: notFound('beneficiary account', uuid),
		});
	},
};
