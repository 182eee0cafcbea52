/**
 * `npm run bench [-- --quick] [--no-build] [--in-process-only] [--webhooks-only] [--requests-only] [--json FILE]` (results: bench/RESULTS.md).
 *
 * Prints, for one run on this machine, every figure of bench/RESULTS.md with its peer from the SAME run and the
 * ratio, min / median of interleaved repetitions, and the load average before and after:
 * - in process (n8n-core harness, as the workflow tests run): Operation → Get ×N (default settings: Concurrency
 *   Auto) at 0 and 20 ms API latency vs the raw axios loop at 50 at once (the Auto ceiling); token requests for N
 *   items × 10 executions; peak RSS for 10,000 items vs the raw loop; the cost curve at 100 / 1,000 / 10,000 items
 *   (time and peak RSS per item, each in a fresh child process);
 * - in real n8n 2.41 (scripts/runtime.sh; set N8N_RUNTIME_DIR to share an installed runtime): Operation → Get ×N
 *   vs the HTTP Request node in the same execution (node `executionTime`), token requests; the same against the
 *   sandbox's rate limit (20 in flight, 429 with Retry-After 1 s, 50 ms latency): failed items of both nodes and this
 *   node's time against the limit's ideal schedule, a raw client at exactly the limit as a reference; ERP stories
 *   (part 1 of the ERP story) per minute on one process and in queue mode with 2, then 1 worker; the Zertiban Trigger's
 *   webhook answer p50 vs n8n's Webhook node with Header Auth and without, n8n start time with and without the
 *   package.
 *   The webhook answer is measured once more on the webhook process of a queue-mode cluster (scripts/queue.ts), where
 *   n8n answers the Zertiban Trigger and its Webhook node alike only after the execution is stored and queued.
 * `--quick` shrinks item counts and repetitions for a look in about two minutes (most of it n8n starting);
 * `--webhooks-only` measures only the webhook answers.
 * A benchmark measures; it never fails on a time (exit 1 only when a run itself failed).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { MAX_AUTO_REQUESTS } from '../nodes/shared/concurrency';
import { REPO, ScriptError, ensureRuntime, run, stop, stopAll } from '../scripts/n8n';
import { inFlightAccount, percentile, rateLimitLog, rateLimited, rawLoop, rawToken, resetCounters, series, setLatency, setRateLimit, startSandboxChild, timed, type Series } from './common';
import { runGet, warmUp } from './inprocess';
import { FIXED_REQUESTS_AT_ONCE, GET_ON_ERROR_WORKFLOWS, fixedRuns, realGetRuns, startBenchN8n, startBenchQueue, startTimes, webhookAnswers, type BenchN8n, type GetRun } from './n8n';
import { erpStories } from './stories';

const { values: flags } = parseArgs({
	options: { quick: { type: 'boolean' }, 'no-build': { type: 'boolean' }, 'in-process-only': { type: 'boolean' }, 'webhooks-only': { type: 'boolean' }, 'requests-only': { type: 'boolean' }, json: { type: 'string' } },
	strict: true,
});
const quick = flags.quick === true;
/** `--webhooks-only`: only the webhook answers in real n8n (one n8n, then queue mode), for a look in a few minutes. */
const webhooksOnly = flags['webhooks-only'] === true;
/** `--requests-only`: only the Operation → Get rows (in process, real n8n) and the rate-limit row: what Concurrency decides. */
const requestsOnly = flags['requests-only'] === true;
const SIZE = quick
	? { items: 200, reps: 3, rssItems: 2_000, rssReps: 3, tokenItems: 100, n8nItems: 200, n8nReps: 2, hooks: 30, startReps: 3, curve: [100, 1_000, 2_000], stories: 20 }
	: { items: 1_000, reps: 5, rssItems: 10_000, rssReps: 3, tokenItems: 1_000, n8nItems: 1_000, n8nReps: 3, hooks: 200, startReps: 3, curve: [100, 1_000, 10_000], stories: 100 };
