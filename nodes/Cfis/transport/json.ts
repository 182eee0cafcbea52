import { randomBytes } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

/**
 * Exact JSON for Confirma Finance: invoice numbers have up to 18 digits (docs/cfis.md §10), more than a JavaScript
 * number holds exactly (2^53 − 1 = 9007199254740991). The node carries them as digit strings; this module writes
 * them as JSON integers where the API wants integers, and reads integers beyond 2^53 − 1 back as digit strings.
 */

/**
 * A whole number to write into a request body as a JSON integer literal of exactly `digits` (e.g.
 * `invoice.header.number`, an action's `data.invoiceNumber`: integers in docs/cfis.md §5.1, §4.5, §10).
 * `digits`: 1 to 18 decimal digits, no sign, no leading zero (checked by `checkInvoiceNumber`).
 */
export class JsonInteger {
	constructor(readonly digits: string) {
		if (!/^[1-9]\d{0,17}$/.test(digits)) throw new Error(`not a JSON integer of 1 to 18 digits: ${digits}`);
	}
}

/**
 * `body` as JSON text, with each {@link JsonInteger} written as a bare integer literal of its digits. Each one is
 * first written as a string holding a random marker (which no value of the body can contain), then the quoted
 * marker is replaced by the digits.
 */
export function writeCfisJson(body: IDataObject): string {
	const marker = `~int-${randomBytes(8).toString('hex')}:`;
	const text = JSON.stringify(body, (_key, value: unknown) => (value instanceof JsonInteger ? `${marker}${value.digits}` : value));
	return text.replace(new RegExp(`"${marker}(\\d+)"`, 'g'), '$1');
}

/** A JSON string (with its escapes) or number literal; strings first, so digits inside a string are never taken. */
const LITERALS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * Parses a Confirma Finance answer exactly. Before `JSON.parse`, each integer literal beyond 2^53 − 1 (an invoice
 * number of up to 18 digits, docs/cfis.md §10) is put in quotes, so it comes out as its digit string instead of a
 * rounded number; smaller integers stay numbers, as in the API's own answer. A pre-pass, since JSON.parse's
 * `context.source` is not in Node 20. Numbers inside strings are never touched. Empty text is `{}`. Throws
 * `SyntaxError` when the text is not JSON.
 */
export function readCfisJson(text: string): unknown {
	if (text.trim() === '') return {};
	const quoted = text.replace(LITERALS, (literal: string) =>
		/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal)) ? `"${literal}"` : literal,
	);
	return JSON.parse(quoted) as unknown;
}

/**
 * An invoice number's digit string as the node outputs it, the way {@link readCfisJson} reads the API's integers:
 * a number when it is at most 2^53 − 1 (as the node always gave it), else the digit string; `null` stays `null`.
 */
export function invoiceNumberOutput(digits: string | null): number | string | null {
	if (digits === null) return null;
	const number = Number(digits);
	return Number.isSafeInteger(number) ? number : digits;
}
