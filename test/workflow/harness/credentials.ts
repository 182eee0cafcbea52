/**
 * Credentials in the harness as n8n's CLI handles them: the stored credentials of a test, a credentials helper
 * that runs the real credential logic (`preAuthentication`, generic `authenticate`, token written back), the
 * execution's additional data built on it, and the credential "Test" button.
 */
import { ExecutionLifecycleHooks, PackageDirectoryLoader } from 'n8n-core';
import {
	ICredentialsHelper,
	Workflow,
	isExpression,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessNodeTypes, loadPackage } from './package';

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
 * Runs a credential's `test` request the way n8n 2.41's credential tester does for request-based tests (seen through
 * its REST API, `POST /rest/credentials/test`, in the demo): expressions in the request resolved against
 * `$credentials`; `preAuthentication` run only when the stored expirable field (the access token) is empty, so a
 * saved credential is tested with its stored token; `authenticate` applied; the request sent; after a 401,
 * `preAuthentication` run and the request retried once; an HTTP error reported as `Error` with the message of the
 * `responseCode` rule for its status, else the status text (n8n 2.41 `CredentialsTester`); a matching
 * `responseSuccessBody` rule reported as `Error` with its message.
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
	const expirable = credentialType.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
	const preAuthenticate = async () => {
		if (typeof credentialType.preAuthentication !== 'function' || !expirable) return false;
		const httpRequest = async (options: IHttpRequestOptions) => {
			const response = await fetch(options.url, { method: options.method, headers: options.headers as Record<string, string>, body: options.body as string });
			return { statusCode: response.status, headers: Object.fromEntries(response.headers.entries()), body: await response.text() };
		};
		Object.assign(credentials, await credentialType.preAuthentication.call({ helpers: { httpRequest } } as never, credentials));
		return true;
	};
	const request = credentialType.test!.request;
	const url = new URL(`${String(resolve(request.baseURL))}${String(resolve(request.url))}`);
	for (const [key, value] of Object.entries(request.qs ?? {})) url.searchParams.set(key, String(value));
	const send = async () => {
		const signed = await helper.authenticate(credentials, type, { url: url.toString(), method: request.method ?? 'GET', headers: {} }, workflow, node);
		return await fetch(url, { method: signed.method, headers: signed.headers as Record<string, string> });
	};
	try {
		if (expirable && credentials[expirable.name] === '') await preAuthenticate();
		let response = await send();
		if (response.status === 401 && (await preAuthenticate())) response = await send();
		if (!response.ok) {
			// n8n's tester: a `responseCode` rule for the status gives its message, otherwise the HTTP status text.
			const rule = credentialType.test!.rules?.find((each) => each.type === 'responseCode' && each.properties.value === response.status);
			return { status: 'Error', message: rule ? rule.properties.message : response.statusText || `Received HTTP status code: ${response.status}` };
		}
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
