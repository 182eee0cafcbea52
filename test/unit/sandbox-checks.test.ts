/**
 * The sandbox's own CFIS checks (sandbox/cfis/checks.ts, written from cfis.md §8.1 without the node's code) on the
 * contract's worked examples, and against the node's checks (nodes/shared/validators.ts) on generated values: the
 * two were derived separately, so a disagreement points at a defect on one side. Both receive values without
 * surrounding spaces (the node trims its input before checking and sending).
 */
import fc from 'fast-check';

import {
	businessIdProblem,
	countryProblem,
	currencyProblem,
	dateProblem,
	emailProblem,
	finnishIbanProblem,
	ibanProblem,
	languageProblem,
	ledgerBalanceProblem,
	paymentReferenceProblem,
	postalCodeProblem,
} from '../../sandbox/cfis/checks';
import { businessDayAfter, isBusinessDay } from '../../sandbox/zertiban/draft';
import { isSepaBusinessDay, nextSepaBusinessDay } from '../../nodes/shared/dates';
import { checkFinnishBusinessId, checkIban, checkIsoDate, checkLanguageCode, checkPaymentReference, checkPostalCode, creditorReferenceCheckDigits } from '../../nodes/Cfis/validators';
import { checkCountryCode, checkCurrencyCode, checkEmail } from '../../nodes/shared/validators';

const strict = { strict: true };
const ok = (problem: string | undefined) => problem === undefined;
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));

describe('sandbox checks on the contract examples (cfis.md §8.1)', () => {
	it('business ID: 0646115-8 is valid, 0646115-7 has a wrong check digit, the doc example 123456-7 is malformed', () => {
		expect(businessIdProblem('0646115-8', strict)).toBeUndefined();
		expect(businessIdProblem('0646115-7', strict)).toBe('has a wrong check digit');
		expect(businessIdProblem('123456-7')).toMatch(/Finnish business ID/);
		expect(businessIdProblem('0646115-7')).toBeUndefined();
	});

	it('payment references: 1337109 and 8090801781763 valid, the doc example 2516000017 not; RF check digits by mod 97', () => {
		for (const good of ['1337109', '8090801781763', '13371 09', 'RF18539007547034', 'RF18 5390 0754 7034']) expect(paymentReferenceProblem(good, strict)).toBeUndefined();
		expect(paymentReferenceProblem('2516000017', strict)).toBe('has a wrong check digit');
		expect(paymentReferenceProblem('2516000013', strict)).toBeUndefined();
		expect(paymentReferenceProblem('RF71539007547034', strict)).toBe('has wrong RF check digits');
		expect(paymentReferenceProblem('2516000017')).toBeUndefined();
		expect(paymentReferenceProblem('123')).toMatch(/payment reference/);
	});

	it('IBAN: FI2112345600000785 valid, the doc example FI12345678912345678 (19 characters) malformed', () => {
		expect(finnishIbanProblem('FI21 1234 5600 0007 85', strict)).toBeUndefined();
		expect(finnishIbanProblem('FI2212345600000785', strict)).toBe('has wrong IBAN check digits');
		expect(finnishIbanProblem('FI12345678912345678')).toMatch(/Finnish IBAN/);
	});

	it('dates must exist, currencies must be ISO 4217, ledger net amounts must sum to zero in cents', () => {
		expect(dateProblem('2024-02-29')).toBeUndefined();
		expect(dateProblem('2026-02-29')).toMatch(/exists/);
		expect(dateProblem('2026-01-01T00:00:00Z')).toMatch(/YYYY-MM-DD/);
		expect(dateProblem('1900-02-29')).toMatch(/exists/);
		expect(dateProblem('2000-02-29')).toBeUndefined();
		// ISO 8601 years below 100 are dates too (the node's checkIsoDate refuses them: Date.UTC maps 0-99 to 1900-1999)
		expect(dateProblem('0050-01-01')).toBeUndefined();
		expect(dateProblem('0000-02-29')).toBeUndefined();
		expect(currencyProblem('EUR')).toBeUndefined();
		expect(currencyProblem('EURO')).toMatch(/ISO 4217/);
		expect(ledgerBalanceProblem([2382.47, -2382.47, 0.1, 0.2, -0.3])).toBeUndefined();
		expect(ledgerBalanceProblem([10, -9.99])).toBe('do not balance: they sum to 0.01, not 0.00');
	});
});

