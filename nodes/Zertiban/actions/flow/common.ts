import type { IBinaryData, IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import {
	checkCountryCode,
	checkCurrencyCode,
	checkDayPeriod,
	checkEmail,
	checkIsoDate,
	checkPositiveCents,
} from '../../../shared/validators';
import { zertibanCreate, zertibanRequest, type MultipartPart } from '../../transport';
import { readUuid } from '../common';
import { beneficiaryAccountLocator, configurationLocator } from '../common.descriptions';
import { isZertibanSandbox } from '../environment';

/** Largest payment the Zertiban sandbox initiates, in cents (zertiban.md §2: €1). */
export const SANDBOX_MAX_CENTS = 100;

/**
 * The fields of one payment operation (zertiban.md §6.1 operation object), shared by *Create* (inside its
 * *Operations* list) and *Create PagaFactu* (top level). Amounts are integer cents.
 */
export const PAYMENT_FIELDS: INodeProperties[] = [
	{
		displayName: 'Amount (Cents)',
		name: 'amount',
		type: 'number',
		default: 0,
		required: true,
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'Amount to collect in cents (minor units): 2500 = 25.00 EUR. The Zertiban sandbox accepts at most 100 (€1).',
	},
	{
		displayName: 'Currency',
		name: 'currency',
		type: 'string',
		default: 'EUR',
		description: 'ISO 4217 currency code',
	},
	{
		displayName: 'Concept',
		name: 'concept',
		type: 'string',
		default: '',
		placeholder: 'Invoice 2026-0042',
		description: 'Remittance text the payer and the bank statement show',
	},
	{
		displayName: 'Operation External ID',
		name: 'operationExternalId',
		type: 'string',
		default: '',
		description: 'Your own ID for this payment (e.g. the invoice number); it comes back in webhooks and filters',
	},
	{
		displayName: 'Payment Type',
		name: 'paymentType',
		type: 'options',
		options: [
			{ name: 'Single (Immediate)', value: 'SINGLE_PAYMENT' },
			{ name: 'Future (Scheduled)', value: 'FUTURE_PAYMENT' },
		],
		default: 'SINGLE_PAYMENT',
		description: 'Pay now, or schedule the transfer for a requested execution date',
	},
	{
		displayName: 'Requested Execution Date',
		name: 'requestedExecutionDate',
		type: 'string',
		default: '',
		placeholder: '2026-12-01',
		description: 'Only for a Future payment: the day the transfer runs (YYYY-MM-DD, at least one day ahead)',
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'options',
		options: [
			{ name: 'SEPA Credit Transfer', value: 'SEPA_CREDIT_TRANSFER', description: 'Standard SEPA transfer (next business day)' },
			{ name: 'Instant SEPA Credit Transfer', value: 'INSTANT_SEPA_CREDIT_TRANSFER', description: 'Arrives within seconds' },
		],
		default: 'SEPA_CREDIT_TRANSFER',
	},
	{ displayName: 'Payer Name', name: 'payerName', type: 'string', default: '' },
	{ displayName: 'Payer Last Name', name: 'payerLastName', type: 'string', default: '' },
	{ displayName: 'Payer Email', name: 'payerEmail', type: 'string', default: '', placeholder: 'name@email.com' },
	{
		displayName: 'Expiration Offset',
		name: 'expirationOffset',
		type: 'string',
		default: '',
		placeholder: 'P7D',
		description: 'How long the link stays valid, in days as P1D to P156D. Empty: the configuration default.',
	},
];

/** The flow-level fields of both creates: external ID, country, configuration and beneficiary account. */
export const FLOW_FIELDS: INodeProperties[] = [
	{
		displayName: 'Flow External ID',
		name: 'externalId',
		type: 'string',
		default: '',
		placeholder: 'COLL-2026-0042',
		description:
			'Your own ID for the flow. Strongly recommended: if the answer to the create is lost, the node finds the flow by this ID instead of creating it twice.',
	},
	{
		displayName: 'Country Code',
		name: 'countryCode',
		type: 'string',
		default: 'ES',
		required: true,
		description: 'ISO 3166-1 alpha-2 country of the payer (e.g. ES)',
	},
	{
		...configurationLocator,
		required: false,
		description: 'The flow configuration (branding, language, expiry, redirections). Empty: the business default.',
	},
	{
		...beneficiaryAccountLocator,
		required: false,
		description: 'The account (IBAN) that receives the payment; must be ACTIVE. Empty: the business default.',
	},
];

/** Integer cents from a number parameter that an expression may have turned into a numeric string. */
function cents(value: unknown): number {
	if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
	return value as number;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v).trim());

