/**
 * The new payment link of the link-ended template (docs/lifecycle.md, "A new payment link after an expiry"): the
 * nodes that, once a link of one of part 1's invoices expired or was rejected, claim the renewal in part 1's data
 * table *ERP payment links*, cancel a link a crashed attempt left without a recorded URL, create the new link (same
 * amount, concept and payer; operation external ID `INV-<invoice number>-<link number>`), record its payer URL in the
 * same row (so part 1 answers a repeated ERP event with it) and build the `LINK_RENEWED` callback. Used by
 * `linkEnded()` in ./templates.ts.
 */
import { ERP_ENTRY } from '../erp-entry/code';
import { TABLE, update as tableUpdate, where } from '../erp-entry/generate';
import { LINK_EXTERNAL_ID, ifNode, setNode, zertibanNode } from './blocks';

type Placed = ReturnType<typeof setNode>;

/** The template's settings as the *Settings* node holds them by default (README.md, "The invoice's whole life"). */
export const RENEWAL_DEFAULTS = { sendNewPaymentLink: true, maxLinksPerInvoice: 3 };
/** The node a user edits to switch renewals off or change the maximum. */
export const SETTINGS = 'Settings';

/** The facts of the ended link (node *Ended Link*), an expression prefix. */
const ENDED = "$('Ended Link').first().json";
/** The claimed row of *ERP payment links*: claimed now, or taken over from an execution that stopped. */
const ROW = "($('Claim The Renewal').first().json.id !== undefined ? $('Claim The Renewal').first().json : $('Take Over The Renewal').first().json)";
const ME = '$execution.id';

/** A Data Table → Row → Update on part 1's table (compare-and-set), placed for {@link workflow}. */
function update(name: string, at: [number, number], conditions: Array<[string, string, string]>, set: Record<string, string>, extra: Record<string, unknown> = {}): Placed {
	const node: Record<string, unknown> = { ...tableUpdate(name, at, conditions, set, { onError: 'continueRegularOutput', ...extra }) };
	delete node.id; // the template's own ids and positions are set by workflow()
	delete node.position;
	return { ...node, at } as Placed;
}

/**
 * Zertiban Operation → Cancel of the operation `uuid` (an expression without `={{ }}`), tried again while the payer
 * authorises at the bank; one that cannot be cancelled gives its status (docs/zertiban.md §7.5).
 */
const cancelLink = (name: string, at: [number, number], uuid: string): Placed =>
	zertibanNode(name, at, {
		resource: 'operation',
		operation: 'cancel',
		operationUuid: { __rl: true, mode: 'id', value: `={{ ${uuid} }}` },
		options: { onCannotCancel: 'status', authorisingRetries: 3, retryWaitSeconds: 10 },
	});

/** An If on whether `$json.id` holds a number (a data-table row came out). */
const hasRow = (name: string, at: [number, number]) => ifNode(name, at, '={{ $json.id }}', { type: 'number', operation: 'exists', singleValue: true });

/**
 * *Settings* (what a user edits on the canvas) and *Ended Link* (the facts every later node reads): the invoice
 * number, the link number of the ended link, `endedStatus` LINK_EXPIRED or LINK_REJECTED, the ended operation's
 * amount (cents), concept and payer (read back from Zertiban by the trigger), and `renew` (the setting is on and the
 * invoice has fewer links than the maximum).
 */
