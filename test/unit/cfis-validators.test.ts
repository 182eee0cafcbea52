/**
 * The CFIS validators (nodes/shared/validators.ts, docs/cfis.md §8.1) against known-valid and known-invalid values, and
 * property-based tests (fast-check): every generated valid value passes, and every single-character substitution
 * that the algorithm is proven to detect fails.
 *
 * What "proven to detect" means per algorithm (stated honestly; other corruptions may pass by chance):
 * - Finnish reference 7-3-1: a changed digit at a position of weight w changes the weighted sum by w·Δ with
 *   w ∈ {7,3,1} coprime to 10 and 0 < |Δ| ≤ 9, so the sum mod 10 changes: EVERY single-digit substitution
 *   (check digit included) is detected. NOT detected: e.g. swapping adjacent digits that differ by 5.
 * - Y-tunnus / FI VAT (mod 11, weights 7,9,10,5,8,4,2): each weight is coprime to 11 and |Δ| ≤ 9 < 11, so every
 *   single-digit substitution moves the remainder; distinct remainders give distinct check digits (or none).
 * - RF reference and IBAN (ISO 7064 MOD 97-10): a digit→digit change alters the number by Δ·10^k (|Δ| ≤ 9) and a
 *   letter→letter change by Δ·10^k (|Δ| ≤ 25); 97 is prime and divides neither, so these are always detected.
 *   A letter↔digit substitution changes the length of the numeric string: MOD 97 misses about 1 in 97 of them.
 * - IBAN of a country whose account number is digits only (FI, DE, … `DIGITS_ONLY_BBAN`): a letter after the
 *   country code fails the shape check and a letter in the check digits fails the IBAN shape, so with MOD 97 EVERY
 *   substitution by any other character of [0-9A-Z], at any position, is detected.
 * - RF reference (letters and digits in its body): NOT every letter↔digit substitution is detected (renegotiated
 *   requirement; a test shows one that passes). Only same-class substitutions are claimed.
 * Any substitution by a character outside the allowed alphabet fails the shape check; that is tested too.
 */
import fc from 'fast-check';

import { checkCreditorReference, checkDecimalAmount, checkDueDate, checkFinnishBusinessId, checkFinnishReference, checkFinnishVatNumber, checkIban, checkLedgerBalance, checkPaymentReference, creditorReferenceCheckDigits, finnishBusinessIdCheckDigit, finnishReferenceCheckDigit } from '../../nodes/Cfis/validators';

const digits = (min: number, max: number) =>
	fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
