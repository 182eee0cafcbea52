import { resourceOperations } from '../../../shared/resource';
import { get } from './get.operation';

/** Resource *Payment*: the PSD2 payment behind a paid payment link (docs/zertiban.md §8). */
export const { operations, description } = resourceOperations('payment', 'get', [
	{ module: get, name: 'Get', value: 'get', action: 'Get a payment', description: 'Get the bank-side PSD2 payment of a paid payment link' },
]);
