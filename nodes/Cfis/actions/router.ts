import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type OperationRegistry } from '../../shared/router';
import * as client from './client';
import * as token from './token';

/** Every Confirma Finance operation by resource and operation value. */
export const registry: OperationRegistry = {
	client: client.operations,
	token: token.operations,
};

/** Runs the selected Confirma Finance operation over all input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await routeOperation(this, registry)];
}
