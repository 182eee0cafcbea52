import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS, CFIS_QUERY } from '../../transport/endpoints';
import { fetchInWindows, recordsOf } from '../../transport/listing';
import { periodProperties, readPeriod } from '../common';

const properties: INodeProperties[] = [
	{
		displayName: 'Unfetched Only',
		name: 'unfetchedOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only settlements this client has not fetched before. Every read marks the settlements it returns as fetched, so every settlement read is output (there is no limit).',
	},
	...periodProperties('fromDate', 'toDate'),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

/** What Get Many reads for one item. */
export interface SettlementInput {
	unfetchedOnly: boolean;
	period: { from?: string; to?: string };
	simplify: boolean;
}

/**
 * Settlement → Get Many: `GET /settlements?fromDate&toDate&unfetchedOnly` (docs/cfis.md §4.9; period names [I]). One
 * output item per settlement `{ settlementId, settlementDate, agency, remittanceReference, beneficiary,
 * settlementAmount, currency, apiFetchDate, allocations[] }`, amounts in decimal currency units. Any read marks the
 * settlements it returns as fetched (our reading of §4.9 [I], so a later *Unfetched Only* read skips them), hence
 * there is no *Limit* / *Return All*: every settlement the server returned is output, never dropped.
 */
export const getMany: OperationModule<SettlementInput> = {
	description: updateDisplayOptions({ show: { resource: ['settlement'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		return {
			unfetchedOnly: this.getNodeParameter('unfetchedOnly', itemIndex, false) as boolean,
			period: readPeriod(this, itemIndex, 'fromDate', 'toDate'),
			simplify: this.getNodeParameter('simplify', itemIndex, false) as boolean,
		};
	},
	async execute({ unfetchedOnly, period, simplify }, itemIndex) {
		const settlements = await fetchInWindows.call(this, itemIndex, {
			path: CFIS_PATHS.settlements,
			fromParam: CFIS_QUERY.fromDate,
			toParam: CFIS_QUERY.toDate,
			period,
			qs: unfetchedOnly ? { [CFIS_QUERY.unfetchedOnly]: true } : {},
			records: recordsOf('settlements'),
		});
		if (!simplify) return settlements;
		return settlements.map(({ allocations, ...summary }) => ({
			...summary,
			allocationCount: Array.isArray(allocations) ? allocations.length : 0,
		})) as IDataObject[];
	},
};
