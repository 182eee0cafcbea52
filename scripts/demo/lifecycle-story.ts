/**
 * The lifecycle branches the demo walks after the happy path (README.md, "The invoice's whole life";
 * docs/lifecycle.md), with the ERP played by the demo's ERP double (scripts/erp.ts):
 * 1. **expired link**: the ERP posts an invoice (part 1 answers the payment link), the link expires (sandbox control),
 *    Zertiban's event reaches examples/lifecycle-link-ended.json, which makes a new payment link for the invoice and
 *    calls the ERP back with `LINK_RENEWED` and its URL; the ERP sending the invoice again gets that new link;
 * 2. **paid elsewhere**: the ERP posts another invoice, then says it was paid by bank transfer
 *    (examples/lifecycle-invoice-closed.json, reason `PAID_ELSEWHERE`): the payment link is cancelled and the answer
 *    and the callback say `LINK_CLOSED`.
 */
import type { SandboxInfo } from '../../sandbox/index';
import { ERP_STORY, erpEvent, postErpEvent, type ErpCallback } from '../erp';
import { INVOICE_CLOSED } from '../lifecycle/templates';
import { ScriptError as DemoError, sleep } from '../n8n';
import { log, out, settleWebhooks } from './stories';

/** What the lifecycle walk saw, as written under `lifecycle` by --json. */
export interface LifecycleStoryResult {
	expired: { invoiceNumber: number; operationStatus: string; callback: Record<string, unknown>; answerAgain: { status: number; paymentLink: string; created: boolean } };
	paidElsewhere: { invoiceNumber: number; status: number; answer: Record<string, unknown>; operationStatus: string };
}

/** A sandbox control on the Zertiban sandbox (`/__sandbox/<path>`); throws a DemoError on a non-2xx answer. */
async function zertibanControl<T>(info: SandboxInfo, path: string, method = 'GET'): Promise<T> {
	const response = await fetch(`${info.zertiban.baseUrl}/__sandbox/${path}`, method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: '{}' });
	if (!response.ok) throw new DemoError(`the sandbox refused ${path} (${response.status})`, await response.text());
	return (await response.json()) as T;
}

/** The one payment link (Zertiban operation) of a part-1 invoice, by its external ID `INV-<number>`. */
async function linkOf(info: SandboxInfo, invoiceNumber: number): Promise<{ uuid: string; status: string }> {
	const { operations } = await zertibanControl<{ operations: Array<{ uuid: string; status: string }> }>(info, `operations?externalId=INV-${invoiceNumber}`);
	if (operations.length !== 1) throw new DemoError(`invoice ${invoiceNumber} has ${operations.length} payment links, expected 1`);
	return operations[0];
}

/** The ERP posts invoice `n` of this walk to part 1; answers its invoice number (throws unless 200). */
async function erpInvoice(base: string, token: string, first: number, n: number): Promise<number> {
	const { status, answer } = await postErpEvent(base, token, erpEvent(first, n));
	if (status !== 200) throw new DemoError(`part 1 answered the ERP event with ${status}`, JSON.stringify(answer));
	return answer.invoiceNumber;
}

/**
 * Walks both branches against n8n at `base` (part 1, the lifecycle templates live there); `erp.callbacks` is the ERP
 * double's log. Every wait is bounded (30 s); throws a DemoError when a step does not happen.
 */
export async function walkLifecycle(base: string, info: SandboxInfo, erp: { token: string; callbacks: ErpCallback[] }): Promise<LifecycleStoryResult> {
	const first = Math.floor(Date.now() / 1000) * 1000;
	out('Story: the invoice\'s whole life (ERP → part 1 → a branch off the happy path → ERP callback)');

	const expiredNumber = await erpInvoice(base, erp.token, first, 1);
	const expiring = await linkOf(info, expiredNumber);
	const { status: operationStatus } = await zertibanControl<{ status: string }>(info, `operations/${expiring.uuid}/expire`, 'POST');
	log(`invoice ${expiredNumber}: its payment link expired (sandbox control)`);
	await settleWebhooks(info);
	let callback: ErpCallback | undefined;
	for (let tries = 0; !callback; tries++) {
		if (tries >= 60) throw new DemoError(`the ERP was not told of the expired link of invoice ${expiredNumber} within 30 s`);
		callback = erp.callbacks.find((c) => c.body.invoiceNumber === expiredNumber && ['LINK_RENEWED', 'LINK_EXPIRED'].includes(String(c.body.status)));
		if (!callback) await sleep(500);
	}
	out(`  expired link:   invoice ${expiredNumber}, link ${operationStatus} → ERP callback ${JSON.stringify(callback.body)}`);
	const again = await postErpEvent(base, erp.token, erpEvent(first, 1));
	const answerAgain = { status: again.status, paymentLink: again.answer.paymentLink, created: again.answer.created };
	out(`                  the ERP sends invoice ${expiredNumber} again → ${again.status}, ${answerAgain.paymentLink === callback.body.paymentLink ? 'the new link' : 'NOT the new link'} (created: ${String(answerAgain.created)})`);

	const paidNumber = await erpInvoice(base, erp.token, first, 2);
	const response = await fetch(`${base}/webhook/${INVOICE_CLOSED.path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', [ERP_STORY.header]: erp.token },
		body: JSON.stringify({ invoiceNumber: paidNumber, reason: 'PAID_ELSEWHERE' }),
	});
	const text = await response.text();
	let answer: Record<string, unknown>;
	try {
		answer = JSON.parse(text) as Record<string, unknown>;
	} catch {
		throw new DemoError(`the invoice-closed workflow answered ${response.status} with no JSON`, text.slice(0, 200));
	}
	const after = await linkOf(info, paidNumber);
	out(`  paid elsewhere: invoice ${paidNumber}, the ERP said PAID_ELSEWHERE → answer ${response.status} ${JSON.stringify(answer)}; link now ${after.status}`);
	out();
	return {
		expired: { invoiceNumber: expiredNumber, operationStatus, callback: callback.body, answerAgain },
		paidElsewhere: { invoiceNumber: paidNumber, status: response.status, answer, operationStatus: after.status },
	};
}
