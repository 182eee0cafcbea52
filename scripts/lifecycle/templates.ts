/**
 * The lifecycle templates (docs/lifecycle.md, README.md "The invoice's whole life"), made from the building blocks
 * of ./blocks.ts. Each is one branch off the happy path of parts 1 and 2, joined across both services, and ends in
 * one ERP callback (node "Tell The ERP") whose `status` is from the vocabulary in {@link ERP_STATUSES}.
 */
import { DEFAULT_RECORD_TABLE } from '../../nodes/Cfis/actions/invoice/reportPayment.operation';
import { CANCEL_EXIT, CREDENTIALS, FIND_ENTRY, FIND_EXIT, cancelPaymentLink, cancelPaymentLinkLinks, cfisNode, cfisTrigger, erpWebhook, filterNode, findPaymentLink, findPaymentLinkLinks, ifNode, note, ourInvoicesFilter, setNode, tellTheErp, workflow, type ExampleWorkflow } from './blocks';
import { SETTINGS, claimRenewal, endedLinkFacts, linkEndedCallback, renewLink } from './renewal';

/**
 * The `status` values of the lifecycle callbacks (README.md, "The invoice's whole life"); `PAID` is part 2's
 * (examples/payment-to-invoice-paid.json).
 */
export const ERP_STATUSES = {
	LINK_EXPIRED: 'the payment link expired unpaid and no new link was made (newLink false, reason NEW_LINKS_OFF, MAX_LINKS_REACHED or NOT_RECORDED); the Confirma Finance case goes on (reminders)',
	LINK_REJECTED: 'the payer or the bank rejected the payment and no new link was made (as LINK_EXPIRED); the case goes on',
	LINK_RENEWED: 'the payment link expired or was rejected (endedStatus) and a new one for the same invoice and amount replaces it: paymentLink, expiresAt, linkNumber; part 1 answers the ERP with it from now on',
	LINK_CLOSED: 'after the ERP said "paid elsewhere": no payable link is left (cancelled now, or it had already ended)',
	PAID_TWICE: 'after the ERP said "paid elsewhere": the payer had also paid through the link (reported by part 2): refund one',
	WITHDRAWN: 'after the ERP withdrew or credited the invoice: no payable link is left and the case was withdrawn',
	PAID_AFTER_WITHDRAWAL: 'after the ERP withdrew or credited the invoice: the payer paid through the link first (reported by part 2); the case is not withdrawn',
	STILL_AUTHORISING: 'the payer is still authorising at the bank after the retries: nothing changed, send the event again later',
	PARTIALLY_PAID: 'the collection agency received part of the invoice (preliminary, docs/cfis.md §4.8); outstanding says what is left; the payment link for the whole amount is cancelled',
	SETTLED: 'a settlement (payout) allocated money to the invoice: book it (capital, interest, fees); one callback per allocation of each settlement',
	PAID_NOT_REPORTED: 'reconciliation: the payer paid through the link (Zertiban COMPLETED) but Confirma Finance has no Direct Payment and the payment record has no report on its way',
	REPORTED_TWICE: 'reconciliation: the payer paid through the link once but Confirma Finance holds more than one Direct Payment for the invoice: reverse one',
	LINK_ALIVE_FOR_CLOSED_INVOICE: 'reconciliation: the ERP says PAID or CLOSED but the payment link can still be paid (CREATED or OPENED): send the invoice-closed event',
} as const;

/** The reasons the ERP may give when it closes an invoice (body field `reason` of the event). */
export const CLOSE_REASONS = ['PAID_ELSEWHERE', 'WITHDRAWN', 'CREDITED'] as const;

/** The link-ended template's workflow id and its Zertiban Trigger's webhook id. */
export const LINK_ENDED = { id: 'zcLinkEnded00001', webhookId: '3a6c1f0e-7b2d-4c8e-9f10-2d3e4f5a6b01', file: 'lifecycle-link-ended.json' };
/** The invoice-closed template's workflow id, its Webhook node's path and webhook id. */
export const INVOICE_CLOSED = { id: 'zcInvoiceClosed1', path: 'erp/invoice-closed', webhookId: '3a6c1f0e-7b2d-4c8e-9f10-2d3e4f5a6b02', file: 'lifecycle-invoice-closed.json' };

/**
 * Link expired or rejected → the ERP is told, and (setting *Send a New Payment Link*, on by default, at most
 * *Max Links Per Invoice* links, 3 by default) a new payment link is made for the same invoice and sent
 * (`LINK_RENEWED`, ./renewal.ts), exactly once per ended link however often its event arrives; otherwise the
 * Confirma Finance case goes on (its reminders) and the ERP is told `LINK_EXPIRED` / `LINK_REJECTED` with the reason.
 */