export const endedLinkFacts = (at: [number, number]): Placed[] => [
	setNode(SETTINGS, at, [
		['sendNewPaymentLink', 'boolean', `={{ ${RENEWAL_DEFAULTS.sendNewPaymentLink} }}`],
		['maxLinksPerInvoice', 'number', `={{ ${RENEWAL_DEFAULTS.maxLinksPerInvoice} }}`],
	]),
	setNode('Ended Link', [at[0] + 220, at[1]], [
		['invoiceNumber', 'number', `={{ Number($('For One Of Our Invoices').item.json.resource.externalId.match(/${LINK_EXTERNAL_ID}/)[1]) }}`],
		['linkNumber', 'number', `={{ Number($('For One Of Our Invoices').item.json.resource.externalId.match(/${LINK_EXTERNAL_ID}/)[2] ?? 1) }}`],
		['endedStatus', 'string', "={{ $('For One Of Our Invoices').item.json.eventType === 'OPERATION_EXPIRED' ? 'LINK_EXPIRED' : 'LINK_REJECTED' }}"],
		['endedOperationUuid', 'string', "={{ $('For One Of Our Invoices').item.json.resource.uuid }}"],
		['at', 'string', "={{ $('For One Of Our Invoices').item.json.timestamp }}"],
		['amountCents', 'number', "={{ $('For One Of Our Invoices').item.json.operation?.payment?.amount ?? 0 }}"],
		['currency', 'string', "={{ $('For One Of Our Invoices').item.json.operation?.payment?.currency ?? 'EUR' }}"],
		['concept', 'string', "={{ $('For One Of Our Invoices').item.json.operation?.payment?.concept ?? '' }}"],
		['payerName', 'string', "={{ $('For One Of Our Invoices').item.json.operation?.payment?.subject?.name ?? '' }}"],
		['payerLastName', 'string', "={{ $('For One Of Our Invoices').item.json.operation?.payment?.subject?.lastName ?? '' }}"],
		['payerEmail', 'string', "={{ $('For One Of Our Invoices').item.json.operation?.payment?.subject?.email ?? '' }}"],
		['sendNewPaymentLink', 'boolean', '={{ $json.sendNewPaymentLink === true }}'],
		['maxLinksPerInvoice', 'number', '={{ Number($json.maxLinksPerInvoice) }}'],
		[
			'renew',
			'boolean',
			`={{ $json.sendNewPaymentLink === true && Number($('For One Of Our Invoices').item.json.resource.externalId.match(/${LINK_EXTERNAL_ID}/)[2] ?? 1) < Number($json.maxLinksPerInvoice) }}`,
		],
	]),
	ifNode('New Link?', [at[0] + 440, at[1]], '={{ $json.renew }}', { type: 'boolean', operation: 'true', singleValue: true }),
];

/**
 * The claim, as compare-and-set updates of part 1's row (docs/n8n.md §2.2), so that one execution alone renews an
 * ended link however often its event is delivered or its execution re-run:
 * - *Claim The Renewal*: the row still holding the ended link (`operationUuid`) as `linked` becomes `renewing`,
 *   owned by this execution for {@link ERP_ENTRY}.leaseMs. Its payer URL stays the ended one until the new one is
 *   recorded, so part 1 goes on answering the ERP meanwhile.
 * - *Take Over The Renewal*: a `renewing` row whose lease ended (its execution stopped) is taken over.
 * - neither: the link was renewed already or is being renewed (nothing to do), or part 1 never recorded it (*The
 *   Record*, *Recorded?*: the ERP is told the link ended, reason NOT_RECORDED).
 */
export const claimRenewal = (at: [number, number]): Placed[] => {
	const lease = `={{ Date.now() + ${ERP_ENTRY.leaseMs} }}`;
	return [
		update('Claim The Renewal', at, [['operationUuid', 'eq', `={{ ${ENDED}.endedOperationUuid }}`], ['state', 'eq', 'linked']], { state: 'renewing', owner: `={{ ${ME} }}`, leaseUntil: lease }),
		hasRow('Claimed?', [at[0] + 220, at[1]]),
		update('Take Over The Renewal', [at[0] + 440, at[1] + 220], [['operationUuid', 'eq', `={{ ${ENDED}.endedOperationUuid }}`], ['state', 'eq', 'renewing'], ['leaseUntil', 'lte', '={{ Date.now() }}']], {
			owner: `={{ ${ME} }}`,
			leaseUntil: lease,
		}),
		hasRow('Taken Over?', [at[0] + 660, at[1] + 220]),
		{
			name: 'The Record',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1.1,
			at: [at[0] + 880, at[1] + 440],
			parameters: { resource: 'row', operation: 'get', dataTableId: { __rl: true, mode: 'name', value: TABLE }, ...where([['invoiceNumber', 'eq', `={{ ${ENDED}.invoiceNumber }}`]]), returnAll: true },
			alwaysOutputData: true,
			onError: 'continueRegularOutput',
			executeOnce: true,
		},
		{
			...ifNode('Recorded?', [at[0] + 1100, at[1] + 440], "={{ $('The Record').all().some((row) => typeof row.json.paymentLink === 'string' && row.json.paymentLink !== '') }}", {
				type: 'boolean',
				operation: 'true',
				singleValue: true,
			}),
			executeOnce: true,
		},
		{ name: 'Renewed Already Or In Progress', type: 'n8n-nodes-base.noOp', typeVersion: 1, at: [at[0] + 1320, at[1] + 340], parameters: {} },
	];
};

