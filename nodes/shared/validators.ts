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

/** The 249 officially assigned ISO 3166-1 alpha-2 country codes. */
const ISO_COUNTRIES = new Set(
	(
	'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ ' +
	'BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR ' +
	'CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
	'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ' +
	'ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ ' +
	'LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ ' +
	'MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
	'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI ' +
	'SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR ' +
	'TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
	).split(' '),
);

/** An officially assigned ISO 3166-1 alpha-2 country code, upper case (`FI`, `ES`); `XX` or `fi` are refused. */
export function checkCountryCode(value: string): string | undefined {
	if (!/^[A-Z]{2}$/.test(value)) return `"${value}" is not a two-letter upper-case country code such as FI or ES`;
	return ISO_COUNTRIES.has(value) ? undefined : `"${value}" is not an ISO 3166-1 country code`;
}

/** ISO 4217 currency codes this runtime knows (`EUR`, `USD`, …), from the JavaScript engine's Intl data. */
const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 alphabetic currency code, upper case (`EUR`); `EURO`, `eur` or `ABC` are refused. */
export function checkCurrencyCode(value: string): string | undefined {
	if (!/^[A-Z]{3}$/.test(value)) return `"${value}" is not a three-letter upper-case currency code such as EUR`;
	return ISO_CURRENCIES.has(value) ? undefined : `"${value}" is not an ISO 4217 currency code`;
}

/**
 * A calendar date in ISO 8601 extended form `YYYY-MM-DD` that exists (`2026-02-30` is refused). Time parts are
 * refused: use this for day fields (invoice date, due date, requested execution date).
 */
export function checkIsoDate(value: string): string | undefined {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
	if (!match) return `"${value}" is not a date in the form YYYY-MM-DD such as 2026-11-21`;
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(Date.UTC(year, month - 1, day));
	return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
		? undefined
		: `"${value}" is not a calendar date (no such day)`;
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

// ---- Zertiban (zertiban.md §4.2, §14) ----------------------------------------------------------------------

/**
 * An ISO 8601 period of whole days `P{n}D` with `min ≤ n ≤ max` (Zertiban `expirationOffset`: `P1D`…`P156D`,
 * zertiban.md §4.2, §14). Weeks, months or time parts (`P1W`, `P1M`, `PT24H`) are refused.
 */
export function checkDayPeriod(value: string, { min = 1, max = 156 } = {}): string | undefined {
	const match = /^P(\d+)D$/.exec(value.trim());
	if (!match) return `"${value}" is not an ISO 8601 period in days such as P7D (P${min}D to P${max}D)`;
	const days = Number(match[1]);
	return days >= min && days <= max ? undefined : `"${value}" is outside P${min}D to P${max}D`;
}

/**
 * An amount in minor units (cents): a positive whole number (Zertiban `payment.amount`, zertiban.md §4.2).
 * `12.5` or `0` are refused; say "2500 for 25.00 EUR".
 */
export function checkPositiveCents(value: number): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value)) return `"${String(value)}" is not a number of cents`;
	if (!Number.isInteger(value)) return `${value} is not a whole number of cents (amounts are in cents: 2500 = 25.00 EUR)`;
	return value >= 1 ? undefined : `${value} is not positive; expected at least 1 cent`;
}
