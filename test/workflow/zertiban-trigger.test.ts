/**
 * Zertiban Trigger in the in-process harness (the built node's `webhook()`, answered as n8n 2.41 answers it, and its
 * `execute()` in an execution; real HTTP to the sandbox for the operation reads): signed deliveries, replay window,
 * dedupe across calls (static data), event filter, the acknowledgement only after n8n queued the execution,
 * enrichment in the execution, and payer redirects verified against the API.
 */
import { randomUUID } from 'node:crypto';

import { signWebhook } from '../../sandbox/webhooks';
import { ZERTIBAN_WEBHOOK_SECRET } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { createSandboxFlows } from '../helpers/zertiban';
import { StaticDataStore, callWebhook, executeTrigger, type TriggerNodeSetup } from './harness';

const OPENED = 'cbd6f94c-65ae-410e-8c7b-b0ab1b865777';
const COMPLETED = '0a621874-852f-4794-a3cc-b38f06c8eabe';
const REJECTED = '85fd430f-ea88-4ac8-843e-a0eb4cbd9833';
const PAGES = { paidPageUrl: 'https://shop.example.com/thanks', notPaidPageUrl: 'https://shop.example.com/failed', leftPageUrl: 'https://shop.example.com/cart' };

let fixture: Awaited<ReturnType<typeof sandboxFixture>>;
beforeAll(async () => {
	fixture = await sandboxFixture();
});
afterAll(async () => await fixture.close());

const apiRequests = async () => fixture.totalRequests(await fixture.counters('zertiban'));

function envelope(eventType = 'OPERATION_COMPLETED', uuid = COMPLETED, status = 'COMPLETED') {
	return {
		eventUuid: randomUUID(),
		timestamp: new Date().toISOString(),
		eventType,
		metadata: { apiVersion: 'v1', organizationUuid: fixture.info.zertiban.businessUuid },
		resource: { uuid, externalId: 'EXT-1', status },
	};
}

function signed(body: unknown, { secret = ZERTIBAN_WEBHOOK_SECRET, at = Date.now() } = {}) {
	const timestamp = String(at);
	return { 'zb-timestamp': timestamp, 'zb-signature': signWebhook(body, timestamp, secret), 'content-type': 'application/json' };
}

function trigger(parameters: Record<string, unknown> = {}, staticData = new StaticDataStore()): TriggerNodeSetup {
	return { type: 'zertibanTrigger', parameters: { events: ['*'], ...parameters }, credentials: fixture.zertibanCredentials(), staticData };
}

const post = (setup: TriggerNodeSetup, body: unknown, headers: Record<string, string>) =>
	callWebhook(setup, { webhookName: 'default', body, headers }, apiRequests);

