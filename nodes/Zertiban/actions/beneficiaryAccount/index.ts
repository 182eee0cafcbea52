import { resourceOperations } from '../../../shared/resource';
import { get } from './get.operation';
import { getMany } from './getMany.operation';

/** Resource *Beneficiary Account*: the business's creditor accounts (IBANs), read-only (docs/zertiban.md §9.1). */
export const { operations, description } = resourceOperations('beneficiaryAccount', 'getMany', [
	{ module: get, name: 'Get', value: 'get', action: 'Get a beneficiary account', description: 'Get one account that receives payments' },
	{ module: getMany, name: 'Get Many', value: 'getMany', action: 'Get many beneficiary accounts', description: 'List the accounts that can receive payments' },
]);
