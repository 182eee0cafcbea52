/**
 * Running REAL n8n from scripts and e2e tests (CONTRIBUTING.md, "Real n8n"): the pinned runtime (scripts/runtime.sh),
 * child processes in their own process groups stopped by PID, bounded waits, a fresh user folder with this package
 * symlinked in as an installed community package, the n8n CLI, and `n8n start` waited on until ready.
 * Used by scripts/demo/ and test/e2e/*.test.ts.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';

/** The repository root. */
export const REPO = resolve(__dirname, '..');
/** This package's npm name: node types are `n8n-nodes-zertiban-cfis.<node>`. */
export const PACKAGE_NAME = 'n8n-nodes-zertiban-cfis';

/** What scripts/runtime.sh prints as its last line: the Node 24 binary, n8n's bin script, versions. */
export interface Runtime {
	node: string;
	n8n: string;
	binDir: string;
	dir: string;
	nodeVersion: string;
	n8nVersion: string;
	/** With {@link ensureRuntime}'s `queue` option: Debian's redis-server binary and PostgreSQL's bin directory. */
	redisServer?: string;
	postgresBin?: string;
}

/** A finished command: exit code and captured output. */
export interface RunResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** One node's run in n8n's execution JSON. */
export interface NodeRun {
	startTime?: number;
	executionTime?: number;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string };
}
/** The part of n8n's `execute --rawOutput` JSON (an IRun) that scripts and tests read. */
export interface N8nRun {
	status?: string;
	data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: N8nError; lastNodeExecuted?: string } };
}
/** A workflow error in n8n's execution JSON. */
export interface N8nError {
	message?: string;
	description?: string | null;
	node?: { name?: string };
	httpCode?: string;
}

/** The JSON that `n8n execute --rawOutput` prints after its log lines (also on failure, inside the log), or null. */
export function parseRun(stdout: string): N8nRun | null {
	const lines = stdout.split('\n');
	const first = lines.findIndex((line) => line.startsWith('{'));
	if (first < 0) return null;
	const rest = lines.slice(first);
	// On failure n8n logs more lines after the JSON: cut at the last line that closes the top-level object.
	for (let end = rest.length; end > 0; end--) {
		if (!rest[end - 1].startsWith('}')) continue;
		try {
			return JSON.parse(rest.slice(0, end).join('\n')) as N8nRun;
		} catch {
			// keep looking
		}
	}
	return null;
}

/** The output items (json) of node `name` in an execution, all runs, first output. */
export const itemsOf = (run: N8nRun | null, name: string) =>
	(run?.data?.resultData?.runData?.[name] ?? []).flatMap((nodeRun) => (nodeRun.data?.main?.[0] ?? []).map((item) => item.json));

/** An execution as n8n stored it (see {@link N8n.executions}). */
export interface StoredExecution {
	id: number;
	mode: string;
	status: string;
	finished: boolean;
	run?: N8nRun;
}

/**
 * Whether an execution is over and, when it was read with its data, that data is stored: finished or in a final
 * status (`success`, `error`, `crashed`, `canceled`), and the run data holds a node's run or the error. Not just "not
 * running": n8n 1.x stores an execution as `new` before it runs, and on SQLite writes its final status and its data
 * in two statements, so a reader in between sees `success` with the data it started with (no node run yet).
 */
export function settled(execution: StoredExecution): boolean {
	const over = execution.finished || ['success', 'error', 'crashed', 'canceled'].includes(execution.status);
	const result = execution.run?.data?.resultData;
	return over && (execution.run === undefined || Object.keys(result?.runData ?? {}).length > 0 || result?.error !== undefined);
}