/**
 * The new link, once the renewal is claimed: *Find Stranded Links* (live operations `INV-<n>-<link number>`: a
 * crashed attempt created one but never recorded its payer URL, which Zertiban shows only in the create answer,
 * docs/zertiban.md §6.1), *Cancel Stranded Link* (so the payer never holds two), *Create The New Link* (If Payment
 * Link Exists: Create Another Link, since a stranded one was just cancelled), *Record The New Link* (the row becomes
 * `linked` with the new operation and payer URL; a link that could not be recorded is cancelled, never sent: *Cancel
 * Unrecorded Link*, *Renewal Not Recorded*), *The New Link* (its `expiresAt`) and *Link Renewed* (the callback).
 * A create that fails releases the claim and stops the execution (*Renewal Failed*): a retry takes it over.
 */
export const renewLink = (at: [number, number]): Placed[] => {
	const linkNumber = `(${ENDED}.linkNumber + 1)`;
	const created = "$('Create The New Link').first().json";
	return [
		zertibanNode(
			'Find Stranded Links',
			at,
			{ resource: 'operation', operation: 'getMany', returnAll: true, filters: { externalId: `={{ 'INV-' + ${ENDED}.invoiceNumber + '-' + ${linkNumber} }}`, status: ['CREATED', 'OPENED'] }, options: {} },
			{ alwaysOutputData: true },
		),
		ifNode('Stranded Link?', [at[0] + 220, at[1]], "={{ $json.uuid ?? '' }}", { type: 'string', operation: 'notEmpty', singleValue: true }),
		cancelLink('Cancel Stranded Link', [at[0] + 440, at[1] - 160], '$json.uuid'),
		zertibanNode(
			'Create The New Link',
			[at[0] + 660, at[1]],
			{
				resource: 'flow',
				operation: 'create',
				externalId: `={{ 'COLL-' + ${ENDED}.invoiceNumber + '-' + ${linkNumber} }}`,
				countryCode: 'FI',
				configurationUuid: { __rl: true, mode: 'list', value: '' },
				beneficiaryAccountUuid: { __rl: true, mode: 'list', value: '' },
				operations: {
					operation: [
						{
							amount: `={{ ${ENDED}.amountCents }}`,
							currency: `={{ ${ENDED}.currency }}`,
							concept: `={{ ${ENDED}.concept }}`,
							operationExternalId: `={{ 'INV-' + ${ENDED}.invoiceNumber + '-' + ${linkNumber} }}`,
							paymentType: 'SINGLE_PAYMENT',
							product: 'SEPA_CREDIT_TRANSFER',
							payerName: `={{ ${ENDED}.payerName }}`,
							payerLastName: `={{ ${ENDED}.payerLastName }}`,
							payerEmail: `={{ ${ENDED}.payerEmail }}`,
							expirationOffset: 'P14D',
						},
					],
				},
				binaryPropertyNames: '',
				ifLinkExists: 'createAnother',
				additionalFields: {
					labels: {
						label: [
							{ name: 'cfisInvoiceNumber', value: `={{ String(${ENDED}.invoiceNumber) }}` },
							{ name: 'cfisCaseId', value: `={{ String(${ROW}.caseId) }}` },
							{ name: 'erpInvoiceId', value: `={{ ${ROW}.erpInvoiceId }}` },
							{ name: 'renews', value: `={{ ${ENDED}.endedOperationUuid }}` },
						],
					},
				},
			},
			{ executeOnce: true, onError: 'continueRegularOutput' },
		),
		ifNode('Link Has URL?', [at[0] + 880, at[1]], '={{ $json.operations?.[0]?.url ?? "" }}', { type: 'string', operation: 'notEmpty', singleValue: true }),
		update('Release The Renewal', [at[0] + 1100, at[1] + 220], [['id', 'eq', `={{ ${ROW}.id }}`], ['owner', 'eq', `={{ ${ME} }}`]], { leaseUntil: '={{ 0 }}' }, { executeOnce: true }),
		{
			name: 'Renewal Failed',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			at: [at[0] + 1320, at[1] + 220],
			parameters: {
				errorType: 'errorMessage',
				errorMessage: `={{ 'No new payment link for invoice ' + ${ENDED}.invoiceNumber + ': ' + (${created}.error ?? 'Zertiban answered without a payer URL') + '. Retry this execution: it takes the renewal over, cancels a link left without its URL and creates another.' }}`,
			},
		},
		update('Record The New Link', [at[0] + 1100, at[1]], [['id', 'eq', `={{ ${ROW}.id }}`], ['owner', 'eq', `={{ ${ME} }}`], ['state', 'eq', 'renewing']], {
			state: 'linked',
			leaseUntil: '={{ 0 }}',
			operationUuid: `={{ ${created}.operations[0].uuid }}`,
			paymentLink: `={{ ${created}.operations[0].url }}`,
		}),
		hasRow('New Link Recorded?', [at[0] + 1320, at[1]]),
		cancelLink('Cancel Unrecorded Link', [at[0] + 1540, at[1] + 220], `${created}.operations[0].uuid`),
		{
			name: 'Renewal Not Recorded',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			at: [at[0] + 1760, at[1] + 220],
			parameters: {
				errorType: 'errorMessage',
				errorMessage: `={{ 'The new payment link ' + ${created}.operations[0].uuid + ' of invoice ' + ${ENDED}.invoiceNumber + ' could not be recorded (the data table failed, or another execution took the renewal over once the lease ended), so it was cancelled and not sent. Retry this execution if the ERP got no LINK_RENEWED for it.' }}`,
			},
		},
		zertibanNode('The New Link', [at[0] + 1540, at[1]], { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: `={{ ${created}.operations[0].uuid }}` }, simplify: true }, { onError: 'continueRegularOutput' }),
		setNode('Link Renewed', [at[0] + 1760, at[1]], [
			['invoiceNumber', 'number', `={{ ${ENDED}.invoiceNumber }}`],
			['erpInvoiceId', 'string', `={{ ${ROW}.erpInvoiceId }}`],
			['status', 'string', 'LINK_RENEWED'],
			['endedStatus', 'string', `={{ ${ENDED}.endedStatus }}`],
			['endedOperationUuid', 'string', `={{ ${ENDED}.endedOperationUuid }}`],
			['zertibanOperationUuid', 'string', `={{ ${created}.operations[0].uuid }}`],
			['paymentLink', 'string', `={{ ${created}.operations[0].url }}`],
			['expiresAt', 'string', "={{ $json.expiresAt ?? '' }}"],
			['amountCents', 'number', `={{ ${ENDED}.amountCents }}`],
			['linkNumber', 'number', `={{ ${linkNumber} }}`],
			['maxLinksPerInvoice', 'number', `={{ ${ENDED}.maxLinksPerInvoice }}`],
			['at', 'string', `={{ ${ENDED}.at }}`],
		]),
	];
};

