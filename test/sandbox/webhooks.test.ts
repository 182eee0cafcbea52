/**
 * The sandbox webhook dispatcher (sandbox/webhooks.ts, zertiban.md §11): events from the bus are delivered to the
 * registered targets in the §11.3 envelope with a §11.5 signature, retried 3 times 0.5 s apart on failure, a 3xx
 * is a failure and is not followed; switches for duplicate and out-of-order delivery; a control for arbitrary
 * (signed, unsigned, forged) deliveries. A real HTTP receiver on 127.0.0.1 records what arrives.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';

import { checkSignature } from '../../nodes/ZertibanTrigger/signature';
import { createClock } from '../../sandbox/clock';
import { createEventBus } from '../../sandbox/events';
import { ZERTIBAN_BUSINESS_UUID, ZERTIBAN_WEBHOOK_SECRET } from '../../sandbox/seed';
import { attachWebhookDispatcher, type DeliveryAttempt } from '../../sandbox/webhooks';
import { buildZertibanApp } from '../../sandbox/zertiban';
import { control } from './helpers';

interface Received {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: Record<string, unknown>;
	at: number;
}

const events = createEventBus();
let zertiban: FastifyInstance;
let receiver: FastifyInstance;
let origin: string;
let receiverOrigin: string;
const received: Received[] = [];
/** status answered per receiver path, in order; the last one repeats */
const answers: Record<string, number[]> = {};

beforeAll(async () => {
	zertiban = buildZertibanApp({ clock: createClock(), events });
	// the attempt timeout is 5 s in the sandbox (§11.2); 300 ms here so the timeout test does not wait 15 s
	attachWebhookDispatcher(zertiban, { events, clock: createClock(), webhookSecret: ZERTIBAN_WEBHOOK_SECRET, businessUuid: ZERTIBAN_BUSINESS_UUID, attemptTimeoutMs: 300 });
	await zertiban.listen({ host: '127.0.0.1', port: 0 });
	origin = `http://127.0.0.1:${(zertiban.server.address() as AddressInfo).port}`;
	receiver = Fastify();
	receiver.all('/*', async (request, reply) => {
		const path = request.url;
		received.push({ path, headers: request.headers, body: request.body as Record<string, unknown>, at: Date.now() });
		if (path === '/slow') await new Promise((done) => setTimeout(done, 1_000)); // answers after the timeout
		const queue = answers[path] ?? [200];
		const status = queue.length > 1 ? queue.shift()! : queue[0];
		if (status >= 300 && status < 400) return reply.code(status).header('location', `${receiverOrigin}/followed`).send();
		return reply.code(status).send({ ok: status < 300 });
	});
	await receiver.listen({ host: '127.0.0.1', port: 0 });
	receiverOrigin = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await zertiban.close();
	await receiver.close();
});
beforeEach(async () => {
	await control(origin, 'reset', {});
	received.length = 0;
	for (const key of Object.keys(answers)) delete answers[key];
});

const target = async (path: string, eventTypes?: string[]) =>
	await control(origin, 'webhooks/targets', { urls: [`${receiverOrigin}${path}`], eventTypes }, 'PUT');
const settle = async () => (await control<{ deliveries: DeliveryAttempt[] }>(origin, 'webhooks/settle', {})).body.deliveries;
const emitCompleted = () => {
	events.emit({ eventType: 'OPERATION_COMPLETED', resource: { uuid: 'op-1', externalId: 'EXT-1', status: 'COMPLETED' }, at: Date.now() });
	events.emit({ eventType: 'FLOW_COMPLETED', resource: { uuid: 'flow-1', externalId: 'FLOW-1', status: 'COMPLETED' }, at: Date.now() });
};
const verify = (r: Received) =>
	checkSignature({ body: r.body, signature: r.headers['zb-signature'], timestamp: r.headers['zb-timestamp'], secret: ZERTIBAN_WEBHOOK_SECRET, now: Date.now(), replayWindowMs: 60_000 });

