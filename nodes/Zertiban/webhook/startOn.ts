import type { INodeProperties, IWebhookFunctions } from 'n8n-workflow';

/**
 * The Zertiban Trigger's *Start Workflow On* (`startOn`): which of its two webhooks start executions, signed event
 * deliveries (`events`, docs/zertiban.md §11) or payer redirects (`redirects`, §12). Read at every request by
 * {@link startsOn}.
 */
export const START_ON_PROPERTY: INodeProperties = {
	displayName: 'Start Workflow On',
	name: 'startOn',
	type: 'multiOptions',
	options: [
		{
			name: 'Webhook Events',
			value: 'events',
			description: 'Signed event deliveries from Zertiban (POST)',
		},
		{
			name: 'Payer Redirects',
			value: 'redirects',
			description: 'The payer coming back through the callback or return URL (GET); the status is read from the API, never taken from the URL',
		},
	],
	default: ['events'],
	// An empty selection is flagged on the canvas (n8n marks a required multi-option left empty as an issue).
	required: true,
	description: 'What starts an execution. Redirects are always answered, even when they start nothing. Left empty, Webhook Events.',
};

/**
 * Whether `what` starts executions. The saved value is read leniently, as n8n's editor may have saved it: a list
 * (`["events"]`), a single value (`"events"`: the node creator applies an action's display conditions as single
 * values), or an empty or missing selection, which counts as the default, Webhook Events, so a trigger added from
 * the node panel never ignores every delivery.
 */
export function startsOn(ctx: Pick<IWebhookFunctions, 'getNodeParameter'>, what: 'events' | 'redirects'): boolean {
	const saved = ctx.getNodeParameter('startOn', ['events']) as unknown;
	const selected = (Array.isArray(saved) ? saved : [saved]).filter((value): value is string => value === 'events' || value === 'redirects');
	return (selected.length > 0 ? selected : ['events']).includes(what);
}