describe('Zertiban Trigger: signed events (POST)', () => {
	it('emits a correctly signed delivery once, as received, and leaves the 200 to n8n (sent once the execution is queued)', async () => {
		const body = envelope();
		const result = await post(trigger(), body, signed(body));
		expect({ status: result.status, body: result.body, items: result.items }).toEqual({ status: 200, body: { received: true }, items: [body] });
		// The webhook itself reads nothing from the API: the 200 waits only for n8n.
		expect(result.respondedBeforeApiCall).toBe(true);
	});

	it('forgets a delivery n8n could not queue (answered 500): Zertiban\'s retry starts the execution', async () => {
		const staticData = new StaticDataStore();
		const body = envelope();
		const failed = await callWebhook(trigger({}, staticData), { webhookName: 'default', headers: signed(body), body, queueFails: true });
		expect(failed.status).toBe(500);
		const retry = await post(trigger({}, staticData), body, signed(body, { at: Date.now() + 500 }));
		expect({ status: retry.status, body: retry.body, items: retry.items }).toEqual({ status: 200, body: { received: true }, items: [body] });
	});

	it('refuses with 401 and starts nothing: no signature, forged signature, tampered body, stale or future timestamp', async () => {
		const body = envelope();
		const cases = {
			unsigned: await post(trigger(), body, { 'zb-timestamp': String(Date.now()) }),
			forged: await post(trigger(), body, signed(body, { secret: 'not-the-secret' })),
			tampered: await post(trigger(), { ...body, resource: { ...body.resource, status: 'REJECTED' } }, signed(body)),
			stale: await post(trigger(), body, signed(body, { at: Date.now() - 6 * 60_000 })),
			future: await post(trigger(), body, signed(body, { at: Date.now() + 6 * 60_000 })),
		};
		for (const [name, result] of Object.entries(cases)) {
			expect({ name, status: result.status, items: result.items }).toEqual({ name, status: 401, items: undefined });
		}
		expect(JSON.stringify(cases)).not.toContain(ZERTIBAN_WEBHOOK_SECRET);
		expect((cases.stale.body as { reason: string }).reason).toBe('timestamp outside the replay window');
	});

	it('accepts an older delivery when the replay window is widened', async () => {
		const body = envelope();
		const result = await post(trigger({ options: { replayWindowMinutes: 10 } }), body, signed(body, { at: Date.now() - 6 * 60_000 }));
		expect(result.items).toEqual([body]);
	});

	it('runs a duplicate delivery (same eventUuid, new signature) only once, remembered in static data', async () => {
		const staticData = new StaticDataStore();
		const body = envelope();
		const first = await post(trigger({}, staticData), body, signed(body));
		const again = await post(trigger({}, staticData), body, signed(body, { at: Date.now() + 500 }));
		expect(first.items).toHaveLength(1);
		expect({ status: again.status, body: again.body, items: again.items }).toEqual({ status: 200, body: { received: true, duplicate: true }, items: undefined });
		expect(JSON.stringify(staticData.data)).toContain(body.eventUuid);
		const other = envelope();
		expect((await post(trigger({}, staticData), other, signed(other))).items).toEqual([other]);
	});

	it('runs two simultaneous deliveries of one event once, although neither saw the other\'s static data', async () => {
		const staticData = new StaticDataStore();
		const body = envelope();
		const [a, b] = await Promise.all([post(trigger({}, staticData), body, signed(body)), post(trigger({}, staticData), body, signed(body))]);
		expect([a.status, b.status]).toEqual([200, 200]);
		expect([a.items, b.items].filter((items) => items !== undefined)).toEqual([[body]]);
	});

	it('forgets a delivery whose sender gave up before the answer: its retry starts the execution, since the first may never have been queued', async () => {
		const body = envelope();
		const gaveUp = await callWebhook(trigger(), { webhookName: 'default', headers: signed(body), body, aborted: true });
		expect(gaveUp.items).toEqual([body]);
		// n8n saves static data only after the execution is queued: a retry while that never happened sees none.
		const retry = await post(trigger(), body, signed(body, { at: Date.now() + 500 }));
		expect({ status: retry.status, body: retry.body, items: retry.items }).toEqual({ status: 200, body: { received: true }, items: [body] });
		// An answered delivery stays remembered in the process, static data saved or not.
		const again = await post(trigger(), body, signed(body, { at: Date.now() + 1_000 }));
		expect(again.body).toEqual({ received: true, duplicate: true });
	});

	it('filters by event type: exact names and family wildcards; others are acknowledged without an execution', async () => {
		const flow = envelope('FLOW_COMPLETED');
		const onlyOperations = trigger({ events: ['OPERATION_COMPLETED'] });
		const ignored = await post(onlyOperations, flow, signed(flow));
		expect({ status: ignored.status, items: ignored.items }).toEqual({ status: 200, items: undefined });
		const families = trigger({ events: ['FLOW_*'] });
		expect((await post(families, flow, signed(flow))).items).toEqual([flow]);
		const op = envelope('OPERATION_OPENED', OPENED, 'OPENED');
		expect((await post(families, op, signed(op))).items).toBeUndefined();
	});

	it('Start Workflow On as the editor may have saved it: empty or a single value still starts on events; Payer Redirects alone ignores them', async () => {
		// n8n's node panel once saved `startOn: []` for a trigger added through an "On ..." action.
		for (const startOn of [[], 'events', ['events'], ['redirects', 'events']]) {
			const body = envelope();
			expect({ startOn, items: (await post(trigger({ startOn }), body, signed(body))).items }).toEqual({ startOn, items: [body] });
		}
		const body = envelope();
		const redirectsOnly = await post(trigger({ startOn: ['redirects'] }), body, signed(body));
		expect({ status: redirectsOnly.status, items: redirectsOnly.items }).toEqual({ status: 200, items: undefined });
	});

	/** A delivery, then the execution n8n starts with its items (where the operation is read). */
	const deliverAndRun = async (setup: TriggerNodeSetup, body: ReturnType<typeof envelope>) => {
		const result = await post(setup, body, signed(body));
		return { result, items: await executeTrigger(setup, result.items ?? []) };
	};

	it('Include Operation Details reads the operation in the execution, never before the 200', async () => {
		const body = envelope('OPERATION_OPENED', OPENED, 'OPENED');
		await fixture.resetCounters('zertiban');
		const { result, items } = await deliverAndRun(trigger({ options: { includeOperationDetails: true } }), body);
		expect({ status: result.status, respondedBeforeApiCall: result.respondedBeforeApiCall, handedOver: result.items }).toEqual({ status: 200, respondedBeforeApiCall: true, handedOver: [body] });
		expect(items).toEqual([{ ...body, operation: expect.objectContaining({ uuid: OPENED, status: 'OPENED' }) }]);
		expect((await fixture.counters('zertiban')).requests['GET /flow/v1/operations/:uuid']).toBe(1);
	});

	it('without Include Operation Details the execution passes the event through unchanged, with no API call', async () => {
		const body = envelope('OPERATION_OPENED', OPENED, 'OPENED');
		await fixture.resetCounters('zertiban');
		const { items } = await deliverAndRun(trigger(), body);
		expect(items).toEqual([body]);
		expect(fixture.totalRequests(await fixture.counters('zertiban'))).toBe(0);
	});

	it('Include Operation Details gives a flow event the flow\'s operations', async () => {
		const flowUuid = '0f9289ff-d2a0-477d-aba3-f7383d900578'; // seeded flow with two operations (EXT-107, EXT-108)
		const body = envelope('FLOW_IN_PROGRESS', flowUuid, 'IN_PROGRESS');
		const { items } = await deliverAndRun(trigger({ options: { includeOperationDetails: true } }), body);
		const operations = items[0].operations as Array<{ flowUuid: string; externalId: string }>;
		expect(operations.map((op) => op.externalId).sort()).toEqual(['EXT-107', 'EXT-108']);
		expect(operations.every((op) => op.flowUuid === flowUuid)).toBe(true);
	});

	it('Include Operation Details pages through all operations of a large flow (105: two pages of at most 100)', async () => {
		const [flow] = await createSandboxFlows(fixture.info, 1, 105, 'BIG');
		await fixture.resetCounters('zertiban');
		const body = envelope('FLOW_IN_PROGRESS', flow.uuid, 'IN_PROGRESS');
		const { items } = await deliverAndRun(trigger({ options: { includeOperationDetails: true } }), body);
		const operations = items[0].operations as Array<{ uuid: string }>;
		expect(operations.map((op) => op.uuid).sort()).toEqual(flow.operations.map((op) => op.uuid).sort());
		expect((await fixture.counters('zertiban')).requests['GET /flow/v1/operations']).toBe(2);
	});

	it('still emits a verified event when the operation cannot be read, with the reason', async () => {
		const body = envelope('OPERATION_COMPLETED', '0b0b0b0b-0000-4000-8000-000000000000');
		const { items } = await deliverAndRun(trigger({ options: { includeOperationDetails: true } }), body);
		expect(items).toHaveLength(1);
		expect(items[0].operationDetailsError).toMatch(/404/);
		expect(items[0].operation).toBeUndefined();
	});
});