/** The raw loop's requests at once: the ceiling of the node's default *Concurrency: Auto*. */
const CONCURRENCY = MAX_AUTO_REQUESTS;
/** The [SIM] rate limit of the rate-limit row (sandbox/controls.ts) and the API latency under it. */
const RATE_LIMIT = { maxInFlight: FIXED_REQUESTS_AT_ONCE, retryAfter: 1 };
const RATE_LIMIT_LATENCY_MS = 50;
/** A rate limit no run reaches: the reference runs' requests are logged, none refused. */
const NO_LIMIT = 10_000;
/** Nothing in flight for this long counts as a pause in the rate-limit row's account. */
const PAUSE_MS = 300;
/** ERP events posted at once in the stories-per-minute rows. */
const STORIES_AT_ONCE = 10;
const CURVE_LATENCY_MS = 20;
const TOKEN_EXECUTIONS = 10;

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

/** One printed comparison: ours and the peer's series, the goal (max ratio of medians). */
interface Row {
	work: string;
	unit: string;
	ours: Series;
	peer: Series;
	peerName: string;
	goal?: number;
	note?: string;
}

const rows: Row[] = [];
const facts: Array<{ work: string; value: string; goal: string; met?: boolean }> = [];
/** The cost curve (in process): items, wall ms, peak RSS and RSS once the modules were loaded (MB). */
const curve: Array<{ items: number; ms: number; maxRssMb: number; loadedRssMb: number }> = [];
/** ERP stories (part 1) per setup. */
const stories: Array<{ setup: string; stories: number; ms: number }> = [];
/** Lines printed after the tables (the rate-limit row's account). */
const details: string[] = [];

function fmt(value: number, unit: string): string {
	if (unit === 's') return `${(value / 1000).toFixed(2)} s`;
	if (unit === 'MB') return `${value.toFixed(0)} MB`;
	return `${value.toFixed(1)} ms`;
}

function childJson(args: object): Promise<Record<string, number>> {
	return new Promise((done, fail) => {
		execFile(process.execPath, ['--import', 'tsx', join('bench', 'inprocess.ts'), JSON.stringify(args)], { cwd: REPO, maxBuffer: 1 << 20, timeout: 10 * 60_000 }, (error, stdout, stderr) => {
			if (error) fail(new ScriptError(`bench child failed: ${error.message}`, stderr));
			else done(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, number>);
		});
	});
}

