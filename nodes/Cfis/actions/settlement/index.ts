import { resourceOperations } from '../../../shared/resource';
import { getMany } from './getMany.operation';

/** Resource *Settlement*: payouts to the creditor with final allocations (docs/cfis.md §4.9). */
export const { operations, description } = resourceOperations('settlement', 'getMany', [
	{
		module: getMany,
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many settlements',
		description: 'List settlements (payouts) with their allocations: the source of truth for reconciliation',
	},
]);
