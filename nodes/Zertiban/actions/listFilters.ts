import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { filtersCollection } from './common.descriptions';

/**
 * The *Filters* of the beneficiary-account and configuration lists (docs/zertiban.md §9): status (ACTIVE / DISABLED)
 * and whether it is the default. `what` names the listed things in the descriptions.
 */
export function statusAndDefaultFilters(what: string): INodeProperties {
	return filtersCollection([
		{
			displayName: 'Default',
			name: 'isDefault',
			type: 'options',
			options: [
				{ name: 'Only the Default', value: 'true' },
				{ name: 'Only Non-Default', value: 'false' },
			],
			default: 'true',
			description: `Whether to list only the default one or only the other ${what}`,
		},
		{
			displayName: 'Status',
			name: 'status',
			type: 'options',
			options: [
				{ name: 'Active', value: 'ACTIVE', description: 'Usable for new payment links' },
				{ name: 'Disabled', value: 'DISABLED' },
			],
			default: 'ACTIVE',
			description: `Only ${what} in this status (without this filter, disabled ones are listed too)`,
		},
	]);
}

/** `q_status` and `q_isDefault` from {@link statusAndDefaultFilters}. */
export function readStatusAndDefault(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (filters.status) qs.q_status = filters.status;
	if (filters.isDefault) qs.q_isDefault = filters.isDefault;
	return qs;
}
