import type { IDataObject } from 'n8n-workflow';

import { PageGuard } from '../../shared/paging';
import { endpointOf, type ApiRequest } from '../../shared/request';
import { zertibanRequest, type ZertibanContext } from './request';

/** Largest page the flow, operation and beneficiary-account lists accept (docs/zertiban.md §4.3). */
export const MAX_PAGE_SIZE = 100;

/**
 * Reads an offset-paged list (`{total, results}`, docs/zertiban.md §4.3) and returns its items in order: all of them
 * with `returnAll`, else the first `limit`. Pages of `pageSize` (100 for flows, operations and accounts, 50 for
 * configurations); stops at `total`, at a short page, or when an empty page comes back, so an item is never
 * returned twice nor skipped while the list does not change. A server that would make it loop (the same page
 * again, an offset that does not advance, more records than the announced total) stops it with a
 * `NodeOperationError` saying which ({@link PageGuard}, nodes/shared/paging.ts). Throws like {@link zertibanRequest}.
 */
export async function zertibanRequestAllItems(
	this: ZertibanContext,
	request: ApiRequest,
	{ returnAll, limit, pageSize = MAX_PAGE_SIZE }: { returnAll: boolean; limit: number; pageSize?: number },
): Promise<IDataObject[]> {
	const wanted = returnAll ? Infinity : limit;
	const items: IDataObject[] = [];
	let offset = 0;
	const guard = new PageGuard(() => this.getNode(), endpointOf(request), request.itemIndex);
	while (items.length < wanted) {
		const size = Math.min(pageSize, wanted - items.length);
		const page = await zertibanRequest.call(this, { ...request, qs: { ...request.qs, offset, limit: size } });
		const results = Array.isArray(page.results) ? (page.results as IDataObject[]) : [];
		const total = typeof page.total === 'number' ? page.total : undefined;
		guard.check(offset, results, total);
		items.push(...results);
		offset += results.length;
		if (results.length < size || (total !== undefined && offset >= total)) break;
	}
	return items;
}
