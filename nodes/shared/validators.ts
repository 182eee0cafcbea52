/**
 * Input checks run before any request (bad input: a clear error naming field and item, nothing sent). Each returns a reason string when the value is bad and
 * `undefined` when it is good, so callers can name the field and the item in their own error.
 */

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

/** The ISO 639-1 language codes (183; withdrawn ones such as `iw`, `in`, `sh` left out), lower case. */
const ISO_LANGUAGES = new Set(
	(
		'aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en ' +
		'eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja ' +
		'jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb ' +
		'nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq ' +
		'sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu'
	).split(' '),
);

/** An ISO 639-1 language code in either case (`fi`, `EN`); `FIN` (ISO 639-2) and `XX` are refused. */
export function checkIso639Language(value: string): string | undefined {
	return ISO_LANGUAGES.has(value.toLowerCase()) ? undefined : `"${value}" is not an ISO 639-1 language code`;
}

/**
 * An e-mail address (docs/cfis.md §8: the W3C HTML pattern): ASCII local part of letters, digits and
 * ``.!#$%&'*+/=?^_`{|}~-``, `@`, a host name of dot-separated labels (letters, digits, inner hyphens, at most 63
 * each) with at least one dot. `ap@acme`, `äp@acme.fi`, `ap@-acme.fi` are refused.
 */
export function checkEmail(value: string): string | undefined {
	const w3c = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
	return w3c.test(value) ? undefined : `"${value}" is not an e-mail address`;
}


/** How a number parameter is bounded: `min`/`max` inclusive, `decimals` the most decimals it takes (0: whole). */
export interface NumberRule {
	min?: number;
	max?: number;
	decimals?: number;
	/** the field's unit, for the decimals messages (e.g. `cents`, `currency units, e.g. 100.25`) */
	unit?: string;
}

/**
 * A number within `rule`: finite (NaN and ±Infinity refused); at most `decimals` decimals (float noise such as
 * 0.1 + 0.2 allowed, relative to the value: 1e-9 has more than 2 decimals); small enough that the value times 10^decimals is a safe integer (2^53 − 1), so `1e21` or
 * `2^53 + 2`, which JSON and JavaScript cannot carry exactly, are refused; within `min`…`max`.
 */
export function checkNumber(value: number, { min, max, decimals, unit }: NumberRule = {}): string | undefined {
	if (typeof value !== 'number' || Number.isNaN(value)) return `"${String(value)}" is not a number`;
	if (!Number.isFinite(value)) return `${value} is not a finite number`;
	const scale = 10 ** (decimals ?? 0);
	const limit = Number.MAX_SAFE_INTEGER / scale;
	if (Math.abs(value) > limit) {
		return `${value} is too large to send exactly; at most ${decimals ? limit.toFixed(decimals) : limit} in either direction`;
	}
	if (decimals !== undefined) {
		const scaled = value * scale;
		if (Math.abs(Math.round(scaled) - scaled) > 4 * Number.EPSILON * Math.abs(scaled)) {
			if (decimals === 0) return `${value} is not a whole number${unit ? ` of ${unit}` : ''}`;
			return `${value} has more than ${decimals} decimals${unit ? ` (amounts are in ${unit})` : ''}`;
		}
	}
	if (min !== undefined && value < min) {
		const what = min === 0 ? 'negative' : min === 1 && value <= 0 ? 'not positive' : `below ${min}`;
		return `${value} is ${what}; expected at least ${min}`;
	}
	if (max !== undefined && value > max) return `${value} is above ${max}; expected at most ${max}`;
	return undefined;
}

/** What a value that is not text is, in words (never its `String()`, which would read "[object Object]"). */
function kindOf(value: unknown): string {
	if (Array.isArray(value)) return `a list of ${value.length}`;
	if (value === null) return 'null';
	if (typeof value === 'object') return 'an object';
	return `the ${typeof value} ${String(value)}`;
}

/**
 * A value for a text parameter: a string, or a finite number (sent as its digits). Objects, lists and booleans
 * (e.g. an expression that maps a whole JSON object) are refused instead of being sent as `"[object Object]"`,
 * `"1,2"` or `"true"`; so are NaN and ±Infinity, and whole numbers beyond 2^53 − 1, whose digits JavaScript has
 * already changed (an expression giving 9007199254740993 hands over 9007199254740992). `undefined` and `null` pass
 * (the field is empty).
 */
export function checkTextValue(value: unknown): string | undefined {
	if (value === undefined || value === null || typeof value === 'string') return undefined;
	if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
		return `is the number ${value}, beyond 2^53 − 1 (9007199254740991): JavaScript has already changed its last digits; give it as text (a string of digits)`;
	}
	if (typeof value === 'number' && Number.isFinite(value)) return undefined;
	return `must be text, not ${kindOf(value)}`;
}

/**
 * A value of an options parameter: exactly one of `options` (its values as the node's property lists them;
 * case matters). The message lists the allowed values with their labels.
 */
export function checkOptionValue(value: unknown, options: ReadonlyArray<{ name: string; value: unknown }>): string | undefined {
	if (options.some((option) => option.value === value)) return undefined;
	const allowed = options.map((option) => `${String(option.value)} (${option.name})`).join(', ');
	const shown = typeof value === 'string' ? `"${value}"` : kindOf(value);
	return `${shown} is not one of the allowed values: ${allowed}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A UUID in canonical 8-4-4-4-12 hex form (any version), the form of every Zertiban id in a path or header
 * (docs/zertiban.md §4.1 `x-tenant-id` "required UUID", §5 path `{uuid}`), also the key of the payment record.
 */
export function checkUuid(value: string): string | undefined {
	if (value.trim() === '') return 'is empty; expected a UUID such as 94ba8750-b772-4ca1-91b0-1c8a658a6175';
	return UUID.test(value.trim())
		? undefined
		: `"${value}" is not a UUID; expected 8-4-4-4-12 hexadecimal digits such as 94ba8750-b772-4ca1-91b0-1c8a658a6175`;
}
