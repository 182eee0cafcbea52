/**
 * What every part of `npm run bench` shares (bench/run.ts): the sandbox as a child process (so its CPU is not in the
 * measured process), its controls, a token fetched the way a raw client would, the raw axios loop (the peer of the
 * in-process runs: axios is the HTTP client under n8n's request helpers), and the statistics printed.
 * Benchmarks are never tests: nothing here asserts a time.
 */
import axios from 'axios';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import type { RateLimitLog } from '../sandbox/controls';
import type { SandboxInfo } from '../sandbox/index';
import { VENDOR_EXAMPLE_OPERATION_UUID } from '../sandbox/seed';
import { REPO, ScriptError, sleep, track } from '../scripts/n8n';

/** The operation every Get reads (seeded in the sandbox, belongs to the credential's business). */
export const BENCH_OPERATION_UUID = VENDOR_EXAMPLE_OPERATION_UUID;

/** Min and median of a series (ms, MB, …), with its values in run order. */
export interface Series {
	values: number[];
	min: number;
	median: number;
}

/** {@link Series} of `values` (at least one). */
export function series(values: number[]): Series {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	return { values, min: sorted[0], median };
}

/** The p-th percentile (0–100, nearest rank) of `values`. */
export function percentile(values: number[], p: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** A running sandbox child (`sandbox/cli.ts`): its connection line and the process. */
export interface SandboxChild {
	info: SandboxInfo;
	child: ChildProcess;
}

/** Starts the sandbox in its own process on free ports with a token lifetime of `tokenTtlSeconds`. */
export async function startSandboxChild(tokenTtlSeconds: number): Promise<SandboxChild> {
	const child = track(
		spawn(process.execPath, ['--import', 'tsx', join('sandbox', 'cli.ts'), '--zertiban-port', '0', '--cfis-port', '0', '--token-ttl', String(tokenTtlSeconds)], {
			cwd: REPO,
			detached: true,
			stdio: ['ignore', 'pipe', 'ignore'],
		}),
	);
	const lines = createInterface({ input: child.stdout! });
	const first = new Promise<string>((done, fail) => {
		lines.once('line', done);
		child.once('exit', (code) => fail(new ScriptError(`the sandbox exited (${code}) before it printed its line`)));
	});
	const line = await Promise.race([first, sleep(30_000).then(() => Promise.reject(new ScriptError('the sandbox printed nothing within 30 s')))]);
	lines.on('line', () => undefined);
	return { info: JSON.parse(line) as SandboxInfo, child };
}

/** POSTs a sandbox control (`/__sandbox/<path>`) of the Zertiban simulator; returns its JSON answer. */
export async function zertibanControl(info: SandboxInfo, path: string, body: unknown = {}, method = 'POST'): Promise<Record<string, unknown>> {
	const response = await fetch(`${info.zertiban.baseUrl}/__sandbox/${path}`, {
		method,
		...(method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
	if (!response.ok) throw new ScriptError(`sandbox control ${path} answered ${response.status}`);
	return (await response.json()) as Record<string, unknown>;
}

/** Sets the simulated API latency (ms per non-control request). */
export const setLatency = (info: SandboxInfo, ms: number) => zertibanControl(info, 'latency', { ms });
/**
 * Sets the simulator's [SIM] rate limit (sandbox/controls.ts `RateLimit`): at most `maxInFlight` requests of one
 * credential at once, 429 with `Retry-After: retryAfter` (seconds) above it; `undefined` switches it off.
 */
export const setRateLimit = (info: SandboxInfo, limit: { maxInFlight: number; retryAfter: number } | undefined) =>
	limit ? zertibanControl(info, 'rate-limit', limit) : zertibanControl(info, 'rate-limit', undefined, 'DELETE');
/** Requests the simulator's rate limit refused since the last counter reset. */
export const rateLimited = async (info: SandboxInfo) => Number((await zertibanControl(info, 'counters', undefined, 'GET')).rateLimited ?? 0);
/** The simulator's rate-limit log since the last counter reset (sandbox/controls.ts `RateLimitLog`). */
export const rateLimitLog = async (info: SandboxInfo) => (await zertibanControl(info, 'rate-limit', undefined, 'GET')) as unknown as RateLimitLog;

/**
 * Where the time of one window `[from, to]` (epoch ms, e.g. one node's run) went, from the simulator's rate-limit
 * log: `refused` 429s; `idleMs`: nothing in flight; `fullMs`: at least `limit` in flight; `meanInFlight`: the mean
 * number in flight while not idle; `pauses`: stretches of at least `pauseMs` with nothing in flight (a Retry-After
 * pause of every request, or a client that stopped sending) and `longestIdleMs`, both between requests only;
 * `beforeFirstMs` / `afterLastMs`: from `from` to the first request's arrival and from the last answer to `to`
 * (both part of `idleMs`).
 */
export function inFlightAccount(log: Pick<RateLimitLog, 'admitted' | 'refused'>, from: number, to: number, limit: number, pauseMs: number) {
	const events: Array<[number, number]> = [];
	for (const [arrived, answered] of log.admitted) {
		const start = Math.max(arrived, from);
		const end = Math.min(answered === 0 ? to : answered, to);
		if (end <= start) continue;
		events.push([start, 1], [end, -1]);
	}
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let at = from;
	let inFlight = 0;
	const sum = { idleMs: 0, fullMs: 0, busyMs: 0, longestIdleMs: 0, pauses: 0 };
	const span = (until: number) => {
		const ms = until - at;
		if (ms <= 0) return;
		if (inFlight === 0) {
			sum.idleMs += ms;
			// a gap between requests (not the time before the first or after the last)
			if (at > from && until < to) {
				sum.longestIdleMs = Math.max(sum.longestIdleMs, ms);
				if (ms >= pauseMs) sum.pauses++;
			}
		} else sum.busyMs += inFlight * ms;
		if (inFlight >= limit) sum.fullMs += ms;
		at = until;
	};
	for (const [time, step] of events) {
		span(time);
		inFlight += step;
	}
	span(to);
	const refused = log.refused.filter((time) => time >= from && time <= to).length;
	const beforeFirstMs = events.length === 0 ? to - from : events[0][0] - from;
	const afterLastMs = events.length === 0 ? 0 : to - events[events.length - 1][0];
	const { idleMs, fullMs, longestIdleMs, pauses } = sum;
	return { refused, idleMs, fullMs, longestIdleMs, pauses, beforeFirstMs, afterLastMs, meanInFlight: sum.busyMs / Math.max(1, to - from - idleMs) };
}

/** Token requests the Zertiban simulator has seen since the last counter reset. */
export const tokenRequests = async (info: SandboxInfo) => Number((await zertibanControl(info, 'counters', undefined, 'GET')).tokenRequests);
/** Resets the simulator's request counters. */
export const resetCounters = (info: SandboxInfo) => zertibanControl(info, 'counters/reset');

/** A Zertiban access token fetched directly (client credentials, Basic auth), as a raw client would. */
export async function rawToken(info: SandboxInfo): Promise<string> {
	const basic = Buffer.from(`${info.zertiban.clientId}:${info.zertiban.clientSecret}`).toString('base64');
	const response = await axios.post(`${info.zertiban.baseUrl}/idp/oauth2/token`, 'grant_type=client_credentials', {
		headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
	});
	return (response.data as { access_token: string }).access_token;
}

/**
 * The raw baseline: `count` × `GET /flow/v1/operations/{uuid}` with axios, `concurrency` at a time, the same
 * token and tenant header, every answer kept (as n8n keeps output items). A 429 is sent again after its
 * `Retry-After` (the raw client at exactly a rate limit); any other failure throws. Returns the bodies.
 */
export async function rawLoop(info: SandboxInfo, token: string, count: number, concurrency: number): Promise<unknown[]> {
	const url = `${info.zertiban.baseUrl}/flow/v1/operations/${BENCH_OPERATION_UUID}`;
	const headers = { Authorization: `Bearer ${token}`, 'x-tenant-id': info.zertiban.businessUuid, Accept: 'application/json' };
	const out: unknown[] = new Array(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			const index = next++;
			for (;;) {
				const response = await axios.get(url, { headers, validateStatus: (status) => status === 200 || status === 429 });
				if (response.status === 200) {
					out[index] = response.data;
					break;
				}
				await sleep(Number(response.headers['retry-after'] ?? 1) * 1000);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
	return out;
}

/** Wall time and CPU time (this process, user + system) of `work`, in ms. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; cpuMs: number; result: T }> {
	const cpu = process.cpuUsage();
	const started = performance.now();
	const result = await work();
	const ms = performance.now() - started;
	const used = process.cpuUsage(cpu);
	return { ms, cpuMs: (used.user + used.system) / 1000, result };
}
