/**
 * The invoice's whole life (docs/lifecycle.md) in REAL n8n against the sandbox: the branches off the happy path, each
 * an example template as a user imports it, joined with parts 1 and 2 (examples/erp-invoice-to-payment-link.json,
 * examples/payment-to-invoice-paid.json) in one n8n, the ERP played by scripts/erp.ts's double.
 *
 * - link expired or rejected (examples/lifecycle-link-ended.json): a new link is made once per ended link (however often
 *   its event arrives), recorded for part 1 and sent to the ERP (LINK_RENEWED), a link left without its URL by a stopped
 *   attempt cancelled; at the maximum the ERP is told the link ended and the case goes on;
 * - the ERP says "paid elsewhere", "withdrawn" or "credited" (examples/lifecycle-invoice-closed.json): the link is
 *   cancelled, a withdrawn or credited invoice's case is withdrawn, the ERP is told; the payer paying while the cancel
 *   waits for the bank ends PAID_AFTER_WITHDRAWAL with the payment reported once (part 2) and the case not withdrawn;
 *   the same event again answers the same 200 JSON flagged `alreadyDone` (the case withdrawn once), an unknown invoice
 *   404 JSON.
 *
 * - the agency receives part of the invoice (examples/lifecycle-agency-payment.json): the ERP is told PARTIALLY_PAID
 *   with what is left, the link for the whole amount is cancelled;
 * - a settlement (examples/lifecycle-settlement-booking.json): one booking callback per allocation with its capital,
 *   interest and fees, still one after further polls; a settlement seen before the agency payment cancels the links
 *   still payable (LINK_CLOSED, or PAID_TWICE when the payer at the bank pays while the cancel is tried again).
 *
 * Sandbox controls make the payer's, the bank's and the agency's moves; nothing sleeps for them. The Confirma Finance
 * Triggers poll every minute (n8n's shortest; settlements at second 0, agency payments at second 30), so the last tests
 * wait for polls. Needs a current `dist/`.
 */
import type { Sandbox } from '../../sandbox';
import { CFIS_CLIENT_TOKEN } from '../../sandbox/seed';
import { ERP_STORY, erpEvent, postErpEvent, withErpCallback } from '../../scripts/erp';
import { AGENCY_PAYMENT, INVOICE_CLOSED, LINK_ENDED, SETTLEMENT_BOOKING, agencyPayment, invoiceClosed, linkEnded, settlementBooking } from '../../scripts/lifecycle/templates';
import { PACKAGE_NAME } from '../../scripts/n8n';
import { PART2, startLifecycleStory, type LifecycleStory, type LinkedInvoice } from '../helpers/lifecycle';
import { INSTALL_TIMEOUT_MS, cfisActions, flushCfisActions, sandboxControl, waitFor, type RunningN8n } from '../helpers/n8n';
import { sandboxGet, sandboxToken } from '../helpers/zertiban';

/**
 * A template with its Confirma Finance Trigger polled every minute (n8n's shortest) instead of every hour, at second
 * `second` (n8n's own "every minute" picks a random second; a fixed one lets a test act between two triggers' polls).
 */
const everyMinute = <T extends { nodes: Array<{ type: string; parameters?: Record<string, unknown> }> }>(workflow: T, second: number): T => ({
	...workflow,
	nodes: workflow.nodes.map((node) =>
		node.type === `${PACKAGE_NAME}.cfisTrigger` ? { ...node, parameters: { ...node.parameters, pollTimes: { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] } } } : node,
	),
});

let story: LifecycleStory;
let sandbox: Sandbox;
let n8n: RunningN8n;
const newInvoice = () => story.newInvoice();
const payer = (uuid: string, action: string, body?: unknown) => story.payer(uuid, action, body);
const deliverEvents = () => story.deliverEvents();
const callbacksOf = (invoiceNumber: number) => story.callbacksOf(invoiceNumber);
const allSettled = (workflowId: string) => story.allSettled(workflowId);

