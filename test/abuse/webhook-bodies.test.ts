/**
 * Category "webhook-bodies": hostile POSTs to the Zertiban Trigger's events URL. Bodies nested 5,000 to 100,000
 * levels deep (arrays, objects, inside a valid envelope), `null` and other non-objects, numbers that do not
 * survive a parse/serialise round trip (`1e400` parses to Infinity, integers past 2^53), huge bodies, wrong
 * types in every envelope field, odd headers; each unsigned, with a forged signature and validly signed (over
 * the canonical text the receiver computes, so only the body decides). Every one must be refused cleanly: 401
 * when the signature does not verify, 400 when a verified body is not a usable Zertiban event, and never an
 * execution. Here "crashes" counts every delivery not refused cleanly: an exception, a 5xx or no answer, or an
 * accepted/executed hostile body.
 */
import { randomUUID } from 'node:crypto';

import { dump, leaksIn, secretForms } from './leaks';
import { CredentialStore, StaticDataStore, callWebhook, canonicalIterative, signText, type TriggerNodeSetup } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('webhook-bodies');
afterAll(() => tally.save());

const SECRET = 'hostile-body-webhook-secret-31';

function setup(): TriggerNodeSetup {
	return {
		type: 'zertibanTrigger',
		parameters: { events: ['*'], startOn: ['events'] },
		credentials: new CredentialStore({
			zertibanOAuth2Api: {
				environment: 'custom',
				baseUrl: 'http://127.0.0.1:9',
				clientId: 'c',
				clientSecret: 'hostile-client-secret',
				businessUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f',
				webhookSecret: SECRET,
				accessToken: '',
			},
		}),
		staticData: new StaticDataStore(),
	};
}

const envelope = (extra: Record<string, unknown> = {}) => ({
	eventUuid: randomUUID(),
	timestamp: new Date().toISOString(),
	eventType: 'OPERATION_COMPLETED',
	metadata: { apiVersion: 'v1', organizationUuid: '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f' },
	resource: { uuid: '0a621874-852f-4794-a3cc-b38f06c8eabe', externalId: 'E', status: 'COMPLETED' },
	...extra,
});

const deepArray = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
const deepObject = (depth: number) => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;

/** Hostile bodies whose signed form must be refused with 400 (not a usable event). */
function badBodies(): Array<[string, unknown]> {
	const bodies: Array<[string, unknown]> = [];
	for (const depth of [5_000, 10_000, 100_000]) {
		bodies.push([`array nested ${depth}`, deepArray(depth)]);
		bodies.push([`object nested ${depth}`, deepObject(depth)]);
		bodies.push([`envelope with resource.details nested ${depth}`, envelope({ resource: { uuid: randomUUID(), status: 'COMPLETED', details: deepObject(depth) } })]);
	}
	bodies.push(['null', null], ['true', true], ['number', 42], ['string', 'OPERATION_COMPLETED'], ['empty array', []], ['empty object', {}]);
	bodies.push(['array of envelopes', [envelope(), envelope()]]);
	bodies.push(['1e400 (Infinity after parsing)', envelope({ amount: JSON.parse('1e400') })]);
	bodies.push(['-1e400', envelope({ resource: { uuid: randomUUID(), status: 'COMPLETED', amount: JSON.parse('-1e400') } })]);
	bodies.push(['integer past 2^53', envelope({ amount: JSON.parse('9007199254740993') })]);
	for (const [field, value] of [
		['eventUuid', 42],
		['eventUuid', { $gt: '' }],
		['eventUuid', ['a']],
		['eventUuid', ''],
		['eventUuid', 'x'.repeat(1_000_000)],
		['eventUuid', null],
		['eventType', 7],
		['eventType', ['OPERATION_COMPLETED']],
		['eventType', { toString: 'x' }],
		['eventType', ''],
		['resource', 'string'],
		['resource', ['a']],
		['resource', null],
		['resource', 3],
		['metadata', 'string'],
		['__proto__', { polluted: true }],
		['constructor', { prototype: { polluted: true } }],
	] as Array<[string, unknown]>) {
		const body = envelope();
		Object.defineProperty(body, field, { value, enumerable: true, configurable: true, writable: true });
		bodies.push([`${field} = ${JSON.stringify(value)?.slice(0, 40)}`, body]);
	}
	return bodies;
}