/** A failed step; `details` (logs) are shown only when the caller wants them. */
export class ScriptError extends Error {
	constructor(
		message: string,
		readonly details = '',
	) {
		super(message);
	}
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
/** Seconds since `since` (epoch ms), e.g. `3.2 s`. */
export const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
/** The last `lines` lines of a text. */
export const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n');

/** Where progress lines go (stderr with a prefix in the demo, silence in tests). */
export type Log = (message: string) => void;

// ---- children: own process group each, tracked, stopped by PID ------------------------------------------

const children = new Set<ChildProcess>();

/** Remembers a child so {@link stopAll} (and process exit) stop it. */
export function track(child: ChildProcess): ChildProcess {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal); // the child's process group: n8n's task runner goes with it
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

/**
 * Resolves with `'exited'` when `exited` does, or `'timeout'` after `ms`; the timer is cleared either way (a pending
 * timer would keep the process, and jest after the last test, alive for the rest of `ms`).
 */
async function exitedWithin(exited: Promise<void>, ms: number): Promise<'exited' | 'timeout'> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((done) => {
		timer = setTimeout(() => done('timeout'), ms);
	});
	try {
		return await Promise.race([exited.then(() => 'exited' as const), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * `signal` (SIGTERM by default) to the child's process group, SIGKILL after `graceMs`; resolves when it exited (at most
 * 2 s after SIGKILL). `SIGKILL` at once is what a crash looks like (`kill -9`).
 */
export async function stop(child: ChildProcess, graceMs = 10_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	signalGroup(child, signal);
	if ((await exitedWithin(exited, graceMs)) === 'timeout') {
		signalGroup(child, 'SIGKILL');
		await exitedWithin(exited, 2_000);
	}
}

/** Stops every tracked child. */
export const stopAll = () => Promise.all([...children].map((child) => stop(child)));
// Last resort (an uncaught error, process.exit elsewhere): nothing we started outlives us.
process.on('exit', () => children.forEach((child) => signalGroup(child, 'SIGKILL')));

/** Runs a command to completion (bounded by timeoutMs); output is captured, or streamed to stderr with `echo`. */
export function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; timeoutMs: number; echo?: boolean; cwd?: string; user?: SystemUser },
): Promise<RunResult> {
	return new Promise((done, fail) => {
		const child = track(
			spawn(command, args, {
				cwd: options.cwd ?? REPO,
				env: options.env ?? process.env,
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
				...options.user,
			}),
		);
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			stdout += chunk.toString();
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
			if (options.echo) process.stderr.write(chunk);
		});
		const timer = setTimeout(() => {
			signalGroup(child, 'SIGKILL');
			fail(new ScriptError(`${command} ${args.join(' ')} took longer than ${options.timeoutMs / 1000} s`, stderr + stdout));
		}, options.timeoutMs);
		child.once('error', (error) => {
			clearTimeout(timer);
			fail(new ScriptError(`cannot run ${command}: ${error.message}`));
		});
		child.once('close', (code) => {
			clearTimeout(timer);
			done({ code, stdout, stderr });
		});
	});
}

/**
 * Starts a long-running child in its own process group, tracked (stopped with {@link stop} / {@link stopAll});
 * its output is appended to `output` (the last 200 chunks), for the error shown when it fails to come up.
 */
export function spawnTracked(command: string, args: string[], options: { cwd: string; user?: SystemUser }, output: string[]): ChildProcess {
	const child = track(spawn(command, args, { cwd: options.cwd, env: process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...options.user }));
	const keep = (chunk: Buffer) => {
		output.push(chunk.toString());
		if (output.length > 200) output.shift();
	};
	child.stdout?.on('data', keep);
	child.stderr?.on('data', keep);
	return child;
}

/** A free TCP port on 127.0.0.1: `preferred` and up (bounded), or any when none is given. */
export async function freePort(preferred?: number): Promise<number> {
	const tryPort = (port: number) =>
		new Promise<number | undefined>((done) => {
			const server = createServer();
			server.once('error', () => done(undefined));
			server.listen(port, '127.0.0.1', () => {
				const address = server.address();
				server.close(() => done(typeof address === 'object' && address ? address.port : undefined));
			});
		});
	for (let port = preferred ?? 0, tries = 0; tries < 50; port = preferred ? port + 1 : 0, tries++) {
		const found = await tryPort(port);
		if (found) return found;
	}
	throw new ScriptError(`no free port on 127.0.0.1 from ${preferred}`);
}

/** A user to run a child as (`uid`/`gid`, as `spawn` takes them): PostgreSQL refuses to run as root. */
export interface SystemUser {
	uid: number;
	gid: number;
}

/**
 * Whether scripts and tests run against the compatibility runtime, n8n 1.x on Node 22 (`N8N_COMPAT=1`, set by
 * `npm run test:compat`, scripts/compat.sh) instead of n8n 2.41 on Node 24.
 */
export const COMPAT = process.env.N8N_COMPAT === '1';

