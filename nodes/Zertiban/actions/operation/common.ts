import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError, type StatusHint } from '../../../shared/errors';
import { checkUuid } from '../../../shared/validators';

/**
 * Reads the operation UUID of an item from the `operationUuid` resource locator and checks it is a UUID; returns
 * it lower-cased. Throws `NodeOperationError` naming the field and the item, before any request.
 */
export function readOperationUuid(this: IExecuteFunctions, itemIndex: number): string {
	const value = String(this.getNodeParameter('operationUuid', itemIndex, '', { extractValue: true }) ?? '').trim();
	const problem = checkUuid(value);
	if (problem) throw inputError(this.getNode(), 'Operation', itemIndex, problem);
	return value.toLowerCase();
}

/** The error text for an operation UUID Zertiban does not know for this business. */
export function operationNotFound(uuid: string): Partial<Record<number, StatusHint>> {
	return {
		404: {
			message: `Zertiban has no operation ${uuid} for this business (404)`,
			hint: "Check the operation UUID and that the credential's Business UUID is the business that created it.",
		},
	};
}
