/**
 * The lifecycle templates (docs/lifecycle.md, README.md "The invoice's whole life"), made from the building blocks
 * of ./blocks.ts. Each is one branch off the happy path of parts 1 and 2, joined across both services, and ends in
 * one ERP callback (node "Tell The ERP") whose `status` is from the vocabulary in {@link ERP_STATUSES}.
 */
import { CREDENTIALS, cfisNode, ifNode, note, ourInvoicesFilter, setNode, tellTheErp, workflow, zertibanNode, type ExampleWorkflow } from './blocks';

/**
 * The `status` values of the lifecycle callbacks (README.md, "The invoice's whole life"); `PAID` is part 2's
 * (examples/payment-to-invoice-paid.json).
 */
export const ERP_STATUSES = {
	LINK_EXPIRED: 'the payment link expired unpaid; the Confirma Finance case goes on (reminders)',
	LINK_REJECTED: 'the payer or the bank rejected the payment; the case goes on',
	LINK_CLOSED: 'after the ERP said "paid elsewhere": no payable link is left (cancelled now, or it had already ended)',
	PAID_TWICE: 'after the ERP said "paid elsewhere": the payer had also paid through the link (reported by part 2): refund one',
	WITHDRAWN: 'after the ERP withdrew or credited the invoice: no payable link is left and the case was withdrawn',
	PAID_AFTER_WITHDRAWAL: 'after the ERP withdrew or credited the invoice: the payer paid through the link first (reported by part 2); the case is not withdrawn',
	STILL_AUTHORISING: 'the payer is still authorising at the bank after the retries: nothing changed, send the event again later',
} as const;

/** The reasons the ERP may give when it closes an invoice (body field `reason` of the event). */
export const CLOSE_REASONS = ['PAID_ELSEWHERE', 'WITHDRAWN', 'CREDITED'] as const;

/** The link-ended template's workflow id and its Zertiban Trigger's webhook id. */
export const LINK_ENDED = { id: 'zcLinkEnded00001', webhookId: '3a6c1f0e-7b2d-4c8e-9f10-2d3e4f5a6b01', file: 'lifecycle-link-ended.json' };
/** The invoice-closed template's workflow id, its Webhook node's path and webhook id. */
export const INVOICE_CLOSED = { id: 'zcInvoiceClosed1', path: 'erp/invoice-closed', webhookId: '3a6c1f0e-7b2d-4c8e-9f10-2d3e4f5a6b02', file: 'lifecycle-invoice-closed.json' };

/**
 * Link expired or rejected → the ERP is told (`LINK_EXPIRED` / `LINK_REJECTED`). The Zertiban Trigger drops repeated
 * deliveries of one event (its `eventUuid`), so the ERP is told once per event. The Confirma Finance case is left to
 * run (its reminders go on); the ERP decides whether to send a new invoice.
 */
export function linkEnded(): ExampleWorkflow {
	return workflow(
		{ id: LINK_ENDED.id, name: 'Invoice lifecycle: payment link expired or rejected, the ERP is told', idPrefix: '7a1e0c21' },
		[
			{
				name: 'Payment Link Ended',
				type: 'n8n-nodes-zertiban-cfis.zertibanTrigger',
				typeVersion: 1,
				at: [0, 0],
				webhookId: LINK_ENDED.webhookId,
				parameters: { startOn: ['events'], events: ['OPERATION_EXPIRED', 'OPERATION_REJECTED'], options: {} },
				credentials: CREDENTIALS.zertiban,
			},
			ourInvoicesFilter([220, 0]),
			setNode('ERP Callback', [440, 0], [
				['invoiceNumber', 'number', "={{ Number($json.resource.externalId.replace(/^INV-/, '')) }}"],
				['status', 'string', "={{ $json.eventType === 'OPERATION_EXPIRED' ? 'LINK_EXPIRED' : 'LINK_REJECTED' }}"],
				['zertibanOperationUuid', 'string', '={{ $json.resource.uuid }}'],
				['at', 'string', '={{ $json.timestamp }}'],
			]),
			tellTheErp([660, 0], 'ERP Callback'),
			note(
				[
					'## Invoice lifecycle: payment link expired or rejected',
					'Activate this workflow and e-mail the **Production URL** of *Payment Link Ended* (the `/events` one) to Zertiban, as for part 2.',
					'1. **Payment Link Ended** (Zertiban Trigger): signed `OPERATION_EXPIRED` and `OPERATION_REJECTED` events; a repeated delivery is dropped.',
					'2. **For One Of Our Invoices**: payment links of part 1 (external ID `INV-<invoice number>`).',
					'3. **Tell The ERP**: `{invoiceNumber, status: LINK_EXPIRED | LINK_REJECTED, zertibanOperationUuid, at}`. Set your ERP\'s URL here.',
					'The Confirma Finance case goes on (its reminders); to offer a new payment link, the ERP sends the invoice again (README, "The invoice\'s whole life").',
				].join('\n'),
				[-40, -380],
				900,
				340,
			),
		],
		[
			['Payment Link Ended', 'For One Of Our Invoices'],
			['For One Of Our Invoices', 'ERP Callback'],
			['ERP Callback', 'Tell The ERP'],
		],
	);
}

