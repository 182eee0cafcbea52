import type { IHttpRequestOptions } from 'n8n-workflow';

import { ZertibanOAuth2Api } from '../../credentials/ZertibanOAuth2Api.credentials';
import {
	fetchZertibanToken,
	newerZertibanToken,
	noteTokenAccepted,
	revocationSuspected,
	zertibanTokenBinding,
	zertibanTokenUrl,
} from '../../nodes/Zertiban/transport/auth';

let port = 1;
/** Credentials with a token URL no other test uses (the token reuse is per URL and client). */
const credentials = (overrides: Record<string, string> = {}) => ({
	environment: 'custom',
	baseUrl: `http://127.0.0.1:${port++}`,
	clientId: 'client-1',
	clientSecret: 'secret-xyz-123',
	businessUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f',
	accessToken: '',
	...overrides,
});

function tokenServer(answers: Array<{ statusCode: number; body: unknown }>) {
	const calls: IHttpRequestOptions[] = [];
	let release!: () => void;
	const gate = new Promise<void>((resolve) => (release = resolve));
	const httpRequest = jest.fn(async (options: IHttpRequestOptions) => {
		calls.push(options);
		await gate;
		const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
		return { statusCode: answer.statusCode, headers: {}, body: JSON.stringify(answer.body) };
	});
	return { helper: { helpers: { httpRequest } } as never, calls, release };
}

