/** Direct Zertiban sandbox calls for workflow tests: set up data (flows) without going through the node. */
import type { IHttpRequestOptions, ILoadOptionsFunctions } from 'n8n-workflow';

import type { SandboxInfo } from '../../sandbox';
import type { sandboxFixture } from './sandbox';

/** An access token for the sandbox's seeded client (Basic + form, as the credential asks for it). */
export async function sandboxToken(info: SandboxInfo): Promise<string> {
	const { baseUrl, clientId, clientSecret } = info.zertiban;
	const response = await fetch(`${baseUrl}/idp/oauth2/token`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: 'grant_type=client_credentials',
	});
	return ((await response.json()) as { access_token: string }).access_token;
}

/** `GET` a Zertiban path as the business (bearer + x-tenant-id); resolves the status and parsed body. */
export async function sandboxGet<T = Record<string, unknown>>(info: SandboxInfo, path: string): Promise<{ status: number; body: T }> {
	const response = await fetch(`${info.zertiban.baseUrl}${path}`, {
		headers: { authorization: `Bearer ${await sandboxToken(info)}`, 'x-tenant-id': info.zertiban.businessUuid },
	});
	return { status: response.status, body: (await response.json()) as T };
}

/** The create answer of the sandbox. */
export interface CreatedFlow {
	uuid: string;
	operations: Array<{ uuid: string; url: string; externalId?: string }>;
}

/**
 * Creates `flows` flows of `operationsPerFlow` PAYMENT operations each (50 cents) directly in the sandbox, 20 at a
 * time; external IDs `${prefix}-<flow>` and `${prefix}-<flow>-<op>`. Resolves the create answers in order.
 */
export async function createSandboxFlows(info: SandboxInfo, flows: number, operationsPerFlow = 1, prefix = 'T'): Promise<CreatedFlow[]> {
	const token = await sandboxToken(info);
	const one = async (f: number): Promise<CreatedFlow> => {
		const payload = {
			externalId: `${prefix}-${f}`,
			countryCode: 'ES',
			operations: Array.from({ length: operationsPerFlow }, (_, o) => ({
				id: `op-${o}`,
				type: 'PAYMENT',
				externalId: `${prefix}-${f}-${o}`,
				payment: {
					amount: 50,
					currency: 'EUR',
					types: ['PSD2_PAYMENT'],
					psd2Payment: { type: 'SINGLE_PAYMENT', product: 'SEPA_CREDIT_TRANSFER' },
				},
			})),
		};
		const form = new FormData();
		form.append('payload', new Blob([JSON.stringify(payload)], { type: 'application/json' }), 'payload.json');
		const response = await fetch(`${info.zertiban.baseUrl}/flow/v1/flows`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'x-tenant-id': info.zertiban.businessUuid },
			body: form,
		});
		if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
		return (await response.json()) as CreatedFlow;
	};
	const out: CreatedFlow[] = [];
	for (let start = 0; start < flows; start += 20) {
		out.push(...(await Promise.all(Array.from({ length: Math.min(20, flows - start) }, (_, i) => one(start + i)))));
	}
	return out;
}

/** Sends a Zertiban sandbox control (`POST` with a JSON body, or `PUT` when `method` says so); throws unless 2xx. */
export async function zertibanControl(info: SandboxInfo, path: string, body: unknown = {}, method = 'POST') {
	const response = await fetch(`${info.zertiban.baseUrl}/__sandbox/${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`control ${path} answered ${response.status} ${await response.text()}`);
	return (await response.json()) as Record<string, unknown>;
}

/**
 * A load-options context (what n8n gives a resource locator's search) that signs requests as the credential
 * would (sandbox token, x-tenant-id) and records every request in `sent`.
 */
export async function loadOptionsContext(fx: Awaited<ReturnType<typeof sandboxFixture>>, sent: IHttpRequestOptions[]) {
	const token = await sandboxToken(fx.info);
	return {
		getNode: () => ({ id: 'n', name: 'Zertiban', type: 'n8n-nodes-zertiban-cfis.zertiban', typeVersion: 1, position: [0, 0], parameters: {} }),
		getCredentials: async () => fx.zertibanCredentials().data.zertibanOAuth2Api,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, options: IHttpRequestOptions) => {
				sent.push(options);
				const url = new URL(options.url);
				for (const [key, value] of Object.entries(options.qs ?? {})) url.searchParams.set(key, String(value));
				const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'x-tenant-id': fx.info.zertiban.businessUuid } });
				const body = await response.json();
				if (!response.ok) throw Object.assign(new Error('failed'), { response: { status: response.status, data: body, headers: {} } });
				return body;
			},
		},
	} as unknown as ILoadOptionsFunctions;
}
