import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { nextPoll, pollDeadline, pollFrom, readPollState, startPoll, type PollState } from '../shared/polling';
import { EVENTS, type EventContext } from './polling/events';

/**
 * Confirma Finance Trigger (polling; CFIS has no webhooks, docs/cfis.md §3): starts a workflow for new settlements,
 * new payments, failed invoice deliveries or case status changes. The cursor and dedupe keys live in the node's
 * static data and follow the shared polling rules (nodes/shared/polling.ts): monotonic, bounded, and a poll that
 * runs twice emits nothing the second time. Event details: `EVENTS` in ./events.ts.
 */
export class CfisTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Confirma Finance Trigger',
		name: 'cfisTrigger',
		icon: { light: 'file:cfis.svg', dark: 'file:cfis.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] }}',
		// n8n's node creator shows this trigger together with the Confirma Finance node, under this description.
		description: 'Send invoices with Confirma Finance and start workflows on new payments, settlements, failed deliveries or case changes',
		defaults: { name: 'Confirma Finance Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'cfisApi', required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'Case Status Changed',
						value: 'caseStatusChanged',
						action: 'On invoice case status changed',
						description: 'The payment-control case of an invoice changed status (with previousStatus)',
					},
					{ name: 'Distribution Failed', value: 'distributionFailed', action: 'On invoice delivery failed', description: 'An invoice could not be delivered' },
					{ name: 'New Payment', value: 'newPayment', action: 'On new payment received', description: 'The agency received and allocated a payment (preliminary)' },
					{ name: 'New Settlement', value: 'newSettlement', action: 'On new settlement (payout)', description: 'A settlement (payout) is available' },
				],
				default: 'newSettlement',
				description: 'What starts the workflow; each poll looks for new ones since the previous poll',
			},
			{
				displayName:
					'Fetch Test Event is not available for New Settlement: any read of settlements marks them as fetched at Confirma Finance. Activate the workflow; its first execution shows the fields to map.',
				name: 'settlementTestNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['newSettlement'] } },
			},
			{
				displayName: 'Unfetched Only',
				name: 'unfetchedOnly',
				type: 'boolean',
				default: false,
				description:
					"Whether to rely on Confirma Finance's own tracking of fetched settlements instead of settlement dates. On: every settlement this client never fetched triggers, also older ones, but a poll that n8n abandons after its read loses the settlements it read. Off: settlements by date, tracked by this node (the first poll emits those of the last 7 days); a repeated or abandoned poll loses nothing.",
				displayOptions: { show: { event: ['newSettlement'] } },
			},
			{
				displayName: 'Lookback Days',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 365 },
				default: 30,
				description: 'How many days of invoices (by invoice date) to watch for delivery failures or case status changes',
				displayOptions: { show: { event: ['caseStatusChanged', 'distributionFailed'] } },
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const eventName = this.getNodeParameter('event') as string;
		const event = EVENTS[eventName];
		if (!event) throw new NodeOperationError(this.getNode(), `Unknown event "${eventName}"`);
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		const stored = readPollState(staticData.pollState);
		const now = Date.now();
		const probe: EventContext = {
			now,
			from: now,
			cursor: stored?.cursor ?? now,
			unfetchedOnly: eventName === 'newSettlement' && (this.getNodeParameter('unfetchedOnly', false) as boolean),
			lookbackDays: Number(this.getNodeParameter('lookbackDays', 30)),
			// the shared poll-budget rule; windows are fetched oldest first, so stopping early only delays the newer ones
			deadline: pollDeadline(now, this.getPollBudgetMs?.()),
		};
		if (manual && eventName === 'newSettlement') {
			// Any settlements read may set apiFetchDate (docs/cfis.md §4.9 [I]): a test fetch must not consume settlements
			throw new NodeOperationError(this.getNode(), 'Fetch Test Event is not available for New Settlement: any read of settlements marks them as fetched at Confirma Finance', {
				description:
					'A test fetch would consume settlements that an active workflow with Unfetched Only then never sees (Settlement → Get Many reads them the same way). Activate the workflow: its first execution with a settlement shows the fields to map. To check the credentials, fetch a test event of New Payment.',
			});
		}
		const options = { overlapMs: event.overlapMs(probe), maxSeen: event.maxSeen };
		const state: PollState = stored ?? startPoll(now);
		const ctx: EventContext = { ...probe, from: manual ? now - 30 * 86_400_000 : pollFrom(state, options) };
		const fetched = await event.fetch.call(this, ctx);

		if (manual) {
			// "Fetch Test Event": the newest record as a sample; the stored state is not touched
			const newest = [...fetched].sort((a, b) => b.time - a.time)[0];
			return newest ? [this.helpers.returnJsonArray([newest.record])] : null;
		}
		const { fresh, state: next } = nextPoll(state, fetched, options);
		event.settle?.(fresh, state, next);
		staticData.pollState = next as unknown as IDataObject;
		if (!stored && event.baseline(ctx)) return null; // first poll: what exists now is history
		return fresh.length ? [this.helpers.returnJsonArray(fresh.map((change) => change.record))] : null;
	}
}
