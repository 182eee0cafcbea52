/**
 * Confirma Finance (CFIS) input checks run before any request (docs/cfis.md §5.1, §8, §8.1): Finnish business ID,
 * VAT number and payment references, IBAN, dates and their order, amounts, ledger balance, Client → Create fields.
 * Each returns a reason string when the value is bad and `undefined` when it is good, so callers can name the field
 * and the item in their own error. Positions in messages are 1-based character positions in the value as given.
 * Checks both services use are in nodes/shared/validators.ts.
 */
import { checkIso639Language, checkNumber } from '../shared/validators';

/**
 * A Finnish business ID (Y-tunnus), `NNNNNNN-C`: weights 7,9,10,5,8,4,2 over the seven digits, r = sum mod 11,
 * check digit 0 when r = 0, invalid when r = 1, else 11 − r (docs/cfis.md §8.1). With `checkDigit: false` only the
 * shape is checked.
 */
export function checkFinnishBusinessId(value: string, { checkDigit = true } = {}): string | undefined {
	const match = /^(\d{7})-(\d)$/.exec(value.trim());
	if (!match) return `"${value}" is not a Finnish business ID; expected 7 digits, a hyphen and a check digit, such as 2331972-7`;
	if (!checkDigit) return undefined;
	const weights = [7, 9, 10, 5, 8, 4, 2];
	const sum = [...match[1]].reduce((total, digit, position) => total + Number(digit) * weights[position], 0);
	const remainder = sum % 11;
	const expected = remainder === 0 ? 0 : 11 - remainder;
	if (remainder === 1) return `"${value}" is not a valid Finnish business ID: no check digit fits its first 7 digits`;
	return Number(match[2]) === expected
		? undefined
		: `"${value}" has a wrong check digit (position 9): expected ${expected}`;
}

/**
 * A calendar date in ISO 8601 extended form `YYYY-MM-DD` that exists (`2026-02-30` is refused). Time parts are
 * refused: use this for day fields (invoice date, due date, requested execution date).
 */
export function checkIsoDate(value: string): string | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
	if (!match) return `"${value}" is not a date in the form YYYY-MM-DD such as 2026-11-21`;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(0);
	date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
		? undefined
		: `"${value}" is not a calendar date (no such day)`;
}

/**
 * An ISO 639-1 language code, either case (docs/cfis.md §8: CFIS writes `FI`, `SV`, `EN`, and `DK` for Danish,
 * which ISO writes `da`; `DK` is accepted as the docs show it). `FIN` or `XX` are refused.
 */
export function checkLanguageCode(value: string): string | undefined {
	if (!/^[A-Za-z]{2}$/.test(value)) return `"${value}" is not a two-letter language code such as FI or EN`;
	return value.toUpperCase() === 'DK' ? undefined : checkIso639Language(value);
}

