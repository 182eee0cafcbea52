import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getStatus } from './getStatus.operation';

/** Resource *Operation*: one payment link of a flow (zertiban.md §7). */
export const operations = { get, getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operation'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an operation',
				description: 'Get one operation with its status, payment, payer and documents (the source of truth for reconciliation)',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of an operation',
				description: 'Get only the status, action code and whether the status is final (light, for polling)',
			},
		],
		default: 'get',
	},
	...get.description,
	...getStatus.description,
];
