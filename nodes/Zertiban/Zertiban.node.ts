import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as beneficiaryAccount from './actions/beneficiaryAccount';
import * as configuration from './actions/configuration';
import * as flow from './actions/flow';
import * as operation from './actions/operation';
import * as payment from './actions/payment';
import { registry, router } from './actions/router';
import { whereItemsRunTogether } from '../shared/resource';
import { timeoutProperty } from '../shared/request';
import { concurrencyProperties } from '../shared/runner';
import {
	searchBeneficiaryAccounts,
	searchConfigurations,
	searchFlows,
	searchOperations,
} from './methods/listSearch';

/**
 * Zertiban: Open Banking (PSD2) payment links with ZertiPay and PagaFactu (docs/zertiban.md). Programmatic
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
						name: 'Beneficiary Account',
						value: 'beneficiaryAccount',
						description: 'An account (IBAN) of your business that receives payments',
					},
					{
						name: 'Configuration',
						value: 'configuration',
						description: 'A flow configuration: branding, expiry and payer redirections',
					},
					{
						name: 'Flow',
						value: 'flow',
						description: 'One or more payment links created together (ZertiPay, PagaFactu)',
					},
					{
						name: 'Operation',
						value: 'operation',
						description: 'One payment link of a flow, with its status and payment',
					},
					{
						name: 'Payment',
						value: 'payment',
						description: 'The bank-side PSD2 payment of a paid payment link',
					},
				],
				default: 'flow',
			},
			...flow.description,
			...operation.description,
			...payment.description,
			...beneficiaryAccount.description,
			...configuration.description,
			timeoutProperty('Zertiban'),
			...concurrencyProperties('Zertiban', 'Zertiban documents no rate limit.').map((property) => whereItemsRunTogether(property, registry)),
		],
	};

	methods = { listSearch: { searchOperations, searchFlows, searchConfigurations, searchBeneficiaryAccounts } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