/**
 * Installs (first time, minutes) or finds the pinned Node 24 + n8n runtime, or with {@link COMPAT} the n8n 1.x one
 * (scripts/runtime.sh --compat); with `queue`, also Redis and PostgreSQL from Debian packages (scripts/runtime.sh
 * --queue; not with {@link COMPAT}: the compatibility run covers one n8n process). Throws a {@link ScriptError}
 * when the install fails.
 */
export async function ensureRuntime(log: Log, echo = true, options: { queue?: boolean } = {}): Promise<Runtime> {
	const started = Date.now();
	if (COMPAT && options.queue) throw new ScriptError('queue mode is not part of the compatibility run (N8N_COMPAT=1)');
	// A cold install downloads ~2 000 packages; runtime.sh shows its progress on stderr.
	const args = [join(REPO, 'scripts', 'runtime.sh'), ...(options.queue ? ['--queue'] : []), ...(COMPAT ? ['--compat'] : [])];
	const result = await run('bash', args, { timeoutMs: 30 * 60_000, echo });
	if (result.code !== 0) throw new ScriptError('scripts/runtime.sh failed', result.stderr);
	const runtime = JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as Runtime;
	log(`runtime ready in ${seconds(started)}: n8n ${runtime.n8nVersion}, node ${runtime.nodeVersion}`);
	return runtime;
}

/**
 * Installs the packed package (an `npm pack` tarball) into `nodesDir` as n8n's community-package installer does
 * (`CommunityPackagesService` of n8n 1.123 and 2.41): unpacked into `<nodesDir>/<package name>`, its
 * `devDependencies`, `peerDependencies` and `optionalDependencies` dropped, then `npm install` inside it with
 * scripts off. So the package runs with only what it ships and what n8n itself provides (no repository
 * node_modules next to it). Throws when tar or npm fail (bounded: 2 min each).
 */
function installLikeN8n(nodesDir: string, tarball: string) {
	const dir = join(nodesDir, PACKAGE_NAME);
	mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['-xzf', resolve(tarball), '-C', dir, '--strip-components=1'], { timeout: 120_000 });
	const file = join(dir, 'package.json');
	const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies']) delete manifest[key];
	writeFileSync(file, JSON.stringify(manifest, null, 2));
	const args = ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'];
	execFileSync('npm', args, { cwd: dir, timeout: 120_000, stdio: 'pipe' });
}

/**
 * A fresh n8n user folder `<baseDir>/<stamp>-<pid>[-<label>]` with this package in `.n8n/nodes/node_modules/` (n8n
 * loads it at boot as an installed community package): symlinked to this repository, or, when
 * `N8N_PACKAGE_TARBALL` names an `npm pack` tarball (scripts/compat.sh), installed from it as n8n's installer
 * does ({@link installLikeN8n}).
 */
export function prepareUserFolder(baseDir: string, log: Log, label = ''): string {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const userFolder = join(baseDir, `${stamp}-${process.pid}${label ? `-${label}` : ''}`);
	const nodesDir = join(userFolder, '.n8n', 'nodes', 'node_modules');
	mkdirSync(nodesDir, { recursive: true });
	const tarball = process.env.N8N_PACKAGE_TARBALL;
	if (tarball) installLikeN8n(nodesDir, tarball);
	else symlinkSync(REPO, join(nodesDir, PACKAGE_NAME), 'dir');
	log(`n8n user folder: ${relative(REPO, userFolder)}${tarball ? ` (package installed from ${tarball})` : ''}`);
	return userFolder;
}

/** One n8n installation + user folder: environment, CLI commands, the server. */
export class N8n {
	/**
	 * `baseEnv` goes to every n8n process and CLI command of this installation, e.g. the queue-mode settings
	 * (database, Redis, shared encryption key) of scripts/queue.ts.
	 */
	constructor(
		readonly runtime: Runtime,
		readonly userFolder: string,
		readonly log: Log,
		readonly baseEnv: Record<string, string> = {},
	) {}

	/** n8n's environment for one process; the task broker's port must differ per n8n process. */
	env(brokerPort: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		// n8n changes behaviour under NODE_ENV=test (set when jest runs us): run it as a user would.
		const inherited = { ...process.env };
		delete inherited.NODE_ENV;
		delete inherited.JEST_WORKER_ID;
		return {
			...inherited,
			PATH: `${this.runtime.binDir}:${process.env.PATH ?? ''}`,
			N8N_USER_FOLDER: this.userFolder,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			...this.baseEnv,
			...extra,
		};
	}

