/**
 * The ERP entry (examples/erp-invoice-to-payment-link.json) as the ERP sees it, in real n8n: one process (SQLite) and
 * n8n's queue mode (main, 2 workers, 1 webhook process, Redis, PostgreSQL: scripts/queue.ts), against the sandbox.
 * The contract under test is README.md, "ERP in, link out": every answer is documented JSON, a vendor failure is
 * resumed by the ERP's retry of the same event, a duplicate in flight never makes a second invoice or link, and bad
 * input reaches no API. Counts are read where a user can read them: the HTTP answers and the sandbox's counters.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox';
import type { Counters } from '../../sandbox/controls';
import { ERP_CREDENTIAL, ERP_STORY, erpCredential, erpEvent, type ErpInvoiceEvent } from '../../scripts/erp';
import { REPO, sleep } from '../../scripts/n8n';
import type { QueueServices } from '../../scripts/queue';
import { INSTALL_TIMEOUT_MS, flowsPerInvoice, sandboxControl, startN8nWith, startQueueN8nWith, waitFor, type RunningCluster, type RunningN8n } from '../helpers/n8n';

const ENTRY = JSON.parse(readFileSync(join(REPO, 'examples', 'erp-invoice-to-payment-link.json'), 'utf8')) as { id: string };
const ZERTIBAN = { id: 'zcZertiban01', name: 'Zertiban (sandbox)', type: 'zertibanOAuth2Api' as const };
const CFIS = { id: 'zcCfisClient01', name: 'Confirma Finance (sandbox)', type: 'cfisApi' as const };
const INVOICE_CREATE = 'POST /api/v1/partner/invoice';
const FLOW_CREATE = 'POST /flow/v1/flows';
const log = (message: string) => process.stderr.write(`[erp-entry e2e] ${message}\n`);

/** `services`: in queue mode, the cluster's Redis and PostgreSQL, restarted as an operator does (scripts/queue.ts). */
type Setup = { sandbox: Sandbox; bases: () => string[]; token: string; close(): Promise<void>; services?: Pick<QueueServices, 'restartPostgres' | 'restartRedis'> };

/**
 * The answer an ERP acts on: never a stack trace, a server path or NaN. The workflow's answers are JSON with a
 * documented status; n8n's own 5xx answers while its database is unreachable (README "ERP in, link out") may be
 * plain text, and the ERP retries them.
 */
