import { resourceOperations } from '../../../shared/resource';
import { addActions } from './addActions.operation';
import { create } from './create.operation';
import { getCase } from './getCase.operation';
import { getDistribution } from './getDistribution.operation';
import { reportPayment } from './reportPayment.operation';

/** Resource *Invoice*: sales invoices, their agency cases and delivery, payments reported once (docs/cfis.md §4.4-§4.7). */
export const { operations, description } = resourceOperations('invoice', 'create', [
	{
		module: addActions,
		name: 'Add Actions',
		value: 'addActions',
		action: 'Add actions to an invoice case',
		description: 'Queue actions on a case: comment, withdraw, extend due date, payment plan, objection, pause, direct payment',
	},
	{
		module: create,
		name: 'Create',
		value: 'create',
		action: 'Create an invoice',
		description: 'Send a sales invoice (or credit note) for delivery and, optionally, payment control',
	},
	{
		module: getCase,
		name: 'Get Case',
		value: 'getCase',
		action: 'Get an invoice case',
		description: 'Get the payment-control case of an invoice: status, stage, balance, payments and events',
	},
	{
		module: getDistribution,
		name: 'Get Distribution',
		value: 'getDistribution',
		action: 'Get invoice distribution records',
		description: 'List delivery records of invoices: status, method, case ID, errors',
	},
	{
		module: reportPayment,
		name: 'Report Payment',
		value: 'reportPayment',
		action: 'Report a payment once',
		description: 'Report a Zertiban payment as a Direct Payment exactly once, through a record shared by every n8n process',
	},
]);
