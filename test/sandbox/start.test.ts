/** `startSandbox()` and `sandbox/cli.ts`: what the module and `npm run sandbox` hand to their callers. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startSandbox } from '../../sandbox';
import { basic, call, cfisOrigin, control } from './helpers';

const ROOT = join(__dirname, '..', '..');
const children: ChildProcess[] = [];
// a CLI that did not stop on its signal must not outlive the test run
afterAll(() => {
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('startSandbox', () => {
	it('gives loopback base URLs and the seed secrets, and keeps state per sandbox', async () => {
		const a = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
		const b = await startSandbox({ zertibanPort: 0, cfisPort: 0, tokenTtlSeconds: 120 });
		try {
			expect(a.info).toEqual({
				zertiban: {
					baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
					clientId: 'sandbox-client',
					clientSecret: expect.stringMatching(/^sandbox-secret-/),
					businessUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f',
					webhookSecret: 'sandbox-webhook-secret',
				},
				cfis: {
					baseUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/partner$/),
					partnerToken: 'cfis-sandbox-partner-token',
					clientToken: 'cfis-sandbox-client-token',
					expiredClientToken: 'cfis-sandbox-expired-token',
				},
			});
			expect(b.info.zertiban.baseUrl).not.toBe(a.info.zertiban.baseUrl);

			// the TTL option, and a token of one sandbox is unknown to the other
			const tokenOf = async (info: typeof a.info) => {
				const res = await call(`${info.zertiban.baseUrl}/idp/oauth2/token`, {
					method: 'POST',
					headers: {
						authorization: basic(info.zertiban.clientId, info.zertiban.clientSecret),
						'content-type': 'application/x-www-form-urlencoded',
					},
					body: 'grant_type=client_credentials',
				});
				return res.body;
			};
			expect((await tokenOf(a.info)).expires_in).toBe(900);
			const tokenB = await tokenOf(b.info);
			expect(tokenB.expires_in).toBe(120);
			const crossed = await call(`${a.info.zertiban.baseUrl}/flow/v1/operations`, {
				headers: { authorization: `Bearer ${tokenB.access_token}`, 'x-tenant-id': a.info.zertiban.businessUuid },
			});
			expect(crossed.status).toBe(401);

			// a client renewed in one sandbox is untouched in the other
			const renew = await call(`${a.info.cfis.baseUrl}/renew`, { headers: { 'x-api-key': a.info.cfis.clientToken } });
			expect(renew.status).toBe(200);
			const validateB = await call(`${b.info.cfis.baseUrl}/validate`, {
				headers: { 'x-api-key': b.info.cfis.clientToken },
			});
			expect(validateB.body).toEqual({ isValid: true, message: 'Token is valid' });
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('has one clock for both simulators that only moves forward', async () => {
		const sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
		try {
			const cfis = cfisOrigin(sandbox.info);
			const before = await control<{ now: string; offsetMs: number }>(sandbox.info.zertiban.baseUrl, 'clock', undefined, 'GET');
			expect(before.body.offsetMs).toBe(0);
			const moved = await control<{ now: string; offsetMs: number }>(sandbox.info.zertiban.baseUrl, 'clock', { advanceSeconds: 86_400 });
			expect(moved.body.offsetMs).toBe(86_400_000);
			expect(Date.parse(moved.body.now) - Date.parse(before.body.now)).toBeGreaterThanOrEqual(86_400_000);
			const seenByCfis = await control<{ offsetMs: number }>(cfis, 'clock', undefined, 'GET');
			expect(seenByCfis.body.offsetMs).toBe(86_400_000);
			const backwards = await control(cfis, 'clock', { advanceSeconds: -1 });
			expect(backwards.status).toBe(400);
			expect((await control<{ offsetMs: number }>(cfis, 'clock', undefined, 'GET')).body.offsetMs).toBe(86_400_000);
		} finally {
			await sandbox.close();
		}
	});

	it('refuses a non-loopback host and a taken port', async () => {
		await expect(startSandbox({ host: '0.0.0.0', zertibanPort: 0, cfisPort: 0 })).rejects.toThrow(/loopback/);
		const a = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
		try {
			const taken = Number(new URL(a.info.cfis.baseUrl).port);
			await expect(startSandbox({ zertibanPort: 0, cfisPort: taken })).rejects.toThrow(/EADDRINUSE/);
		} finally {
			await a.close();
		}
	});
});

/**
 * Runs the CLI with the tsx binary that `npm run sandbox` / `npx tsx` resolve to. Not through `npx` itself: npx runs
 * the binary under `sh -c`, and dash neither forwards SIGTERM nor execs, so a SIGTERM sent to npx orphans the sandbox.
 */
function runCli(args: string[]) {
	const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['sandbox/cli.ts', ...args], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	children.push(child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk) => (stdout += chunk));
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	const firstLine = new Promise<string>((resolve, reject) => {
		child.stdout.on('data', () => stdout.includes('\n') && resolve(stdout.slice(0, stdout.indexOf('\n'))));
		child.on('exit', () => reject(new Error(`cli exited before printing a line; stderr: ${stderr}`)));
	});
	firstLine.catch(() => undefined); // awaited (or expected to reject) by the caller
	return { child, exited, firstLine, output: () => ({ stdout, stderr }) };
}

describe('sandbox/cli.ts', () => {
	it('prints exactly one JSON line, serves, and exits 0 on SIGTERM', async () => {
		const cli = runCli(['--zertiban-port', '0', '--cfis-port', '0', '--token-ttl', '300']);
		try {
			const info = JSON.parse(await cli.firstLine);
			expect(Object.keys(info)).toEqual(['zertiban', 'cfis']);
			expect(Object.keys(info.zertiban)).toEqual(['baseUrl', 'clientId', 'clientSecret', 'businessUuid', 'webhookSecret']);
			expect(Object.keys(info.cfis)).toEqual(['baseUrl', 'partnerToken', 'clientToken', 'expiredClientToken']);
			const token = await call(`${info.zertiban.baseUrl}/api/v2/auth/token`, {
				method: 'POST',
				headers: {
					authorization: basic(info.zertiban.clientId, info.zertiban.clientSecret),
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: 'grant_type=client_credentials',
			});
			expect(token.body.expires_in).toBe(300);
			const validate = await call(`${info.cfis.baseUrl}/validate`, { headers: { 'x-api-key': info.cfis.clientToken } });
			expect(validate.body.isValid).toBe(true);
		} finally {
			cli.child.kill('SIGTERM');
		}
		expect(await cli.exited).toBe(0);
		const { stdout } = cli.output();
		expect(stdout.split('\n')).toHaveLength(2);
		expect(stdout.endsWith('\n')).toBe(true);
	}, 60_000);

	it('exits 2 on an unknown flag without printing on stdout', async () => {
		const cli = runCli(['--port', '1']);
		expect(await cli.exited).toBe(2);
		expect(cli.output().stdout).toBe('');
		expect(cli.output().stderr).toMatch(/usage/);
		await expect(cli.firstLine).rejects.toThrow();
	}, 60_000);
});