describe('sandbox webhook dispatcher', () => {
	it('delivers each bus event in the §11.3 envelope, signed (§11.5), operation event before flow event', async () => {
		await target('/hook');
		emitCompleted();
		const log = await settle();
		expect(log.map((d) => [d.eventType, d.attempt, d.status])).toEqual([
			['OPERATION_COMPLETED', 1, 200],
			['FLOW_COMPLETED', 1, 200],
		]);
		expect(received.map((r) => r.body.eventType)).toEqual(['OPERATION_COMPLETED', 'FLOW_COMPLETED']);
		const [first] = received;
		expect(first.body).toEqual({
			eventUuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
			timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			eventType: 'OPERATION_COMPLETED',
			metadata: { apiVersion: 'v1', organizationUuid: ZERTIBAN_BUSINESS_UUID },
			resource: { uuid: 'op-1', externalId: 'EXT-1', status: 'COMPLETED' },
		});
		expect(first.headers['content-type']).toContain('application/json');
		expect(first.headers['zb-timestamp']).toMatch(/^\d{13}$/);
		expect(received.map(verify)).toEqual([undefined, undefined]);
	});

	it('only sends the event types a target subscribed to', async () => {
		await target('/ops', ['OPERATION_COMPLETED']);
		emitCompleted();
		await settle();
		expect(received.map((r) => r.body.eventType)).toEqual(['OPERATION_COMPLETED']);
	});

	it('retries a failing receiver: 3 attempts in total, at least 0.5 s apart, then gives up', async () => {
		answers['/down'] = [500];
		await target('/down', ['OPERATION_COMPLETED']);
		emitCompleted();
		const log = await settle();
		expect(log.map((d) => [d.attempt, d.status])).toEqual([
			[1, 500],
			[2, 500],
			[3, 500],
		]);
		expect(received).toHaveLength(3);
		expect(received[1].at - received[0].at).toBeGreaterThanOrEqual(450);
		expect(new Set(received.map((r) => r.body.eventUuid)).size).toBe(1);
	});

	it('stops retrying after a success', async () => {
		answers['/flaky'] = [503, 200];
		await target('/flaky', ['OPERATION_COMPLETED']);
		emitCompleted();
		expect((await settle()).map((d) => d.status)).toEqual([503, 200]);
	});

	it('gives up an attempt that gets no answer within the timeout, and retries it', async () => {
		await target('/slow', ['OPERATION_COMPLETED']);
		emitCompleted();
		const log = await settle();
		expect(log.map((d) => [d.attempt, d.status, d.error])).toEqual([
			[1, undefined, 'timeout'],
			[2, undefined, 'timeout'],
			[3, undefined, 'timeout'],
		]);
		expect(received.filter((r) => r.path === '/slow')).toHaveLength(3);
		await new Promise((done) => setTimeout(done, 1_000)); // let the receiver finish before the next test
	});

	it('treats a redirect as a failure and never follows it', async () => {
		answers['/moved'] = [302];
		await target('/moved', ['OPERATION_COMPLETED']);
		emitCompleted();
		expect((await settle()).map((d) => d.status)).toEqual([302, 302, 302]);
		expect(received.some((r) => r.path === '/followed')).toBe(false);
	});

	it('duplicate switch: the same event (same eventUuid) arrives twice; out-of-order switch: flow event first', async () => {
		await control(origin, 'webhooks/switches', { duplicate: true, outOfOrder: true }, 'PUT');
		await target('/hook');
		emitCompleted();
		await settle();
		expect(received.map((r) => r.body.eventType)).toEqual(['FLOW_COMPLETED', 'FLOW_COMPLETED', 'OPERATION_COMPLETED', 'OPERATION_COMPLETED']);
		expect(received[0].body.eventUuid).toBe(received[1].body.eventUuid);
		expect(received[0].headers['zb-signature']).toBeDefined();
	});

	it('delivers an arbitrary event on demand: signed, unsigned or forged', async () => {
		const url = `${receiverOrigin}/manual`;
		const resource = { uuid: 'op-9', externalId: 'EXT-9', status: 'OPENED' };
		for (const signature of ['valid', 'none', 'forged']) {
			const reply = await control<{ body: Record<string, unknown>; attempts: DeliveryAttempt[] }>(origin, 'webhooks/deliver', {
				url,
				eventType: 'OPERATION_OPENED',
				resource,
				signature,
			});
			expect(reply.status).toBe(200);
			expect(reply.body.attempts.map((a) => a.status)).toEqual([200]);
		}
		expect(received.map((r) => r.headers['zb-signature'] === undefined)).toEqual([false, true, false]);
		expect(received.map(verify)).toEqual([undefined, 'missing signature header', 'signature mismatch']);
		expect(received[0].body.resource).toEqual(resource);
	});

	it('rejects bad control input and forgets targets on reset', async () => {
		expect((await control(origin, 'webhooks/targets', { urls: ['ftp://x'] }, 'PUT')).status).toBe(400);
		expect((await control(origin, 'webhooks/deliver', { eventType: 'X' })).status).toBe(400);
		await target('/hook');
		await control(origin, 'reset', {});
		expect((await control(origin, 'webhooks/targets', undefined, 'GET')).body).toEqual({ urls: [], eventTypes: [] });
		emitCompleted();
		await settle();
		expect(received).toHaveLength(0);
	});
});
