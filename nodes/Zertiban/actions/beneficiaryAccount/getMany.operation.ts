import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanCredentials, zertibanRequestAllItems, ZERTIBAN_PATHS } from '../../transport';
import { statusAndDefaultFilters, readStatusAndDefault } from '../listFilters';
import { type Paging, pagingProperties, readPaging } from '../../../shared/paging';

const properties: INodeProperties[] = [...pagingProperties, statusAndDefaultFilters('accounts')];

/**
 * Beneficiary Account → Get Many: `GET /business-creditor-account/v1/business-creditor-accounts`
 * (docs/zertiban.md §9.1) with `q_status`, `q_isDefault` and `q_businessUuid` (= the credential's business, which the
 * API reference requires); Return All (100 a page) or the first Limit. One output item per account.
 */
export const getMany: OperationModule<{ qs: IDataObject; paging: Paging }> = {
	description: updateDisplayOptions({ show: { resource: ['beneficiaryAccount'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		return { qs: readStatusAndDefault(this, itemIndex), paging: readPaging(this, itemIndex) };
	},
	async execute({ qs, paging }, itemIndex) {
		const credentials = await zertibanCredentials(this);
		const businessUuid = String(credentials.businessUuid ?? '').trim();
		return await zertibanRequestAllItems.call(
			this,
			{
				method: 'GET',
				path: ZERTIBAN_PATHS.beneficiaryAccounts,
				qs: { ...qs, ...(businessUuid ? { q_businessUuid: businessUuid } : {}) },
				itemIndex,
			},
			paging,
		);
	},
};