/**
 * Builds one operation object of a create payload (zertiban.md §6.1) from the {@link PAYMENT_FIELDS} values,
 * with configuration and creditor account when given. Checks, naming the field and item: amount (positive
 * whole cents; at most 100 in the Zertiban sandbox, which caps payments at €1), currency, execution date
 * (required in the future for FUTURE payments, refused for SINGLE ones), expiration offset `P1D`…`P156D`, e-mail.
 */
export function buildPaymentOperation(
	ctx: IExecuteFunctions,
	values: IDataObject,
	itemIndex: number,
	refs: { configuration?: string; creditorAccount?: string },
): IDataObject {
	const node = ctx.getNode();
	const amount = cents(values.amount);
	const amountProblem = checkPositiveCents(amount);
	if (amountProblem) throw inputError(node, 'Amount (Cents)', itemIndex, amountProblem);
	if (isZertibanSandbox(ctx) && amount > SANDBOX_MAX_CENTS) {
		throw inputError(
			node,
			'Amount (Cents)',
			itemIndex,
			`${amount} is above ${SANDBOX_MAX_CENTS}: the Zertiban sandbox caps every payment at €1 (100 cents); use the production environment for real amounts`,
		);
	}
	const currency = str(values.currency) || 'EUR';
	const currencyProblem = checkCurrencyCode(currency);
	if (currencyProblem) throw inputError(node, 'Currency', itemIndex, currencyProblem);

	const type = str(values.paymentType) || 'SINGLE_PAYMENT';
	const date = str(values.requestedExecutionDate);
	if (type === 'FUTURE_PAYMENT') {
		if (date === '') throw inputError(node, 'Requested Execution Date', itemIndex, 'is required for a Future payment');
		const problem = checkIsoDate(date);
		if (problem) throw inputError(node, 'Requested Execution Date', itemIndex, problem);
		const today = new Date().toISOString().slice(0, 10);
		if (date <= today) {
			throw inputError(node, 'Requested Execution Date', itemIndex, `${date} is not in the future (today is ${today} UTC)`);
		}
	} else if (date !== '') {
		throw inputError(node, 'Requested Execution Date', itemIndex, 'is only allowed for a Future payment; clear it or choose Payment Type Future');
	}

	const offset = str(values.expirationOffset);
	if (offset !== '') {
		const problem = checkDayPeriod(offset);
		if (problem) throw inputError(node, 'Expiration Offset', itemIndex, problem);
	}
	const email = str(values.payerEmail);
	if (email !== '') {
		const problem = checkEmail(email);
		if (problem) throw inputError(node, 'Payer Email', itemIndex, problem);
	}
	const debtor: IDataObject = {};
	if (str(values.payerName)) debtor.name = str(values.payerName);
	if (str(values.payerLastName)) debtor.lastName = str(values.payerLastName);
	if (email) debtor.email = email;

	const psd2Payment: IDataObject = { type, product: str(values.product) || 'SEPA_CREDIT_TRANSFER' };
	if (date) psd2Payment.requestedExecutionDate = date;
	if (refs.creditorAccount) psd2Payment.creditorAccount = { uuid: refs.creditorAccount };
	const operation: IDataObject = {};
	if (str(values.operationExternalId)) operation.externalId = str(values.operationExternalId);
	if (refs.configuration) operation.configuration = refs.configuration;
	if (offset) operation.expirationOffset = offset;
	operation.payment = {
		amount,
		currency,
		...(str(values.concept) ? { concept: str(values.concept) } : {}),
		types: ['PSD2_PAYMENT'],
		psd2Payment,
		...(Object.keys(debtor).length ? { debtor } : {}),
	};
	return operation;
}

/** Flow External IDs seen by `prepare` in one node execution (keyed by its context): external ID → first item. */
const externalIdsByExecution = new WeakMap<IExecuteFunctions, Map<string, number>>();

/**
 * Refuses a Flow External ID that an earlier item of the same execution already uses (naming both items): safe
 * create finds a lost flow by its external ID, so two items with one ID could recover each other's flow.
 */
function claimExternalId(ctx: IExecuteFunctions, externalId: string, itemIndex: number): void {
	let seen = externalIdsByExecution.get(ctx);
	if (!seen || itemIndex === 0) externalIdsByExecution.set(ctx, (seen = new Map()));
	const first = seen.get(externalId);
	if (first !== undefined && first !== itemIndex) {
		throw inputError(
			ctx.getNode(),
			'Flow External ID',
			itemIndex,
			`"${externalId}" is also the Flow External ID of item ${first}; each flow needs its own (safe create finds a flow by it)`,
		);
	}
	seen.set(externalId, itemIndex);
}

