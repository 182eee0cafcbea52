import type { INodeProperties } from 'n8n-workflow';

import { getMany } from './getMany.operation';

/** Resource *Settlement*: payouts to the creditor with final allocations (docs/cfis.md §4.9). */
export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['settlement'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many settlements',
				description: 'List settlements (payouts) with their allocations: the source of truth for reconciliation',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
