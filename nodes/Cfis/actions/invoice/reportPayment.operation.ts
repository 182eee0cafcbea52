import { randomUUID } from 'node:crypto';
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep, updateDisplayOptions } from 'n8n-workflow';

import { inputError, settle } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { checkUuid } from '../../../shared/validators';
import { LedgerError, reportOnce, SendInDoubtError, type PaymentReport } from '../../record/ledger';
import { dataTableStore } from '../../record/store';
import { cfisRequest } from '../../transport';
import { CFIS_PATHS } from '../../transport/endpoints';
import { checkDigitsWanted, skipCheckDigitsOption } from '../common';
import { recordedCasePayments } from '../recordedPayments';
import { actionData, caseTargetProperties, readCaseTarget } from './caseTarget';
import { invoiceNumberOutput } from '../../transport/json';
import { directPaymentProperties, readDirectPayment } from './directPayment';

/** The record table's default name (an n8n data table made on first use). */
export const DEFAULT_RECORD_TABLE = 'Zertiban payment reports';
/** How long a claim is held before another execution may take it over, s (longer than one Direct Payment request). */
export const DEFAULT_LEASE_SECONDS = 300;
/** How long Confirma Finance is given to apply a Direct Payment before an unanswered one is looked for in the case, min. */
export const DEFAULT_PROCESSING_MINUTES = 60;
/** The Direct Payment request gives up after this long, ms, at most half the lease (so a live sender is never taken over). */
const SEND_TIMEOUT_MS = 60_000;

const properties: INodeProperties[] = [
	{
		displayName:
			'Reports each Zertiban payment to Confirma Finance exactly once, whatever the repeated deliveries, crashes and re-runs: a record in an n8n data table (credential Payment Record) holds one report per Zertiban operation, shared by every n8n process.',
		name: 'reportPaymentNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Zertiban Operation UUID',
		name: 'paymentKey',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 09af4b8b-05f6-4f7e-9a64-bbc61a16e27d',
		description: 'The paid Zertiban operation (payment link) this Direct Payment reports: the record keeps one report per operation',
	},
	...caseTargetProperties('The number of the paid invoice, when you do not have its Case ID'),
	...directPaymentProperties(),
	{ displayName: 'Comment', name: 'comment', type: 'string', default: '', description: 'Free text sent with the Direct Payment, e.g. the Zertiban operation' },
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		description: 'Settings of the payment record',
		options: [
			{
				displayName: 'Claim Lease (Seconds)',
				name: 'leaseSeconds',
				type: 'number',
				typeOptions: { minValue: 10, maxValue: 86400, numberPrecision: 0 },
				default: DEFAULT_LEASE_SECONDS,
				description:
					'How long a report in progress is left to its execution before another one (e.g. the sweep) may take it over. Sending the Direct Payment waits at most half of it (and at most 60 s).',
			},
			{
				displayName: 'Processing Time (Minutes)',
				name: 'processingMinutes',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10080, numberPrecision: 0 },
				default: DEFAULT_PROCESSING_MINUTES,
				description:
					'When an execution stopped after its Direct Payment may have reached Confirma Finance, the case is read only after this time: found there, the report is complete; missing, it is sent again. Must exceed the time Confirma Finance takes to apply an action.',
			},
			{
				displayName: 'Record Table',
				name: 'recordTable',
				type: 'string',
				default: DEFAULT_RECORD_TABLE,
				description: 'Name of the n8n data table holding the record; made on first use. Every workflow reporting the same payments must use the same table.',
			},
			skipCheckDigitsOption,
		],
	},
];

/** What Report Payment needs for one item. */
export interface ReportInput {
	report: PaymentReport;
	data: IDataObject;
	comment: string;
	table: string;
	leaseMs: number;
	processingMs: number;
}

/** HTTP statuses that prove Confirma Finance queued nothing (docs/cfis.md §9): the claim can be released. */
const REFUSED = new Set([400, 401, 402, 403, 404, 409, 422, 429]);

/**
 * Invoice → Report Payment: one Zertiban payment reported as a DIRECTPAYMENT action (`POST /invoice/action`,
 * docs/cfis.md §4.5) exactly once, through the payment record (nodes/Cfis/record/ledger.ts; an n8n data table,
 * docs/n8n.md §2) and, as a second check, the case's recorded payments (§4.6). Output: `{ outcome, reportedNow,
 * paymentKey, caseId, invoiceNumber (a number, or the digit string beyond 2^53 − 1), amount, currency, paymentDate,
 * state, recordId, detail }` plus `actions` (the API's answer) when this execution sent it. `reportedNow` is true for `reported` and `recovered`: this execution
 * completed the report (tell the ERP then). Throws, naming the item, when a person must look (the record holds a
 * different report for the operation, or a report is in doubt and the case shows no payments list) and when the
 * Direct Payment's answer was lost (the report stays in doubt; the sweep settles it).
 */
