/**
 * The CFIS sandbox and 18-digit invoice numbers (cfis.md §10: integer in `invoice.header.number` and action
 * `data.invoiceNumber`, up to 18 digits): it reads them without rounding, stores and answers them exactly, and refuses
 * a string, a fraction or a 19th digit where an integer is asked for. Raw JSON text in and out: a JavaScript number
 * could not even write these requests.
 */
import { startSandbox, type Sandbox, type SandboxInfo } from '../../sandbox';
import { parseExactJson, stringifyExactJson } from '../../sandbox/cfis/exact-json';
import { call, cfisOrigin, control } from './helpers';

let sandbox: Sandbox;
let info: SandboxInfo;

beforeAll(async () => {
	sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	info = sandbox.info;
});
afterAll(() => sandbox.close());
beforeEach(() => control(cfisOrigin(info), 'reset'));

/** Sends raw JSON text (so any integer literal goes out as written). */
const raw = (method: string, path: string, text: string) =>
	call<Record<string, unknown>>(`${info.cfis.baseUrl}${path}`, { method, headers: { 'x-api-key': info.cfis.clientToken, 'content-type': 'application/json' }, body: text });

const today = new Date().toISOString().slice(0, 10);
/** A SalesInvoiceRequest with `number` spliced in as written (a literal, or a quoted string). */
const invoiceText = (number: string, extra = '') =>
	`{"processing":{"paymentControlEnabled":true},"distribution":{"method":"EMAIL","enabled":true},"invoice":{"header":{"number":${number},"type":"INVOICE","date":"${today}","dueDate":"${today}","currencyCode":"EUR"}${extra},"parties":{"sellerParty":{"businessId":"0737546-2","name":"S"},"buyerParty":{"name":"B","contact":{"email":"b@b.fi"}}},"rows":[{"name":"L","quantity":1,"unitPrice":10,"vatPercentage":0}]}}`;

const fieldsOf = (res: { status: number; body: Record<string, unknown> }) => {
	expect(res.status).toBe(400);
	return (res.body.errors as Array<{ field: string }>).map((e) => e.field);
};

describe('CFIS sandbox: invoice numbers of 18 digits', () => {
	it('stores and answers 999999999999999999 exactly; …998 (the same double) is another invoice, not a duplicate', async () => {
		const first = await raw('POST', '/invoice', invoiceText('999999999999999999'));
		expect(first.status).toBe(201);
		expect(first.text).toContain('"invoiceNumber":999999999999999999,');
		const neighbour = await raw('POST', '/invoice', invoiceText('999999999999999998'));
		expect(neighbour.status).toBe(201);
		expect(neighbour.text).toContain('"invoiceNumber":999999999999999998,');
		const again = await raw('POST', '/invoice', invoiceText('999999999999999999'));
		expect(again.body.status).toBe('DUPLICATE');
		expect(again.text).toContain('"invoiceNumber":999999999999999999,');
		const distribution = await call(`${info.cfis.baseUrl}/invoice/distribution?invoiceNumber=999999999999999998`, { headers: { 'x-api-key': info.cfis.clientToken } });
		expect((distribution.body as { data: Array<{ invoiceNumber: string }> }).data.map((d) => d.invoiceNumber)).toEqual(['999999999999999998']);
	});

	it('an action by data.invoiceNumber 9007199254740993 finds that invoice\'s case (not …992\'s)', async () => {
		const created = await raw('POST', '/invoice', invoiceText('9007199254740993'));
		const caseId = created.body.caseId as number;
		const other = await raw('POST', '/invoice', invoiceText('9007199254740992'));
		expect(other.body.caseId).not.toBe(caseId);
		const action = await raw('POST', '/invoice/action', '{"actions":[{"code":"COMMENT","comment":"x","data":{"invoiceNumber":9007199254740993}}]}');
		expect(action.status).toBeLessThan(300);
		const queued = await call(`${cfisOrigin(info)}/__sandbox/cfis/actions?caseId=${caseId}`);
		expect(queued.text).toContain('"invoiceNumber":9007199254740993');
	});

	it('refuses a string, a fraction and a 19-digit integer where an integer is asked for', async () => {
		expect(fieldsOf(await raw('POST', '/invoice', invoiceText('"251601000"')))).toContain('invoice.header.number');
		expect(fieldsOf(await raw('POST', '/invoice', invoiceText('2516.5')))).toContain('invoice.header.number');
		expect(fieldsOf(await raw('POST', '/invoice', invoiceText('1000000000000000000')))).toContain('invoice.header.number');
		const credit = invoiceText('7001', ',"references":{"creditedInvoiceNumber":"999999999999999999"}').replace('"type":"INVOICE"', '"type":"CREDIT_NOTE"');
		expect(fieldsOf(await raw('POST', '/invoice', credit))).toContain('invoice.references.creditedInvoiceNumber');
		const action = await raw('POST', '/invoice/action', '{"actions":[{"code":"COMMENT","comment":"x","data":{"invoiceNumber":"999999999999999999"}}]}');
		expect(fieldsOf(action)).toEqual(['actions[0].data.invoiceNumber']);
		const tooLong = await raw('POST', '/invoice/action', '{"actions":[{"code":"COMMENT","comment":"x","data":{"invoiceNumber":10000000000000000000}}]}');
		expect(fieldsOf(tooLong)).toEqual(['actions[0].data.invoiceNumber']);
	});

	it('answers 400 to JSON it cannot parse', async () => {
		expect((await raw('POST', '/invoice', '{"invoice": 99999999999999999999')).status).toBe(400);
	});
});

describe('the sandbox\'s exact JSON', () => {
	it('reads big integer literals as bigint, leaves digits in strings and small numbers alone, and writes bigint back', () => {
		const parsed = parseExactJson('{"a":999999999999999999,"b":"999999999999999999","c":12,"d":-9007199254740993,"e":1.5,"f":"x\\"9007199254740993"}') as Record<string, unknown>;
		expect(parsed).toEqual({ a: 999999999999999999n, b: '999999999999999999', c: 12, d: -9007199254740993n, e: 1.5, f: 'x"9007199254740993' });
		expect(stringifyExactJson(parsed)).toBe('{"a":999999999999999999,"b":"999999999999999999","c":12,"d":-9007199254740993,"e":1.5,"f":"x\\"9007199254740993"}');
	});

	it('writes a bigint exactly even where a library gave BigInt a toJSON (n8n-workflow does)', () => {
		const proto = BigInt.prototype as unknown as { toJSON?: () => string };
		const before = proto.toJSON;
		proto.toJSON = function (this: bigint) {
			return this.toString();
		};
		try {
			expect(stringifyExactJson({ n: 9007199254740993n, s: '9007199254740993' })).toBe('{"n":9007199254740993,"s":"9007199254740993"}');
		} finally {
			if (before) proto.toJSON = before;
			else delete proto.toJSON;
		}
	});
});
