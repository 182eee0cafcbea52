/**
 * One resource of an action node, built from ONE list: each entry pairs an operation module
 * (`actions/<resource>/<op>.operation.ts`) with its entry in the resource's *Operation* list. From that list come
 * the three things n8n and the router need, so they cannot disagree (CONTRIBUTING.md, "Adding an operation"):
 *
 * - `operations`: the modules by operation value (the router's registry for the resource, actions/router.ts);
 * - the *Operation* parameter: the entries as options, sorted by name, with the tool variant's copy that leaves out
 *   the `notForAgents` modules (nodes/shared/tools.ts); when every operation of the resource is `notForAgents`, the
 *   tool variant shows a notice instead of an Operation list;
 * - `description`: that parameter followed by every module's own properties.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { notForAgents, type OperationRegistry } from './router';
import type { OperationModule } from './runner';
import { withoutForAgents } from './tools';

/** One operation of a resource: its module and its entry in the *Operation* list (what the panel and the node creator show). */
export interface OperationEntry {
	module: OperationModule<unknown>;
	/** The option's name, in title case (`Get Many`). */
	name: string;
	/** The operation value saved in workflows; never changes once released. */
	value: string;
	/** The node creator's action label, sentence case (`Get many payment links`). */
	action: string;
	description: string;
}

/** What {@link resourceOperations} builds for a resource. */
export interface Resource {
	operations: Record<string, OperationModule<unknown>>;
	description: INodeProperties[];
}

/**
 * Builds a resource (see the module comment) for the Resource value `resource` from `entries`; `defaultOperation`
 * is the Operation parameter's default (one of the entries' values). Throws `Error` at load time when an operation
 * value repeats or the default is not one of them (a mistake in the list, never a user's).
 */
export function resourceOperations(resource: string, defaultOperation: string, entries: OperationEntry[]): Resource {
	const operations: Resource['operations'] = {};
	for (const { module, value } of entries) {
		if (operations[value]) throw new Error(`resource ${resource}: operation ${value} is listed twice`);
		operations[value] = module;
	}
	if (!operations[defaultOperation]) throw new Error(`resource ${resource}: the default operation ${defaultOperation} is not listed`);
	const options: INodePropertyOptions[] = entries
		.map(({ name, value, action, description }) => ({ name, value, action, description }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
	const excluded = notForAgents(operations);
	const forAgents = withoutForAgents(operation, excluded);
	const notice: INodeProperties[] =
		excluded.length === entries.length
			? [
					{
						displayName: `Not available to AI agents: ${entries.map((entry) => `${entry.name} (${String(entry.module.notForAgents)})`).join('; ')}. Use it in a regular node of the workflow.`,
						name: `${resource}NotForAgents`,
						type: 'notice',
						default: '',
						displayOptions: { show: { resource: [resource], '@tool': [true] } },
					},
				]
			: [];
	return { operations, description: [...forAgents, ...notice, ...entries.flatMap((entry) => entry.module.description)] };
}

/**
 * A parameter of how items run together (*Concurrency*, *Requests at Once*: nodes/shared/runner.ts) hidden for the operations whose items always run one at
 * a time (`oneAtATime`: creates, submits), where it would change nothing: it shows for every other operation of
 * `registry`. An operation value that is one at a time in one resource but not in another stays shown.
 */
export function whereItemsRunTogether(property: INodeProperties, registry: OperationRegistry): INodeProperties {
	const modules = Object.values(registry).flatMap((operations) => Object.entries(operations));
	const values = [...new Set(modules.map(([value]) => value))];
	const oneAtATime = values.filter((value) => modules.filter(([each]) => each === value).every(([, module]) => module.oneAtATime === true));
	return oneAtATime.length === 0 ? property : { ...property, displayOptions: { hide: { operation: oneAtATime } } };
}
