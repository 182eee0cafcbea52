import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { inputError, isTimeout } from '../../../shared/errors';
import { zertibanCreate, zertibanRequest, zertibanRequestAllItems, type MultipartPart, ZERTIBAN_PATHS } from '../../transport';

/*
 * Safe create: how both creates (Flow → Create, Flow → Create PagaFactu) avoid a second payment link. The Flow
 * External ID is looked up before each create (the "If Payment Link Exists" parameter), and a create whose answer
 * was lost is resolved by the same look-up instead of being sent again (docs/zertiban.md §6.1, §4.5).
 */

/** What a create does when Zertiban already holds a flow under its Flow External ID (see {@link IF_LINK_EXISTS_FIELD}). */
export type IfLinkExists = 'outputExisting' | 'fail' | 'createAnother';

/**
 * The "If Payment Link Exists" parameter of both creates (Flow → Create, Flow → Create PagaFactu): safe create
 * looks the Flow External ID up before every create, across executions (README.md, Security: Re-runs).
 */
export const IF_LINK_EXISTS_FIELD: INodeProperties = {
	displayName: 'If Payment Link Exists',
	name: 'ifLinkExists',
	type: 'options',
	options: [
		{
			name: 'Output the Existing Link Without Its URL',
			value: 'outputExisting',
			description:
				'Create nothing and output the flow already created under this Flow External ID (e.g. by an earlier run): its UUID, status and operations with their status, and created: false. Zertiban gives the payer URL only in the answer to the create, so keep it from there (e.g. in a data table); this output has none. The item fails if that flow differs (amount, currency, payment type…).',
		},
		{
			name: 'Fail',
			value: 'fail',
			description: 'Stop with an error that names the item and the Flow External ID',
		},
		{
			name: 'Create Another Link',
			value: 'createAnother',
			description: 'Create a new flow all the same; the payer may then hold two payment links',
		},
	],
	default: 'outputExisting',
	description:
		'What to do when Zertiban already holds a flow with this Flow External ID, for example after a re-run of a failed execution. Zertiban itself accepts the same external ID twice, so the node looks it up before each create. Needs a Flow External ID.',
};

const IF_LINK_EXISTS_VALUES: readonly string[] = ['outputExisting', 'fail', 'createAnother'];

/**
 * The item's "If Payment Link Exists" value; a value set by expression must be one of the three (throws the
 * input error naming the field and the item, before any request).
 */
export function readIfLinkExists(ctx: IExecuteFunctions, itemIndex: number): IfLinkExists {
	const value = ctx.getNodeParameter('ifLinkExists', itemIndex, 'outputExisting');
	if (typeof value !== 'string' || !IF_LINK_EXISTS_VALUES.includes(value)) {
		throw inputError(ctx.getNode(), 'If Payment Link Exists', itemIndex, `must be one of ${IF_LINK_EXISTS_VALUES.join(', ')}`);
	}
	return value as IfLinkExists;
}

/**
 * Every flow whose `externalId` is exactly `externalId`, oldest first: `GET /flow/v1/flows` filtered by
 * `q_externalId`, sorted by `createdAt` ascending (new flows go to the end, so offset paging neither skips nor
 * repeats one), all pages of 100, no date limit (docs/zertiban.md §6.2, §4.3). Usually one page, one request.
 * Throws `NodeApiError` like any Zertiban request.
 */
export async function flowsWithExternalId(ctx: IExecuteFunctions, externalId: string, itemIndex: number): Promise<IDataObject[]> {
	const flows = await zertibanRequestAllItems.call(
		ctx,
		{ method: 'GET', path: ZERTIBAN_PATHS.flows, qs: { q_externalId: externalId, sort_by: 'createdAt', sort_dir: 'ASC' }, itemIndex },
		{ returnAll: true, limit: 0 },
	);
	return flows.filter((flow) => flow.externalId === externalId);
}

