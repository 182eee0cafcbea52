/**
 * Builds examples/erp-invoice-to-payment-link.json, the ERP entry (README.md, "ERP in, link out"), from this file and
 * the Code nodes' logic in ./code.ts. `npx tsx scripts/erp-entry/generate.ts` writes it; test/unit/erp-entry.test.ts
 * fails when the file differs from {@link erpEntryWorkflow}. Edit here, never in the JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

import { ERP_ENTRY } from './code';

/** The data table part 1 records each erpInvoiceId's claim and payment link in (the link-ended template renews links there). */
export const TABLE = 'ERP payment links';
/** The columns of the data table (numbers: invoice number, case ID, cents, epoch ms). */
const COLUMNS: Array<[string, 'string' | 'number']> = [
	['erpInvoiceId', 'string'],
	['state', 'string'],
	['owner', 'string'],
	['leaseUntil', 'number'],
	['invoiceNumber', 'number'],
	['caseId', 'number'],
	['amountCents', 'number'],
	['operationUuid', 'string'],
	['paymentLink', 'string'],
];
const EVENT = "$('Check ERP Event').first().json.event";
const HELD = "$('Claim Held?').first().json";
const ME = '$execution.id';
/** The event's terms, written with the claim: a later event with the same erpInvoiceId but other terms is refused (code.ts, conflictOf). */
const TERMS = { invoiceNumber: `={{ ${EVENT}.invoiceNumber }}`, amountCents: "={{ $('Check ERP Event').first().json.amountCents }}" };
/** The claimed row as it stands once the invoice is known: written by Record Invoice, or held from an earlier attempt. */
const LINK_ROW = "($('Record Invoice').isExecuted ? $('Record Invoice').first().json : $('Invoice Known?').first().json)";

/** The text of ./code.ts as plain JavaScript without `export`, for a Code node. */
export function codeModule(): string {
	const source = readFileSync(join(__dirname, 'code.ts'), 'utf8').replace(/^export /gm, '');
	return ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.None, removeComments: false } }).outputText.replace(/^"use strict";\n/, '').replace(/\r/g, '').trim();
}

const CHECK_CODE = `// Generated from scripts/erp-entry/code.ts (npx tsx scripts/erp-entry/generate.ts): edit there.
${codeModule()}

const item = $input.first();
const headers = item.json.headers ?? {};
const file = item.binary?.data;
const bytes = file ? Number(file.bytes ?? 0) : 0;
// The task runner hands the buffer over as it serialized it: a Buffer, {type: 'Buffer', data}, or an index-keyed object.
const raw = file && bytes <= ERP_ENTRY.maxBodyBytes ? await this.helpers.getBinaryDataBuffer(0, 'data') : undefined;
const octets = raw === undefined || raw === null ? [] : Array.isArray(raw.data) ? raw.data : Object.values(raw);
const text = raw === undefined ? '' : typeof raw === 'string' ? raw : Buffer.from(octets).toString('utf8');
return [{ json: checkErpEvent(String(headers['content-type'] ?? ''), bytes, text, new Date().toISOString().slice(0, 10)) }];`;

const DECIDE_CODE = `// Generated from scripts/erp-entry/code.ts (npx tsx scripts/erp-entry/generate.ts): edit there.
${codeModule()}

const rows = $input.all().map((item) => item.json).filter((row) => row.id !== undefined);
const checked = $('Check ERP Event').first().json;
const terms = { erpInvoiceId: checked.event.erpInvoiceId, invoiceNumber: checked.event.invoiceNumber, amountCents: checked.amountCents };
return [{ json: decideClaim(rows, $('Propose Claim').first().json.id, Date.now(), terms) }];`;

type Node = Record<string, unknown> & { name: string };
let counter = 0;
const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}): Node => ({
	id: `e7a1c0de-${String(++counter).padStart(4, '0')}-4b7e-9a51-3f0c2d7e${String(counter).padStart(4, '0')}`,
	name,
	type,
	typeVersion,
	position,
	...extra,
	parameters,
});

