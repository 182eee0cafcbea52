import type { INodeProperties } from 'n8n-workflow';

import { get } from './get.operation';
import { getMany } from './getMany.operation';

/** Resource *Beneficiary Account*: the business's creditor accounts (IBANs), read-only (docs/zertiban.md §9.1). */
export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['beneficiaryAccount'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a beneficiary account', description: 'Get one account that receives payments' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many beneficiary accounts',
				description: 'List the accounts that can receive payments',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