describe('Zertiban Trigger: payer redirects (GET)', () => {
	const get = (query: Record<string, string>, parameters: Record<string, unknown> = { redirectPages: PAGES, startOn: ['events', 'redirects'] }) =>
		callWebhook(trigger(parameters), { webhookName: 'setup', query });

	it('never trusts the URL: a callback claiming COMPLETED for an OPENED operation goes to the not-paid page and reports OPENED', async () => {
		const result = await get({ redirect: 'callback', operationId: OPENED, operationStatus: 'COMPLETED', operationResult: 'OK' });
		expect({ status: result.status, location: result.location }).toEqual({ status: 303, location: PAGES.notPaidPageUrl });
		expect(result.items).toEqual([
			expect.objectContaining({ source: 'redirect', redirect: 'callback', status: 'OPENED', outcome: 'notPaid', claimedStatus: 'COMPLETED', claimConfirmed: false }),
		]);
		expect(result.items?.[0].operation).toEqual(expect.objectContaining({ uuid: OPENED, status: 'OPENED' }));
	});

	it('sends a COMPLETED operation to the paid page, a REJECTED one to the not-paid page, a payer who left to the left page', async () => {
		expect((await get({ redirect: 'callback', operationId: COMPLETED, operationStatus: 'COMPLETED' })).location).toBe(PAGES.paidPageUrl);
		expect((await get({ redirect: 'callback', operationId: REJECTED, operationStatus: 'REJECTED' })).location).toBe(PAGES.notPaidPageUrl);
		expect((await get({ redirect: 'return', operationId: OPENED })).location).toBe(PAGES.leftPageUrl);
	});

	it('shows a neutral page without pages configured, and never an error: bad id, unknown operation', async () => {
		const plain = await get({ redirect: 'callback', operationId: COMPLETED }, {});
		expect(plain.status).toBe(200);
		expect(plain.body).toContain('Your payment has been received');
		expect(plain.items).toBeUndefined(); // redirects start nothing unless selected
		for (const operationId of ['not-a-uuid', '0b0b0b0b-0000-4000-8000-000000000000']) {
			const result = await get({ redirect: 'callback', operationId, operationStatus: 'COMPLETED' });
			expect({ status: result.status, location: result.location, items: result.items }).toEqual({ status: 200, location: undefined, items: undefined });
			expect(String(result.body)).not.toMatch(/error|stack|404|at /i);
			expect(result.headers['content-type']).toContain('text/html');
		}
	});

	it('reads the operation once per redirect GET, without retries, so forged GETs cannot multiply API calls', async () => {
		await fixture.control('zertiban', 'faults', { status: 503, count: 5, path: '/flow/v1/operations' });
		await fixture.resetCounters('zertiban');
		try {
			const result = await get({ redirect: 'callback', operationId: COMPLETED, operationStatus: 'COMPLETED' });
			expect({ status: result.status, location: result.location, items: result.items }).toEqual({ status: 200, location: undefined, items: undefined });
			expect((await fixture.counters('zertiban')).requests['GET /flow/v1/operations/:uuid']).toBe(1);
		} finally {
			await fetch(`${new URL(fixture.info.zertiban.baseUrl).origin}/__sandbox/faults`, { method: 'DELETE' });
		}
	});

	it('redirects only to an http(s) page set in the node; a page URL that is not one gives the neutral page', async () => {
		const result = await get({ redirect: 'callback', operationId: COMPLETED }, { redirectPages: { paidPageUrl: 'javascript:alert(1)' } });
		expect({ status: result.status, location: result.location }).toEqual({ status: 200, location: undefined });
		const withNext = await get({ redirect: 'callback', operationId: COMPLETED, next: 'https://evil.example/', returnUrl: 'https://evil.example/' });
		expect(withNext.location).toBe(PAGES.paidPageUrl);
	});
});
