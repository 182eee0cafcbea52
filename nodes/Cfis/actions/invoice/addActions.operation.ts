import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { readCalendarDate } from '../../../shared/dates';
import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS } from '../../transport/endpoints';
import { cfisRequest } from '../../transport';
import { checkDigitsWanted, skipCheckDigitsOption } from '../common';
import { directPaymentProperties, readDirectPayment } from './directPayment';
import { actionData, actionDataOutput, caseTargetProperties, readCaseTarget, type CaseTarget } from './caseTarget';
import { alreadyRecorded, recordedCasePayments, skipRecordedOption, skipRecordedWanted } from '../recordedPayments';

const onlyFor = (code: string) => ({ show: { code: [code] } });
const properties: INodeProperties[] = [
	...caseTargetProperties('The number of the invoice the actions are for, when you do not have its Case ID'),
	{
		displayName: 'Actions',
		name: 'actions',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Action',
		default: {},
		required: true,
		description: 'The actions to queue, in order. Confirma Finance processes them asynchronously.',
		options: [
			{
				displayName: 'Action',
				name: 'action',
				values: [
					{
						displayName: 'Action',
						name: 'code',
						type: 'options',
						options: [
							{
								name: 'Comment',
								value: 'COMMENT',
								description: 'Add a note to the case',
							},
							{
								name: 'Direct Payment',
								value: 'DIRECTPAYMENT',
								description: 'Report a payment the creditor received directly',
							},
							{
								name: 'Extend Due Date',
								value: 'DUEDATE',
								description: 'Move the case due date (not the invoice due date)',
							},
							{
								name: 'Objection',
								value: 'OBJECTION',
								description: 'Register the debtor\'s objection (explain it in the comment)',
							},
							{
								name: 'Pause',
								value: 'PAUSE',
								description: 'Pause the case proceedings',
							},
							{
								name: 'Payment Plan',
								value: 'PAYMENTPLAN',
								description: 'Allow the debtor a payment plan',
							},
							{
								name: 'Withdraw',
								value: 'WITHDRAW',
								description: 'Recall the case',
							},
						],
						default: 'COMMENT',
						description: 'What to do with the case',
					},
					// The other fields in alphabetical order, as n8n's editor lists them.
					...[
						{ displayName: 'Comment', name: 'comment', type: 'string', default: '', description: 'Free text sent with the action' } as INodeProperties,
						{ displayName: 'New Case Due Date', name: 'dueDate', type: 'dateTime', typeOptions: { dateOnly: true }, default: '', description: "The new due date of the case: the day in the workflow's time zone (sent as YYYY-MM-DD)", displayOptions: onlyFor('DUEDATE') } as INodeProperties,
						...directPaymentProperties({ displayOptions: onlyFor('DIRECTPAYMENT') }),
					].sort((a, b) => a.displayName.localeCompare(b.displayName)),
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings of how this node checks its input and repeated payments',
		options: [skipCheckDigitsOption, skipRecordedOption],
	},
];

/** What Add Actions sends for one item, the case it targets, and whether the already-recorded guard is on. */
export interface AddActionsInput {
	body: { actions: Array<{ code: string; comment: string; data: IDataObject }> };
	target: CaseTarget;
	skipRecorded: boolean;
}

/**
 * Invoice → Add Actions: `POST /invoice/action` (docs/cfis.md §4.5) with `{ actions: [{ code, comment, data }] }` for
 * one case; `data` carries `caseId` and/or `invoiceNumber` (JSON integers, as the docs show; the invoice number
 * written exactly from its 1 to 18 digits) plus the code's fields:
 * `dueDate` (DUEDATE); `paymentMethod`, `amount`, `currency`, `paymentDate`, `reference` and the three outstanding
 * amounts (DIRECTPAYMENT, all amounts decimal currency units). Output: the API's answer (one result per action).
 *
 * With *Options → Skip Payments Already Recorded* (on by default) the case is read first (found by invoice number
 * through the distribution records when no case ID is given): a DIRECTPAYMENT whose amount, date and reference the
 * case already records is not sent. The output then carries `skipped` (true when nothing was sent: `{ skipped,
 * reason, caseId, skippedActions }`) and `skippedActions`.
 */
export const addActions: OperationModule<AddActionsInput> = {
	oneAtATime: true,
	description: updateDisplayOptions({ show: { resource: ['invoice'], operation: ['addActions'] } }, properties),
	prepare(itemIndex) {
		const node = this.getNode();
		const target = readCaseTarget(this, itemIndex);
		const list = ((this.getNodeParameter('actions', itemIndex, {}) as IDataObject).action ?? []) as IDataObject[];
		if (list.length === 0) throw inputError(node, 'Actions', itemIndex, 'is empty; add at least one action');
		const strict = { checkDigit: checkDigitsWanted(this, itemIndex) };
		const actions = list.map((action, position) => {
			const at = (field: string) => `Actions → Action ${position + 1} → ${field}`;
			const code = String(action.code);
			const data: IDataObject = { ...target };
			if (code === 'DUEDATE') data.dueDate = readCalendarDate(this, action.dueDate, at('New Case Due Date'), itemIndex, { required: true });
			if (code === 'DIRECTPAYMENT') Object.assign(data, readDirectPayment(this, itemIndex, action, at, strict.checkDigit));
			return { code, comment: String(action.comment ?? ''), data };
		});
		return { body: { actions }, target, skipRecorded: skipRecordedWanted(this, itemIndex) };
	},
	async execute({ body, target, skipRecorded }, itemIndex) {
		const payments = body.actions.filter((action) => action.code === 'DIRECTPAYMENT');
		let actions = body.actions;
		let skippedActions: typeof actions = [];
		let caseId = target.caseId;
		if (skipRecorded && payments.length > 0) {
			const recorded = await recordedCasePayments.call(this, target, itemIndex);
			if (recorded && !recorded.payments) {
				throw new NodeOperationError(
					this.getNode(),
					`Confirma Finance's case ${recorded.caseId} shows no payments list, so Skip Payments Already Recorded cannot tell whether this payment is recorded: nothing was sent (item ${itemIndex})`,
					{
						itemIndex,
						description:
							'Use Invoice → Report Payment, which reports each Zertiban payment exactly once through the payment record, or switch the option off to send the Direct Payment without this check.',
					},
				);
			}
			if (recorded?.payments) {
				caseId = recorded.caseId;
				const key = (action: (typeof actions)[number]) => ({ amount: Number(action.data.amount), date: String(action.data.paymentDate), reference: String(action.data.reference ?? '') });
				const flags = alreadyRecorded(payments.map(key), recorded.payments);
				const skip = new Set(payments.filter((_, i) => flags[i]));
				skippedActions = actions.filter((action) => skip.has(action)).map((action) => ({ ...action, data: actionDataOutput(action.data) }));
				actions = actions.filter((action) => !skip.has(action));
			}
		}
		if (actions.length === 0) {
			return {
				skipped: true,
				reason: `Confirma Finance already records this payment on case ${caseId} (same invoice, amount, date and reference): nothing was sent`,
				caseId: caseId ?? null,
				skippedActions,
			};
		}
		const answer = await cfisRequest.call(this, {
			method: 'POST',
			path: CFIS_PATHS.invoiceAction,
			body: { actions: actions.map((action) => ({ ...action, data: actionData(action.data) })) },
			itemIndex,
			idempotent: false,
			hints: {
				402: { message: 'Confirma Finance refused the actions: the case no longer takes actions (402)', hint: 'The case is withdrawn or closed; Invoice → Get Case shows its status.' },
				404: { message: 'Confirma Finance has no case for this case ID or invoice number (404)', hint: 'Check the Case ID / Invoice Number; only invoices under payment control have a case.' },
			},
		});
		return skippedActions.length > 0 ? { ...answer, skipped: false, skippedActions } : answer;
	},
};