describe('Zertiban token request (client_secret_basic, docs/zertiban.md §3.1)', () => {
	it('posts grant_type=client_credentials with HTTP Basic client authentication to the token path', async () => {
		const server = tokenServer([{ statusCode: 200, body: { access_token: 'tok-1', expires_in: 900 } }]);
		server.release();
		const creds = credentials({ scope: 'api' });
		await expect(fetchZertibanToken(server.helper, creds)).resolves.toBe('tok-1');
		const [call] = server.calls;
		expect(call.method).toBe('POST');
		expect(call.url).toBe(`${creds.baseUrl}/idp/oauth2/token`);
		expect(call.headers?.Authorization).toBe(`Basic ${Buffer.from('client-1:secret-xyz-123').toString('base64')}`);
		expect(call.headers?.['Content-Type']).toBe('application/x-www-form-urlencoded');
		expect(String(call.body)).toBe('grant_type=client_credentials&scope=api');
		expect(String(call.body)).not.toContain('secret');
	});

	it('the Token Path field switches to /api/v2/auth/token', () => {
		expect(zertibanTokenUrl({ ...credentials(), tokenUrlPath: '/api/v2/auth/token' })).toMatch(/\/api\/v2\/auth\/token$/);
	});

	it('concurrent requests replacing the same token share ONE token request', async () => {
		const server = tokenServer([{ statusCode: 200, body: { access_token: 'tok-shared', expires_in: 900 } }]);
		const creds = credentials();
		const tokens = Promise.all(Array.from({ length: 5 }, () => fetchZertibanToken(server.helper, { ...creds })));
		server.release();
		expect(await tokens).toEqual(Array(5).fill('tok-shared'));
		expect(server.calls).toHaveLength(1);
	});

	it('a caller replacing the same token just after the shared fetch settled (an execution that loaded the old token) gets its token, not a new fetch', async () => {
		const server = tokenServer([
			{ statusCode: 200, body: { access_token: 'tok-late-1', expires_in: 900 } },
			{ statusCode: 200, body: { access_token: 'tok-late-2', expires_in: 900 } },
		]);
		server.release();
		const creds = { ...credentials(), accessToken: 'tok-expired-late' };
		expect(await fetchZertibanToken(server.helper, { ...creds })).toBe('tok-late-1');
		expect(await fetchZertibanToken(server.helper, { ...creds })).toBe('tok-late-1');
		expect(server.calls).toHaveLength(1);
		// Replacing the new token (Zertiban refused it) is another fetch.
		expect(await fetchZertibanToken(server.helper, { ...creds, accessToken: 'tok-late-1' })).toBe('tok-late-2');
	});

	it('replacing a different (expired) token fetches a new one', async () => {
		const server = tokenServer([
			{ statusCode: 200, body: { access_token: 'tok-a', expires_in: 900 } },
			{ statusCode: 200, body: { access_token: 'tok-b', expires_in: 900 } },
		]);
		server.release();
		const creds = credentials();
		expect(await fetchZertibanToken(server.helper, creds)).toBe('tok-a');
		expect(await fetchZertibanToken(server.helper, { ...creds, accessToken: 'tok-a' })).toBe('tok-b');
		expect(server.calls).toHaveLength(2);
	});

	it('a refused client secret is not remembered: the next call asks again', async () => {
		const server = tokenServer([
			{ statusCode: 401, body: { error: 'invalid_client', error_description: 'Bad client credentials' } },
			{ statusCode: 200, body: { access_token: 'tok-ok', expires_in: 900 } },
		]);
		server.release();
		const creds = credentials();
		await expect(fetchZertibanToken(server.helper, creds)).rejects.toThrow(
			/Zertiban refused the client credentials \(401 invalid_client\).*check Client ID and Client Secret/,
		);
		await expect(fetchZertibanToken(server.helper, creds)).resolves.toBe('tok-ok');
	});

	it('error messages never contain the client secret', async () => {
		const server = tokenServer([{ statusCode: 400, body: { error: 'invalid_request', error_description: 'echo secret-xyz-123?' } }]);
		server.release();
		const error = await fetchZertibanToken(server.helper, credentials()).catch((e: Error) => e);
		expect(String((error as Error).message)).toMatch(/did not issue a token \(400, invalid_request/);
		expect(String((error as Error).message)).not.toContain('secret-xyz-123');
	});

	it('a missing client secret is named before any request', async () => {
		const server = tokenServer([]);
		await expect(fetchZertibanToken(server.helper, credentials({ clientSecret: '' }))).rejects.toThrow(/has no Client Secret/);
		expect(server.calls).toHaveLength(0);
	});
});

describe('a 401 after the one refresh: really refused, or revoked (docs/zertiban.md §15.1)', () => {
	const answers = (...tokens: string[]) => tokens.map((t) => ({ statusCode: 200, body: { access_token: t, expires_in: 900 } }));

	it('tokens of a credential that never worked are really refused: the 401 is reported after one refresh', async () => {
		const server = tokenServer(answers('never-1', 'never-2'));
		server.release();
		const creds = credentials();
		const first = await fetchZertibanToken(server.helper, creds);
		const refreshed = await fetchZertibanToken(server.helper, { ...creds, accessToken: first });
		expect(revocationSuspected(creds, first)).toBe(false);
		expect(revocationSuspected(creds, refreshed)).toBe(false);
	});

	it('a token fetched to replace one that worked, and the tokens fetched in a row after it, count as revoked while a token worked lately', async () => {
		const server = tokenServer(answers('ok-1', 'ok-2', 'ok-3'));
		server.release();
		const creds = credentials();
		const worked = await fetchZertibanToken(server.helper, creds);
		noteTokenAccepted(creds, worked);
		const second = await fetchZertibanToken(server.helper, { ...creds, accessToken: worked });
		const third = await fetchZertibanToken(server.helper, { ...creds, accessToken: second });
		expect([revocationSuspected(creds, worked), revocationSuspected(creds, second), revocationSuspected(creds, third)]).toEqual([true, true, true]);
		// 10 s later without any token working, a refusal is real again
		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(now + 10_001);
		try {
			expect(revocationSuspected(creds, third)).toBe(false);
		} finally {
			clock.mockRestore();
		}
	});

	it('a 401 for a token a newer one has replaced is resent with the newer one (stored, or being fetched)', async () => {
		const creds = credentials();
		await expect(newerZertibanToken({ ...creds, accessToken: 'stored-new' }, 'used-old')).resolves.toBe('stored-new');
		await expect(newerZertibanToken({ ...creds, accessToken: 'used-old' }, 'used-old')).resolves.toBeUndefined();
		const server = tokenServer(answers('in-flight'));
		const fetching = fetchZertibanToken(server.helper, { ...creds, accessToken: 'used-old' });
		const newer = newerZertibanToken({ ...creds, accessToken: 'used-old' }, 'used-old');
		server.release();
		expect(await fetching).toBe('in-flight');
		await expect(newer).resolves.toBe('in-flight');
	});
});

describe('ZertibanOAuth2Api credential description', () => {
	const credential = new ZertibanOAuth2Api();

	it('signs requests with the bearer token and the business UUID as x-tenant-id', async () => {
		// The token as preAuthentication stores it: bound to the client credentials that fetched it.
		const client = { clientId: 'id-1', clientSecret: 'secret-1', businessUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f' };
		const signed = await credential.authenticate(
			{ ...client, accessToken: 'tok-1', tokenClient: zertibanTokenBinding(client, 'tok-1') },
			{ url: 'https://x.example/flow/v1/operations', headers: { Accept: 'application/json' } },
		);
		expect(signed.headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer tok-1',
			'x-tenant-id': '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f',
		});
		expect(signed.url).toBe('https://x.example/flow/v1/operations');
	});

	it('does not send a stored token fetched with other client credentials (n8n then refreshes it after the 401)', async () => {
		const client = { clientId: 'id-1', clientSecret: 'secret-1', businessUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f' };
		const tokenClient = zertibanTokenBinding(client, 'tok-1');
		const changes: Array<Record<string, string>> = [{ clientSecret: 'secret-2' }, { clientId: 'id-2' }, { scope: 'payments' }, { tokenClient: '' }];
		for (const changed of changes) {
			const signed = await credential.authenticate({ ...client, accessToken: 'tok-1', tokenClient, ...changed }, { url: 'https://x.example/a', headers: {} });
			expect(signed.headers).toEqual({ 'x-tenant-id': client.businessUuid });
		}
		expect(tokenClient).not.toContain('secret-1');
		expect(tokenClient).toMatch(/^[0-9a-f]{64}$/);
	});

	it('keeps the token in a hidden, expirable, password field so n8n refreshes it', () => {
		const token = credential.properties.find((p) => p.name === 'accessToken');
		expect(token).toMatchObject({ type: 'hidden', default: '', typeOptions: { expirable: true, password: true } });
	});

	it('marks every secret as a password field', () => {
		for (const name of ['clientSecret', 'webhookSecret']) {
			expect(credential.properties.find((p) => p.name === name)?.typeOptions?.password).toBe(true);
		}
	});
});
