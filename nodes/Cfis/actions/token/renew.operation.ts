import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { cfisRequest } from '../../transport';
import { readTokenOverride, tokenSourceProperties } from './common';

/** Where the new token may be in the `/renew` answer, in order (docs/cfis.md §4.3: the docs show only `Message`). */
const TOKEN_FIELDS = ['accessToken', 'token', 'Message', 'message'];

/**
 * Token → Renew: `GET /renew` (docs/cfis.md §4.3), also for an expired token. The old token stops working at once,
 * so the request is never retried and the items run one at a time. Output `{ accessToken, previousTokenRevoked: true, message }` where the
 * message says which credential to update; n8n cannot update a credential from a workflow.
 */
export const renew: OperationModule<{ apiKey?: string }> = {
	notForAgents: 'it revokes the access token the credential holds and outputs the new one in plain text',
	description: updateDisplayOptions({ show: { resource: ['token'], operation: ['renew'] } }, tokenSourceProperties),
	oneAtATime: true,
	prepare(itemIndex) {
		return { apiKey: readTokenOverride(this, itemIndex) };
	},
	async execute({ apiKey }, itemIndex) {
		const answer = await cfisRequest.call(this, { method: 'GET', path: '/renew', apiKey, itemIndex, idempotent: false });
		const accessToken = TOKEN_FIELDS.map((field) => answer[field]).find((value) => typeof value === 'string' && value.trim() !== '');
		if (typeof accessToken !== 'string') {
			throw new NodeApiError(this.getNode(), { fields: Object.keys(answer) } as IDataObject as never, {
				message: 'Confirma Finance renewed the token but its answer holds no token this node recognises',
				description: `Looked for ${TOKEN_FIELDS.join(', ')}; the answer had: ${Object.keys(answer).join(', ') || 'no fields'}. The old token may already be revoked: contact Confirma Finance.`,
				itemIndex,
			});
		}
		return {
			accessToken,
			previousTokenRevoked: true,
			message: apiKey
				? 'The token given in the node was replaced: store this new access token where your system keeps it; the old one no longer works.'
				: 'The token in the Confirma Finance API credential no longer works: open the credential and paste this new access token into Access Token.',
		};
	},
};
