/**
 * What an AI agent may use when a node runs as a tool (`usableAsTool`: n8n adds a "<Node> Tool" variant whose type
 * name ends in `Tool`; `'@tool'` in `displayOptions` is true there, docs: n8n-workflow `NodeHelpers`
 * `getPropertyValues`). Operations that would put a secret into the agent's context (a plain access token in the
 * output), revoke the credential the node runs with, or need or make binary data (which agents cannot use) are not
 * offered: the tool variant shows an Operation (or Resource) list without them, and the router refuses them in a
 * tool node before any request, should a workflow still hold one. An operation module declares this with
 * `notForAgents` (nodes/shared/runner.ts).
 *
 * Hiding was chosen over redacting: n8n has no per-field redaction of tool output, and a redacted token (or a
 * renewal whose new token the agent must not see) leaves the operation without its purpose.
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Whether the node runs as an AI agent's tool (the tool variant n8n builds from a `usableAsTool` node). */
export function isToolNode(ctx: Pick<IExecuteFunctions, 'getNode'>): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/**
 * A Resource or Operation `options` parameter as two: the full list, hidden in the tool variant, and a list without
 * the `excluded` values, shown only in the tool variant (`'@tool'` display option). Returns the parameter unchanged
 * when nothing is excluded, and no tool copy when every value is excluded (the caller then hides the resource).
 */
export function withoutForAgents(property: INodeProperties, excluded: string[]): INodeProperties[] {
	if (excluded.length === 0) return [property];
	const options = (property.options as INodePropertyOptions[]).filter((option) => !excluded.includes(String(option.value)));
	const show = { ...(property.displayOptions?.show ?? {}) };
	const forPeople: INodeProperties = { ...property, displayOptions: { ...property.displayOptions, hide: { ...property.displayOptions?.hide, '@tool': [true] } } };
	if (options.length === 0) return [forPeople];
	const forAgents: INodeProperties = {
		...property,
		options,
		default: options.some((option) => option.value === property.default) ? property.default : options[0].value,
		displayOptions: { ...property.displayOptions, show: { ...show, '@tool': [true] } },
	};
	return [forPeople, forAgents];
}

/**
 * Throws `NodeOperationError` (before any request) when a tool node is set to an operation that is not for agents:
 * `reason` says why, e.g. "its output holds the new client's plain access token".
 */
export function refuseForAgents(ctx: Pick<IExecuteFunctions, 'getNode'>, action: string, reason: string | undefined): void {
	if (reason === undefined || !isToolNode(ctx)) return;
	throw new NodeOperationError(ctx.getNode(), `${action} is not available to AI agents: ${reason}`, {
		description: 'Use this operation in a regular (non-tool) node of the workflow.',
	});
}
