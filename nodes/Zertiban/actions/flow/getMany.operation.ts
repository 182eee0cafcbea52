import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequestAllItems } from '../../transport';
import { additionalQueryProperty, listFiltersProperty, sortOptions } from '../common.descriptions';
import { readListQuery, readUuid } from '../common';
import { type Paging, pagingProperties, readPaging } from '../../../shared/paging';

/** Flow statuses (docs/zertiban.md §10.3, with PARTIALLY from §12). */
const STATUSES = [
	{ name: 'Cancelled', value: 'CANCELLED' },
	{ name: 'Completed', value: 'COMPLETED' },
	{ name: 'Created', value: 'CREATED' },
	{ name: 'Expired', value: 'EXPIRED' },
	{ name: 'In Progress', value: 'IN_PROGRESS' },
	{ name: 'Partially', value: 'PARTIALLY', description: 'Operations ended differently, some completed' },
	{ name: 'Rejected', value: 'REJECTED' },
];

const properties: INodeProperties[] = [
	...pagingProperties,
	listFiltersProperty('flows', STATUSES, [
		{ displayName: 'Flow UUID', name: 'flowUuid', type: 'string', default: '', description: 'Only this flow' },
		{
			displayName: 'Product Label Value',
			name: 'productLabelValue',
			type: 'string',
			default: '',
			placeholder: 'pagafactu',
			description: 'Only flows labelled product = this value (PagaFactu flows carry pagafactu)',
		},
	]),
	sortOptions(),
	additionalQueryProperty,
];

/**
 * Flow → Get Many: `GET /flow/v1/flows` (docs/zertiban.md §6.2) with every `q_` filter, sorting, free extra query
 * parameters, Return All (offset paging, 100 a page) or the first Limit. One output item per flow.
 */
export const getMany: OperationModule<{ qs: IDataObject; paging: Paging }> = {
	description: updateDisplayOptions({ show: { resource: ['flow'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		const { qs, filters } = readListQuery(this, itemIndex);
		const uuid = readUuid(this, 'filters.flowUuid', 'Flow UUID', itemIndex, { optional: true });
		if (uuid) qs.q_uuid = uuid;
		if (typeof filters.productLabelValue === 'string' && filters.productLabelValue.trim()) {
			qs.q_productLabelValue = filters.productLabelValue.trim();
		}
		return { qs, paging: readPaging(this, itemIndex) };
	},
	async execute({ qs, paging }, itemIndex) {
		return await zertibanRequestAllItems.call(this, { method: 'GET', path: '/flow/v1/flows', qs, itemIndex }, paging);
	},
};
