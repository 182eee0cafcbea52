/**
 * What the abuse suite takes from the workflow harness (one place, so the harness can move), plus small helpers:
 * the sandbox fixture, a signer for hostile webhook bodies that does not recurse, and a counting proxy that can
 * lose chosen answers.
 */
export {
	CredentialStore,
	StaticDataStore,
	callWebhook,
	executeTrigger,
	pollNode,
	runNode,
	testCredential,
	type RunResult,
	type TriggerNodeSetup,
	type WebhookCallResult,
} from '../workflow/harness';
export { sandboxFixture } from '../helpers/sandbox';

import { createHmac } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Canonical JSON (keys sorted, compact) without recursion, so bodies nested thousands of levels deep can be
 * signed as Zertiban would (zertiban.md §11.5).
 */
export function canonicalIterative(value: unknown): string {
	const out: string[] = [];
	const stack: Array<{ v: unknown } | { text: string }> = [{ v: value }];
	while (stack.length) {
		const top = stack.pop()!;
		if ('text' in top) {
			out.push(top.text);
			continue;
		}
		const v = top.v;
		if (Array.isArray(v)) {
			const parts: Array<{ v: unknown } | { text: string }> = [{ text: '[' }];
			v.forEach((entry, i) => {
				if (i) parts.push({ text: ',' });
				parts.push({ v: entry ?? null });
			});
			parts.push({ text: ']' });
			for (const part of parts.reverse()) stack.push(part);
		} else if (v !== null && typeof v === 'object') {
			const parts: Array<{ v: unknown } | { text: string }> = [{ text: '{' }];
			Object.keys(v)
				.sort()
				.forEach((key, i) => {
					parts.push({ text: `${i ? ',' : ''}${JSON.stringify(key)}:` });
					parts.push({ v: (v as Record<string, unknown>)[key] });
				});
			parts.push({ text: '}' });
			for (const part of parts.reverse()) stack.push(part);
		} else {
			out.push(JSON.stringify(v) ?? 'null');
		}
	}
	return out.join('');
}

/** The `zb-*` headers of a delivery signed over `signedText` (the canonical text the sender used). */
export function signText(signedText: string, secret: string, at = Date.now()): Record<string, string> {
	const timestamp = String(at);
	const hex = createHmac('sha256', secret).update(signedText + timestamp).digest('hex');
	return { 'zb-timestamp': timestamp, 'zb-signature': Buffer.from(hex).toString('base64'), 'content-type': 'application/json' };
}

/** A reverse proxy in front of the sandbox that forwards everything and, on request, loses chosen answers. */
export interface LossyProxy {
	baseUrl: string;
	/** `(method, path, n)` → true to lose the answer of the n-th (1-based) such request: forwarded, then the client socket is destroyed */
	loseAnswer: (method: string, path: string, n: number) => boolean;
	/** every request forwarded so far: method, path with query, body as UTF-8 text */
	log: Array<{ method: string; url: string; body: string }>;
	close(): Promise<void>;
}

/** Starts a {@link LossyProxy} to `target` (`http://127.0.0.1:port`) on a free loopback port. */
export async function startLossyProxy(target: string): Promise<LossyProxy> {
	const upstream = new URL(target);
	const seen = new Map<string, number>();
	const proxy: LossyProxy = { baseUrl: '', loseAnswer: () => false, log: [], close: async () => undefined };
	const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
		const path = (incoming.url ?? '/').split('?')[0];
		const key = `${incoming.method} ${path}`;
		const n = (seen.get(key) ?? 0) + 1;
		seen.set(key, n);
		const lose = proxy.loseAnswer(incoming.method ?? 'GET', path, n);
		const forward = httpRequest(
			{ host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
			(answer) => {
				if (lose) {
					answer.resume();
					answer.on('end', () => incoming.socket.destroy());
					return;
				}
				outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(outgoing);
			},
		);
		forward.on('error', () => incoming.socket.destroy());
		const entry = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', body: '' };
		proxy.log.push(entry);
		const chunks: Buffer[] = [];
		incoming.on('data', (chunk: Buffer) => {
			chunks.push(chunk);
			forward.write(chunk);
		});
		incoming.on('end', () => {
			entry.body = Buffer.concat(chunks).toString('utf8');
			forward.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	proxy.close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return proxy;
}