function assertClean(status: number, text: string) {
	expect(text).not.toMatch(/NaN|stack|\/home\/|\/tmp\/|\/work\/|node_modules|at \w+ \(/);
	if (status >= 500 && status !== 502) return;
	expect(() => JSON.parse(text)).not.toThrow();
	expect([200, 400, 409, 413, 415, 422, 502, 503]).toContain(status);
}

/** How long the ERP waits for one answer (README "ERP in, link out": allow 60 s), then gives up and retries. */
const ANSWER_TIMEOUT_MS = 60_000;

/** Posts like {@link postErpEvent} (given up after {@link ANSWER_TIMEOUT_MS}) and checks the answer is clean. */
async function send(base: string, token: string, event: ErpInvoiceEvent | Record<string, unknown>, raw?: { body?: string; contentType?: string }) {
	const response = await fetch(`${base}/webhook/${ERP_STORY.webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': raw?.contentType ?? 'application/json', [ERP_STORY.header]: token },
		body: raw?.body ?? JSON.stringify(event),
		signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
	});
	const text = await response.text();
	assertClean(response.status, text);
	let body: Record<string, unknown> & { error?: { code: string; field?: string } } = {};
	try {
		body = JSON.parse(text) as typeof body;
	} catch {
		// n8n's own plain-text 5xx (checked above): no JSON body
	}
	return { status: response.status, body, retryAfter: response.headers.get('retry-after') };
}

/**
 * The ERP's retry rule (README "ERP in, link out"): no answer within {@link ANSWER_TIMEOUT_MS} or no connection, any
 * 5xx (the workflow's 502/503 and n8n's own, JSON or plain text), a 200 without the link and 409 `IN_FLIGHT` are sent again, the same event,
 * after Retry-After (at most 10 s) or else 1, 2, 4… s (at most 10 s), until another answer or `withinMs` has passed.
 * `attempts` lists what each try got (`timeout`, `no connection`, or the status and error code).
 */
async function sendUntilAnswered(base: string, token: string, event: ErpInvoiceEvent, withinMs = 120_000) {
	const attempts: string[] = [];
	const until = Date.now() + withinMs;
	for (let backoff = 1; ; backoff = Math.min(10, backoff * 2)) {
		let answer: Awaited<ReturnType<typeof send>> | undefined;
		try {
			answer = await send(base, token, event);
		} catch (error) {
			// fetch's errors: TypeError (no connection, reset) and TimeoutError (our timeout). Compared by name: in jest
			// they come from another realm, so instanceof does not hold.
			const name = (error as Error).name;
			if (name !== 'TypeError' && name !== 'TimeoutError') throw error;
			attempts.push(name === 'TimeoutError' ? 'timeout' : 'no connection');
		}
		if (answer) {
			// What it was: the workflow's error code, n8n's own JSON message, or neither (plain text, empty).
			const message = typeof answer.body.message === 'string' ? ` n8n: ${answer.body.message}` : '';
			attempts.push(`${answer.status}${answer.body.error?.code ? ` ${answer.body.error.code}` : message}`);
			// A 200 without the link is n8n's own empty answer (the workflow's answer lost between processes): sent again.
			const lost = answer.status === 200 && typeof answer.body.paymentLink !== 'string';
			const retry = lost || answer.status >= 500 || (answer.status === 409 && answer.body.error?.code === 'IN_FLIGHT');
			if (!retry) return { ...answer, attempts };
		}
		if (Date.now() > until) throw new Error(`no final answer for ${event.erpInvoiceId} within ${withinMs / 1000} s: ${attempts.join(', ')}`);
		const retryAfter = Number(answer?.retryAfter ?? NaN);
		await sleep((Number.isFinite(retryAfter) ? Math.min(10, retryAfter) : backoff) * 1000);
	}
}

const counters = async (sandbox: Sandbox, which: 'zertiban' | 'cfis') =>
	(await sandboxControl(which === 'zertiban' ? sandbox.info.zertiban.baseUrl : new URL(sandbox.info.cfis.baseUrl).origin, 'counters', undefined, 'GET')) as unknown as Counters;
const apiCalls = async (sandbox: Sandbox) => {
	const [z, c] = [await counters(sandbox, 'zertiban'), await counters(sandbox, 'cfis')];
	return Object.values(z.requests).reduce((a, b) => a + b, 0) + z.tokenRequests + Object.values(c.requests).reduce((a, b) => a + b, 0);
};
const creates = async (sandbox: Sandbox) => ({ invoices: (await counters(sandbox, 'cfis')).requests[INVOICE_CREATE] ?? 0, links: (await counters(sandbox, 'zertiban')).requests[FLOW_CREATE] ?? 0 });
const resetCounters = async (sandbox: Sandbox) => {
	await sandboxControl(sandbox.info.zertiban.baseUrl, 'counters/reset');
	await sandboxControl(new URL(sandbox.info.cfis.baseUrl).origin, 'counters/reset');
};

/** Events of the restart burst, and how long the ERP keeps retrying each (the claim's 2-minute lease included). */
const STORM = 40;
const STORM_WITHIN_MS = 300_000;

/** The invoices Confirma Finance holds under `invoiceNumber` (its distribution records, docs/cfis.md §4.7), read as a client. */
async function invoicesNumbered(sandbox: Sandbox, invoiceNumber: number): Promise<Array<{ invoiceNumber: string; caseId: number | null }>> {
	const response = await fetch(`${sandbox.info.cfis.baseUrl}/invoice/distribution?invoiceNumber=${invoiceNumber}`, { headers: { 'x-api-key': sandbox.info.cfis.clientToken } });
	return ((await response.json()) as { data: Array<{ invoiceNumber: string; caseId: number | null }> }).data;
}

/** Invoice numbers unique to a run. */
let next = Math.floor(Date.now() / 1000) * 1000;
const fresh = () => erpEvent(next++, 0);

function scenarios(mode: string, start: () => Promise<Setup>) {
	describe(`ERP entry in real n8n (${mode})`, () => {
		let setup: Setup;
		beforeAll(async () => {
			setup = await start();
		}, INSTALL_TIMEOUT_MS);
		afterAll(async () => {
			await setup?.close();
		});
		const base = (i = 0) => setup.bases()[i % setup.bases().length];

		it('bad input: each refused with its documented status and a JSON error naming the field, with 0 API calls', async () => {
			await resetCounters(setup.sandbox);
			const good = fresh();
			const cases: Array<[string, number, string, Record<string, unknown> | undefined, { body?: string; contentType?: string }?]> = [
				['missing erpInvoiceId', 400, 'erpInvoiceId', { ...good, erpInvoiceId: undefined }],
				['erpInvoiceId not a string', 400, 'erpInvoiceId', { ...good, erpInvoiceId: 42 }],
				['missing invoiceNumber', 400, 'invoiceNumber', { ...good, invoiceNumber: undefined }],
				['invoiceNumber 0', 400, 'invoiceNumber', { ...good, invoiceNumber: 0 }],
				['invoiceNumber as text', 400, 'invoiceNumber', { ...good, invoiceNumber: '123' }],
				['wrong reference check digit', 400, 'paymentReference', { ...good, paymentReference: '1337108' }],
				['missing buyerName', 400, 'buyerName', { ...good, buyerName: '' }],
				['buyerName of 71 characters', 400, 'buyerName', { ...good, buyerName: 'x'.repeat(71) }],
				['bad e-mail', 400, 'buyerEmail', { ...good, buyerEmail: 'ap-at-acme' }],
				['missing description', 400, 'description', { ...good, description: undefined }],
				['negative price', 400, 'unitPriceCents', { ...good, unitPriceCents: -79 }],
				['price 0', 400, 'unitPriceCents', { ...good, unitPriceCents: 0 }],
				['price in euros with decimals', 400, 'unitPriceCents', { ...good, unitPriceCents: 0.79 }],
				['old unitPrice in euros', 400, 'unitPriceCents', { ...good, unitPriceCents: undefined, unitPrice: 0.79 }],
				['due date not a date', 400, 'dueDate', { ...good, dueDate: '2026-02-30' }],
				['due date in the past', 400, 'dueDate', { ...good, dueDate: '2000-01-01' }],
				['not JSON', 400, 'body', undefined, { body: '{"erpInvoiceId": "ERP-1",' }],
				['a JSON array', 400, 'body', undefined, { body: '[]' }],
				['plain text', 415, 'Content-Type', undefined, { body: 'erpInvoiceId=ERP-1', contentType: 'text/plain' }],
				['XML', 415, 'Content-Type', undefined, { body: '<invoice><erpInvoiceId>ERP-1</erpInvoiceId></invoice>', contentType: 'application/xml' }],
				['10 MB body', 413, 'body', undefined, { body: JSON.stringify({ ...good, padding: 'x'.repeat(10 * 1024 * 1024) }) }],
			];
			const seen: string[] = [];
			for (const [name, status, field, event, raw] of cases) {
				const answer = await send(base(seen.length), setup.token, event ?? {}, raw);
				seen.push(`${name}: ${answer.status} ${answer.body.error?.field}`);
				expect({ name, status: answer.status, field: answer.body.error?.field }).toEqual({ name, status, field });
			}
			log(`bad input (${mode}): ${seen.join('; ')}`);
			expect(await apiCalls(setup.sandbox)).toBe(0);
			// A wrong or missing header token: n8n's Header Auth answers 403 with its own text, and nothing runs.
			for (const token of ['wrong', '']) {
				const refused = await fetch(`${base()}/webhook/${ERP_STORY.webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { [ERP_STORY.header]: token } : {}) }, body: JSON.stringify(good) });
				expect({ status: refused.status, text: await refused.text() }).toEqual({ status: 403, text: 'Authorization data is wrong!' });
			}
			expect(await apiCalls(setup.sandbox)).toBe(0);
		}, 300_000);

		it('Zertiban 503 after the invoice was created → 502 with Retry-After; the ERP retry → 200 with one invoice and one link', async () => {
			await resetCounters(setup.sandbox);
			const event = fresh();
			await sandboxControl(setup.sandbox.info.zertiban.baseUrl, 'faults', { status: 503, count: 2, path: '/flow/v1/flows', method: 'POST' });
			const failed = await send(base(), setup.token, event);
			expect({ status: failed.status, code: failed.body.error?.code, retryAfter: failed.retryAfter }).toEqual({ status: 502, code: 'VENDOR_UNAVAILABLE', retryAfter: '5' });
			expect(await creates(setup.sandbox)).toEqual({ invoices: 1, links: 2 }); // the node's create and its one resend, both refused
			const retried = await send(base(1), setup.token, event);
			expect(retried).toMatchObject({ status: 200, body: { erpInvoiceId: event.erpInvoiceId, invoiceNumber: event.invoiceNumber, amountCents: 99, created: true } });
			expect(retried.body.paymentLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/link-validator\//);
			expect(typeof retried.body.caseId).toBe('number');
			const again = await send(base(), setup.token, event);
			expect(again).toMatchObject({ status: 200, body: { ...retried.body, created: false } });
			expect(await creates(setup.sandbox)).toEqual({ invoices: 1, links: 3 });
		}, 300_000);

		it('Confirma Finance already holds the invoice (DUPLICATE, no total): its case is used, the link is made', async () => {
			await resetCounters(setup.sandbox);
			const event = fresh();
			await sandboxControl(new URL(setup.sandbox.info.cfis.baseUrl).origin, 'faults', { status: 503, count: 1, path: '/api/v1/partner/invoice', method: 'POST' });
			const failed = await send(base(), setup.token, event);
			expect({ status: failed.status, code: failed.body.error?.code, service: (failed.body.error as { service?: string })?.service }).toEqual({ status: 502, code: 'VENDOR_UNAVAILABLE', service: 'Confirma Finance' });
			// The invoice reaches Confirma Finance by another way (the answer lost): the retry gets DUPLICATE.
			const body = { processing: { paymentControlEnabled: true }, distribution: { method: 'EMAIL', enabled: true }, invoice: { header: { number: event.invoiceNumber, type: 'INVOICE', date: new Date().toISOString().slice(0, 10), dueDate: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10), currencyCode: 'EUR' }, references: { payment: event.paymentReference }, parties: { sellerParty: { businessId: '0737546-2', name: 'Sandbox Demo Oy' }, buyerParty: { entityType: 'BUSINESS', name: event.buyerName, contact: { email: event.buyerEmail } } }, rows: [{ name: event.description, quantity: 1, unitPrice: 0.79, vatPercentage: 25.5 }] } };
			const made = await fetch(`${setup.sandbox.info.cfis.baseUrl}/invoice`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': setup.sandbox.info.cfis.clientToken }, body: JSON.stringify(body) });
			const { caseId } = (await made.json()) as { caseId: number };
			const retried = await send(base(1), setup.token, event);
			expect(retried).toMatchObject({ status: 200, body: { caseId, amountCents: 99, created: true } });
		}, 300_000);

		it('20 invoices, each sent twice at the same moment: no 500, exactly 20 invoice creates and 20 link creates; every retry gets the same link', async () => {
			await resetCounters(setup.sandbox);
			const events = Array.from({ length: 20 }, () => fresh());
			const first = await Promise.all(events.flatMap((event, i) => [send(base(i), setup.token, event), send(base(i + 1), setup.token, event)]));
			const statuses: Record<number, number> = {};
			for (const { status } of first) statuses[status] = (statuses[status] ?? 0) + 1;
			log(`20 invoices twice at once (${mode}): first answers ${JSON.stringify(statuses)}`);
			expect(first.filter(({ status }) => status !== 200 && status !== 409)).toEqual([]);
			const final = await Promise.all(events.map((event, i) => sendUntilAnswered(base(i), setup.token, event)));
			expect(final.map(({ status }) => status)).toEqual(events.map(() => 200));
			expect(new Set(final.map(({ body }) => body.paymentLink)).size).toBe(20);
			// A 200 among the first answers carries the same link as the final one.
			first.forEach(({ status, body }, i) => {
				if (status === 200) expect(body.paymentLink).toBe(final[Math.floor(i / 2)].body.paymentLink);
			});
			expect(await creates(setup.sandbox)).toEqual({ invoices: 20, links: 20 });
		}, 600_000);

		it('the same erpInvoiceId again with another invoice number or amount → 409 ERP_INVOICE_ID_REUSED naming the field, not the old link; nothing created', async () => {
			const event = fresh();
			const first = await send(base(), setup.token, event);
			expect(first.status).toBe(200);
			await resetCounters(setup.sandbox);
			const changed: Array<[string, ErpInvoiceEvent]> = [
				['invoiceNumber', { ...event, invoiceNumber: event.invoiceNumber + 500_000 }],
				['unitPriceCents', { ...event, unitPriceCents: event.unitPriceCents + 100 }],
			];
			for (const [field, other] of changed) {
				const answer = await send(base(1), setup.token, other);
				expect({ status: answer.status, code: answer.body.error?.code, field: answer.body.error?.field, recorded: (answer.body.error as { recorded?: unknown })?.recorded, paymentLink: answer.body.paymentLink }).toEqual({
					status: 409,
					code: 'ERP_INVOICE_ID_REUSED',
					field,
					recorded: { invoiceNumber: event.invoiceNumber, amountCents: 99 },
					paymentLink: undefined,
				});
			}
			expect(await apiCalls(setup.sandbox)).toBe(0);
			// The first event itself still gets its link.
			expect(await send(base(), setup.token, event)).toMatchObject({ status: 200, body: { ...first.body, created: false } });
		}, 120_000);

		if (mode === 'queue mode') {
			it(`${STORM} ERP events while PostgreSQL and then Redis restart: the ERP retrying as documented ends with one invoice and one link each, and gets that link`, async () => {
				const services = setup.services!;
				await resetCounters(setup.sandbox);
				const events = Array.from({ length: STORM }, () => fresh());
				const started = Date.now();
				const deliveries = Promise.all(events.map((event, i) => sendUntilAnswered(base(i), setup.token, event, STORM_WITHIN_MS)));
				// In the middle of the burst: executions queued, running on the workers, answering.
				await sleep(1_500);
				await services.restartPostgres();
				const restarted = `PostgreSQL restarted ${((Date.now() - started) / 1000).toFixed(1)} s into the burst`;
				await sleep(1_000);
				await services.restartRedis();
				const final = await deliveries;
				const seen: Record<string, number> = {};
				for (const attempt of final.flatMap(({ attempts }) => attempts)) seen[attempt] = (seen[attempt] ?? 0) + 1;
				log(`${STORM} events, ${restarted}, Redis after it: every event answered within ${((Date.now() - started) / 1000).toFixed(1)} s; the slowest after ${Math.max(...final.map(({ attempts }) => attempts.length))} tries; all tries ${JSON.stringify(seen)}`);
				// Every final answer is the link (200), or the documented answer for a link whose URL was never recorded.
				const finals = final.map(({ status, body }) => (status === 200 ? 200 : `${status} ${body.error?.code}`));
				expect(finals.filter((answer) => answer !== 200 && answer !== '409 LINK_URL_UNKNOWN')).toEqual([]);
				const linked = final.flatMap(({ status, body }, i) => (status === 200 ? [{ event: events[i], body }] : []));
				log(`final answers: ${linked.length} links, ${final.length - linked.length} LINK_URL_UNKNOWN`);
				expect(linked.map(({ body }) => ({ erpInvoiceId: body.erpInvoiceId, invoiceNumber: body.invoiceNumber, amountCents: body.amountCents }))).toEqual(
					linked.map(({ event }) => ({ erpInvoiceId: event.erpInvoiceId, invoiceNumber: event.invoiceNumber, amountCents: 99 })),
				);
				// Exactly one Zertiban payment link (flow COLL-<n>) and one Confirma Finance invoice per event, at the sandbox.
				expect(await flowsPerInvoice(setup.sandbox, events.map((event) => event.invoiceNumber))).toEqual(events.map(() => 1));
				const invoices = await Promise.all(events.map((event) => invoicesNumbered(setup.sandbox, event.invoiceNumber)));
				expect(invoices.map((found) => found.length)).toEqual(events.map(() => 1));
				// The link answered is the payer page of that invoice's operation, and the case is that invoice's.
				for (const { event, body } of linked) {
					expect(body.caseId).toBe(invoices[events.indexOf(event)][0].caseId);
					const page = await fetch(String(body.paymentLink));
					expect({ status: page.status, concept: (await page.text()).includes(`Invoice ${event.invoiceNumber}, reference`) }).toEqual({ status: 200, concept: true });
				}
			}, STORM_WITHIN_MS + 120_000);
		}
	});
}