/** The operation detail (`GET /flow/v1/operations/{uuid}`, docs/zertiban.md §7.2), or undefined when it cannot be read. */
export async function operationDetail(ctx: IExecuteFunctions, uuid: unknown, itemIndex: number): Promise<IDataObject | undefined> {
	try {
		return await zertibanRequest.call(ctx, { method: 'GET', path: ZERTIBAN_PATHS.operation(String(uuid)), itemIndex });
	} catch {
		return undefined; // the caller reports what it could not read
	}
}

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));
const obj = (value: unknown): IDataObject => (value !== null && typeof value === 'object' ? (value as IDataObject) : {});

/**
 * How the flow summary `found` (a `GET /flow/v1/flows` item, docs/zertiban.md §6.3: `countryCode`,
 * `paymentOperations[]` with `externalId`, `amount`, `currency`) differs from the create `payload` (§6.1, §13.2):
 * one text per difference, e.g. `operation 1 amount 75 (this item: 50)`; empty when they agree. With the
 * operation `details` (§7.2, same order), also payment type, product, execution date, concept, and — when this
 * item sets them — configuration, beneficiary account, payer e-mail and invoice external ID.
 */
export function flowDifferences(payload: IDataObject, found: IDataObject, details?: Array<IDataObject | undefined>): string[] {
	const out: string[] = [];
	const differ = (what: string, theirs: unknown, ours: unknown) => {
		if (text(theirs) !== text(ours)) out.push(`${what} ${text(theirs) || '(none)'} (this item: ${text(ours) || '(none)'})`);
	};
	differ('country', found.countryCode, payload.countryCode);
	const sent = (payload.operations as IDataObject[] | undefined) ?? [];
	const stored = (found.paymentOperations as IDataObject[] | undefined) ?? [];
	if (sent.length !== stored.length) {
		out.push(`${stored.length} payment operations (this item: ${sent.length})`);
		return out;
	}
	sent.forEach((op, i) => {
		const name = `operation ${i + 1}`;
		const payment = obj(op.payment);
		const psd2 = obj(payment.psd2Payment);
		differ(`${name} external ID`, stored[i].externalId, op.externalId);
		differ(`${name} amount`, stored[i].amount, payment.amount);
		differ(`${name} currency`, stored[i].currency, payment.currency);
		const detail = details?.[i];
		if (!detail) return;
		const theirs = obj(detail.payment);
		const theirPsd2 = obj(theirs.psd2Payment);
		differ(`${name} payment type`, theirPsd2.type, psd2.type);
		differ(`${name} product`, theirPsd2.product, psd2.product);
		differ(`${name} execution date`, theirPsd2.requestedExecutionDate, psd2.requestedExecutionDate);
		differ(`${name} concept`, theirs.concept, payment.concept);
		if (op.configuration !== undefined) differ(`${name} configuration`, detail.configurationUuid, op.configuration);
		const account = obj(psd2.creditorAccount).uuid;
		if (account !== undefined) differ(`${name} beneficiary account`, obj(theirPsd2.creditorAccount).uuid, account);
		const email = obj(payment.debtor).email;
		if (email !== undefined) differ(`${name} payer e-mail`, obj(theirs.subject ?? theirs.debtor).email, email);
		const invoice = obj(op.invoice).externalId;
		if (invoice !== undefined) differ(`${name} invoice external ID`, obj(detail.invoice).externalId, invoice);
	});
	return out;
}

/** How a flow that safe create did not create in this request was found. */
type Found = 'lostAnswer' | 'existing';

/**
 * The create answer rebuilt from a flow safe create found instead of creating it: `uuid`, `externalId`,
 * `createdAt`, `status`, `operations[]` (`uuid`, `externalId`, `status`, `url` when the operation detail has one,
 * and the local `id` when the external IDs match). `details` are the operation details (§7.2) in the flow's order.
 * The documented detail carries no payer URL (payer URLs are only in a create answer, §6.1), so:
 * - `existing` (created before, e.g. by an earlier execution): returned with `created: false` and without URLs;
 *   whoever needs the link keeps it from the create's answer;
 * - `lostAnswer` (this item's own create, answer lost): returned with `recoveredAfterLostResponse: true` only when
 *   every URL is known; otherwise throws `NodeOperationError` naming the flow and its operations, since the caller
 *   asked for a link and sending the create again would give the payer a second one.
 */
