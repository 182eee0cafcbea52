import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { checkUuid } from '../../shared/validators';
import { ZERTIBAN_CREDENTIAL, zertibanRequest, zertibanRequestAllItems } from '../transport';

const PAGE_SIZE = 50;

const euros = (payment: IDataObject) =>
	typeof payment.amount === 'number' ? ` — ${(payment.amount / 100).toFixed(2)} ${String(payment.currency ?? '')}` : '';

/**
 * One page of a newest-first offset list for a search box: a filter that is a UUID goes to `uuidParam`, any
 * other filter to `q_externalId` (exact); `offset` is the pagination token.
 */
async function searchByExternalId(
	ctx: ILoadOptionsFunctions,
	path: string,
	uuidParam: string,
	name: (entry: IDataObject) => string,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken) || 0;
	const qs: IDataObject = { limit: PAGE_SIZE, offset, sort_by: 'createdAt', sort_dir: 'DESC' };
	const text = filter?.trim();
	if (text) {
		if (checkUuid(text) === undefined) qs[uuidParam] = text;
		else qs.q_externalId = text;
	}
	const page = await zertibanRequest.call(ctx, { method: 'GET', path, qs });
	const results = ((page.results as IDataObject[] | undefined) ?? []).map((entry) => ({ name: name(entry), value: String(entry.uuid) }));
	const total = Number(page.total) || 0;
	return { results, paginationToken: offset + results.length < total && results.length > 0 ? String(offset + results.length) : undefined };
}

/**
 * Search box of the *Operation* resource locator: operations newest first, 50 a page; a UUID filter looks up that
 * operation, any other filter matches the external ID exactly (docs/zertiban.md §7.1). Entries read
 * `externalId — status — amount EUR`.
 */
export async function searchOperations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchByExternalId(
		this,
		'/flow/v1/operations',
		'q_operationUuid',
		(op) => `${String(op.externalId ?? op.uuid)} — ${String(op.status ?? '?')}${euros((op.payment ?? {}) as IDataObject)}`,
		filter,
		paginationToken,
	);
}

/** Search box of the *Flow* locator: flows newest first, by UUID or exact external ID (docs/zertiban.md §6.2). */
export async function searchFlows(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchByExternalId(
		this,
		'/flow/v1/flows',
		'q_uuid',
		(flow) => `${String(flow.externalId ?? flow.uuid)} — ${String(flow.status ?? '?')} — ${String(flow.createdAt ?? '')}`,
		filter,
		paginationToken,
	);
}

/**
 * Reads every entry of a small list (configurations, accounts: a business has a handful; at most the first 500)
 * and keeps those whose label contains the filter (case-insensitive); DISABLED entries are marked and listed last.
 */
async function searchSmallList(
	ctx: ILoadOptionsFunctions,
	path: string,
	pageSize: number,
	qs: IDataObject,
	label: (entry: IDataObject) => string,
	filter?: string,
): Promise<INodeListSearchResult> {
	const entries = await zertibanRequestAllItems.call(ctx, { method: 'GET', path, qs }, { returnAll: false, limit: 500, pageSize });
	const needle = filter?.trim().toLowerCase() ?? '';
	const results: INodeListSearchItems[] = entries
		.map((entry) => {
			const disabled = entry.status === 'DISABLED';
			const base = `${label(entry)}${entry.isDefault ? ' (default)' : ''}${disabled ? ' — disabled' : ''}`;
			return { name: base, value: String(entry.uuid), disabled };
		})
		.filter((r) => !needle || r.name.toLowerCase().includes(needle) || r.value.toLowerCase() === needle)
		.sort((a, b) => Number(a.disabled) - Number(b.disabled))
		.map(({ name, value }) => ({ name, value }));
	return { results };
}

/** Search box of the *Configuration* locator: every configuration by name (docs/zertiban.md §9.2). */
export async function searchConfigurations(this: ILoadOptionsFunctions, filter?: string) {
	return await searchSmallList(this, '/flow-customization/v1/configurations', 50, {}, (c) => String(c.name ?? c.uuid), filter);
}

/** Search box of the *Beneficiary Account* locator: every account by alias and masked number (docs/zertiban.md §9.1). */
export async function searchBeneficiaryAccounts(this: ILoadOptionsFunctions, filter?: string) {
	const credentials = await this.getCredentials(ZERTIBAN_CREDENTIAL);
	const businessUuid = String(credentials.businessUuid ?? '').trim();
	return await searchSmallList(
		this,
		'/business-creditor-account/v1/business-creditor-accounts',
		100,
		businessUuid ? { q_businessUuid: businessUuid } : {},
		(a) => `${String(a.alias ?? 'Account')} — ${String(a.accountNumber ?? '')}`,
		filter,
	);
}