export function linkEnded(): ExampleWorkflow {
	return workflow(
		{ id: LINK_ENDED.id, name: 'Invoice lifecycle: payment link expired or rejected, a new link or the ERP is told', idPrefix: '7a1e0c21' },
		[
			{
				name: 'Payment Link Ended',
				type: 'n8n-nodes-zertiban-cfis.zertibanTrigger',
				typeVersion: 1,
				at: [0, 0],
				webhookId: LINK_ENDED.webhookId,
				parameters: { startOn: ['events'], events: ['OPERATION_EXPIRED', 'OPERATION_REJECTED'], options: { includeOperationDetails: true } },
				credentials: CREDENTIALS.zertiban,
			},
			ourInvoicesFilter([220, 0]),
			...endedLinkFacts([440, 0]),
			...claimRenewal([1100, 0]),
			...renewLink([1980, 0]),
			linkEndedCallback([3740, 440]),
			{ ...tellTheErp([3960, 0], 'Link Renewed'), parameters: { ...tellTheErp([3960, 0], 'Link Renewed').parameters, jsonBody: '={{ JSON.stringify($json) }}' } },
			note(
				[
					'## Invoice lifecycle: payment link expired or rejected',
					'Activate this workflow and e-mail the **Production URL** of *Payment Link Ended* (the `/events` one) to Zertiban, as for part 2. Needs part 1\'s data table *ERP payment links*.',
					'**Settings** (edit here): *sendNewPaymentLink* (true: a new link replaces an ended one; false: the ERP is only told) and *maxLinksPerInvoice* (the first link included).',
					'1. **Payment Link Ended** (Zertiban Trigger): signed `OPERATION_EXPIRED` and `OPERATION_REJECTED` events, the operation read back; **For One Of Our Invoices**: `INV-<invoice number>` and its renewals `INV-<invoice number>-<link number>`.',
					'2. **Claim The Renewal**: part 1\'s row of the ended link becomes `renewing` (one execution only; **Take Over The Renewal** resumes one that stopped).',
					'3. **Find Stranded Links** / **Cancel Stranded Link**: a link a stopped attempt made but never recorded (its URL is shown only once) is cancelled. **Create The New Link**: same amount, concept and payer, `INV-<invoice number>-<link number>`. **Record The New Link**: part 1 answers the ERP with it from now on (a link that cannot be recorded is cancelled, not sent).',
					'4. **Tell The ERP**: `LINK_RENEWED` with `paymentLink` and `expiresAt`, or `LINK_EXPIRED` / `LINK_REJECTED` with `newLink: false` and `reason` (NEW_LINKS_OFF, MAX_LINKS_REACHED, NOT_RECORDED). Set your ERP\'s URL here (README, "The invoice\'s whole life").',
				].join('\n'),
				[-40, -520],
				1500,
				460,
			),
		],
		[
			['Payment Link Ended', 'For One Of Our Invoices'],
			['For One Of Our Invoices', SETTINGS],
			[SETTINGS, 'Ended Link'],
			['Ended Link', 'New Link?'],
			['New Link?', 'Claim The Renewal', 0],
			['New Link?', 'Link Ended', 1],
			['Claim The Renewal', 'Claimed?'],
			['Claimed?', 'Find Stranded Links', 0],
			['Claimed?', 'Take Over The Renewal', 1],
			['Take Over The Renewal', 'Taken Over?'],
			['Taken Over?', 'Find Stranded Links', 0],
			['Taken Over?', 'The Record', 1],
			['The Record', 'Recorded?'],
			['Recorded?', 'Renewed Already Or In Progress', 0],
			['Recorded?', 'Link Ended', 1],
			['Find Stranded Links', 'Stranded Link?'],
			['Stranded Link?', 'Cancel Stranded Link', 0],
			['Stranded Link?', 'Create The New Link', 1],
			['Cancel Stranded Link', 'Create The New Link'],
			['Create The New Link', 'Link Has URL?'],
			['Link Has URL?', 'Record The New Link', 0],
			['Link Has URL?', 'Release The Renewal', 1],
			['Release The Renewal', 'Renewal Failed'],
			['Record The New Link', 'New Link Recorded?'],
			['New Link Recorded?', 'The New Link', 0],
			['New Link Recorded?', 'Cancel Unrecorded Link', 1],
			['Cancel Unrecorded Link', 'Renewal Not Recorded'],
			['The New Link', 'Link Renewed'],
			['Link Renewed', 'Tell The ERP'],
			['Link Ended', 'Tell The ERP'],
		],
	);
}