describe('sandbox and node checks agree (independent derivations)', () => {
	it('business IDs', () => {
		fc.assert(fc.property(digits(7, 7), digits(1, 1), (base, check) => {
			const id = `${base}-${check}`;
			expect(ok(businessIdProblem(id, strict))).toBe(ok(checkFinnishBusinessId(id)));
		}), { numRuns: 3000 });
	});

	it('Finnish and RF payment references, valid and corrupted', () => {
		fc.assert(fc.property(digits(1, 22), (value) => {
			expect(ok(paymentReferenceProblem(value, strict))).toBe(ok(checkPaymentReference(value)));
		}), { numRuns: 3000 });
		fc.assert(fc.property(fc.stringMatching(/^[0-9A-Z]{1,21}$/), digits(2, 2), (body, wrong) => {
			for (const value of [`RF${creditorReferenceCheckDigits(body)}${body}`, `RF${wrong}${body}`]) {
				expect(ok(paymentReferenceProblem(value, strict))).toBe(ok(checkPaymentReference(value)));
			}
		}), { numRuns: 3000 });
	});

	it('Finnish IBANs', () => {
		fc.assert(fc.property(digits(16, 16), (rest) => {
			expect(ok(finnishIbanProblem(`FI${rest}`, strict))).toBe(ok(checkIban(`FI${rest}`)));
		}), { numRuns: 3000 });
	});

	it('dates (years 0100-9999; below, see the example test) and currency codes', () => {
		fc.assert(fc.property(fc.stringMatching(/^[1-9]\d{3}-\d{2}-\d{2}$|^0[1-9]\d{2}-\d{2}-\d{2}$/), (value) => {
			expect(ok(dateProblem(value))).toBe(ok(checkIsoDate(value)));
		}), { numRuns: 3000 });
		fc.assert(fc.property(fc.stringMatching(/^[A-Z]{3}$/), (value) => {
			expect(ok(currencyProblem(value))).toBe(ok(checkCurrencyCode(value)));
		}), { numRuns: 1000 });
	});
});

describe('sandbox and node agree on the §8 formats and the SEPA calendar (independent derivations)', () => {
	it('country and language codes: every two-letter code, either case', () => {
		const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
		for (const a of letters) {
			for (const b of letters) {
				for (const code of [`${a}${b}`, `${a}${b}`.toLowerCase(), `${a}${b.toLowerCase()}`]) {
					expect({ code, country: ok(countryProblem(code)), language: ok(languageProblem(code)) }).toEqual({
						code,
						country: ok(checkCountryCode(code)),
						language: ok(checkLanguageCode(code)),
					});
				}
			}
		}
		for (const code of ['FIN', 'fin', 'F', '']) expect([ok(countryProblem(code)), ok(languageProblem(code))]).toEqual([false, false]);
	});

	it('e-mail addresses, generated from a mix of valid and invalid characters', () => {
		const part = fc.stringMatching(/^[a-zA-Z0-9.+_'@ äö-]{0,12}$/);
		fc.assert(fc.property(part, part, fc.constantFrom('', '.fi', '.com', '-x.fi', '..fi'), (local, host, tail) => {
			const value = `${local}@${host}${tail}`;
			expect(ok(emailProblem(value))).toBe(ok(checkEmail(value)));
		}), { numRuns: 5000 });
	});

	it('IBANs of the Nordic countries and Spain with right and wrong check digits', () => {
		for (const [country, length] of [['FI', 18], ['SE', 24], ['NO', 15], ['DK', 18], ['ES', 24]] as const) {
			fc.assert(fc.property(digits(length - 2, length - 2), (rest) => {
				const value = `${country}${rest}`;
				expect(ok(ibanProblem(value))).toBe(ok(checkIban(value)));
			}), { numRuns: 1000 });
		}
	});

	it('postal codes against their country', () => {
		fc.assert(fc.property(fc.constantFrom('FI', 'SE', 'NO', 'DK', 'ES', 'DE'), fc.stringMatching(/^[0-9 A-Z-]{1,11}$/), (country, code) => {
			expect(ok(postalCodeProblem(code, country))).toBe(ok(checkPostalCode(code, country)));
		}), { numRuns: 5000 });
	});

	it('SEPA business days and the next one, day by day over 2026-2031 (weekends, 1 Jan, Easter, 1 May, Christmas)', () => {
		let day = '2026-01-01';
		while (day < '2032-01-01') {
			expect({ day, business: isSepaBusinessDay(day), next: nextSepaBusinessDay(day) }).toEqual({ day, business: isBusinessDay(day), next: businessDayAfter(day) });
			day = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
		}
		expect(isSepaBusinessDay('2026-04-03')).toBe(false); // Good Friday 2026
		expect(isSepaBusinessDay('2026-04-06')).toBe(false); // Easter Monday 2026
		expect(nextSepaBusinessDay('2026-12-24')).toBe('2026-12-28');
	});
});
