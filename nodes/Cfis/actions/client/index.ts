import { resourceOperations } from '../../../shared/resource';
import { create } from './create.operation';

/** Resource *Client*: onboarding creditor clients with the Partner Provisioning Token (docs/cfis.md §4.1). */
export const { operations, description } = resourceOperations('client', 'create', [
	{ module: create, name: 'Create', value: 'create', action: 'Create a client', description: 'Onboard a new creditor client and receive its API access token' },
]);
