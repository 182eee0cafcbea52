import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zertiban webhook signatures (docs/zertiban.md §11.5), receiver side.
 *
 * The signed message is the body re-serialised as compact JSON with object keys sorted (recursively, array order
 * kept) followed by the `zb-timestamp` header (Unix epoch milliseconds, decimal string). The signature is
 * Base64 of the lowercase hex HMAC-SHA256 of that message, keyed with the webhook secret (UTF-8): 88 characters.
 */

/** Deepest nesting of objects and arrays a delivery may have; Zertiban events are a few levels deep (§11.3). */
export const MAX_BODY_DEPTH = 32;

/** Why a body cannot be canonicalised (and so cannot be verified). */
export type BodyProblem =
	| 'body is not a JSON object'
	| 'body nested too deeply'
	| 'body has a number that does not survive a JSON round trip';

/** Every {@link BodyProblem}: a delivery refused with 400, not 401. */
export const BODY_PROBLEMS: ReadonlySet<string> = new Set<BodyProblem>([
	'body is not a JSON object',
	'body nested too deeply',
	'body has a number that does not survive a JSON round trip',
]);

/** Thrown by {@link canonicalJson} for a body it refuses; `problem` says why. */
export class CanonicalJsonError extends Error {
	constructor(readonly problem: BodyProblem) {
		super(problem);
	}
}

type Frame = { value: unknown; depth: number } | { text: string };

/**
 * Compact JSON of `value` with every object's keys in code-unit (alphabetical) order; arrays keep their order.
 * Iterative (no recursion), so no body can overflow the stack. Throws {@link CanonicalJsonError} when objects and
 * arrays nest deeper than `maxDepth`, or for a number that would not serialise back to itself: non-finite
 * (`1e400` parses to Infinity, which JSON writes as `null`) or an integer beyond ±2^53−1 (its digits changed
 * when parsed).
 */
export function canonicalJson(value: unknown, maxDepth = MAX_BODY_DEPTH): string {
	const out: string[] = [];
	const stack: Frame[] = [{ value, depth: 0 }];
	while (stack.length) {
		const frame = stack.pop() as Frame;
		if ('text' in frame) {
			out.push(frame.text);
			continue;
		}
		const { value: v, depth } = frame;
		if (typeof v === 'number' && (!Number.isFinite(v) || (Number.isInteger(v) && !Number.isSafeInteger(v)))) {
			throw new CanonicalJsonError('body has a number that does not survive a JSON round trip');
		}
		if (v === null || typeof v !== 'object') {
			out.push(JSON.stringify(v) ?? 'null');
			continue;
		}
		if (depth >= maxDepth) throw new CanonicalJsonError('body nested too deeply');
		const frames: Frame[] = [];
		if (Array.isArray(v)) {
			frames.push({ text: '[' });
			v.forEach((entry: unknown, i) => {
				if (i) frames.push({ text: ',' });
				frames.push({ value: entry === undefined || typeof entry === 'function' ? null : entry, depth: depth + 1 });
			});
			frames.push({ text: ']' });
		} else {
			frames.push({ text: '{' });
			let first = true;
			for (const key of Object.keys(v).sort()) {
				const entry = (v as Record<string, unknown>)[key];
				if (entry === undefined || typeof entry === 'function') continue; // as JSON.stringify drops them
				frames.push({ text: `${first ? '' : ','}${JSON.stringify(key)}:` }, { value: entry, depth: depth + 1 });
				first = false;
			}
			frames.push({ text: '}' });
		}
		for (let i = frames.length - 1; i >= 0; i--) stack.push(frames[i]);
	}
	return out.join('');
}

/**
 * The canonical text of a delivery's body, or the reason it is refused: the body must be a JSON object (an event
 * envelope, §11.3) that {@link canonicalJson} accepts.
 */
export function canonicalBody(body: unknown): { text: string } | { problem: BodyProblem } {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return { problem: 'body is not a JSON object' };
	try {
		return { text: canonicalJson(body) };
	} catch (error) {
		return { problem: error instanceof CanonicalJsonError ? error.problem : 'body is not a JSON object' };
	}
}

/**
 * The `zb-signature` value for a parsed `body`, the `zb-timestamp` header text and the webhook secret. Throws
 * {@link CanonicalJsonError} for a body {@link canonicalJson} refuses.
 */
export function zertibanSignature(body: unknown, timestamp: string, secret: string): string {
	return signatureOfText(canonicalJson(body), timestamp, secret);
}

function signatureOfText(canonical: string, timestamp: string, secret: string): string {
	const hex = createHmac('sha256', Buffer.from(secret, 'utf8'))
		.update(Buffer.from(canonical + timestamp, 'utf8'))
		.digest('hex');
	return Buffer.from(hex, 'utf8').toString('base64');
}

/** Why a delivery was refused; `undefined` = accepted. Reasons name no secret and no expected signature. */
export type SignatureProblem =
	| BodyProblem
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
 * comparison. A body that is not a JSON object, nests deeper than {@link MAX_BODY_DEPTH} or holds a number that
 * does not round-trip is refused first (a {@link BodyProblem}; the caller answers 400). Returns the first problem
 * found, or `undefined` when the delivery is authentic and fresh.
 */
export function checkSignature(check: SignatureCheck): SignatureProblem | undefined {
	const canonical = canonicalBody(check.body);
	if ('problem' in canonical) return canonical.problem;
	if (!check.secret) return 'no webhook secret in the credential';
	const signature = Array.isArray(check.signature) ? check.signature[0] : check.signature;
	const timestamp = Array.isArray(check.timestamp) ? check.timestamp[0] : check.timestamp;
	if (typeof signature !== 'string' || signature === '') return 'missing signature header';
	if (typeof timestamp !== 'string' || timestamp === '') return 'missing timestamp header';
	if (!/^\d{1,16}$/.test(timestamp)) return 'malformed timestamp header';
	if (check.replayWindowMs > 0 && Math.abs(check.now - Number(timestamp)) > check.replayWindowMs) {
		return 'timestamp outside the replay window';
	}
	const expected = Buffer.from(signatureOfText(canonical.text, timestamp, check.secret), 'utf8');
	const given = Buffer.from(signature.trim(), 'utf8');
	// timingSafeEqual needs equal lengths; comparing expected with itself keeps the time independent of the input.
	const same = given.length === expected.length ? timingSafeEqual(given, expected) : !timingSafeEqual(expected, expected);
	return same ? undefined : 'signature mismatch';
}
