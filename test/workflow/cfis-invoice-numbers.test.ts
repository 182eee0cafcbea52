/**
 * Invoice numbers of up to 18 digits (docs/cfis.md §10), more than a JavaScript number holds exactly (2^53 − 1 =
 * 9007199254740991), through the built node in n8n against the sandbox: Invoice → Create (and a credit note for it),
 * Add Actions and Report Payment by invoice number, and the look-ups by invoice number (Get Distribution, the case
 * found through it). The number must come back with the same digits everywhere; the sandbox's raw JSON shows the
 * integers Confirma Finance received. Bad numbers are refused before any request, naming the field and the item.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { startDataTablesDouble, type DataTablesDouble } from '../helpers/dataTables';
import { invoiceCreateParameters } from '../helpers/cfisInvoice';
import { sandboxFixture } from '../helpers/sandbox';
import { CredentialStore, runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let tables: DataTablesDouble;
beforeAll(async () => {
	fx = await sandboxFixture();
	tables = await startDataTablesDouble();
});
afterAll(async () => {
	await tables.close();
	await fx.close();
});

const credentials = () => new CredentialStore({ ...fx.cfisCredentials().data, paymentRecordApi: { baseUrl: tables.url, apiKey: tables.apiKey } });
const run = (parameters: IDataObject, inputItems?: IDataObject[]) => runNode({ type: 'cfis', parameters: { resource: 'invoice', ...parameters }, inputItems, credentials: credentials() });

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
/** Invoice → Create dated today (the look-ups by invoice number search recent invoice dates first). */
const createParameters = (number: string | number, extra: IDataObject = {}): IDataObject => invoiceCreateParameters(number, { date: day(0), dueDate: day(14), ...extra });

/** The raw JSON text of the sandbox's queued actions of a case: integers as Confirma Finance received them. */
async function rawActions(caseId: number): Promise<string> {
	const response = await fetch(`${new URL(fx.info.cfis.baseUrl).origin}/__sandbox/cfis/actions?caseId=${caseId}`);
	return await response.text();
}

const requestsSent = async () => fx.totalRequests(await fx.counters('cfis'));

describe('Invoice numbers beyond 2^53 go through unchanged', () => {
	// 18 nines; and 2^53 + 1, the first integer a JavaScript number cannot hold (it becomes …992).
	for (const number of ['999999999999999999', '9007199254740993']) {
		it(`${number}: Create, a credit note, Add Actions, Report Payment and the look-ups keep every digit`, async () => {
			const created = await run(createParameters(number));
			expect(created.error).toBeUndefined();
			const invoice = created.json('Node')[0];
			expect(invoice).toMatchObject({ invoiceNumber: number, status: 'INVOICED', caseId: expect.any(Number) });
			const caseId = invoice.caseId as number;

			// The same number by expression (a string from the input item) is a duplicate of this very invoice.
			const again = await run(createParameters('={{ $json.number }}'), [{ number }]);
			expect(again.json('Node')[0]).toMatchObject({ invoiceNumber: number, status: 'DUPLICATE', caseId });

			// Look-up by invoice number: the distribution record of exactly this invoice.
			const distribution = await run({ operation: 'getDistribution', invoiceNumber: number });
			expect(distribution.error).toBeUndefined();
			expect(distribution.json('Node')).toEqual([expect.objectContaining({ invoiceNumber: number, caseId })]);

			// An action by invoice number only: Confirma Finance finds the case by it.
			const comment = await run({ operation: 'addActions', invoiceNumber: number, actions: { action: [{ code: 'COMMENT', comment: 'Called the buyer' }] } });
			expect(comment.error).toBeUndefined();
			expect(comment.json('Node')[0].actions).toEqual([expect.objectContaining({ code: 'COMMENT', status: 'PENDING' })]);

			// Report Payment by invoice number: the case is found through the distribution records.
			const paymentKey = randomUUID();
			const reported = await run({
				operation: 'reportPayment',
				paymentKey,
				invoiceNumber: number,
				amount: 0.99,
				currency: 'EUR',
				paymentDate: day(0),
				reference: '1337109',
				paymentMethod: 'Zertiban payment link (PSD2)',
				comment: 'Paid through Zertiban',
			});
			expect(reported.error).toBeUndefined();
			expect(reported.json('Node')[0]).toMatchObject({ outcome: 'reported', caseId, invoiceNumber: number });
			const row = [...tables.tables.values()].flatMap((t) => t.rows).find((r) => r.paymentKey === paymentKey);
			expect(row?.invoiceNumber).toBe(number);

			// What Confirma Finance received: both actions carry the invoice number as a JSON integer of these digits.
			const raw = await rawActions(caseId);
			expect(raw.match(new RegExp(`"invoiceNumber":${number}[,}]`, 'g'))).toHaveLength(2);
			// and nothing of the payment record's bookkeeping (its key, owner, lease) rides along in the Direct Payment
			expect(raw).not.toMatch(/"(paymentKey|owner|leaseUntil|executionId)"/);

			// Get Case shows the invoice with its number (a string in the sandbox's case view).
			const found = (await run({ operation: 'getCase', caseId })).json('Node')[0];
			expect(JSON.stringify(found)).toContain(number);

			// A credit note for it names it as the credited invoice: the original becomes CREDITED.
			const credit = `${number.slice(0, -3)}123`;
			const note = await run(createParameters(credit, { type: 'CREDIT_NOTE', creditedInvoiceNumber: number, processing: { paymentControlEnabled: false } }));
			expect(note.error).toBeUndefined();
			// (below 2^53 the answer's integer stays a number, as it always was)
			expect(String(note.json('Node')[0].invoiceNumber)).toBe(credit);
			const after = await run({ operation: 'getDistribution', invoiceNumber: number });
			expect(after.json('Node')[0]).toMatchObject({ invoiceNumber: number, invoiceStatus: 'CREDITED' });
		});
	}
});

