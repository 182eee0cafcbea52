/** The demo's n8n editor: its owner (set by environment, no setup wizard) and its port. */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { N8n, ScriptError as DemoError, freePort, type Runtime } from '../n8n';

/** The editor's login (the password is made up at each start). */
export const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User' };

/** The editor's owner, set by environment at boot (no setup wizard), with a password made up now. */
export function ownerEnv(runtime: Runtime): { env: Record<string, string>; password: string } {
	const password = `Demo-${randomBytes(6).toString('hex')}-X9`;
	// bcryptjs from the runtime's own tree (n8n uses the same version to check the login).
	const runtimeRequire = createRequire(join(runtime.dir, 'package.json'));
	const bcrypt = runtimeRequire('bcryptjs') as { hashSync(password: string, rounds: number): string };
	const env = {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(password, 10),
	};
	return { env, password };
}

/**
 * The editor's port for `--port N`: N when it is free (else a {@link DemoError}), any free port for `--port 0`, and
 * the first free one from 5678 without the option.
 */
export async function editorPort(portOption: string | undefined): Promise<number> {
	if (portOption === undefined) return await freePort(5678);
	const wanted = Number(portOption);
	if (wanted === 0) return await freePort();
	const port = await freePort(wanted);
	if (port !== wanted) throw new DemoError(`port ${portOption} is taken`);
	return port;
}

/** Starts the demo's n8n (`n8n start`) on {@link editorPort} with the {@link ownerEnv} owner; resolves when it is ready. */
export async function startEditor(n8n: N8n, portOption: string | undefined, logFile: string) {
	const owner = ownerEnv(n8n.runtime);
	const { child, base } = await n8n.start(await editorPort(portOption), logFile, owner.env);
	return { child, base, password: owner.password };
}
