import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type OperationRegistry } from '../../shared/router';
import { ZERTIBAN_CREDENTIAL } from '../transport';
import * as beneficiaryAccount from './beneficiaryAccount';
import * as configuration from './configuration';
import * as flow from './flow';
import * as operation from './operation';
import * as payment from './payment';

/** Every Zertiban operation by resource and operation value. */
export const registry: OperationRegistry = {
	flow: flow.operations,
	operation: operation.operations,
	payment: payment.operations,
	beneficiaryAccount: beneficiaryAccount.operations,
	configuration: configuration.operations,
};

/**
 * Runs the selected Zertiban operation over all input items. The credential's environment is read first and
 * handed to the operations in the run context (`prepare` does no I/O but applies the sandbox rules).
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const credentials = await this.getCredentials(ZERTIBAN_CREDENTIAL);
	const environment = typeof credentials.environment === 'string' ? credentials.environment : 'sandbox';
	return [await routeOperation(this, registry, { environment })];
}