const alnum = (min: number, max: number) =>
	fc.array(fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'), { minLength: min, maxLength: max }).map((a) => a.join(''));

/** A position and a different character of the same class (digit for digit, letter for letter). */
function substitutions(value: string, from: number) {
	return fc
		.record({ position: fc.integer({ min: from, max: value.length - 1 }), pick: fc.integer({ min: 1, max: 25 }) })
		.map(({ position, pick }) => {
			const old = value[position];
			const alphabet = /\d/.test(old) ? '0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
			const next = alphabet[(alphabet.indexOf(old) + (pick % (alphabet.length - 1)) + 1) % alphabet.length];
			return value.slice(0, position) + next + value.slice(position + 1);
		});
}

/** A position at or after `from` and any other character of [0-9A-Z] (letters and digits mixed). */
function anySubstitution(value: string, from: number) {
	const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
	return fc
		.record({ position: fc.integer({ min: from, max: value.length - 1 }), pick: fc.integer({ min: 1, max: alphabet.length - 1 }) })
		.map(({ position, pick }) => value.slice(0, position) + alphabet[(alphabet.indexOf(value[position]) + pick) % alphabet.length] + value.slice(position + 1));
}

const validReference = digits(3, 19).map((base) => base + finnishReferenceCheckDigit(base));
const validBusinessDigits = digits(7, 7).filter((d) => finnishBusinessIdCheckDigit(d) !== undefined);
const validRf = alnum(1, 21).map((body) => `RF${creditorReferenceCheckDigits(body)}${body}`);
const ibanOf = (country: string, bban: string) => {
	const check = String(98 - Number(BigInt([...`${bban}${country}00`].map((c) => (/[A-Z]/.test(c) ? c.charCodeAt(0) - 55 : c)).join('')) % 97n));
	return `${country}${check.padStart(2, '0')}${bban}`;
};
const validFiIban = digits(14, 14).map((bban) => ibanOf('FI', bban));
const validDeIban = digits(18, 18).map((bban) => ibanOf('DE', bban));

describe('Finnish payment reference (7-3-1)', () => {
	it.each(['1337109', '8090801781763', '13371 09', '1232'])('accepts %s', (value) => {
		expect(checkFinnishReference(value)).toBeUndefined();
	});
	it('refuses the vendor example 2516000017 naming the position and the expected digit', () => {
		expect(checkFinnishReference('2516000017')).toBe('"2516000017" has a wrong check digit at position 10: expected 3');
	});
	it('refuses a wrong shape, and with checkDigit false checks only the shape', () => {
		expect(checkFinnishReference('123')).toMatch(/4 to 20 digits/);
		expect(checkFinnishReference('12A4567')).toMatch(/not a Finnish payment reference/);
		expect(checkFinnishReference('2516000017', { checkDigit: false })).toBeUndefined();
	});
	it('property: every generated valid reference passes', () => {
		fc.assert(fc.property(validReference, (ref) => checkFinnishReference(ref) === undefined));
	});
	it('property: every single-digit substitution (any position, check digit included) fails', () => {
		fc.assert(fc.property(validReference.chain((ref) => substitutions(ref, 0)), (bad) => checkFinnishReference(bad) !== undefined));
	});
	it('property: a non-digit at any position fails', () => {
		fc.assert(
			fc.property(validReference, fc.nat(), fc.constantFrom('A', '-', '.', 'x'), (ref, at, char) => {
				const i = at % ref.length;
				return checkFinnishReference(ref.slice(0, i) + char + ref.slice(i + 1)) !== undefined;
			}),
		);
	});
	it('documents the known blind spot: an adjacent transposition of digits differing by 5 can pass', () => {
		// weights 7 and 3 (adjacent from the right): (7 − 3)·5 = 20 ≡ 0 (mod 10)
		const base = '105';
		const valid = base + finnishReferenceCheckDigit(base);
		const swapped = '150' + valid[3];
		expect(checkFinnishReference(valid)).toBeUndefined();
		expect(checkFinnishReference(swapped)).toBeUndefined();
	});
});

describe('RF creditor reference (ISO 11649)', () => {
	it.each(['RF18539007547034', 'RF18 5390 0754 7034', 'rf18539007547034', 'RF712348231'])('accepts %s', (value) => {
		expect(checkCreditorReference(value)).toBeUndefined();
	});
	it('refuses wrong check digits naming positions 3-4 and the expected digits', () => {
		expect(checkCreditorReference('RF19539007547034')).toBe('"RF19539007547034" has wrong check digits at positions 3-4: expected 18');
	});
	it('refuses a wrong shape; checkDigit false skips the mod-97 check', () => {
		expect(checkCreditorReference('RF1')).toMatch(/not an RF creditor reference/);
		expect(checkCreditorReference('RF18' + 'A'.repeat(22))).toMatch(/not an RF creditor reference/);
		expect(checkCreditorReference('RF19539007547034', { checkDigit: false })).toBeUndefined();
	});
	it('property: every generated valid RF reference passes', () => {
		fc.assert(fc.property(validRf, (ref) => checkCreditorReference(ref) === undefined));
	});
	it('property: every same-class (digit→digit, letter→letter) substitution after "RF" fails; MOD 97 does not catch every letter↔digit one', () => {
		fc.assert(fc.property(validRf.chain((ref) => substitutions(ref, 2)), (bad) => checkCreditorReference(bad) !== undefined));
	});
	it('a letter↔digit substitution that MOD 97 cannot see passes (the limit of ISO 11649, stated, not hidden)', () => {
		// position 13: 7 → K keeps the remainder 1 mod 97; the body may hold letters, so no shape check can help
		expect(checkCreditorReference('RF1853900754K034')).toBeUndefined();
	});
	it('checkPaymentReference picks the RF or the Finnish rule by prefix', () => {
		expect(checkPaymentReference('RF18539007547034')).toBeUndefined();
		expect(checkPaymentReference('1337109')).toBeUndefined();
		expect(checkPaymentReference('1337108')).toMatch(/position 7: expected 9/);
	});
});

describe('IBAN (mod 97)', () => {
	it.each(['FI2112345600000785', 'FI21 1234 5600 0007 85', 'DE89370400440532013000', 'SE4550000000058398257466'])('accepts %s', (value) => {
		expect(checkIban(value)).toBeUndefined();
	});
	it('refuses the vendor example (19 characters) by length', () => {
		expect(checkIban('FI12345678912345678')).toBe('"FI12345678912345678" has 19 characters; a FI IBAN has 18');
	});
	it('names positions 3-4 and the expected check digits', () => {
		expect(checkIban('FI2212345600000785')).toBe('"FI2212345600000785" has wrong check digits at positions 3-4: expected 21');
		expect(checkIban('FI2212345600000785', { checkDigit: false })).toBeUndefined();
	});
	it('property: every generated valid FI and DE IBAN passes', () => {
		fc.assert(fc.property(fc.oneof(validFiIban, validDeIban), (iban) => checkIban(iban) === undefined));
	});
	it('refuses a letter in a digits-only account number, also where MOD 97 alone would accept it', () => {
		// FI211234A600000785 is 1 mod 97 (6 → A at position 9); a FI account number has no letters
		expect(checkIban('FI211234A600000785')).toBe('"FI211234A600000785" has the letter A at position 9; a FI IBAN has only digits after the country code');
		expect(checkIban('FI21 1234 56J0 0007 85')).toBe('"FI21 1234 56J0 0007 85" has the letter J at position 13; a FI IBAN has only digits after the country code');
		expect(checkIban('FI211234A600000785', { checkDigit: false })).toMatch(/only digits/); // a shape, not a check digit
		expect(checkIban('NL91ABNA0417164300')).toBeUndefined(); // a country whose account number has letters
	});
	it('property: for FI and DE IBANs, every substitution by any other character of [0-9A-Z], at any position, fails', () => {
		fc.assert(
			fc.property(fc.oneof(validFiIban, validDeIban).chain((iban) => anySubstitution(iban, 0)), (bad) => checkIban(bad) !== undefined),
			{ numRuns: 2000 },
		);
	});
});

describe('Finnish business ID and VAT number (mod 11)', () => {
	it('VAT: accepts FI + the business ID digits, names position 10 when the check digit is wrong', () => {
		expect(checkFinnishVatNumber('FI23319727')).toBeUndefined();
		expect(checkFinnishVatNumber('FI06461158')).toBeUndefined();
		expect(checkFinnishVatNumber('FI23319728')).toBe('"FI23319728" has a wrong check digit at position 10: expected 7');
		expect(checkFinnishVatNumber('FI1234567')).toMatch(/not a Finnish VAT number/); // vendor example
		expect(checkFinnishVatNumber('FI23319728', { checkDigit: false })).toBeUndefined();
	});
	it('property: generated valid business IDs and VAT numbers pass', () => {
		fc.assert(
			fc.property(validBusinessDigits, (d) => {
				const check = finnishBusinessIdCheckDigit(d);
				return checkFinnishBusinessId(`${d}-${check}`) === undefined && checkFinnishVatNumber(`FI${d}${check}`) === undefined;
			}),
		);
	});
	it('property: every single-digit substitution of a business ID or VAT number fails', () => {
		const ids = validBusinessDigits.map((d) => `${d}-${finnishBusinessIdCheckDigit(d)}`);
		fc.assert(fc.property(ids.chain((id) => substitutions(id, 0)).filter((s) => s[7] === '-'), (bad) => checkFinnishBusinessId(bad) !== undefined));
		const vats = validBusinessDigits.map((d) => `FI${d}${finnishBusinessIdCheckDigit(d)}`);
		fc.assert(fc.property(vats.chain((vat) => substitutions(vat, 2)), (bad) => checkFinnishVatNumber(bad) !== undefined));
	});
});

describe('dates, amounts and ledger balance', () => {
	it('due date not before the invoice date', () => {
		expect(checkDueDate('2026-12-15', '2026-12-01')).toBeUndefined();
		expect(checkDueDate('2026-12-01', '2026-12-01')).toBeUndefined();
		expect(checkDueDate('2026-11-30', '2026-12-01')).toBe('2026-11-30 is before the invoice date 2026-12-01');
	});
	it('amounts in currency units with at most 2 decimals', () => {
		expect(checkDecimalAmount(100.25)).toBeUndefined();
		expect(checkDecimalAmount(100.255)).toMatch(/more than 2 decimals/);
		expect(checkDecimalAmount(0.1 + 0.2)).toBeUndefined(); // float noise of 0.30
		expect(checkDecimalAmount(-1)).toMatch(/negative/);
		expect(checkDecimalAmount(-1, { allowNegative: true })).toBeUndefined();
	});
	it('ledger rows balance in cents (the vendor example: 2990.00 gross at 25.5 %)', () => {
		expect(checkLedgerBalance([2382.47, 607.53, -2990])).toBeUndefined();
		expect(checkLedgerBalance([0.1, 0.2, -0.3])).toBeUndefined(); // float noise is not an imbalance
		expect(checkLedgerBalance([2382.47, 607.53, -2990.01])).toBe('do not balance: the net amounts sum to -0.01, not 0.00');
	});
});
