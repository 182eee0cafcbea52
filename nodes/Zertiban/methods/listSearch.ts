import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { checkUuid } from '../../shared/validators';
import { zertibanRequest } from '../transport';

const PAGE_SIZE = 50;

/**
 * Search box of the *Operation* resource locator: lists operations newest first, 50 a page (`offset` as the
 * pagination token); a filter that is a UUID looks up that operation, any other filter matches the external ID
 * exactly (`q_externalId`, zertiban.md §7.1). Each entry reads `externalId — status — amount EUR`.
 */
export async function searchOperations(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken) || 0;
	const qs: IDataObject = { limit: PAGE_SIZE, offset, sort_by: 'createdAt', sort_dir: 'DESC' };
	const text = filter?.trim();
	if (text) {
		if (checkUuid(text) === undefined) qs.q_operationUuid = text;
		else qs.q_externalId = text;
	}
	const page = await zertibanRequest.call(this, { method: 'GET', path: '/flow/v1/operations', qs });
	const results = ((page.results as IDataObject[] | undefined) ?? []).map((operation) => {
		const payment = (operation.payment ?? {}) as IDataObject;
		const amount = typeof payment.amount === 'number' ? ` — ${(payment.amount / 100).toFixed(2)} ${String(payment.currency ?? '')}` : '';
		return {
			name: `${String(operation.externalId ?? operation.uuid)} — ${String(operation.status ?? '?')}${amount}`,
			value: String(operation.uuid),
		};
	});
	const total = Number(page.total) || 0;
	return { results, paginationToken: offset + results.length < total && results.length > 0 ? String(offset + results.length) : undefined };
}
