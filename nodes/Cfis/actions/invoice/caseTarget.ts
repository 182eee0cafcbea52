import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';

/**
 * The case an invoice action is for (docs/cfis.md §4.5: `data.caseId` and/or `data.invoiceNumber`, positive
 * integers): Invoice → Add Actions and Invoice → Report Payment name it the same way.
 */
export interface CaseTarget {
	caseId?: number;
	invoiceNumber?: number;
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
			type: 'number',
			default: null,
			placeholder: 'e.g. 251601000',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			description: invoiceNumberDescription,
		},
	];
}

/**
 * Reads the Case ID and Invoice Number of item `itemIndex`: at least one, each a positive whole number. Throws the
 * input error naming the field and the item (nothing is sent).
 */
export function readCaseTarget(ctx: IExecuteFunctions, itemIndex: number): CaseTarget {
	const node = ctx.getNode();
	const caseId = Number(ctx.getNodeParameter('caseId', itemIndex, 0) || 0);
	const invoiceNumber = Number(ctx.getNodeParameter('invoiceNumber', itemIndex, 0) || 0);
	if (caseId <= 0 && invoiceNumber <= 0) throw inputError(node, 'Case ID', itemIndex, 'is empty; give the case ID or the invoice number');
	for (const [label, value] of [['Case ID', caseId], ['Invoice Number', invoiceNumber]] as const) {
		if (!Number.isInteger(value) || value < 0) throw inputError(node, label, itemIndex, `${value} is not a whole number`);
	}
	return { ...(caseId > 0 ? { caseId } : {}), ...(invoiceNumber > 0 ? { invoiceNumber } : {}) };
}
