import type { INodeProperties } from 'n8n-workflow';

import { notForAgents } from '../../../shared/router';
import { withoutForAgents } from '../../../shared/tools';
import { create } from './create.operation';

/** Resource *Client*: onboarding creditor clients with the Partner Provisioning Token (docs/cfis.md §4.1). */
export const operations = { create };

export const description: INodeProperties[] = [
	...withoutForAgents({
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
	}, notForAgents(operations)),
	...create.description,
];
