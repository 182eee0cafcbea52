import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { zertibanRequest, zertibanRequestAllItems } from '../../transport';

/** What a create does when Zertiban already holds a flow under its Flow External ID (see {@link IF_LINK_EXISTS_FIELD}). */
export type IfLinkExists = 'returnExisting' | 'fail' | 'createAnother';

/**
 * The "If Payment Link Exists" parameter of both creates (Flow → Create, Flow → Create PagaFactu): safe create
 * looks the Flow External ID up before every create, across executions (issue 10, defect 5).
 */
export const IF_LINK_EXISTS_FIELD: INodeProperties = {
	displayName: 'If Payment Link Exists',
	name: 'ifLinkExists',
	type: 'options',
	options: [
		{
			name: 'Return the Existing Link',
			value: 'returnExisting',
			description:
				'Output the flow already created under this Flow External ID (e.g. by an earlier run of this workflow) instead of creating a second one. The item fails if that flow differs (amount, currency, payment type…) or if Zertiban no longer gives its payment link.',
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
	default: 'returnExisting',
	description:
		'What to do when Zertiban already holds a flow with this Flow External ID, for example after a re-run of a failed execution. Zertiban itself accepts the same external ID twice, so the node looks it up before each create. Needs a Flow External ID.',
};

const IF_LINK_EXISTS_VALUES: readonly string[] = ['returnExisting', 'fail', 'createAnother'];

/**
 * The item's "If Payment Link Exists" value; a value set by expression must be one of the three (throws the
 * input error naming the field and the item, before any request).
 */
export function readIfLinkExists(ctx: IExecuteFunctions, itemIndex: number): IfLinkExists {
	const value = ctx.getNodeParameter('ifLinkExists', itemIndex, 'returnExisting');
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
		{ method: 'GET', path: '/flow/v1/flows', qs: { q_externalId: externalId, sort_by: 'createdAt', sort_dir: 'ASC' }, itemIndex },
		{ returnAll: true, limit: 0 },
	);
	return flows.filter((flow) => flow.externalId === externalId);
}

/** The operation detail (`GET /flow/v1/operations/{uuid}`, docs/zertiban.md §7.2), or undefined when it cannot be read. */
export async function operationDetail(ctx: IExecuteFunctions, uuid: unknown, itemIndex: number): Promise<IDataObject | undefined> {
	try {
		return await zertibanRequest.call(ctx, { method: 'GET', path: `/flow/v1/operations/${String(uuid)}`, itemIndex });
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
