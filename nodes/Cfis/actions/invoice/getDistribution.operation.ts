import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS, CFIS_QUERY } from '../../transport/endpoints';
import { fetchInWindows, recordsOf } from '../../transport/listing';
import { periodProperties, readInvoiceNumber, readLimit, readPeriod } from '../common';
import { pagingProperties } from '../../../shared/paging';

const properties: INodeProperties[] = [
	{
		displayName: 'Invoice Number',
		name: 'invoiceNumber',
		type: 'string',
		default: '',
		description: 'Only this invoice (1 to 18 digits). Confirma Finance looks for it among the invoices dated in the period below, or in the last 30 days when no dates are given: give the dates for an older invoice.',
	},
	...periodProperties('fromInvDate', 'toInvDate'),
	{
		displayName: 'Delivery Status',
		name: 'fetchType',
		type: 'options',
		options: [
			{ name: 'All', value: 'ALL', description: 'Every delivery record' },
			{ name: 'Failed', value: 'FAILED', description: 'Delivery failed: fix the delivery data and send again' },
			{ name: 'Pending', value: 'PENDING', description: 'Not delivered yet' },
			{ name: 'Successful', value: 'SUCCESS', description: 'Delivered to the buyer' },
		],
		default: 'ALL',
		description: 'Which delivery records to return, by their delivery status',
	},
	...pagingProperties,
];

/** What Get Distribution reads for one item. */
export interface DistributionInput {
	invoiceNumber: string;
	period: { from?: string; to?: string };
	fetchType: string;
	limit?: number;
}

/**
 * Invoice → Get Distribution: `GET /invoice/distribution` (docs/cfis.md §4.7; parameter names from `filtersApplied`,
 * record list `data` [I]). One output item per distribution record `{ invoiceNumber, invoiceDate, caseId,
 * distributionMethod, distributionStatus, distributedAt, errorMessage, paymentControlStatus, invoiceStatus }`.
 * Invoice-date periods longer than 30 days are fetched as consecutive windows. The period applies to a lookup by
 * invoice number too: without dates Confirma Finance searches the last 30 days only (§4.7, §10 `defaultLast30Day…`).
 */
export const getDistribution: OperationModule<DistributionInput> = {
	description: updateDisplayOptions({ show: { resource: ['invoice'], operation: ['getDistribution'] } }, properties),
	prepare(itemIndex) {
		const invoiceNumber = readInvoiceNumber(this, 'invoiceNumber', 'Invoice Number', itemIndex);
		return {
			invoiceNumber,
			period: readPeriod(this, itemIndex, 'fromInvDate', 'toInvDate'),
			fetchType: this.getNodeParameter('fetchType', itemIndex, 'ALL') as string,
			limit: readLimit(this, itemIndex),
		};
	},
	async execute({ invoiceNumber, period, fetchType, limit }, itemIndex) {
		const qs: IDataObject = { [CFIS_QUERY.fetchType]: fetchType };
		if (invoiceNumber) qs[CFIS_QUERY.invoiceNumber] = invoiceNumber;
		return await fetchInWindows.call(this, itemIndex, {
			path: CFIS_PATHS.invoiceDistribution,
			fromParam: CFIS_QUERY.fromInvDate,
			toParam: CFIS_QUERY.toInvDate,
			period,
			qs,
			records: recordsOf('data'),
			limit,
		});
	},
};