/** The Zertiban statuses of a payment link that has ended unpaid (docs/zertiban.md §7.5: a cancel of these is refused, or a no-op). */
const ENDED_LINK = ['CANCELLED', 'EXPIRED', 'REJECTED', 'NOT_DELIVERED'];

/**
 * The ERP status after the cancel block ({@link cancelPaymentLink}; `$json` is Cancel's output, or an empty item
 * without a link) of an invoice closed for `reason` (an expression: PAID_ELSEWHERE, WITHDRAWN, CREDITED, or SETTLED
 * for the settlement template): the payer paid first → `PAID_TWICE` (paid elsewhere, settled) or
 * `PAID_AFTER_WITHDRAWAL`; still authorising after the retries → `STILL_AUTHORISING`; else `LINK_CLOSED` (paid
 * elsewhere, settled) or `WITHDRAWN`.
 */
const closeOutcome = (reason: string) =>
	`={{ $json.paid ? (['PAID_ELSEWHERE', 'SETTLED'].includes(${reason}) ? 'PAID_TWICE' : 'PAID_AFTER_WITHDRAWAL')` +
	` : $json.stillAuthorising ? 'STILL_AUTHORISING'` +
	` : (['PAID_ELSEWHERE', 'SETTLED'].includes(${reason}) ? 'LINK_CLOSED' : 'WITHDRAWN') }}`;