/**
 * *Link Ended*: the callback when no new link is made: `status` LINK_EXPIRED or LINK_REJECTED, `newLink` false and
 * `reason` NEW_LINKS_OFF (the setting is off), MAX_LINKS_REACHED (the invoice has had the maximum) or NOT_RECORDED
 * (part 1's record holds no link of this invoice, e.g. a link made elsewhere).
 */
export const linkEndedCallback = (at: [number, number]): Placed =>
	setNode('Link Ended', at, [
		['invoiceNumber', 'number', `={{ ${ENDED}.invoiceNumber }}`],
		['status', 'string', `={{ ${ENDED}.endedStatus }}`],
		['zertibanOperationUuid', 'string', `={{ ${ENDED}.endedOperationUuid }}`],
		['at', 'string', `={{ ${ENDED}.at }}`],
		['newLink', 'boolean', '={{ false }}'],
		['reason', 'string', `={{ !${ENDED}.sendNewPaymentLink ? 'NEW_LINKS_OFF' : ${ENDED}.renew ? 'NOT_RECORDED' : 'MAX_LINKS_REACHED' }}`],
		['linkNumber', 'number', `={{ ${ENDED}.linkNumber }}`],
		['maxLinksPerInvoice', 'number', `={{ ${ENDED}.maxLinksPerInvoice }}`],
	]);