async function inProcess(info: Awaited<ReturnType<typeof startSandboxChild>>['info']) {
	await warmUp(info);
	const token = await rawToken(info);
	await rawLoop(info, token, 20, CONCURRENCY);
	for (const latency of [0, 20]) {
		await setLatency(info, latency);
		const node: number[] = [];
		const cpu: number[] = [];
		const raw: number[] = [];
		for (let rep = 0; rep < SIZE.reps; rep++) {
			const sides = [
				async () => {
					const t = await timed(() => runGet(info, SIZE.items));
					node.push(t.ms);
					cpu.push(t.cpuMs / SIZE.items);
				},
				async () => raw.push((await timed(() => rawLoop(info, token, SIZE.items, CONCURRENCY))).ms),
			];
			for (const side of rep % 2 ? sides.reverse() : sides) await side();
		}
		log(`in process, ${latency} ms: node ${node.map((v) => v.toFixed(0)).join(',')} raw ${raw.map((v) => v.toFixed(0)).join(',')} (load ${load()})`);
		rows.push({
			work: `in process: ${SIZE.items} × Operation → Get, ${latency} ms`,
			unit: 's',
			ours: series(node),
			peer: series(raw),
			peerName: `raw axios loop, ${CONCURRENCY} at once (the Auto ceiling)`,
			goal: latency === 0 ? 2 : 1.1,
			note: `${series(cpu).median.toFixed(2)} ms CPU per item`,
		});
	}
	await setLatency(info, 0);
	if (requestsOnly) return;

	const tokens = await childJson({ kind: 'tokens', items: SIZE.tokenItems, executions: TOKEN_EXECUTIONS, info });
	facts.push({
		work: `in process: token requests, ${SIZE.tokenItems} items × ${TOKEN_EXECUTIONS} executions (one token lifetime)`,
		value: String(tokens.tokenRequests),
		goal: '1',
		met: tokens.tokenRequests === 1,
	});
	log(`token requests: ${tokens.tokenRequests}`);

	const rssNode: number[] = [];
	const rssRaw: number[] = [];
	for (let rep = 0; rep < SIZE.rssReps; rep++) {
		const sides = [
			async () => rssNode.push((await childJson({ kind: 'rss', side: 'node', items: SIZE.rssItems, info })).maxRssMb),
			async () => rssRaw.push((await childJson({ kind: 'rss', side: 'raw', items: SIZE.rssItems, concurrency: CONCURRENCY, info })).maxRssMb),
		];
		for (const side of rep % 2 ? sides.reverse() : sides) await side();
	}
	log(`peak RSS: node ${rssNode.map((v) => v.toFixed(0)).join(',')} raw ${rssRaw.map((v) => v.toFixed(0)).join(',')}`);
	rows.push({ work: `in process: peak RSS, ${SIZE.rssItems} items`, unit: 'MB', ours: series(rssNode), peer: series(rssRaw), peerName: 'raw axios loop (same modules loaded)', goal: 1.3 });

	// the cost curve: one fresh process per size (a credential the process has not used: Auto starts low)
	await setLatency(info, CURVE_LATENCY_MS);
	for (const items of SIZE.curve) {
		await part(`cost curve, ${items} items`, async () => {
			const point = await childJson({ kind: 'curve', items, info });
			curve.push({ items, ms: point.ms, maxRssMb: point.maxRssMb, loadedRssMb: point.loadedRssMb });
			log(`cost curve ${items}: ${point.ms.toFixed(0)} ms, peak RSS ${point.maxRssMb.toFixed(0)} MB (load ${load()})`);
		});
	}
	await setLatency(info, 0);
}

/**
 * The rate-limit row: Operation → Get (default settings) and the HTTP Request node against the [SIM] rate limit,
 * both going on on errors so their failed items can be counted; this node's time against the limit's ideal
 * schedule (⌈items / limit⌉ round trips of the latency). References from the same run, interleaved with ours: the
 * node alone at *Concurrency: Fixed* with exactly the limit in flight and the limit out of reach (the best a client
 * can do inside this n8n on this machine), and a raw client at exactly the limit. From the simulator's log, for each
 * execution: the 429s, the time nothing was in flight, the pauses and the mean number in flight ({@link inFlightAccount}).
 */
