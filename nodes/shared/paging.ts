import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from './errors';

/** *Return All* and *Limit* (default 50) of every Get Many operation of both nodes. */
export const pagingProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Return All / Limit of an item: `limit` is 0 when `returnAll` is true. */
export interface Paging {
	returnAll: boolean;
	limit: number;
}

/**
 * Reads *Return All* and *Limit* of an item. Throws `NodeOperationError` naming the item when Limit is not a
 * whole number ≥ 1 (an expression can produce anything), before any request.
 */
export function readPaging(ctx: IExecuteFunctions, itemIndex: number): Paging {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? 0 : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	if (!returnAll && (!Number.isInteger(limit) || limit < 1)) {
		throw inputError(ctx.getNode(), 'Limit', itemIndex, `${String(limit)} is not a whole number of at least 1`);
	}
	return { returnAll, limit };
}
