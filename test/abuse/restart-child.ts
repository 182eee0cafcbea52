/**
 * A fresh process for the "restart" cases of the abuse suite: n8n restarted keeps only what it stored (the
 * trigger's static data), nothing held in memory. Reads a JSON file (argv[2]) `{ parameters, credentials,
 * staticData, request }`, runs one webhook call of the Zertiban Trigger through the harness, prints
 * `{ status, body, executed, staticData }` as one JSON line.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(join(tmpdir(), 'n8n-harness-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

async function main(): Promise<void> {
	const input = JSON.parse(readFileSync(process.argv[2], 'utf8')) as {
		parameters: Record<string, unknown>;
		credentials: Record<string, Record<string, unknown>>;
		staticData: Record<string, unknown>;
		request: { webhookName: 'default' | 'setup'; body?: unknown; headers?: Record<string, string>; query?: import('n8n-workflow').IDataObject };
	};
	const { CredentialStore, StaticDataStore, callWebhook } = await import('./support');
	const staticData = new StaticDataStore();
	staticData.data = input.staticData as never;
	const result = await callWebhook(
		{ type: 'zertibanTrigger', parameters: input.parameters as never, credentials: new CredentialStore(input.credentials as never), staticData },
		input.request,
	);
	process.stdout.write(`${JSON.stringify({ status: result.status, body: result.body, executed: result.items !== undefined, staticData: staticData.data })}\n`);
}

void main();
