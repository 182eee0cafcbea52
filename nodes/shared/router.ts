import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ONE_AT_A_TIME, readConcurrency, runItems, type OperationModule, type RunFacts } from './runner';
import { refuseForAgents } from './tools';

/** A node's operations by resource value, then operation value (the values of the node's Resource and Operation parameters). */
export type OperationRegistry = Record<string, Record<string, OperationModule<unknown>>>;

/**
 * Picks the operation module for the node's `resource` and `operation` parameters and runs it over every input
 * item with the item runner, which hands it a run context built from `facts`, at most *Requests at Once* items at a
 * time (one for an operation that runs one at a time). Throws `NodeOperationError` for a combination the node does
 * not have, a *Requests at Once* or *Concurrency* out of range, and in an AI agent's tool node for an operation that is `notForAgents`.
 */
export async function routeOperation(
	ctx: IExecuteFunctions,
	registry: OperationRegistry,
	facts: RunFacts = {},
): Promise<INodeExecutionData[]> {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0, '') as string;
	const module = registry[resource]?.[operation];
	if (!module) {
		// A tool node has no Operation list for a resource it does not offer at all (Resource Client of Confirma Finance).
		const all = Object.values(registry[resource] ?? {});
		if (all.length > 0 && all.every((each) => each.notForAgents !== undefined)) refuseForAgents(ctx, `Resource ${resource}`, all[0].notForAgents);
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported for resource "${resource}"`);
	}
	refuseForAgents(ctx, `${resource} → ${operation}`, module.notForAgents);
	return await runItems(ctx, module, facts, module.oneAtATime ? ONE_AT_A_TIME : readConcurrency(ctx));
}

/** The operation values of `operations` whose module is `notForAgents` (for `withoutForAgents`, nodes/shared/tools.ts). */
export function notForAgents(operations: Record<string, OperationModule<unknown>>): string[] {
	return Object.entries(operations)
		.filter(([, module]) => module.notForAgents !== undefined)
		.map(([value]) => value);
}