function answerFrom(ctx: IExecuteFunctions, flow: IDataObject, details: Array<IDataObject | undefined>, payload: IDataObject, how: Found, itemIndex: number): IDataObject {
	const sent = (payload.operations as IDataObject[]) ?? [];
	const found = (flow.paymentOperations as IDataObject[] | undefined) ?? [];
	const operations = found.map((op, i): IDataObject => {
		const local = sent.find((s) => s.externalId !== undefined && s.externalId === op.externalId);
		const url = details[i]?.url;
		return {
			uuid: op.uuid,
			...(op.externalId === undefined ? {} : { externalId: op.externalId }),
			...(local?.id === undefined ? {} : { id: local.id }),
			status: op.status,
			...(typeof url === 'string' && url !== '' ? { url } : {}),
		};
	});
	const externalId = String(flow.externalId);
	const head: IDataObject = { uuid: flow.uuid, externalId: flow.externalId, createdAt: flow.createdAt, ...(flow.status === undefined ? {} : { status: flow.status }), operations };
	if (how === 'existing') return { ...head, created: false };
	if (operations.length === 0 || operations.some((op) => op.url === undefined)) {
		throw new NodeOperationError(ctx.getNode(), `Flow ${externalId} was created, but its answer was lost and Zertiban does not return the payer URL (nor a PagaFactu PDF) again`, {
			itemIndex,
			description:
				`Flow ${String(flow.uuid)} exists (operations: ${found.map((op) => String(op.uuid)).join(', ') || 'none'}). Running this item again outputs that flow without its link (created: false) and creates nothing. ` +
				'Take the link from the Zertiban portal, or cancel the operations (Operation → Cancel) and create the flow again under a new Flow External ID.',
		});
	}
	return { ...head, recoveredAfterLostResponse: true };
}

/** The operation details (§7.2) of `flow`, in its order (one GET each). */
async function detailsOf(ctx: IExecuteFunctions, flow: IDataObject, itemIndex: number): Promise<Array<IDataObject | undefined>> {
	const details: Array<IDataObject | undefined> = [];
	for (const op of (flow.paymentOperations as IDataObject[] | undefined) ?? []) details.push(await operationDetail(ctx, op.uuid, itemIndex));
	return details;
}

/**
 * What "If Payment Link Exists" does with the flows `existing` (oldest first, at least one) that Zertiban holds
 * under the item's Flow External ID: `fail` throws naming the item, the external ID and the flows; `outputExisting`
 * returns the newest flow that agrees with the payload (see {@link flowDifferences}; one detail GET per operation)
 * through {@link answerFrom}, and throws naming the differences when none agrees, so a flow made for another
 * purpose is never returned silently.
 */
