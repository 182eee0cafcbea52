import type { INodeProperties } from 'n8n-workflow';

import { create } from './create.operation';
import { createPagaFactu } from './createPagaFactu.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getStatusHistory } from './getStatusHistory.operation';

/** Resource *Flow*: a collection request holding one or more payment operations (docs/zertiban.md §6, §13). */
export const operations = { create, createPagaFactu, get, getMany, getStatusHistory };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['flow'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a payment link',
				description: 'Create payment links (ZertiPay) for one or more payments, with PDF documents from binary data',
			},
			{
				name: 'Create PagaFactu',
				value: 'createPagaFactu',
				action: 'Create an invoice payment link with pagafactu',
				description: 'Create an invoice payment link, optionally with a PDF carrying a QR code to it',
			},
			{ name: 'Get', value: 'get', action: 'Get a payment link with its payment status', description: 'Get a flow with the status of its operations' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many payment links',
				description: 'List flows with filters by status, dates, external ID and product label',
			},
			{
				name: 'Get Status History',
				value: 'getStatusHistory',
				action: 'Get the status history of a payment link',
				description: 'Get the status changes of a flow, newest first',
			},
		],
		default: 'create',
	},
	...create.description,
	...createPagaFactu.description,
	...get.description,
	...getMany.description,
	...getStatusHistory.description,
];
