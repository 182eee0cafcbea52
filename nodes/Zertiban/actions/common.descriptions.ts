import type { INodeProperties } from 'n8n-workflow';

const UUID_REGEX = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * The operation to act on, as a resource locator: pick from a searchable list (by external ID or UUID) or give
 * the operation UUID (zertiban.md §7.2 `uuid`).
 */
export const operationUuidLocator: INodeProperties = {
	displayName: 'Operation',
	name: 'operationUuid',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The Zertiban operation (one payment link of a flow)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select an operation…',
			typeOptions: { searchListMethod: 'searchOperations', searchable: true, searchFilterRequired: false },
		},
		{
			displayName: 'By UUID',
			name: 'id',
			type: 'string',
			placeholder: '94ba8750-b772-4ca1-91b0-1c8a658a6175',
			validation: [
				{
					type: 'regex',
					properties: { regex: `^\\s*${UUID_REGEX}\\s*$`, errorMessage: 'Not a valid operation UUID' },
				},
			],
		},
	],
};
