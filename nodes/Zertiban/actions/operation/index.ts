import type { INodeProperties } from 'n8n-workflow';

import { notForAgents } from '../../../shared/router';
import { withoutForAgents } from '../../../shared/tools';
import { cancel } from './cancel.operation';
import { download } from './download.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getStatus } from './getStatus.operation';
import { getStatusHistory } from './getStatusHistory.operation';

/** Resource *Operation*: one payment link of a flow (docs/zertiban.md §7). */
export const operations = { cancel, download, get, getMany, getStatus, getStatusHistory };

export const description: INodeProperties[] = [
	...withoutForAgents({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['operation'] } },
		options: [
			{
				name: 'Cancel',
				value: 'cancel',
				action: 'Cancel an operation',
				description: 'Cancel a payment link that is not paid yet (CREATED, or OPENED without a bank authorisation in progress)',
			},
			{
				name: 'Download Document',
				value: 'download',
				action: 'Download a document of an operation',
				description: 'Download a PDF attached to the operation as binary data',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get an operation',
				description: 'Get one operation with its status, payment, payer and documents (the source of truth for reconciliation)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many operations',
				description: 'List operations with filters by status, dates, external ID, flow and type',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get the status of an operation',
				description: 'Get only the status, action code and whether the status is final (light, for polling)',
			},
			{
				name: 'Get Status History',
				value: 'getStatusHistory',
				action: 'Get the status history of an operation',
				description: 'Get the status changes of an operation, newest first (last 100)',
			},
		],
		default: 'get',
	}, notForAgents(operations)),
	...get.description,
	...getStatus.description,
	...getMany.description,
	...getStatusHistory.description,
	...cancel.description,
	...download.description,
];
