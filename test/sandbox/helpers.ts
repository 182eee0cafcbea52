/** Small HTTP helpers for the sandbox tests (global fetch, real sockets). */
import type { SandboxInfo } from '../../sandbox';

/** `Authorization: Basic …` value for a client id and secret. */
export function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

/** What a test sees of a response: status, headers, raw text and the parsed JSON body (typed by the caller). */
export interface Reply<T> {
	status: number;
	headers: Headers;
	text: string;
	body: T;
}

/** A fetch whose body is read as text and, when possible, parsed as JSON of the shape `T` the caller expects. */
export async function call<T = Record<string, unknown>>(url: string, init: RequestInit = {}): Promise<Reply<T>> {
	const response = await fetch(url, init);
	const text = await response.text();
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: response.status, headers: response.headers, text, body: body as T };
}

/** POSTs a JSON body (or none) to a control endpoint of a sandbox app and returns the parsed response. */
export function control<T = Record<string, unknown>>(origin: string, path: string, body?: unknown, method = 'POST') {
	return call<T>(`${origin}/__sandbox/${path}`, {
		method,
		...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
}

/** Root URL of the CFIS server (its baseUrl without `/api/v1/partner`). */
export function cfisOrigin(info: SandboxInfo): string {
	return new URL(info.cfis.baseUrl).origin;
}

/** Requests a Zertiban token the way the credential does (Basic + form) and returns the access token. */
export async function zertibanToken(info: SandboxInfo, path = '/idp/oauth2/token'): Promise<string> {
	const res = await call<{ access_token: string }>(`${info.zertiban.baseUrl}${path}`, {
		method: 'POST',
		headers: {
			authorization: basic(info.zertiban.clientId, info.zertiban.clientSecret),
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: 'grant_type=client_credentials',
	});
	if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
	return res.body.access_token;
}
