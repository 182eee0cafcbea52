/**
 * In-process n8n harness (shared/n8n/runtime.md §7): runs workflow JSON through n8n-core's `WorkflowExecute`
 * with this package's BUILT nodes and credentials (`dist/`, loaded as n8n loads a community package), the real
 * credential logic (`preAuthentication`, generic `authenticate`, refresh-and-retry on 401, token written back to
 * the credential store as n8n writes it to its database) and real HTTP to the sandbox on 127.0.0.1.
 */
import 'reflect-metadata';

import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ExecutionLifecycleHooks, PackageDirectoryLoader, PollContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	createRunExecutionData,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRequestOptionsSimplified,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type IConnections,
	type IWebhookData,
	type IWebhookDescription,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

export const PACKAGE_DIR = join(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-zertiban-cfis';

/**
 * The stub start node: emits the items given in its `items` parameter (a JSON array of objects). An item's
 * `$binary` key, if any, becomes its binary data: `{ field: { data: <base64>, mimeType, fileName } }`.
 */
class StartStub implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Test start node',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[{}]');
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [
			items.map(({ $binary, ...json }) =>
				$binary ? { json, binary: $binary as INodeExecutionData['binary'] } : { json },
			),
		];
	}
}

let loaded: Promise<PackageDirectoryLoader> | undefined;

/** Loads the built package once per test file, as n8n's community-package loader does. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	if (!existsSync(join(PACKAGE_DIR, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the workflow tests');
	}
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		return loader;
	})();
	return await loaded;
}

class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	private readonly start = new StartStub();

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		if (nodeType === 'harness.start' || nodeType === 'n8n-nodes-base.manualTrigger') return this.start;
		const short = nodeType.startsWith(`${PACKAGE_NAME}.`) ? nodeType.slice(PACKAGE_NAME.length + 1) : nodeType;
		const data = this.loader.nodeTypes[short];
		if (!data) throw new Error(`Unknown node type ${nodeType}`);
		return data.type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}

/**
 * The stored credentials of a test, by credential type (one each; id = type): what n8n keeps in its database.
 * `preAuthentication` writes refreshed tokens back here, so a second execution reuses them.
 */
export class CredentialStore {
	readonly data: Record<string, ICredentialDataDecryptedObject>;

	constructor(initial: Record<string, IDataObject>) {
		this.data = Object.fromEntries(
			Object.entries(initial).map(([type, values]) => [type, { ...values } as ICredentialDataDecryptedObject]),
		);
	}
}

/** An `ICredentialsHelper` that behaves like n8n's CLI `CredentialsHelper` for generic and pre-authenticated credentials. */
class HarnessCredentialsHelper extends ICredentialsHelper {
	constructor(
		private readonly loader: PackageDirectoryLoader,
		private readonly store: CredentialStore,
	) {
		super();
	}

	private type(name: string): ICredentialType {
		const data = this.loader.credentialTypes[name];
		if (!data) throw new Error(`Unknown credential type ${name}`);
		return data.type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		const data = this.store.data[type];
		return { id: nodeCredentials.id, name: nodeCredentials.name, type, getData: () => ({ ...data }) } as unknown as ICredentials;
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _node: INodeCredentialsDetails, type: string) {
		const stored = this.store.data[type];
		if (!stored) throw new Error(`No credentials of type ${type} in this test`);
		const defaults = Object.fromEntries(this.type(type).properties.map((p) => [p.name, p.default]));
		return { ...defaults, ...stored } as ICredentialDataDecryptedObject;
	}

	async updateCredentials(_node: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.store.data[type] = { ...data };
	}

	async updateCredentialsOauthTokenData() {}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate?.type === 'generic' && workflow && node) {
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				const target = ((requestOptions as unknown as Record<string, IDataObject>)[outerKey] ??= {});
				for (const [key, value] of Object.entries(outerValue as IDataObject)) {
					const resolve = (v: string) =>
						isExpression(v)
							? String(workflow.expression.getSimpleParameterValue(node, v, 'internal', { $credentials: credentials }, undefined, '') ?? '')
							: v;
					target[resolve(key)] = resolve(value as string);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		this.store.data[typeName] = { ...this.store.data[typeName], ...output } as ICredentialDataDecryptedObject;
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject, typeName: string) {
		const type = this.type(typeName);
		if (typeof type.preAuthentication !== 'function') return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}
}

