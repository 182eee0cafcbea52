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
export const setNode = (name: string, at: [number, number], fields: Array<[string, 'string' | 'number' | 'boolean' | 'object', string]>): Placed => ({
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
 * *Find The Payment Link*: Zertiban Operation → Get Many by external ID `INV-<invoice number>` (part 1's payment link
 * of the invoice; nothing for an invoice without one). `invoiceNumber` is an expression (without `={{ }}`).
 */
export const findPaymentLink = (invoiceNumber: string, at: [number, number]): Placed =>
	zertibanNode('Find The Payment Link', at, { resource: 'operation', operation: 'getMany', returnAll: true, filters: { externalId: `={{ 'INV-' + ${invoiceNumber} }}` }, options: {} });

/**
 * The three nodes that make sure an invoice has no payable link left: *Find The Payment Link* (Zertiban Operation →
 * Get Many by external ID `INV-<invoice number>`, one empty item when there is none), *Has A Payment Link?* and
 * *Cancel The Payment Link* (tried again 3 times, 10 s apart, while the payer authorises; a link that cannot be
 * cancelled gives its status, docs/zertiban.md §7.5). Link "Has A Payment Link?" output 1 and "Cancel The Payment
 * Link" to the next node. `invoiceNumber` is an expression (without `={{ }}`).
 */
export const cancelPaymentLink = (invoiceNumber: string, at: [number, number]): Placed[] => [
	{ ...findPaymentLink(invoiceNumber, at), alwaysOutputData: true },
	ifNode('Has A Payment Link?', [at[0] + 220, at[1]], "={{ $json.uuid ?? '' }}", { type: 'string', operation: 'notEmpty', singleValue: true }),
	zertibanNode('Cancel The Payment Link', [at[0] + 440, at[1] - 120], {
		resource: 'operation',
		operation: 'cancel',
		operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' },
		options: { onCannotCancel: 'status', authorisingRetries: 3, retryWaitSeconds: 10 },
	}),
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
