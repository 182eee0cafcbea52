/**
 * Zertiban → Flow in a workflow against the sandbox: Create (multipart, PDFs from binary, several operations,
 * input checks, safe create), Create PagaFactu (PDF as binary), Get, Get Many, Get Status History; and the
 * documents of a created flow through Operation → Download Document.
 */
import type { IDataObject } from 'n8n-workflow';

import { ZERTIBAN_CONFIGURATION_UUID, ZERTIBAN_CREDITOR_ACCOUNT_UUID } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { sandboxGet, zertibanControl } from '../helpers/zertiban';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

type Json = IDataObject;
const byId = (uuid: string) => ({ __rl: true, mode: 'id', value: uuid });
/** A small PDF whose bytes carry `marker`. */
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n1 0 obj << >> endobj\n%%EOF\n`, 'latin1');
const binary = (data: Buffer, fileName: string, mimeType = 'application/pdf') => ({
	data: data.toString('base64'),
	mimeType,
	fileName,
});

/** One Payment Operation entry of the Create node (50 cents unless overridden). */
const paymentOp = (extra: Json = {}) => ({ amount: 50, concept: 'Invoice 42', operationExternalId: 'OP-42', ...extra });

/** Today as the node sees it: the day in n8n's default workflow time zone (GENERIC_TIMEZONE, else America/New_York). */
const todayInWorkflowZone = () => new Intl.DateTimeFormat('en-CA', { timeZone: process.env.GENERIC_TIMEZONE ?? 'America/New_York' }).format(new Date());

function create(parameters: Json, inputItems: Json[] = [{}], credentials = fx.zertibanCredentials(), continueOnFail = false) {
	return runNode({
		type: 'zertiban',
		parameters: { resource: 'flow', operation: 'create', countryCode: 'ES', ...parameters },
		inputItems,
		credentials,
		continueOnFail,
	});
}

const flowCreates = async () => (await fx.counters('zertiban')).requests['POST /flow/v1/flows'] ?? 0;

describe('Flow → Create', () => {
	it('creates a flow with two PDFs from binary; downloading them gives back the same bytes, names and type', async () => {
		const invoice = pdf('invoice 42');
		const terms = pdf('terms and conditions');
		const result = await create(
			{
				externalId: 'COLL-42',
				binaryPropertyNames: 'invoice, terms',
				operations: { operation: [paymentOp({ payerName: 'Marta', payerLastName: 'Ruiz', payerEmail: 'marta@example.org' })] },
			},
			[{ $binary: { invoice: binary(invoice, 'invoice-42.pdf'), terms: binary(terms, 'terms.pdf') } }],
		);
		expect(result.error).toBeUndefined();
		const [flow] = result.json('Node') as Array<{ uuid: string; externalId: string; operations: Array<Json & { uuid: string }> }>;
		expect(flow.externalId).toBe('COLL-42');
		expect(flow.operations).toEqual([
			expect.objectContaining({ id: 'op-1', externalId: 'OP-42', url: expect.stringContaining('/link-validator/v1/links/') }),
		]);
		const opUuid = flow.operations[0].uuid;

		const download = await runNode({
			type: 'zertiban',
			parameters: { resource: 'operation', operation: 'download', operationUuid: byId(opUuid) },
			credentials: fx.zertibanCredentials(),
		});
		expect(download.error).toBeUndefined();
		const items = download.items('Node');
		expect(items.map((i) => i.json)).toEqual([
			expect.objectContaining({ operationUuid: opUuid, name: 'invoice-42.pdf', fileName: 'invoice-42.pdf', mimeType: 'application/pdf', fileSize: invoice.length }),
			expect.objectContaining({ name: 'terms.pdf', fileName: 'terms.pdf', fileSize: terms.length }),
		]);
		expect(Buffer.from(items[0].binary?.data.data as string, 'base64').equals(invoice)).toBe(true);
		expect(Buffer.from(items[1].binary?.data.data as string, 'base64').equals(terms)).toBe(true);
		expect(items[1].binary?.data).toMatchObject({ fileName: 'terms.pdf', mimeType: 'application/pdf' });

		const detail = await sandboxGet<Json & { payment: Json }>(fx.info, `/flow/v1/operations/${opUuid}`);
		expect(detail.body).toMatchObject({
			configurationUuid: ZERTIBAN_CONFIGURATION_UUID,
			payment: {
				amount: 50,
				currency: 'EUR',
				concept: 'Invoice 42',
				subject: { name: 'Marta', lastName: 'Ruiz', email: 'marta@example.org' },
				psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER', creditorAccount: { uuid: ZERTIBAN_CREDITOR_ACCOUNT_UUID } },
			},
		});
	});

	it('downloads one document by UUID into the chosen binary field', async () => {
		const only = pdf('only');
		const result = await create(
			{ binaryPropertyNames: 'data', operations: { operation: [paymentOp()] } },
			[{ $binary: { data: binary(only, 'only.pdf') } }],
		);
		const opUuid = (result.json('Node')[0].operations as Array<{ uuid: string }>)[0].uuid;
		const detail = await sandboxGet<{ payment: { documents: Array<{ uuid: string }> } }>(fx.info, `/flow/v1/operations/${opUuid}`);
		const download = await runNode({
			type: 'zertiban',
			parameters: {
				resource: 'operation',
				operation: 'download',
				operationUuid: byId(opUuid),
				documentUuid: detail.body.payment.documents[0].uuid,
				binaryPropertyName: 'pdf',
			},
			credentials: fx.zertibanCredentials(),
		});
		const [item] = download.items('Node');
		expect(Buffer.from(item.binary?.pdf.data as string, 'base64').equals(only)).toBe(true);
	});

	it('creates several payment operations in one flow, each referencing its own document, with FUTURE and instant options', async () => {
		const result = await create(
			{
				externalId: 'MULTI',
				binaryPropertyNames: 'a,b',
				configurationUuid: { __rl: true, mode: 'list', value: ZERTIBAN_CONFIGURATION_UUID },
				beneficiaryAccountUuid: byId(ZERTIBAN_CREDITOR_ACCOUNT_UUID),
				operations: {
					operation: [
						paymentOp({ operationExternalId: 'M-1', documents: 'a', expirationOffset: 'P3D' }),
						paymentOp({
							operationExternalId: 'M-2',
							documents: 'b',
							paymentType: 'FUTURE_PAYMENT',
							requestedExecutionDate: '2099-01-15',
							product: 'INSTANT_SEPA_CREDIT_TRANSFER',
						}),
					],
				},
				additionalFields: { additionalLanguage: 'en', labels: { label: [{ name: 'erp', value: 'odoo' }] } },
			},
			[{ $binary: { a: binary(pdf('a'), 'a.pdf'), b: binary(pdf('b'), 'b.pdf') } }],
		);
		expect(result.error).toBeUndefined();
		const flow = result.json('Node')[0] as { uuid: string; operations: Array<{ uuid: string; id: string }> };
		expect(flow.operations.map((o) => o.id)).toEqual(['op-1', 'op-2']);
		const [one, two] = await Promise.all(
			flow.operations.map((o) => sandboxGet<Json & { payment: Json & { documents: Array<{ name: string }>; psd2Payment: Json } }>(fx.info, `/flow/v1/operations/${o.uuid}`)),
		);
		expect(one.body.expirationOffset).toBe('P3D');
		expect(one.body.payment.documents.map((d) => d.name)).toEqual(['a.pdf']);
		expect(two.body.payment.documents.map((d) => d.name)).toEqual(['b.pdf']);
		expect(two.body.payment.psd2Payment).toMatchObject({
			type: 'FUTURE_PAYMENT',
			requestedExecutionDate: '2099-01-15',
			product: 'INSTANT_SEPA_CREDIT_TRANSFER',
		});
		const detail = await sandboxGet<Json>(fx.info, `/flow/v1/flows/${flow.uuid}`);
		expect(detail.body).toMatchObject({ additionalLanguageCode: 'en', labels: [{ name: 'erp', value: 'odoo' }] });
	});

	const sandboxEnv = () =>
		fx.zertibanCredentials({ environment: 'sandbox' });

	it.each<[string, Json, Json[], RegExp]>([
		['a zero amount', { operations: { operation: [paymentOp({ amount: 0 })] } }, [{}], /Invalid Amount \(Cents\) in item 0: .*not positive/],
		['a decimal amount', { operations: { operation: [paymentOp({ amount: 12.5 })] } }, [{}], /whole number of cents/],
		['a currency that is not ISO 4217', { operations: { operation: [paymentOp({ currency: 'EURO' })] } }, [{}], /Invalid Currency/],
		['a country that is not ISO 3166', { countryCode: 'XX', operations: { operation: [paymentOp()] } }, [{}], /Invalid Country Code/],
		['a country given as ISO alpha-3 (FIN)', { countryCode: 'FIN', operations: { operation: [paymentOp()] } }, [{}], /Invalid Country Code in item 0: Country Code "FIN" is not a two-letter/],
		[
			'an additional language ISO 639-1 does not have (xx)',
			{ operations: { operation: [paymentOp()] }, additionalFields: { additionalLanguage: 'xx' } },
			[{}],
			/Invalid Additional Language in item 0: .*"xx" is not a two-letter lower-case ISO 639-1 code/,
		],
		['an offset of 157 days', { operations: { operation: [paymentOp({ expirationOffset: 'P157D' })] } }, [{}], /Invalid Expiration Offset.*outside P1D to P156D/],
		['an offset in weeks', { operations: { operation: [paymentOp({ expirationOffset: 'P1W' })] } }, [{}], /Invalid Expiration Offset.*period in days/],
		[
			'a FUTURE payment without date',
			{ operations: { operation: [paymentOp({ paymentType: 'FUTURE_PAYMENT' })] } },
			[{}],
			/Requested Execution Date.*required for a Future payment/,
		],
		[
			'a FUTURE payment dated today',
			{ operations: { operation: [paymentOp({ paymentType: 'FUTURE_PAYMENT', requestedExecutionDate: todayInWorkflowZone() })] } },
			[{}],
			// Today in UTC may still be tomorrow in the workflow's zone; either way it is not a business day ahead.
			/Requested Execution Date in item 0: .*(is not in the future|is too early: Zertiban needs at least one business day ahead)/,
		],
		[
			'a FUTURE payment on a Saturday (docs/zertiban.md §6.1: business days)',
			{ operations: { operation: [paymentOp({ paymentType: 'FUTURE_PAYMENT', requestedExecutionDate: '2099-01-17' })] } },
			[{}],
			/^Invalid Requested Execution Date in item 0: Requested Execution Date 2099-01-17 is not a SEPA business day .*such as 2099-01-19$/,
		],
		[
			'a FUTURE payment on Christmas Day (a TARGET2 holiday)',
			{ operations: { operation: [paymentOp({ paymentType: 'FUTURE_PAYMENT', requestedExecutionDate: '2098-12-25' })] } },
			[{}],
			/Requested Execution Date 2098-12-25 is not a SEPA business day/,
		],
		[
			'a FUTURE payment on Good Friday (a TARGET2 holiday)',
			{ operations: { operation: [paymentOp({ paymentType: 'FUTURE_PAYMENT', requestedExecutionDate: '2099-04-10' })] } },
			[{}],
			/Requested Execution Date 2099-04-10 is not a SEPA business day/,
		],
		['an empty amount (the field has no default)', { operations: { operation: [{ concept: 'Invoice 42' }] } }, [{}], /Invalid Amount \(Cents\) in item 0: Amount \(Cents\) is empty/],
		['a bad payer e-mail', { operations: { operation: [paymentOp({ payerEmail: 'marta' })] } }, [{}], /Invalid Payer Email/],
		[
			'a malformed configuration UUID',
			{ configurationUuid: byId('={{ $json.configuration }}'), operations: { operation: [paymentOp()] } },
			[{ configuration: 'nope' }],
			/Invalid Configuration in item 0: Configuration "nope" is not a UUID/,
		],
		['no payment operation', { operations: {} }, [{}], /Payment Operations.*add at least one/],
		[
			'eleven documents',
			{ binaryPropertyNames: Array.from({ length: 11 }, (_, i) => `d${i}`).join(','), operations: { operation: [paymentOp()] } },
			[{ $binary: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`d${i}`, binary(pdf(String(i)), `${i}.pdf`)])) }],
			/at most 10/,
		],
		[
			'a document that is not a PDF',
			{ binaryPropertyNames: 'data', operations: { operation: [paymentOp()] } },
			[{ $binary: { data: binary(Buffer.from('hello'), 'notes.txt', 'text/plain') } }],
			/not a PDF; Zertiban accepts PDF documents only/,
		],
		['a missing binary field', { binaryPropertyNames: 'data', operations: { operation: [paymentOp()] } }, [{}], /no binary field of that name/],
		[
			'an operation naming an unknown document',
			{ binaryPropertyNames: 'data', operations: { operation: [paymentOp({ documents: 'other' })] } },
			[{ $binary: { data: binary(pdf('x'), 'x.pdf') } }],
			/"other", which is not in Input Binary Fields/,
		],
	])('refuses %s before sending anything', async (_name, parameters, inputItems, message) => {
		await fx.resetCounters('zertiban');
		const result = await create(parameters, inputItems);
		expect(result.error?.message).toMatch(message);
		expect(await flowCreates()).toBe(0);
		expect((await fx.counters('zertiban')).tokenRequests).toBe(0);
	});

	it('a Single payment never sends a Requested Execution Date (the field shows only for Future payments)', async () => {
		const result = await create({ operations: { operation: [paymentOp({ requestedExecutionDate: '2099-01-01' })] } });
		expect(result.error).toBeUndefined();
		const [flow] = result.json('Node') as Array<{ operations: Array<{ uuid: string }> }>;
		const operation = await sandboxGet<Json & { payment: Json & { psd2Payment: Json } }>(fx.info, `/flow/v1/operations/${flow.operations[0].uuid}`);
		expect(operation.body.payment.psd2Payment.type).toBe('SINGLE_PAYMENT');
		expect(operation.body.payment.psd2Payment).not.toHaveProperty('requestedExecutionDate');
	});

	it('a PDF-named file whose content is not a PDF, in item 3 of 5, stops the node before any flow is created', async () => {
		await fx.resetCounters('zertiban');
		const items = Array.from({ length: 5 }, (_, i) => ({
			$binary: { data: binary(i === 3 ? Buffer.from('<html>not a pdf</html>') : pdf(String(i)), `invoice-${i}.pdf`) },
		}));
		const result = await create({ binaryPropertyNames: 'data', operations: { operation: [paymentOp()] } }, items);
		expect(result.error?.message).toMatch(/Invalid Input Binary Fields in item 3: .*"data", which does not hold a PDF file/);
		expect(await flowCreates()).toBe(0);
		expect((await fx.counters('zertiban')).tokenRequests).toBe(0);
	});

	it('in the sandbox environment refuses an amount above 100 cents, saying why; 100 cents passes the check', async () => {
		const creds = sandboxEnv();
		const refused = await create({ operations: { operation: [paymentOp({ amount: 101 })] } }, [{}], creds);
		expect(refused.error?.message).toMatch(/Invalid Amount \(Cents\) in item 0: .*101 is above 100: the Zertiban sandbox caps every payment at €1/);
		// a custom base URL (the local sandbox) has no such cap in the node: the local sandbox itself answers 400
		await zertibanControl(fx.info, 'amount-cap', { maxCents: null });
		const custom = await create({ operations: { operation: [paymentOp({ amount: 250_000 })] } });
		expect(custom.error).toBeUndefined();
	});

	it('with Continue On Fail, a bad item fails alone and the others are created', async () => {
		const result = await create(
			{ operations: { operation: [paymentOp({ amount: '={{ $json.amount }}', operationExternalId: '={{ $json.ref }}' })] } },
			[
				{ amount: 50, ref: 'A' },
				{ amount: -5, ref: 'B' },
				{ amount: 75, ref: 'C' },
			],
			fx.zertibanCredentials(),
			true,
		);
		const out = result.json('Node');
		expect(out).toHaveLength(3);
		expect(out[1].error).toMatch(/Invalid Amount \(Cents\) in item 1/);
		expect((out[0].operations as Json[])[0].externalId).toBe('A');
		expect((out[2].operations as Json[])[0].externalId).toBe('C');
		expect(result.items('Node').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('creates one item at a time: a Zertiban 400 on item 1 of 5 stops the node before items 2-4 are sent', async () => {
		await fx.resetCounters('zertiban');
		const inactive = '6c2f3a5b-9d4e-4f70-8b8c-2d3e4f5a6b7c';
		const result = await create(
			{ externalId: '={{ $json.ext }}', configurationUuid: byId('={{ $json.config }}'), operations: { operation: [paymentOp()] } },
			[0, 1, 2, 3, 4].map((i) => ({ ext: `SEQ-${i}`, config: i === 1 ? inactive : ZERTIBAN_CONFIGURATION_UUID })),
		);
		expect(result.error?.message).toMatch(/refused the request as malformed \(400\)/);
		expect(await flowCreates()).toBe(2);
		const stored = async (ext: string) => (await sandboxGet<{ total: number }>(fx.info, `/flow/v1/flows?q_externalId=${ext}`)).body.total;
		expect(await stored('SEQ-0')).toBe(1);
		expect([await stored('SEQ-2'), await stored('SEQ-3'), await stored('SEQ-4')]).toEqual([0, 0, 0]);
	});

	it('a Zertiban 400 (inactive configuration) fails the item with Zertiban\'s reason', async () => {
		const result = await create({
			configurationUuid: byId('6c2f3a5b-9d4e-4f70-8b8c-2d3e4f5a6b7c'),
			operations: { operation: [paymentOp()] },
		});
		expect(result.error?.message).toMatch(/refused the request as malformed \(400\)/);
		expect(result.error?.description).toMatch(/not ACTIVE/);
	});
});

describe('Flow → Create: safe create when the answer is lost', () => {
	it('finds the flow by its external ID instead of creating it again; as Zertiban gives no payer URL for it, the item fails naming the flow', async () => {
		await fx.resetCounters('zertiban');
		await zertibanControl(fx.info, 'drop-next-create');
		const result = await create({ externalId: 'SAFE-1', operations: { operation: [paymentOp({ operationExternalId: 'SAFE-OP' })] } });
		const list = await sandboxGet<{ total: number; results: Array<{ uuid: string; paymentOperations: Array<{ uuid: string }> }> }>(
			fx.info,
			'/flow/v1/flows?q_externalId=SAFE-1',
		);
		expect(list.body.total).toBe(1);
		const [flow] = list.body.results;
		expect(result.error?.message).toBe('Flow SAFE-1 was created, but its answer was lost and Zertiban does not return the payer URL (nor a PagaFactu PDF) again');
		expect(result.error?.description).toContain(`Flow ${flow.uuid} exists (operations: ${flow.paymentOperations[0].uuid})`);
		expect(await flowCreates()).toBe(1);
		// it asked the operation detail for the URL (docs/zertiban.md §7.2) before giving up
		expect((await fx.counters('zertiban')).requests['GET /flow/v1/operations/:uuid']).toBe(1);
	});

	it('with Continue On Fail, the recovered flow comes out as an error item (no empty payment link) and the next item is created', async () => {
		await zertibanControl(fx.info, 'drop-next-create');
		const result = await create(
			{ externalId: '={{ $json.ext }}', operations: { operation: [paymentOp()] } },
			[{ ext: 'SAFE-4' }, { ext: 'SAFE-5' }],
			fx.zertibanCredentials(),
			true,
		);
		const [lost, next] = result.json('Node');
		expect(lost).toMatchObject({ error: expect.stringMatching(/Flow SAFE-4 was created, but its answer was lost/) });
		expect(lost).not.toHaveProperty('operations');
		expect(next).toMatchObject({ externalId: 'SAFE-5', operations: [expect.objectContaining({ url: expect.stringContaining('/link-validator/v1/links/') })] });
	});

	it('a 201 whose body is not JSON fails with a clear API error saying the flow probably exists (no bare SyntaxError, no resend)', async () => {
		await fx.resetCounters('zertiban');
		await zertibanControl(fx.info, 'drop-next-create', { answer: 'html' });
		const result = await create({ externalId: 'HTML-1', operations: { operation: [paymentOp()] } });
		expect(result.error?.name).toBe('NodeApiError');
		expect(result.error?.message).toBe('Zertiban accepted the create (2xx) but answered with a body that is not JSON');
		expect(result.error?.description).toMatch(/most likely created.*Flow External ID/);
		expect(await flowCreates()).toBe(1);
	});

	it('refuses two items with the same Flow External ID before sending anything, naming both items', async () => {
		await fx.resetCounters('zertiban');
		const result = await create({ externalId: '={{ $json.ext }}', operations: { operation: [paymentOp()] } }, [{ ext: 'A' }, { ext: 'B' }, { ext: 'A' }]);
		expect(result.error?.message).toMatch(/^Invalid Flow External ID in item 2: .*"A" is also the Flow External ID of item 0/);
		expect(await flowCreates()).toBe(0);
	});

	it('without an external ID it stops with an error and does not send the create again', async () => {
		await fx.resetCounters('zertiban');
		await zertibanControl(fx.info, 'drop-next-create');
		const result = await create({ operations: { operation: [paymentOp()] } });
		expect(result.error?.message).toMatch(/answer to the flow create was lost/);
		expect(result.error?.description).toMatch(/ECONNRESET.*set a Flow External ID/);
		expect(await flowCreates()).toBe(1);
	});

	it('a 503 before anything was stored: the lookup finds nothing, so the create is sent once more and succeeds', async () => {
		await fx.control('zertiban', 'faults', { status: 503, count: 1, path: '/flow/v1/flows', method: 'POST' });
		await fx.resetCounters('zertiban');
		const result = await create({ externalId: 'SAFE-2', operations: { operation: [paymentOp()] } });
		expect(result.error).toBeUndefined();
		expect(result.json('Node')[0]).toMatchObject({ externalId: 'SAFE-2', operations: [expect.objectContaining({ url: expect.any(String) })] });
		expect(await flowCreates()).toBe(2);
		// one look-up before the create (If Payment Link Exists), one after the lost answer
		expect((await fx.counters('zertiban')).requests['GET /flow/v1/flows']).toBe(2);
		const list = await sandboxGet<{ total: number }>(fx.info, '/flow/v1/flows?q_externalId=SAFE-2');
		expect(list.body.total).toBe(1);
	});
	it('503 first, then the resend loses its answer: the second lookup finds the one flow stored, and says the URL is not returned', async () => {
		await fx.control('zertiban', 'faults', { status: 503, count: 1, path: '/flow/v1/flows', method: 'POST' });
		await zertibanControl(fx.info, 'drop-next-create');
		await fx.resetCounters('zertiban');
		const result = await create({ externalId: 'SAFE-3', operations: { operation: [paymentOp({ operationExternalId: 'SAFE-3-OP' })] } });
		expect(result.error?.message).toMatch(/^Flow SAFE-3 was created, but its answer was lost/);
		expect(await flowCreates()).toBe(2);
		// one look-up before the create (If Payment Link Exists), one after each lost answer
		expect((await fx.counters('zertiban')).requests['GET /flow/v1/flows']).toBe(3);
		const list = await sandboxGet<{ total: number }>(fx.info, '/flow/v1/flows?q_externalId=SAFE-3');
		expect(list.body.total).toBe(1);
	});
});

describe('Flow → Create: a flow with the same Flow External ID already exists (a re-run, another execution)', () => {
	const stored = async (ext: string) =>
		(await sandboxGet<{ total: number; results: Array<{ uuid: string }> }>(fx.info, `/flow/v1/flows?q_externalId=${ext}`)).body;
	const once = async (ext: string, extra: Json = {}) => {
		const first = await create({ externalId: ext, operations: { operation: [paymentOp()] }, ...extra });
		expect(first.error).toBeUndefined();
		await fx.resetCounters('zertiban');
	};

	it('by default the same items run again create nothing and come out as the existing flows with created: false and no payer URL, every item (not only the first)', async () => {
		await once('AGAIN-1');
		await once('AGAIN-1B');
		const again = await create({ externalId: '={{ $json.ext }}', operations: { operation: [paymentOp()] } }, [{ ext: 'AGAIN-1' }, { ext: 'AGAIN-1B' }]);
		expect(again.error).toBeUndefined();
		const [first, second] = again.json('Node');
		expect(first).toEqual({
			uuid: (await stored('AGAIN-1')).results[0].uuid,
			externalId: 'AGAIN-1',
			createdAt: expect.any(String),
			status: expect.any(String),
			operations: [expect.objectContaining({ uuid: expect.any(String), status: expect.any(String) })],
			created: false,
		});
		expect(JSON.stringify(first)).not.toMatch(/"url"/);
		expect(second).toMatchObject({ externalId: 'AGAIN-1B', created: false });
		expect(await flowCreates()).toBe(0);
		expect((await stored('AGAIN-1')).total).toBe(1);
	});

	it('a flow under the same external ID that differs (amount, concept) is never returned: the error names the differences', async () => {
		await once('AGAIN-2');
		const again = await create({ externalId: 'AGAIN-2', operations: { operation: [paymentOp({ amount: 75, concept: 'Invoice 43' })] } });
		expect(again.error?.message).toBe('Item 0: Flow External ID AGAIN-2 is already used by a different payment link');
		expect(again.error?.description).toContain('operation 1 amount 50 (this item: 75)');
		expect(again.error?.description).toContain('operation 1 concept Invoice 42 (this item: Invoice 43)');
		expect(again.json('Node')).toEqual([]);
		expect(await flowCreates()).toBe(0);
	});

	it('If Payment Link Exists: Fail stops with an error naming the item and the external ID, without reading the operations', async () => {
		await once('AGAIN-3');
		const again = await create({ externalId: '={{ $json.ext }}', ifLinkExists: 'fail', operations: { operation: [paymentOp()] } }, [{ ext: 'NEW-3' }, { ext: 'AGAIN-3' }]);
		expect(again.error?.message).toBe('Item 1: a payment link for Flow External ID AGAIN-3 already exists');
		expect(await flowCreates()).toBe(1);
		expect((await fx.counters('zertiban')).requests['GET /flow/v1/operations/:uuid']).toBeUndefined();
		expect((await stored('AGAIN-3')).total).toBe(1);
	});

	it('If Payment Link Exists: Create Another Link creates a second flow, and a lost answer then recovers the new flow, not the old one', async () => {
		await once('AGAIN-4');
		const [old] = (await stored('AGAIN-4')).results;
		const another = await create({ externalId: 'AGAIN-4', ifLinkExists: 'createAnother', operations: { operation: [paymentOp()] } });
		expect(another.error).toBeUndefined();
		expect(another.json('Node')[0]).toMatchObject({ externalId: 'AGAIN-4', operations: [expect.objectContaining({ url: expect.any(String) })] });
		expect((await stored('AGAIN-4')).total).toBe(2);
		await zertibanControl(fx.info, 'drop-next-create');
		const lost = await create({ externalId: 'AGAIN-4', ifLinkExists: 'createAnother', operations: { operation: [paymentOp()] } });
		const flows = (await stored('AGAIN-4')).results.map((f) => f.uuid);
		expect(flows).toHaveLength(3);
		const newest = flows.find((uuid) => uuid !== old.uuid && uuid !== another.json('Node')[0].uuid);
		expect(lost.error?.message).toMatch(/^Flow AGAIN-4 was created, but its answer was lost/);
		expect(lost.error?.description).toContain(`Flow ${String(newest)} exists`);
	});

	it('an If Payment Link Exists value given by expression must be one of the three, checked before any request', async () => {
		await fx.resetCounters('zertiban');
		const bad = await create({ externalId: 'AGAIN-5', ifLinkExists: '={{ "maybe" }}', operations: { operation: [paymentOp()] } });
		expect(bad.error?.message).toMatch(/^Invalid If Payment Link Exists in item 0: If Payment Link Exists "maybe" is not one of the allowed values: outputExisting \(Output the Existing Link Without Its URL\), fail \(Fail\), createAnother \(Create Another Link\)/);
		expect(fx.totalRequests(await fx.counters('zertiban'))).toBe(0);
	});
});

describe('Flow → Create PagaFactu', () => {
	const pagaFactu = (parameters: Json, inputItems: Json[] = [{}]) =>
		runNode({
			type: 'zertiban',
			parameters: {
				resource: 'flow',
				operation: 'createPagaFactu',
				countryCode: 'ES',
				externalId: 'PF-7',
				amount: 99,
				concept: 'Factura A-7',
				operationExternalId: 'PF-OP-7',
				invoiceExternalId: 'A-7',
				invoiceName: 'Factura A-7',
				...parameters,
			},
			inputItems,
			credentials: fx.zertibanCredentials(),
		});

	it('returns the payment link and the generated PDF as binary data (not as Base64 in the JSON)', async () => {
		const result = await pagaFactu({ invoiceDocument: 'generate', invoiceDueDate: '2026-12-31' });
		expect(result.error).toBeUndefined();
		const [item] = result.items('Node');
		const op = (item.json.operations as Json[])[0];
		expect(op.url).toEqual(expect.stringContaining('/link-validator/v1/links/'));
		expect(op).not.toHaveProperty('document');
		expect(item.binary?.data).toMatchObject({ mimeType: 'application/pdf', fileName: 'A-7.pdf' });
		expect(Buffer.from(item.binary?.data.data as string, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
		const detail = await sandboxGet<Json>(fx.info, `/flow/v1/operations/${String(op.uuid)}`);
		expect(detail.body).toMatchObject({ externalId: 'PF-OP-7', invoice: { externalId: 'A-7', dueDate: '2026-12-31' } });
	});

	it('sends your own PDF (part invoice-file) and returns the PDF Zertiban sends back', async () => {
		const own = pdf('own invoice');
		const result = await pagaFactu(
			{ invoiceDocument: 'own', invoiceBinaryProperty: 'invoice', binaryPropertyName: 'withQr' },
			[{ $binary: { invoice: binary(own, 'A-7.pdf') } }],
		);
		expect(result.error).toBeUndefined();
		const [item] = result.items('Node');
		expect(Buffer.from(item.binary?.withQr.data as string, 'base64').equals(own)).toBe(true);
	});

	it('link only: no binary output; a non-PDF own invoice and a bad due date are refused before sending', async () => {
		const linkOnly = await pagaFactu({ invoiceDocument: 'none' });
		expect(linkOnly.items('Node')[0].binary).toBeUndefined();
		const text = await pagaFactu({ invoiceDocument: 'own' }, [{ $binary: { data: binary(Buffer.from('x'), 'a.txt', 'text/plain') } }]);
		expect(text.error?.message).toMatch(/Invalid Input Binary Field in item 0/);
		const due = await pagaFactu({ invoiceDueDate: '2026-02-30' });
		expect(due.error?.message).toMatch(/Invalid Invoice Due Date/);
		const tooLarge = await pagaFactu({ invoiceDocument: 'own' }, [
			{ $binary: { data: { ...binary(pdf('big'), 'big.pdf'), bytes: 8 * 1024 * 1024 + 1 } } },
		]);
		expect(tooLarge.error?.message).toMatch(/Invalid Input Binary Field in item 0: .*"data" holds 8388609 bytes; at most 8388608 bytes \(8 MB\)/);
		const fake = await pagaFactu({ invoiceDocument: 'own' }, [{ $binary: { data: binary(Buffer.from('PK\u0003\u0004zip'), 'a.pdf') } }]);
		expect(fake.error?.message).toMatch(/Invalid Input Binary Field in item 0: .*"data" does not hold a PDF file/);
		expect((await fx.counters('zertiban')).requests['POST /pagafactu/v1/flows/pagafactu']).toBe(1);
		const big = await pagaFactu({ amount: 0 });
		expect(big.error?.message).toMatch(/Invalid Amount \(Cents\)/);
	});
});

describe('Flow → Get, Get Many, Get Status History', () => {
	it('gets a flow and its status history as the payer moves it along', async () => {
		const created = await create({ externalId: 'H-1', operations: { operation: [paymentOp()] } });
		const flow = created.json('Node')[0] as { uuid: string; operations: Array<{ uuid: string }> };
		await zertibanControl(fx.info, `operations/${flow.operations[0].uuid}/open`);
		await zertibanControl(fx.info, `operations/${flow.operations[0].uuid}/complete`);
		const get = await runNode({
			type: 'zertiban',
			parameters: { resource: 'flow', operation: 'get', flowUuid: byId(flow.uuid) },
			credentials: fx.zertibanCredentials(),
		});
		expect(get.json('Node')[0]).toMatchObject({
			uuid: flow.uuid,
			status: 'COMPLETED',
			paymentOperations: [{ uuid: flow.operations[0].uuid, status: 'COMPLETED', amount: 50 }],
		});
		const history = await runNode({
			type: 'zertiban',
			parameters: { resource: 'flow', operation: 'getStatusHistory', flowUuid: byId(flow.uuid) },
			credentials: fx.zertibanCredentials(),
		});
		expect(history.json('Node').map((h) => `${String(h.previousStatus)}>${String(h.newStatus)}`)).toEqual([
			'IN_PROGRESS>COMPLETED',
			'CREATED>IN_PROGRESS',
			'CREATED>CREATED',
		]);
		const missing = await runNode({
			type: 'zertiban',
			parameters: { resource: 'flow', operation: 'get', flowUuid: byId('00000000-0000-4000-8000-000000000000') },
			credentials: fx.zertibanCredentials(),
		});
		expect(missing.error?.message).toMatch(/no flow 00000000-0000-4000-8000-000000000000 for this business \(404\)/);
	});

	it('Get Many filters by status, external ID and product label, and sorts', async () => {
		const run = (parameters: Json) =>
			runNode({ type: 'zertiban', parameters: { resource: 'flow', operation: 'getMany', returnAll: true, ...parameters }, credentials: fx.zertibanCredentials() });
		const completed = await run({ filters: { status: ['COMPLETED'] } });
		expect(completed.json('Node').length).toBeGreaterThan(0);
		expect(completed.json('Node').every((f) => f.status === 'COMPLETED')).toBe(true);
		const byExternal = await run({ filters: { externalId: 'FLOW-EXT-100' } });
		expect(byExternal.json('Node').map((f) => f.externalId)).toEqual(['FLOW-EXT-100']);
		const pagafactu = await run({ filters: { productLabelValue: 'pagafactu' } });
		expect(pagafactu.json('Node').map((f) => f.externalId)).toEqual(['FLOW-EXT-106', 'FLOW-EXT-99']);
		const ascending = await run({ sort: { sortBy: 'createdAt', direction: 'ASC' }, limit: 3, returnAll: false });
		const times = ascending.json('Node').map((f) => String(f.createdAt));
		expect(times).toHaveLength(3);
		expect([...times].sort()).toEqual(times);
		const badDate = await run({ filters: { createdAfter: 'yesterday' } });
		expect(badDate.error?.message).toMatch(/Invalid Created After in item 0/);
	});
});
