import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { readUtcDateTime } from '../../shared/dates';
import { inputError, type StatusHint } from '../../shared/errors';
import { checkUuid } from '../validators';

/**
 * Reads a UUID resource locator (or string) parameter of an item and checks it; returns it lower-cased, or
 * `undefined` when empty and `optional`. Throws `NodeOperationError` naming `label` and the item, before any
 * request.
 */
export function readUuid(
	ctx: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	{ optional = false }: { optional?: boolean } = {},
): string | undefined {
	const value = String(ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) ?? '').trim();
	if (value === '' && optional) return undefined;
	const problem = checkUuid(value);
	if (problem) throw inputError(ctx.getNode(), label, itemIndex, problem);
	return value.toLowerCase();
}

/** `readUuid` for a required parameter (never `undefined`). */
export function readRequiredUuid(ctx: IExecuteFunctions, parameter: string, label: string, itemIndex: number): string {
	return readUuid(ctx, parameter, label, itemIndex) as string;
}

/** The 404 message for a UUID Zertiban does not know for this business. */
export function notFound(what: string, uuid: string): Partial<Record<number, StatusHint>> {
	return {
		404: {
			message: `Zertiban has no ${what} ${uuid} for this business (404)`,
			hint: `Check the ${what} UUID and that the credential's Business UUID is the business that owns it.`,
		},
	};
}

/**
 * Query parameters of a list's *Sort* collection (`sort_by`, `sort_dir`, docs/zertiban.md §4.3) and of its
 * *Additional Query Parameters* (names must be non-empty; they are sent as given).
 */
export function readSortAndExtraQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const qs: IDataObject = {};
	const sort = ctx.getNodeParameter('sort', itemIndex, {}) as IDataObject;
	if (sort.sortBy) qs.sort_by = sort.sortBy;
	if (sort.direction) qs.sort_dir = sort.direction;
	const extra = ctx.getNodeParameter('additionalQuery.parameter', itemIndex, []) as Array<{ name?: string; value?: unknown }>;
	for (const { name, value } of extra) {
		const key = String(name ?? '').trim();
		if (key === '') throw inputError(ctx.getNode(), 'Additional Query Parameters', itemIndex, 'has a parameter without a name');
		qs[key] = String(value ?? '');
	}
	return qs;
}

/**
 * Adds the date-range filters of a list (`q_fromCreatedAt`, `q_toCreatedAt`, `q_fromStatusUpdatedAt`,
 * `q_toStatusUpdatedAt`, docs/zertiban.md §6.2, §7.1; inclusive) from the *Filters* collection fields
 * `createdAfter`, `createdBefore`, `statusUpdatedAfter`, `statusUpdatedBefore`, as ISO 8601 UTC (a time without a
 * zone is read in the workflow's time zone: nodes/shared/dates.ts).
 */
export function addDateFilters(ctx: IExecuteFunctions, filters: IDataObject, qs: IDataObject, itemIndex: number): void {
	const fields: Array<[string, string, string]> = [
		['createdAfter', 'q_fromCreatedAt', 'Created After'],
		['createdBefore', 'q_toCreatedAt', 'Created Before'],
		['statusUpdatedAfter', 'q_fromStatusUpdatedAt', 'Status Updated After'],
		['statusUpdatedBefore', 'q_toStatusUpdatedAt', 'Status Updated Before'],
	];
	for (const [field, param, label] of fields) {
		const instant = readUtcDateTime(ctx, filters[field], label, itemIndex);
		if (instant) qs[param] = instant;
	}
}


/**
 * The query of a flow or operation list (docs/zertiban.md §6.2, §7.1) from the *Filters* fields every such list has
 * (`externalId` → `q_externalId`, `status` → comma-separated `q_status`, the date ranges of
 * {@link addDateFilters}) plus *Sort* and *Additional Query Parameters*. Returns the *Filters* values too, for
 * the list's own filters.
 */
export function readListQuery(ctx: IExecuteFunctions, itemIndex: number): { qs: IDataObject; filters: IDataObject } {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	if (typeof filters.externalId === 'string' && filters.externalId.trim()) qs.q_externalId = filters.externalId.trim();
	if (Array.isArray(filters.status) && filters.status.length) qs.q_status = filters.status.join(',');
	addDateFilters(ctx, filters, qs, itemIndex);
	return { qs: { ...qs, ...readSortAndExtraQuery(ctx, itemIndex) }, filters };
}
