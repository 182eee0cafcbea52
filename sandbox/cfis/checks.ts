/**
 * The simulator's own format checks for CFIS fields, derived from the API contract (docs/cfis.md §8, §8.1)
 * and written independently of the nodes' input checks, so that a wrong check in a node shows up as a
 * disagreement in a test instead of being mirrored here. Each check returns the problem as a short sentence, or
 * `undefined` when the value is good.
 *
 * Strictness (cfis.md §8.1 "Simulator guidance"): the vendor's own examples fail the check digits, so the API
 * routes run the shape-only (lenient) mode; `{ strict: true }` adds the check digits.
 */

import { ISO_COUNTRIES, ISO_CURRENCIES, ISO_LANGUAGES } from '../iso';

/** `{ strict: true }`: verify check digits as well as the shape. */
export interface Strictness {
	strict?: boolean;
}

/**
 * A calendar day written `YYYY-MM-DD` that exists in the proleptic Gregorian calendar (cfis.md §8 `date`, ISO 8601
 * years 0000-9999); `2026-02-29` fails, no time part allowed.
 */
export function dateProblem(value: unknown): string | undefined {
	const parts = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
	if (!parts) return 'must be a date YYYY-MM-DD';
	const [year, month, day] = parts.slice(1).map(Number);
	const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
	const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
	return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth ? undefined : 'must be a date YYYY-MM-DD that exists';
}


/** An ISO 4217 alphabetic code in upper case (cfis.md §8 `currencyCode`: EUR, SEK, NOK, DKK). */
export function currencyProblem(value: unknown): string | undefined {
	return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && ISO_CURRENCIES.has(value) ? undefined : 'must be an ISO 4217 code such as EUR';
}

/**
 * A Finnish business ID (Y-tunnus) `NNNNNNN-C` (cfis.md §8.1). Strict: the seven digits weighted 7, 9, 10, 5, 8,
 * 4, 2; with r the weighted sum mod 11, the check digit is 0 for r = 0, 11 − r for r ≥ 2, and no ID exists for r = 1.
 */
export function businessIdProblem(value: unknown, { strict = false }: Strictness = {}): string | undefined {
	const shape = typeof value === 'string' ? /^(\d{7})-(\d)$/.exec(value) : null;
	if (!shape) return 'must be a Finnish business ID (Y-tunnus) like 0737546-2';
	if (!strict) return undefined;
	const weights = [7, 9, 10, 5, 8, 4, 2];
	let weighted = 0;
	weights.forEach((weight, i) => (weighted += weight * Number(shape[1][i])));
	const r = weighted % 11;
	if (r === 1) return 'is not a business ID: no check digit exists for these seven digits';
	return Number(shape[2]) === (r === 0 ? 0 : 11 - r) ? undefined : 'has a wrong check digit';
}

/**
 * A Finnish payment reference (viitenumero, cfis.md §8.1): 4 to 20 digits, the last one a check digit; spaces of
 * the print form are ignored. Strict: from the right of the base (the digits before the check digit), weights
 * 7, 3, 1, 7, 3, 1, …; the check digit is (10 − weighted sum mod 10) mod 10.
 */
function finnishReferenceProblem(compact: string, strict: boolean): string | undefined {
	if (!/^\d{4,20}$/.test(compact)) return 'must be a Finnish or RF payment reference';
	if (!strict) return undefined;
	const base = compact.slice(0, -1).split('').reverse();
	const weighted = base.reduce((sum, digit, i) => sum + Number(digit) * [7, 3, 1][i % 3], 0);
	return Number(compact.at(-1)) === (10 - (weighted % 10)) % 10 ? undefined : 'has a wrong check digit';
}

/**
 * The remainder mod 97 of a string of digits and letters read as one big number, each letter replaced by two
 * digits (A = 10 … Z = 35), as ISO 7064 MOD 97-10 does for IBANs and RF references. Worked digit by digit so that
 * no number grows past 97 × 10 + 9.
 */
export function remainder97(text: string): number {
	const digits = text.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 'A'.charCodeAt(0) + 10));
	let rest = 0;
	for (const digit of digits) rest = (rest * 10 + Number(digit)) % 97;
	return rest;
}

/**
 * An RF creditor reference (ISO 11649, cfis.md §8.1): `RF`, two check digits, 1 to 21 letters or digits; spaces of
 * the print form are ignored. Strict: the first four characters moved to the end, the whole read mod 97 is 1.
 */
