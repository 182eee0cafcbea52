/**
 * Invoice numbers of up to 18 digits (docs/cfis.md §10) in the Confirma Finance node: the check every invoice-number
 * field runs, the exact JSON writer and reader of the one transport (nodes/Cfis/transport/json.ts), the text check
 * every text parameter runs (a number beyond 2^53 − 1 has already lost digits), and the credit-note body rewrite.
 */
import fc from 'fast-check';

import { withIntegerInvoiceNumbers } from '../../nodes/Cfis/actions/invoice/salesInvoice';
import { invoiceNumberOutput, JsonInteger, readCfisJson, writeCfisJson } from '../../nodes/Cfis/transport/json';
import { checkInvoiceNumber } from '../../nodes/Cfis/validators';
import { checkTextValue } from '../../nodes/shared/validators';

describe('checkInvoiceNumber', () => {
	it('takes 1 to 18 digits as text, and whole numbers up to 2^53 − 1', () => {
		for (const good of ['1', '251601000', '9007199254740993', '999999999999999999', ' 42 ', 1, 251601000, Number.MAX_SAFE_INTEGER]) {
			expect(checkInvoiceNumber(good)).toBeUndefined();
		}
	});

	it('refuses 19 digits, non-digits, a leading zero, zero, signs, fractions and non-text', () => {
		expect(checkInvoiceNumber('1000000000000000000')).toMatch(/has 19 digits; an invoice number has at most 18/);
		for (const bad of ['12A', '12.5', '-5', '+5', '1e5', '', ' ', '1 000', '0x10', '١٢٣']) expect(checkInvoiceNumber(bad)).toMatch(/is not an invoice number/);
		expect(checkInvoiceNumber('0123')).toMatch(/starts with 0/);
		expect(checkInvoiceNumber('0')).toMatch(/starts with 0/);
		for (const bad of [0, -7, 12.5, Number.NaN, Infinity]) expect(checkInvoiceNumber(bad)).toMatch(/is not a positive whole number/);
		for (const bad of [null, true, {}, ['1']]) expect(checkInvoiceNumber(bad)).toMatch(/must be text of 1 to 18 digits/);
	});

	it('refuses a JavaScript number beyond 2^53 − 1: its digits are already wrong (9007199254740993 arrives as …992)', () => {
		const arrived = Number('9007199254740993');
		expect(checkInvoiceNumber(arrived)).toBe('9007199254740992 is a number beyond 2^53 − 1 (9007199254740991): JavaScript has already changed its last digits, so give the invoice number as text (a string of digits)');
		expect(checkInvoiceNumber(2 ** 53)).toMatch(/beyond 2\^53/);
		expect(checkInvoiceNumber(1e21)).toMatch(/beyond 2\^53/);
	});
});

describe('checkTextValue (every text parameter)', () => {
	it('refuses a whole number beyond 2^53 − 1 and still takes smaller numbers and fractions', () => {
		expect(checkTextValue(2 ** 53 + 2)).toMatch(/^is the number 9007199254740994, beyond 2\^53 − 1/);
		expect(checkTextValue(Number.MAX_SAFE_INTEGER)).toBeUndefined();
		expect(checkTextValue(12.5)).toBeUndefined();
	});
});

describe('the Confirma Finance JSON writer and reader', () => {
	it('writes a JsonInteger as a bare integer literal of exactly its digits; strings that look alike stay strings', () => {
		const text = writeCfisJson({ actions: [{ data: { invoiceNumber: new JsonInteger('999999999999999999') as never, reference: '999999999999999999' } }] });
		expect(text).toBe('{"actions":[{"data":{"invoiceNumber":999999999999999999,"reference":"999999999999999999"}}]}');
	});

	it('JsonInteger refuses anything but 1 to 18 digits without a leading zero', () => {
		for (const bad of ['', '0', '012', '1000000000000000000', '1.5', '-1']) expect(() => new JsonInteger(bad)).toThrow(/not a JSON integer/);
	});

	it('a body string holding the marker text is not rewritten (the marker is random per call)', () => {
		const text = writeCfisJson({ a: '~int-0000000000000000:5', b: new JsonInteger('5') as never });
		expect(JSON.parse(text)).toEqual({ a: '~int-0000000000000000:5', b: 5 });
	});

	it('reads integers beyond 2^53 − 1 as digit strings, smaller ones as numbers; never touches digits inside strings', () => {
		const answer = readCfisJson('{"invoiceNumber":999999999999999999,"caseId":481902,"n":-9007199254740993,"amount":1.5,"e":1e21,"s":"a\\"1\\":9007199254740993","list":[9007199254740993, 7]}');
		expect(answer).toEqual({ invoiceNumber: '999999999999999999', caseId: 481902, n: '-9007199254740993', amount: 1.5, e: 1e21, s: 'a"1":9007199254740993', list: ['9007199254740993', 7] });
		expect(readCfisJson('')).toEqual({});
		expect(() => readCfisJson('{"a":')).toThrow(SyntaxError);
	});

	it('round trip: every 1-18 digit number written as a JsonInteger is read back with the same digits', () => {
		fc.assert(
			fc.property(fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }), (n) => {
				const digits = n.toString();
				const back = readCfisJson(writeCfisJson({ number: new JsonInteger(digits) as never })) as { number: string | number };
				expect(String(back.number)).toBe(digits);
				expect(invoiceNumberOutput(digits)).toBe(back.number);
			}),
			{ seed: 20261206, numRuns: 500 },
		);
	});
});

describe('withIntegerInvoiceNumbers (Invoice → Create)', () => {
	it('turns header.number and the credited number into JSON integers, leaves the given body unchanged', () => {
		const body = { invoice: { header: { number: '999999999999999999', type: 'CREDIT_NOTE' }, references: { creditedInvoiceNumber: 251601000, payment: '1337109' } } };
		const sent = writeCfisJson(withIntegerInvoiceNumbers(body));
		expect(sent).toBe('{"invoice":{"header":{"number":999999999999999999,"type":"CREDIT_NOTE"},"references":{"creditedInvoiceNumber":251601000,"payment":"1337109"}}}');
		expect(body.invoice.header.number).toBe('999999999999999999');
	});
});
