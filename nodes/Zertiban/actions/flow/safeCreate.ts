import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { zertibanCreate, type MultipartPart } from '../../transport';
import { flowDifferences, flowsWithExternalId, operationDetail, type IfLinkExists } from './existingFlow';

/** How a flow that safe create did not create in this request was found. */
type Found = 'lostAnswer' | 'existing';

/**
 * The create answer rebuilt from a flow safe create found instead of creating it: `uuid`, `externalId`,
 * `createdAt`, `status`, `operations[]` (`uuid`, `externalId`, `status`, `url`, and the local `id` when the
 * external IDs match), and `recoveredAfterLostResponse: true` (found after a lost answer) or `alreadyExisted: true`
 * (created before, e.g. by an earlier execution). `details` are the operation details (§7.2) in the flow's order.
 * Each payer `url` is taken from them; the documented detail does not carry one (payer URLs are only in a create
 * answer, §6.1), so then this throws `NodeOperationError` naming the flow and its operations: an output with an
 * empty payment link must never reach an e-mail, and sending the create again would give the payer a second link.
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
	if (operations.length === 0 || operations.some((op) => op.url === undefined)) {
		const exists = `Flow ${String(flow.uuid)} exists (operations: ${found.map((op) => String(op.uuid)).join(', ') || 'none'}). `;
		throw new NodeOperationError(
			ctx.getNode(),
			how === 'lostAnswer'
				? `Flow ${externalId} was created, but its answer was lost and Zertiban does not return the payer URL (nor a PagaFactu PDF) again`
				: `A payment link for Flow External ID ${externalId} already exists (created ${String(flow.createdAt)}), and Zertiban does not return its payer URL (nor a PagaFactu PDF) again`,
			{
				itemIndex,
				description:
					how === 'lostAnswer'
						? `${exists}Do not simply run this item again: that would give the payer a second payment link. Take the link from the Zertiban portal, ` +
							'or cancel the operations (Operation → Cancel) and create the flow again under a new Flow External ID.'
						: `${exists}Take the link from the Zertiban portal, or set If Payment Link Exists to Create Another Link to give the payer a new one ` +
							'(cancel the old one with Operation → Cancel), or use a new Flow External ID.',
			},
		);
	}
	return {
		uuid: flow.uuid,
		externalId: flow.externalId,
		createdAt: flow.createdAt,
		...(flow.status === undefined ? {} : { status: flow.status }),
		operations,
		...(how === 'lostAnswer' ? { recoveredAfterLostResponse: true } : { alreadyExisted: true }),
	};
}

/** The operation details (§7.2) of `flow`, in its order (one GET each). */
async function detailsOf(ctx: IExecuteFunctions, flow: IDataObject, itemIndex: number): Promise<Array<IDataObject | undefined>> {
	const details: Array<IDataObject | undefined> = [];
	for (const op of (flow.paymentOperations as IDataObject[] | undefined) ?? []) details.push(await operationDetail(ctx, op.uuid, itemIndex));
	return details;
}

/**
 * What "If Payment Link Exists" does with the flows `existing` (oldest first, at least one) that Zertiban holds
 * under the item's Flow External ID: `fail` throws naming the item, the external ID and the flows; `returnExisting`
 * returns the newest flow that agrees with the payload (see {@link flowDifferences}; one detail GET per operation)
 * through {@link answerFrom}, and throws naming the differences when none agrees, so a flow made for another
 * purpose is never returned silently.
 */
async function handleExisting(ctx: IExecuteFunctions, existing: IDataObject[], payload: IDataObject, mode: 'returnExisting' | 'fail', itemIndex: number): Promise<IDataObject> {
	const externalId = String(payload.externalId);
	const flows = existing.map((flow) => `${String(flow.uuid)} (created ${String(flow.createdAt)})`).join(', ');
	if (mode === 'fail') {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: a payment link for Flow External ID ${externalId} already exists`, {
			itemIndex,
			description: `Zertiban holds flow ${flows} under this Flow External ID, so no new one was created (If Payment Link Exists: Fail). Use a new Flow External ID, or choose Return the Existing Link or Create Another Link.`,
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
 * there are some, `ifLinkExists` decides: return the existing link (default, see `handleExisting`), fail, or create
 * another. Then one multipart `POST`; when its answer is lost (network error, 408, 5xx) the flows are listed again
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
	ifLinkExists: IfLinkExists = 'returnExisting',
): Promise<IDataObject> {
	const parts: MultipartPart[] = [{ name: 'payload', json: payload }, ...files];
	const externalId = payload.externalId as string | undefined;
	const send = async () => await zertibanCreate.call(ctx, { method: 'POST', path, itemIndex }, parts);
	// Kept out of the error message: n8n rewrites messages that name a network code such as ECONNRESET.
	const lostReason = (failure: { status?: number; code?: string }) =>
		failure.status ? `Zertiban answered HTTP ${failure.status}` : `The connection failed (${failure.code ?? 'no answer'})`;

	const before = externalId ? await flowsWithExternalId(ctx, externalId, itemIndex) : [];
	if (before.length > 0 && ifLinkExists !== 'createAnother') return await handleExisting(ctx, before, payload, ifLinkExists, itemIndex);
	const known = new Set(before.map((flow) => String(flow.uuid)));
	/** A flow created by this item's create: new since the look-up and agreeing with the payload. */
	const createdMeanwhile = async (id: string) =>
		(await flowsWithExternalId(ctx, id, itemIndex)).reverse().find((flow) => !known.has(String(flow.uuid)) && flowDifferences(payload, flow).length === 0);
	const recovered = async (flow: IDataObject) => answerFrom(ctx, flow, await detailsOf(ctx, flow, itemIndex), payload, 'lostAnswer', itemIndex);

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
	const found = await createdMeanwhile(externalId);
	if (found) return await recovered(found);
	// Zertiban did not store it: sending again can no longer create a duplicate.
	const second = await send();
	if (!second.lost) return second.body;
	const foundLater = await createdMeanwhile(externalId);
	if (foundLater) return await recovered(foundLater);
	throw new NodeOperationError(
		ctx.getNode(),
		`The flow create got no answer twice and no flow ${externalId} exists`,
		{ itemIndex, description: `${lostReason(second.failure)}. Zertiban did not store the flow. Try again later.` },
	);
}