function creditorReferenceProblem(compact: string, strict: boolean): string | undefined {
	if (!/^RF\d{2}[0-9A-Z]{1,21}$/.test(compact)) return 'must be a Finnish or RF payment reference';
	if (!strict) return undefined;
	return remainder97(compact.slice(4) + compact.slice(0, 4)) === 1 ? undefined : 'has wrong RF check digits';
}

/** A payment reference in either form (cfis.md §5.1 `references.payment`: "Finnish or RF"). */
export function paymentReferenceProblem(value: unknown, { strict = false }: Strictness = {}): string | undefined {
	if (typeof value !== 'string') return 'must be a Finnish or RF payment reference';
	const compact = value.replace(/ /g, '').toUpperCase();
	return compact.startsWith('RF') ? creditorReferenceProblem(compact, strict) : finnishReferenceProblem(compact, strict);
}

/**
 * A Finnish IBAN (cfis.md §8.1): `FI`, two check digits and 14 digits, 18 characters; spaces of the print form
 * are ignored. Strict: the first four characters moved to the end, the whole read mod 97 is 1. Used for the
 * settlement beneficiary the simulator serves.
 */
export function finnishIbanProblem(value: unknown, { strict = false }: Strictness = {}): string | undefined {
	const compact = typeof value === 'string' ? value.replace(/ /g, '').toUpperCase() : '';
	if (!/^FI\d{16}$/.test(compact)) return 'must be a Finnish IBAN: FI and 16 digits';
	if (!strict) return undefined;
	return remainder97(compact.slice(4) + compact.slice(0, 4)) === 1 ? undefined : 'has wrong IBAN check digits';
}

/**
 * Ledger rows balance (cfis.md §4.10: the `netAmount` column of a document sums to 0): the signed amounts in
 * currency units, added in whole cents.
 */
export function ledgerBalanceProblem(netAmounts: number[]): string | undefined {
	const total = netAmounts.reduce((sum, amount) => sum + Math.round(amount * 100), 0);
	return total === 0 ? undefined : `do not balance: they sum to ${(total / 100).toFixed(2)}, not 0.00`;
}

/** Largest invoice number the sandbox takes: 18 digits (cfis.md §10). */
const MAX_INVOICE_NUMBER = 10n ** 18n - 1n;

/**
 * A positive integer as JSON carries it: a JSON integer literal (not a string of digits), at most 18 digits (invoice
 * numbers and case ids are integers in invoices and actions, cfis.md §5.1, §10). Literals beyond 2^53 − 1 arrive as
 * `bigint` (./exact-json.ts); a fraction, a string or a number written with an exponent beyond that is refused.
 */
