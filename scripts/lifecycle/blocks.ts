/**
 * The building blocks the lifecycle templates share (docs/lifecycle.md): n8n nodes as an example JSON holds them,
 * the credentials the examples refer to, and the one ERP callback node. The templates themselves are in
 * ./templates.ts; `npm run examples:lifecycle` writes them to examples/ and test/unit/lifecycle-examples.test.ts
 * fails when a file differs from what this generator makes.
 */

/** A node of an example workflow (n8n's export format). */
export interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
	onError?: string;
	alwaysOutputData?: boolean;
	executeOnce?: boolean;
}

/** An example workflow: `connections` maps a node name to its outputs, each a list of target node names. */
export interface ExampleWorkflow {
	id: string;
	name: string;
	active: false;
	settings: { executionOrder: 'v1' };
	pinData: Record<string, never>;
	tags: never[];
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string; type: 'main'; index: 0 }>> }>;
}

const PACKAGE = 'n8n-nodes-zertiban-cfis';
/** The credentials every example refers to, by id (README.md, "Credentials"; the demo imports them under these ids). */
export const CREDENTIALS = {
	zertiban: { zertibanOAuth2Api: { id: 'zcZertiban01', name: 'Zertiban (sandbox)' } },
	cfis: { cfisApi: { id: 'zcCfisClient01', name: 'Confirma Finance (sandbox)' } },
	erpHeader: { httpHeaderAuth: { id: 'zcErpHeader01', name: 'ERP webhook token' } },
};

/** The one node of each lifecycle template that calls the ERP back (the name scripts/erp.ts sets the URL of). */
export const TELL_THE_ERP = 'Tell The ERP';
/** Where the callbacks go until a user sets their ERP's URL in {@link TELL_THE_ERP}. */
export const ERP_CALLBACK_URL = 'https://erp.example.com/n8n/payments';

/**
 * Makes a workflow from its nodes (placed left to right in the order given, or at their own `at`) and its links
 * `[from, to, output?]`. Node ids are `<idPrefix>-<n>` padded to a UUID shape, stable across generations.
 */
export function workflow(
	meta: { id: string; name: string; idPrefix: string },
	nodes: Array<Omit<ExampleNode, 'id' | 'position'> & { at: [number, number] }>,
	links: Array<[string, string, number?]>,
): ExampleWorkflow {
	const connections: ExampleWorkflow['connections'] = {};
	for (const [from, to, output = 0] of links) {
		if (!nodes.some((n) => n.name === from) || !nodes.some((n) => n.name === to)) throw new Error(`${meta.id}: link ${from} → ${to} names a missing node`);
		const main = (connections[from] ??= { main: [] }).main;
		while (main.length <= output) main.push([]);
		main[output].push({ node: to, type: 'main', index: 0 });
	}
	return {
		id: meta.id,
		name: meta.name,
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
		nodes: nodes.map(({ at, ...node }, n) => ({
			id: `${meta.idPrefix}-${String(n + 1).padStart(4, '0')}-4b7e-9a51-3f0c2d7e${String(n + 1).padStart(4, '0')}`,
			...node,
			position: at,
		})),
		connections,
	};
}

type Placed = Omit<ExampleNode, 'id' | 'position'> & { at: [number, number] };

/** A Zertiban node (action) with the example credential. */
export const zertibanNode = (name: string, at: [number, number], parameters: Record<string, unknown>, extra: Partial<Placed> = {}): Placed => ({
	name,
	type: `${PACKAGE}.zertiban`,
	typeVersion: 1,
	at,
	parameters,
	credentials: CREDENTIALS.zertiban,
	...extra,
});

/** A Confirma Finance node (action) with the example credential. */
export const cfisNode = (name: string, at: [number, number], parameters: Record<string, unknown>, extra: Partial<Placed> = {}): Placed => ({
	name,
	type: `${PACKAGE}.cfis`,
	typeVersion: 1,
	at,
	parameters,
	credentials: CREDENTIALS.cfis,
	...extra,
});

/** A Set node (manual mode) with `[name, type, expression]` fields. */
export const setNode = (name: string, at: [number, number], fields: Array<[string, 'string' | 'number' | 'boolean' | 'object' | 'array', string]>): Placed => ({
	name,
	type: 'n8n-nodes-base.set',
	typeVersion: 3.4,
	at,
	parameters: {
		mode: 'manual',
		assignments: { assignments: fields.map(([field, type, value], n) => ({ id: `f${n + 1}`, name: field, value, type })) },
		options: {},
	},
});

