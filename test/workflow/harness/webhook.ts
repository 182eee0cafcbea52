/**
 * Webhook trigger nodes: one webhook call, as n8n's webhook server runs it, with the trigger's static data kept
 * between calls as n8n keeps it in its database.
 */
import { PackageDirectoryLoader, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type IWebhookData,
	type IWebhookDescription,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { harnessAdditionalData, type CredentialStore } from './credentials';
import { HarnessNodeTypes, loadPackage, PACKAGE_NAME } from './package';
import { runWorkflow } from './run';

/**
 * A trigger node's static data as n8n keeps it in its database between calls: each call starts from a copy of
 * `data` (as loaded) and, when it returns, `data` is replaced by what the node left (as saved).
 */
export class StaticDataStore {
	data: IDataObject = {};
}

/** One trigger node of this package with its parameters, stored credentials and static data. */
export interface TriggerNodeSetup {
	type: 'zertibanTrigger';
	parameters: IDataObject;
	credentials: CredentialStore;
	staticData?: StaticDataStore;
	/** the workflow's ID (default `harness-trigger`); two setups with different IDs are two workflows */
	workflowId?: string;
}

/** The trigger node of `setup`, named "Trigger", with a credential reference per credential type it holds. */
function triggerNode(setup: TriggerNodeSetup): INode {
	return {
		id: 'trigger-node',
		name: 'Trigger',
		type: `${PACKAGE_NAME}.${setup.type}`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'b1e1c0de-0000-4000-8000-000000000001',
		parameters: setup.parameters as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(setup.credentials.data).map((t) => [t, { id: t, name: t }])),
	};
}

/** The one-node active workflow of a trigger setup, a `save()` that writes its static data back, and its node type. */
function triggerWorkflow(loader: PackageDirectoryLoader, setup: TriggerNodeSetup) {
	const node = triggerNode(setup);
	const workflow = new Workflow({
		id: setup.workflowId ?? 'harness-trigger',
		name: 'harness',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: new HarnessNodeTypes(loader),
		staticData: JSON.parse(JSON.stringify(setup.staticData?.data ?? {})) as IDataObject,
		settings: { executionOrder: 'v1' },
	});
	const save = () => {
		if (setup.staticData) setup.staticData.data = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	};
	return { node, workflow, save, nodeType: new HarnessNodeTypes(loader).getByNameAndVersion(node.type, 1) };
}

/**
 * What the HTTP client of a webhook saw, and what the node handed to n8n to start an execution. When the node hands
 * items to n8n without answering itself, the answer is n8n 2.41's for `responseMode: 'onReceived'`, sent after the
 * execution is queued (docs/n8n.md §1): the description's `responseData` when set ('noData': no body), else the
 * node's `webhookResponse`, else `{ message: 'Workflow was started' }`; 500 when queueing failed.
 */
export interface WebhookCallResult {
	status: number;
	headers: Record<string, string>;
	/** the body sent (object for JSON, string for text/HTML), undefined when the node sent nothing */
	body: unknown;
	/** `Location` of a redirect */
	location?: string;
	/** when the response was sent, relative to the node's API calls: `before` the first one, or `after` */
	respondedBeforeApiCall?: boolean;
	/** items of the execution the node asked for; undefined = no execution */
	items?: IDataObject[];
}

/** A request to one of the node's webhooks: `default` (its POST path) or `setup` (its GET path). */
export interface WebhookRequest {
	webhookName: 'default' | 'setup';
	headers?: Record<string, string>;
	/** the parsed JSON body as n8n hands it over: any JSON value, `null` included; `{}` when absent */
	body?: unknown;
	query?: IDataObject;
	mode?: WorkflowExecuteMode;
	/** the client gave up before the answer went out (the response's socket is destroyed, nothing was flushed) */
	aborted?: boolean;
	/** n8n could not store or queue the execution (database or Redis down): it answers 500 */
	queueFails?: boolean;
}

