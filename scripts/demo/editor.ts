/** The demo's n8n editor: its owner (set by environment, no setup wizard) and its port. */
import { N8n, ScriptError as DemoError, freePort } from '../n8n';
import { ownerEnv } from '../record';

export { OWNER, ownerEnv } from '../record';

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
