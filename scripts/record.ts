/**
 * The n8n side of the payment record (README "Exactly once") for the demo and the e2e tests, done as a user does it:
 * an instance owner (set by environment, no setup wizard), an n8n API key with the data-table scopes (created with
 * the owner's login, as under Settings → n8n API), and the Payment Record API credential holding it, imported with
 * the CLI under the id the examples refer to. n8n's public API is served by the main process only (docs/n8n.md §2).
 * n8n 1.x (`npm run test:compat`) has no data tables in its public API: there the harness and the demo set none of it up
 * ({@link RECORD_NEEDS_N8N_2}).
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { COMPAT, ScriptError, type N8n, type Runtime } from './n8n';

/** The owner's login (the password is made up at each start). */
export const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User' };

/** The credential the examples' Report Payment nodes refer to. */
export const RECORD_CREDENTIAL = { id: 'zcRecord01', name: 'Payment record (this n8n)', type: 'paymentRecordApi' };

/** The scopes the payment record needs (docs/n8n.md §2.3). */
export const RECORD_SCOPES = ['dataTable:list', 'dataTable:create', 'dataTable:read', 'dataTableRow:read', 'dataTableRow:create', 'dataTableRow:update'];

/**
 * Why the payment record is not set up, and the tests that need it are not run, on n8n 1.x ({@link COMPAT}): its public
 * API has no data-table endpoints (docs/n8n.md §2.2), and 1.x does not read the `N8N_INSTANCE_OWNER_*` settings either.
 */
export const RECORD_NEEDS_N8N_2 = 'Report Payment needs n8n 2.x: n8n 1.x has no data tables in its public API';

/** Whether this run can keep a payment record: not on n8n 1.x ({@link COMPAT}, {@link RECORD_NEEDS_N8N_2}). */
export const RECORD_AVAILABLE = !COMPAT;

/** The instance owner, set by environment at boot (no setup wizard), with a password made up now. */
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

/** Logs the owner in on the main at `base`; returns the `n8n-auth` cookie. Throws a {@link ScriptError} when refused. */
export async function login(base: string, password: string): Promise<string> {
	const response = await fetch(`${base}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password }),
		signal: AbortSignal.timeout(30_000),
	});
	const cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
	if (!response.ok || !cookie) throw new ScriptError(`n8n refused the owner's login (${response.status})`, await response.text());
	return cookie;
}

/** An n8n API key of the owner with `scopes` (never expiring), made through n8n's REST API as the UI does. */
export async function createApiKey(base: string, cookie: string, scopes: string[], label = 'payment record'): Promise<string> {
	const response = await fetch(`${base}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ label: `${label} ${randomBytes(3).toString('hex')}`, scopes, expiresAt: null }),
		signal: AbortSignal.timeout(30_000),
	});
	const text = await response.text();
	if (!response.ok) throw new ScriptError(`n8n refused to create an API key (${response.status})`, text);
	const rawApiKey = (JSON.parse(text) as { data?: { rawApiKey?: string } }).data?.rawApiKey;
	if (!rawApiKey) throw new ScriptError('n8n created an API key but did not return it', text);
	return rawApiKey;
}

/**
 * Makes the payment record usable on a running n8n (`base`: its main, whose `/api/v1` every worker reaches): an API key
 * with {@link RECORD_SCOPES}, and the {@link RECORD_CREDENTIAL} holding it, imported with the CLI (the file is
 * removed right after). `apiUrl` replaces the URL the credential holds (e.g. a test's proxy in front of the main's API).
 * Returns the credential's data.
 */
export async function importRecordCredential(n8n: N8n, base: string, password: string, apiUrl = `${base}/api/v1`): Promise<{ baseUrl: string; apiKey: string }> {
	const apiKey = await createApiKey(base, await login(base, password), RECORD_SCOPES);
	return await importRecordCredentialData(n8n, { baseUrl: apiUrl, apiKey });
}

/**
 * Imports the {@link RECORD_CREDENTIAL} with `data` as it is, with the CLI (the file is removed right after); returns
 * `data`. For a credential made without n8n's help, e.g. one pointing at n8n 1.x's API, which has no data tables.
 */
export async function importRecordCredentialData(n8n: N8n, data: { baseUrl: string; apiKey: string }): Promise<{ baseUrl: string; apiKey: string }> {
	const file = join(n8n.userFolder, `record-credential-${process.pid}.json`);
	writeFileSync(file, JSON.stringify([{ ...RECORD_CREDENTIAL, data }]), { mode: 0o600 });
	try {
		await n8n.mustCli(['import:credentials', `--input=${file}`], 'imported the payment record credential');
	} finally {
		rmSync(file, { force: true });
	}
	return data;
}
