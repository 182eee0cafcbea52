import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { routeOperation, type OperationRegistry } from '../../shared/router';
import * as accounting from './accounting';
import * as client from './client';
import * as finvoice from './finvoice';
import * as invoice from './invoice';
import * as payment from './payment';
import * as settlement from './settlement';
import * as token from './token';

/** Every Confirma Finance operation by resource and operation value. */
export const registry: OperationRegistry = {
	accounting: accounting.operations,
	client: client.operations,
	finvoice: finvoice.operations,
	invoice: invoice.operations,
	payment: payment.operations,
	settlement: settlement.operations,
	token: token.operations,
};

/** Runs the selected Confirma Finance operation over all input items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [await routeOperation(this, registry)];
}
