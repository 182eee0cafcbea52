import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { checkUuid } from '../validators';
import { ZERTIBAN_CREDENTIAL, zertibanRequest, zertibanRequestAllItems, ZERTIBAN_PATHS } from '../transport';

/** Entries per page of the unfiltered list (one "load more" of the search box). */
const PAGE_SIZE = 50;
/** Entries per request while a text filter scans the list: the API's maximum for flows and operations (§4.3). */
const SCAN_PAGE_SIZE = 100;
/**
 * How many of the newest flows or operations a text filter reads at most (10 requests of 100). The API filters
 * external IDs only exactly (docs/zertiban.md §6.2, §7.1), so a part of an ID is matched here, over this window;
 * the locators' list hint says so.
 */
export const SEARCH_WINDOW = 1000;
/** Matches wanted before one call of the search box stops reading (the rest come with "load more"). */
const MATCHES_PER_CALL = 50;

const euros = (payment: IDataObject) =>
	typeof payment.amount === 'number' ? ` — ${(payment.amount / 100).toFixed(2)} ${String(payment.currency ?? '')}` : '';

/** The external ID of a PagaFactu operation's invoice (docs/zertiban.md §7.2 `invoice.externalId`), if any. */
const invoiceOf = (op: IDataObject) => (op.invoice as IDataObject | undefined)?.externalId as string | undefined;

/** The search box's pagination token is the offset of the next entry to read; anything else starts over. */
const offsetOf = (token?: string) => {
	const offset = Number((token ?? '').trim());
	return Number.isInteger(offset) && offset > 0 ? offset : 0;
};

/** What one searchable newest-first list (flows, operations) needs. */
interface ListSpec {
	/** The list's path (docs/zertiban.md §5). */
	path: string;
	/** The query parameter that selects one entry by UUID (`q_uuid`, `q_operationUuid`). */
	uuidParam: string;
	/** The label shown in the search box. */
	name: (entry: IDataObject) => string;
	/** The texts a part of which a search matches (external IDs, UUID). */
	texts: (entry: IDataObject) => unknown[];
}

const newestFirst = (offset: number, limit: number): IDataObject => ({ limit, offset, sort_by: 'createdAt', sort_dir: 'DESC' });

async function readPage(ctx: ILoadOptionsFunctions, spec: ListSpec, qs: IDataObject) {
	const page = await zertibanRequest.call(ctx, { method: 'GET', path: spec.path, qs });
	return { entries: (page.results as IDataObject[] | undefined) ?? [], total: Number(page.total) || 0 };
}

const item = (spec: ListSpec, entry: IDataObject): INodeListSearchItems => ({ name: spec.name(entry), value: String(entry.uuid) });

/**
 * The search box of a newest-first list (flows, operations; docs/zertiban.md §4.3):
 * - no filter: every entry, 50 a page (`offset` paging; the pagination token is the next offset);
 * - a full UUID: that entry (`uuidParam`);
 * - any other text: first the entries whose external ID is exactly the text (`q_externalId`, the whole history),
 *   then, newest first, the entries among the newest {@link SEARCH_WINDOW} one of whose `texts` (external ID,
 *   UUID, …) contains the text, case-insensitive. One call reads pages of 100 until it has 50 matches or reaches the end of the window;
 *   the pagination token is the offset to go on from. Entries created while the user pages may shift an entry
 *   onto the next page twice (offset paging); nothing is skipped.
 */
