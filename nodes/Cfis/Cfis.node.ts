import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as client from './actions/client';
import { router } from './actions/router';
import * as token from './actions/token';

/**
 * Confirma Finance: the Confirma Finance Integrations API (CFIS, shared/api/cfis.md) for partners: onboarding
 * clients and managing their tokens. Resource *Client* authenticates with the Partner Provisioning Token, every
 * other resource with a client access token.
 */
export class Cfis implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Confirma Finance',
		name: 'cfis',
		icon: { light: 'file:cfis.svg', dark: 'file:cfis.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Onboard clients and send and follow sales invoices, payments and settlements with Confirma Finance (CFIS)',
		defaults: { name: 'Confirma Finance' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'cfisPartnerApi', required: true, displayOptions: { show: { resource: ['client'] } } },
			{ name: 'cfisApi', required: true, displayOptions: { hide: { resource: ['client'] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Client',
						value: 'client',
						description: 'Onboard a creditor client (needs the Partner Provisioning Token)',
					},
					{
						name: 'Token',
						value: 'token',
						description: "Validate or renew a client's access token",
					},
				],
				default: 'token',
			},
			...client.description,
			...token.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
