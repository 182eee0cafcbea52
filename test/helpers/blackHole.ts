/**
 * A black-hole server for timeout tests: it accepts every connection and reads the request, but never answers —
 * except Zertiban's token paths (`/idp/oauth2/token`, `/api/v2/auth/token`), which it answers with a token, so that
 * what hangs is the API call itself. It counts the requests it swallowed per `METHOD path` (no query).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A running black hole: its base URL, what it swallowed, and `close()` (drops every held connection). */
export interface BlackHole {
	baseUrl: string;
	swallowed: Map<string, number>;
	close(): Promise<void>;
}

const TOKEN_PATHS = ['/idp/oauth2/token', '/api/v2/auth/token'];

/** Starts a black hole on a free loopback port. */
export async function startBlackHole(): Promise<BlackHole> {
	const sockets = new Set<Socket>();
	const swallowed = new Map<string, number>();
	const server: Server = createServer((request, response) => {
		const path = (request.url ?? '/').split('?')[0];
		request.resume();
		if (request.method === 'POST' && TOKEN_PATHS.includes(path)) {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ access_token: `black-hole-${Math.random().toString(36).slice(2)}`, token_type: 'Bearer', expires_in: 900 }));
			return;
		}
		const key = `${request.method ?? '?'} ${path}`;
		swallowed.set(key, (swallowed.get(key) ?? 0) + 1);
		// no answer, ever
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		swallowed,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