/** An If node (version 2.2) with one condition: `left` (an expression) `operation` `right` of the given type. */
export const ifNode = (name: string, at: [number, number], left: string, operator: { type: string; operation: string; singleValue?: boolean }, right: unknown = ''): Placed => ({
	name,
	type: 'n8n-nodes-base.if',
	typeVersion: 2.2,
	at,
	parameters: {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id: 'c1', leftValue: left, rightValue: right, operator }],
			combinator: 'and',
		},
		options: {},
	},
});

/**
 * The operation external IDs of part 1's invoices, as a regex text: `INV-<invoice number>` (the first link) and
 * `INV-<invoice number>-<link number>` (a new link after an expiry, link number 2, 3, …; ./renewal.ts). Group 1: the
 * invoice number; group 2: the link number, absent for the first.
 */
export const LINK_EXTERNAL_ID = '^INV-(\\d+)(?:-(\\d+))?$';

/** A Filter node that keeps the payment links of part 1's invoices ({@link LINK_EXTERNAL_ID}). */
export const ourInvoicesFilter = (at: [number, number]): Placed => ({
	name: 'For One Of Our Invoices',
	type: 'n8n-nodes-base.filter',
	typeVersion: 2.2,
	at,
	parameters: {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
			conditions: [{ id: 'f1', leftValue: "={{ $json.resource?.externalId ?? '' }}", rightValue: LINK_EXTERNAL_ID, operator: { type: 'string', operation: 'regex' } }],
			combinator: 'and',
		},
		options: {},
	},
});

/**
 * The ERP callback: POST of the JSON the node `bodyNode` made (its whole item) to the ERP
 * ({@link ERP_CALLBACK_URL} until set). Every lifecycle template has exactly one.
 */
export const tellTheErp = (at: [number, number], bodyNode: string): Placed => ({
	name: TELL_THE_ERP,
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.2,
	at,
	parameters: { method: 'POST', url: ERP_CALLBACK_URL, sendBody: true, specifyBody: 'json', jsonBody: `={{ JSON.stringify($('${bodyNode}').item.json) }}`, options: {} },
});

/**
 * A Webhook node the ERP posts to: `POST /webhook/<path>`, checked with the ERP's header credential (README.md, "ERP in,
 * link out": header `X-ERP-Token`). `responseMode` is n8n's (`responseNode`: a Respond to Webhook node answers;
 * `lastNode`: the answer waits for the run to end).
 */
export const erpWebhook = (name: string, at: [number, number], path: string, webhookId: string, responseMode: 'responseNode' | 'lastNode'): Placed => ({
	name,
	type: 'n8n-nodes-base.webhook',
	typeVersion: 2,
	at,
	webhookId,
	parameters: { httpMethod: 'POST', path, authentication: 'headerAuth', responseMode, ...(responseMode === 'lastNode' ? { responseData: 'noData' } : {}), options: {} },
	credentials: CREDENTIALS.erpHeader,
});

/** A sticky note with the template's explanation (Markdown). */
export const note = (content: string, at: [number, number], width: number, height: number): Placed => ({
	name: 'About this workflow',
	type: 'n8n-nodes-base.stickyNote',
	typeVersion: 1,
	at,
	parameters: { width, height, content },
});

/**
 * How many links of one invoice the find block looks up: `INV-<n>` and `INV-<n>-2` … `INV-<n>-<this>`
 * (docs/lifecycle.md, "Every link of an invoice"). At least the renewal maximum (./renewal.ts, `maxLinksPerInvoice`,
 * default 3); a user who raises that maximum above this bound raises this one too.
 */
export const LINKS_LOOKED_UP = 5;

/** The statuses of a payment link the payer can still pay (docs/zertiban.md §10.1). */
const PAYABLE = "['CREATED', 'OPENED'].includes(o.status)";

/**
 * The external IDs a link of the invoice `invoiceNumber` (an expression without `={{ }}`) can have, oldest first:
 * `INV-<n>`, then `INV-<n>-2` … `INV-<n>-`{@link LINKS_LOOKED_UP} (an expression text, an array).
 */
export const linkExternalIds = (invoiceNumber: string): string =>
	`={{ Array.from({ length: ${LINKS_LOOKED_UP} }, (_, i) => 'INV-' + (${invoiceNumber}) + (i === 0 ? '' : '-' + (i + 1))) }}`;

