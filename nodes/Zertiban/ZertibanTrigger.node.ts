import type { IExecuteFunctions, IHookFunctions, INodeExecutionData, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { addOperationDetails, EVENT_TYPE_OPTIONS, receiveEvent } from './webhook/events';
import { CALLBACK_TEMPLATE, RETURN_TEMPLATE, receiveRedirect } from './webhook/redirect';
import { START_ON_PROPERTY } from './webhook/startOn';

/**
 * Zertiban Trigger: starts a workflow on Zertiban's signed webhook deliveries (POST …/events,
 * docs/zertiban.md §11) and serves the payer redirects of a flow configuration (GET …/redirect, §12).
 */
export class ZertibanTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zertiban Trigger',
		name: 'zertibanTrigger',
		icon: { light: 'file:zertiban.svg', dark: 'file:zertiban.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		// n8n's node creator shows this trigger together with the Zertiban node, under this description.
		description: 'Create Open Banking payment links and start workflows when payers open, pay or leave them',
		defaults: { name: 'Zertiban Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zertibanOAuth2Api', required: true }],
		webhooks: [
			// responseData '' (not absent): n8n then answers with the `webhookResponse` webhook() returns, after it has
			// stored and queued the execution; absent, n8n 2.41 would answer the literal text "firstEntryJson" (docs/n8n.md §1).
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: 'events' },
			{ name: 'setup', httpMethod: 'GET', responseMode: 'onReceived', path: 'redirect' },
		],
		properties: [
			{
				displayName:
					'Webhook registration: Zertiban has no API for it. Email Zertiban your Business UUID, the environment, the event types and the POST URL above (ending in /events); they reply with the webhook secret, which goes into the credential.',
				name: 'registrationNotice',
				type: 'notice',
				default: '',
			},
			{
				// n8n's notice keeps only the HTML tags a, ul and li (no <br>, <b> or <code>): one list item per line.
				displayName: `Payer redirects: in the Zertiban flow configuration, paste the GET URL above (ending in /redirect) with these endings:<ul><li>Callback URL: GET URL + ${CALLBACK_TEMPLATE}</li><li>Return URL: GET URL + ${RETURN_TEMPLATE}</li></ul>`,
				name: 'redirectNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { startOn: ['redirects'] } },
			},
			START_ON_PROPERTY,
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_TYPE_OPTIONS,
				default: ['*'],
				// Hidden when Start Workflow On leaves out Webhook Events. A `hide` rule, not `show: { startOn: ['events'] }`:
				// n8n's node creator applies the `show` conditions of this property to every trigger action it builds from
				// it, as single values (`startOn: "events"`), and the editor then saved Start Workflow On empty.
				displayOptions: { hide: { startOn: [{ _cnd: { not: 'events' } }] } },
				description: 'Event types that start the workflow; others are acknowledged and ignored',
			},
			{
				displayName: 'Redirect Pages',
				name: 'redirectPages',
				type: 'collection',
				placeholder: 'Add Page',
				default: {},
				description: 'Where the payer\'s browser is sent, by the real operation status. Without a page the payer sees a short neutral message.',
				options: [
					{
						displayName: 'Left Page URL',
						name: 'leftPageUrl',
						type: 'string',
						default: '',
						placeholder: 'https://shop.example.com/checkout',
						description: 'For a payer who left through the exit button (return URL) before the payment ended',
					},
					{
						displayName: 'Not Paid Page URL',
						name: 'notPaidPageUrl',
						type: 'string',
						default: '',
						placeholder: 'https://shop.example.com/payment-failed',
						description: 'For any status other than COMPLETED (rejected, expired, cancelled, or not yet paid)',
					},
					{
						displayName: 'Paid Page URL',
						name: 'paidPageUrl',
						type: 'string',
						default: '',
						placeholder: 'https://shop.example.com/thank-you',
						description: 'For an operation the API reports as COMPLETED',
					},
				],
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				description: 'Settings of how webhook deliveries are checked and what they output',
				options: [
					{
						displayName: 'Include Operation Details',
						name: 'includeOperationDetails',
						type: 'boolean',
						default: false,
						description:
							'Whether to add the operation as read from the Zertiban API (field operation; flow events get the flow\'s operations). Read in the execution, after n8n has acknowledged the delivery.',
					},
					{
						displayName: 'Replay Window (Minutes)',
						name: 'replayWindowMinutes',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 5,
						description: 'Deliveries whose zb-timestamp is further than this from now are refused (401). 0 turns the check off.',
					},
				],
			},
		],
	};

	/**
	 * Zertiban has no API to register webhooks (docs/zertiban.md §11.1: registration is by email), so activation has
	 * nothing to create or delete: the URL stays the same for the node's lifetime and is registered once, by hand.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === 'setup' ? await receiveRedirect.call(this) : await receiveEvent.call(this);
	}

	/**
	 * Runs in the execution, on the items `webhook()` handed to n8n (a webhook node with `execute` is executed, not
	 * passed through: docs/n8n.md §1.3): *Include Operation Details* reads the operation there, after the acknowledgement.
	 */
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [await addOperationDetails.call(this)];
	}
}
