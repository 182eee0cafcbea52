import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as operation from './actions/operation';
import { router } from './actions/router';
import { searchOperations } from './methods/listSearch';

/**
 * Zertiban: Open Banking (PSD2) payment links with ZertiPay and PagaFactu (shared/api/zertiban.md). Programmatic
 * resource → operation node; every operation runs per item through the shared item runner.
 */
export class Zertiban implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zertiban',
		name: 'zertiban',
		icon: { light: 'file:zertiban.svg', dark: 'file:zertiban.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Create Open Banking payment links and follow their payments with Zertiban (ZertiPay, PagaFactu)',
		defaults: { name: 'Zertiban' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zertibanOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Operation',
						value: 'operation',
						description: 'One payment link of a flow, with its status and payment',
					},
				],
				default: 'operation',
			},
			...operation.description,
		],
	};

	methods = { listSearch: { searchOperations } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