	/** One n8n CLI command to completion; its logs are kept for the error message only. */
	async cli(args: string[], timeoutMs = 3 * 60_000): Promise<RunResult> {
		return run(this.runtime.node, [this.runtime.n8n, ...args], { env: this.env(await freePort()), timeoutMs, cwd: this.userFolder });
	}

	/**
	 * Activates workflow `id` with the CLI, before `n8n start` (the CLI only writes the database; a running n8n does not
	 * see it): `publish:workflow` in n8n 2.x; n8n 1.x has no publish and takes `update:workflow --active=true`.
	 */
	async publish(id: string, what = `publish ${id}`) {
		const major = Number(this.runtime.n8nVersion.split('.')[0]);
		await this.mustCli(major >= 2 ? ['publish:workflow', `--id=${id}`] : ['update:workflow', `--id=${id}`, '--active=true'], what);
	}

	/** {@link cli} that throws a {@link ScriptError} (with n8n's output as details) on a non-zero exit. */
	async mustCli(args: string[], what: string) {
		const started = Date.now();
		const result = await this.cli(args);
		if (result.code !== 0) throw new ScriptError(`${what} failed (n8n ${args[0]} exited ${result.code})`, result.stdout + result.stderr);
		this.log(`${what}: ${seconds(started)}`);
	}

	/**
	 * The executions n8n stored for `workflowId`, oldest first, read with the runtime's Node 24 from n8n's database:
	 * SQLite (`node:sqlite`, read-only, waiting up to 5 s for a lock; n8n may be running) or, in queue mode
	 * (`DB_TYPE=postgresdb` in the base environment), PostgreSQL through the runtime's own `pg`. `status`: n8n's
	 * (`success`, `error`, `running`, …). With `withData`, `run` is the execution as {@link N8nRun} (n8n stores it
	 * flatted-serialised; decoded with the runtime's own `flatted`), so {@link itemsOf} reads its nodes' output.
	 */
	async executions(workflowId: string, options: { withData?: boolean } = {}): Promise<StoredExecution[]> {
		const script = `
			const { createRequire } = require('node:module');
			const [database, workflowId, runtimeDir, withData] = process.argv.slice(1);
			const runtimeRequire = createRequire(runtimeDir + '/package.json');
			const sql = withData === 'true'
				? 'SELECT e.id, e.mode, e.status, e.finished, d.data FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id WHERE e."workflowId" = $1 ORDER BY e.id'
				: 'SELECT id, mode, status, finished FROM execution_entity WHERE "workflowId" = $1 ORDER BY id';
			const print = (rows) => {
				const flatted = withData === 'true' ? runtimeRequire('flatted') : undefined;
				process.stdout.write(JSON.stringify(rows.map(({ data, finished, ...row }) => ({
					...row,
					id: Number(row.id),
					finished: finished === 1 || finished === true,
					...(data ? { run: { status: row.status, data: flatted.parse(data) } } : {}),
				}))));
			};
			if (database.startsWith('postgres://')) {
				const client = new (runtimeRequire('pg').Client)({ connectionString: database });
				client.connect().then(() => client.query(sql, [workflowId])).then(({ rows }) => { print(rows); return client.end(); })
					.catch((error) => { console.error(error.message); process.exit(1); });
			} else {
				const { DatabaseSync } = require('node:sqlite');
				// busy timeout: n8n writes (WAL) while we read; a checkpoint must not fail the read with SQLITE_BUSY
				const db = new DatabaseSync(database, { readOnly: true, timeout: 5000 });
				print(db.prepare(sql.replace('$1', '?')).all(workflowId));
			}`;
		const env = this.baseEnv;
		const database =
			env.DB_TYPE === 'postgresdb'
				? `postgres://${env.DB_POSTGRESDB_USER}@${env.DB_POSTGRESDB_HOST}:${env.DB_POSTGRESDB_PORT}/${env.DB_POSTGRESDB_DATABASE}`
				: join(this.userFolder, '.n8n', 'database.sqlite');
		const args = ['--no-warnings', '-e', script, database, workflowId, this.runtime.dir, String(options.withData === true)];
		const result = await run(this.runtime.node, args, { timeoutMs: 30_000 });
		if (result.code !== 0) throw new ScriptError(`cannot read n8n's executions of ${workflowId}`, result.stderr);
		return JSON.parse(result.stdout) as StoredExecution[];
	}

