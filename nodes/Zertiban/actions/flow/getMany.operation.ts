import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequestAllItems, ZERTIBAN_PATHS } from '../../transport';
import { additionalQueryProperty, listFiltersProperty, sortOptions } from '../common.descriptions';
import { readListQuery, readUuid } from '../common';
import { type Paging, pagingProperties, readPaging } from '../../../shared/paging';

/** Flow statuses (docs/zertiban.md §10.3, with PARTIALLY from §12). */
const STATUSES = [
	{ name: 'Cancelled', value: 'CANCELLED', description: 'The flow was cancelled' },
	{ name: 'Completed', value: 'COMPLETED', description: 'Every payment link of the flow was paid' },
	{ name: 'Created', value: 'CREATED', description: 'No payer has opened a link yet' },
	{ name: 'Expired', value: 'EXPIRED', description: 'Every payment link expired unpaid' },
	{ name: 'In Progress', value: 'IN_PROGRESS', description: 'A payer opened at least one link' },
	{ name: 'Partially Completed', value: 'PARTIALLY', description: 'The links ended differently and at least one was paid' },
	{ name: 'Rejected', value: 'REJECTED', description: 'Every payment link was rejected' },
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
		return await zertibanRequestAllItems.call(this, { method: 'GET', path: ZERTIBAN_PATHS.flows, qs, itemIndex }, paging);
	},
};
