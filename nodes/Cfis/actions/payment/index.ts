import type { INodeProperties } from 'n8n-workflow';

import { getMany } from './getMany.operation';

/** Resource *Payment*: payments allocated by the agency (docs/cfis.md §4.8). */
export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many payments',
				description: 'List payments the agency received and allocated (preliminary, before settlement)',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
