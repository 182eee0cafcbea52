import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type OperationRegistry } from '../../shared/router';
import { ZERTIBAN_CREDENTIAL } from '../transport';
import * as beneficiaryAccount from './beneficiaryAccount';
import * as configuration from './configuration';
import { rememberEnvironment } from './environment';
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

/** Runs the selected Zertiban operation over all input items (the credential's environment is read first). */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const credentials = await this.getCredentials(ZERTIBAN_CREDENTIAL);
	rememberEnvironment(this, credentials.environment);
	return [await routeOperation(this, registry)];
}
