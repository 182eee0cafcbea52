import { resourceOperations } from '../../../shared/resource';
import { get } from './get.operation';
import { getMany } from './getMany.operation';

/** Resource *Configuration*: flow configurations (branding, expiry, redirections), read-only (docs/zertiban.md §9.2). */
export const { operations, description } = resourceOperations('configuration', 'getMany', [
	{
		module: get,
		name: 'Get',
		value: 'get',
		action: 'Get a configuration',
		description: 'Get one flow configuration with its branding and payer redirections',
	},
	{ module: getMany, name: 'Get Many', value: 'getMany', action: 'Get many configurations', description: 'List the flow configurations' },
]);