export function isPositiveInteger(value: unknown): boolean {
	if (typeof value === 'bigint') return value > 0n && value <= MAX_INVOICE_NUMBER;
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * A country code (cfis.md §8 `countryCode` [D]: ISO 3166-1 alpha-2, FI, SE, NO, DK): two upper-case letters that
 * ISO 3166-1 assigns. `FIN` (alpha-3), `fi` and `XX` are refused.
 */
export function countryProblem(value: unknown): string | undefined {
	return typeof value === 'string' && ISO_COUNTRIES.has(value) ? undefined : 'must be an ISO 3166-1 alpha-2 country code in upper case, such as FI';
}

/**
 * A language code (cfis.md §8 `languageCode` [D]: ISO 639-1, two letters; the docs write them in upper case and
 * list `DK` for Danish although ISO 639-1 says `da`): an ISO 639-1 code in either case, or `DK` as the docs show it.
 * `FIN` (ISO 639-2) and `XX` are refused.
 */
export function languageProblem(value: unknown): string | undefined {
	const known = typeof value === 'string' && /^[A-Za-z]{2}$/.test(value) && (ISO_LANGUAGES.has(value.toLowerCase()) || value.toUpperCase() === 'DK');
	return known ? undefined : 'must be an ISO 639-1 two-letter language code, such as FI or EN';
}

/**
 * The W3C HTML e-mail pattern (cfis.md §8 `email` [D]: "W3C-style e-mail regex"): ASCII local part of the allowed
 * characters, `@`, host labels of letters, digits and inner hyphens (at most 63 each).
 */
const W3C_EMAIL = new RegExp(
	"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$",
);

/**
 * An e-mail address: the W3C pattern, and [SIM] a host name with at least one dot (`ap@localhost` is refused, as an
 * address a Finnish invoice can be mailed to has a domain). Spaces, a missing `@`, non-ASCII characters, a host
 * label starting with `-` are refused.
 */
export function emailProblem(value: unknown): string | undefined {
	return typeof value === 'string' && W3C_EMAIL.test(value) && value.slice(value.indexOf('@')).includes('.') ? undefined : 'must be an e-mail address such as ap@example.fi';
}

/**
 * IBAN lengths of the ISO 13616 registry for the countries an invoice here plausibly names (the Nordic and Baltic
 * countries and the larger SEPA ones); an IBAN of another country is checked for shape and mod 97 only.
 */
const IBAN_LENGTH: Record<string, number> = {
	AT: 20, BE: 16, CH: 21, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FR: 27, GB: 22, IE: 22, IS: 26, IT: 27, LT: 20,
	LU: 20, LV: 21, NL: 18, NO: 15, PL: 28, PT: 25, SE: 24,
};

/**
 * An IBAN (ISO 13616; the seller's account in `sellerParty.paymentDetails.iban`, cfis.md §5.1, §8.1): country
 * code, two check digits, 11 to 30 letters or digits, the registry length for the countries of {@link IBAN_LENGTH},
 * and always [SIM] the mod-97 check (first four characters moved to the end, the whole read mod 97 is 1): every bank
 * system checks it, and no example in the docs has a well-shaped IBAN with wrong check digits. Spaces of the print
 * form are ignored.
 */
export function ibanProblem(value: unknown): string | undefined {
	const compact = typeof value === 'string' ? value.replace(/ /g, '').toUpperCase() : '';
	const shape = /^([A-Z]{2})\d{2}[0-9A-Z]{11,30}$/.exec(compact);
	if (!shape || !ISO_COUNTRIES.has(shape[1])) return 'must be an IBAN such as FI2112345600000785';
	const length = IBAN_LENGTH[shape[1]];
	if (length !== undefined && compact.length !== length) return `must have ${length} characters for a ${shape[1]} IBAN`;
	return remainder97(compact.slice(4) + compact.slice(0, 4)) === 1 ? undefined : 'has wrong IBAN check digits';
}

/**
 * A postal code checked against its country (cfis.md §8 `postalCode` [D]: "validated against the postal country";
 * the rules are ours [SIM]): FI 5 digits, SE 5 digits (`NNN NN` in print), NO and DK 4 digits, ES 5 digits; other
 * countries 2 to 10 letters, digits, spaces or hyphens.
 */
export function postalCodeProblem(value: unknown, country: unknown): string | undefined {
	const code = typeof value === 'string' ? value : '';
	const rule: Record<string, [RegExp, string]> = {
		FI: [/^\d{5}$/, '5 digits'],
		SE: [/^\d{3} ?\d{2}$/, '5 digits'],
		NO: [/^\d{4}$/, '4 digits'],
		DK: [/^\d{4}$/, '4 digits'],
		ES: [/^\d{5}$/, '5 digits'],
	};
	const [pattern, shape] = rule[String(country)] ?? [/^[A-Za-z0-9][A-Za-z0-9 -]{0,8}[A-Za-z0-9]$/, '2 to 10 letters or digits'];
	return pattern.test(code) ? undefined : `must be ${shape} for countryCode ${String(country || '(none)')}`;
}

/**
 * A VAT number (cfis.md §8.1 [I]): a Finnish one is `FI` and the 8 digits of the business ID (`FI07375462`);
 * another country's two upper-case letters and 2 to 12 letters or digits. Strict: the Finnish one's last digit is
 * the business ID check digit.
 */
export function vatNumberProblem(value: unknown, { strict = false }: Strictness = {}): string | undefined {
	if (typeof value !== 'string' || !/^[A-Z]{2}[0-9A-Z]{2,12}$/.test(value)) return 'must be a VAT number such as FI07375462';
	if (!value.startsWith('FI')) return undefined;
	if (!/^FI\d{8}$/.test(value)) return 'must be FI and the 8 digits of the business ID, such as FI07375462';
	return businessIdProblem(`${value.slice(2, 9)}-${value.slice(9)}`, { strict }) ? 'has a wrong check digit' : undefined;
}

/**
 * A money amount (cfis.md §8 `number<double>` [D]: two decimals, e.g. 100.25): a finite JSON number with at most
 * two decimals. `positive` also refuses zero and negative amounts.
 */
export function amountProblem(value: unknown, { positive = false } = {}): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number in currency units';
	if (Number(value.toFixed(2)) !== value) return 'must have at most 2 decimals (currency units, e.g. 100.25)';
	return positive && value <= 0 ? 'must be a positive amount' : undefined;
}
