/**
 * Category "paging": list servers that would make offset paging loop (a small double in this file, speaking
 * Zertiban's `{ total, results }`, docs/zertiban.md §4.3): one that ignores the offset (and `q_externalId`), one that
 * answers earlier records again in another order, one that sends more records than the total it announced. Flow →
 * Get Many (Return All), Operation → Get Many and Flow → Create's look-up by external ID must stop with the error
 * that says which, and a create must not be sent on a failed look-up; an honest server is still read to its end.
 * "crashes" counts a read that looped, returned, or failed otherwise.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { CredentialStore, runNode } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('paging');
afterAll(() => tally.save());

type Mode = 'honest' | 'ignoresOffset' | 'reordersEarlierRecords' | 'pastTotal';

/** How many list requests a read may send before the double answers 500 (a loop guard for the test itself). */
const REQUEST_CAP = 200;

interface ListDouble {
	baseUrl: string;
	mode: Mode;
	listRequests: number;
	creates: number;
	close(): Promise<void>;
}

const record = (i: number, externalId = `EXT-${i}`): IDataObject => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, externalId, status: 'CREATED' });

async function startListDouble(): Promise<ListDouble> {
	const double: ListDouble = { baseUrl: '', mode: 'honest', listRequests: 0, creates: 0, close: async () => undefined };
	const server: Server = createServer((request, response) => {
		request.resume();
		const url = new URL(request.url ?? '/', 'http://x');
		const json = (status: number, body: unknown) => {
			response.writeHead(status, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body));
		};
		if (request.method === 'POST' && url.pathname === '/idp/oauth2/token') return json(200, { access_token: randomUUID(), token_type: 'Bearer', expires_in: 900 });
		if (request.method === 'POST') {
			double.creates++;
			return json(500, { message: 'the double creates nothing' });
		}
		if (++double.listRequests > REQUEST_CAP) return json(500, { message: 'request cap of the double reached' });
		const offset = Number(url.searchParams.get('offset') ?? 0);
		const limit = Number(url.searchParams.get('limit') ?? 10);
		const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => record(from + i));
		switch (double.mode) {
			case 'honest':
				return json(200, { total: 250, results: page(offset, Math.max(0, Math.min(limit, 250 - offset))) });
			case 'ignoresOffset':
				return json(200, { total: 1000, results: page(0, limit) });
			case 'reordersEarlierRecords':
				return json(200, { total: 1000, results: offset === 0 ? page(0, limit) : page(0, limit).reverse() });
			case 'pastTotal':
				return json(200, { total: 150, results: page(offset, limit) });
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	double.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	double.close = async () => await new Promise<void>((resolve) => server.close(() => resolve()));
	return double;
}

let double: ListDouble;
beforeAll(async () => {
	double = await startListDouble();
});
afterAll(async () => await double.close());

const credentials = () =>
	new CredentialStore({
		zertibanOAuth2Api: { environment: 'custom', baseUrl: double.baseUrl, clientId: 'c', clientSecret: 'paging-client-secret', businessUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f', webhookSecret: 'w', accessToken: '' },
	});

const READS: Array<[string, IDataObject]> = [
	['Flow → Get Many (Return All)', { resource: 'flow', operation: 'getMany', returnAll: true }],
	['Operation → Get Many (Return All)', { resource: 'operation', operation: 'getMany', returnAll: true }],
	['Flow → Create (look-up by external ID)', { resource: 'flow', operation: 'create', countryCode: 'ES', externalId: 'EXT-NEW', operations: { operation: [{ amount: 50, concept: 'x', operationExternalId: 'EXT-NEW-op' }] } }],
];

const EXPECTED: Record<Exclude<Mode, 'honest'>, RegExp> = {
	ignoresOffset: /^Paging stopped \(repeated page\): GET \/flow\/v1\/(flows|operations) it answered the same page again for offset 100/,
	reordersEarlierRecords: /^Paging stopped \(offset not advancing\): GET \/flow\/v1\/(flows|operations) the page for offset 100 holds only records already read/,
	pastTotal: /^Paging stopped \(past total\): GET \/flow\/v1\/(flows|operations) it sent 200 records, more than the total of 150/,
};

describe('paging: list servers that would make paging loop', () => {
	it.each(Object.keys(EXPECTED) as Array<Exclude<Mode, 'honest'>>)('a server that %s: every paged read stops with the error that says which', async (mode) => {
		double.mode = mode;
		for (const [name, parameters] of READS) {
			double.listRequests = 0;
			double.creates = 0;
			const result = await runNode({ type: 'zertiban', parameters, credentials: credentials() });
			tally.case();
			const message = result.error?.message;
			if (!message || !EXPECTED[mode].test(message)) tally.fail('crashes', 1, `${name} (${mode}): ended with ${JSON.stringify(message ?? result.json('Node').length)} after ${double.listRequests} list requests`);
			tally.fail('duplicateCreations', double.creates, `${name} (${mode}): sent ${double.creates} creates after a failed look-up`);
		}
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});

	it('an honest server is read to its end (250 records, 3 pages)', async () => {
		double.mode = 'honest';
		double.listRequests = 0;
		const result = await runNode({ type: 'zertiban', parameters: READS[0][1], credentials: credentials() });
		expect(result.error).toBeUndefined();
		expect(result.json('Node')).toHaveLength(250);
		expect(double.listRequests).toBe(3);
	});
});