const token = erpCredential();
// n8n as deployed (its Docker image sets NODE_ENV=production): when n8n itself cannot run the workflow (its database
// restarting), its own 500 answer then carries no stack trace (README "ERP in, link out").
const common = (sandbox: Sandbox) => ({ sandbox, credentials: [ZERTIBAN, CFIS], extraCredentials: [{ ...ERP_CREDENTIAL, data: token.data }], workflows: [ENTRY], publish: [ENTRY.id], env: { NODE_ENV: 'production' } });

scenarios('one process', async () => {
	const sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	let running: RunningN8n | undefined;
	try {
		running = await startN8nWith({ label: 'erp-entry', ...common(sandbox) });
	} catch (error) {
		await sandbox.close();
		throw error;
	}
	const n8n = running;
	await waitFor('the ERP webhook live', async () => (await fetch(`${n8n.base}/webhook/${ERP_STORY.webhookPath}`, { method: 'POST' })).status !== 404, 60_000);
	return { sandbox, token: token.token, bases: () => [n8n.base], close: async () => { await n8n.close(); await sandbox.close(); } };
});

scenarios('queue mode', async () => {
	const sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	let running: RunningCluster | undefined;
	try {
		running = await startQueueN8nWith({ label: 'erp-entry-queue', workers: 2, webhooks: 1, ...common(sandbox) });
	} catch (error) {
		await sandbox.close();
		throw error;
	}
	const cluster = running;
	await waitFor('the ERP webhook live', async () => (await fetch(`${cluster.cluster.webhooks[0].base}/webhook/${ERP_STORY.webhookPath}`, { method: 'POST' })).status !== 404, 60_000);
	return {
		sandbox,
		token: token.token,
		bases: () => [cluster.cluster.webhooks[0].base, cluster.cluster.main.base],
		services: cluster.services,
		close: async () => { await cluster.close(); await sandbox.close(); },
	};
});
