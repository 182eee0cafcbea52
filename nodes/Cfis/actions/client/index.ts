import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';

/** Resource *Client*: onboarding creditor clients with the Partner Provisioning Token (docs/cfis.md §4.1). */
export const operations = { create };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['client'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a client',
				description: 'Onboard a new creditor client and receive its API access token',
			},
		],
		default: 'create',
	},
	...create.description,
];
