import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';

/** Resource *Payment*: the PSD2 payment behind a completed operation (docs/zertiban.md §8). */
export const operations = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['payment'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a payment',
				description: 'Get the bank-side PSD2 payment of a completed operation',
			},
		],
		default: 'get',
	},
	...get.description,
];