/**
 * Runs the node's `webhook()` once with an express-like request/response pair, as n8n's live webhook handler
 * does, and reports the HTTP answer and the execution data. Counts sandbox API requests around the call through
 * `apiRequests` (optional) to tell whether the answer went out before the first API call.
 */
export async function callWebhook(
	setup: TriggerNodeSetup,
	request: WebhookRequest,
	apiRequests?: () => Promise<number>,
): Promise<WebhookCallResult> {
	const loader = await loadPackage();
	const { node, workflow, save, nodeType } = triggerWorkflow(loader, setup);
	const description = (nodeType.description.webhooks ?? []).find((w) => w.name === request.webhookName) as IWebhookDescription;
	const before = apiRequests ? await apiRequests() : 0;
	const result: WebhookCallResult = { status: 0, headers: {}, body: undefined };
	let sent: Promise<void> | undefined;
	const markSent = () => {
		if (apiRequests) sent = apiRequests().then((count) => void (result.respondedBeforeApiCall = count === before));
	};
	const closeListeners: Array<() => void> = [];
	const response = {
		headersSent: false,
		statusCode: 200,
		writableFinished: false,
		...(request.aborted ? { destroyed: true } : {}),
		status(code: number) {
			result.status = code;
			response.statusCode = code;
			return response;
		},
		set(headers: Record<string, string>) {
			for (const [k, v] of Object.entries(headers)) result.headers[k.toLowerCase()] = v;
			return response;
		},
		setHeader(name: string, value: string) {
			result.headers[name.toLowerCase()] = value;
			return response;
		},
		json(body: unknown) {
			result.body = body;
			result.headers['content-type'] ??= 'application/json';
			return response.end();
		},
		send(body: unknown) {
			result.body = body;
			return response.end();
		},
		redirect(code: number, url: string) {
			result.status = code;
			response.statusCode = code;
			result.location = url;
			return response.end();
		},
		end() {
			response.headersSent = true;
			response.writableFinished = !request.aborted;
			markSent();
			return response;
		},
		once(event: string, listener: () => void) {
			if (event === 'close') closeListeners.push(listener);
			return response;
		},
	};
	const additionalData = {
		...harnessAdditionalData(loader, setup.credentials),
		httpRequest: { method: description.httpMethod, headers: request.headers ?? {}, body: request.body === undefined ? {} : request.body, query: request.query ?? {}, params: {} },
		httpResponse: response,
	} as unknown as IWebhookData['workflowExecuteAdditionalData'];
	const webhookData = {
		httpMethod: description.httpMethod,
		node: node.name,
		path: `${node.webhookId}/${description.path}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	} as IWebhookData;
	const context = new WebhookContext(workflow, node, additionalData, request.mode ?? 'webhook', webhookData, [], null);
	const data = await nodeType.webhook!.call(context);
	result.items = data.workflowData?.[0]?.map((item) => item.json);
	if (!data.noWebhookResponse && !response.headersSent && !request.aborted) {
		// n8n stores and queues the execution, saves static data, then answers (docs/n8n.md §1).
		if (request.queueFails) {
			response.status(500).json({ code: 0, message: 'Error in workflow' });
		} else {
			save();
			const responseData = description.responseData;
			const body = responseData === 'noData' ? undefined : responseData || (data.webhookResponse ?? { message: 'Workflow was started' });
			response.status(200).json(body);
		}
	} else if (!request.queueFails) {
		save();
	}
	await sent;
	for (const listener of closeListeners) listener();
	return result;
}

/**
 * Runs the trigger node of `setup` in an execution that starts with `items` (what its `webhook()` handed to n8n), as
 * n8n runs it on a worker: a webhook node with an `execute` method is executed there (docs/n8n.md §1.3). Returns the
 * trigger's output items (json).
 */
export async function executeTrigger(setup: TriggerNodeSetup, items: IDataObject[]): Promise<IDataObject[]> {
	const run = await runWorkflow({ nodes: [triggerNode(setup)], connections: {} }, setup.credentials, { startItems: items });
	if (run.error) throw run.error;
	return run.json('Trigger');
}
