import type { INodeProperties } from 'n8n-workflow';

import { getAddresses } from './getAddresses.operation';

/** Resource *Finvoice*: the Finnish e-invoice address registry (docs/cfis.md §4.11). */
export const operations = { getAddresses };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['finvoice'] } },
		options: [
			{
				name: 'Get Addresses',
				value: 'getAddresses',
				action: 'Get invoicing addresses of a company',
				description: 'Look up the e-invoice addresses and operators a Finnish company registered for receiving invoices',
			},
		],
		default: 'getAddresses',
	},
	...getAddresses.description,
];
