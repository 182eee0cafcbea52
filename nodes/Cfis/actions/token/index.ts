import type { INodeProperties } from 'n8n-workflow';

import { notForAgents } from '../../../shared/router';
import { withoutForAgents } from '../../../shared/tools';
import { renew } from './renew.operation';
import { validate } from './validate.operation';

/** Resource *Token*: the client access token's lifecycle (docs/cfis.md §2.3, §4.2, §4.3). */
export const operations = { validate, renew };

export const description: INodeProperties[] = [
	...withoutForAgents({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['token'] } },
		options: [
			{
				name: 'Renew',
				value: 'renew',
				action: 'Renew an access token',
				description: 'Issue a new client access token (also for an expired one); the old token stops working at once',
			},
			{
				name: 'Validate',
				value: 'validate',
				action: 'Validate an access token',
				description: 'Check whether a client access token is active, expired or unknown',
			},
		],
		default: 'validate',
	}, notForAgents(operations)),
	...validate.description,
	...renew.description,
];
