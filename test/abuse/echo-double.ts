/**
 * An API double that echoes what it receives, as some gateways do in their error pages: a small HTTP server on a
 * free loopback port whose errors carry the `Authorization` / `X-Api-Key` header, the decoded Basic credentials,
 * the URL and the body, in plain, URL-encoded and Base64 form. It speaks just enough Zertiban to hand out tokens
 * (every token it issues is remembered, so the suite can look for it in whatever the node let out).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the token endpoint answers: a token, or an echoing 400 / 500. */
export type TokenMode = 'ok' | 'echo400' | 'echo500';
/** How every other path answers: an echoing error with this status (401 = refuse the token, echoing it). */
export type ApiMode = 400 | 401 | 403 | 404 | 409 | 422 | 500;

/** The ways an echo is written into an error body; the double cycles through them. */
export const ECHO_STYLES = ['message', 'oauth', 'text', 'urlencoded', 'base64', 'decodedBasic', 'fieldErrors', 'nested'] as const;
export type EchoStyle = (typeof ECHO_STYLES)[number];

/** A running echo double. */
export interface EchoDouble {
	/** `http://127.0.0.1:<port>` */
	baseUrl: string;
	/** every access token issued so far */
	issuedTokens: string[];
	/** requests received, by kind */
	requests: { token: number; api: number };
	/** how the next answers look; change between cases */
	mode: { token: TokenMode; api: ApiMode; style: EchoStyle; refuseUnknownTokens: boolean };
	close(): Promise<void>;
}

function echoOf(request: IncomingMessage, body: string): { header: string; decoded: string; url: string; body: string } {
	const header = String(request.headers.authorization ?? request.headers['x-api-key'] ?? '');
	let decoded = '';
	const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
	if (basic) {
		const text = Buffer.from(basic, 'base64').toString('utf8');
		try {
			decoded = decodeURIComponent(text);
		} catch {
			decoded = text;
		}
	}
	return { header, decoded, url: request.url ?? '', body: body.slice(0, 2000) };
}

function errorBody(style: EchoStyle, status: number, e: ReturnType<typeof echoOf>): { type: string; text: string } {
	const json = (value: unknown) => ({ type: 'application/json', text: JSON.stringify(value) });
	const line = `Rejected ${e.url}: Authorization=${e.header} body=${e.body}`;
	switch (style) {
		case 'message':
			return json({ status, message: line, echo: { headers: { authorization: e.header }, url: e.url, body: e.body } });
		case 'oauth':
			return json({ error: 'invalid_request', error_description: `request with ${e.header} refused` });
		case 'text':
			return { type: 'text/plain', text: `${status} gateway error\nAuthorization: ${e.header}\nX-Original-URL: ${e.url}\n\n${e.body}` };
		case 'urlencoded':
			return json({ detail: `header=${encodeURIComponent(e.header)}&url=${encodeURIComponent(e.url)}` });
		case 'base64':
			return json({ title: 'Trace', detail: Buffer.from(line).toString('base64'), token: Buffer.from(e.header.replace(/^\S+\s+/, '')).toString('base64') });
		case 'decodedBasic':
			return json({ error: 'invalid_client', error_description: `client ${e.decoded || e.header} is not allowed here` });
		case 'fieldErrors':
			return json({ message: 'Validation failed', errors: [{ field: 'authorization', message: e.header }, { field: 'url', message: e.url }] });
		case 'nested':
			return json({ error: { code: status, request: { headers: [['Authorization', e.header]], raw: e.body } } });
	}
}

/** Starts the double on a free loopback port. */
export async function startEchoDouble(): Promise<EchoDouble> {
	const issuedTokens: string[] = [];
	const requests = { token: 0, api: 0 };
	const mode: EchoDouble['mode'] = { token: 'ok', api: 400, style: 'message', refuseUnknownTokens: true };
	const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const e = echoOf(request, body);
			const send = (status: number, answer: { type: string; text: string }) => {
				response.writeHead(status, { 'content-type': answer.type });
				response.end(answer.text);
			};
			if ((request.url ?? '').startsWith('/idp/oauth2/token')) {
				requests.token++;
				if (mode.token === 'ok') {
					const token = `tok_${randomBytes(18).toString('base64url')}`;
					issuedTokens.push(token);
					return send(200, { type: 'application/json', text: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 900 }) });
				}
				return send(mode.token === 'echo400' ? 400 : 500, errorBody(mode.style, 400, e));
			}
			requests.api++;
			const bearer = /^Bearer\s+(\S+)$/i.exec(String(request.headers.authorization ?? ''))?.[1];
			if (mode.refuseUnknownTokens && bearer !== undefined && !issuedTokens.includes(bearer)) {
				return send(401, errorBody(mode.style, 401, e));
			}
			send(mode.api, errorBody(mode.style, mode.api, e));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		issuedTokens,
		requests,
		mode,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
