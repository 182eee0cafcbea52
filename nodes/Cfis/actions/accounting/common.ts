import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { readText } from '../../../shared/params';
import type { OperationModule } from '../../../shared/runner';
import { CFIS_QUERY } from '../../transport/endpoints';
import { recordsOf } from '../../transport/listing';
import { cfisRequest } from '../../transport';

/**
 * A Get … Status operation of the accounting sync (docs/cfis.md §4.10): `GET <path>[?sourceIdentifier=]`, one output
 * item per record of `answer[listKey]` `{ sourceIdentifier, …, syncDate, status (0 pending, 1 synced, 2 failed
 * [I]), description }`; no items when the API answers 204 No Content. `operation` is the operation value.
 */
export function syncStatusOperation(operation: string, path: string, listKey: string, noun: string): OperationModule<{ sourceIdentifier: string }> {
	const properties: INodeProperties[] = [
		{
			displayName: 'Source Identifier',
			name: 'sourceIdentifier',
			type: 'string',
			default: '',
			description: `Only the ${noun} with this identifier (the one you submitted); empty = all`,
		},
	];
	return {
		description: updateDisplayOptions({ show: { resource: ['accounting'], operation: [operation] } }, properties),
		prepare(itemIndex) {
			return { sourceIdentifier: readText(this, 'sourceIdentifier', itemIndex) };
		},
		async execute({ sourceIdentifier }, itemIndex) {
			const answer = await cfisRequest.call(this, {
				method: 'GET',
				path,
				qs: sourceIdentifier ? { [CFIS_QUERY.sourceIdentifier]: sourceIdentifier } : {},
				itemIndex,
			});
			return recordsOf(listKey)(answer);
		},
	};
}