export const reportPayment: OperationModule<ReportInput> = {
	description: updateDisplayOptions({ show: { resource: ['invoice'], operation: ['reportPayment'] } }, properties),
	prepare(itemIndex) {
		const node = this.getNode();
		const paymentKey = String(this.getNodeParameter('paymentKey', itemIndex, '') ?? '').trim();
		const problem = checkUuid(paymentKey);
		if (problem) throw inputError(node, 'Zertiban Operation UUID', itemIndex, problem);
		const target = readCaseTarget(this, itemIndex);
		const values = Object.fromEntries(
			['amount', 'currency', 'paymentDate', 'paymentMethod', 'reference', 'outstandingCapitalAmount', 'outstandingInterestAmount', 'outstandingCostsAmount'].map((name) => [
				name,
				this.getNodeParameter(name, itemIndex, null) as IDataObject[string],
			]),
		);
		const data = readDirectPayment(this, itemIndex, values, (field) => field, checkDigitsWanted(this, itemIndex));
		const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const table = String(options.recordTable ?? DEFAULT_RECORD_TABLE).trim();
		if (!table) throw inputError(node, 'Record Table', itemIndex, 'is empty; name the data table of the payment record');
		return {
			report: {
				paymentKey: paymentKey.toLowerCase(),
				...target,
				amount: Number(data.amount),
				currency: String(data.currency),
				paymentDate: String(data.paymentDate),
				reference: String(data.reference),
			},
			data,
			comment: String(this.getNodeParameter('comment', itemIndex, '') ?? ''),
			table,
			leaseMs: Number(options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000,
			processingMs: Number(options.processingMinutes ?? DEFAULT_PROCESSING_MINUTES) * 60_000,
		};
	},
	async execute({ report, data, comment, table, leaseMs, processingMs }, itemIndex) {
		const target = { caseId: report.caseId, invoiceNumber: report.invoiceNumber };
		const confirma = {
			recorded: async () => {
				const found = await recordedCasePayments.call(this, target, itemIndex);
				if (!found) throw new NodeOperationError(this.getNode(), `Confirma Finance has no case for invoice ${report.invoiceNumber ?? '?'}: nothing was sent (item ${itemIndex})`, { itemIndex });
				return found;
			},
			// Only the payment's own fields of the record row (the ledger hands over the whole row): none of the record's
			// bookkeeping (key, owner, state, the invoice number column) goes into the Direct Payment.
			send: async (caseId: number, { amount, currency, paymentDate, reference }: { amount: number; currency: string; paymentDate: string; reference: string }) =>
				await cfisRequest.call(this, {
					method: 'POST',
					path: CFIS_PATHS.invoiceAction,
					body: { actions: [{ code: 'DIRECTPAYMENT', comment, data: actionData({ caseId, ...(report.invoiceNumber ? { invoiceNumber: report.invoiceNumber } : {}), ...data, amount, currency, paymentDate, reference }) }] },
					itemIndex,
					idempotent: false,
					timeoutMs: Math.min(SEND_TIMEOUT_MS, leaseMs / 2),
					hints: {
						402: { message: 'Confirma Finance refused the Direct Payment: the case no longer takes actions (402)', hint: 'The case is withdrawn or closed; Invoice → Get Case shows its status.' },
						404: { message: 'Confirma Finance has no case for this case ID or invoice number (404)', hint: 'Check the Case ID / Invoice Number; only invoices under payment control have a case.' },
					},
				}),
			refused: (error: unknown) => error instanceof NodeApiError && REFUSED.has(Number(error.httpCode)),
		};
		const options = { owner: randomUUID(), executionId: String(this.getExecutionId() ?? ''), leaseMs, processingMs, now: () => Date.now(), pause: sleep };
		const done = await settle(async () => await reportOnce(dataTableStore(this, table, itemIndex), confirma, report, options));
		if (done.ok) {
			const { outcome, row, answer, detail } = done.value;
			return {
				outcome,
				reportedNow: outcome === 'reported' || outcome === 'recovered',
				paymentKey: row.paymentKey,
				caseId: row.caseId,
				invoiceNumber: invoiceNumberOutput(row.invoiceNumber ?? report.invoiceNumber ?? null),
				amount: row.amount,
				currency: row.currency,
				paymentDate: row.paymentDate,
				state: row.state,
				recordId: row.id,
				detail,
				...(answer ? { actions: answer.actions ?? null } : {}),
			};
		}
		const { error } = done;
		if (error instanceof LedgerError) {
			throw new NodeOperationError(this.getNode(), `${error.message} (item ${itemIndex})`, {
				itemIndex,
				description: error.needsReview
					? `A person must look at this payment in Confirma Finance and in the data table "${table}"; the record does not send a Direct Payment it cannot prove is missing.`
					: 'Nothing was sent by this execution; the next report of this payment (a repeated event or the sweep) finishes it.',
			});
		}
		if (error instanceof SendInDoubtError) {
			throw new NodeOperationError(this.getNode(), `The Direct Payment for Zertiban payment ${report.paymentKey} may or may not have reached Confirma Finance: ${error.message} (item ${itemIndex})`, {
				itemIndex,
				description: 'The record keeps it in doubt and never sends it again blindly: once the processing time has passed, the next report (the sweep) reads the case and sends it again only if it is missing.',
			});
		}
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	},
};
