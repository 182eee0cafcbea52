import { checkFinnishBusinessId, checkIsoDate, checkLanguageCode } from '../../nodes/Cfis/validators';
import { checkUuid } from '../../nodes/Zertiban/validators';
import { checkCountryCode, checkCurrencyCode, checkEmail } from '../../nodes/shared/validators';

describe('checkFinnishBusinessId', () => {
	it.each(['0737546-2', '2331972-7', '0112038-9', '1572860-0'])('accepts the valid business ID %s', (id) => {
		expect(checkFinnishBusinessId(id)).toBeUndefined();
	});

	it('names the check digit and the expected value when it is wrong', () => {
		expect(checkFinnishBusinessId('2331972-8')).toBe('"2331972-8" has a wrong check digit (position 9): expected 7');
	});

	it('refuses the vendor docs example 123456-7 (six digits) by shape', () => {
		expect(checkFinnishBusinessId('123456-7')).toMatch(/not a Finnish business ID/);
	});

	it('refuses seven digits whose remainder is 1 (no check digit exists)', () => {
		// find seven digits whose weighted sum leaves remainder 1
		const noDigit = Array.from({ length: 10_000 }, (_, n) => String(n).padStart(7, '0')).find((digits) => {
			const weights = [7, 9, 10, 5, 8, 4, 2];
			return [...digits].reduce((s, d, i) => s + Number(d) * weights[i], 0) % 11 === 1;
		});
		expect(noDigit).toBeDefined();
		expect(checkFinnishBusinessId(`${noDigit}-0`)).toMatch(/no check digit fits/);
	});

	it('with checkDigit false checks the shape only', () => {
		expect(checkFinnishBusinessId('2331972-8', { checkDigit: false })).toBeUndefined();
		expect(checkFinnishBusinessId('2331972', { checkDigit: false })).toMatch(/not a Finnish business ID/);
	});
});

describe('other field checks', () => {
	it('UUIDs: canonical form only', () => {
		expect(checkUuid('94BA8750-b772-4ca1-91b0-1c8a658a6175')).toBeUndefined();
		expect(checkUuid('94ba8750b7724ca191b01c8a658a6175')).toMatch(/not a UUID/);
		expect(checkUuid('')).toMatch(/is empty/);
	});

	it('country, language and e-mail', () => {
		expect(checkCountryCode('FI')).toBeUndefined();
		expect(checkCountryCode('fi')).toMatch(/upper-case/);
		expect(checkCountryCode('FIN')).toMatch(/two-letter/);
		expect(checkCountryCode('XX')).toMatch(/not an ISO 3166-1 country code/);
		expect(checkCountryCode('UK')).toMatch(/not an ISO 3166-1 country code/); // GB is the code
		expect(checkLanguageCode('en')).toBeUndefined();
		expect(checkLanguageCode('eng')).toMatch(/two-letter/);
		expect(checkEmail('a@b.fi')).toBeUndefined();
		expect(checkEmail('a@b')).toMatch(/not an e-mail/);
	});

	it('languages are ISO 639-1 in either case, with DK as the CFIS docs write Danish (docs/cfis.md §8); FIN and XX are refused', () => {
		for (const code of ['FI', 'SV', 'NO', 'EN', 'DK', 'da', 'fi']) expect(checkLanguageCode(code)).toBeUndefined();
		expect(checkLanguageCode('FIN')).toMatch(/two-letter/);
		expect(checkLanguageCode('XX')).toMatch(/not an ISO 639-1 language code/);
		expect(checkLanguageCode('iw')).toMatch(/not an ISO 639-1 language code/); // withdrawn: he
	});

	it('e-mail addresses follow the W3C pattern with a dotted host (docs/cfis.md §8)', () => {
		for (const good of ["o'brien+ap@acme.fi", 'AP@Sub.Acme-Group.fi', 'a.b@c.d']) expect(checkEmail(good)).toBeUndefined();
		for (const bad of ['ap acme@acme.fi', 'äp@acme.fi', 'ap@-acme.fi', 'ap@acme-.fi', 'ap@@acme.fi', 'ap@acme..fi', '@acme.fi', 'ap@']) {
			expect({ bad, problem: checkEmail(bad) }).toEqual({ bad, problem: expect.stringMatching(/not an e-mail/) });
		}
	});
});

describe('currency codes and ISO dates', () => {
	it.each(['EUR', 'USD', 'SEK', 'GBP'])('accepts the ISO 4217 code %s', (code) => {
		expect(checkCurrencyCode(code)).toBeUndefined();
	});

	it.each([
		['eur', /three-letter upper-case/],
		['EURO', /three-letter upper-case/],
		['ABC', /not an ISO 4217 currency code/],
	])('refuses %s', (code, reason) => {
		expect(checkCurrencyCode(code)).toMatch(reason);
	});

	it('accepts existing days, leap days included', () => {
		expect(checkIsoDate('2026-11-21')).toBeUndefined();
		expect(checkIsoDate('2028-02-29')).toBeUndefined();
		// ISO 8601 years 0000-0099 are years, not 1900-1999 (0000 is a leap year, 0100 is not).
		expect(checkIsoDate('0050-01-01')).toBeUndefined();
		expect(checkIsoDate('0000-02-29')).toBeUndefined();
	});

	it.each([
		['2026-02-29', /no such day/],
		['0100-02-29', /no such day/],
		['2026-13-01', /no such day/],
		['2026-11-21T10:00:00Z', /YYYY-MM-DD/],
		['21.11.2026', /YYYY-MM-DD/],
	])('refuses %s', (value, reason) => {
		expect(checkIsoDate(value)).toMatch(reason);
	});
});