/**
 * The flow-level values of both creates, checked: external ID (unique among the items of one execution),
 * country code, configuration, creditor account. Call it once per item, in item order (as `prepare` is).
 */
export function readFlowFields(ctx: IExecuteFunctions, itemIndex: number) {
	const externalId = str(ctx.getNodeParameter('externalId', itemIndex, ''));
	if (externalId) claimExternalId(ctx, externalId, itemIndex);
	const countryCode = str(ctx.getNodeParameter('countryCode', itemIndex, ''));
	const problem = checkCountryCode(countryCode);
	if (problem) throw inputError(ctx.getNode(), 'Country Code', itemIndex, problem);
	return {
		externalId: externalId || undefined,
		countryCode,
		configuration: readUuid(ctx, 'configurationUuid', 'Configuration', itemIndex, { optional: true }),
		creditorAccount: readUuid(ctx, 'beneficiaryAccountUuid', 'Beneficiary Account', itemIndex, { optional: true }),
	};
}

/** Size in bytes of an input binary: its `bytes` metadata, else the stored file's size, else from the Base64 length. */
async function binarySize(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	const base64 = binary.data ?? '';
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return Math.floor((base64.length * 3) / 4) - padding;
}

/** The first five bytes of an input binary, read without loading the file (one stream chunk, or 8 Base64 chars). */
async function binaryHead(ctx: IExecuteFunctions, binary: IBinaryData): Promise<Buffer> {
	if (!binary.id) return Buffer.from((binary.data ?? '').slice(0, 8), 'base64').subarray(0, 5);
	const stream = await ctx.helpers.getBinaryStream(binary.id, 64);
	for await (const chunk of stream) {
		stream.destroy();
		return Buffer.from(chunk as Uint8Array).subarray(0, 5);
	}
	return Buffer.alloc(0);
}

/**
 * Checks, for `prepare` (no API request), that an input binary holds a PDF (`%PDF-` magic bytes, zertiban.md
 * §6.1: PDF only) of at most `maxBytes` bytes. Reads only the metadata and the first bytes, never the whole file.
 * Returns the reason it is refused (for `inputError`), or undefined.
 */
export async function pdfProblem(ctx: IExecuteFunctions, binary: IBinaryData, maxBytes = Infinity): Promise<string | undefined> {
	const size = await binarySize(ctx, binary);
	if (size > maxBytes) return `holds ${size} bytes; at most ${maxBytes} bytes (${Math.round(maxBytes / 1024 / 1024)} MB) are allowed`;
	if ((await binaryHead(ctx, binary)).toString('latin1') !== '%PDF-') return 'does not hold a PDF file (its content does not start with %PDF-)';
	return undefined;
}

/** How far back a lost create is looked for, milliseconds (allows for clock skew between n8n and Zertiban). */
const LOOKBACK_MS = 10 * 60 * 1000;

