/**
 * The simulator's own format checks for CFIS fields, derived from the API contract (docs/cfis.md §8, §8.1)
 * and written independently of the nodes' input checks, so that a wrong check in a node shows up as a
 * disagreement in a test instead of being mirrored here. Each check returns the problem as a short sentence, or
 * `undefined` when the value is good.
 *
 * Strictness (cfis.md §8.1 "Simulator guidance"): the vendor's own examples fail the check digits, so the API
 * routes run the shape-only (lenient) mode; `{ strict: true }` adds the check digits.
 */

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

/** The ISO 4217 codes the JavaScript runtime knows (its Intl data follows the ISO list). */
const CURRENCIES = new Set<string>(Intl.supportedValuesOf('currency'));

/** An ISO 4217 alphabetic code in upper case (cfis.md §8 `currencyCode`: EUR, SEK, NOK, DKK). */
export function currencyProblem(value: unknown): string | undefined {
	return typeof value === 'string' && /^[A-Z]{3}$/.test(value) && CURRENCIES.has(value) ? undefined : 'must be an ISO 4217 code such as EUR';
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

/**
 * A positive integer as JSON carries it: a number (not a string of digits), whole and at most 2^53 − 1 (invoice
 * numbers and case ids are integers in invoices and actions, cfis.md §5.1, §10).
 */
export function isPositiveInteger(value: unknown): boolean {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
