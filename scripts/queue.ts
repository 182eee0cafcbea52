/**
 * n8n in queue mode on one machine, from the project's own scripts (CONTRIBUTING.md, "Real n8n"; README.md, "Scaling out"):
 * Redis and a private PostgreSQL cluster (Debian packages, scripts/runtime.sh --queue) on loopback on free ports,
 * then one main, `workers` workers and `webhooks` webhook processes sharing one database, one Redis and one
 * encryption key, each with its own task-broker port. Every child is tracked by scripts/n8n.ts and stopped by its
 * PID. Used by scripts/demo/ (`--queue`) and test/e2e/queue-mode.test.ts.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, N8n, run, ScriptError, seconds, sleep, spawnTracked, stop, type Log, type Runtime, type SystemUser } from './n8n';

/**
 * Redis + PostgreSQL for one cluster; `env` is what every n8n process and CLI command of it needs. `restartRedis` and
 * `restartPostgres` stop one of them as an operator's restart does (Redis: SIGTERM, it writes its append-only file
 * first; PostgreSQL: fast shutdown, open transactions rolled back) and start it again on the same port and data, and
 * resolve once it answers.
 */
export interface QueueServices {
	env: Record<string, string>;
	redisPort: number;
	postgresPort: number;
	restartRedis(): Promise<void>;
	restartPostgres(): Promise<void>;
	close(): Promise<void>;
}

/** PostgreSQL refuses to run as root: as root, the `postgres` system user of the Debian package runs it. */
function postgresUser(): SystemUser | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('postgres:'));
	if (!line) throw new ScriptError('running as root, but there is no `postgres` user to run PostgreSQL as (install the postgresql package)');
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/** Waits (bounded) until `check` is true; throws naming `what`, with `details()` as the error's details. */
async function until(what: string, check: () => Promise<boolean>, details: () => string, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new ScriptError(`${what} was not ready within ${timeoutMs / 1000} s`, details());
		await sleep(200);
	}
}