/** Big but well-formed bodies: refused unsigned or forged; when signed they are events (200) or refused (400/413). */
function hugeBodies(): Array<[string, unknown]> {
	const wide: Record<string, number> = {};
	for (let i = 0; i < 200_000; i++) wide[`k${i}`] = i;
	return [
		['200,000 keys', envelope({ resource: { uuid: randomUUID(), status: 'COMPLETED', wide } })],
		['10 MB string', envelope({ padding: 'x'.repeat(10 * 1024 * 1024) })],
		['1,000,000-element array', envelope({ list: new Array(1_000_000).fill(0) })],
	];
}

interface Outcome {
	status: number;
	executed: boolean;
	body: unknown;
}

async function deliver(body: unknown, headers: Record<string, string>): Promise<Outcome | Error> {
	try {
		const result = await callWebhook(setup(), { webhookName: 'default', body, headers });
		return { status: result.status, executed: result.items !== undefined, body: result.body };
	} catch (error) {
		return error as Error;
	}
}

function judge(name: string, outcome: Outcome | Error, allowed: number[]): void {
	tally.case();
	if (outcome instanceof Error) {
		tally.fail('crashes', 1, `${name}: threw ${outcome.name}: ${outcome.message}`);
		return;
	}
	if (!allowed.includes(outcome.status) || (outcome.executed && !allowed.includes(200))) {
		tally.fail('crashes', 1, `${name}: answered ${outcome.status}${outcome.executed ? ' and started an execution' : ''}, expected ${allowed.join(' or ')} — ${dump(outcome.body).slice(0, 200)}`);
	}
	if (leaksIn(dump(outcome.body), secretForms(SECRET)).length) tally.fail('secretsLeaked', 1, `${name}: the answer holds the webhook secret`);
}

describe('webhook-bodies: hostile POSTs to the events URL', () => {
	it('refuses every hostile body: 401 unsigned or forged, 400 when validly signed; never an execution or a 5xx', async () => {
		for (const [name, body] of badBodies()) {
			judge(`${name} (unsigned)`, await deliver(body, { 'content-type': 'application/json' }), [401, 400]);
			judge(`${name} (forged signature)`, await deliver(body, signText('{}', 'not-the-secret')), [401, 400]);
			judge(`${name} (signed)`, await deliver(body, signText(canonicalIterative(body), SECRET)), [400]);
		}
	});

	it('handles huge bodies without crashing', async () => {
		for (const [name, body] of hugeBodies()) {
			judge(`${name} (unsigned)`, await deliver(body, { 'content-type': 'application/json' }), [401, 400, 413]);
			judge(`${name} (forged signature)`, await deliver(body, signText('{}', 'not-the-secret')), [401, 400, 413]);
			judge(`${name} (signed)`, await deliver(body, signText(canonicalIterative(body), SECRET)), [200, 400, 413]);
		}
	});

	it('refuses odd signature and timestamp headers with 401', async () => {
		const body = envelope();
		const good = signText(canonicalIterative(body), SECRET);
		const cases: Array<[string, Record<string, unknown>]> = [
			['timestamp 1e20', { ...good, 'zb-timestamp': '1e20' }],
			['negative timestamp', { ...good, 'zb-timestamp': '-1' }],
			['timestamp of 10,000 digits', { ...good, 'zb-timestamp': '9'.repeat(10_000) }],
			['signature of 1 MB', { ...good, 'zb-signature': 'A'.repeat(1024 * 1024) }],
			['signature as an array', { ...good, 'zb-signature': ['x', good['zb-signature']] }],
			['empty headers', { 'zb-signature': '', 'zb-timestamp': '' }],
			['signature with NUL', { ...good, 'zb-signature': `${good['zb-signature']}\u0000` }],
		];
		for (const [name, headers] of cases) judge(name, await deliver(body, headers as Record<string, string>), [401]);
	});

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThan(100);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