/** A non-empty string after trimming. */
export function checkRequired(value: string): string | undefined {
	return value.trim() === '' ? 'is required' : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Confirma Finance (CFIS) checks: Finnish VAT number, payment references, IBAN, date order, ledger balance
// (docs/cfis.md §5.1, §8, §8.1). Positions in messages are 1-based character positions in the value as given.
// ---------------------------------------------------------------------------------------------------------

/** Options of the CFIS checks: `checkDigit: false` checks only the shape (the *Skip Check Digits* option). */
export interface CheckDigitOptions {
	checkDigit?: boolean;
}

/** The Y-tunnus check digit of seven digits (docs/cfis.md §8.1), or `undefined` when none exists (remainder 1). */
export function finnishBusinessIdCheckDigit(sevenDigits: string): number | undefined {
	const weights = [7, 9, 10, 5, 8, 4, 2];
	const remainder = [...sevenDigits].reduce((sum, digit, i) => sum + Number(digit) * weights[i], 0) % 11;
	if (remainder === 1) return undefined;
	return remainder === 0 ? 0 : 11 - remainder;
}

/**
 * A Finnish VAT number: `FI` and the eight digits of the business ID without its hyphen (`FI23319727`,
 * docs/cfis.md §8.1); the last digit is the business ID's check digit (position 10).
 */
export function checkFinnishVatNumber(value: string, { checkDigit = true }: CheckDigitOptions = {}): string | undefined {
	const match = /^FI(\d{7})(\d)$/.exec(value.trim());
	if (!match) return `"${value}" is not a Finnish VAT number; expected FI and 8 digits, such as FI23319727`;
	if (!checkDigit) return undefined;
	const expected = finnishBusinessIdCheckDigit(match[1]);
	if (expected === undefined) return `"${value}" is not a valid Finnish VAT number: no check digit fits its digits 3-9`;
	return Number(match[2]) === expected ? undefined : `"${value}" has a wrong check digit at position 10: expected ${expected}`;
}

/** The 7-3-1 check digit of a Finnish reference base (digits only, 3-19 digits; docs/cfis.md §8.1). */
export function finnishReferenceCheckDigit(base: string): number {
	const weights = [7, 3, 1];
	let sum = 0;
	for (let i = base.length - 1, w = 0; i >= 0; i--, w++) sum += Number(base[i]) * weights[w % 3];
	return (10 - (sum % 10)) % 10;
}

/**
 * A Finnish payment reference (viitenumero): 4-20 digits whose last digit is the 7-3-1 check digit of the
 * others (docs/cfis.md §8.1). Spaces (print form `13371 09`) are allowed and ignored; leading zeros are kept.
 * The check-digit position in the message counts the characters as given (spaces included).
 */
export function checkFinnishReference(value: string, { checkDigit = true }: CheckDigitOptions = {}): string | undefined {
	const trimmed = value.trim();
	const digits = trimmed.replace(/ /g, '');
	if (!/^\d{4,20}$/.test(digits)) {
		return `"${value}" is not a Finnish payment reference; expected 4 to 20 digits ending in a check digit, such as 1337109`;
	}
	if (!checkDigit) return undefined;
	const expected = finnishReferenceCheckDigit(digits.slice(0, -1));
	return Number(digits[digits.length - 1]) === expected
		? undefined
		: `"${value}" has a wrong check digit at position ${trimmed.length}: expected ${expected}`;
}

/** `value` (letters and digits) as ISO 7064 MOD 97-10: letters become 10-35; the remainder of the number mod 97. */
function mod97(value: string): number {
	let remainder = 0;
	for (const char of value.toUpperCase()) {
		const code = /[A-Z]/.test(char) ? String(char.charCodeAt(0) - 55) : char;
		for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
	}
	return remainder;
}

/** The two check digits of an ISO 11649 RF reference for `body` (1-21 letters and digits). */
export function creditorReferenceCheckDigits(body: string): string {
	return String(98 - mod97(`${body}RF00`)).padStart(2, '0');
}

/**
 * An RF creditor reference (ISO 11649): `RF`, two check digits, 1-21 letters or digits; valid when the value
 * moved to `body + RF + check digits` is 1 mod 97 (docs/cfis.md §8.1). Spaces (print form) are ignored; case-insensitive.
 */
export function checkCreditorReference(value: string, { checkDigit = true }: CheckDigitOptions = {}): string | undefined {
	const compact = value.trim().replace(/ /g, '').toUpperCase();
	const match = /^RF(\d{2})([0-9A-Z]{1,21})$/.exec(compact);
	if (!match) return `"${value}" is not an RF creditor reference; expected RF, 2 check digits and up to 21 letters or digits, such as RF18539007547034`;
	if (!checkDigit) return undefined;
	return mod97(`${match[2]}RF${match[1]}`) === 1
		? undefined
		: `"${value}" has wrong check digits at positions 3-4: expected ${creditorReferenceCheckDigits(match[2])}`;
}

/** A payment reference in either form: RF creditor reference when it starts with `RF`, else Finnish 7-3-1. */
export function checkPaymentReference(value: string, options: CheckDigitOptions = {}): string | undefined {
	return /^\s*RF/i.test(value) ? checkCreditorReference(value, options) : checkFinnishReference(value, options);
}

/** IBAN lengths by country (ISO 13616 registry) for the SEPA countries CFIS and Zertiban serve. */
const IBAN_LENGTHS: Record<string, number> = {
	AD: 24, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FO: 18, FR: 27,
	GB: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20, LV: 21, MC: 27,
	MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SE: 24, SI: 19, SK: 24, SM: 27, VA: 22,
};

/**
 * Countries whose national account number (BBAN) is digits only in the ISO 13616 registry (e.g. FI `3!n11!n`, DE
 * `8!n10!n`). In these a letter can only be a corruption; MOD 97 alone misses about 1 in 97 digit→letter
 * substitutions (the numeric string gets longer), the shape check catches all of them. Countries with letters in
 * the BBAN (NL, GB, FR, IT, …) are checked by length and MOD 97 only.
 */
const DIGITS_ONLY_BBAN = new Set(['AT', 'BE', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FO', 'GL', 'HR', 'HU', 'IS', 'LT', 'NO', 'PL', 'PT', 'SE', 'SI', 'SK', 'VA']);

/**
 * An IBAN (ISO 13616): country code, two check digits, the national account number; the length fixed per country
 * (`FI` 18), digits only after the country code where the registry says so ({@link DIGITS_ONLY_BBAN}), and the
 * value moved to `rest + country + check digits` is 1 mod 97. Spaces (print form) are ignored; positions in the
 * messages count the characters as given (spaces included), from 1.
 */
export function checkIban(value: string, { checkDigit = true }: CheckDigitOptions = {}): string | undefined {
	const trimmed = value.trim();
	const compact = trimmed.replace(/ /g, '').toUpperCase();
	const match = /^([A-Z]{2})(\d{2})([0-9A-Z]{8,30})$/.exec(compact);
	if (!match) return `"${value}" is not an IBAN; expected a country code, 2 check digits and the account number, such as FI2112345600000785`;
	const length = IBAN_LENGTHS[match[1]];
	if (length === undefined) return `"${value}" starts with ${match[1]}, a country this node has no IBAN format for`;
	if (compact.length !== length) return `"${value}" has ${compact.length} characters; a ${match[1]} IBAN has ${length}`;
	if (DIGITS_ONLY_BBAN.has(match[1])) {
		let characters = 0;
		for (let i = 0; i < trimmed.length; i++) {
			if (trimmed[i] === ' ' || ++characters <= 2 || !/[A-Za-z]/.test(trimmed[i])) continue;
			return `"${value}" has the letter ${trimmed[i].toUpperCase()} at position ${i + 1}; a ${match[1]} IBAN has only digits after the country code`;
		}
	}
	if (!checkDigit) return undefined;
	if (mod97(`${match[3]}${match[1]}${match[2]}`) === 1) return undefined;
	const expected = String(98 - mod97(`${match[3]}${match[1]}00`)).padStart(2, '0');
	return `"${value}" has wrong check digits at positions 3-4: expected ${expected}`;
}

/** A due date not before the invoice date (both `YYYY-MM-DD`, already checked with `checkIsoDate`). */
export function checkDueDate(dueDate: string, invoiceDate: string): string | undefined {
	return dueDate < invoiceDate ? `${dueDate} is before the invoice date ${invoiceDate}` : undefined;
}

/**
 * An amount in decimal currency units with at most 2 decimals (CFIS money: `number<double>` with 2 decimals,
 * docs/cfis.md §8), e.g. 100.25, whose value in cents is a safe integer (|amount| ≤ 90,071,992,547,409.91), so
 * `1e21` or `2^53 + 2` are refused rather than rounded on the way.
 */
export function checkDecimalAmount(value: number, { allowNegative = false } = {}): string | undefined {
	return checkNumber(value, { decimals: 2, min: allowNegative ? undefined : 0, unit: 'currency units, e.g. 100.25' });
}

/**
 * Ledger rows balance: the signed net amounts (decimal currency units) sum to 0.00, computed in cents so that
 * float noise does not matter (docs/cfis.md §4.10). Returns the difference in the message when they do not.
 */
export function checkLedgerBalance(netAmounts: number[]): string | undefined {
	const cents = netAmounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0);
	return cents === 0 ? undefined : `do not balance: the net amounts sum to ${(cents / 100).toFixed(2)}, not 0.00`;
}

// ---- Confirma Finance Client → Create (docs/cfis.md §4.1, §8) --------------------------------------------------

/**
 * A website as CFIS validates it, a "common URL pattern" (docs/cfis.md §8 [D]): an optional http(s) scheme, a
 * dotted host name with a top-level domain of 2+ letters, an optional port and path (`https://testi.fi`,
 * `testi.fi/about`). The exact pattern is our reading [I]; `javascript:…`, `ftp://…` or `http://` are refused.
 */
export function checkWebsite(value: string): string | undefined {
	return /^(https?:\/\/)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?([/?#]\S*)?$/i.test(value)
		? undefined
		: `"${value}" is not a website address such as https://example.fi`;
}

/** Postal code shapes by country [I]: the Nordic countries CFIS names in docs/cfis.md §8, and Spain. */
const POSTAL_CODES: Record<string, { pattern: RegExp; example: string }> = {
	FI: { pattern: /^\d{5}$/, example: '5 digits such as 00100' },
	SE: { pattern: /^\d{3} ?\d{2}$/, example: '5 digits such as 114 55' },
	NO: { pattern: /^\d{4}$/, example: '4 digits such as 0150' },
	DK: { pattern: /^\d{4}$/, example: '4 digits such as 1050' },
	ES: { pattern: /^\d{5}$/, example: '5 digits such as 28013' },
};

/**
 * A postal code "checked against the country" (docs/cfis.md §8 [D]); the shapes are ours [I]: FI and ES 5
 * digits, SE 5 digits (optionally `NNN NN`), NO and DK 4 digits; for another country 2-10 letters, digits,
 * spaces or hyphens.
 */
export function checkPostalCode(value: string, countryCode: string): string | undefined {
	const known = POSTAL_CODES[countryCode];
	if (known) return known.pattern.test(value) ? undefined : `"${value}" is not a postal code of ${countryCode}; expected ${known.example}`;
	return /^[A-Za-z0-9][A-Za-z0-9 -]{0,8}[A-Za-z0-9]$/.test(value) ? undefined : `"${value}" is not a postal code`;
}

/**
 * A VAT number: a Finnish one by {@link checkFinnishVatNumber} (docs/cfis.md §8.1); any other as an EU-style VAT
 * number, two upper-case letters of the country then 2-12 letters or digits without spaces (`DE123456789`,
 * `ESB12345678`) [I: the docs name the field, not its rule].
 */
export function checkVatNumber(value: string, options: CheckDigitOptions = {}): string | undefined {
	if (value.startsWith('FI')) return checkFinnishVatNumber(value, options);
	return /^[A-Z]{2}[0-9A-Z]{2,12}$/.test(value)
		? undefined
		: `"${value}" is not a VAT number; expected the country code and 2 to 12 letters or digits without spaces, such as FI23319727 or DE123456789`;
}

/** Most digits an invoice number has (docs/cfis.md §10). */
export const INVOICE_NUMBER_MAX_DIGITS = 18;

/**
 * An invoice number as the node carries it (docs/cfis.md §5.1, §10): text of 1 to 18 digits without a leading zero
 * (Confirma Finance keeps it as a whole number in invoices and actions, where a leading zero would be lost), or a
 * JavaScript number that is a positive whole number up to 2^53 − 1 (9007199254740991). A number beyond that has
 * already lost digits (9007199254740993 arrives as …992) and is refused: it must be given as text.
 */
export function checkInvoiceNumber(value: unknown): string | undefined {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) && Number.isInteger(value)) {
			return `${value} is a number beyond 2^53 − 1 (9007199254740991): JavaScript has already changed its last digits, so give the invoice number as text (a string of digits)`;
		}
		return Number.isInteger(value) && value > 0 ? undefined : `${value} is not a positive whole number`;
	}
	if (typeof value !== 'string') return `must be text of 1 to ${INVOICE_NUMBER_MAX_DIGITS} digits, not ${value === null ? 'null' : typeof value}`;
	const text = value.trim();
	if (!/^\d+$/.test(text)) return `"${text}" is not an invoice number: 1 to ${INVOICE_NUMBER_MAX_DIGITS} digits (0-9) and nothing else`;
	if (text.length > INVOICE_NUMBER_MAX_DIGITS) return `"${text}" has ${text.length} digits; an invoice number has at most ${INVOICE_NUMBER_MAX_DIGITS}`;
	if (text.startsWith('0')) return `"${text}" starts with 0: invoice numbers are whole numbers from 1 up, without leading zeros`;
	return undefined;
}