/** Sends Redis a PING on 127.0.0.1:`port`; true when it answers PONG. */
const redisPing = (port: number) =>
	new Promise<boolean>((done) => {
		const socket = connect(port, '127.0.0.1');
		socket.setTimeout(1_000, () => socket.destroy());
		socket.once('error', () => done(false));
		socket.once('close', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.once('data', (data) => {
			done(data.toString().startsWith('+PONG'));
			socket.destroy();
		});
	});

/**
 * Redis's persistence (README "Exactly once"): the append-only file, written on every command and fsynced once a
 * second. A queued execution (a Bull job) that Redis acknowledged survives a restart or a crash of the Redis process
 * (the write reached the operating system before the answer); a crash of the whole machine can lose the last second.
 * `appendfsync always` closes that second at the cost of one fsync per command. No RDB snapshots.
 */
export const REDIS_PERSISTENCE = ['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''];

/**
 * Starts Redis (append-only file, {@link REDIS_PERSISTENCE}) and a throw-away PostgreSQL cluster (`initdb
 * --auth=trust`, `fsync=off`: a test cluster that survives process restarts, not power loss; listening on 127.0.0.1
 * only, its socket in its own data directory) on free ports. `runtime` must come from `ensureRuntime(log, echo,
 * { queue: true })`. `close()` stops both by PID and removes the cluster.
 */
export async function startQueueServices(runtime: Runtime, log: Log): Promise<QueueServices> {
	if (!runtime.redisServer || !runtime.postgresBin) throw new ScriptError('the runtime was not prepared for queue mode (ensureRuntime with queue: true)');
	const started = Date.now();
	const dir = mkdtempSync(join(tmpdir(), 'zc-queue-'));
	const user = postgresUser();
	if (user) chownSync(dir, user.uid, user.gid);
	const children = new Map<'redis' | 'postgres', ChildProcess>();
	const close = async () => {
		for (const name of ['postgres', 'redis'] as const) {
			const child = children.get(name);
			if (child) await stop(child);
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const redisPort = await freePort();
		const redisLog: string[] = [];
		const startRedis = async () => {
			const args = ['--bind', '127.0.0.1', '--port', String(redisPort), ...REDIS_PERSISTENCE, '--dir', dir];
			children.set('redis', spawnTracked(runtime.redisServer!, args, { cwd: dir }, redisLog));
			await until('Redis', () => redisPing(redisPort), () => redisLog.join(''));
		};
		await startRedis();

		const data = join(dir, 'pg');
		const initdb = await run(join(runtime.postgresBin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], {
			timeoutMs: 60_000,
			cwd: dir,
			user,
		});
		if (initdb.code !== 0) throw new ScriptError('initdb failed', initdb.stdout + initdb.stderr);
		const postgresPort = await freePort();
		const pgLog: string[] = [];
		const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${data}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
		const isReady = async () => (await run(join(runtime.postgresBin!, 'pg_isready'), ['-q', '-h', '127.0.0.1', '-p', String(postgresPort)], { timeoutMs: 5_000, cwd: dir })).code === 0;
		const startPostgres = async () => {
			const args = ['-D', data, '-p', String(postgresPort), ...settings.flatMap((setting) => ['-c', setting])];
			children.set('postgres', spawnTracked(join(runtime.postgresBin!, 'postgres'), args, { cwd: dir, user }, pgLog));
			await until('PostgreSQL', isReady, () => pgLog.join(''));
		};
		await startPostgres();
		log(`Redis on 127.0.0.1:${redisPort}, PostgreSQL on 127.0.0.1:${postgresPort} (private cluster) ready in ${seconds(started)}`);
		return {
			redisPort,
			postgresPort,
			async restartRedis() {
				await stop(children.get('redis')!, 30_000, 'SIGTERM');
				await startRedis();
				log(`Redis restarted on 127.0.0.1:${redisPort}`);
			},
			async restartPostgres() {
				await stop(children.get('postgres')!, 30_000, 'SIGINT');
				await startPostgres();
				log(`PostgreSQL restarted on 127.0.0.1:${postgresPort}`);
			},
			close,
			env: {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: '127.0.0.1',
				QUEUE_BULL_REDIS_PORT: String(redisPort),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(postgresPort),
				DB_POSTGRESDB_DATABASE: 'postgres',
				DB_POSTGRESDB_USER: 'postgres',
				DB_POSTGRESDB_PASSWORD: '',
				// n8n's default pool is 2 connections per process: a webhook process answering a burst of deliveries
				// (each loads the workflow and its static data) then keeps senders waiting past their timeouts.
				DB_POSTGRESDB_POOL_SIZE: '10',
				// Every 2 s each process pings the database through its pool and, when no answer comes within 5 s (n8n's
				// default), answers every webhook with 503 "Database is not ready!". A webhook process busy with a burst
				// of deliveries waits that long for a pool connection while the database is fine (measured: 119 of 196
				// delivery attempts refused so); 30 s still catches a database that is really gone.
				DB_PING_TIMEOUT_MS: '30000',
				// One key for every process: credentials encrypted by one are decrypted by the others.
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			},
		};
	} catch (error) {
		await close();
		throw error;
	}
}

/**
 * Environment of the processes that receive production webhooks (the main and the webhook processes). n8n 2.41
 * evaluates expressions in isolated-vm (`N8N_EXPRESSION_ENGINE=vm`, its default) and, for every webhook request to
 * a trigger other than its own Webhook node (so every Zertiban delivery), takes an isolate before it even reads the
 * body, then disposes of it and builds a new one. A CPU profile of the webhook process during the 50-payment burst
 * put a third of its time there. With lazy acquisition an isolate is built only when an expression is
 * evaluated, which the Zertiban Trigger's fixed parameters never need (README "Scaling out").
 */
export const WEBHOOK_RECEIVER_ENV: Record<string, string> = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

/** One running n8n process of a cluster. */
export interface ClusterProcess {
	name: string;
	role: 'main' | 'worker' | 'webhook';
	child: ChildProcess;
	/** The main's and the webhook processes' HTTP base; a worker's health server. */
	base: string;
	/** Its current log; `logFiles`: every log it wrote, one per start (see {@link QueueCluster.respawn}). */
	logFile: string;
	logFiles: string[];
}

/**
 * A queue-mode cluster: its processes (main first); `respawn(process)` starts a process that died (or was killed,
 * e.g. `stop(child, 0, 'SIGKILL')`) again under its name, on its port, with a fresh log, and resolves when it is
 * ready; `close()` stops them all, then Redis and PostgreSQL.
 */
export interface QueueCluster {
	main: ClusterProcess;
	workers: ClusterProcess[];
	webhooks: ClusterProcess[];
	all: ClusterProcess[];
	respawn(process: ClusterProcess): Promise<void>;
	close(): Promise<void>;
}

/**
 * Starts the processes of a cluster in parallel on free ports, logs in `logDir`: the main (`n8n start` on
 * `mainPort` when given, with `mainEnv`, e.g. the demo's owner), `workers` workers (`n8n worker --concurrency=<concurrency>`) and `webhooks`
 * webhook processes; with `labelRequests`, each process labels its outgoing requests with its name for the sandbox
 * (scripts/label-requests.cjs). `n8n` must carry the services' `env` as its base environment, and its workflows are
 * imported and published before (the CLI writes the shared database). Resolves when every process is ready;
 * `close()` stops all of them by PID, then `services`.
 */
export async function startQueueCluster(
	n8n: N8n,
	services: QueueServices,
	options: { workers: number; webhooks: number; logDir: string; mainEnv?: Record<string, string>; mainPort?: number; concurrency?: number; labelRequests?: boolean },
): Promise<QueueCluster> {
	const started = Date.now();
	const specs = [
		{ name: 'main', role: 'main' as const },
		...Array.from({ length: options.workers }, (_, i) => ({ name: `worker-${i + 1}`, role: 'worker' as const })),
		...Array.from({ length: options.webhooks }, (_, i) => ({ name: `webhook-${i + 1}`, role: 'webhook' as const })),
	];
	const ports: number[] = options.mainPort ? [options.mainPort] : [];
	while (ports.length < specs.length) ports.push(await freePort());
	const launch = async (spec: (typeof specs)[number], port: number, logFile: string) => {
		const command = spec.role === 'main' ? 'start' : spec.role;
		const args = spec.role === 'worker' ? [`--concurrency=${options.concurrency ?? 10}`] : [];
		const env: Record<string, string> = spec.role === 'worker' ? {} : { ...WEBHOOK_RECEIVER_ENV, ...(spec.role === 'main' ? options.mainEnv : {}) };
		if (options.labelRequests) {
			env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${join(__dirname, 'label-requests.cjs')}`.trim();
			env.ZC_PROCESS_NAME = spec.name;
		}
		return await n8n.start(port, logFile, env, command, args);
	};
	const launched = await Promise.allSettled(
		specs.map(async (spec, i) => {
			const logFile = join(options.logDir, `${spec.name}.log`);
			const { child, base } = await launch(spec, ports[i], logFile);
			return { ...spec, child, base, logFile, logFiles: [logFile] };
		}),
	);
	const all: ClusterProcess[] = launched.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
	const close = async () => {
		await Promise.all(all.map((process) => stop(process.child)));
		await services.close();
	};
	const failed = launched.find((result): result is PromiseRejectedResult => result.status === 'rejected');
	if (failed) {
		await close();
		throw failed.reason;
	}
	n8n.log(`queue-mode cluster (${all.map((p) => p.name).join(', ')}) ready in ${seconds(started)}`);
	const respawn = async (process: ClusterProcess) => {
		await stop(process.child);
		const logFile = join(options.logDir, `${process.name}.${process.logFiles.length + 1}.log`);
		const { child } = await launch(process, ports[specs.findIndex((spec) => spec.name === process.name)], logFile);
		Object.assign(process, { child, logFile, logFiles: [...process.logFiles, logFile] });
		n8n.log(`${process.name} started again`);
	};
	return { main: all[0], workers: all.filter((p) => p.role === 'worker'), webhooks: all.filter((p) => p.role === 'webhook'), all, respawn, close };
}

/** Where one execution of a cluster came from and where it ran (process names, e.g. `webhook-1`, `worker-2`). */
export interface ExecutionPlace {
	/** The main or webhook process that queued it (it received the webhook, or the main's poll fired). */
	queuedBy?: string;
	/** The worker that ran it. */
	ranOn?: string;
}

/**
 * Which process queued and which worker ran each execution, read from the processes' logs (n8n logs "Enqueued
 * execution <id>" in the process that queues it and "Worker started execution <id>" in the worker, at info level):
 * execution id → {@link ExecutionPlace}.
 */
export function executionPlaces(cluster: QueueCluster): Map<number, ExecutionPlace> {
	const places = new Map<number, ExecutionPlace>();
	const record = (files: string[], pattern: RegExp, key: keyof ExecutionPlace, name: string) => {
		for (const match of files.map((file) => readFileSync(file, 'utf8')).join('\n').matchAll(pattern)) {
			const id = Number(match[1]);
			places.set(id, { ...places.get(id), [key]: name });
		}
	};
	for (const worker of cluster.workers) record(worker.logFiles, /Worker started execution (\d+)/g, 'ranOn', worker.name);
	for (const process of [cluster.main, ...cluster.webhooks]) record(process.logFiles, /Enqueued execution (\d+)/g, 'queuedBy', process.name);
	return places;
}

/** Which worker ran which execution (see {@link executionPlaces}): execution id → worker name. */
export function executionsByWorker(cluster: QueueCluster): Map<number, string> {
	return new Map([...executionPlaces(cluster)].flatMap(([id, place]) => (place.ranOn ? [[id, place.ranOn] as [number, string]] : [])));
}

/**
 * CPU time a process and its children (n8n's task runner) have used so far, in seconds, from /proc (utime +
 * stime, clock ticks of 1/100 s); undefined elsewhere.
 */
export function cpuSeconds(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const ticks = (p: string) => {
			const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
			return { parent: Number(fields[1]), used: Number(fields[11]) + Number(fields[12]) };
		};
		let total = ticks(String(pid)).used;
		for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
			try {
				const { parent, used } = ticks(entry);
				if (parent === pid) total += used;
			} catch {
				// the process ended meanwhile
			}
		}
		return total / 100;
	} catch {
		return undefined;
	}
}

/** Resident memory of a process and its children (n8n's task runner), in MB, from /proc; undefined elsewhere. */
export function rssMb(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const rssOf = (p: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
		const children = readdirSync('/proc')
			.filter((entry) => /^\d+$/.test(entry))
			.filter((entry) => {
				try {
					return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
				} catch {
					return false;
				}
			});
		return Math.round((rssOf(pid) + children.reduce((sum, child) => sum + rssOf(Number(child)), 0)) / 1024);
	} catch {
		return undefined;
	}
}
