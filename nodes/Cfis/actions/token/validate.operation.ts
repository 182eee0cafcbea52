import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, updateDisplayOptions } from 'n8n-workflow';

import type { OperationModule } from '../../../shared/runner';
import { cfisRequest } from '../../transport';
import { readTokenOverride, tokenSourceProperties } from './common';

/**
 * Token → Validate: `GET /validate` (docs/cfis.md §4.2). Output `{ isValid, message }`. An active token gives
 * `isValid: true`; an expired one `isValid: false`. A token the service does not know (never issued, or revoked
 * by a renewal) or that is not a client token (the provisioning token works only for `POST /client`, §2.2) answers 401, which this operation reports as `{ isValid: false, httpCode: '401', message }`
 * instead of failing: finding that out is the point of validating.
 */
export const validate: OperationModule<{ apiKey?: string }> = {
	description: updateDisplayOptions({ show: { resource: ['token'], operation: ['validate'] } }, tokenSourceProperties),
	prepare(itemIndex) {
		return { apiKey: readTokenOverride(this, itemIndex) };
	},
	async execute({ apiKey }, itemIndex) {
		try {
			return await cfisRequest.call(this, { method: 'GET', path: '/validate', apiKey, itemIndex });
		} catch (error) {
			if ((error as NodeApiError).httpCode !== '401') throw new NodeApiError(this.getNode(), error as JsonObject);
			const result: IDataObject = {
				isValid: false,
				httpCode: '401',
				message: 'Confirma Finance does not accept this token (401): it is unknown, revoked by a renewal, for another environment, or the Partner Provisioning Token (which works only for Client → Create)',
			};
			return result;
		}
	},
};
