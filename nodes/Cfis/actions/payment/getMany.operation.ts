import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS, CFIS_QUERY } from '../../transport/endpoints';
import { fetchInWindows, recordsOf } from '../../transport/listing';
import { periodProperties, readLimit, readPeriod } from '../common';
import { pagingProperties } from '../../../shared/paging';

const properties: INodeProperties[] = [...periodProperties('fromDate', 'toDate'), ...pagingProperties];

/**
 * Payment → Get Many: `GET /payments?fromDate&toDate` (docs/cfis.md §4.8), payments the agency allocated before
 * settlement (preliminary: Settlement → Get Many is the source of truth). One output item per payment
 * `{ caseId, invoiceNumber, invoicePaymentReference, originalPaymentReference, accountName, bookingDate,
 * paymentDate, amount (decimal currency units), currency }`. Periods over 30 days are fetched window by window.
 */
export const getMany: OperationModule<{ period: { from?: string; to?: string }; limit?: number }> = {
	description: updateDisplayOptions({ show: { resource: ['payment'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		return { period: readPeriod(this, itemIndex, 'fromDate', 'toDate'), limit: readLimit(this, itemIndex) };
	},
	async execute({ period, limit }, itemIndex) {
		return await fetchInWindows.call(this, itemIndex, {
			path: CFIS_PATHS.payments,
			fromParam: CFIS_QUERY.fromDate,
			toParam: CFIS_QUERY.toDate,
			period,
			records: recordsOf(),
			limit,
		});
	},
};
