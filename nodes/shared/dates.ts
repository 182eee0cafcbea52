/**
 * Date parameters of both nodes (n8n `dateTime` fields), read in the workflow's time zone with luxon (the library
 * n8n itself uses; allow-listed for community nodes). One place for every date a node sends:
 *
 * - {@link readCalendarDate}: a day (`YYYY-MM-DD`), as Confirma Finance dates (docs/cfis.md) and Zertiban's
 *   `requestedExecutionDate` / PagaFactu due date (docs/zertiban.md §6.1) want it;
 * - {@link readUtcDateTime}: an instant as ISO 8601 UTC to the second (`2026-01-31T10:00:00Z`), as Zertiban's list
 *   filters want it (docs/zertiban.md §6.2, §7.1).
 *
 * Fields read as a day use n8n's date-only picker (`typeOptions: { dateOnly: true }`, which stores `2026-03-01`; n8n
 * 1.123 has it too); fields read as an instant use the date-and-time picker (`2026-03-01T00:30:00`).
 *
 * What a user may give (by a date picker or by expression): the picker's zone-less `2026-03-01T00:30:00`, an ISO
 * 8601 string with or without time and zone (`2026-03-01`, `2026-02-28T22:30:00Z`, `…+02:00`), an SQL-style
 * `2026-03-01 00:30:00`, a luxon `DateTime` (`{{ $now }}`) or a JavaScript `Date`. A value without a zone is a
 * wall-clock time in the workflow's time zone (`this.getTimezone()`: the workflow setting, else the instance's
 * default); a value with a zone is an instant, shown in the workflow's time zone to find its day. So a day-only
 * value saved as text before these fields became date pickers (`2026-03-01`) keeps its meaning. A text must hold a
 * whole date (`YYYY-MM-DD`, then an optional time): a partial one (`2030`, `2030-05`, `09:30`, an ISO week or
 * ordinal date) is refused, never completed with January 1st or today.
 */
import { DateTime } from 'luxon';
import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from './errors';

/** What the readers need of the execute context: the workflow's time zone and the node (for errors). */
export type DateContext = Pick<IExecuteFunctions, 'getTimezone' | 'getNode'>;

/** A parsed date value, or the reason it is not one (`empty` for `''`, `null` and `undefined`). */
export type ParsedDate = { dateTime: DateTime } | { empty: true } | { problem: string };

/** A text value must start with a whole calendar date, `YYYY-MM-DD`, alone or followed by a time (`T` or a space). */
const FULL_DATE = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;

const EXAMPLE = ': pick it in the date field, or give YYYY-MM-DD such as 2026-03-01 or an ISO 8601 date and time such as 2026-03-01T09:30:00';

/**
 * Parses a date parameter value (see the module comment for the accepted forms) in `zone` (an IANA name such as
 * `Europe/Helsinki`). The result is in `zone`. Never throws.
 */
