import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type OperationRegistry } from '../../shared/router';
import * as operation from './operation';

/** Every Zertiban operation by resource and operation value. */
export const registry: OperationRegistry = {
	operation: operation.operations,
};

/** Runs the selected Zertiban operation over all input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await routeOperation(this, registry)];
}
