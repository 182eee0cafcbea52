import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { zertibanRequestAllItems, ZERTIBAN_PATHS } from '../../transport';
import { OPERATION_STATUS_OPTIONS, additionalQueryProperty, listFiltersProperty, sortOptions } from '../common.descriptions';
import { readListQuery, readUuid } from '../common';
import { simplifyOperation } from './get.operation';
import { type Paging, pagingProperties, readPaging } from '../../../shared/paging';

/** Operation statuses (docs/zertiban.md §10.1). */

const properties: INodeProperties[] = [
	...pagingProperties,
	listFiltersProperty(
		'operations',
		OPERATION_STATUS_OPTIONS,
		[
			{ displayName: 'Flow UUID', name: 'flowUuid', type: 'string', default: '', description: 'Only the operations of this flow' },
			{ displayName: 'Operation UUID', name: 'operationUuid', type: 'string', default: '', description: 'Only this operation' },
			{
				displayName: 'Type',
				name: 'type',
				type: 'multiOptions',
				options: [
					{ name: 'Payment', value: 'PAYMENT', description: 'Payment links' },
					{ name: 'Signature', value: 'SIGNATURE', description: 'Signature requests' },
				],
				default: [],
				description: 'Only operations of these types',
			},
		],
	),
	sortOptions([
		{ name: 'Invoice External ID', value: 'invoiceExternalId' },
		{ name: 'Operation UUID', value: 'operationUuid' },
		{ name: 'Payment Amount', value: 'paymentAmount' },
	]),
	additionalQueryProperty,
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

/**
 * Operation → Get Many: `GET /flow/v1/operations` (docs/zertiban.md §7.1), every `q_` filter, sorting, free extra
 * query parameters, Return All (offset paging, 100 a page) or the first Limit. One output item per operation.
 */
export const getMany: OperationModule<{ qs: IDataObject; paging: Paging; simplify: boolean }> = {
	description: updateDisplayOptions({ show: { resource: ['operation'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		const { qs, filters } = readListQuery(this, itemIndex);
		const flowUuid = readUuid(this, 'filters.flowUuid', 'Flow UUID', itemIndex, { optional: true });
		const operationUuid = readUuid(this, 'filters.operationUuid', 'Operation UUID', itemIndex, { optional: true });
		if (flowUuid) qs.q_flowUuid = flowUuid;
		if (operationUuid) qs.q_operationUuid = operationUuid;
		if (Array.isArray(filters.type) && filters.type.length) qs.q_type = filters.type.join(',');
		return {
			qs,
			paging: readPaging(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, false) as boolean,
		};
	},
	async execute({ qs, paging, simplify }, itemIndex) {
		const operations = await zertibanRequestAllItems.call(this, { method: 'GET', path: ZERTIBAN_PATHS.operations, qs, itemIndex }, paging);
		return simplify ? operations.map(simplifyOperation) : operations;
	},
};
