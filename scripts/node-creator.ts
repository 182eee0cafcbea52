/**
 * What n8n's node creator (the "+" panel of the editor) makes of a node description, re-done here so the editor-text
 * check (scripts/describe-check.ts) can judge it without a browser. Read from n8n 2.41.1's editor bundle
 * (n8n-editor-ui, `workflows.store` and `useActions`), which builds a node's actions:
 *
 * - action node with Resource: one action per option of every parameter named `resource` (whose `@version` display
 *   rule admits the node's version), with the Operation options of the first `operation` parameter shown for that
 *   resource; label `option.action`, else `<Resource> <Operation>`;
 * - action node without Resource: the options of the `operation` parameter;
 * - trigger: one action per option of the parameter labelled Event, Events or Trigger On, with the parameter's value
 *   set to the option (in a list for a multi-option parameter);
 * - AI tool variants get no actions.
 *
 * When an action is added, the editor sets the action's `values` and, for every key of its parameter's
 * `displayOptions.show`, that key to the FIRST value listed there: a single value, also for a multi-option
 * parameter (`useActions` `getActionData`).
 */
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription, NodeParameterValueType } from 'n8n-workflow';

/** One action of the node creator. */
export interface CreatorAction {
	/** The label the panel shows. */
	label: string;
	/** The parameters the editor sets when the action is added (values and the display conditions of its parameter). */
	parameters: Record<string, NodeParameterValueType>;
}

const version = (description: INodeTypeDescription) =>
	typeof description.defaultVersion === 'number' ? description.defaultVersion : Array.isArray(description.version) ? Math.max(...description.version) : description.version;

/** Whether a parameter's `@version` display rule admits `nodeVersion` (plain version lists only: enough for this package). */
const forVersion = (property: INodeProperties, nodeVersion: number) => {
	const versions = property.displayOptions?.show?.['@version'];
	return !versions || versions.includes(nodeVersion);
};

const startCase = (text: string) => text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/\b\w/g, (c) => c.toUpperCase());

/** The first value of each `show` rule of `property`, as the editor applies them when an action is added. */
function displayConditions(property: INodeProperties): Record<string, NodeParameterValueType> {
	const show = property.displayOptions?.show ?? {};
	return Object.fromEntries(Object.entries(show).map(([key, values]) => [key, (values ?? [])[0] as NodeParameterValueType]));
}

/** The node creator's actions for `description` (see the module comment), in the panel's order. */
export function creatorActions(description: INodeTypeDescription): CreatorAction[] {
	const nodeVersion = version(description);
	const properties = description.properties;
	if (description.group.includes('trigger')) {
		if (!description.displayName.toLowerCase().includes('trigger')) return [];
		const events = properties.find((p) => ['event', 'events', 'trigger on'].includes(p.displayName.toLowerCase()));
		return ((events?.options ?? []) as INodePropertyOptions[])
			.filter((option) => !['*', '', ' '].includes(option.name))
			.map((option) => ({
				label: option.action ?? `On ${option.name}`,
				parameters: { [events!.name]: events!.type === 'multiOptions' ? [option.value] : option.value, ...displayConditions(events!) },
			}));
	}
	const resources = properties.filter((p) => p.name === 'resource' && forVersion(p, nodeVersion));
	if (resources.length === 0) {
		const operation = properties.find((p) => p.name === 'operation' && forVersion(p, nodeVersion));
		return ((operation?.options ?? []) as INodePropertyOptions[]).map((option) => ({
			label: option.action ?? startCase(option.name),
			parameters: { operation: option.value, ...displayConditions(operation!) },
		}));
	}
	return resources.flatMap((resource) => {
		const options = (resource.options ?? []) as INodePropertyOptions[];
		return options.flatMap((option) => {
			const operation = properties.find(
				(p) => p.name === 'operation' && (p.displayOptions?.show?.resource?.includes(option.value) ?? options.length === 1) && forVersion(p, nodeVersion),
			);
			return ((operation?.options ?? []) as INodePropertyOptions[]).map((each) => ({
				label: each.action ?? `${option.name} ${startCase(each.name)}`,
				parameters: { operation: each.value, ...displayConditions(operation!) },
			}));
		});
	});
}