const table = { __rl: true, mode: 'name', value: TABLE };
const schema = (names: string[]) =>
	COLUMNS.filter(([name]) => names.includes(name)).map(([name, type]) => ({ id: name, displayName: name, required: false, defaultMatch: false, display: true, type, canBeUsedToMatch: true }));
const columns = (value: Record<string, string>) => ({ mappingMode: 'defineBelow', value, matchingColumns: [], schema: schema(Object.keys(value)), attemptToConvertTypes: false, convertFieldsToString: false });
/** A data-table row filter: every `[column, condition, value]` must hold. */
export const where = (conditions: Array<[string, string, string]>) => ({
	matchType: 'allConditions',
	filters: { conditions: conditions.map(([keyName, condition, keyValue]) => ({ keyName, condition, keyValue })) },
});
/** A Data Table → Row → Update: the one compare-and-set n8n's data tables offer (docs/n8n.md §2.2). */
export const update = (name: string, position: [number, number], conditions: Array<[string, string, string]>, set: Record<string, string>, extra: Record<string, unknown> = {}) =>
	node(name, 'n8n-nodes-base.dataTable', 1.1, position, { resource: 'row', operation: 'update', dataTableId: table, ...where(conditions), columns: columns(set), options: {} }, { alwaysOutputData: true, ...extra });
