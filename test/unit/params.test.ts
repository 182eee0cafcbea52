/**
 * The generic parameter checks (nodes/shared/params.ts, nodes/shared/validators.ts): every value is checked against
 * the operation's own properties before `prepare`, and `prepare` reads what was checked (trimmed, converted).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkedParameters, withCheckedParameters } from '../../nodes/shared/params';
import { checkDecimalAmount, checkPostalCode, checkVatNumber, checkWebsite } from '../../nodes/Cfis/validators';
import { checkPositiveCents } from '../../nodes/Zertiban/validators';
import { checkNumber, checkOptionValue, checkTextValue } from '../../nodes/shared/validators';

const properties: INodeProperties[] = [
	{ displayName: 'Name', name: 'name', type: 'string', default: '' },
	{ displayName: 'Amount (Cents)', name: 'amount', type: 'number', default: 0, typeOptions: { minValue: 1, numberPrecision: 0 } },
	{ displayName: 'Price', name: 'price', type: 'number', default: 0, typeOptions: { numberPrecision: 2 } },
	{ displayName: 'Kind', name: 'kind', type: 'options', default: 'A', options: [{ name: 'Alpha', value: 'A' }, { name: 'Beta', value: 'B' }] },
	{ displayName: 'Flag', name: 'flag', type: 'boolean', default: false },
	{
		displayName: 'Lines',
		name: 'lines',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		default: {},
		options: [{ displayName: 'Line', name: 'line', values: [{ displayName: 'Role', name: 'role', type: 'options', default: 'X', options: [{ name: 'X', value: 'X' }] }, { displayName: 'Note', name: 'note', type: 'string', default: '' }] }],
	},
	{ displayName: 'Extra', name: 'extra', type: 'collection', default: {}, options: [{ displayName: 'Website', name: 'website', type: 'string', default: '' }] },
];

/** A minimal execute context whose item 0 holds `values` (as n8n resolves them) and whose node holds their names. */
function context(values: IDataObject): IExecuteFunctions {
	return {
		getNode: () => ({ name: 'Node', type: 'test', typeVersion: 1, position: [0, 0], parameters: { ...values }, id: 'n' }),
		getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in values ? values[name] : fallback),
	} as unknown as IExecuteFunctions;
}

const valid = { name: '  Marta ', amount: '2500', price: 0.1 + 0.2, kind: ' B ', flag: 'true', lines: { line: [{ role: 'X', note: ' n ' }] }, extra: { website: ' https://x.fi ' } };

describe('checkedParameters', () => {
	it('returns the values trimmed and converted; prepare reads them through the view', () => {
		const ctx = context(valid);
		const checked = checkedParameters(ctx, properties, 0);
		expect(checked).toEqual({ name: 'Marta', amount: 2500, price: 0.3, kind: 'B', flag: true, lines: { line: [{ role: 'X', note: 'n' }] }, extra: { website: 'https://x.fi' } });
		const view = withCheckedParameters(ctx, 0, checked);
		expect(view.getNodeParameter('name', 0)).toBe('Marta');
		expect(view.getNodeParameter('lines.line', 0)).toEqual([{ role: 'X', note: 'n' }]);
		expect(view.getNodeParameter('missing', 0, 'fallback')).toBe('fallback');
		expect(view.getNode().name).toBe('Node');
	});

	it.each([
		['an object in a text field', { name: { a: 1 } }, /^Invalid Name in item 0: Name must be text, not an object$/],
		['a list in a text field', { name: [1, 2] }, /Name must be text, not a list of 2/],
		['a boolean in a text field', { name: true }, /Name must be text, not the boolean true/],
		['an option value not among the options', { kind: 'b' }, /Invalid Kind in item 0: Kind "b" is not one of the allowed values: A \(Alpha\), B \(Beta\)/],
		['an option value inside a list entry', { lines: { line: [{ role: 'X' }, { role: 'Y' }] } }, /Invalid Role in item 0: Role in Line 2: "Y" is not one of/],
		['cents beyond 2^53', { amount: 2 ** 53 + 2 }, /Amount \(Cents\) 9007199254740994 is too large/],
		['cents not whole', { amount: 12.5 }, /12.5 is not a whole number/],
		['cents below the minimum', { amount: 0 }, /0 is not positive; expected at least 1/],
		['NaN', { amount: Number.NaN }, /"NaN" is not a number/],
		['a word in a number field', { amount: 'abc' }, /"abc" is not a number/],
		['1e21 currency units', { price: 1e21 }, /1e\+21 is too large/],
		['3 decimals', { price: 1.005 + 1 }, /more than 2 decimals/],
		['a word in a boolean', { flag: 'yes' }, /must be true or false/],
		['an object in a collection text field', { extra: { website: { href: 'x' } } }, /Invalid Website in item 0: Website must be text/],
	])('refuses %s, naming the field and the item', (_case, change, message) => {
		expect(() => checkedParameters(context({ ...valid, ...change }), properties, 0)).toThrow(message);
	});
});

