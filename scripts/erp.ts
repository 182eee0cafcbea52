/**
 * The ERP side of the ERP-started invoice-to-payment story (README.md, "ERP in, link out"), for the demo
 * and the E2E tests: what the ERP posts to part 1 (examples/erp-invoice-to-payment-link.json), the header
 * credential n8n checks it with, and a tiny ERP double on 127.0.0.1 that receives part 2's callback
 * (examples/payment-to-invoice-paid.json, node {@link ERP_CALLBACK_NODE}).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ErpEntryEvent } from './erp-entry/code';

/** Part 1's workflow id, its Webhook node's path, and the header the ERP authenticates with. */
export const ERP_STORY = { workflowId: 'zcErpInvoiceLink1', webhookPath: 'erp/invoices', header: 'X-ERP-Token', paidWorkflowId: 'zcPaidToInvoice01' };
/** The one node of part 2 that holds the ERP's callback URL (the one place to set it). */
export const ERP_CALLBACK_NODE = 'Tell The ERP';
/** The credential part 1's Webhook node refers to (n8n's Header Auth credential type). */
export const ERP_CREDENTIAL = { id: 'zcErpHeader01', name: 'ERP webhook token', type: 'httpHeaderAuth' };

/**
 * The ERP event body part 1 documents (README "ERP in, link out"): the event its check accepts
 * ({@link ErpEntryEvent}, scripts/erp-entry/code.ts), with `dueDate` (YYYY-MM-DD) optional. Amounts in integer cents.
 */
export type ErpInvoiceEvent = Omit<ErpEntryEvent, 'dueDate'> & { dueDate?: string };

/** Part 1's answer: the payment link of the invoice, `created: false` when it was made by an earlier event. */
export interface ErpLinkAnswer {
	erpInvoiceId: string;
	invoiceNumber: number;
	caseId: number;
	amountCents: number;
	paymentLink: string;
	created: boolean;
}

/**
 * The shell line the demo prints for README's `curl` calls ("ERP in, link out"): they read n8n's base URL, the
 * webhook's header token and the ERP's callback URL (the demo's ERP double) from `N8N_URL`, `ERP_TOKEN` and
 * `ERP_URL`, so after this line they paste as they are.
 */
export const erpShellLine = (base: string, token: string, erpUrl: string) => `export N8N_URL=${base} ERP_TOKEN=${token} ERP_URL=${erpUrl}`;

/** A fresh token for the ERP's webhook header and the credential data n8n stores for it. */
export function erpCredential(): { token: string; data: { name: string; value: string } } {
	const token = `erp-${randomBytes(18).toString('hex')}`;
	return { token, data: { name: ERP_STORY.header, value: token } };
}

/**
 * An ERP event for invoice `n` of a run (unique invoice number per run: `base + n`; Finnish payment reference
 * 1337109, 79 cents + 25.5 % VAT = 99 cents, under the Zertiban sandbox's 1 EUR cap).
 */
export function erpEvent(base: number, n: number): ErpInvoiceEvent {
	return {
		erpInvoiceId: `ERP-${base}-${n}`,
		invoiceNumber: base + n,
		paymentReference: '1337109',
		buyerName: 'ACME Oy',
		buyerEmail: 'ap@acme.example',
		description: 'Parking, one hour',
		unitPriceCents: 79,
	};
}

/**
 * Posts an ERP event to part 1 at `webhookBase` (a main or webhook process); returns the HTTP status and answer
 * (a refusal's JSON `{ error }` in place of the link when the status is not 200). `body` replaces the JSON of `event`
 * (any text), `contentType` its header.
 */
export async function postErpEvent(
	webhookBase: string,
	token: string,
	event: ErpInvoiceEvent | Record<string, unknown>,
	raw?: { body?: string; contentType?: string },
): Promise<{ status: number; answer: ErpLinkAnswer; headers: Headers }> {
	const response = await fetch(`${webhookBase}/webhook/${ERP_STORY.webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': raw?.contentType ?? 'application/json', [ERP_STORY.header]: token },
		body: raw?.body ?? JSON.stringify(event),
	});
	const text = await response.text();
	let answer: ErpLinkAnswer;
	try {
		answer = JSON.parse(text) as ErpLinkAnswer;
	} catch {
		throw new Error(`part 1 answered ${response.status} with no JSON: ${text.slice(0, 200)}`);
	}
	return { status: response.status, answer, headers: response.headers };
}

/** Sets the `url` parameter of the HTTP Request node `nodeName` in a workflow JSON; throws when the node is missing. */
export function withNodeUrl<T extends { nodes: Array<{ name: string; parameters?: Record<string, unknown> }> }>(workflow: T, nodeName: string, url: string): T {
	const node = workflow.nodes.find((candidate) => candidate.name === nodeName);
	if (!node) throw new Error(`the workflow has no node "${nodeName}"`);
	return { ...workflow, nodes: workflow.nodes.map((n) => (n === node ? { ...n, parameters: { ...n.parameters, url } } : n)) };
}

/** Sets part 2's ERP callback URL (node {@link ERP_CALLBACK_NODE}) in a workflow JSON; throws when the node is missing. */
export const withErpCallback = <T extends { nodes: Array<{ name: string; parameters?: Record<string, unknown> }> }>(workflow: T, url: string): T =>
	withNodeUrl(workflow, ERP_CALLBACK_NODE, url);

/** One callback as the ERP double received it. */
export interface ErpCallback {
	at: number;
	body: Record<string, unknown>;
}

/**
 * One invoice of the ERP's list the reconciliation reads (README.md, "Reconciliation"): the ERP's id, the Confirma
 * Finance invoice number and case id (from part 1's answer), and the ERP's status: `OPEN` (unpaid), `PAID` or
 * `CLOSED` (withdrawn, credited).
 */
export interface ErpOpenInvoice {
	erpInvoiceId: string;
	invoiceNumber: number;
	caseId: number;
	status: 'OPEN' | 'PAID' | 'CLOSED';
}

/**
 * The ERP double: an HTTP server on 127.0.0.1 (free port) that records every JSON POST to `/payments` and answers
 * 200 `{"ok":true}`, and serves `openInvoices` (the test fills it) as JSON at `GET /open-invoices`. `url` is the
 * callback URL, `openInvoicesUrl` the list's; `close()` stops it.
 */
export async function startErpDouble(): Promise<{ url: string; openInvoicesUrl: string; callbacks: ErpCallback[]; openInvoices: ErpOpenInvoice[]; close(): Promise<void> }> {
	const callbacks: ErpCallback[] = [];
	const openInvoices: ErpOpenInvoice[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			if (request.method === 'GET' && request.url === '/open-invoices') {
				response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(openInvoices));
				return;
			}
			if (request.method !== 'POST' || request.url !== '/payments') {
				response.writeHead(404).end();
				return;
			}
			try {
				callbacks.push({ at: Date.now(), body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
				response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
			} catch {
				response.writeHead(400).end();
			}
		});
	});
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/payments`,
		openInvoicesUrl: `http://127.0.0.1:${port}/open-invoices`,
		callbacks,
		openInvoices,
		close: () =>
			new Promise<void>((done) => {
				server.close(() => done());
				server.closeAllConnections();
			}),
	};
}
