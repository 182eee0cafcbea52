import type { INodeProperties } from 'n8n-workflow';

import { SEARCH_WINDOW, SMALL_LIST_WINDOW } from '../methods/listSearch';

const UUID_REGEX = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/**
 * A resource locator over a Zertiban UUID: pick from a searchable list (the `searchListMethod` of
 * ../methods/listSearch.ts) or type the UUID. `required: false` locators mean "the business default when empty".
 */
function uuidLocator(o: {
	displayName: string;
	name: string;
	description: string;
	searchListMethod: string;
	placeholder: string;
	/** What the list's search box matches (shown under the list). */
	searchHint: string;
	required?: boolean;
}): INodeProperties {
	return {
		displayName: o.displayName,
		name: o.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: o.required ?? true,
		description: o.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				hint: o.searchHint,
				placeholder: `Select ${/^[AEIOU]/.test(o.displayName) ? 'an' : 'a'} ${o.displayName.toLowerCase()}…`,
				typeOptions: { searchListMethod: o.searchListMethod, searchable: true, searchFilterRequired: false },
			},
			{
				displayName: 'By UUID',
				name: 'id',
				type: 'string',
				placeholder: o.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: `^\\s*${UUID_REGEX}\\s*$`, errorMessage: `Not a valid ${o.displayName.toLowerCase()} UUID` },
					},
				],
			},
		],
	};
}

/**
 * The operation to act on, as a resource locator: pick from a searchable list (by external ID or UUID) or give
 * the operation UUID (docs/zertiban.md §7.2 `uuid`).
 */
export const operationUuidLocator: INodeProperties = uuidLocator({
	displayName: 'Payment Link',
	name: 'operationUuid',
	description: 'The payment link (a Zertiban operation of a flow): pick it by external ID or give its UUID',
	searchListMethod: 'searchOperations',
	searchHint: `Search by any part of the external ID, UUID or invoice ID (not case-sensitive) among the newest ${SEARCH_WINDOW} operations; an exact external ID or a full UUID finds older ones too`,
	placeholder: '94ba8750-b772-4ca1-91b0-1c8a658a6175',
});

/** The flow to act on (docs/zertiban.md §6.3 `uuid`): searchable by external ID or UUID. */
export const flowUuidLocator: INodeProperties = uuidLocator({
	displayName: 'Flow',
	name: 'flowUuid',
	description: 'The Zertiban flow (one or more payment links created together): pick it by external ID or give its UUID',
	searchListMethod: 'searchFlows',
	searchHint: `Search by any part of the external ID or UUID (not case-sensitive) among the newest ${SEARCH_WINDOW} flows; an exact external ID or a full UUID finds older ones too`,
	placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
});

/** A beneficiary (creditor) account (docs/zertiban.md §9.1), required. */
export const beneficiaryAccountLocator: INodeProperties = uuidLocator({
	displayName: 'Beneficiary Account',
	name: 'beneficiaryAccountUuid',
	description: 'The account (IBAN) that receives the payments',
	searchListMethod: 'searchBeneficiaryAccounts',
	searchHint: `Search by any part of the alias or account number (not case-sensitive), among the first ${SMALL_LIST_WINDOW} accounts`,
	placeholder: 'c32de618-28cd-4799-9f5e-8e85ea7d645c',
});

/** A flow configuration (docs/zertiban.md §9.2), required. */
export const configurationLocator: INodeProperties = uuidLocator({
	displayName: 'Configuration',
	name: 'configurationUuid',
	description: 'The flow configuration (branding, language, expiry, payer redirections)',
	searchListMethod: 'searchConfigurations',
	searchHint: `Search by any part of the name (not case-sensitive), among the first ${SMALL_LIST_WINDOW} configurations`,
	placeholder: 'e4f2b446-30c3-4e4e-a767-188c552ca459',
});

/** The statuses of an operation (payment link), docs/zertiban.md §10.1, as options sorted by name. */
export const OPERATION_STATUS_OPTIONS = [
	{ name: 'Cancelled', value: 'CANCELLED', description: 'The link was cancelled before it was paid' },
	{ name: 'Completed', value: 'COMPLETED', description: 'The payer authorised the payment' },
	{ name: 'Created', value: 'CREATED', description: 'The link exists but the payer has not opened it' },
	{ name: 'Expired', value: 'EXPIRED', description: 'The link expired unpaid' },
	{ name: 'Not Delivered', value: 'NOT_DELIVERED', description: 'The link could not be delivered to the payer' },
	{ name: 'Opened', value: 'OPENED', description: 'The payer opened the link and has not finished' },
	{ name: 'Rejected', value: 'REJECTED', description: 'The payer or the bank rejected the payment' },
];

