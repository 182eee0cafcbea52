import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getMany } from './getMany.operation';

/** Resource *Configuration*: flow configurations (branding, expiry, redirections), read-only (docs/zertiban.md §9.2). */
export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['configuration'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a configuration',
				description: 'Get one flow configuration with its branding and payer redirections',
			},
			{ name: 'Get Many', value: 'getMany', action: 'Get many configurations', description: 'List the flow configurations' },
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