export function parseDateValue(value: unknown, zone: string): ParsedDate {
	if (value === undefined || value === null) return { empty: true };
	let dateTime: DateTime;
	if (DateTime.isDateTime(value)) {
		dateTime = value.setZone(zone);
	} else if (Object.prototype.toString.call(value) === '[object Date]') {
		// Not `instanceof Date`: an expression may return a Date of another realm.
		dateTime = DateTime.fromMillis((value as Date).getTime(), { zone });
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return { empty: true };
		// a whole calendar date first: luxon would read `2030` as 2030-01-01 and `09:30` as today at 09:30
		if (!FULL_DATE.test(text)) return { problem: `"${text.slice(0, 60)}" is not a whole date (year, month and day)${EXAMPLE}` };
		dateTime = DateTime.fromISO(text, { zone });
		if (!dateTime.isValid) dateTime = DateTime.fromSQL(text, { zone });
		if (!dateTime.isValid) {
			const shown = `"${text.slice(0, 60)}"`;
			return { problem: /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${shown} is not a calendar date (no such day)` : `${shown} is not a date${EXAMPLE}` };
		}
	} else {
		return { problem: `is ${typeof value === 'object' ? 'an object' : `a ${typeof value}`}, not a date${EXAMPLE}` };
	}
	if (!dateTime.isValid) return { problem: `is not a valid date (${dateTime.invalidExplanation ?? dateTime.invalidReason ?? 'unknown reason'})` };
	return { dateTime };
}

/** Whether an empty value is refused (`required`) or read as `''`. */
export interface DateOptions {
	required?: boolean;
}

function parseOrThrow(ctx: DateContext, value: unknown, label: string, itemIndex: number, { required = false }: DateOptions): DateTime | undefined {
	const parsed = parseDateValue(value, ctx.getTimezone());
	if ('problem' in parsed) throw inputError(ctx.getNode(), label, itemIndex, parsed.problem);
	if ('empty' in parsed) {
		if (required) throw inputError(ctx.getNode(), label, itemIndex, 'is empty; pick a date in the date field, or map one such as 2026-03-01');
		return undefined;
	}
	return parsed.dateTime;
}

/**
 * The calendar day (`YYYY-MM-DD`) of a date parameter value in the workflow's time zone: `2026-03-01T00:30:00`
 * picked in a workflow on Europe/Helsinki is `2026-03-01`, and so is `2026-02-28T22:30:00Z`. Returns `''` when the
 * value is empty (unless `required`). Throws `NodeOperationError` naming `label` and the item when it is not a date
 * or is empty and required (before any request).
 */
export function readCalendarDate(ctx: DateContext, value: unknown, label: string, itemIndex: number, options: DateOptions = {}): string {
	return parseOrThrow(ctx, value, label, itemIndex, options)?.toISODate() ?? '';
}

/**
 * A date parameter value as an instant in ISO 8601 UTC to the second (`2026-01-31T10:00:00Z`); a value without a
 * zone is read in the workflow's time zone, a day alone is its start there. Returns `''` when the value is empty
 * (unless `required`). Throws `NodeOperationError` naming `label` and the item when it is not a date.
 */
export function readUtcDateTime(ctx: DateContext, value: unknown, label: string, itemIndex: number, options: DateOptions = {}): string {
	const dateTime = parseOrThrow(ctx, value, label, itemIndex, options);
	return dateTime ? dateTime.toUTC().set({ millisecond: 0 }).toISO({ suppressMilliseconds: true }) ?? '' : '';
}

/** Today's calendar day (`YYYY-MM-DD`) in the workflow's time zone. */
export function todayIn(ctx: Pick<IExecuteFunctions, 'getTimezone'>): string {
	return DateTime.now().setZone(ctx.getTimezone()).toISODate() ?? '';
}

/** Easter Sunday of `year` (Gregorian; Meeus/Jones/Butcher) as a luxon date in UTC. */
function easter(year: number): DateTime {
	const a = year % 19;
	const b = Math.floor(year / 100);
	const c = year % 100;
	const d = Math.floor(b / 4);
	const e = b % 4;
	const f = Math.floor((b + 8) / 25);
	const g = Math.floor((b - f + 1) / 3);
	const h = (19 * a + b - d - g + 15) % 30;
	const i = Math.floor(c / 4);
	const k = c % 4;
	const l = (32 + 2 * e + 2 * i - h - k) % 7;
	const m = Math.floor((a + 11 * h + 22 * l) / 451);
	const month = Math.floor((h + l - 7 * m + 114) / 31);
	return DateTime.utc(year, month, ((h + l - 7 * m + 114) % 31) + 1);
}

/**
 * Whether the calendar day `day` (`YYYY-MM-DD`) is a SEPA business day: Monday to Friday and not a TARGET2 closing
 * day (1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December). Zertiban's scheduled payments need one
 * (docs/zertiban.md §6.1: at least one business day ahead).
 */
export function isSepaBusinessDay(day: string): boolean {
	const date = DateTime.fromISO(day, { zone: 'utc' });
	if (!date.isValid || date.weekday > 5) return false;
	if (['01-01', '05-01', '12-25', '12-26'].includes(day.slice(5))) return false;
	const sunday = easter(date.year);
	return !date.hasSame(sunday.minus({ days: 2 }), 'day') && !date.hasSame(sunday.plus({ days: 1 }), 'day');
}

/** The first SEPA business day ({@link isSepaBusinessDay}) after the calendar day `day` (`YYYY-MM-DD`). */
export function nextSepaBusinessDay(day: string): string {
	let date = DateTime.fromISO(day, { zone: 'utc' });
	do date = date.plus({ days: 1 });
	while (!isSepaBusinessDay(date.toISODate() ?? ''));
	return date.toISODate() ?? '';
}

/** Today's calendar day (`YYYY-MM-DD`) in the IANA time zone `zone`. */
export function todayInZone(zone: string): string {
	return DateTime.now().setZone(zone).toISODate() ?? '';
}
