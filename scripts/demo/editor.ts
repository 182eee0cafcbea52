/** The demo's n8n editor: its owner (set by environment, no setup wizard) and its port. */
import { N8n, ScriptError as DemoError, freePort } from '../n8n';
import { ownerEnv } from '../record';

export { OWNER, ownerEnv } from '../record';

export async function editorPort(portOption: string | undefined) {
	const port = await freePort(portOption ? Number(portOption) : 5678);
	if (portOption && port !== Number(portOption)) throw new DemoError(`port ${portOption} is taken`);
	return port;
}

export async function startEditor(n8n: N8n, portOption: string | undefined, logFile: string) {
	const owner = ownerEnv(n8n.runtime);
	const { child, base } = await n8n.start(await editorPort(portOption), logFile, owner.env);
	return { child, base, password: owner.password };
}
