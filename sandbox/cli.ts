/**
 * `npm run sandbox [-- --zertiban-port N] [--cfis-port N] [--token-ttl SECONDS]` (README.md, "Usage").
 *
 * Starts both simulators on 127.0.0.1 and prints exactly one line on stdout: the `SandboxInfo` JSON.
 * Everything else goes to stderr. Runs until SIGINT/SIGTERM, then closes both servers and exits 0.
 * Exit 2 on bad arguments, 1 when the sandbox cannot start (e.g. a port is taken).
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './index';

const USAGE =
	'usage: tsx sandbox/cli.ts [--zertiban-port N] [--cfis-port N] [--token-ttl SECONDS]  (port 0 = any free port)';

/** Parses a non-negative integer flag value; undefined when the flag is absent. */
function intFlag(values: Record<string, string | boolean | undefined>, name: string): number | undefined {
	const raw = values[name];
	if (raw === undefined) return undefined;
	if (typeof raw !== 'string' || !/^\d+$/.test(raw)) throw new Error(`--${name} must be a non-negative integer`);
	return Number(raw);
}

async function main(): Promise<void> {
	let options;
	try {
		const { values } = parseArgs({
			options: {
				'zertiban-port': { type: 'string' },
				'cfis-port': { type: 'string' },
				'token-ttl': { type: 'string' },
			},
			strict: true,
		});
		options = {
			zertibanPort: intFlag(values, 'zertiban-port'),
			cfisPort: intFlag(values, 'cfis-port'),
			tokenTtlSeconds: intFlag(values, 'token-ttl'),
		};
	} catch (error) {
		process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
		process.exit(2);
	}

	let sandbox;
	try {
		sandbox = await startSandbox(options);
	} catch (error) {
		process.stderr.write(`sandbox: cannot start: ${(error as Error).message}\n`);
		process.exit(1);
	}
	process.stdout.write(`${JSON.stringify(sandbox.info)}\n`);
	process.stderr.write(
		`sandbox: Zertiban at ${sandbox.info.zertiban.baseUrl}, CFIS at ${sandbox.info.cfis.baseUrl}; Ctrl-C to stop\n`,
	);

	let stopping = false;
	const stop = (signal: NodeJS.Signals) => {
		if (stopping) return;
		stopping = true;
		process.stderr.write(`sandbox: ${signal}, closing\n`);
		sandbox.close().then(
			() => process.exit(0),
			(error: Error) => {
				process.stderr.write(`sandbox: close failed: ${error.message}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

void main();