	/**
	 * One n8n server process, output to `logFile`: `n8n start` (the main; default), `n8n webhook` (queue mode's
	 * webhook process) on 127.0.0.1:`port`, or `n8n worker` with its health server on `port`. Resolves when
	 * `/healthz/readiness` answers 200 (for the main: published workflows' webhooks are live then); throws when the
	 * process exits first or after 180 s (and then stops the process it spawned).
	 */
	async start(
		port: number,
		logFile: string,
		extraEnv: Record<string, string> = {},
		command: 'start' | 'webhook' | 'worker' = 'start',
		args: string[] = [],
	): Promise<{ child: ChildProcess; base: string }> {
		const portEnv: Record<string, string> =
			command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: { N8N_PORT: String(port) };
		const env = this.env(await freePort(), { ...portEnv, ...extraEnv });
		const started = Date.now();
		this.log(`starting n8n ${command} on 127.0.0.1:${port} (log: ${relative(REPO, logFile)}) ...`);
		const logStream = createWriteStream(logFile);
		const child = track(spawn(this.runtime.node, [this.runtime.n8n, command, ...args], { cwd: this.userFolder, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] }));
		child.stdout?.pipe(logStream);
		child.stderr?.pipe(logStream);
		const base = `http://127.0.0.1:${port}`;
		try {
			for (let attempt = 0; ; attempt++) {
				if (child.exitCode !== null || child.signalCode !== null) {
					throw new ScriptError(`n8n ${command} exited (${child.exitCode ?? child.signalCode}) before it was ready`, tail(readFileSync(logFile, 'utf8')));
				}
				if (attempt >= 360) throw new ScriptError(`n8n ${command} was not ready within 180 s`, tail(readFileSync(logFile, 'utf8')));
				const ready = await fetch(`${base}/healthz/readiness`, { signal: AbortSignal.timeout(2_000) }).then(
					(response) => response.ok,
					() => false,
				);
				if (ready) break;
				await sleep(500);
			}
		} catch (error) {
			await stop(child); // never leave a half-started n8n behind (the caller has no child to stop)
			throw error;
		}
		this.log(`n8n ${command} ready in ${seconds(started)}`);
		return { child, base };
	}
}

/**
 * Connects the Zertiban Triggers of a running n8n (`base`, e.g. `http://127.0.0.1:5678`) to the Zertiban sandbox at
 * `zertibanBaseUrl`: waits (bounded, 60 s each) until each trigger's redirect URL answers 200 (n8n activates
 * published workflows just after readiness; a probe gets a neutral page and starts nothing), then makes the
 * sandbox's webhook dispatcher deliver every event to their events URLs — the URLs a user e-mails to Zertiban.
 * With `duplicate`, every event is delivered twice (the dispatcher's duplicate switch: at-least-once delivery).
 * Returns the URLs per `webhookIds` entry, in order; throws a {@link ScriptError} when a trigger is not live in time
 * or the sandbox refuses a control.
 */
export async function connectZertibanTriggers(
	zertibanBaseUrl: string,
	base: string,
	webhookIds: string[],
	options: { duplicate?: boolean } = {},
): Promise<Array<{ eventsUrl: string; redirectUrl: string }>> {
	const triggers = webhookIds.map((id) => ({ eventsUrl: `${base}/webhook/${id}/events`, redirectUrl: `${base}/webhook/${id}/redirect` }));
	for (const { redirectUrl } of triggers) {
		for (let tries = 0; ; tries++) {
			const status = await fetch(`${redirectUrl}?operationId=probe`).then((r) => r.status, () => 0);
			if (status === 200) break;
			if (tries >= 240) throw new ScriptError(`the Zertiban Trigger at ${redirectUrl} was not live within 60 s (last answer ${status})`);
			await sleep(250);
		}
	}
	const control = async (path: string, body: unknown) => {
		const response = await fetch(`${zertibanBaseUrl}/__sandbox/webhooks/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (!response.ok) throw new ScriptError(`the sandbox refused webhooks/${path} (${response.status})`, await response.text());
	};
	await control('targets', { urls: triggers.map((t) => t.eventsUrl) });
	await control('switches', { duplicate: options.duplicate === true });
	return triggers;
}
