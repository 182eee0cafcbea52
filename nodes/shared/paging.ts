import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/**
 * Why offset paging was stopped: the server answered a page it had answered before (`repeated page`), a page holding
 * only records already read (`offset not advancing`), or more records than the total it announced (`past total`).
 */
export type PagingProblem = 'repeated page' | 'offset not advancing' | 'past total';

/**
 * Guards one offset-paged read against a server that would make it loop (docs/zertiban.md §4.3): feed it every page
 * with {@link PageGuard.check}. A page equal to an earlier one, a page of two or more records (by `uuid`, else
 * their JSON) all read before, or a count of records above the largest `total` announced stops the read with a
 * `NodeOperationError` that names the endpoint, the offset, the item and which of the three happened.
 */
export class PageGuard {
	private readonly pages = new Set<string>();
	private readonly seen = new Set<string>();
	private count = 0;
	private announced = 0;

	constructor(
		private readonly node: () => INode,
		private readonly endpoint: string,
		private readonly itemIndex?: number,
	) {}

	/** Checks the page read at `offset` (its records and the `total` it announced, if any); throws on a problem. */
	check(offset: number, records: IDataObject[], total: number | undefined): void {
		if (total !== undefined) this.announced = Math.max(this.announced, total);
		if (records.length === 0) return;
		const page = createHash('sha256').update(JSON.stringify(records)).digest('hex');
		if (this.pages.has(page)) this.stop('repeated page', offset, `it answered the same page again for offset ${offset}: it ignores the offset`);
		this.pages.add(page);
		const keys = records.map((record) => (typeof record?.uuid === 'string' ? record.uuid : JSON.stringify(record)));
		// one record may legitimately come again when the list shifted between two pages; a whole page may not
		if (keys.length > 1 && keys.every((key) => this.seen.has(key))) this.stop('offset not advancing', offset, `the page for offset ${offset} holds only records already read: the offset does not advance`);
		for (const key of keys) this.seen.add(key);
		this.count += records.length;
		if (total !== undefined && this.count > this.announced) {
			this.stop('past total', offset, `it sent ${this.count} records, more than the total of ${this.announced} it announced`);
		}
	}

	private stop(problem: PagingProblem, offset: number, why: string): never {
		throw new NodeOperationError(this.node(), `Paging stopped (${problem}): ${this.endpoint} ${why}`, {
			itemIndex: this.itemIndex,
			description: `The list could not be read to its end without repeating records, so the node stopped at offset ${offset} instead of paging forever. The API answered against its contract; try again later, or narrow the filters so that one page is enough.`,
		});
	}
}
