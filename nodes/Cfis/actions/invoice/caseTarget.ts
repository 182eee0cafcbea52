import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import { readInvoiceNumber } from '../common';
import { invoiceNumberOutput, JsonInteger } from '../../transport/json';

/**
 * The case an invoice action is for (docs/cfis.md §4.5: `data.caseId` and/or `data.invoiceNumber`, positive
 * integers): Invoice → Add Actions and Invoice → Report Payment name it the same way. `invoiceNumber` is its digit
 * string (1 to 18 digits, docs/cfis.md §10), written into the request as a JSON integer (transport/json.ts).
 */
export interface CaseTarget {
	caseId?: number;
	invoiceNumber?: string;
}

/** The Case ID and Invoice Number fields; `invoiceNumberDescription` says which invoice the operation means. */
export function caseTargetProperties(invoiceNumberDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Case ID',
			name: 'caseId',
			type: 'number',
			default: null,
			placeholder: 'e.g. 104233',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			description: 'The agency case of the invoice, a positive whole number (caseId from Invoice → Create or Get Distribution). Give this or the Invoice Number.',
		},
		{
			displayName: 'Invoice Number',
			name: 'invoiceNumber',
			type: 'string',
			default: '',
			placeholder: 'e.g. 251601000',
			description: `${invoiceNumberDescription} (1 to 18 digits)`,
		},
	];
}

/**
 * Reads the Case ID and Invoice Number of item `itemIndex`: at least one; the case ID a positive whole number, the
 * invoice number 1 to 18 digits (`readInvoiceNumber`; a number from an expression beyond 2^53 − 1 is refused). Throws
 * the input error naming the field and the item (nothing is sent).
 */
export function readCaseTarget(ctx: IExecuteFunctions, itemIndex: number): CaseTarget {
	const node = ctx.getNode();
	const caseId = Number(ctx.getNodeParameter('caseId', itemIndex, 0) || 0);
	const invoiceNumber = readInvoiceNumber(ctx, 'invoiceNumber', 'Invoice Number', itemIndex);
	if (caseId <= 0 && !invoiceNumber) throw inputError(node, 'Case ID', itemIndex, 'is empty; give the case ID or the invoice number');
	if (!Number.isInteger(caseId) || caseId < 0) throw inputError(node, 'Case ID', itemIndex, `${caseId} is not a whole number`);
	return { ...(caseId > 0 ? { caseId } : {}), ...(invoiceNumber ? { invoiceNumber } : {}) };
}

/**
 * An action's `data` as `POST /invoice/action` takes it (docs/cfis.md §4.5, §10): a copy whose `invoiceNumber`
 * (a digit string) is written as a JSON integer of the same digits.
 */
export function actionData(data: IDataObject): IDataObject {
	return typeof data.invoiceNumber === 'string' && data.invoiceNumber ? { ...data, invoiceNumber: new JsonInteger(data.invoiceNumber) as unknown as IDataObject } : data;
}

/** An action's `data` as the node outputs it: `invoiceNumber` a number, or its digit string beyond 2^53 − 1. */
export function actionDataOutput(data: IDataObject): IDataObject {
	return typeof data.invoiceNumber === 'string' && data.invoiceNumber ? { ...data, invoiceNumber: invoiceNumberOutput(data.invoiceNumber) } : data;
}