/** `sort_by` keys both the flow and the operation list take (docs/zertiban.md §6.2, §7.1). */
const COMMON_SORT_KEYS = [
	{ name: 'Created At', value: 'createdAt' },
	{ name: 'External ID', value: 'externalId' },
	{ name: 'Flow UUID', value: 'flowUuid' },
	{ name: 'Status', value: 'status' },
	{ name: 'Status Updated At', value: 'statusUpdatedAt' },
];

/**
 * Sort options of the flow and operation lists (docs/zertiban.md §4.3): direction and a `sort_by` key, the common
 * keys plus `extraKeys`.
 */
export function sortOptions(extraKeys: Array<{ name: string; value: string }> = []): INodeProperties {
	const keys = [...COMMON_SORT_KEYS, ...extraKeys].sort((a, b) => a.name.localeCompare(b.name));
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort Option',
		default: {},
		description: 'Order of the results. Without it: newest first (created at, descending).',
		options: [
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				options: [
					{ name: 'Ascending', value: 'ASC' },
					{ name: 'Descending', value: 'DESC' },
				],
				default: 'DESC',
				description: 'Sort order (Zertiban default: descending)',
			},
			{
				displayName: 'Sort By',
				name: 'sortBy',
				type: 'options',
				options: keys,
				default: 'createdAt',
				description: 'Field to sort by (Zertiban default: creation time)',
			},
		],
	};
}

/** Free query parameters for filter names the docs leave open (docs/zertiban.md §7.1, §15.1). */
export const additionalQueryProperty: INodeProperties = {
	displayName: 'Additional Query Parameters',
	name: 'additionalQuery',
	type: 'fixedCollection',
	placeholder: 'Add Query Parameter',
	typeOptions: { multipleValues: true },
	default: {},
	description:
		'Extra filters sent to Zertiban as query parameters exactly as written, e.g. q_minAmount / q_maxAmount (amounts in cents) or q_invoiceExternalId',
	options: [
		{
			displayName: 'Parameter',
			name: 'parameter',
			values: [
				{
					displayName: 'Name',
					name: 'name',
					type: 'string',
					default: '',
					placeholder: 'q_minAmount',
					description: 'Query parameter name; Zertiban filters start with q_',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
					placeholder: '1000',
					description: 'Value sent as it is (amounts in cents, dates as ISO 8601, several values comma-separated)',
				},
			],
		},
	],
};

/** The date-range filter fields of the flow and operation lists (read by `addDateFilters` in ./common.ts). */
const DATE_FILTER_FIELDS = [
	{ displayName: 'Created After', name: 'createdAfter', description: "Only items created at or after this time (in the workflow's time zone when no zone is given)" },
	{ displayName: 'Created Before', name: 'createdBefore', description: 'Only items created at or before this time' },
	{
		displayName: 'Status Updated After',
		name: 'statusUpdatedAfter',
		description: 'Only items whose status last changed at or after this time',
	},
	{
		displayName: 'Status Updated Before',
		name: 'statusUpdatedBefore',
		description: 'Only items whose status last changed at or before this time',
	},
].map((f) => ({ ...f, type: 'dateTime' as const, default: '' }));

/**
 * The *Filters* collection of the flow and operation lists (docs/zertiban.md §6.2, §7.1): the created and
 * status-updated ranges, External ID, Status (several) and the list's own `extra` filters, in alphabetical order.
 * `what` names the listed things in the descriptions.
 */
export function listFiltersProperty(
	what: string,
	statuses: Array<{ name: string; value: string; description?: string }>,
	extra: INodeProperties[],
): INodeProperties {
	const options: INodeProperties[] = [
		...DATE_FILTER_FIELDS,
		{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: `Only the ${what} with this external ID (exact match)` },
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			options: statuses,
			default: [],
			description: `Only ${what} in one of these statuses`,
		},
		...extra,
	];
	return filtersCollection(options);
}

/** A *Filters* collection holding `options` in alphabetical order (as n8n's linter wants them). */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only return results that match all the filters added here',
		options: [...options].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
