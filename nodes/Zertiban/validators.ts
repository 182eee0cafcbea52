/**
 * Zertiban input checks run before any request (docs/zertiban.md §4.2, §14): each returns a reason string when the
 * value is bad and `undefined` when it is good, so callers can name the field and the item in their own error.
 * Checks both services use are in nodes/shared/validators.ts (re-exported here: checkUuid).
 */

export { checkUuid } from '../shared/validators';

/**
 * An ISO 8601 period of whole days `P{n}D` with `min ≤ n ≤ max` (Zertiban `expirationOffset`: `P1D`…`P156D`,
 * docs/zertiban.md §4.2, §14). Weeks, months or time parts (`P1W`, `P1M`, `PT24H`) are refused.
 */
export function checkDayPeriod(value: string, { min = 1, max = 156 } = {}): string | undefined {
	const match = /^P(\d+)D$/.exec(value.trim());
	if (!match) return `"${value}" is not an ISO 8601 period in days such as P7D (P${min}D to P${max}D)`;
	const days = Number(match[1]);
	return days >= min && days <= max ? undefined : `"${value}" is outside P${min}D to P${max}D`;
}

/**
 * An amount in minor units (cents): a positive whole number (Zertiban `payment.amount`, docs/zertiban.md §4.2).
 * `12.5` or `0` are refused; say "2500 for 25.00 EUR".
 */
export function checkPositiveCents(value: number): string | undefined {
	if (typeof value !== 'number' || !Number.isFinite(value)) return `"${String(value)}" is not a number of cents`;
	if (!Number.isInteger(value)) return `${value} is not a whole number of cents (amounts are in cents: 2500 = 25.00 EUR)`;
	if (!Number.isSafeInteger(value)) return `${value} is too large: at most ${Number.MAX_SAFE_INTEGER} cents can be sent exactly`;
	return value >= 1 ? undefined : `${value} is not positive; expected at least 1 cent`;
}
