import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequestAllItems, ZERTIBAN_PATHS } from '../../transport';
import { readStatusAndDefault, statusAndDefaultFilters } from '../listFilters';
import { type Paging, pagingProperties, readPaging } from '../../../shared/paging';

/** Largest configuration page (docs/zertiban.md §9.2: limit 1–50). */
const CONFIGURATION_PAGE_SIZE = 50;

const properties: INodeProperties[] = [...pagingProperties, statusAndDefaultFilters('configurations')];

/**
 * Configuration → Get Many: `GET /flow-customization/v1/configurations` (docs/zertiban.md §9.2) with `q_status` and
 * `q_isDefault`; Return All (50 a page, the API maximum) or the first Limit. One output item per configuration
 * `{uuid, name, description, isDefault, status}`.
 */
export const getMany: OperationModule<{ qs: IDataObject; paging: Paging }> = {
	description: updateDisplayOptions({ show: { resource: ['configuration'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		return { qs: readStatusAndDefault(this, itemIndex), paging: readPaging(this, itemIndex) };
	},
	async execute({ qs, paging }, itemIndex) {
		return await zertibanRequestAllItems.call(
			this,
			{ method: 'GET', path: ZERTIBAN_PATHS.configurations, qs, itemIndex },
			{ ...paging, pageSize: CONFIGURATION_PAGE_SIZE },
		);
	},
};
