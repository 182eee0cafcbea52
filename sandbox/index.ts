/**
 * Local API sandbox: the Zertiban and CFIS simulators on loopback (docs/zertiban.md §15.2, docs/cfis.md). Test and demo double,
 * never shipped. `startSandbox()` starts both; `npm run sandbox` (sandbox/cli.ts) does the same from a shell.
 */
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { buildCfisApp, CFIS_BASE_PATH } from './cfis';
import { createClock } from './clock';
import { createEventBus } from './events';
import {
	CFIS_CLIENT_TOKEN,
	CFIS_EXPIRED_CLIENT_TOKEN,
	CFIS_PARTNER_TOKEN,
	ZERTIBAN_BUSINESS_UUID,
	ZERTIBAN_CLIENT_ID,
	ZERTIBAN_CLIENT_SECRET,
	ZERTIBAN_WEBHOOK_SECRET,
} from './seed';
import { attachWebhookDispatcher } from './webhooks';
import { buildZertibanApp } from './zertiban';

/**
 * Everything a client needs to reach the sandbox; printed by the CLI as one JSON line, keys in this order.
 * `zertiban.baseUrl` is the server root (`http://127.0.0.1:<port>`, no trailing slash);
 * `cfis.baseUrl` includes the API path (`http://127.0.0.1:<port>/api/v1/partner`). Secrets are the seed constants.
 */
export interface SandboxInfo {
	zertiban: { baseUrl: string; clientId: string; clientSecret: string; businessUuid: string; webhookSecret: string };
	cfis: { baseUrl: string; partnerToken: string; clientToken: string; expiredClientToken: string };
}

/** A running sandbox: its connection info and `close()`, which stops both servers (resolves when closed). */
export interface Sandbox {
	info: SandboxInfo;
	close(): Promise<void>;
}

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
	/** Zertiban port, default 4010; 0 = any free port */
	zertibanPort?: number;
	/** CFIS port, default 4020; 0 = any free port */
	cfisPort?: number;
	/** listen address, default `127.0.0.1`; only loopback addresses are accepted */
	host?: string;
	/** Zertiban access-token lifetime in seconds (`expires_in`), default 900 */
	tokenTtlSeconds?: number;
	/**
	 * Timeout of one webhook delivery attempt, ms; default 5 000 (zertiban.md §11.2). Longer for tests that check
	 * what a receiver does with every delivery on a loaded machine, not how fast it answers (that is a benchmark).
	 */
	webhookAttemptTimeoutMs?: number;
}

function checkPort(port: number, name: string): number {
	if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`${name} must be an integer 0-65535`);
	return port;
}

/** `http://host:port` of a listening app (IPv6 hosts in brackets). */
function origin(app: FastifyInstance, host: string): string {
	const { port } = app.server.address() as AddressInfo;
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Starts both simulators with fresh in-memory state (two sandboxes never share state).
 * Rejects when a port is taken (nothing is left listening) or an option is out of range.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const host = opts.host ?? '127.0.0.1';
	if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) && host !== '::1') {
		throw new Error(`The sandbox listens on loopback only; host ${host} is not a loopback address`);
	}
	const zertibanPort = checkPort(opts.zertibanPort ?? 4010, 'zertibanPort');
	const cfisPort = checkPort(opts.cfisPort ?? 4020, 'cfisPort');
	const clock = createClock(); // one clock for both simulators
	const events = createEventBus(); // Zertiban status changes, for the webhook dispatcher
	const zertiban = buildZertibanApp({ tokenTtlSeconds: opts.tokenTtlSeconds, clock, events });
	attachWebhookDispatcher(zertiban, {
		events,
		clock,
		webhookSecret: ZERTIBAN_WEBHOOK_SECRET,
		businessUuid: ZERTIBAN_BUSINESS_UUID,
		attemptTimeoutMs: opts.webhookAttemptTimeoutMs,
	}); // delivers the events to targets registered under /__sandbox/webhooks
	const cfis = buildCfisApp({ clock });
	const close = async () => {
		await Promise.all([zertiban.close(), cfis.close()]);
	};
	try {
		await zertiban.listen({ host, port: zertibanPort });
		await cfis.listen({ host, port: cfisPort });
	} catch (error) {
		await close().catch(() => undefined);
		throw error;
	}
	const info: SandboxInfo = {
		zertiban: {
			baseUrl: origin(zertiban, host),
			clientId: ZERTIBAN_CLIENT_ID,
			clientSecret: ZERTIBAN_CLIENT_SECRET,
			businessUuid: ZERTIBAN_BUSINESS_UUID,
			webhookSecret: ZERTIBAN_WEBHOOK_SECRET,
		},
		cfis: {
			baseUrl: origin(cfis, host) + CFIS_BASE_PATH,
			partnerToken: CFIS_PARTNER_TOKEN,
			clientToken: CFIS_CLIENT_TOKEN,
			expiredClientToken: CFIS_EXPIRED_CLIENT_TOKEN,
		},
	};
	return { info, close };
}
