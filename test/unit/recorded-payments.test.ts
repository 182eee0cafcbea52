import { alreadyRecorded } from '../../nodes/Cfis/actions/recordedPayments';

describe('alreadyRecorded (the guard behind Skip Payments Already Recorded)', () => {
	const paid = { amount: 0.99, date: '2026-11-20', reference: '1337109' };

	it('matches the same amount (to the cent), date and reference, whatever the float noise or padding', () => {
		expect(alreadyRecorded([{ ...paid }], [{ amount: 0.1 + 0.89, date: '2026-11-20', reference: ' 1337109 ' }])).toEqual([true]);
	});

	it('does not match another amount, date or reference, nor an empty case', () => {
		expect(alreadyRecorded([paid], [{ ...paid, amount: 1.99 }, { ...paid, date: '2026-11-21' }, { ...paid, reference: '1337112' }])).toEqual([false]);
		expect(alreadyRecorded([paid], [])).toEqual([false]);
	});

	it('uses each recorded payment once: two identical payments wanted, one recorded, the second is still sent', () => {
		expect(alreadyRecorded([paid, paid], [paid])).toEqual([true, false]);
		expect(alreadyRecorded([paid, paid], [paid, paid])).toEqual([true, true]);
	});
});