async function handleExisting(ctx: IExecuteFunctions, existing: IDataObject[], payload: IDataObject, mode: 'outputExisting' | 'fail', itemIndex: number): Promise<IDataObject> {
	const externalId = String(payload.externalId);
	const flows = existing.map((flow) => `${String(flow.uuid)} (created ${String(flow.createdAt)})`).join(', ');
	if (mode === 'fail') {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: a payment link for Flow External ID ${externalId} already exists`, {
			itemIndex,
			description: `Zertiban holds flow ${flows} under this Flow External ID, so no new one was created (If Payment Link Exists: Fail). Use a new Flow External ID, or choose Output the Existing Link Without Its URL or Create Another Link.`,
		});
	}
	let differences: string[] = [];
	for (const flow of [...existing].reverse()) {
		const details = await detailsOf(ctx, flow, itemIndex);
		const found = flowDifferences(payload, flow, details);
		if (found.length === 0) return answerFrom(ctx, flow, details, payload, 'existing', itemIndex);
		if (differences.length === 0) differences = found;
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`Item ${itemIndex}: Flow External ID ${externalId} is already used by a different payment link`,
		{
			itemIndex,
			description:
				`Zertiban holds flow ${flows} under this Flow External ID; it differs from this item: ${differences.join('; ')}. ` +
				'It was not returned and no new link was created. Use a new Flow External ID, or set If Payment Link Exists to Create Another Link.',
		},
	);
}

/**
 * Creates a flow safely (a second create means a second payment link; Zertiban has no idempotency key and accepts
 * one external ID twice, docs/zertiban.md §4.5). With a Flow External ID, the flows already stored under it are
 * looked up first, across executions ({@link flowsWithExternalId}: one GET, more only beyond 100 such flows); when
 * there are some, `ifLinkExists` decides: output the existing flow without its URL (default, see `handleExisting`), fail, or create
 * another. Then one multipart `POST`, whose answer is returned with `created: true`; when its answer is lost (network error, 408, 5xx) the flows are listed again
 * and a flow that was not there before and agrees with the payload is returned (see `answerFrom`); only when there
 * is none is the create sent once more (no longer blind). Without an external ID a lost answer stops the item with
 * an error instead of risking a second payment link.
 */
export async function safeCreate(
	ctx: IExecuteFunctions,
	path: string,
	payload: IDataObject,
	files: MultipartPart[],
	itemIndex: number,
	ifLinkExists: IfLinkExists = 'outputExisting',
): Promise<IDataObject> {
	const parts: MultipartPart[] = [{ name: 'payload', json: payload }, ...files];
	const externalId = payload.externalId as string | undefined;
	const kind = files.length > 0 || path === ZERTIBAN_PATHS.pagaFactuFlows ? 'document' : 'api';
	const send = async () => await zertibanCreate.call(ctx, { method: 'POST', path, itemIndex, kind }, parts);

	const before = externalId ? await flowsWithExternalId(ctx, externalId, itemIndex) : [];
	if (before.length > 0 && ifLinkExists !== 'createAnother') return await handleExisting(ctx, before, payload, ifLinkExists, itemIndex);
	const known = new Set(before.map((flow) => String(flow.uuid)));
	/** A flow created by this item's create: new since the look-up and agreeing with the payload. */
	const createdMeanwhile = async (id: string) =>
		(await flowsWithExternalId(ctx, id, itemIndex)).reverse().find((flow) => !known.has(String(flow.uuid)) && flowDifferences(payload, flow).length === 0);
	const recovered = async (flow: IDataObject) => answerFrom(ctx, flow, await detailsOf(ctx, flow, itemIndex), payload, 'lostAnswer', itemIndex);

	const first = await send();
	if (!first.lost) return { ...first.body, created: true };
	if (!externalId) {
		throw new NodeOperationError(
			ctx.getNode(),
			// a network code stays out of the message (n8n rewrites messages that name one, e.g. ECONNRESET)
			`${isTimeout(first.failure) ? `${first.reason}: the answer` : 'The answer'} to the flow create was lost; the flow may or may not exist`,
			{
				itemIndex,
				description: `${first.reason}. The node does not send the create again, to avoid a second payment link. Check Flow → Get Many in Zertiban, and set a Flow External ID so the node can recover by itself next time.`,
			},
		);
	}
	const found = await createdMeanwhile(externalId);
	if (found) return await recovered(found);
	// Zertiban did not store it: sending again can no longer create a duplicate.
	const second = await send();
	if (!second.lost) return { ...second.body, created: true };
	const foundLater = await createdMeanwhile(externalId);
	if (foundLater) return await recovered(foundLater);
	throw new NodeOperationError(
		ctx.getNode(),
		`The flow create got no answer twice and no flow ${externalId} exists`,
		{ itemIndex, description: `${second.reason}. Zertiban did not store the flow. Try again later.` },
	);
}
