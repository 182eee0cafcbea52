/**
 * Confirma Finance → Invoice → Report Payment in n8n (the built node in the in-process harness) against the sandbox
 * and a double of n8n's data-table API (test/helpers/dataTables.ts): one Direct Payment per Zertiban payment across
 * repeats, items of one run and runs at the same time; the case as second check; bad input and a refused key before
 * anything is sent. Crashes and the in-doubt path are in test/unit/payment-record.test.ts (clock and scheduler under
 * control) and in the fault suite on a real queue-mode cluster (test/e2e/exactly-once.test.ts).
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { invoiceCreateParameters } from '../helpers/cfisInvoice';
import { startDataTablesDouble, type DataTablesDouble } from '../helpers/dataTables';
import { sandboxFixture } from '../helpers/sandbox';
import { CredentialStore, runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
let tables: DataTablesDouble;
beforeEach(async () => {
	fx = await sandboxFixture();
	tables = await startDataTablesDouble();
});
afterEach(async () => {
	await tables.close();
	await fx.close();
});

const credentials = (apiKey = tables.apiKey) =>
	new CredentialStore({ ...fx.cfisCredentials().data, paymentRecordApi: { baseUrl: tables.url, apiKey } });

const run = (parameters: IDataObject, inputItems?: IDataObject[], store = credentials()) =>
	runNode({ type: 'cfis', parameters: { resource: 'invoice', ...parameters }, inputItems, credentials: store });

/** An invoice under payment control: its case id. */
async function invoice(number: number, daysAgo = 0): Promise<number> {
	const created = await run(
		invoiceCreateParameters(number, {
			date: new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10),
			dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
			rows: { row: [{ name: 'Parking', quantity: 1, unitPrice: 0.79, vatPercentage: 25.5 }] },
		}),
	);
	return created.json('Node')[0].caseId as number;
}

const report = (paymentKey: string, invoiceNumber: number, extra: IDataObject = {}) => ({
	operation: 'reportPayment',
	paymentKey,
	invoiceNumber,
	amount: 0.99,
	currency: 'EUR',
	paymentDate: '2026-11-28',
	reference: '1337109',
	paymentMethod: 'Zertiban payment link (PSD2)',
	comment: `Paid through Zertiban, operation ${paymentKey}`,
	...extra,
});

const actionPosts = async () =>
	Object.entries((await fx.counters('cfis')).requests)
		.filter(([key]) => key.startsWith('POST') && key.endsWith('/invoice/action'))
		.reduce((sum, [, n]) => sum + n, 0);
/** The Direct Payments Confirma Finance accepted for a case, queued or applied (the sandbox's queue). */
const directPayments = async (caseId: number) => (await fx.cfisActions({ caseId, code: 'DIRECTPAYMENT' })).length;
const recordRows = () => [...tables.tables.values()].flatMap((t) => t.rows);

