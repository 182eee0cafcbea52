/**
 * Query-string rules shared by every Zertiban list endpoint (zertiban.md §4.3): offset paging with per-endpoint
 * limits, `sort_by`/`sort_dir`, `q_` filters, and 400 for any malformed value ([SIM] the creditor-account rule of
 * §4.3 applied to every list).
 */
import type { FastifyRequest } from 'fastify';
import { ApiError, UUID_RE } from '../controls';

/** A query parameter given at most once; 400 when repeated. */
export function queryParam(request: FastifyRequest, name: string): string | undefined {
	const value = (request.query as Record<string, unknown>)[name];
	if (Array.isArray(value)) throw new ApiError(400, `${name} must be given once`);
	return value as string | undefined;
}

/** An integer query parameter in `[min, max]`, `fallback` when absent; 400 otherwise. */
export function intQuery(request: FastifyRequest, name: string, fallback: number, min: number, max: number): number {
	const raw = queryParam(request, name);
	if (raw === undefined) return fallback;
	const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
	if (!(value >= min && value <= max)) {
		const range = max === Infinity ? `>= ${min}` : `between ${min} and ${max}`;
		throw new ApiError(400, `${name} must be an integer ${range}`);
	}
	return value;
}

/** An optional integer query parameter (amount filters, cents); 400 when not an integer ≥ 0. */
export function optionalIntQuery(request: FastifyRequest, name: string): number | undefined {
	return queryParam(request, name) === undefined ? undefined : intQuery(request, name, 0, 0, Number.MAX_SAFE_INTEGER);
}

/** A UUID query parameter, lower-cased; 400 when malformed. */
export function uuidQuery(request: FastifyRequest, name: string): string | undefined {
	const raw = queryParam(request, name);
	if (raw !== undefined && !UUID_RE.test(raw)) throw new ApiError(400, `${name} must be a UUID`);
	return raw?.toLowerCase();
}

/** A comma-separated, case-insensitive enum list (§4.3), upper-cased; empty = no filter; 400 on an unknown value. */
export function enumListQuery(request: FastifyRequest, name: string, allowed: readonly string[]): string[] {
	const values = (queryParam(request, name) ?? '')
		.split(',')
		.map((s) => s.trim().toUpperCase())
		.filter((s) => s !== '');
	if (values.some((v) => !allowed.includes(v))) {
		throw new ApiError(400, `${name} values must be among ${allowed.join(', ')}`);
	}
	return values;
}

/** A boolean query parameter (`true`/`false`, any case); 400 when unparseable (zertiban.md §9.1). */
export function boolQuery(request: FastifyRequest, name: string): boolean | undefined {
	const raw = queryParam(request, name);
	if (raw === undefined) return undefined;
	const lower = raw.toLowerCase();
	if (lower !== 'true' && lower !== 'false') throw new ApiError(400, `${name} must be true or false`);
	return lower === 'true';
}

/**
 * An ISO 8601 date-time query parameter (`2026-01-31T10:00:00Z`, or a calendar date `2026-01-31` = midnight
 * UTC) as epoch milliseconds; 400 when unparseable.
 */
export function dateQuery(request: FastifyRequest, name: string): number | undefined {
	const raw = queryParam(request, name);
	if (raw === undefined) return undefined;
	const ms = /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(raw) ? Date.parse(raw) : NaN;
	if (Number.isNaN(ms)) throw new ApiError(400, `${name} must be an ISO 8601 date-time such as 2026-01-31T10:00:00Z`);
	return ms;
}

/** Inclusive range check of an ISO 8601 timestamp against `q_from…`/`q_to…` bounds (epoch ms). */
export function inRange(iso: string, from: number | undefined, to: number | undefined): boolean {
	const ms = Date.parse(iso);
	return (from === undefined || ms >= from) && (to === undefined || ms <= to);
}

/** How a list endpoint sorts: keys after removing `_` and lower-casing, and its default key. */
export interface SortSpec<T> {
	keys: Record<string, (record: T) => string | number>;
	/** tie-break (and uniqueness) key: the record's uuid */
	uuidOf: (record: T) => string;
}

const compare = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts `records` by `sort_by` (default `createdAt`; case-insensitive, `_` ignored, §4.3) in `sort_dir`
 * (default DESC), ties broken by uuid in the same direction; 400 on an unknown key or direction.
 */
export function sortRecords<T>(request: FastifyRequest, records: T[], spec: SortSpec<T>): T[] {
	const sortBy = (queryParam(request, 'sort_by') ?? 'createdAt').replace(/_/g, '').toLowerCase();
	const keyOf = spec.keys[sortBy];
	if (!keyOf) {
		throw new ApiError(400, `sort_by must be one of ${Object.keys(spec.keys).join(', ')} (any case, _ allowed)`);
	}
	const sortDir = (queryParam(request, 'sort_dir') ?? 'DESC').toUpperCase();
	if (sortDir !== 'ASC' && sortDir !== 'DESC') throw new ApiError(400, 'sort_dir must be ASC or DESC');
	const sign = sortDir === 'ASC' ? 1 : -1;
	return [...records].sort(
		(a, b) => sign * (compare(keyOf(a), keyOf(b)) || compare(spec.uuidOf(a), spec.uuidOf(b))),
	);
}

/**
 * One page `{total, results}` (§4.3) of already filtered and sorted records: `offset` ≥ 0 (default 0) and
 * `limit` in `[minLimit, maxLimit]` (default 10); 400 when out of range.
 */
export function page<T, R>(
	request: FastifyRequest,
	records: T[],
	limits: { minLimit: number; maxLimit: number },
	view: (record: T) => R,
): { total: number; results: R[] } {
	const limit = intQuery(request, 'limit', 10, limits.minLimit, limits.maxLimit);
	const offset = intQuery(request, 'offset', 0, 0, Infinity);
	return { total: records.length, results: records.slice(offset, offset + limit).map(view) };
}
