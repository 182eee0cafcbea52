/**
 * Polling trigger nodes: one poll, as n8n's poller runs it, in a real n8n-core `PollContext`.
 */
import { PollContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
} from 'n8n-workflow';

import { harnessAdditionalData, type CredentialStore } from './credentials';
import { HarnessNodeTypes, loadPackage, PACKAGE_NAME } from './package';

/** One poll of a polling trigger of this package, as n8n's poller runs it. */
export interface PollRun {
	type: string;
	parameters: IDataObject;
	credentials: CredentialStore;
	/** the node's static data, kept by the caller between polls (n8n keeps it with the workflow) */
	staticData: IDataObject;
	/** `trigger` (an active workflow) or `manual` ("Fetch Test Event") */
	mode?: 'trigger' | 'manual';
	/** what `getPollBudgetMs()` answers; n8n's default (5 minutes) when absent */
	budgetMs?: number;
}

/**
 * Runs the trigger's `poll()` once in a real n8n-core `PollContext` (credentials through the harness helper, real
 * HTTP). Returns the emitted items' JSON, or `null` when the poll emitted nothing; `staticData` is updated in place.
 */
export async function pollNode({ type, parameters, credentials, staticData, mode = 'trigger', budgetMs }: PollRun): Promise<IDataObject[] | null> {
	const loader = await loadPackage();
	const nodeTypes = new HarnessNodeTypes(loader);
	const credentialRefs = Object.fromEntries(Object.keys(credentials.data).map((t) => [t, { id: t, name: t }]));
	const node: INode = { id: 'p', name: 'Trigger', type: `${PACKAGE_NAME}.${type}`, typeVersion: 1, position: [0, 0], parameters: parameters as INode['parameters'], credentials: credentialRefs };
	const workflow = new Workflow({ id: 'harness-poll', nodes: [node], connections: {}, active: true, nodeTypes, settings: { executionOrder: 'v1' } });
	const context = new PollContext(workflow, node, harnessAdditionalData(loader, credentials), mode, 'activate', undefined, undefined, undefined, undefined, () => staticData, budgetMs === undefined ? undefined : () => budgetMs);
	const nodeType = nodeTypes.getByNameAndVersion(node.type, 1);
	const output = await nodeType.poll!.call(context);
	return output ? output[0].map((item) => item.json) : null;
}

