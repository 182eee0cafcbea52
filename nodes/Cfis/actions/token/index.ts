import { resourceOperations } from '../../../shared/resource';
import { renew } from './renew.operation';
import { validate } from './validate.operation';

/** Resource *Token*: the client access token's lifecycle (docs/cfis.md §2.3, §4.2, §4.3). */
export const { operations, description } = resourceOperations('token', 'validate', [
	{
		module: renew,
		name: 'Renew',
		value: 'renew',
		action: 'Renew an access token',
		description: 'Issue a new client access token (also for an expired one); the old token stops working at once',
	},
	{ module: validate, name: 'Validate', value: 'validate', action: 'Validate an access token', description: 'Check whether a client access token is active, expired or unknown' },
]);
