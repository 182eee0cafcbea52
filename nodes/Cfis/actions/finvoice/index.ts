import { resourceOperations } from '../../../shared/resource';
import { getAddresses } from './getAddresses.operation';

/** Resource *Finvoice*: the Finnish e-invoice address registry (docs/cfis.md §4.11). */
export const { operations, description } = resourceOperations('finvoice', 'getAddresses', [
	{
		module: getAddresses,
		name: 'Get Addresses',
		value: 'getAddresses',
		action: 'Get invoicing addresses of a company',
		description: 'Look up the e-invoice addresses and operators a Finnish company registered for receiving invoices',
	},
]);