/** The expression of the closed invoice's event body (the Webhook node's single item). */
const EVENT = "$('ERP Invoice Closed').first().json.body";

/**
 * The ERP closes an invoice (`reason`: PAID_ELSEWHERE, WITHDRAWN or CREDITED) → its payment link is cancelled
 * (Zertiban Operation → Cancel, tried again while the payer authorises, outputting the status when it cannot), and for
 * a withdrawal or credit note the Confirma Finance case is withdrawn (Add Actions → WITHDRAW); the ERP gets the
 * outcome in the HTTP answer and as a callback. A payer who paid first is reported by part 2 (Report Payment, once);
 * this workflow reports nothing, so nothing is reported twice.
 */
export function invoiceClosed(): ExampleWorkflow {
	const validEvent = `={{ Number.isInteger(${EVENT}?.invoiceNumber) && ${EVENT}.invoiceNumber > 0 && ${JSON.stringify(CLOSE_REASONS).replace(/"/g, "'")}.includes(${EVENT}?.reason) }}`;
	const outcome =
		`={{ $json.status === 'COMPLETED' ? (${EVENT}.reason === 'PAID_ELSEWHERE' ? 'PAID_TWICE' : 'PAID_AFTER_WITHDRAWAL')` +
		` : $json.status === 'OPENED' && $json.cancelled === false ? 'STILL_AUTHORISING'` +
		` : (${EVENT}.reason === 'PAID_ELSEWHERE' ? 'LINK_CLOSED' : 'WITHDRAWN') }}`;
	return workflow(
		{ id: INVOICE_CLOSED.id, name: 'Invoice lifecycle: the ERP closes an invoice (paid elsewhere, withdrawn, credited)', idPrefix: '7a1e0c22' },
		[
			{
				name: 'ERP Invoice Closed',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				at: [0, 0],
				webhookId: INVOICE_CLOSED.webhookId,
				parameters: { httpMethod: 'POST', path: INVOICE_CLOSED.path, authentication: 'headerAuth', responseMode: 'responseNode', options: {} },
				credentials: CREDENTIALS.erpHeader,
			},
			ifNode('Valid Event?', [220, 0], validEvent, { type: 'boolean', operation: 'true', singleValue: true }),
			{
				name: 'Answer Bad Event',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				at: [440, 220],
				parameters: {
					respondWith: 'json',
					responseBody: `={{ JSON.stringify({ error: 'invoiceNumber must be a positive integer and reason one of ${CLOSE_REASONS.join(', ')}' }) }}`,
					options: { responseCode: 400 },
				},
			},
			zertibanNode(
				'Find The Payment Link',
				[440, 0],
				{ resource: 'operation', operation: 'getMany', returnAll: true, filters: { externalId: `={{ 'INV-' + ${EVENT}.invoiceNumber }}` }, options: {} },
				{ alwaysOutputData: true },
			),
			ifNode('Has A Payment Link?', [660, 0], "={{ $json.uuid ?? '' }}", { type: 'string', operation: 'notEmpty', singleValue: true }),
			zertibanNode('Cancel The Payment Link', [880, -120], {
				resource: 'operation',
				operation: 'cancel',
				operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' },
				options: { onCannotCancel: 'status', authorisingRetries: 3, retryWaitSeconds: 10 },
			}),
			setNode('Outcome', [1100, 0], [
				['invoiceNumber', 'number', `={{ ${EVENT}.invoiceNumber }}`],
				['reason', 'string', `={{ ${EVENT}.reason }}`],
				['status', 'string', outcome],
				['linkStatus', 'string', "={{ $json.status ?? 'NONE' }}"],
				['linkCancelled', 'boolean', '={{ $json.cancelled === true }}'],
				['zertibanOperationUuid', 'string', "={{ $json.uuid ?? '' }}"],
			]),
			ifNode('Withdraw The Case?', [1320, 0], '={{ $json.status }}', { type: 'string', operation: 'equals' }, 'WITHDRAWN'),
			cfisNode('Withdraw The Case', [1540, -120], {
				resource: 'invoice',
				operation: 'addActions',
				invoiceNumber: '={{ $json.invoiceNumber }}',
				actions: { action: [{ code: 'WITHDRAW', comment: "={{ 'Withdrawn by the ERP: ' + $json.reason }}" }] },
				options: {},
			}),
			tellTheErp([1760, 0], 'Outcome'),
			{
				name: 'Answer The ERP',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				at: [1980, 0],
				parameters: { respondWith: 'json', responseBody: "={{ JSON.stringify($('Outcome').item.json) }}", options: {} },
			},
			note(
				[
					'## Invoice lifecycle: the ERP closes an invoice',
					'Your ERP posts `{invoiceNumber, reason}` to the **Production URL** of *ERP Invoice Closed* (header `X-ERP-Token`, as part 1), `reason` one of `PAID_ELSEWHERE`, `WITHDRAWN`, `CREDITED`.',
					'1. **Find The Payment Link**: the Zertiban operation `INV-<invoiceNumber>`.',
					'2. **Cancel The Payment Link**: tried again (3 times, 10 s apart) while the payer authorises at the bank; a link that cannot be cancelled gives its status (e.g. COMPLETED: the payer paid first, part 2 reports it).',
					'3. **Withdraw The Case** (withdrawn or credited, no payment): Add Actions → WITHDRAW on the Confirma Finance case.',
					'4. **Tell The ERP** and **Answer The ERP**: `{invoiceNumber, reason, status, linkStatus, linkCancelled, zertibanOperationUuid}`; `status` is LINK_CLOSED, PAID_TWICE, WITHDRAWN, PAID_AFTER_WITHDRAWAL or STILL_AUTHORISING (README, "The invoice\'s whole life").',
				].join('\n'),
				[-40, -500],
				1300,
				420,
			),
		],
		[
			['ERP Invoice Closed', 'Valid Event?'],
			['Valid Event?', 'Find The Payment Link', 0],
			['Valid Event?', 'Answer Bad Event', 1],
			['Find The Payment Link', 'Has A Payment Link?'],
			['Has A Payment Link?', 'Cancel The Payment Link', 0],
			['Has A Payment Link?', 'Outcome', 1],
			['Cancel The Payment Link', 'Outcome'],
			['Outcome', 'Withdraw The Case?'],
			['Withdraw The Case?', 'Withdraw The Case', 0],
			['Withdraw The Case?', 'Tell The ERP', 1],
			['Withdraw The Case', 'Tell The ERP'],
			['Tell The ERP', 'Answer The ERP'],
		],
	);
}

/** Every lifecycle template by its file name in examples/. */
export const LIFECYCLE_TEMPLATES: Record<string, () => ExampleWorkflow> = {
	[LINK_ENDED.file]: linkEnded,
	[INVOICE_CLOSED.file]: invoiceClosed,
};
