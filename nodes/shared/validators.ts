/**
 * Input checks run before any request (DESIGN §4). Each returns a reason string when the value is bad and
 * `undefined` when it is good, so callers can name the field and the item in their own error.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in canonical 8-4-4-4-12 hex form (any version), as Zertiban uses for every id (zertiban.md §1). */
export function checkUuid(value: string): string | undefined {
	if (value.trim() === '') return 'is empty; expected a UUID such as 94ba8750-b772-4ca1-91b0-1c8a658a6175';
	return UUID.test(value.trim())
		? undefined
		: `"${value}" is not a UUID; expected 8-4-4-4-12 hexadecimal digits such as 94ba8750-b772-4ca1-91b0-1c8a658a6175`;
}

/**
 * A Finnish business ID (Y-tunnus), `NNNNNNN-C`: weights 7,9,10,5,8,4,2 over the seven digits, r = sum mod 11,
 * check digit 0 when r = 0, invalid when r = 1, else 11 − r (cfis.md §8.1). With `checkDigit: false` only the
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

/** ISO 3166-1 alpha-2 country code, upper case (`FI`, `ES`). */
export function checkCountryCode(value: string): string | undefined {
	return /^[A-Z]{2}$/.test(value) ? undefined : `"${value}" is not a two-letter upper-case country code such as FI`;
}

/** Two-letter language code as CFIS writes it (`FI`, `SV`, `EN`; cfis.md §8). Case-insensitive. */
export function checkLanguageCode(value: string): string | undefined {
	return /^[A-Za-z]{2}$/.test(value) ? undefined : `"${value}" is not a two-letter language code such as FI or EN`;
}

/** An e-mail address of the usual `local@domain.tld` shape. */
export function checkEmail(value: string): string | undefined {
	return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? undefined : `"${value}" is not an e-mail address`;
}

/** A non-empty string after trimming. */
export function checkRequired(value: string): string | undefined {
	return value.trim() === '' ? 'is required' : undefined;
}