async function rateLimitRow(bench: BenchN8n, info: Awaited<ReturnType<typeof startSandboxChild>>['info']) {
	await setLatency(info, RATE_LIMIT_LATENCY_MS);
	try {
		const ideal = Math.ceil(SIZE.n8nItems / RATE_LIMIT.maxInFlight) * RATE_LIMIT_LATENCY_MS;
		const account = (log: Awaited<ReturnType<typeof rateLimitLog>>, start: number, ms: number) => inFlightAccount(log, start, start + ms, RATE_LIMIT.maxInFlight, PAUSE_MS);
		const runs: Array<GetRun & { account: ReturnType<typeof inFlightAccount> }> = [];
		const fixed: Array<{ ms: number; failed: number; account: ReturnType<typeof inFlightAccount> }> = [];
		let refused = 0;
		for (let rep = 0; rep < SIZE.n8nReps; rep++) {
			await setRateLimit(info, RATE_LIMIT);
			await resetCounters(info);
			const got = await realGetRuns(bench, info, SIZE.n8nItems, 1, GET_ON_ERROR_WORKFLOWS);
			refused += await rateLimited(info);
			const log = await rateLimitLog(info);
			for (const run of got.runs) runs.push({ ...run, account: account(log, run.zertibanStart, run.zertibanMs) });
			// the reference: a limit no request reaches (the log still records every request)
			await setRateLimit(info, { maxInFlight: NO_LIMIT, retryAfter: RATE_LIMIT.retryAfter });
			await resetCounters(info);
			for (const run of await fixedRuns(bench, SIZE.n8nItems, 1)) fixed.push({ ...run, account: account(await rateLimitLog(info), run.start, run.ms) });
		}
		await setRateLimit(info, RATE_LIMIT);
		const token = await rawToken(info);
		const raw: number[] = [];
		await resetCounters(info);
		for (let rep = 0; rep < SIZE.n8nReps; rep++) raw.push((await timed(() => rawLoop(info, token, SIZE.n8nItems, RATE_LIMIT.maxInFlight))).ms);
		const rawRefused = await rateLimited(info);
		const ours = runs.map((r) => r.zertibanMs);
		const fixedMs = fixed.map((r) => r.ms);
		const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
		log(`rate limit: ours ${ours.join(',')} ms, fixed ${fixedMs.join(',')} ms, raw ${raw.map((v) => v.toFixed(0)).join(',')} ms, ideal ${ideal} ms, failed ours ${runs.map((r) => r.zertibanFailed).join(',')}, HTTP ${runs.map((r) => r.httpFailed).join(',')}, 429s ${refused}`);
		const reference = series(fixedMs).median;
		rows.push({
			work: `real n8n: ${SIZE.n8nItems} × Operation → Get, rate limit ${RATE_LIMIT.maxInFlight} in flight (429, Retry-After ${RATE_LIMIT.retryAfter} s), ${RATE_LIMIT_LATENCY_MS} ms (executionTime)`,
			unit: 's',
			ours: series(ours),
			peer: series(runs.map(() => ideal)),
			peerName: `ideal schedule ⌈${SIZE.n8nItems}/${RATE_LIMIT.maxInFlight}⌉ × ${RATE_LIMIT_LATENCY_MS} ms`,
			goal: 1.2,
			note: `executions in order ${ours.map((v) => (v / ideal).toFixed(2)).join(', ')}× ideal, all ${(total(ours) / (ideal * ours.length)).toFixed(2)}×; against the node alone at Fixed ${FIXED_REQUESTS_AT_ONCE} with no limit reached, same run: ${(series(ours).median / reference).toFixed(2)}× (${(reference / 1000).toFixed(2)} s = ${(reference / ideal).toFixed(2)}× ideal); raw axios at exactly ${RATE_LIMIT.maxInFlight} in flight ${(series(raw).median / ideal).toFixed(2)}× ideal (${series(raw).median.toFixed(0)} ms, ${rawRefused} 429s)`,
		});
		rows.push({
			work: `real n8n: the same rate-limit runs against the node alone at Concurrency Fixed, ${FIXED_REQUESTS_AT_ONCE} at once, no limit reached, ${RATE_LIMIT_LATENCY_MS} ms (executionTime, interleaved)`,
			unit: 's',
			ours: series(ours),
			peer: series(fixedMs),
			peerName: `the node alone, Fixed ${FIXED_REQUESTS_AT_ONCE} (${fixedMs.map((v) => (v / ideal).toFixed(2)).join(', ')}× ideal)`,
		});
		const describe = (name: string, ms: number, a: ReturnType<typeof inFlightAccount>) =>
			`| ${name} | ${(ms / 1000).toFixed(2)} s (${(ms / ideal).toFixed(2)}×) | ${a.refused} | ${(a.idleMs / 1000).toFixed(2)} s (${(a.beforeFirstMs / 1000).toFixed(2)} + ${(a.afterLastMs / 1000).toFixed(2)} s) | ${a.pauses} | ${(a.longestIdleMs / 1000).toFixed(2)} s | ${a.meanInFlight.toFixed(1)} | ${(a.fullMs / 1000).toFixed(2)} s |`;
		details.push(
			'',
			`Rate-limit row, where the time went (simulator's log over each node run; "pauses": gaps between requests with nothing in flight for ≥ ${PAUSE_MS} ms):`,
			'',
			'| Execution | Node time (× ideal) | 429s | Nothing in flight (of it: before the first request + after the last answer) | Pauses | Longest | Mean in flight while sending | At the limit |',
			'|---|---|---|---|---|---|---|---|',
			...runs.map((r, i) => describe(`Auto, ${i + 1}`, r.zertibanMs, r.account)),
			...fixed.map((r, i) => describe(`Fixed ${FIXED_REQUESTS_AT_ONCE}, no limit reached, ${i + 1}`, r.ms, r.account)),
		);
		const items = runs.length * SIZE.n8nItems;
		const oursFailed = total(runs.map((r) => r.zertibanFailed));
		facts.push({ work: `real n8n, rate-limit row: items failed, this node (default settings), ${runs.length} executions`, value: `${oursFailed} of ${items}`, goal: '0', met: oursFailed === 0 });
		facts.push({ work: 'real n8n, rate-limit row: items failed, HTTP Request node (default options, On Error: Continue), same executions', value: `${total(runs.map((r) => r.httpFailed))} of ${items}`, goal: '—' });
		facts.push({ work: 'real n8n, rate-limit row: requests the limit refused (429), both nodes', value: String(refused), goal: '—' });
	} finally {
		await setRateLimit(info, undefined);
		await setLatency(info, 0);
	}
}