/**
 * The summary fields of {@link findPaymentLink} and of *Links After Cancel*, from `links` (an expression, oldest first,
 * each `{uuid, externalId, status}`) and `cancels` (the Cancel answers of this run, an expression).
 */
const linkSummary = (links: string, cancels: string): Array<[string, 'string' | 'number' | 'boolean' | 'array', string]> => [
	['externalIds', 'array', '={{ $json.externalIds }}'],
	['links', 'array', `={{ ${links}.map((o) => ({ uuid: o.uuid, externalId: o.externalId, status: o.status })) }}`],
	['uuid', 'string', `={{ ${links}.at(-1)?.uuid ?? '' }}`],
	['externalId', 'string', `={{ ${links}.at(-1)?.externalId ?? '' }}`],
	['status', 'string', `={{ ${links}.at(-1)?.status ?? 'NONE' }}`],
	['payable', 'array', `={{ ${links}.filter((o) => ${PAYABLE}).map((o) => ({ uuid: o.uuid })) }}`],
	['olderAlive', 'number', `={{ ${links}.slice(0, -1).filter((o) => ${PAYABLE}).length }}`],
	['paid', 'boolean', `={{ ${links}.some((o) => o.status === 'COMPLETED') }}`],
	['cancelled', 'boolean', `={{ ${links}.at(-1)?.status === 'CANCELLED' }}`],
	['stillAuthorising', 'boolean', `={{ ${cancels}.some((c) => c.status === 'OPENED' && c.cancelled === false) }}`],
];

/** The operations *Look Up The Links* found for the current invoice (`$json.externalIds`), oldest link first (link number, then creation). */
const FOUND_LINKS =
	"$('Look Up The Links').all().map((i) => i.json).filter((o) => $json.externalIds.includes(o.externalId))" +
	'.sort((a, b) => $json.externalIds.indexOf(a.externalId) - $json.externalIds.indexOf(b.externalId) || String(a.createdAt).localeCompare(String(b.createdAt)))';

/** The answers of *Cancel The Payment Link* for the current invoice's payable links (`$json.payable`). */
const CANCELS = "$('Cancel The Payment Link').all().map((i) => i.json).filter((c) => $json.payable.some((p) => p.uuid === c.uuid))";

/** The first node of {@link findPaymentLink}: link the node before it here. */
export const FIND_ENTRY = 'Link External IDs';
/** The last node of {@link findPaymentLink}: one item per invoice, link the node after it from here. */
export const FIND_EXIT = 'Find The Payment Link';
/** The last node of {@link cancelPaymentLink} on its "cancelled" path: one item per invoice. */
export const CANCEL_EXIT = 'Links After Cancel';

/**
 * The find block: every payment link of the invoice, found in Zertiban (the source of truth: a stranded link an
 * interrupted renewal left is found too; docs/lifecycle.md, "Every link of an invoice"). *Link External IDs* lists the
 * {@link LINKS_LOOKED_UP} external IDs a link of it can have, *Look Up The Links* (Zertiban Operation → Get Many, one
 * exact-match `q_externalId` look-up per ID, docs/zertiban.md §7.1) runs first (placed above), then *Find The Payment
 * Link* gives one item per invoice: the newest link's `uuid`, `externalId`, `status` (`NONE` without a link), every
 * link `links[]` (`{uuid, externalId, status}`, oldest first), the still payable ones `payable[]` (`{uuid}`, CREATED or
 * OPENED), `olderAlive` (payable links older than the newest), `paid` (a link is COMPLETED), `cancelled` (the newest is
 * CANCELLED) and `stillAuthorising` (false). `invoiceNumber` is an expression (without `={{ }}`). Link the node before it to
 * {@link FIND_ENTRY}, add {@link findPaymentLinkLinks}, and link {@link FIND_EXIT} to the next node.
 */
export const findPaymentLink = (invoiceNumber: string, at: [number, number]): Placed[] => [
	setNode(FIND_ENTRY, at, [['externalIds', 'array', linkExternalIds(invoiceNumber)]]),
	{ name: 'One Item Per Link ID', type: 'n8n-nodes-base.splitOut', typeVersion: 1, at: [at[0] + 220, at[1] - 200], parameters: { fieldToSplitOut: 'externalIds', options: {} } },
	zertibanNode('Look Up The Links', [at[0] + 440, at[1] - 200], { resource: 'operation', operation: 'getMany', returnAll: true, filters: { externalId: '={{ $json.externalIds }}' }, options: {} }, { alwaysOutputData: true }),
	setNode(FIND_EXIT, [at[0] + 220, at[1]], linkSummary(FOUND_LINKS, '[]')),
];