async function searchNewestFirst(ctx: ILoadOptionsFunctions, spec: ListSpec, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
	const offset = offsetOf(paginationToken);
	const text = filter?.trim() ?? '';
	if (!text || checkUuid(text) === undefined) {
		const qs = newestFirst(offset, PAGE_SIZE);
		if (text) qs[spec.uuidParam] = text;
		const { entries, total } = await readPage(ctx, spec, qs);
		const next = offset + entries.length;
		return { results: entries.map((entry) => item(spec, entry)), paginationToken: entries.length > 0 && next < total ? String(next) : undefined };
	}
	const results: INodeListSearchItems[] = [];
	if (offset === 0) {
		const exact = await readPage(ctx, spec, { ...newestFirst(0, SCAN_PAGE_SIZE), q_externalId: text });
		results.push(...exact.entries.map((entry) => item(spec, entry)));
	}
	const needle = text.toLowerCase();
	const contains = (entry: IDataObject) =>
		entry.externalId !== text && spec.texts(entry).some((t) => typeof t === 'string' && t.toLowerCase().includes(needle));
	let next = offset;
	let more = true;
	while (more && next < SEARCH_WINDOW && results.length < MATCHES_PER_CALL) {
		const { entries, total } = await readPage(ctx, spec, newestFirst(next, Math.min(SCAN_PAGE_SIZE, SEARCH_WINDOW - next)));
		results.push(...entries.filter(contains).map((entry) => item(spec, entry)));
		next += entries.length;
		more = entries.length > 0 && next < total;
	}
	return { results, paginationToken: more && next < SEARCH_WINDOW ? String(next) : undefined };
}

/**
 * Search box of the *Operation* resource locator (docs/zertiban.md §7.1): operations newest first; a filter finds a
 * full UUID, an exact external ID, or any part of the external ID, UUID or invoice external ID among the newest
 * {@link SEARCH_WINDOW} (see searchNewestFirst). Entries read `externalId — status — amount EUR`.
 */
export async function searchOperations(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchNewestFirst(
		this,
		{
			path: ZERTIBAN_PATHS.operations,
			uuidParam: 'q_operationUuid',
			name: (op) => `${String(op.externalId ?? op.uuid)} — ${String(op.status ?? '?')}${euros((op.payment ?? {}) as IDataObject)}`,
			texts: (op) => [op.externalId, op.uuid, invoiceOf(op)],
		},
		filter,
		paginationToken,
	);
}

/**
 * Search box of the *Flow* locator (docs/zertiban.md §6.2): flows newest first, searched as operations are
 * (searchNewestFirst). Entries read `externalId — status — createdAt`.
 */
export async function searchFlows(this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
	return await searchNewestFirst(
		this,
		{
			path: ZERTIBAN_PATHS.flows,
			uuidParam: 'q_uuid',
			name: (flow) => `${String(flow.externalId ?? flow.uuid)} — ${String(flow.status ?? '?')} — ${String(flow.createdAt ?? '')}`,
			texts: (flow) => [flow.externalId, flow.uuid],
		},
		filter,
		paginationToken,
	);
}

/** How many configurations or accounts a search reads at most (a business has a handful). */
export const SMALL_LIST_WINDOW = 500;

/**
 * Reads every entry of a small list (configurations, accounts: a business has a handful; at most
 * {@link SMALL_LIST_WINDOW})
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
	const entries = await zertibanRequestAllItems.call(ctx, { method: 'GET', path, qs }, { returnAll: false, limit: SMALL_LIST_WINDOW, pageSize });
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
	return await searchSmallList(this, ZERTIBAN_PATHS.configurations, 50, {}, (c) => String(c.name ?? c.uuid), filter);
}

/** Search box of the *Beneficiary Account* locator: every account by alias and masked number (docs/zertiban.md §9.1). */
export async function searchBeneficiaryAccounts(this: ILoadOptionsFunctions, filter?: string) {
	const credentials = await this.getCredentials(ZERTIBAN_CREDENTIAL);
	const businessUuid = String(credentials.businessUuid ?? '').trim();
	return await searchSmallList(
		this,
		ZERTIBAN_PATHS.beneficiaryAccounts,
		100,
		businessUuid ? { q_businessUuid: businessUuid } : {},
		(a) => `${String(a.alias ?? 'Account')} — ${String(a.accountNumber ?? '')}`,
		filter,
	);
}
