/**
 * JSON in and out of the CFIS sandbox without rounding: invoice numbers have up to 18 digits (cfis.md §10), beyond
 * the 2^53 − 1 a JavaScript number holds. Integer literals too large for a number are read as `bigint` (so a check
 * can still tell a JSON integer from a string of digits, cfis.md §10 "integer in `invoice.header.number` and in
 * action `data.invoiceNumber`") and every `bigint` is written back as a bare integer literal.
 */
import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';

/** A tag no client text can hold: fresh random hex per call. */
const freshTag = () => `bigint-${randomBytes(12).toString('hex')}:`;

/** A string, or a number literal, of JSON text; strings first, so digits inside a string are never taken. */
const LITERAL = /"(?:[^"\\]|\\.)*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** Parses JSON text; integer literals beyond ±(2^53 − 1) come out as `bigint`. Throws `SyntaxError` on bad JSON. */
export function parseExactJson(text: string): unknown {
	const big = new Map<string, bigint>();
	const prefix = freshTag();
	const tagged = text.replace(LITERAL, (literal) => {
		if (literal.startsWith('"') || !/^-?\d+$/.test(literal) || Number.isSafeInteger(Number(literal))) return literal;
		const tag = `${prefix}${big.size}`;
		big.set(tag, BigInt(literal));
		return JSON.stringify(tag);
	});
	return big.size === 0 ? JSON.parse(text) : JSON.parse(tagged, (_key, value: unknown) => (typeof value === 'string' && big.has(value) ? big.get(value) : value));
}

/** JSON text of `value`, each `bigint` written as its integer literal (JSON.stringify alone throws on one). */
export function stringifyExactJson(value: unknown): string {
	const digits: string[] = [];
	const prefix = freshTag();
	// The holder's own value, not the replacer's argument: a `BigInt.prototype.toJSON` (some libraries add one) has
	// already turned that into a string.
	const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, inner: unknown) {
		const own = this[key];
		if (typeof own !== 'bigint') return inner;
		digits.push(own.toString());
		return `${prefix}${digits.length - 1}`;
	});
	return digits.length === 0 ? text : text.replace(new RegExp(`"${prefix}(\\d+)"`, 'g'), (_tag, index: string) => digits[Number(index)]);
}

/**
 * Makes `app` read `application/json` bodies with {@link parseExactJson} (bad JSON → 400, as Fastify's own parser
 * answers) and write every reply object with {@link stringifyExactJson}.
 */
export function useExactJson(app: FastifyInstance): void {
	app.removeContentTypeParser('application/json');
	app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
		try {
			done(null, parseExactJson(String(body)));
		} catch (error) {
			done(Object.assign(error as Error, { statusCode: 400 }), undefined);
		}
	});
	app.setReplySerializer((payload) => stringifyExactJson(payload));
}