/** The links inside {@link findPaymentLink}: the look-ups branch first (it is placed above), then the summary. */
export const findPaymentLinkLinks = (): Array<[string, string, number?]> => [
	[FIND_ENTRY, 'One Item Per Link ID'],
	['One Item Per Link ID', 'Look Up The Links'],
	[FIND_ENTRY, FIND_EXIT],
];

/**
 * The block that makes sure an invoice has no payable link left, whichever of its links it is: {@link findPaymentLink},
 * *Has A Payment Link?* (a link still payable), *One Item Per Payable Link* → *Cancel The Payment Link* (each payable
 * link; tried again 3 times, 10 s apart, while the payer authorises; a link that cannot be cancelled gives its status,
 * docs/zertiban.md §7.5), then *Links After Cancel* ({@link CANCEL_EXIT}): the find block's summary after the cancels
 * (`cancelled`: the newest link is now CANCELLED; `stillAuthorising`: one was still at the bank after the retries; `paid`: a link
 * was paid, before or during the cancel). Link the node before it to {@link FIND_ENTRY}, add
 * {@link cancelPaymentLinkLinks}, and link "Has A Payment Link?" output 1 (nothing payable: the find block's item) and
 * {@link CANCEL_EXIT} to the next node. `invoiceNumber` is an expression (without `={{ }}`).
 */
export const cancelPaymentLink = (invoiceNumber: string, at: [number, number]): Placed[] => [
	...findPaymentLink(invoiceNumber, at),
	ifNode('Has A Payment Link?', [at[0] + 440, at[1]], '={{ $json.payable.length }}', { type: 'number', operation: 'gt' }, 0),
	{ name: 'One Item Per Payable Link', type: 'n8n-nodes-base.splitOut', typeVersion: 1, at: [at[0] + 660, at[1] - 200], parameters: { fieldToSplitOut: 'payable', options: {} } },
	zertibanNode('Cancel The Payment Link', [at[0] + 880, at[1] - 200], {
		resource: 'operation',
		operation: 'cancel',
		operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' },
		options: { onCannotCancel: 'status', authorisingRetries: 3, retryWaitSeconds: 10 },
	}),
	setNode(CANCEL_EXIT, [at[0] + 660, at[1] - 40], linkSummary(`$json.links.map((l) => ${CANCELS}.find((c) => c.uuid === l.uuid) ?? l)`, CANCELS)),
];

/** The links inside {@link cancelPaymentLink}: the cancels branch first (it is placed above), then the summary. */
export const cancelPaymentLinkLinks = (): Array<[string, string, number?]> => [
	...findPaymentLinkLinks(),
	[FIND_EXIT, 'Has A Payment Link?'],
	['Has A Payment Link?', 'One Item Per Payable Link', 0],
	['One Item Per Payable Link', 'Cancel The Payment Link'],
	['Has A Payment Link?', CANCEL_EXIT, 0],
];

/** A Confirma Finance Trigger for `event`, polled at `pollTimes` (n8n's poll-times items). */
export const cfisTrigger = (name: string, at: [number, number], event: string, pollTimes: Array<Record<string, unknown>>): Placed => ({
	name,
	type: `${PACKAGE}.cfisTrigger`,
	typeVersion: 1,
	at,
	parameters: { event, pollTimes: { item: pollTimes } },
	credentials: CREDENTIALS.cfis,
});

/** A Filter node (version 2.2) that keeps the items where `left` (an expression) `operation` `right` holds: {@link ifNode}'s condition, with its own `id`. */
export function filterNode(name: string, at: [number, number], id: string, left: string, operator: { type: string; operation: string; singleValue?: boolean }, right: unknown = ''): Placed {
	const node = ifNode(name, at, left, operator, right);
	const conditions = node.parameters.conditions as { conditions: Array<Record<string, unknown>> };
	return { ...node, type: 'n8n-nodes-base.filter', parameters: { ...node.parameters, conditions: { ...conditions, conditions: [{ ...conditions.conditions[0], id }] } } };
}