/** Posts the ERP's "invoice closed" event (README, "The invoice's whole life"); answers the status and the JSON (or `{text}`). */
async function closeInvoice(body: unknown, header?: string): Promise<{ status: number; answer: Record<string, unknown> }> {
	const response = await fetch(`${n8n.base}/webhook/${INVOICE_CLOSED.path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [ERP_STORY.header]: header ?? story.token },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	try {
		return { status: response.status, answer: JSON.parse(text) as Record<string, unknown> };
	} catch {
		return { status: response.status, answer: { text } }; // n8n's own refusals (e.g. a wrong token) are plain text
	}
}

/** The invoice actions Confirma Finance accepted for a case, by code (queued or applied). */
const actionCodes = async (caseId: number) => (await cfisActions(sandbox.info.cfis.baseUrl, { caseId })).filter((a) => a.status !== 'FAILED').map((a) => a.code);

/** The case's status as Confirma Finance serves it, once every accepted action is applied. */
async function caseStatus(caseId: number): Promise<string> {
	await flushCfisActions(sandbox.info.cfis.baseUrl);
	const response = await fetch(`${sandbox.info.cfis.baseUrl}/invoice/case?caseId=${caseId}`, { headers: { 'X-Api-Key': CFIS_CLIENT_TOKEN } });
	return ((await response.json()) as { case: { summary: { status: string } } }).case.summary.status;
}

/**
 * Creates a payment link directly in Zertiban (as part 1 or the link-ended template would: flow `flowExternalId`,
 * operation `externalId`, `amountCents`), without recording it anywhere; answers the operation's UUID.
 */
async function createOperation(flowExternalId: string, externalId: string, amountCents: number): Promise<string> {
	const payload = {
		externalId: flowExternalId,
		countryCode: 'FI',
		operations: [{ id: 'op-1', type: 'PAYMENT', externalId, payment: { amount: amountCents, currency: 'EUR', types: ['PSD2_PAYMENT'], psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER' } } }],
	};
	const form = new FormData();
	form.append('payload', new Blob([JSON.stringify(payload)], { type: 'application/json' }), 'payload.json');
	const response = await fetch(`${sandbox.info.zertiban.baseUrl}/flow/v1/flows`, {
		method: 'POST',
		headers: { authorization: `Bearer ${await sandboxToken(sandbox.info)}`, 'x-tenant-id': sandbox.info.zertiban.businessUuid },
		body: form,
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { operations: Array<{ uuid: string }> }).operations[0].uuid;
}

beforeAll(async () => {
	story = await startLifecycleStory({
		label: 'lifecycle',
		workflows: (double) => [
			withErpCallback(linkEnded(), double.url),
			withErpCallback(invoiceClosed(), double.url),
			withErpCallback(everyMinute(agencyPayment(), 30), double.url),
			withErpCallback(everyMinute(settlementBooking(), 0), double.url),
		],
		publish: [LINK_ENDED.id, INVOICE_CLOSED.id, AGENCY_PAYMENT.id, SETTLEMENT_BOOKING.id],
		zertibanTriggers: [LINK_ENDED.webhookId],
	});
	({ sandbox, n8n } = story);
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
	await story?.close();
});

describe('payment link expired or rejected (examples/lifecycle-link-ended.json, Settings as shipped: new links on, at most 3)', () => {
	/** Zertiban's operations under one operation external ID (any status). */
	const operationsOf = async (externalId: string) =>
		(await sandboxGet<{ results: Array<{ uuid: string; status: string }> }>(sandbox.info, `/flow/v1/operations?q_externalId=${externalId}&limit=100`)).body.results;
	/** Part 1's answer to the ERP sending the invoice's event again (the event rebuilt from its erpInvoiceId, scripts/erp.ts). */
	const repeatErpEvent = async (invoice: LinkedInvoice) => {
		const [, base, n] = /^ERP-(\d+)-(\d+)$/.exec(invoice.erpInvoiceId) ?? [];
		return await postErpEvent(n8n.base, story.token, erpEvent(Number(base), Number(n)));
	};
	const renewals = (invoiceNumber: number) => callbacksOf(invoiceNumber).filter((c) => c.status === 'LINK_RENEWED');
	/** Ends a link as the payer or the bank would, delivers the events (each twice) and waits for the ERP's next callback. */
	async function endLink(invoiceNumber: number, uuid: string, how: 'expire' | 'reject'): Promise<Record<string, unknown>> {
		const before = callbacksOf(invoiceNumber).length;
		if (how === 'reject') await payer(uuid, 'open');
		expect((await payer(uuid, how)).status).toBe(how === 'expire' ? 'EXPIRED' : 'REJECTED');
		await deliverEvents();
		await waitFor(`the ERP callback after link ${uuid} ended`, () => callbacksOf(invoiceNumber).length > before);
		await allSettled(LINK_ENDED.id);
		return callbacksOf(invoiceNumber)[before];
	}

	it('expiry: one new link, the ERP told LINK_RENEWED with a payable URL; a repeated ERP event answers it; the expiry again creates nothing; paying it is reported once', async () => {
		const invoice = await newInvoice();
		const renewed = await endLink(invoice.invoiceNumber, invoice.operationUuid, 'expire');
		expect(renewed).toEqual({
			invoiceNumber: invoice.invoiceNumber,
			erpInvoiceId: invoice.erpInvoiceId,
			status: 'LINK_RENEWED',
			endedStatus: 'LINK_EXPIRED',
			endedOperationUuid: invoice.operationUuid,
			zertibanOperationUuid: expect.any(String),
			paymentLink: expect.stringMatching(/^https?:\/\//),
			expiresAt: expect.any(String),
			amountCents: invoice.amountCents,
			linkNumber: 2,
			maxLinksPerInvoice: 3,
			at: expect.any(String),
		});
		expect(renewed.paymentLink).not.toBe(invoice.paymentLink);
		expect(Date.parse(String(renewed.expiresAt))).toBeGreaterThan(Date.now());
		const second = await operationsOf(`INV-${invoice.invoiceNumber}-2`);
		expect(second).toEqual([expect.objectContaining({ uuid: renewed.zertibanOperationUuid, status: 'CREATED' })]);
		const { body: detail } = await sandboxGet<{ payment: { amount: number; concept: string } }>(sandbox.info, `/flow/v1/operations/${String(renewed.zertibanOperationUuid)}`);
		expect(detail.payment.amount).toBe(invoice.amountCents);

		// The ERP sends the invoice again: part 1 answers the new link, not the ended one.
		const again = await repeatErpEvent(invoice);
		expect({ status: again.status, paymentLink: again.answer.paymentLink, created: again.answer.created }).toEqual({ status: 200, paymentLink: renewed.paymentLink, created: false });

		// The same expiry arrives again under a new event UUID (the trigger's own dedupe cannot catch it): nothing new.
		const runs = (await n8n.n8n.executions(LINK_ENDED.id)).length;
		await sandboxControl(sandbox.info.zertiban.baseUrl, 'webhooks/deliver', { eventType: 'OPERATION_EXPIRED', resource: { uuid: invoice.operationUuid, externalId: `INV-${invoice.invoiceNumber}`, status: 'EXPIRED' } });
		await waitFor('the repeated expiry handled', async () => (await n8n.n8n.executions(LINK_ENDED.id)).length > runs);
		await allSettled(LINK_ENDED.id);
		expect(await operationsOf(`INV-${invoice.invoiceNumber}-2`)).toHaveLength(1);
		expect(await operationsOf(`INV-${invoice.invoiceNumber}-3`)).toHaveLength(0);
		expect(callbacksOf(invoice.invoiceNumber)).toEqual([renewed]);

		// The payer pays the new link: part 2 reports it once, the ERP is told PAID.
		const uuid = String(renewed.zertibanOperationUuid);
		await payer(uuid, 'open');
		expect((await payer(uuid, 'complete')).status).toBe('COMPLETED');
		await deliverEvents();
		await waitFor('part 2 reported the payment', () => callbacksOf(invoice.invoiceNumber).some((c) => c.status === 'PAID'));
		await allSettled(PART2.id);
		expect(callbacksOf(invoice.invoiceNumber).filter((c) => c.status === 'PAID')).toEqual([expect.objectContaining({ invoiceNumber: invoice.invoiceNumber, zertibanOperationUuid: uuid })]);
		expect(await actionCodes(invoice.caseId)).toEqual(['DIRECTPAYMENT']);
	}, 180_000);

	it('a link a stopped attempt left without its URL is cancelled and another made; at the maximum (3 links) no new link, the ERP told MAX_LINKS_REACHED', async () => {
		const invoice = await newInvoice();
		// What an execution that stopped between creating link 2 and recording its URL leaves in Zertiban.
		const stranded = await createOperation(`COLL-${invoice.invoiceNumber}-2`, `INV-${invoice.invoiceNumber}-2`, invoice.amountCents);
		const second = await endLink(invoice.invoiceNumber, invoice.operationUuid, 'expire');
		expect(second).toMatchObject({ status: 'LINK_RENEWED', endedStatus: 'LINK_EXPIRED', linkNumber: 2 });
		expect(second.zertibanOperationUuid).not.toBe(stranded);
		expect((await operationsOf(`INV-${invoice.invoiceNumber}-2`)).map((o) => [o.uuid, o.status]).sort()).toEqual(
			[[stranded, 'CANCELLED'], [second.zertibanOperationUuid, 'CREATED']].sort(),
		);

		const third = await endLink(invoice.invoiceNumber, String(second.zertibanOperationUuid), 'reject');
		expect(third).toMatchObject({ status: 'LINK_RENEWED', endedStatus: 'LINK_REJECTED', linkNumber: 3, endedOperationUuid: second.zertibanOperationUuid });

		const last = await endLink(invoice.invoiceNumber, String(third.zertibanOperationUuid), 'expire');
		expect(last).toEqual({
			invoiceNumber: invoice.invoiceNumber,
			status: 'LINK_EXPIRED',
			zertibanOperationUuid: third.zertibanOperationUuid,
			at: expect.any(String),
			newLink: false,
			reason: 'MAX_LINKS_REACHED',
			linkNumber: 3,
			maxLinksPerInvoice: 3,
		});
		expect(await operationsOf(`INV-${invoice.invoiceNumber}-4`)).toHaveLength(0);
		expect(renewals(invoice.invoiceNumber)).toHaveLength(2);
		expect(callbacksOf(invoice.invoiceNumber)).toHaveLength(3);
		// The case goes on: nothing was done to it.
		expect(await caseStatus(invoice.caseId)).not.toMatch(/WITHDRAWN|CLOSED|PAID/);
		expect(await actionCodes(invoice.caseId)).toEqual([]);
	}, 180_000);

	it('after a renewal the ERP says WITHDRAWN: the renewed link is cancelled (its payer page refuses payment), the ERP told once', async () => {
		const invoice = await newInvoice();
		const renewed = await endLink(invoice.invoiceNumber, invoice.operationUuid, 'expire');
		expect(renewed).toMatchObject({ status: 'LINK_RENEWED', linkNumber: 2 });
		const uuid = String(renewed.zertibanOperationUuid);
		const closed = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN' });
		const expected = { invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN', status: 'WITHDRAWN', linkStatus: 'CANCELLED', linkCancelled: true, zertibanOperationUuid: uuid, alreadyDone: false };
		expect(closed).toEqual({ status: 200, answer: expected });
		expect(await operationsOf(`INV-${invoice.invoiceNumber}-2`)).toEqual([expect.objectContaining({ uuid, status: 'CANCELLED' })]);
		expect(await operationsOf(`INV-${invoice.invoiceNumber}`)).toEqual([expect.objectContaining({ uuid: invoice.operationUuid, status: 'EXPIRED' })]);
		// The payer can no longer pay the new link either: its hosted page refuses the payment.
		expect((await fetch(`${String(renewed.paymentLink)}/pay`, { method: 'POST', redirect: 'manual' })).status).not.toBe(303);
		expect(callbacksOf(invoice.invoiceNumber)).toEqual([renewed, expected]);
		expect(await actionCodes(invoice.caseId)).toEqual(['WITHDRAW']);
	}, 180_000);
});

describe('the ERP closes an invoice (examples/lifecycle-invoice-closed.json)', () => {
	it('paid elsewhere: the link is cancelled, the ERP told LINK_CLOSED; nothing is reported; the same event again changes nothing', async () => {
		const invoice = await newInvoice();
		await payer(invoice.operationUuid, 'open');
		const first = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'PAID_ELSEWHERE' });
		const expected = { invoiceNumber: invoice.invoiceNumber, reason: 'PAID_ELSEWHERE', status: 'LINK_CLOSED', linkStatus: 'CANCELLED', linkCancelled: true, zertibanOperationUuid: invoice.operationUuid, alreadyDone: false };
		expect(first).toEqual({ status: 200, answer: expected });
		const { body } = await sandboxGet<{ status: string }>(sandbox.info, `/flow/v1/operations/${invoice.operationUuid}`);
		expect(body.status).toBe('CANCELLED');
		// The payer can no longer pay: the hosted page refuses the payment.
		expect((await fetch(`${invoice.paymentLink}/pay`, { method: 'POST', redirect: 'manual' })).status).not.toBe(303);
		const again = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'PAID_ELSEWHERE' });
		expect(again).toEqual({ status: 200, answer: { ...expected, alreadyDone: true } });
		expect(callbacksOf(invoice.invoiceNumber)).toEqual([expected, { ...expected, alreadyDone: true }]);
		expect(await actionCodes(invoice.caseId)).toEqual([]);
	}, 120_000);

	it('credited: the link is cancelled, the case withdrawn, the ERP told WITHDRAWN', async () => {
		const invoice = await newInvoice();
		const { status, answer } = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'CREDITED' });
		expect({ status, answer }).toEqual({
			status: 200,
			answer: { invoiceNumber: invoice.invoiceNumber, reason: 'CREDITED', status: 'WITHDRAWN', linkStatus: 'CANCELLED', linkCancelled: true, zertibanOperationUuid: invoice.operationUuid, alreadyDone: false },
		});
		expect(await actionCodes(invoice.caseId)).toEqual(['WITHDRAW']);
		expect(await caseStatus(invoice.caseId)).toBe('WITHDRAWN');
		expect(callbacksOf(invoice.invoiceNumber)).toEqual([answer]);
	}, 120_000);

	it('the payer pays while the cancel waits for the bank: PAID_AFTER_WITHDRAWAL, the payment reported once, the case not withdrawn', async () => {
		const invoice = await newInvoice();
		await payer(invoice.operationUuid, 'open');
		await payer(invoice.operationUuid, 'pending-transaction', { pending: true });
		const cancels = async () => ((await sandboxControl(sandbox.info.zertiban.baseUrl, 'counters', undefined, 'GET')) as { requests: Record<string, number> }).requests['PUT /flow/v1/operations/:uuid/cancel'] ?? 0;
		const before = await cancels();
		const closing = closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN' });
		await waitFor('the first cancel (refused: the payer is at the bank)', async () => (await cancels()) > before);
		expect((await payer(invoice.operationUuid, 'complete')).status).toBe('COMPLETED');
		await deliverEvents();
		const { status, answer } = await closing;
		expect({ status, answer }).toEqual({
			status: 200,
			answer: { invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN', status: 'PAID_AFTER_WITHDRAWAL', linkStatus: 'COMPLETED', linkCancelled: false, zertibanOperationUuid: invoice.operationUuid, alreadyDone: false },
		});
		await waitFor('part 2 reported the payment', () => callbacksOf(invoice.invoiceNumber).some((c) => c.status === 'PAID'));
		await allSettled(PART2.id);
		expect(callbacksOf(invoice.invoiceNumber).map((c) => c.status).sort()).toEqual(['PAID', 'PAID_AFTER_WITHDRAWAL']);
		expect(await actionCodes(invoice.caseId)).toEqual(['DIRECTPAYMENT']);
		expect(await caseStatus(invoice.caseId)).toBe('PAID');
	}, 120_000);

	it('withdrawn twice: the second answer is the same 200 JSON flagged alreadyDone, the case withdrawn once; an unknown invoice gets 404 JSON', async () => {
		const invoice = await newInvoice();
		const first = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN' });
		const expected = { invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN', status: 'WITHDRAWN', linkStatus: 'CANCELLED', linkCancelled: true, zertibanOperationUuid: invoice.operationUuid, alreadyDone: false };
		expect(first).toEqual({ status: 200, answer: expected });
		// Confirma Finance applies the WITHDRAW: the case no longer takes actions (docs/cfis.md §4.5, 402)
		expect(await caseStatus(invoice.caseId)).toBe('WITHDRAWN');
		const again = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN' });
		expect(again).toEqual({ status: 200, answer: { ...expected, alreadyDone: true } });
		const credited = await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'CREDITED' });
		expect(credited).toEqual({ status: 200, answer: { ...expected, reason: 'CREDITED', alreadyDone: true } });
		expect(await actionCodes(invoice.caseId)).toEqual(['WITHDRAW']);
		expect(await caseStatus(invoice.caseId)).toBe('WITHDRAWN');
		expect(callbacksOf(invoice.invoiceNumber)).toEqual([first.answer, again.answer, credited.answer]);

		const unknown = 990_000_001;
		for (const reason of ['WITHDRAWN', 'PAID_ELSEWHERE']) {
			const answer = await closeInvoice({ invoiceNumber: unknown, reason });
			expect(answer).toEqual({ status: 404, answer: { error: { code: 'UNKNOWN_INVOICE', invoiceNumber: unknown, message: expect.stringMatching(/^Unknown invoice: /) } } });
		}
		expect(callbacksOf(unknown)).toEqual([]);
	}, 120_000);

	it('refuses a bad event with 400 naming the fields, and a wrong token with 403, cancelling nothing', async () => {
		const invoice = await newInvoice();
		const bad = await closeInvoice({ invoiceNumber: String(invoice.invoiceNumber), reason: 'LOST' });
		expect(bad).toEqual({ status: 400, answer: { error: 'invoiceNumber must be a positive integer and reason one of PAID_ELSEWHERE, WITHDRAWN, CREDITED' } });
		expect((await closeInvoice({ invoiceNumber: invoice.invoiceNumber, reason: 'WITHDRAWN' }, 'wrong')).status).toBe(403);
		const { body } = await sandboxGet<{ status: string }>(sandbox.info, `/flow/v1/operations/${invoice.operationUuid}`);
		expect(body.status).toBe('CREATED');
		expect(callbacksOf(invoice.invoiceNumber)).toEqual([]);
	}, 120_000);
});

describe('the collection agency (examples/lifecycle-agency-payment.json, examples/lifecycle-settlement-booking.json)', () => {
	let partial: LinkedInvoice | undefined;

	it('a partial agency payment: the ERP is told PARTIALLY_PAID with what is left (EUR), the payment link for the whole amount is cancelled', async () => {
		partial = await newInvoice();
		await sandboxControl(new URL(sandbox.info.cfis.baseUrl).origin, 'cfis/payments', { invoiceNumber: String(partial.invoiceNumber), amount: 0.5 });
		const invoiceNumber = partial.invoiceNumber;
		const [callback] = await waitFor('the PARTIALLY_PAID callback (next poll, within a minute)', () => callbacksOf(invoiceNumber).length > 0 && callbacksOf(invoiceNumber), 150_000);
		expect(callback).toEqual({
			invoiceNumber,
			status: 'PARTIALLY_PAID',
			paid: 0.5,
			currency: 'EUR',
			paymentDate: expect.any(String),
			outstanding: { capital: 0.49, interest: 0, costs: 0, total: 0.49 },
			source: 'AGENCY',
			linkStatus: 'CANCELLED',
			linkCancelled: true,
		});
		const { body } = await sandboxGet<{ status: string }>(sandbox.info, `/flow/v1/operations/${partial.operationUuid}`);
		expect(body.status).toBe('CANCELLED');
	}, 180_000);

	it('a settlement: one SETTLED booking per allocation with capital, interest and fees; still one after two more polls', async () => {
		if (!partial) throw new Error('needs the partial payment of the test before');
		const invoiceNumber = partial.invoiceNumber;
		const origin = new URL(sandbox.info.cfis.baseUrl).origin;
		const { settlement } = (await sandboxControl(origin, 'cfis/settlements/run')) as { settlement: { settlementId: number } };
		const settled = () => callbacksOf(invoiceNumber).filter((c) => c.status === 'SETTLED');
		await waitFor('the SETTLED callback (next poll, within a minute)', () => settled().length > 0, 150_000);
		const polls = async () => {
			const { requests } = (await sandboxControl(origin, 'counters', undefined, 'GET')) as { requests: Record<string, number> };
			return Object.entries(requests).filter(([key]) => key.startsWith('GET ') && key.endsWith('/settlements')).reduce((sum, [, n]) => sum + n, 0);
		};
		const after = await polls();
		await waitFor('two more polls of the settlements', async () => (await polls()) >= after + 2, 150_000);
		await allSettled(SETTLEMENT_BOOKING.id);
		expect(settled()).toEqual([
			{
				invoiceNumber,
				status: 'SETTLED',
				settlementId: settlement.settlementId,
				settlementDate: expect.any(String),
				allocationId: expect.any(String),
				currency: 'EUR',
				capital: 0.5,
				interest: 0,
				fees: 0,
				total: 0.5,
			},
		]);
	}, 330_000);
	it('a settlement seen before the agency payment: each live link cancelled, the ERP told LINK_CLOSED once, each allocation booked once; the payer at the bank: cancel retried, PAID_TWICE; a later poll changes nothing', async () => {
		const origin = new URL(sandbox.info.cfis.baseUrl).origin;
		const alone = await newInvoice();
		const atTheBank = await newInvoice();
		await payer(atTheBank.operationUuid, 'open');
		await payer(atTheBank.operationUuid, 'pending-transaction', { pending: true });
		const counters = async () => ((await sandboxControl(origin, 'counters', undefined, 'GET')) as { requests: Record<string, number> }).requests;
		const cancels = async () => ((await sandboxControl(sandbox.info.zertiban.baseUrl, 'counters', undefined, 'GET')) as { requests: Record<string, number> }).requests['PUT /flow/v1/operations/:uuid/cancel'] ?? 0;
		const polls = async (path: string) => Object.entries(await counters()).filter(([key]) => key.startsWith('GET ') && key.endsWith(path)).reduce((sum, [, n]) => sum + n, 0);
		// The settlements are polled at second 0, the agency payments at second 30: paid and settled in between, the
		// settlement template sees the invoices paid first.
		await waitFor('the first poll of the agency payments (its baseline, nothing emitted)', async () => (await polls('/payments')) > 0, 70_000);
		await waitFor('a moment after the agency payments were polled (second 30)', () => new Date().getSeconds() >= 33 && new Date().getSeconds() <= 50, 70_000);
		const before = { cancels: await cancels(), payments: await polls('/payments') };
		for (const invoice of [alone, atTheBank]) await sandboxControl(origin, 'cfis/payments', { invoiceNumber: String(invoice.invoiceNumber), amount: 0.99 });
		const { settlement } = (await sandboxControl(origin, 'cfis/settlements/run')) as { settlement: { settlementId: number; allocations: Array<{ originalInvoiceNumber: string }> } };
		expect(settlement.allocations.map((a) => Number(a.originalInvoiceNumber)).sort()).toEqual([alone.invoiceNumber, atTheBank.invoiceNumber].sort());
		// one cancel for the live link, at least one refused (Zertiban 409, tried again 10 s later) for the payer at the bank
		await waitFor('both cancels (the settlement poll at second 0)', async () => (await cancels()) >= before.cancels + 2, 40_000);
		expect(await polls('/payments')).toBe(before.payments);
		expect((await payer(atTheBank.operationUuid, 'complete')).status).toBe('COMPLETED');
		await deliverEvents();
		const statuses = (invoice: LinkedInvoice) => callbacksOf(invoice.invoiceNumber).map((c) => `${String(c.status)}:${String(c.reason ?? c.source ?? '')}`).sort();
		await waitFor('the settlement\'s callbacks and part 2\'s PAID', () => statuses(alone).length >= 2 && statuses(atTheBank).length >= 3, 60_000);
		await allSettled(SETTLEMENT_BOOKING.id);
		const linkClosed = (invoice: LinkedInvoice, status: string, linkStatus: string, linkCancelled: boolean) => ({
			invoiceNumber: invoice.invoiceNumber,
			reason: 'SETTLED',
			status,
			linkStatus,
			linkCancelled,
			zertibanOperationUuid: invoice.operationUuid,
			settlementId: settlement.settlementId,
			outstanding: { capital: 0, interest: 0, costs: 0, total: 0 },
		});
		const booking = (invoice: LinkedInvoice) => ({ invoiceNumber: invoice.invoiceNumber, status: 'SETTLED', settlementId: settlement.settlementId, settlementDate: expect.any(String), allocationId: expect.any(String), currency: 'EUR', capital: 0.99, interest: 0, fees: 0, total: 0.99 });
		expect(callbacksOf(alone.invoiceNumber)).toEqual(expect.arrayContaining([linkClosed(alone, 'LINK_CLOSED', 'CANCELLED', true), booking(alone)]));
		expect(callbacksOf(atTheBank.invoiceNumber)).toEqual(expect.arrayContaining([linkClosed(atTheBank, 'PAID_TWICE', 'COMPLETED', false), booking(atTheBank)]));
		const { body } = await sandboxGet<{ status: string }>(sandbox.info, `/flow/v1/operations/${alone.operationUuid}`);
		expect(body.status).toBe('CANCELLED');
		expect((await fetch(`${alone.paymentLink}/pay`, { method: 'POST', redirect: 'manual' })).status).not.toBe(303);

		// The agency payments' poll (second 30) and the settlements' next (second 0): the agency-payment template tells
		// its own news (PAID, or PAID_TWICE for the link the payer paid); the settlement is not booked again.
		const settlementPolls = await polls('/settlements');
		await waitFor('the agency-payment callbacks and one more settlement poll', async () => statuses(alone).length >= 3 && statuses(atTheBank).length >= 4 && (await polls('/settlements')) > settlementPolls, 150_000);
		await allSettled(SETTLEMENT_BOOKING.id);
		await allSettled(AGENCY_PAYMENT.id);
		await allSettled(PART2.id);
		expect(statuses(alone)).toEqual(['LINK_CLOSED:SETTLED', 'PAID:AGENCY', 'SETTLED:']);
		expect(statuses(atTheBank)).toEqual(['PAID:', 'PAID_TWICE:AGENCY', 'PAID_TWICE:SETTLED', 'SETTLED:']);
		// the payer's payment reported once (part 2); nothing else asked of Confirma Finance
		expect(await actionCodes(atTheBank.caseId)).toEqual(['DIRECTPAYMENT']);
		expect(await actionCodes(alone.caseId)).toEqual([]);
	}, 420_000);
});
