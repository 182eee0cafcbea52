import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zertiban webhook signatures (docs/zertiban.md §11.5), receiver side.
 *
 * The signed message is the body re-serialised as compact JSON with object keys sorted (recursively, array order
 * kept) followed by the `zb-timestamp` header (Unix epoch milliseconds, decimal string). The signature is
 * Base64 of the lowercase hex HMAC-SHA256 of that message, keyed with the webhook secret (UTF-8): 88 characters.
 */

/** Compact JSON of `value` with every object's keys in code-unit (alphabetical) order; arrays keep their order. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map((entry) => canonicalJson(entry ?? null)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const parts: string[] = [];
		for (const key of Object.keys(value).sort()) {
			const entry = (value as Record<string, unknown>)[key];
			if (entry === undefined || typeof entry === 'function') continue; // as JSON.stringify drops them
			parts.push(`${JSON.stringify(key)}:${canonicalJson(entry)}`);
		}
		return `{${parts.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** The `zb-signature` value for a parsed `body`, the `zb-timestamp` header text and the webhook secret. */
export function zertibanSignature(body: unknown, timestamp: string, secret: string): string {
	const hex = createHmac('sha256', Buffer.from(secret, 'utf8'))
		.update(Buffer.from(canonicalJson(body) + timestamp, 'utf8'))
		.digest('hex');
	return Buffer.from(hex, 'utf8').toString('base64');
}

/** Why a delivery was refused; `undefined` = accepted. Reasons name no secret and no expected signature. */
export type SignatureProblem =
	| 'missing signature header'
	| 'missing timestamp header'
	| 'malformed timestamp header'
	| 'timestamp outside the replay window'
	| 'signature mismatch'
	| 'no webhook secret in the credential';

/** Input of {@link checkSignature}. */
export interface SignatureCheck {
	body: unknown;
	/** raw `zb-signature` header */
	signature: unknown;
	/** raw `zb-timestamp` header (epoch milliseconds as text) */
	timestamp: unknown;
	secret: string;
	/** receiver time, epoch ms */
	now: number;
	/** maximum |now − timestamp|, ms; ≤ 0 disables the window check */
	replayWindowMs: number;
}

/**
 * Verifies one delivery: both headers present, the timestamp a whole number of milliseconds within the replay
 * window (either direction, to allow clock skew), and the signature equal to the expected one in a constant-time
 * comparison. Returns the first problem found, or `undefined` when the delivery is authentic and fresh.
 */
export function checkSignature(check: SignatureCheck): SignatureProblem | undefined {
	if (!check.secret) return 'no webhook secret in the credential';
	const signature = Array.isArray(check.signature) ? check.signature[0] : check.signature;
	const timestamp = Array.isArray(check.timestamp) ? check.timestamp[0] : check.timestamp;
	if (typeof signature !== 'string' || signature === '') return 'missing signature header';
	if (typeof timestamp !== 'string' || timestamp === '') return 'missing timestamp header';
	if (!/^\d{1,16}$/.test(timestamp)) return 'malformed timestamp header';
	if (check.replayWindowMs > 0 && Math.abs(check.now - Number(timestamp)) > check.replayWindowMs) {
		return 'timestamp outside the replay window';
	}
	const expected = Buffer.from(zertibanSignature(check.body, timestamp, check.secret), 'utf8');
	const given = Buffer.from(signature.trim(), 'utf8');
	// timingSafeEqual needs equal lengths; comparing expected with itself keeps the time independent of the input.
	const same = given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
	return same ? undefined : 'signature mismatch';
}
