/**
 * Date parameters read in the workflow's time zone (nodes/shared/dates.ts): the day a date field sends is
 * the day in the workflow's zone, not in UTC, whatever form the value comes in (date picker, ISO text with or
 * without zone, luxon DateTime from an expression, JavaScript Date, text saved before the fields were date pickers).
 */
import { DateTime } from 'luxon';
import type { INode } from 'n8n-workflow';

import { parseDateValue, readCalendarDate, readUtcDateTime } from '../../nodes/shared/dates';

const node: INode = { id: 'n', name: 'Node', type: 'n8n-nodes-zertiban-cfis.cfis', typeVersion: 1, position: [0, 0], parameters: {} };
const inZone = (zone: string) => ({ getTimezone: () => zone, getNode: () => node });
const helsinki = inZone('Europe/Helsinki');
const utc = inZone('UTC');

describe('readCalendarDate: the day in the workflow time zone', () => {
	it('2026-03-01T00:30 picked in a Europe/Helsinki workflow is 2026-03-01, not 2026-02-28', () => {
		expect(readCalendarDate(helsinki, '2026-03-01T00:30:00', 'Payment Date', 0)).toBe('2026-03-01');
		// the same wall-clock time in a UTC workflow is the same day: only the zone-less reading changed
		expect(readCalendarDate(utc, '2026-03-01T00:30:00', 'Payment Date', 0)).toBe('2026-03-01');
	});

	it('an instant with a zone is shown in the workflow zone to find its day', () => {
		expect(readCalendarDate(helsinki, '2026-02-28T22:30:00Z', 'Payment Date', 0)).toBe('2026-03-01');
		expect(readCalendarDate(utc, '2026-02-28T22:30:00Z', 'Payment Date', 0)).toBe('2026-02-28');
		expect(readCalendarDate(helsinki, '2026-02-28T23:30:00+01:00', 'Payment Date', 0)).toBe('2026-03-01');
		expect(readCalendarDate(inZone('America/New_York'), '2026-03-01T03:00:00Z', 'Payment Date', 0)).toBe('2026-02-28');
	});

	it('accepts a luxon DateTime (e.g. {{ $now }}) and a JavaScript Date as instants', () => {
		const lateUtc = DateTime.fromISO('2026-02-28T22:30:00', { zone: 'UTC' });
		expect(readCalendarDate(helsinki, lateUtc, 'Due Date', 0)).toBe('2026-03-01');
		expect(readCalendarDate(helsinki, DateTime.fromISO('2026-03-01T00:30:00', { zone: 'Europe/Helsinki' }), 'Due Date', 0)).toBe('2026-03-01');
		expect(readCalendarDate(helsinki, new Date(Date.UTC(2026, 1, 28, 22, 30)), 'Due Date', 0)).toBe('2026-03-01');
		expect(readCalendarDate(utc, new Date(Date.UTC(2026, 1, 28, 22, 30)), 'Due Date', 0)).toBe('2026-02-28');
	});

	it('keeps text saved before the fields were date pickers: YYYY-MM-DD is that day in any zone', () => {
		for (const zone of ['Europe/Helsinki', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
			expect(readCalendarDate(inZone(zone), '2026-11-21', 'Invoice Date', 3)).toBe('2026-11-21');
			expect(readCalendarDate(inZone(zone), ' 2028-02-29 ', 'Invoice Date', 3)).toBe('2028-02-29');
		}
	});

	it('empty is "" unless required; required and empty names field and item', () => {
		for (const empty of ['', '   ', undefined, null]) expect(readCalendarDate(helsinki, empty, 'Booking Date', 0)).toBe('');
		expect(() => readCalendarDate(helsinki, '', 'Payment Date', 4, { required: true })).toThrow(
			'Invalid Payment Date in item 4: Payment Date is empty; pick a date in the date field, or map one such as 2026-03-01',
		);
	});

	it('refuses what is not a date, naming the field and the item', () => {
		expect(() => readCalendarDate(helsinki, '2026-02-30', 'Due Date', 2)).toThrow('Invalid Due Date in item 2: Due Date "2026-02-30" is not a calendar date (no such day)');
		expect(() => readCalendarDate(helsinki, '01.03.2026', 'Due Date', 0)).toThrow(
			'Invalid Due Date in item 0: Due Date "01.03.2026" is not a whole date (year, month and day): pick it in the date field, or give YYYY-MM-DD such as 2026-03-01 or an ISO 8601 date and time such as 2026-03-01T09:30:00',
		);
		expect(() => readCalendarDate(helsinki, 20260301, 'Due Date', 1)).toThrow('Invalid Due Date in item 1: Due Date is a number, not a date');
		for (const partial of ['2030', '2030-05', '09:30', 'T09:30', '2030-W10', '2030-100', '20300301']) {
			expect(() => readCalendarDate(helsinki, partial, 'Due Date', 6)).toThrow(`Invalid Due Date in item 6: Due Date "${partial}" is not a whole date (year, month and day)`);
		}
		expect(() => readCalendarDate(helsinki, DateTime.invalid('bad input'), 'Due Date', 0)).toThrow(/^Invalid Due Date in item 0: Due Date is not a valid date/);
	});
});

describe('readUtcDateTime: an instant as ISO 8601 UTC', () => {
	it('reads a zone-less time in the workflow zone (Helsinki is UTC+2 in winter, +3 in summer)', () => {
		expect(readUtcDateTime(helsinki, '2026-03-01T00:30:00', 'Created After', 0)).toBe('2026-02-28T22:30:00Z');
		expect(readUtcDateTime(helsinki, '2026-07-01T00:30:00', 'Created After', 0)).toBe('2026-06-30T21:30:00Z');
		expect(readUtcDateTime(utc, '2026-03-01T00:30:00', 'Created After', 0)).toBe('2026-03-01T00:30:00Z');
	});

	it('keeps the instant of a value with a zone, drops milliseconds, and reads a day as its start in the zone', () => {
		expect(readUtcDateTime(helsinki, '2026-03-01T00:30:00.789+05:00', 'Created Before', 0)).toBe('2026-02-28T19:30:00Z');
		expect(readUtcDateTime(helsinki, '2026-03-01', 'Created Before', 0)).toBe('2026-02-28T22:00:00Z');
		expect(readUtcDateTime(helsinki, '2026-03-01 00:30:00', 'Created Before', 0)).toBe('2026-02-28T22:30:00Z');
		expect(readUtcDateTime(helsinki, DateTime.fromISO('2026-03-01T00:30:00', { zone: 'Asia/Tokyo' }), 'Created Before', 0)).toBe('2026-02-28T15:30:00Z');
		expect(readUtcDateTime(helsinki, '', 'Created Before', 0)).toBe('');
	});

	it('refuses what is not a date, naming the field and the item', () => {
		expect(() => readUtcDateTime(helsinki, 'yesterday', 'Status Updated After', 5)).toThrow(/^Invalid Status Updated After in item 5: Status Updated After "yesterday" is not a whole date/);
		expect(() => readUtcDateTime(helsinki, '09:30', 'Created After', 1)).toThrow(/^Invalid Created After in item 1: Created After "09:30" is not a whole date \(year, month and day\)/);
		expect(() => readUtcDateTime(helsinki, '2030', 'Created After', 2)).toThrow(/^Invalid Created After in item 2: Created After "2030" is not a whole date/);
	});
});

describe('parseDateValue', () => {
	it('returns the value in the workflow zone, never throws', () => {
		const parsed = parseDateValue('2026-03-01T00:30:00', 'Europe/Helsinki');
		expect('dateTime' in parsed && parsed.dateTime.toISO()).toBe('2026-03-01T00:30:00.000+02:00');
		expect(parseDateValue({}, 'Europe/Helsinki')).toEqual({ problem: expect.stringMatching(/^is an object, not a date/) });
	});
});