/** The execution's additional data as n8n's CLI provides it, with this harness's credentials helper. */
function harnessAdditionalData(loader: PackageDirectoryLoader, store: CredentialStore, hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
	return {
		hooks,
		credentialsHelper: new HarnessCredentialsHelper(loader, store),
		executeWorkflow: async () => {
			throw new Error('not supported in the harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formBaseUrl: 'http://127.0.0.1/form',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1/form-test',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1/mcp-test',
		variables: {},
		userId: 'harness',
		startRunnerTask: async () => {
			throw new Error('not supported in the harness');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** A workflow as n8n exports it (the parts the harness uses). */
export interface WorkflowJson {
	nodes: INode[];
	connections: IConnections;
}

/** The finished execution: the run, its error (if the workflow failed) and each node's output items. */
export interface RunResult {
	run: IRun;
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	items(nodeName: string): INodeExecutionData[];
	json(nodeName: string): IDataObject[];
}

/** Executes `workflow` from its node without incoming connections and resolves when the execution ends. */
export async function runWorkflow(workflowJson: WorkflowJson, store: CredentialStore): Promise<RunResult> {
	const loader = await loadPackage();
	const nodeTypes = new HarnessNodeTypes(loader);
	const workflow = new Workflow({
		id: 'harness',
		name: 'harness',
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
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
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	// The engine throws synchronously for workflow issues (e.g. a required parameter left empty), as n8n does.
	const run = await Promise.race([done, Promise.resolve().then(() => execution.processRunExecutionData(workflow)).then(() => done)]);
	const items = (nodeName: string) => run.data.resultData.runData[nodeName]?.[0]?.data?.main?.[0] ?? [];
	return {
		run,
		error: run.data.resultData.error as RunResult['error'],
		items,
		json: (nodeName: string) => items(nodeName).map((item) => item.json),
	};
}

/** One node of this package fed with `inputItems` by a start node: the common shape of a workflow test. */
export interface SingleNodeRun {
	type: 'zertiban' | 'cfis';
	parameters: IDataObject;
	inputItems?: IDataObject[];
	credentials: CredentialStore;
	continueOnFail?: boolean;
}

/** Runs one node after the start node; the node is named "Node" in the result. */
export async function runNode({ type, parameters, inputItems = [{}], credentials, continueOnFail }: SingleNodeRun): Promise<RunResult> {
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
					...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
				},
			],
			connections: { Start: { main: [[{ node: 'Node', type: 'main', index: 0 }]] } },
		},
		credentials,
	);
}

/** The outcome of a credential test, as n8n's "Test" button reports it. */
export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Runs a credential's `test` request the way n8n's credential tester does for request-based tests: expressions in
 * the request resolved against `$credentials`, `preAuthentication` always run (a test fetches a fresh token),
 * `authenticate` applied, the request sent, an HTTP error or a matching `responseSuccessBody` rule reported as
 * `Error`.
 */
export async function testCredential(type: string, data: IDataObject): Promise<CredentialTestResult> {
	const loader = await loadPackage();
	const credentialType = loader.credentialTypes[type].type;
	const store = new CredentialStore({ [type]: data });
	const helper = new HarnessCredentialsHelper(loader, store);
	const node: INode = { id: 't', name: 'Test', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ id: 't', nodes: [node], connections: {}, active: false, nodeTypes: new HarnessNodeTypes(loader) });
	const credentials = (await helper.getDecrypted({} as IWorkflowExecuteAdditionalData, { id: type, name: type }, type)) as ICredentialDataDecryptedObject;
	const resolve = (value: unknown) =>
		typeof value === 'string' && isExpression(value)
			? workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '')
			: value;
	try {
		if (typeof credentialType.preAuthentication === 'function') {
			const httpRequest = async (options: IHttpRequestOptions) => {
				const response = await fetch(options.url, { method: options.method, headers: options.headers as Record<string, string>, body: options.body as string });
				return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.text() };
			};
			Object.assign(credentials, await credentialType.preAuthentication.call({ helpers: { httpRequest } } as never, credentials));
		}
		const request = credentialType.test!.request;
		const url = new URL(`${String(resolve(request.baseURL))}${String(resolve(request.url))}`);
		for (const [key, value] of Object.entries(request.qs ?? {})) url.searchParams.set(key, String(value));
		const signed = await helper.authenticate(credentials, type, { url: url.toString(), method: request.method ?? 'GET', headers: {} }, workflow, node);
		const response = await fetch(url, { method: signed.method, headers: signed.headers as Record<string, string> });
		if (!response.ok) return { status: 'Error', message: `Authorization failed (${response.status})` };
		const body = (await response.json().catch(() => ({}))) as IDataObject;
		for (const rule of credentialType.test!.rules ?? []) {
			if (rule.type === 'responseSuccessBody' && body[rule.properties.key] === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection tested successfully' };
	} catch (error) {
		return { status: 'Error', message: (error as Error).message };
	}
}

// ---- webhook trigger nodes: one webhook call, as n8n's webhook server runs it --------------------------------

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
}

function triggerWorkflow(loader: PackageDirectoryLoader, setup: TriggerNodeSetup) {
	const node: INode = {
		id: 'trigger-node',
		name: 'Trigger',
		type: `${PACKAGE_NAME}.${setup.type}`,
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'b1e1c0de-0000-4000-8000-000000000001',
		parameters: setup.parameters as INode['parameters'],
		credentials: Object.fromEntries(Object.keys(setup.credentials.data).map((t) => [t, { id: t, name: t }])),
	};
	const workflow = new Workflow({
		id: 'harness-trigger',
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

/** What the HTTP client of a webhook saw, and what the node handed to n8n to start an execution. */
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
	body?: unknown;
	query?: IDataObject;
	mode?: WorkflowExecuteMode;
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
	const response = {
		headersSent: false,
		status(code: number) {
			result.status = code;
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
			response.headersSent = true;
			markSent();
			return response;
		},
		send(body: unknown) {
			result.body = body;
			response.headersSent = true;
			markSent();
			return response;
		},
		redirect(code: number, url: string) {
			result.status = code;
			result.location = url;
			response.headersSent = true;
			markSent();
			return response;
		},
		end() {
			response.headersSent = true;
			return response;
		},
	};
	const additionalData = {
		...harnessAdditionalData(loader, setup.credentials),
		httpRequest: { method: description.httpMethod, headers: request.headers ?? {}, body: request.body ?? {}, query: request.query ?? {}, params: {} },
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
	save();
	await sent;
	if (!data.noWebhookResponse && result.status === 0) {
		result.status = 200;
		result.body = data.webhookResponse ?? { message: 'Workflow was started' };
	}
	result.items = data.workflowData?.[0]?.map((item) => item.json);
	return result;
}

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