describe('Bad invoice numbers are refused before any request, naming the field and the item', () => {
	const cases: Array<[string, IDataObject, string | number, RegExp]> = [
		['Invoice → Create, 19 digits', createParameters('={{ $json.n }}'), '1000000000000000000', /^Invalid Invoice Number in item 1: .*has 19 digits; an invoice number has at most 18/],
		['Invoice → Create, not digits', createParameters('={{ $json.n }}'), '12A45', /^Invalid Invoice Number in item 1: .*"12A45" is not an invoice number/],
		['Invoice → Create, a leading zero', createParameters('={{ $json.n }}'), '0012', /^Invalid Invoice Number in item 1: .*starts with 0/],
		['Invoice → Create, a number beyond 2^53 from an expression', createParameters('={{ $json.n }}'), 2 ** 53 + 1, /^Invalid Invoice Number in item 1: .*9007199254740992.*beyond 2\^53/],
		[
			'Credited Invoice Number, a number beyond 2^53',
			createParameters(7777001, { type: 'CREDIT_NOTE', creditedInvoiceNumber: '={{ $json.n }}' }),
			Number('999999999999999999'),
			/^Invalid Credited Invoice Number in item 1: .*beyond 2\^53/,
		],
		['Add Actions, 19 digits', { operation: 'addActions', invoiceNumber: '={{ $json.n }}', actions: { action: [{ code: 'COMMENT', comment: 'x' }] } }, '9999999999999999999', /^Invalid Invoice Number in item 1: .*19 digits/],
		['Add Actions, a number beyond 2^53', { operation: 'addActions', invoiceNumber: '={{ $json.n }}', actions: { action: [{ code: 'COMMENT', comment: 'x' }] } }, 2 ** 60, /^Invalid Invoice Number in item 1: .*beyond 2\^53/],
		[
			'Report Payment, not digits',
			{ operation: 'reportPayment', paymentKey: randomUUID(), invoiceNumber: '={{ $json.n }}', amount: 0.99, currency: 'EUR', paymentDate: '2026-11-28', reference: '1337109', paymentMethod: 'Zertiban' },
			'INV-42',
			/^Invalid Invoice Number in item 1: .*"INV-42" is not an invoice number/,
		],
		['Get Distribution, a fraction', { operation: 'getDistribution', invoiceNumber: '={{ $json.n }}' }, 12.5, /^Invalid Invoice Number in item 1: .*12.5 is not an invoice number|^Invalid Invoice Number in item 1: .*12\.5/],
	];
	for (const [name, parameters, bad, message] of cases) {
		it(name, async () => {
			await fx.resetCounters('cfis');
			// Item 0 is a valid number that is never sent either: the bad item 1 stops the node first.
			const result = await run(parameters, [{ n: '7777002' }, { n: bad }]);
			expect(result.error?.message).toMatch(message);
			expect(await requestsSent()).toBe(0);
		});
	}
});

describe('a payment record table made by an earlier version (invoiceNumber a number column)', () => {
	const LEGACY = 'Legacy payment reports';
	const reportTo = (invoiceNumber: string) =>
		run({
			operation: 'reportPayment',
			paymentKey: randomUUID(),
			invoiceNumber,
			amount: 0.99,
			currency: 'EUR',
			paymentDate: day(0),
			reference: '1337109',
			paymentMethod: 'Zertiban',
			options: { recordTable: LEGACY },
		});

	it('still works: numbers up to 2^53 − 1 are written as numbers, a bigger one is left out of that column rather than rounded', async () => {
		// The columns of the earlier version, with invoiceNumber as a number column, as n8n keeps the table.
		const made = await fetch(`${tables.url}/data-tables`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': tables.apiKey },
			body: JSON.stringify({
				name: LEGACY,
				columns: ['paymentKey', 'state', 'owner', 'attempt', 'leaseUntil', 'caseId', 'invoiceNumber', 'amount', 'currency', 'paymentDate', 'reference', 'sendingAt', 'sentAt', 'confirmedAt', 'actionId', 'executionId', 'note'].map((name) => ({
					name,
					type: ['attempt', 'leaseUntil', 'caseId', 'invoiceNumber', 'amount', 'sendingAt', 'sentAt', 'confirmedAt'].includes(name) ? 'number' : 'string',
				})),
			}),
		});
		expect(made.status).toBe(201);
		const rows = () => tables.tables.get(LEGACY)!.rows;
		for (const number of ['7777101', '999999999999999997']) expect((await run(createParameters(number))).error).toBeUndefined();

		const small = await reportTo('7777101');
		expect(small.error).toBeUndefined();
		expect(small.json('Node')[0]).toMatchObject({ outcome: 'reported', invoiceNumber: 7777101 });
		expect(rows().map((r) => r.invoiceNumber)).toEqual([7777101]);

		const big = await reportTo('999999999999999997');
		expect(big.error).toBeUndefined();
		expect(big.json('Node')[0]).toMatchObject({ outcome: 'reported', invoiceNumber: '999999999999999997' });
		// n8n would round the digit string to 1e18 in a number column: the node leaves the column empty instead.
		expect(rows().map((r) => r.invoiceNumber)).toEqual([7777101, null]);
	});
});
