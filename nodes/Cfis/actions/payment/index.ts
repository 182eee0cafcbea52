import { resourceOperations } from '../../../shared/resource';
import { getMany } from './getMany.operation';

/** Resource *Payment*: payments allocated by the agency (docs/cfis.md §4.8). */
export const { operations, description } = resourceOperations('payment', 'getMany', [
	{
		module: getMany,
		name: 'Get Many',
		value: 'getMany',
		action: 'Get many payments',
		description: 'List payments the agency received and allocated (preliminary, before settlement)',
	},
]);
