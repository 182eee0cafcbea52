import { resourceOperations } from '../../../shared/resource';
import { create } from './create.operation';
import { createPagaFactu } from './createPagaFactu.operation';
import { get } from './get.operation';
import { getMany } from './getMany.operation';
import { getStatusHistory } from './getStatusHistory.operation';

/** Resource *Flow*: one or more payment links (operations) created together (docs/zertiban.md §6, §13). */
export const { operations, description } = resourceOperations('flow', 'create', [
	{
		module: create,
		name: 'Create',
		value: 'create',
		action: 'Create a payment link',
		description: 'Create a flow with one or more payment links (ZertiPay), with PDF documents from binary data',
	},
	{
		module: createPagaFactu,
		name: 'Create PagaFactu',
		value: 'createPagaFactu',
		action: 'Create an invoice payment link with pagafactu',
		description: 'Create a flow with one invoice payment link, optionally with a PDF carrying a QR code to it',
	},
	{ module: get, name: 'Get', value: 'get', action: 'Get a flow', description: 'Get a flow with the status of its payment links' },
	{
		module: getMany,
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many flows',
		description: 'List flows with filters by status, dates, external ID and product label',
	},
	{
		module: getStatusHistory,
		name: 'Get Status History',
		value: 'getStatusHistory',
		action: 'Get the status history of a flow',
		description: 'Get the status changes of a flow, newest first',
	},
]);