describe('Invoice → Report Payment (the payment record)', () => {
	it('reports a Zertiban payment once (the case lists no payments, as the docs show none): the repeat is answered from the record, and the row says sent', async () => {
		const caseId = await invoice(8101);
		const key = randomUUID();
		await fx.resetCounters('cfis');
		const first = await run(report(key, 8101));
		expect(first.error).toBeUndefined();
		expect(first.json('Node')).toEqual([
			expect.objectContaining({ outcome: 'reported', reportedNow: true, paymentKey: key, invoiceNumber: 8101, amount: 0.99, currency: 'EUR', paymentDate: '2026-11-28', state: 'sent', actions: [expect.objectContaining({ code: 'DIRECTPAYMENT' })] }),
		]);
		const again = (await run(report(key, 8101))).json('Node')[0];
		expect(again).toMatchObject({ outcome: 'alreadyReported', reportedNow: false, paymentKey: key });
		expect(again.actions).toBeUndefined();
		expect(await actionPosts()).toBe(1);
		expect(await directPayments(caseId)).toBe(1);
		// One table made on first use, with one live row for the payment.
		expect([...tables.tables.keys()]).toEqual(['Zertiban payment reports']);
		expect(recordRows().filter((r) => r.paymentKey === key && r.state !== 'void').map((r) => r.state)).toEqual([expect.stringMatching(/^(sent|confirmed)$/)]);
		expect(tables.requests['POST /api/v1/data-tables']).toBe(1);
	});

	it('the same payment in five items of one run and in three runs at once: one Direct Payment', async () => {
		await invoice(8102);
		const key = randomUUID();
		await fx.resetCounters('cfis');
		const parameters = report(key, 8102, { paymentKey: '={{ $json.key }}' });
		const items = Array.from({ length: 5 }, () => ({ key }));
		const runs = await Promise.all([run(parameters, items), run(parameters, items), run(parameters, items)]);
		for (const result of runs) expect(result.error).toBeUndefined();
		const outcomes = runs.flatMap((result) => result.json('Node').map((item) => item.outcome));
		expect(outcomes.filter((o) => o === 'reported')).toHaveLength(1);
		expect(outcomes.every((o) => ['reported', 'alreadyReported', 'inProgress'].includes(String(o)))).toBe(true);
		expect(await actionPosts()).toBe(1);
		expect(recordRows().filter((r) => r.paymentKey === key && !['void', 'pending'].includes(String(r.state)))).toHaveLength(1);
	});

	it('two Zertiban payments of one invoice are two Direct Payments', async () => {
		await invoice(8103);
		await fx.resetCounters('cfis');
		const [a, b] = [randomUUID(), randomUUID()];
		const results = await Promise.all([run(report(a, 8103)), run(report(b, 8103, { paymentDate: '2026-11-29' }))]);
		expect(results.map((r) => r.json('Node')[0].outcome)).toEqual(['reported', 'reported']);
		expect(await actionPosts()).toBe(2);
	});

	it('a payment the case already records (reported by hand, processed) is confirmed, not sent again, when the case lists its payments', async () => {
		await fx.cfisSettings({ casePaymentsField: true });
		const caseId = await invoice(8104);
		const byHand = await run({
			operation: 'addActions',
			caseId,
			actions: { action: [{ code: 'DIRECTPAYMENT', amount: 0.99, currency: 'EUR', paymentDate: '2026-11-28', reference: '1337109' }] },
			options: { skipRecorded: false },
		});
		expect(byHand.error).toBeUndefined();
		await fx.flushCfisActions();
		await fx.resetCounters('cfis');
		const reported = (await run(report(randomUUID(), 8104, { caseId }))).json('Node')[0];
		expect(reported).toMatchObject({ outcome: 'alreadyReported', state: 'confirmed', caseId });
		expect(await actionPosts()).toBe(0);
	});

	it('the same Zertiban payment reported with another amount is refused for a person, naming both; nothing sent', async () => {
		await invoice(8105);
		const key = randomUUID();
		await run(report(key, 8105));
		await fx.resetCounters('cfis');
		const other = await run(report(key, 8105, { amount: 1.99 }));
		expect(other.error?.message).toMatch(new RegExp(`already holds a different report for Zertiban payment ${key} \\(0.99 EUR on 2026-11-28.*item 0`));
		expect(other.error?.description).toMatch(/A person must look/);
		expect(await actionPosts()).toBe(0);
	});

	it('finds the case of an invoice dated 45 days ago by its number (the lookup searches back in 30-day windows, docs/cfis.md §4.7)', async () => {
		const caseId = await invoice(8108, 45);
		const reported = (await run(report(randomUUID(), 8108))).json('Node')[0];
		expect(reported).toMatchObject({ outcome: 'reported', caseId });
		expect(await directPayments(caseId)).toBe(1);
	});

	it('refuses bad input before any request, naming the field and the item', async () => {
		await fx.resetCounters('cfis');
		const cases = {
			key: await run(report('not-a-uuid', 8106)),
			target: await run(report(randomUUID(), 8106, { invoiceNumber: null })),
			amount: await run(report(randomUUID(), 8106, { amount: 0.999 })),
			table: await run(report(randomUUID(), 8106, { options: { recordTable: '  ' } })),
		};
		expect(Object.fromEntries(Object.entries(cases).map(([name, r]) => [name, r.error?.message]))).toEqual({
			key: expect.stringMatching(/^Invalid Zertiban Operation UUID in item 0: .*not a UUID/),
			target: expect.stringMatching(/^Invalid Case ID in item 0: .*give the case ID or the invoice number/),
			amount: expect.stringMatching(/^Invalid Amount \(Currency Units\) in item 0/),
			table: expect.stringMatching(/^Invalid Record Table in item 0/),
		});
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
		expect(Object.keys(tables.requests)).toEqual([]);
	});

	it('a wrong n8n API key stops before Confirma Finance, with a hint and without the key', async () => {
		await invoice(8107);
		await fx.resetCounters('cfis');
		const wrong = 'n8n-api-key-that-is-wrong';
		const result = await run(report(randomUUID(), 8107), undefined, credentials(wrong));
		expect(result.error?.message).toBe('n8n refused the API key of the payment record (401)');
		expect(result.error?.description).toMatch(/Payment Record API credential/);
		expect(JSON.stringify({ message: result.error?.message, description: result.error?.description, context: result.error?.context })).not.toContain(wrong);
		expect(await actionPosts()).toBe(0);
	});

	it('on n8n 1.x (no data tables in its public API) the item fails saying so and that Report Payment needs n8n 2.x; nothing is sent', async () => {
		await invoice(8108);
		await fx.resetCounters('cfis');
		const n8nV1 = await startDataTablesDouble(tables.apiKey, { n8nVersion: 1 });
		try {
			const store = new CredentialStore({ ...fx.cfisCredentials().data, paymentRecordApi: { baseUrl: n8nV1.url, apiKey: n8nV1.apiKey } });
			const result = await run(report(randomUUID(), 8108), undefined, store);
			expect(result.error?.message).toBe('This n8n has no data tables API (404): Report Payment needs n8n 2.x');
			expect(result.error?.description).toMatch(/n8n 1\.x serves no data tables in its public API.*update n8n to 2\.x/);
			expect(JSON.stringify({ message: result.error?.message, description: result.error?.description, context: result.error?.context })).not.toContain(n8nV1.apiKey);
			expect(n8nV1.requests).toEqual({ 'GET /api/v1/data-tables': 1 }); // the first call, not retried
		} finally {
			await n8nV1.close();
		}
		expect(await actionPosts()).toBe(0);
	});

	it('set as in the example (On Error: error output), a report the payment record cannot make goes to the error output with the payment, and nothing is sent', async () => {
		await invoice(8108);
		await fx.resetCounters('cfis');
		const key = randomUUID();
		const wrong = 'n8n-api-key-that-is-wrong';
		const result = await runNode({
			type: 'cfis',
			parameters: { resource: 'invoice', ...report('={{ $json.operationUuid }}', 8108) },
			inputItems: [{ operationUuid: key, invoiceNumber: 8108 }],
			credentials: credentials(wrong),
			onError: 'continueErrorOutput',
		});
		expect(result.error).toBeUndefined();
		expect(result.items('Node', 0)).toEqual([]);
		expect(result.json('Node', 1)).toEqual([
			{
				operationUuid: key,
				invoiceNumber: 8108,
				error: 'n8n refused the API key of the payment record (401)',
				details: { description: expect.stringMatching(/Payment Record API credential/), httpCode: '401' },
			},
		]);
		expect(JSON.stringify(result.run.data)).not.toContain(wrong);
		expect(await actionPosts()).toBe(0);
	});
});