/** ERP stories (part 1) per minute at `base`, after two to warm up; recorded under `setup`. */
async function storiesAt(setup: string, base: string) {
	await erpStories(base, 2, 1);
	const { stories: count, ms } = await erpStories(base, SIZE.stories, STORIES_AT_ONCE);
	log(`ERP stories, ${setup}: ${count} in ${(ms / 1000).toFixed(1)} s (load ${load()})`);
	stories.push({ setup, stories: count, ms });
}

/** Runs one part of the bench; when it fails, says so in the table (a fact that missed) and goes on with the rest. */
async function part(name: string, work: () => Promise<void>) {
	try {
		await work();
	} catch (error) {
		log(`${name} FAILED: ${(error as Error).message}`);
		facts.push({ work: `${name}: the run failed`, value: (error as Error).message.slice(0, 200).replace(/\|/g, '/'), goal: 'a result', met: false });
	}
}

async function realN8n(info: Awaited<ReturnType<typeof startSandboxChild>>['info']) {
	const runtime = await ensureRuntime(log, false, { queue: true });
	const workDir = mkdtempSync(join(tmpdir(), 'zc-bench-'));
	try {
		// the HTTP Request node's token first: the counters then hold the Zertiban credential's token requests only
		const peerToken = await rawToken(info);
		await resetCounters(info);
		const bench = await startBenchN8n(runtime, info, workDir, log, peerToken);
		let executions = 2; // the readiness probes, one item each
		try {
			for (const latency of webhooksOnly ? [] : [0, 20]) {
				await setLatency(info, latency);
				const { runs, tokens } = await realGetRuns(bench, info, SIZE.n8nItems, SIZE.n8nReps);
				const ratios = runs.map((r) => r.zertibanMs / r.httpMs);
				log(`real n8n, ${latency} ms: ${runs.map((r) => `${r.zertibanMs}/${r.httpMs}`).join(' ')} (load ${load()})`);
				rows.push({
					work: `real n8n: ${SIZE.n8nItems} × Operation → Get, ${latency} ms (executionTime)`,
					unit: 's',
					ours: series(runs.map((r) => r.zertibanMs)),
					peer: series(runs.map((r) => r.httpMs)),
					peerName: 'HTTP Request 4.2 + Header Auth, same execution',
					goal: 0.75,
					note: `paired ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}`,
				});
				executions += runs.length;
				if (latency === 20) facts.push({ work: `real n8n: token requests of the Zertiban credential over ${executions} executions (${SIZE.n8nItems} items each, 2 probes)`, value: String(tokens), goal: '1', met: tokens === 1 });
			}
			await setLatency(info, 0);
			if (!webhooksOnly) {
				await part('rate-limit row', () => rateLimitRow(bench, info));
				if (requestsOnly) return;
				await part('ERP stories, one process', () => storiesAt('one n8n process (regular mode)', bench.base));
			}
			const hooks = await webhookAnswers(bench, info, SIZE.hooks);
			const p50 = (v: number[]) => ({ values: v, min: Math.min(...v), median: percentile(v, 50) });
			log(`webhook p50: trigger ${percentile(hooks.trigger, 50).toFixed(1)}, forged ${percentile(hooks.triggerForged, 50).toFixed(1)}, header auth ${percentile(hooks.hookAuth, 50).toFixed(1)}, plain ${percentile(hooks.hookPlain, 50).toFixed(1)}`);
			rows.push({ work: `real n8n: webhook answer, ${SIZE.hooks} signed deliveries (min / p50)`, unit: 'ms', ours: p50(hooks.trigger), peer: p50(hooks.hookAuth), peerName: 'Webhook node + Header Auth', goal: 1.2, note: `p95 ${percentile(hooks.trigger, 95).toFixed(1)} vs ${percentile(hooks.hookAuth, 95).toFixed(1)} ms` });
			rows.push({ work: `real n8n: webhook answer, same deliveries (min / p50)`, unit: 'ms', ours: p50(hooks.trigger), peer: p50(hooks.hookPlain), peerName: 'Webhook node, no auth' });
			rows.push({ work: `real n8n: webhook answer, wrong signature → 401 (min / p50)`, unit: 'ms', ours: p50(hooks.triggerForged), peer: p50(hooks.trigger), peerName: 'Zertiban Trigger, valid → 200' });
		} finally {
			await bench.close();
		}
		const queued = await startBenchQueue(runtime, info, workDir, log, 2);
		try {
			if (!webhooksOnly) {
				await part('ERP stories, queue mode, 2 workers', () => storiesAt('queue mode: main, webhook process, 2 workers', queued.base));
				await stop(queued.cluster.workers[1].child);
				await part('ERP stories, queue mode, 1 worker', () => storiesAt('queue mode: main, webhook process, 1 worker', queued.base));
			}
			const hooks = await webhookAnswers(queued, info, SIZE.hooks);
			const p50 = (v: number[]) => ({ values: v, min: Math.min(...v), median: percentile(v, 50) });
			log(`queue-mode webhook p50: trigger ${percentile(hooks.trigger, 50).toFixed(1)}, header auth ${percentile(hooks.hookAuth, 50).toFixed(1)}`);
			rows.push({
				work: `queue mode, webhook process: webhook answer after the execution is stored and queued, ${SIZE.hooks} signed deliveries (min / p50)`,
				unit: 'ms',
				ours: p50(hooks.trigger),
				peer: p50(hooks.hookAuth),
				peerName: 'Webhook node + Header Auth, same hand-over',
				goal: 1.2,
				note: `p95 ${percentile(hooks.trigger, 95).toFixed(1)} vs ${percentile(hooks.hookAuth, 95).toFixed(1)} ms`,
			});
		} finally {
			await queued.close();
		}
		if (webhooksOnly) return;
		const start = await startTimes(runtime, workDir, SIZE.startReps);
		log(`start: with ${start.withPackage.map((v) => v.toFixed(0)).join(',')} without ${start.without.map((v) => v.toFixed(0)).join(',')}`);
		rows.push({ work: 'real n8n: start to readiness', unit: 's', ours: series(start.withPackage), peer: series(start.without), peerName: 'same n8n without the package', goal: 1.05 });
	} finally {
		rmSync(workDir, { recursive: true, force: true });
	}
}

