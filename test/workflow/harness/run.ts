/**
 * Workflow runs: a workflow JSON executed through n8n-core's `WorkflowExecute` from its start node, and the common
 * single-node shape (start node → one node of this package).
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IConnections,
} from 'n8n-workflow';

import { harnessAdditionalData, type CredentialStore } from './credentials';
import { HarnessNodeTypes, loadPackage, PACKAGE_NAME } from './package';

/** A workflow as n8n exports it (the parts the harness uses). */
export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
}

/**
 * The finished execution: the run, its error (if the workflow failed) and each node's output items (`output`: the
 * index of the node's main output, 0 by default; a node with *On Error* = Continue (using error output) has its
 * error output last).
 */
export interface RunResult {
	run: IRun;
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	items(nodeName: string, output?: number): INodeExecutionData[];
	json(nodeName: string, output?: number): IDataObject[];
}

/**
 * Executes `workflow` from its node without incoming connections and resolves when the execution ends. `timezone`
 * is the workflow setting *Timezone* (an IANA name; n8n's instance default when not given). `startItems`: what the
 * start node receives, as n8n hands a trigger's webhook items to the execution (default one empty item).
 */
export async function runWorkflow(
	workflowJson: WorkflowJson,
	store: CredentialStore,
	{ timezone, startItems = [{}] }: { timezone?: string; startItems?: IDataObject[] } = {},
): Promise<RunResult> {
	const loader = await loadPackage();
	const nodeTypes = new HarnessNodeTypes(loader);
	const workflow = new Workflow({
		id: 'harness',
		name: 'harness',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1', ...(timezone ? { timezone } : {}) },
	});
	const targets = new Set(
		Object.values(workflowJson.connections).flatMap((byType) => Object.values(byType).flat(2).map((c) => c?.node)),
	);
	const startNode = workflowJson.nodes.find((n) => !targets.has(n.name));
	if (!startNode) throw new Error('The workflow has no start node');

	const hooks = new ExecutionLifecycleHooks('manual', '1', { ...workflowJson, id: 'harness', name: 'harness', active: false, createdAt: new Date(), updatedAt: new Date() } as never);
	const done = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const additionalData = harnessAdditionalData(loader, store, hooks);

	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [startItems.map((json) => ({ json }))] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	// The engine throws synchronously for workflow issues (e.g. a required parameter left empty), as n8n does.
	const run = await Promise.race([done, Promise.resolve().then(() => execution.processRunExecutionData(workflow)).then(() => done)]);
	const items = (nodeName: string, output = 0) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[output] ?? [];
	return {
		run,
		error: run.data.resultData.error as RunResult['error'],
		items,
		json: (nodeName: string, output = 0) => items(nodeName, output).map((item) => item.json),
	};
}

/** One node of this package fed with `inputItems` by a start node: the common shape of a workflow test. */
export interface SingleNodeRun {
	/** `…Tool`: the node as an AI agent's tool (see `HarnessNodeTypes`). */
	type: 'zertiban' | 'cfis' | 'zertibanTool' | 'cfisTool';
	parameters: IDataObject;
	inputItems?: IDataObject[];
	credentials: CredentialStore;
	/** *On Error* = Continue (regular output). */
	continueOnFail?: boolean;
	/** The node's *On Error* setting; overrides `continueOnFail`. */
	onError?: INode['onError'];
	/** The workflow's time zone setting (IANA name), e.g. `Europe/Helsinki`. */
	timezone?: string;
}

/** Runs one node after the start node; the node is named "Node" in the result. */
export async function runNode({ type, parameters, inputItems = [{}], credentials, continueOnFail, onError, timezone }: SingleNodeRun): Promise<RunResult> {
	const credentialRefs = Object.fromEntries(Object.keys(credentials.data).map((t) => [t, { id: t, name: t }]));
	return await runWorkflow(
		{
			nodes: [
				{ id: 's', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(inputItems) } },
				{
					id: 'n',
					name: 'Node',
					type: `${PACKAGE_NAME}.${type}`,
					typeVersion: 1,
					position: [200, 0],
					parameters: parameters as INode['parameters'],
					credentials: credentialRefs,
					...(onError ? { onError } : continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: { Start: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		},
		credentials,
		{ timezone },
	);
}