const condition = (leftValue: string, operator: Record<string, unknown>, rightValue: unknown = '') => ({
	options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
	conditions: [{ id: 'c1', leftValue, rightValue, operator }],
	combinator: 'and',
});
const ifNode = (name: string, position: [number, number], conditions: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
	node(name, 'n8n-nodes-base.if', 2.2, position, { conditions, options: {} }, extra);
const respond = (name: string, position: [number, number], status: string | number, body: string, headers: Record<string, string> = {}) =>
	node(name, 'n8n-nodes-base.respondToWebhook', 1.1, position, {
		respondWith: 'json',
		responseBody: body,
		options: {
			responseCode: status,
			...(Object.keys(headers).length ? { responseHeaders: { entries: Object.entries(headers).map(([name, value]) => ({ name, value })) } } : {}),
		},
	});
const answer = (created: string, from: string) =>
	`={{ JSON.stringify({ erpInvoiceId: ${from}.erpInvoiceId, invoiceNumber: ${from}.invoiceNumber, caseId: ${from}.caseId, amountCents: ${from}.amountCents, paymentLink: ${from}.paymentLink, created: ${created} }) }}`;
const errorBody = (code: string, message: string, more = '') => `={{ JSON.stringify({ error: { code: '${code}', message: ${message}${more} } }) }}`;
const onErrorOutput = { onError: 'continueErrorOutput' };
/**
 * The package's nodes put a failed item out as `{ error }` on their main output under Continue On Fail (their item
 * runner, CONTRIBUTING.md), so n8n's error output stays empty for them: the template tests for `error` instead.
 */
const failedItemOut = { onError: 'continueRegularOutput' };
const failed = (name: string, position: [number, number]) => ifNode(name, position, condition('={{ $json.error !== undefined }}', { type: 'boolean', operation: 'true', singleValue: true }));

/** The workflow as n8n imports it. */
export function erpEntryWorkflow() {
	counter = 0;
	const lease = `Date.now() + ${ERP_ENTRY.leaseMs}`;
	const nodes: Node[] = [
		node('ERP Invoice Event', 'n8n-nodes-base.webhook', 1, [0, 0], {
			httpMethod: 'POST',
			path: 'erp/invoices',
			authentication: 'headerAuth',
			responseMode: 'responseNode',
			// The body is taken as a file, unparsed: n8n's own parser would answer bad JSON with 422 and, unless
			// NODE_ENV=production, a stack trace. "Check ERP Event" parses it and answers with the contract's codes.
			// Version 1 on purpose: n8n skips its parser for the Binary File option of version 1 only (webhook-helpers).
			options: { binaryData: true, binaryPropertyName: 'data' },
		}, { webhookId: '6d0f4a52-8c1e-4e0b-9b7a-2f1e5c3d9a01', credentials: { httpHeaderAuth: { id: 'zcErpHeader01', name: 'ERP webhook token' } } }),
		node('Check ERP Event', 'n8n-nodes-base.code', 2, [220, 0], { mode: 'runOnceForAllItems', jsCode: CHECK_CODE }),
		ifNode('Event Valid?', [440, 0], condition('={{ $json.ok }}', { type: 'boolean', operation: 'true', singleValue: true })),
		respond('Refuse Event', [660, 240], '={{ $json.status }}', '={{ JSON.stringify({ error: $json.error }) }}'),
		node('Link Store', 'n8n-nodes-base.dataTable', 1.1, [660, 0], {
			resource: 'table',
			operation: 'create',
			tableName: TABLE,
			columns: { column: COLUMNS.map(([name, type]) => ({ name, type })) },
			options: { createIfNotExists: true },
		}, { onError: 'continueRegularOutput' }),
		node('Propose Claim', 'n8n-nodes-base.dataTable', 1.1, [880, 0], {
			resource: 'row',
			operation: 'insert',
			dataTableId: table,
			columns: columns({ erpInvoiceId: `={{ ${EVENT}.erpInvoiceId }}`, state: 'pending', owner: `={{ ${ME} }}`, leaseUntil: '={{ 0 }}' }),
			options: {},
		}, onErrorOutput),
		node('Read Claims', 'n8n-nodes-base.dataTable', 1.1, [1100, 0], {
			resource: 'row',
			operation: 'get',
			dataTableId: table,
			...where([['erpInvoiceId', 'eq', `={{ ${EVENT}.erpInvoiceId }}`]]),
			returnAll: true,
		}, { alwaysOutputData: true, ...onErrorOutput }),
		node('Decide Claim', 'n8n-nodes-base.code', 2, [1320, 0], { mode: 'runOnceForAllItems', jsCode: DECIDE_CODE }),
		node('Route', 'n8n-nodes-base.switch', 3.2, [1540, 0], { mode: 'expression', numberOutputs: 5, output: "={{ ['answer', 'busy', 'takeOver', 'claim', 'conflict'].indexOf($json.action) }}" }),
		respond('Answer Earlier Link', [1760, -400], 200, answer('false', '$json.row')),
		respond('Answer In Flight', [2420, -220], 409, errorBody('IN_FLIGHT', "'An earlier delivery of this erpInvoiceId is being processed; send it again after Retry-After seconds'", ', retryAfter: $json.retryAfter ?? 5'), {
			'Retry-After': '={{ String($json.retryAfter ?? 5) }}',
		}),
		respond('Answer Conflict', [1760, -620], '={{ $json.status }}', '={{ JSON.stringify({ error: $json.error }) }}'),
		update('Take Over Claim', [1760, 0], [['id', 'eq', '={{ $json.row.id }}'], ['state', 'eq', 'claimed'], ['owner', 'eq', '={{ $json.row.owner }}'], ['leaseUntil', 'lte', '={{ Date.now() }}']], { owner: `={{ ${ME} }}`, leaseUntil: `={{ ${lease} }}`, ...TERMS }, onErrorOutput),
		update('Void Rivals', [1760, 220], [['erpInvoiceId', 'eq', `={{ ${EVENT}.erpInvoiceId }}`], ['state', 'eq', 'pending'], ['owner', 'neq', `={{ ${ME} }}`]], { state: 'void' }, onErrorOutput),
		ifNode('Rivals Voided?', [1980, 220], condition(`={{ $('Void Rivals').all().filter((item) => item.json.id !== undefined).length }}`, { type: 'number', operation: 'equals' }, `={{ $('Decide Claim').first().json.rivals }}`), { executeOnce: true }),
		update('Claim Mine', [2200, 220], [['id', 'eq', "={{ $('Propose Claim').first().json.id }}"], ['state', 'eq', 'pending']], { state: 'claimed', leaseUntil: `={{ ${lease} }}`, ...TERMS }, onErrorOutput),
		ifNode('Claim Held?', [2420, 0], condition('={{ $json.id }}', { type: 'number', operation: 'exists', singleValue: true })),
		ifNode('Invoice Known?', [2640, 0], condition('={{ $json.caseId ?? 0 }}', { type: 'number', operation: 'gt' }, 0)),
		node('Create Invoice', 'n8n-nodes-zertiban-cfis.cfis', 1, [2860, 220], {
			resource: 'invoice',
			operation: 'create',
			inputMode: 'fields',
			number: `={{ ${EVENT}.invoiceNumber }}`,
			type: 'INVOICE',
			date: "={{ $now.toUTC().toFormat('yyyy-MM-dd') }}",
			dueDate: `={{ ${EVENT}.dueDate }}`,
			currencyCode: 'EUR',
			paymentReference: `={{ ${EVENT}.paymentReference }}`,
			distributionMethod: 'EMAIL',
			sellerBusinessId: '0737546-2',
			sellerName: 'Sandbox Demo Oy',
			buyerName: `={{ ${EVENT}.buyerName }}`,
			buyerEmail: `={{ ${EVENT}.buyerEmail }}`,
			rows: { row: [{ name: `={{ ${EVENT}.description }}`, quantity: 1, unit: 'pcs', unitPrice: `={{ ${EVENT}.unitPriceCents / 100 }}`, vatPercentage: ERP_ENTRY.vatPercentage }] },
			processing: { paymentControlEnabled: true },
		}, { credentials: { cfisApi: { id: 'zcCfisClient01', name: 'Confirma Finance (sandbox)' } }, ...failedItemOut }),
		failed('Invoice Failed?', [3300, 660]),
		failed('Link Failed?', [3960, 660]),
		ifNode('Invoice Has Case?', [3080, 220], condition('={{ $json.caseId ?? 0 }}', { type: 'number', operation: 'gt' }, 0)),
		respond('Answer Invoice Without Case', [3300, 440], 422, errorBody('INVOICE_WITHOUT_CASE', "'Confirma Finance holds invoice ' + $json.invoiceNumber + ' with status ' + $json.status + ' and no payment-control case, so no payment link is made; check the invoice in Confirma Finance'", ', status: $json.status')),
		update('Record Invoice', [3300, 220], [['id', 'eq', `={{ ${HELD}.id }}`], ['owner', 'eq', `={{ ${ME} }}`], ['state', 'eq', 'claimed']], {
			invoiceNumber: `={{ ${EVENT}.invoiceNumber }}`,
			caseId: '={{ $json.caseId }}',
			amountCents: `={{ $('Check ERP Event').first().json.amountCents }}`,
		}, onErrorOutput),
		node('Create Payment Link', 'n8n-nodes-zertiban-cfis.zertiban', 1, [3520, 0], {
			resource: 'flow',
			operation: 'create',
			externalId: "={{ 'COLL-' + $json.invoiceNumber }}",
			countryCode: 'FI',
			configurationUuid: { __rl: true, mode: 'list', value: '' },
			beneficiaryAccountUuid: { __rl: true, mode: 'list', value: '' },
			operations: {
				operation: [
					{
						amount: '={{ $json.amountCents }}',
						currency: 'EUR',
						concept: `={{ 'Invoice ' + $json.invoiceNumber + ', reference ' + ${EVENT}.paymentReference }}`,
						operationExternalId: "={{ 'INV-' + $json.invoiceNumber }}",
						paymentType: 'SINGLE_PAYMENT',
						product: 'SEPA_CREDIT_TRANSFER',
						payerName: `={{ ${EVENT}.buyerName }}`,
						payerEmail: `={{ ${EVENT}.buyerEmail }}`,
						expirationOffset: 'P14D',
					},
				],
			},
			binaryPropertyNames: '',
			additionalFields: {
				labels: {
					label: [
						{ name: 'cfisInvoiceNumber', value: '={{ String($json.invoiceNumber) }}' },
						{ name: 'cfisCaseId', value: '={{ String($json.caseId) }}' },
						{ name: 'paymentReference', value: `={{ ${EVENT}.paymentReference }}` },
						{ name: 'erpInvoiceId', value: `={{ ${EVENT}.erpInvoiceId }}` },
					],
				},
			},
		}, { credentials: { zertibanOAuth2Api: { id: 'zcZertiban01', name: 'Zertiban (sandbox)' } }, ...failedItemOut }),
		ifNode('Link Has URL?', [3740, 0], condition('={{ $json.operations?.[0]?.url ?? "" }}', { type: 'string', operation: 'notEmpty', singleValue: true })),
		respond('Answer Link Unknown', [3960, 220], 409, errorBody('LINK_URL_UNKNOWN', "'A payment link for this invoice exists in Zertiban (operation ' + $json.operations?.[0]?.uuid + ') but its payer URL was not recorded (Zertiban shows it only once); take it from the Zertiban portal or cancel the operation'", ', operationUuid: $json.operations?.[0]?.uuid')),
		update('Record Link', [3960, 0], [['id', 'eq', `={{ ${HELD}.id }}`], ['owner', 'eq', `={{ ${ME} }}`]], {
			state: 'linked',
			invoiceNumber: `={{ ${EVENT}.invoiceNumber }}`,
			caseId: `={{ ${LINK_ROW}.caseId }}`,
			amountCents: `={{ ${LINK_ROW}.amountCents }}`,
			operationUuid: '={{ $json.operations[0].uuid }}',
			paymentLink: '={{ $json.operations[0].url }}',
		}, { onError: 'continueRegularOutput' }),
		respond('Answer New Link', [4180, 0], 200, `={{ JSON.stringify({ erpInvoiceId: ${EVENT}.erpInvoiceId, invoiceNumber: ${EVENT}.invoiceNumber, caseId: ${LINK_ROW}.caseId, amountCents: ${LINK_ROW}.amountCents, paymentLink: $('Create Payment Link').first().json.operations[0].url, created: true }) }}`),
		update('Release Claim', [3960, 440], [['id', 'eq', `={{ ${HELD}.id }}`], ['owner', 'eq', `={{ ${ME} }}`]], { leaseUntil: '={{ 0 }}' }, { onError: 'continueRegularOutput', executeOnce: true }),
		respond('Answer Vendor Failure', [4180, 440], 502, errorBody('VENDOR_UNAVAILABLE', "($('Create Payment Link').isExecuted ? 'Zertiban' : 'Confirma Finance') + ' failed; nothing was lost: send the same event again after Retry-After seconds'", ", service: $('Create Payment Link').isExecuted ? 'Zertiban' : 'Confirma Finance', retryAfter: 5"), { 'Retry-After': '5' }),
		respond('Store Unavailable', [1320, 440], 503, errorBody('STORE_UNAVAILABLE', "'n8n could not read or write its data table of payment links; nothing was sent: send the same event again after Retry-After seconds'", ', retryAfter: 5'), { 'Retry-After': '5' }),
	];
	return nodes;
}

const NOTE = `## ERP in, link out (invoice to payment, part 1 of 2)
Your ERP posts each new invoice to the **Production URL** of *ERP Invoice Event* (POST, \`Content-Type: application/json\`, header \`X-ERP-Token\` checked by the Header Auth credential) and gets the **payment link in the same HTTP answer**. The contract (fields, units, every answer) is in the package README, "ERP in, link out".
1. **Check ERP Event** takes the body unparsed and checks it before anything is sent: 415 not JSON, 413 over 64 KiB, 400 naming the bad field (amounts in integer cents).
2. **Propose Claim → Read Claims → Decide Claim**: one row per attempt in the data table *${TABLE}* (made by **Link Store** on the first run). A linked row is answered again (**Answer Earlier Link**, \`created: false\`); a claim in progress gets 409 with Retry-After; otherwise this execution voids rival proposals and claims its own row (compare-and-set updates, safe across n8n processes), recording the invoice number and amount. The same erpInvoiceId with another invoice number or amount gets 409 \`ERP_INVOICE_ID_REUSED\` naming the field (**Answer Conflict**).
3. **Create Invoice** (skipped when the row already has its case; a repeated number comes back DUPLICATE with its case), **Record Invoice**, **Create Payment Link** (Zertiban, operation \`INV-<invoice number>\`), **Record Link** (the payer URL, shown by Zertiban only once), **Answer New Link** (\`created: true\`).
4. A vendor failure releases the claim and answers 502 with Retry-After: the ERP's retry of the same event resumes where it stopped. The data table unavailable: 503.
Part 2 (*Invoice to payment (2/2)*) reports the payment to Confirma Finance and calls the ERP back.`;

/** Each node's outputs: a list per output index of the nodes it feeds. */
const WIRES: Record<string, string[][]> = {
	'ERP Invoice Event': [['Check ERP Event']],
	'Check ERP Event': [['Event Valid?']],
	'Event Valid?': [['Link Store'], ['Refuse Event']],
	'Link Store': [['Propose Claim']],
	'Propose Claim': [['Read Claims'], ['Store Unavailable']],
	'Read Claims': [['Decide Claim'], ['Store Unavailable']],
	'Decide Claim': [['Route']],
	Route: [['Answer Earlier Link'], ['Answer In Flight'], ['Take Over Claim'], ['Void Rivals'], ['Answer Conflict']],
	'Take Over Claim': [['Claim Held?'], ['Store Unavailable']],
	'Void Rivals': [['Rivals Voided?'], ['Store Unavailable']],
	'Rivals Voided?': [['Claim Mine'], ['Answer In Flight']],
	'Claim Mine': [['Claim Held?'], ['Store Unavailable']],
	'Claim Held?': [['Invoice Known?'], ['Answer In Flight']],
	'Invoice Known?': [['Create Payment Link'], ['Create Invoice']],
	'Create Invoice': [['Invoice Has Case?']],
	'Invoice Has Case?': [['Record Invoice'], ['Invoice Failed?']],
	'Invoice Failed?': [['Release Claim'], ['Answer Invoice Without Case']],
	'Record Invoice': [['Create Payment Link'], ['Store Unavailable']],
	'Create Payment Link': [['Link Has URL?']],
	'Link Has URL?': [['Record Link'], ['Link Failed?']],
	'Link Failed?': [['Release Claim'], ['Answer Link Unknown']],
	'Record Link': [['Answer New Link']],
	'Release Claim': [['Answer Vendor Failure']],
};

/** The whole template, as examples/erp-invoice-to-payment-link.json holds it. */
export function erpEntryTemplate() {
	const nodes = erpEntryWorkflow();
	const note = { id: 'e7a1c0de-0099-4b7e-9a51-3f0c2d7e0099', name: 'About this workflow', type: 'n8n-nodes-base.stickyNote', typeVersion: 1, position: [-40, -520], parameters: { width: 1500, height: 460, content: NOTE } };
	const connections = Object.fromEntries(
		Object.entries(WIRES).map(([from, outputs]) => [from, { main: outputs.map((targets) => targets.map((to) => ({ node: to, type: 'main', index: 0 }))) }]),
	);
	return {
		id: 'zcErpInvoiceLink1',
		name: 'ERP in, link out (1/2): invoice and payment link for an ERP event',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		tags: [],
		nodes: [...nodes, note],
		connections,
	};
}

/** The template file's path and the text this generator gives it. */
export const ERP_ENTRY_FILE = join(__dirname, '..', '..', 'examples', 'erp-invoice-to-payment-link.json');
export const erpEntryText = () => `${JSON.stringify(erpEntryTemplate(), null, 2)}\n`;

if (require.main === module) writeFileSync(ERP_ENTRY_FILE, erpEntryText());