/** The newest flow with `externalId` created since `sinceMs` (epoch ms), or undefined. */
async function findRecentFlow(ctx: IExecuteFunctions, externalId: string, sinceMs: number, itemIndex: number) {
	const page = await zertibanRequest.call(ctx, {
		method: 'GET',
		path: '/flow/v1/flows',
		qs: {
			q_externalId: externalId,
			q_fromCreatedAt: new Date(sinceMs - LOOKBACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'),
			sort_by: 'createdAt',
			sort_dir: 'DESC',
			limit: 1,
		},
		itemIndex,
	});
	return (page.results as IDataObject[] | undefined)?.[0];
}

/** The payer URL of an operation from its detail (`GET /flow/v1/operations/{uuid}`, zertiban.md §7.2), if given. */
async function operationUrl(ctx: IExecuteFunctions, uuid: unknown, itemIndex: number): Promise<string | undefined> {
	try {
		const detail = await zertibanRequest.call(ctx, { method: 'GET', path: `/flow/v1/operations/${String(uuid)}`, itemIndex });
		return typeof detail.url === 'string' && detail.url !== '' ? detail.url : undefined;
	} catch {
		return undefined; // the flow exists either way; the caller reports the missing URL
	}
}

/**
 * The create answer rebuilt from a flow found after a lost response: `uuid`, `externalId`, `createdAt`,
 * `operations[]` (`uuid`, `externalId`, `status`, `url`, and the local `id` when the external IDs match) and
 * `recoveredAfterLostResponse: true`. Each operation's payer `url` is read from its detail (§7.2). The documented
 * detail does not carry one (payer URLs are only in a create answer, §6.1), so then this throws
 * `NodeOperationError` naming the flow and its operations: an output with an empty payment link must never reach
 * an e-mail, and sending the create again would give the payer a second link.
 */
async function recovered(ctx: IExecuteFunctions, flow: IDataObject, payload: IDataObject, itemIndex: number): Promise<IDataObject> {
	const sent = (payload.operations as IDataObject[]) ?? [];
	const found = (flow.paymentOperations as IDataObject[] | undefined) ?? [];
	const operations: IDataObject[] = [];
	for (const op of found) {
		const local = sent.find((s) => s.externalId !== undefined && s.externalId === op.externalId);
		const url = await operationUrl(ctx, op.uuid, itemIndex);
		operations.push({
			uuid: op.uuid,
			...(op.externalId === undefined ? {} : { externalId: op.externalId }),
			...(local?.id === undefined ? {} : { id: local.id }),
			status: op.status,
			...(url === undefined ? {} : { url }),
		});
	}
	const missing = operations.filter((op) => op.url === undefined);
	if (missing.length > 0 || operations.length === 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Flow ${String(flow.externalId)} was created, but its answer was lost and Zertiban does not return the payer URL (nor a PagaFactu PDF) again`,
			{
				itemIndex,
				description:
					`Flow ${String(flow.uuid)} exists (operations: ${found.map((op) => String(op.uuid)).join(', ') || 'none'}). ` +
					'Do not simply run this item again: that would give the payer a second payment link. Take the link from the Zertiban portal, ' +
					'or cancel the operations (Operation → Cancel) and create the flow again under a new Flow External ID.',
			},
		);
	}
	return {
		uuid: flow.uuid,
		...(flow.externalId === undefined ? {} : { externalId: flow.externalId }),
		createdAt: flow.createdAt,
		operations,
		recoveredAfterLostResponse: true,
	};
}

/**
 * Creates a flow safely (DESIGN §4, issue 3 §3): one multipart `POST`; when its answer is lost (network error,
 * 408, 5xx) the flow is looked up by `externalId` (created in the last 10 minutes) and returned if it exists; only
 * when it does not exist is the create sent once more (no longer blind). A recovered flow comes out only with
 * every payer URL, else the item fails naming the flow (see `recovered`). Without an external ID the node cannot
 * tell, so it stops with an error instead of risking a second payment link.
 */
export async function safeCreate(
	ctx: IExecuteFunctions,
	path: string,
	payload: IDataObject,
	files: MultipartPart[],
	itemIndex: number,
): Promise<IDataObject> {
	const parts: MultipartPart[] = [{ name: 'payload', json: payload }, ...files];
	const externalId = payload.externalId as string | undefined;
	const started = Date.now();
	const send = async () => await zertibanCreate.call(ctx, { method: 'POST', path, itemIndex }, parts);
	// Kept out of the error message: n8n rewrites messages that name a network code such as ECONNRESET.
	const lostReason = (failure: { status?: number; code?: string }) =>
		failure.status ? `Zertiban answered HTTP ${failure.status}` : `The connection failed (${failure.code ?? 'no answer'})`;

	const first = await send();
	if (!first.lost) return first.body;
	if (!externalId) {
		throw new NodeOperationError(
			ctx.getNode(),
			'The answer to the flow create was lost; the flow may or may not exist',
			{
				itemIndex,
				description: `${lostReason(first.failure)}. The node does not send the create again, to avoid a second payment link. Check Flow → Get Many in Zertiban, and set a Flow External ID so the node can recover by itself next time.`,
			},
		);
	}
	const found = await findRecentFlow(ctx, externalId, started, itemIndex);
	if (found) return await recovered(ctx, found, payload, itemIndex);
	// Zertiban did not store it: sending again can no longer create a duplicate.
	const second = await send();
	if (!second.lost) return second.body;
	const foundLater = await findRecentFlow(ctx, externalId, started, itemIndex);
	if (foundLater) return await recovered(ctx, foundLater, payload, itemIndex);
	throw new NodeOperationError(
		ctx.getNode(),
		`The flow create got no answer twice and no flow ${externalId} exists`,
		{ itemIndex, description: `${lostReason(second.failure)}. Zertiban did not store the flow. Try again later.` },
	);
}
