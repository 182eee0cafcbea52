import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inputError } from '../../../shared/errors';
import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS, CFIS_QUERY } from '../../transport/endpoints';
import { cfisRequest } from '../../transport';

const properties: INodeProperties[] = [
	{
		displayName: 'Case ID',
		name: 'caseId',
		type: 'number',
		default: null,
		required: true,
		placeholder: 'e.g. 104233',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		description: 'The agency case, a positive whole number: caseId from Invoice → Create or Get Distribution',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

/**
 * Invoice → Get Case: `GET /invoice/case?caseId=` (docs/cfis.md §4.6; parameter name [I]). Output: the `case` object
 * — `summary` (status, stage, dates), `balance` (capital, interest, costs; decimal currency units) and, unless
 * *Simplify*, `payments`, `events` and `invoice`.
 */
export const getCase: OperationModule<{ caseId: number; simplify: boolean }> = {
	description: updateDisplayOptions({ show: { resource: ['invoice'], operation: ['getCase'] } }, properties),
	prepare(itemIndex) {
		const raw = this.getNodeParameter('caseId', itemIndex, null);
		if (raw === null || raw === '') throw inputError(this.getNode(), 'Case ID', itemIndex, 'is empty; give the caseId from Invoice → Create or Get Distribution');
		const caseId = Number(raw);
		if (!Number.isInteger(caseId) || caseId <= 0) throw inputError(this.getNode(), 'Case ID', itemIndex, `${caseId} is not a case ID (a positive whole number)`);
		return { caseId, simplify: this.getNodeParameter('simplify', itemIndex, false) as boolean };
	},
	async execute({ caseId, simplify }, itemIndex) {
		const answer = await cfisRequest.call(this, {
			method: 'GET',
			path: CFIS_PATHS.invoiceCase,
			qs: { [CFIS_QUERY.caseId]: caseId },
			itemIndex,
			hints: { 404: { message: `Confirma Finance has no case ${caseId} (404)`, hint: 'Check the Case ID; only invoices under payment control have a case.' } },
		});
		const found = (answer.case ?? answer) as IDataObject;
		return simplify ? { summary: found.summary, balance: found.balance } : found;
	},
};
