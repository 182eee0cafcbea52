import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { CFIS_PATHS, CFIS_QUERY } from '../../endpoints';
import { fetchInWindows, recordsOf } from '../../listing';
import { periodProperties, readLimit, readPeriod } from '../common';
import { pagingProperties } from '../../../shared/paging';

const properties: INodeProperties[] = [
	{
		displayName: 'Unfetched Only',
		name: 'unfetchedOnly',
		type: 'boolean',
		default: false,
		description:
			'Whether to return only settlements this client has not fetched before (Confirma Finance marks them fetched). All of them are returned, so no limit applies.',
	},
	...periodProperties('fromDate', 'toDate'),
	...pagingProperties.map((property) => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...property.displayOptions?.show, unfetchedOnly: [false] } },
	})),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return each settlement without its allocations (with allocationCount instead)',
	},
];

/** What Get Many reads for one item. */
export interface SettlementInput {
	unfetchedOnly: boolean;
	period: { from?: string; to?: string };
	limit?: number;
	simplify: boolean;
}

/**
 * Settlement → Get Many: `GET /settlements?fromDate&toDate&unfetchedOnly` (cfis.md §4.9; period names [I]). One
 * output item per settlement `{ settlementId, settlementDate, agency, remittanceReference, beneficiary,
 * settlementAmount, currency, apiFetchDate, allocations[] }`, amounts in decimal currency units. With
 * *Unfetched Only* the server marks what it returns as fetched, so every returned settlement is output (no limit).
 */
export const getMany: OperationModule<SettlementInput> = {
	description: updateDisplayOptions({ show: { resource: ['settlement'], operation: ['getMany'] } }, properties),
	prepare(itemIndex) {
		const unfetchedOnly = this.getNodeParameter('unfetchedOnly', itemIndex, false) as boolean;
		return {
			unfetchedOnly,
			period: readPeriod.call(this, itemIndex, 'fromDate', 'toDate'),
			limit: unfetchedOnly ? undefined : readLimit.call(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, false) as boolean,
		};
	},
	async execute({ unfetchedOnly, period, limit, simplify }, itemIndex) {
		const settlements = await fetchInWindows.call(this, itemIndex, {
			path: CFIS_PATHS.settlements,
			fromParam: CFIS_QUERY.fromDate,
			toParam: CFIS_QUERY.toDate,
			period,
			qs: unfetchedOnly ? { [CFIS_QUERY.unfetchedOnly]: true } : {},
			records: recordsOf('settlements'),
			limit,
		});
		if (!simplify) return settlements;
		return settlements.map(({ allocations, ...summary }) => ({
			...summary,
			allocationCount: Array.isArray(allocations) ? allocations.length : 0,
		})) as IDataObject[];
	},
};