describe('value checks', () => {
	it('checkNumber: finite, exact, within range and decimals', () => {
		expect(checkNumber(Infinity)).toMatch(/not a finite number/);
		expect(checkNumber(2 ** 53 - 1, { decimals: 0 })).toBeUndefined();
		expect(checkNumber(2 ** 53 + 2, { decimals: 0 })).toMatch(/too large/);
		expect(checkNumber(90071992547409.91, { decimals: 2 })).toBeUndefined();
		expect(checkNumber(90071992547410, { decimals: 2 })).toMatch(/too large/);
		expect(checkNumber(12345678901.23, { decimals: 2 })).toBeUndefined();
		expect(checkNumber(12345678901.234, { decimals: 2 })).toMatch(/more than 2 decimals/);
		expect(checkNumber(101, { max: 100 })).toMatch(/above 100/);
	});
	it('checkDecimalAmount and checkPositiveCents refuse values JSON cannot carry exactly', () => {
		expect(checkDecimalAmount(1e21)).toMatch(/too large/);
		expect(checkDecimalAmount(2 ** 53 + 2)).toMatch(/too large/);
		expect(checkPositiveCents(2 ** 53 + 2)).toMatch(/too large/);
	});
	it('checkTextValue and checkOptionValue never print "[object Object]"', () => {
		expect(checkTextValue({ toString: () => 'x' })).toBe('must be text, not an object');
		expect(checkTextValue(42)).toBeUndefined();
		expect(checkOptionValue({}, [{ name: 'A', value: 'A' }])).toBe('an object is not one of the allowed values: A (A)');
	});
	it('Client → Create fields: website, postal code by country, VAT number of any country', () => {
		expect(checkWebsite('https://testi.fi')).toBeUndefined();
		expect(checkWebsite('testi.fi/about')).toBeUndefined();
		expect(checkWebsite('javascript:alert(1)')).toMatch(/not a website/);
		expect(checkWebsite('ftp://x.fi')).toMatch(/not a website/);
		expect(checkPostalCode('00100', 'FI')).toBeUndefined();
		expect(checkPostalCode('0010', 'FI')).toMatch(/not a postal code of FI; expected 5 digits/);
		expect(checkPostalCode('114 55', 'SE')).toBeUndefined();
		expect(checkPostalCode('SW1A 1AA', 'GB')).toBeUndefined();
		expect(checkPostalCode('?', 'GB')).toMatch(/not a postal code/);
		expect(checkVatNumber('FI23319727')).toBeUndefined();
		expect(checkVatNumber('FI23319728')).toMatch(/wrong check digit/);
		expect(checkVatNumber('DE123456789')).toBeUndefined();
		expect(checkVatNumber('DE 123456789')).toMatch(/not a VAT number/);
		expect(checkVatNumber('es12345')).toMatch(/not a VAT number/);
	});
});
