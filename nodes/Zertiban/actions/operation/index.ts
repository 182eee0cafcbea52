import { resourceOperations } from '../../../shared/resource';
import { cancel } from './cancel.operation';
import { download } from './download.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getStatus } from './getStatus.operation';
import { getStatusHistory } from './getStatusHistory.operation';

/** Resource *Operation*: one payment link of a flow (docs/zertiban.md §7). */
export const { operations, description } = resourceOperations('operation', 'get', [
	{
		module: cancel,
		name: 'Cancel',
		value: 'cancel',
		action: 'Cancel a payment link',
		description: 'Cancel a payment link that is not paid yet (CREATED, or OPENED without a bank authorisation in progress)',
	},
	{
		module: download,
		name: 'Download Document',
		value: 'download',
		action: 'Download a document of a payment link',
		description: 'Download a PDF attached to the payment link as binary data',
	},
	{
		module: get,
		name: 'Get',
		value: 'get',
		action: 'Get a payment link',
		description: 'Get one payment link with its status, payment, payer and documents (the source of truth for reconciliation)',
	},
	{
		module: getMany,
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many payment links',
		description: 'List payment links with filters by status, dates, external ID, flow and type',
	},
	{
		module: getStatus,
		name: 'Get Status',
		value: 'getStatus',
		action: 'Get the status of a payment link',
		description: 'Get only the status, action code and whether the status is final (light, for polling)',
	},
	{
		module: getStatusHistory,
		name: 'Get Status History',
		value: 'getStatusHistory',
		action: 'Get the status history of a payment link',
		description: 'Get the status changes of a payment link, newest first (last 100)',
	},
]);