function report(loadBefore: string) {
	const lines = [
		`npm run bench${quick ? ' -- --quick' : ''}: ${new Date().toISOString()}, load average (1/5/15 min) before ${loadBefore}, after ${load()}`,
		'',
		'| Work | This package min / median | Peer (same run) min / median | Ratio of medians (mins) | Goal |',
		'|---|---|---|---|---|',
	];
	for (const row of rows) {
		const ratio = row.ours.median / row.peer.median;
		const goal = row.goal === undefined ? '—' : `≤ ${row.goal}× ${ratio <= row.goal ? 'MET' : 'MISSED'}`;
		lines.push(
			`| ${row.work} | ${fmt(row.ours.min, row.unit)} / ${fmt(row.ours.median, row.unit)}${row.note ? ` (${row.note})` : ''} | ${row.peerName}: ${fmt(row.peer.min, row.unit)} / ${fmt(row.peer.median, row.unit)} | ${ratio.toFixed(2)}× (${(row.ours.min / row.peer.min).toFixed(2)}×) | ${goal} |`,
		);
	}
	for (const fact of facts) lines.push(`| ${fact.work} | ${fact.value} | — | — | ${fact.met === undefined ? fact.goal : `${fact.goal} ${fact.met ? 'MET' : 'MISSED'}`} |`);
	if (curve.length > 0) {
		lines.push('', `Cost curve (in process, Operation → Get at ${CURVE_LATENCY_MS} ms, default settings, one fresh process per size; goal: flat per item):`, '');
		lines.push('| Items | Time | Time per item | Peak RSS | Peak RSS above the loaded modules, per item |', '|---|---|---|---|---|');
		for (const point of curve) {
			lines.push(`| ${point.items} | ${fmt(point.ms, 's')} | ${(point.ms / point.items).toFixed(2)} ms | ${fmt(point.maxRssMb, 'MB')} | ${(((point.maxRssMb - point.loadedRssMb) * 1024) / point.items).toFixed(1)} kB |`);
		}
	}
	if (stories.length > 0) {
		lines.push('', `ERP stories (part 1: ERP event in, Confirma Finance invoice and Zertiban payment link created, link out), ${STORIES_AT_ONCE} events at once, 0 ms API latency; ${availableParallelism()} cores shared by every process (a lower bound where processes outnumber cores):`, '');
		lines.push('| Setup | Stories | Time | Stories per minute |', '|---|---|---|---|');
		for (const row of stories) lines.push(`| ${row.setup} | ${row.stories} | ${fmt(row.ms, 's')} | ${((row.stories * 60_000) / row.ms).toFixed(0)} |`);
	}
	lines.push(...details);
	process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
	const loadBefore = load();
	if (!flags['no-build']) {
		log('npm run build ...');
		const built = await run('npm', ['run', 'build'], { timeoutMs: 5 * 60_000 });
		if (built.code !== 0) throw new ScriptError('npm run build failed', built.stdout + built.stderr);
	}
	const sandbox = await startSandboxChild(3600);
	try {
		if (!webhooksOnly) await inProcess(sandbox.info);
		if (!flags['in-process-only']) await realN8n(sandbox.info);
	} finally {
		await stopAll();
	}
	report(loadBefore);
	if (flags.json) writeFileSync(flags.json, JSON.stringify({ quick, rows, facts, curve, stories }, null, 2));
}

main().then(
	() => process.exit(0),
	async (error: Error & { details?: string }) => {
		log(`FAILED: ${error.message}`);
		if (error.details) log(error.details.slice(-4000));
		await stopAll();
		process.exit(1);
	},
);
