/** dateWindows (nodes/Cfis/transport/listing.ts): a long period as consecutive 30-day windows, no gap and no overlap. */
import fc from 'fast-check';

import { dateWindows } from '../../nodes/Cfis/transport/listing';

const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('dateWindows', () => {
	it('splits 61 days into [−60, −31], [−30, −1], [0, 0]', () => {
		expect(dateWindows('2026-01-01', '2026-03-02')).toEqual([
			{ from: '2026-01-01', to: '2026-01-30' },
			{ from: '2026-01-31', to: '2026-03-01' },
			{ from: '2026-03-02', to: '2026-03-02' },
		]);
		expect(dateWindows('2026-01-01', '2026-01-01')).toEqual([{ from: '2026-01-01', to: '2026-01-01' }]);
	});

	it('property: every day of the period is in exactly one window, windows are at most 30 days and in order', () => {
		const start = Date.UTC(2020, 0, 1);
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 400 }), (offset, length) => {
				const from = dayOf(start + offset * DAY);
				const to = dayOf(start + (offset + length) * DAY);
				const windows = dateWindows(from, to);
				const days = windows.flatMap((w) => {
					const span = (Date.parse(w.to) - Date.parse(w.from)) / DAY + 1;
					expect(span).toBeGreaterThanOrEqual(1);
					expect(span).toBeLessThanOrEqual(30);
					return Array.from({ length: span }, (_, i) => dayOf(Date.parse(w.from) + i * DAY));
				});
				const expected = Array.from({ length: length + 1 }, (_, i) => dayOf(start + (offset + i) * DAY));
				expect(days).toEqual(expected);
			}),
		);
	});
});
