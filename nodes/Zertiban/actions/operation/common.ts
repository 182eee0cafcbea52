import type { IExecuteFunctions } from 'n8n-workflow';

import type { StatusHint } from '../../../shared/errors';
import { notFound, readRequiredUuid } from '../common';

/**
 * Reads the operation UUID of an item from the `operationUuid` resource locator and checks it is a UUID; returns
 * it lower-cased. Throws `NodeOperationError` naming the field and the item, before any request.
 */
export function readOperationUuid(ctx: IExecuteFunctions, itemIndex: number): string {
	return readRequiredUuid(ctx, 'operationUuid', 'Payment Link', itemIndex);
}

/** The error text for an operation UUID Zertiban does not know for this business. */
export function operationNotFound(uuid: string): Partial<Record<number, StatusHint>> {
	return notFound('operation', uuid);
}