/** Set-node fields `[name, type, expression]` that copy the same-named fields of node `node`'s paired item. */
const fromNode = (node: string, fields: Array<[string, 'string' | 'number' | 'boolean' | 'object']>): Array<[string, 'string' | 'number' | 'boolean' | 'object', string]> =>
	fields.map(([name, type]) => [name, type, `={{ $('${node}').item.json.${name} }}`]);

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
	const outcome = closeOutcome(`${EVENT}.reason`);
	// PAID_ELSEWHERE sent again: the link had already ended when found (cancelled by the first event, or expired, …)
	const linkAlreadyEnded = `={{ ${EVENT}.reason === 'PAID_ELSEWHERE' && ${JSON.stringify(ENDED_LINK).replace(/"/g, "'")}.includes($('Find The Payment Link').item.json.status ?? 'NONE') }}`;
	return workflow(
		{ id: INVOICE_CLOSED.id, name: 'Invoice lifecycle: the ERP closes an invoice (paid elsewhere, withdrawn, credited)', idPrefix: '7a1e0c22' },
		[
			erpWebhook('ERP Invoice Closed', [0, 0], INVOICE_CLOSED.path, INVOICE_CLOSED.webhookId, 'responseNode'),
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
			...cancelPaymentLink(EVENT + '.invoiceNumber', [440, 0]),
			setNode('Outcome', [1100, 0], [
				['invoiceNumber', 'number', `={{ ${EVENT}.invoiceNumber }}`],
				['reason', 'string', `={{ ${EVENT}.reason }}`],
				['status', 'string', outcome],
				['linkStatus', 'string', "={{ $json.status ?? 'NONE' }}"],
				['linkCancelled', 'boolean', '={{ $json.cancelled === true }}'],
				['zertibanOperationUuid', 'string', "={{ $json.uuid ?? '' }}"],
				['alreadyDone', 'boolean', linkAlreadyEnded],
			]),
			ifNode('Withdraw The Case?', [1320, 0], '={{ $json.status }}', { type: 'string', operation: 'equals' }, 'WITHDRAWN'),
			cfisNode(
				'Withdraw The Case',
				[1540, -120],
				{
					resource: 'invoice',
					operation: 'addActions',
					invoiceNumber: '={{ $json.invoiceNumber }}',
					actions: { action: [{ code: 'WITHDRAW', comment: "={{ 'Withdrawn by the ERP: ' + $json.reason }}" }] },
					options: {},
				},
				{ onError: 'continueErrorOutput' },
			),
			ifNode('Case Closed Before?', [1760, 100], '={{ $json.details?.httpCode ?? \'\' }}', { type: 'string', operation: 'equals' }, '402'),
			ifNode('Unknown Invoice?', [1980, 260], '={{ $json.details?.httpCode ?? \'\' }}', { type: 'string', operation: 'equals' }, '404'),
			ifNode('Known Invoice?', [1540, 120], '={{ $json.linkStatus }}', { type: 'string', operation: 'notEquals' }, 'NONE'),
			setNode('ERP Answer', [1980, 0], [
				...fromNode('Outcome', [['invoiceNumber', 'number'], ['reason', 'string'], ['status', 'string'], ['linkStatus', 'string'], ['linkCancelled', 'boolean'], ['zertibanOperationUuid', 'string']]),
				['alreadyDone', 'boolean', "={{ $('Outcome').item.json.alreadyDone || ($json.details?.httpCode ?? '') === '402' }}"],
			]),
			tellTheErp([2420, 0], 'ERP Answer'),
			{
				name: 'Answer The ERP',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				at: [2640, 0],
				parameters: { respondWith: 'json', responseBody: "={{ JSON.stringify($('ERP Answer').item.json) }}", options: {} },
			},
			{
				name: 'Answer Unknown Invoice',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				at: [2200, 300],
				parameters: {
					respondWith: 'json',
					responseBody: `={{ JSON.stringify({ error: { code: 'UNKNOWN_INVOICE', invoiceNumber: ${EVENT}.invoiceNumber, message: 'Unknown invoice: ' + (${EVENT}.reason === 'PAID_ELSEWHERE' ? 'Zertiban has no payment link INV-' + ${EVENT}.invoiceNumber : 'Confirma Finance has no case for it') } }) }}`,
					options: { responseCode: 404 },
				},
			},
			{
				name: 'Answer Confirma Failed',
				type: 'n8n-nodes-base.respondToWebhook',
				typeVersion: 1.1,
				at: [2200, 460],
				parameters: {
					respondWith: 'json',
					responseBody: `={{ JSON.stringify({ error: { code: 'VENDOR_UNAVAILABLE', service: 'Confirma Finance', retryAfter: 5, message: 'The case could not be withdrawn (' + ($json.details?.httpCode ?? 'no answer') + '); the payment link is ' + $('Outcome').item.json.linkStatus + ': send the same event again' } }) }}`,
					options: { responseCode: 502, responseHeaders: { entries: [{ name: 'Retry-After', value: '5' }] } },
				},
			},
			note(
				[
					'## Invoice lifecycle: the ERP closes an invoice',
					'Your ERP posts `{invoiceNumber, reason}` to the **Production URL** of *ERP Invoice Closed* (header `X-ERP-Token`, as part 1), `reason` one of `PAID_ELSEWHERE`, `WITHDRAWN`, `CREDITED`.',
					'1. **Find The Payment Link**: every Zertiban operation of the invoice (`INV-<invoiceNumber>`, and `INV-<invoiceNumber>-2` … `-5` after renewals).',
					'2. **Cancel The Payment Link**: each link still payable (CREATED, OPENED), tried again (3 times, 10 s apart) while the payer authorises at the bank; a link that cannot be cancelled gives its status (e.g. COMPLETED: the payer paid first, part 2 reports it).',
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
			['Valid Event?', FIND_ENTRY, 0],
			['Valid Event?', 'Answer Bad Event', 1],
			...cancelPaymentLinkLinks(),
			['Has A Payment Link?', 'Outcome', 1],
			[CANCEL_EXIT, 'Outcome'],
			['Outcome', 'Withdraw The Case?'],
			['Withdraw The Case?', 'Withdraw The Case', 0],
			['Withdraw The Case?', 'Known Invoice?', 1],
			['Withdraw The Case', 'ERP Answer', 0],
			['Withdraw The Case', 'Case Closed Before?', 1],
			['Case Closed Before?', 'ERP Answer', 0],
			['Case Closed Before?', 'Unknown Invoice?', 1],
			['Unknown Invoice?', 'Answer Unknown Invoice', 0],
			['Unknown Invoice?', 'Answer Confirma Failed', 1],
			['Known Invoice?', 'ERP Answer', 0],
			['Known Invoice?', 'Answer Unknown Invoice', 1],
			['ERP Answer', 'Tell The ERP'],
			['Tell The ERP', 'Answer The ERP'],
		],
	);
}

/** The agency-payment template's workflow id. */
export const AGENCY_PAYMENT = { id: 'zcAgencyPayment1', file: 'lifecycle-agency-payment.json' };
/** The settlement-booking template's workflow id. */
export const SETTLEMENT_BOOKING = { id: 'zcSettlementBook', file: 'lifecycle-settlement-booking.json' };

/** Rounds a sum of decimal currency amounts to cents (an expression fragment). */
const toCents = (sum: string) => `Math.round((${sum}) * 100) / 100`;

/**
 * The collection agency received a payment on the invoice's case (Confirma Finance Trigger → New Payment, every hour;
 * preliminary, docs/cfis.md §4.8) → the ERP is told `PARTIALLY_PAID` with what is left (the case's balance: capital,
 * interest, costs, total; decimal EUR) or `PAID` when nothing is; the payment link for the whole amount is cancelled
 * (paid outside the link). The agency's money reaches the creditor with the settlement (settlement template).
 */
export function agencyPayment(): ExampleWorkflow {
	const payment = "$('New Agency Payment').item.json";
	const balance = "$('The Case').item.json.balance";
	return workflow(
		{ id: AGENCY_PAYMENT.id, name: 'Invoice lifecycle: the agency received a payment (partial or whole), the ERP is told', idPrefix: '7a1e0c23' },
		[
			cfisTrigger('New Agency Payment', [0, 0], 'newPayment', [{ mode: 'everyHour' }]),
			cfisNode('The Case', [220, 0], { resource: 'invoice', operation: 'getCase', caseId: '={{ $json.caseId }}', simplify: true }),
			setNode('Payment Status', [440, 0], [
				['invoiceNumber', 'number', `={{ Number(${payment}.invoiceNumber) }}`],
				['status', 'string', `={{ ${balance}.totalAmount > 0 ? 'PARTIALLY_PAID' : 'PAID' }}`],
				['paid', 'number', `={{ ${payment}.amount }}`],
				['currency', 'string', `={{ ${payment}.currency ?? 'EUR' }}`],
				['paymentDate', 'string', `={{ ${payment}.paymentDate }}`],
				['outstanding', 'object', `={{ { capital: ${balance}.capitalAmount, interest: ${balance}.interestAmount, costs: ${balance}.costsAmount, total: ${balance}.totalAmount } }}`],
				['source', 'string', 'AGENCY'],
			]),
			...cancelPaymentLink("$json.invoiceNumber", [660, 0]),
			setNode('ERP Callback', [1320, 0], [
				['invoiceNumber', 'number', "={{ $('Payment Status').item.json.invoiceNumber }}"],
				// the payer paid through the link as well (part 2 tells PAID): PAID_TWICE; still at the bank after the retries: STILL_AUTHORISING
				['status', 'string', "={{ $json.paid ? 'PAID_TWICE' : $json.stillAuthorising ? 'STILL_AUTHORISING' : $('Payment Status').item.json.status }}"],
				['paid', 'number', "={{ $('Payment Status').item.json.paid }}"],
				['currency', 'string', "={{ $('Payment Status').item.json.currency }}"],
				['paymentDate', 'string', "={{ $('Payment Status').item.json.paymentDate }}"],
				['outstanding', 'object', "={{ $('Payment Status').item.json.outstanding }}"],
				['source', 'string', 'AGENCY'],
				['linkStatus', 'string', "={{ $json.status ?? 'NONE' }}"],
				['linkCancelled', 'boolean', '={{ $json.cancelled === true }}'],
			]),
			tellTheErp([1540, 0], 'ERP Callback'),
			note(
				[
					'## Invoice lifecycle: the collection agency received a payment',
					'1. **New Agency Payment** (Confirma Finance Trigger, every hour): each payment the agency allocated, once (preliminary: it may still change until the settlement).',
					'2. **The Case**: what is left (balance: capital, interest, costs, in EUR).',
					'3. **Cancel The Payment Link**: every link of the invoice still payable asks for the whole amount, so it is cancelled (tried again while the payer authorises).',
					'4. **Tell The ERP**: `{invoiceNumber, status: PARTIALLY_PAID | PAID, paid, currency, paymentDate, outstanding: {capital, interest, costs, total}, source: AGENCY, linkStatus, linkCancelled}`, amounts in EUR.',
				].join('\n'),
				[-40, -460],
				1100,
				400,
			),
		],
		[
			['New Agency Payment', 'The Case'],
			['The Case', 'Payment Status'],
			['Payment Status', FIND_ENTRY],
			...cancelPaymentLinkLinks(),
			['Has A Payment Link?', 'ERP Callback', 1],
			[CANCEL_EXIT, 'ERP Callback'],
			['ERP Callback', 'Tell The ERP'],
		],
	);
}

/**
 * A settlement (payout, docs/cfis.md §4.9) → one ERP booking callback per allocation: `SETTLED` with the capital,
 * interest and fee parts (decimal EUR). The Confirma Finance Trigger (New Settlement, every hour) emits each
 * settlement once (its dedupe by settlement ID), so each allocation is booked once.
 *
 * A settlement can be the first sign that an invoice was paid outside its payment link (the settlement poll came
 * before the agency-payment template saw the payment, or that template is not used): for each allocation whose
 * invoice still has a payable link (CREATED or OPENED), the link is cancelled, whether the invoice is settled wholly or
 * in part (the link asks for the whole amount, as in the agency-payment template), and the ERP gets one more callback
 * with the invoice-closed vocabulary ({@link closeOutcome}, reason `SETTLED`): `LINK_CLOSED`, `PAID_TWICE` when the
 * payer paid through the link first, `STILL_AUTHORISING` when the payer was still at the bank after the cancel's
 * retries; with `outstanding` (the case's balance, EUR) and `settlementId`. A link that has already ended (cancelled by
 * the agency-payment or the invoice-closed template, paid, expired) is left alone and nothing more is told.
 */
export function settlementBooking(): ExampleWorkflow {
	const part = (type: string) => `={{ ${toCents(`$json.breakdown.filter((b) => b.type === '${type}').reduce((sum, b) => sum + b.amount, 0)`)} }}`;
	const settlement = "$('New Settlement').item.json";
	const allocation = "$('One Item Per Allocation').item.json";
	const balance = "$('The Case').item.json.balance";
	return workflow(
		{ id: SETTLEMENT_BOOKING.id, name: 'Invoice lifecycle: a settlement is booked in the ERP (capital, interest, fees)', idPrefix: '7a1e0c24' },
		[
			cfisTrigger('New Settlement', [0, 0], 'newSettlement', [{ mode: 'everyHour' }]),
			{ name: 'One Item Per Allocation', type: 'n8n-nodes-base.splitOut', typeVersion: 1, at: [220, 0], parameters: { fieldToSplitOut: 'allocations', options: {} } },
			setNode('Booking', [440, 0], [
				['invoiceNumber', 'number', '={{ Number($json.originalInvoiceNumber) }}'],
				['status', 'string', 'SETTLED'],
				['settlementId', 'number', `={{ ${settlement}.settlementId }}`],
				['settlementDate', 'string', `={{ ${settlement}.settlementDate }}`],
				['allocationId', 'string', '={{ String($json.allocationId) }}'],
				['currency', 'string', '={{ $json.currency }}'],
				['capital', 'number', part('CAPITAL')],
				['interest', 'number', part('INTEREST')],
				['fees', 'number', part('FEES')],
				['total', 'number', '={{ $json.allocatedTotalAmount }}'],
			]),
			// a case that cannot be read (an allocation without caseId, Confirma failing) still lets the link be closed; outstanding is then null
			cfisNode('The Case', [440, 240], { resource: 'invoice', operation: 'getCase', caseId: '={{ $json.caseId }}', simplify: true }, { onError: 'continueRegularOutput' }),
			...cancelPaymentLink(`Number(${allocation}.originalInvoiceNumber)`, [660, 440]),
			setNode('Link Closed', [1540, 120], [
				['invoiceNumber', 'number', `={{ Number(${allocation}.originalInvoiceNumber) }}`],
				['reason', 'string', 'SETTLED'],
				['status', 'string', closeOutcome("'SETTLED'")],
				['linkStatus', 'string', '={{ $json.status }}'],
				['linkCancelled', 'boolean', '={{ $json.cancelled === true }}'],
				['zertibanOperationUuid', 'string', '={{ $json.uuid }}'],
				['settlementId', 'number', `={{ ${settlement}.settlementId }}`],
				['outstanding', 'object', `={{ ${balance} ? { capital: ${balance}.capitalAmount, interest: ${balance}.interestAmount, costs: ${balance}.costsAmount, total: ${balance}.totalAmount } : null }}`],
			]),
			{ name: 'ERP Callbacks', type: 'n8n-nodes-base.noOp', typeVersion: 1, at: [1980, 0], parameters: {} },
			tellTheErp([2200, 0], 'ERP Callbacks'),
			note(
				[
					'## Invoice lifecycle: a settlement is booked in the ERP',
					'1. **New Settlement** (Confirma Finance Trigger, every hour): each settlement (payout) once; settlements are authoritative, agency payments before them may still change.',
					'2. **One Item Per Allocation**: an allocation is the part of the payout for one invoice.',
					'3. **Booking** → **Tell The ERP**: `{invoiceNumber, status: SETTLED, settlementId, settlementDate, allocationId, currency, capital, interest, fees, total}`, amounts in EUR.',
					'4. Paid outside the link: **The Case** (what is left) and **Find The Payment Link**; a link still payable (CREATED, OPENED: nothing cancelled it yet, e.g. the agency-payment template has not seen the payment) is cancelled, wholly or partly settled alike (tried again while the payer authorises), and **Tell The ERP** gets `{invoiceNumber, reason: SETTLED, status: LINK_CLOSED | PAID_TWICE | STILL_AUTHORISING, linkStatus, linkCancelled, zertibanOperationUuid, settlementId, outstanding}`; a link already ended is left alone.',
				].join('\n'),
				[-40, -440],
				1300,
				380,
			),
		],
		[
			['New Settlement', 'One Item Per Allocation'],
			['One Item Per Allocation', 'Booking'],
			['One Item Per Allocation', 'The Case'],
			['Booking', 'ERP Callbacks'],
			['The Case', FIND_ENTRY],
			...cancelPaymentLinkLinks(),
			[CANCEL_EXIT, 'Link Closed'],
			['Link Closed', 'ERP Callbacks'],
			['ERP Callbacks', 'Tell The ERP'],
		],
	);
}

/** The reconciliation template's workflow id, its Webhook node's path and webhook id. */
export const RECONCILIATION = { id: 'zcReconciliation', path: 'erp/reconcile', webhookId: '3a6c1f0e-7b2d-4c8e-9f10-2d3e4f5a6b05', file: 'lifecycle-reconciliation.json' };
/** The node of the reconciliation that reads the ERP's invoices (README.md, "Reconciliation": set the URL there). */
export const ERP_OPEN_INVOICES = 'ERP Open Invoices';
/** Where the reconciliation reads the ERP's invoices until a user sets their ERP's URL in {@link ERP_OPEN_INVOICES}. */
export const ERP_OPEN_INVOICES_URL = 'https://erp.example.com/n8n/open-invoices';

/** The Direct Payments in the case (node "The Case"): its `payments[]` where served, else its PAYMENT events marked `(direct)` (docs/cfis.md §4.6). */
const DIRECT_PAYMENTS =
	"(Array.isArray($json.payments) ? $json.payments.filter((p) => p.source === 'DIRECT').length : ($json.events ?? []).filter((e) => e.type === 'PAYMENT' && String(e.description).endsWith('(direct)')).length)";

/**
 * Reconciliation, every hour and on demand (the ERP posts to `/webhook/erp/reconcile`; the answer waits for the run):
 * for each invoice the ERP lists (`[{erpInvoiceId, invoiceNumber, caseId, status: OPEN | PAID | CLOSED}]`, README.md
 * "Reconciliation"), compares its newest Zertiban payment link (every link of it is found, docs/lifecycle.md "Every
 * link of an invoice"), its Confirma Finance case (Direct Payments) and the payment record (data table *Zertiban
 * payment reports*), and sends one callback per mismatch: `PAID_NOT_REPORTED`, `REPORTED_TWICE`,
 * `LINK_ALIVE_FOR_CLOSED_INVOICE` (a link of it still payable) or `OLDER_LINK_ALIVE` (a link older than the newest
 * still payable). Zertiban gives up delivering an event after 3 tries
 * (docs/zertiban.md §11.2); this is how a lost one is found. It changes nothing itself.
 */
export function reconciliation(): ExampleWorkflow {
	const erp = `$('${ERP_OPEN_INVOICES}').item.json`;
	const link = "$('Find The Payment Link').item.json";
	const caseRead = '(Array.isArray($json.payments) || Array.isArray($json.events))';
	const recordState = `($('Payment Record').all().map((r) => r.json).filter((r) => r.paymentKey === String(${link}.uuid).toLowerCase() && r.state !== 'void').map((r) => r.state)[0] ?? 'NONE')`;
	const status =
		`={{ ${link}.status === 'COMPLETED' && ${caseRead} && ${DIRECT_PAYMENTS} === 0 && !['sending', 'sent'].includes(${recordState}) ? 'PAID_NOT_REPORTED'` +
		` : ${link}.status === 'COMPLETED' && ${DIRECT_PAYMENTS} > 1 ? 'REPORTED_TWICE'` +
		` : ['PAID', 'CLOSED'].includes(${erp}.status) && ${link}.payable.length > 0 ? 'LINK_ALIVE_FOR_CLOSED_INVOICE'` +
		` : ${link}.olderAlive > 0 ? 'OLDER_LINK_ALIVE' : '' }}`;
	return workflow(
		{ id: RECONCILIATION.id, name: 'Invoice lifecycle: reconciliation of the ERP, Zertiban and Confirma Finance (every hour)', idPrefix: '7a1e0c25' },
		[
			{ name: 'Every Hour', type: 'n8n-nodes-base.scheduleTrigger', typeVersion: 1.2, at: [0, -120], parameters: { rule: { interval: [{ field: 'hours' }] } } },
			erpWebhook('Reconcile Now', [0, 120], RECONCILIATION.path, RECONCILIATION.webhookId, 'lastNode'),
			{
				name: 'Payment Record',
				type: 'n8n-nodes-base.dataTable',
				typeVersion: 1.1,
				at: [220, 0],
				executeOnce: true,
				alwaysOutputData: true,
				onError: 'continueRegularOutput',
				parameters: { resource: 'row', operation: 'get', dataTableId: { __rl: true, mode: 'name', value: DEFAULT_RECORD_TABLE }, returnAll: true },
			},
			{
				name: ERP_OPEN_INVOICES,
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				at: [440, 0],
				executeOnce: true,
				parameters: { url: ERP_OPEN_INVOICES_URL, options: {} },
			},
			...findPaymentLink('$json.invoiceNumber', [660, 0]),
			cfisNode('The Case', [1100, 0], { resource: 'invoice', operation: 'getCase', caseId: `={{ ${erp}.caseId }}`, simplify: false }, { onError: 'continueRegularOutput' }),
			setNode('Facts', [1320, 0], [
				['invoiceNumber', 'number', `={{ ${erp}.invoiceNumber }}`],
				['status', 'string', status],
				['erpInvoiceId', 'string', `={{ ${erp}.erpInvoiceId }}`],
				['erpStatus', 'string', `={{ ${erp}.status }}`],
				['zertibanOperationUuid', 'string', `={{ ${link}.uuid }}`],
				['linkStatus', 'string', `={{ ${link}.status }}`],
				['directPayments', 'number', `={{ ${caseRead} ? ${DIRECT_PAYMENTS} : -1 }}`],
				['recordState', 'string', `={{ ${recordState} }}`],
			]),
			filterNode('Mismatch?', [1540, 0], 'm1', '={{ $json.status }}', { type: 'string', operation: 'notEmpty', singleValue: true }),
			tellTheErp([1760, 0], 'Facts'),
			note(
				[
					'## Invoice lifecycle: reconciliation',
					'Runs every hour, and when your ERP posts to the **Production URL** of *Reconcile Now* (header `X-ERP-Token`, as part 1; the answer waits for the run).',
					'1. **Payment Record**: the rows of the data table *Zertiban payment reports* (part 2\'s record of reports).',
					'2. **ERP Open Invoices**: `GET` of your ERP\'s list `[{erpInvoiceId, invoiceNumber, caseId, status: OPEN | PAID | CLOSED}]`. Set your ERP\'s URL here.',
					'3. **Find The Payment Link** (every link of the invoice: `INV-<invoiceNumber>`, `INV-<invoiceNumber>-2` … `-5`; the newest is compared) and **The Case** (its Direct Payments).',
					'4. **Tell The ERP**, once per mismatch: `{invoiceNumber, status, erpInvoiceId, erpStatus, zertibanOperationUuid, linkStatus, directPayments, recordState}`, `status` PAID_NOT_REPORTED, REPORTED_TWICE, LINK_ALIVE_FOR_CLOSED_INVOICE (any link of it still payable) or OLDER_LINK_ALIVE (a link older than the newest still payable) (README, "Reconciliation"). Nothing is changed.',
				].join('\n'),
				[-40, -560],
				1300,
				400,
			),
		],
		[
			['Every Hour', 'Payment Record'],
			['Reconcile Now', 'Payment Record'],
			['Payment Record', ERP_OPEN_INVOICES],
			[ERP_OPEN_INVOICES, FIND_ENTRY],
			...findPaymentLinkLinks(),
			[FIND_EXIT, 'The Case'],
			['The Case', 'Facts'],
			['Facts', 'Mismatch?'],
			['Mismatch?', 'Tell The ERP'],
		],
	);
}

/** Every lifecycle template by its file name in examples/. */
export const LIFECYCLE_TEMPLATES: Record<string, () => ExampleWorkflow> = {
	[LINK_ENDED.file]: linkEnded,
	[INVOICE_CLOSED.file]: invoiceClosed,
	[AGENCY_PAYMENT.file]: agencyPayment,
	[SETTLEMENT_BOOKING.file]: settlementBooking,
	[RECONCILIATION.file]: reconciliation,
};
