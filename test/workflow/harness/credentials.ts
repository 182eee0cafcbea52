/**
 * Credentials in the harness as n8n's CLI handles them: the stored credentials of a test, a credentials helper
 * that runs the real credential logic (`preAuthentication`, generic `authenticate`, token written back), the
 * execution's additional data built on it, and the credential "Test" button.
 */
import { ExecuteContext, ExecutionLifecycleHooks, PackageDirectoryLoader, RoutingNode } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	createEmptyRunExecutionData,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { loadPackage } from './package';

/** lodash `get` as the tester uses it for `responseSuccessBody` keys: a dotted path into the answer body. */
function get(value: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((at, key) => (at !== null && at !== undefined ? (at as Record<string, unknown>)[key] : undefined), value);
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
export class HarnessCredentialsHelper extends ICredentialsHelper {
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
export function harnessAdditionalData(loader: PackageDirectoryLoader, store: CredentialStore, hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
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

/** The outcome of a credential test, as n8n's "Test" button reports it. */
export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

/**
 * Runs a credential's `test` request as n8n 2.41.1's credential tester does for request-based tests (its CLI's
 * `CredentialsTester.runRequestTest`, `dist/services/credentials-tester.service.js`; the same code answers
 * `POST /rest/credentials/test`): the request is the `routing.request` of a temporary node property, run by
 * n8n-core's own `RoutingNode` (expressions against `$credentials`, `httpRequestWithAuthentication`: this harness's
 * credentials helper runs `preAuthentication` when the stored expirable field is empty and again after a 401, then
 * the credential's `authenticate`; `ignoreHttpStatusErrors` as the request gives it). Then the tester's verdict,
 * step by step: an HTTP error whose status a `responseCode` rule names → that rule's message; another status outside
 * 2xx → the status text (or "Received HTTP status code: N"); a network error → its code; otherwise the answer body
 * is matched against the `responseSuccessBody` rules (first match → its message), else OK. n8n's success message is
 * "Connection successful!".
 */
export async function testCredential(type: string, data: IDataObject): Promise<CredentialTestResult> {
	const loader = await loadPackage();
	const credentialType = loader.credentialTypes[type].type;
	const test = credentialType.test;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };
	const store = new CredentialStore({ [type]: data });
	const helper = new HarnessCredentialsHelper(loader, store);
	const credentials = (await helper.getDecrypted({} as IWorkflowExecuteAdditionalData, { id: type, name: type }, type)) as ICredentialDataDecryptedObject;
	// The tester's temporary node type: one property whose routing is the test request.
	const tempType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'harness.credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp-Node' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type, required: true }],
			properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: test.request }, default: '' }],
		} as INodeType['description'],
	};
	const nodeTypes: INodeTypes = {
		getByName: () => tempType,
		getByNameAndVersion: () => tempType,
		getKnownTypes: () => ({}),
	};
	const node: INode = { id: 'temp', name: 'Temp-Node', type: 'harness.credentialTest', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { [type]: { id: type, name: type } } };
	const workflow = new Workflow({ id: 'credential-test', nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = harnessAdditionalData(loader, store);
	const inputData = { main: [[{ json: {} }]] };
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', createEmptyRunExecutionData(), 0, [], inputData, { node, data: {}, source: null }, []);
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await new RoutingNode(context, tempType, { id: type, name: type, type, data: credentials }).runNode();
	} catch (caught) {
		const error = caught as { cause?: { response?: { status: number; statusText?: string }; code?: string }; message?: string };
		const failed = error.cause?.response;
		if (failed) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && failed.status === rule.properties.value) return { status: 'Error', message: rule.properties.message };
			}
			if (failed.status < 199 || failed.status > 299) return { status: 'Error', message: failed.statusText || `Received HTTP status code: ${failed.status}` };
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: String(error.message) };
	}
	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && get(response?.[0]?.[0]?.json, rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message };
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}
