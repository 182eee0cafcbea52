import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as accounting from './actions/accounting';
import * as client from './actions/client';
import * as finvoice from './actions/finvoice';
import * as invoice from './actions/invoice';
import * as payment from './actions/payment';
import { registry, router } from './actions/router';
import { whereItemsRunTogether } from '../shared/resource';
import { timeoutProperty } from '../shared/request';
import { concurrencyProperties } from '../shared/runner';
import * as settlement from './actions/settlement';
import * as token from './actions/token';

/**
 * Confirma Finance: the Confirma Finance Integrations API (CFIS, docs/cfis.md) for partners: every endpoint
 * of docs/cfis.md §3 — invoices, cases and distribution, payments, settlements, accounting sync, Finvoice lookup,
 * onboarding clients and managing their tokens. Resource *Client* authenticates with the Partner Provisioning
 * Token, every other resource with a client access token.
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
			{ name: 'paymentRecordApi', required: true, displayOptions: { show: { resource: ['invoice'], operation: ['reportPayment'] } } },
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Accounting',
						value: 'accounting',
						description: 'Sync ledgers and payments with the accounting system and follow their status',
					},
					{
						name: 'Client',
						value: 'client',
						description: 'Onboard a creditor client (needs the Partner Provisioning Token)',
					},
					{
						name: 'Finvoice',
						value: 'finvoice',
						description: 'Look up e-invoice addresses of Finnish companies',
					},
					{
						name: 'Invoice',
						value: 'invoice',
						description: 'Send sales invoices and follow their delivery and collection case',
					},
					{
						name: 'Payment',
						value: 'payment',
						description: 'Payments the agency received (preliminary)',
					},
					{
						name: 'Settlement',
						value: 'settlement',
						description: 'Payouts with final allocations, for reconciliation',
					},
					{
						name: 'Token',
						value: 'token',
						description: "Validate or renew a client's access token",
					},
				],
				default: 'invoice',
			},
			...invoice.description,
			...payment.description,
			...settlement.description,
			...accounting.description,
			...finvoice.description,
			...client.description,
			...token.description,
			timeoutProperty('Confirma Finance'),
			...concurrencyProperties('Confirma Finance', 'Confirma Finance documents no rate limit.').map((property) => whereItemsRunTogether(property, registry)),
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
