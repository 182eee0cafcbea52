import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { zertibanCreate, zertibanRequest, type MultipartPart } from '../../transport';

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

/** The payer URL of an operation from its detail (`GET /flow/v1/operations/{uuid}`, docs/zertiban.md §7.2), if given. */
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
 * Creates a flow safely (a create is never sent again blindly, since a second create means a second payment link;
 * docs/zertiban.md §4.5: no idempotency key): one multipart `POST`; when its answer is lost (network error,
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
