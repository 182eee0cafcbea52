/**
 * The sandbox webhook dispatcher (sandbox/webhooks.ts, docs/zertiban.md §11): events from the bus are delivered to the
 * registered targets in the §11.3 envelope with a §11.5 signature, retried 3 times 0.5 s apart on failure, a 3xx
 * is a failure and is not followed; switches for duplicate and out-of-order delivery; a control for arbitrary
 * (signed, unsigned, forged) deliveries. A real HTTP receiver on 127.0.0.1 records what arrives.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';

import { checkSignature } from '../../nodes/Zertiban/webhook/signature';
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
}

let events: ReturnType<typeof createEventBus>;
let zertiban: FastifyInstance;
let receiver: FastifyInstance;
let origin: string;
let receiverOrigin: string;
const received: Received[] = [];
/** status answered per receiver path, in order; the last one repeats */
const answers: Record<string, number[]> = {};
/** pauses (ms) the dispatcher asked for between attempts; its sleep resolves at once, so no test waits 0.5 s */
const pauses: number[] = [];
/** `/slow` answers only once the test releases it (after the dispatcher has given up), never by the clock */
let releaseSlow: () => void = () => undefined;
let slowAnswer = Promise.resolve();
const holdSlow = () => {
	slowAnswer = new Promise<void>((release) => (releaseSlow = release));
};

/**
 * A Zertiban sandbox app with its own event bus and dispatcher, listening on 127.0.0.1. The attempt timeout is the
 * sandbox's 5 s (§11.2) unless given: only the timeout test shortens it, so a loaded machine cannot time out the
 * deliveries of the other tests.
 */
async function startDispatcher(attemptTimeoutMs?: number) {
	const bus = createEventBus();
	const app = buildZertibanApp({ clock: createClock(), events: bus });
	attachWebhookDispatcher(app, {
		events: bus,
		clock: createClock(),
		webhookSecret: ZERTIBAN_WEBHOOK_SECRET,
		businessUuid: ZERTIBAN_BUSINESS_UUID,
		attemptTimeoutMs,
		sleep: async (ms) => pauses.push(ms),
	});
	await app.listen({ host: '127.0.0.1', port: 0 });
	return { app, events: bus, origin: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

beforeAll(async () => {
	({ app: zertiban, events, origin } = await startDispatcher());
	receiver = Fastify();
	receiver.all('/*', async (request, reply) => {
		const path = request.url;
		received.push({ path, headers: request.headers, body: request.body as Record<string, unknown> });
		if (path === '/slow') await slowAnswer; // held until the test has seen the dispatcher give up
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
	pauses.length = 0;
	for (const key of Object.keys(answers)) delete answers[key];
	holdSlow();
});
afterEach(() => releaseSlow());

const target = async (path: string, eventTypes?: string[], at = origin) =>
	await control(at, 'webhooks/targets', { urls: [`${receiverOrigin}${path}`], eventTypes }, 'PUT');
const settle = async (at = origin) => (await control<{ deliveries: DeliveryAttempt[] }>(at, 'webhooks/settle', {})).body.deliveries;
const emitCompleted = (bus = events) => {
	bus.emit({ eventType: 'OPERATION_COMPLETED', resource: { uuid: 'op-1', externalId: 'EXT-1', status: 'COMPLETED' }, at: Date.now() });
	bus.emit({ eventType: 'FLOW_COMPLETED', resource: { uuid: 'flow-1', externalId: 'FLOW-1', status: 'COMPLETED' }, at: Date.now() });
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

	it('retries a failing receiver: 3 attempts in total, a 0.5 s pause before each retry, then gives up', async () => {
		answers['/down'] = [500];
		await target('/down', ['OPERATION_COMPLETED']);
		emitCompleted();
		const log = await settle();
		expect(log.map((d) => [d.attempt, d.status])).toEqual([
			[1, 500],
			[2, 500],
			[3, 500],
		]);
		expect(pauses).toEqual([500, 500]);
		expect(received).toHaveLength(3);
		expect(new Set(received.map((r) => r.body.eventUuid)).size).toBe(1);
	});

	it('stops retrying after a success', async () => {
		answers['/flaky'] = [503, 200];
		await target('/flaky', ['OPERATION_COMPLETED']);
		emitCompleted();
		expect((await settle()).map((d) => ({ status: d.status, body: d.body }))).toEqual([
			{ status: 503, body: '{"ok":false}' },
			{ status: 200, body: '{"ok":true}' },
		]); // the log keeps how the receiver answered
	});

	it('gives up an attempt that gets no answer within the timeout, and retries it', async () => {
		// 300 ms instead of 5 s so the test does not wait 15 s; /slow never answers before the test ends, so every
		// attempt times out however slow the machine is (the dispatcher's own log is what is checked)
		const short = await startDispatcher(300);
		try {
			await target('/slow', ['OPERATION_COMPLETED'], short.origin);
			emitCompleted(short.events);
			const log = await settle(short.origin);
			expect(log.map((d) => [d.attempt, d.status, d.error])).toEqual([
				[1, undefined, 'timeout'],
				[2, undefined, 'timeout'],
				[3, undefined, 'timeout'],
			]);
			expect(pauses).toEqual([500, 500]);
		} finally {
			releaseSlow();
			await short.app.close();
		}
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
