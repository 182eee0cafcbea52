/** Zertiban Trigger event filter: every flow event the sandbox emits can be picked on its own. */
import type { IWebhookFunctions } from 'n8n-workflow';

import { EVENT_TYPE_OPTIONS, eventTypeMatches, receiveEvent } from '../../nodes/Zertiban/webhook/events';
import { signWebhook } from '../../sandbox/webhooks';
import { FLOW_STATUSES } from '../../sandbox/zertiban/state';

describe('Zertiban Trigger events', () => {
	it('offers every FLOW_<status> the sandbox emits (a flow leaves CREATED, so FLOW_CREATED is never sent), PARTIALLY included', () => {
		const values = EVENT_TYPE_OPTIONS.map((o) => o.value);
		const emitted = FLOW_STATUSES.filter((s) => s !== 'CREATED').map((s) => `FLOW_${s}`);
		expect(emitted.filter((type) => !values.includes(type))).toEqual([]);
		expect(eventTypeMatches('FLOW_PARTIALLY', ['FLOW_PARTIALLY'])).toBe(true);
		expect(eventTypeMatches('FLOW_PARTIALLY', ['FLOW_COMPLETED'])).toBe(false);
	});
});

/**
 * What the POST path reads before it answers (it must answer within Zertiban's 5 s, docs/zertiban.md §11.2): a fake webhook context records every read, so
 * the test shows that a refused delivery costs no parameter or credential read it does not need.
 */
describe('Zertiban Trigger: reads before the answer', () => {
	const SECRET = 'whsec-test-1';
	const envelope = () => ({
		eventUuid: '0b7e1c2a-4d5f-4a6b-8c9d-0e1f2a3b4c5d',
		eventType: 'OPERATION_COMPLETED',
		timestamp: new Date().toISOString(),
		resource: { uuid: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', status: 'COMPLETED' },
	});

	function fakeContext(body: unknown, signature: string, timestamp = String(Date.now())) {
		const reads: string[] = [];
		const answer: { status?: number; body?: unknown } = {};
		const parameters: Record<string, unknown> = { startOn: ['events'], events: ['*'], 'options.replayWindowMinutes': 5, 'options.includeOperationDetails': false };
		const ctx = {
			getBodyData: () => body,
			getHeaderData: () => ({ 'zb-signature': signature, 'zb-timestamp': timestamp }),
			getCredentials: async (type: string) => {
				reads.push(`credential ${type}`);
				return { webhookSecret: SECRET };
			},
			getNodeParameter: (name: string, fallback: unknown) => {
				reads.push(`parameter ${name}`);
				return name in parameters ? parameters[name] : fallback;
			},
			getResponseObject: () => ({ status: (status: number) => ({ json: (sent: unknown) => Object.assign(answer, { status, body: sent }) }) }),
			getWorkflowStaticData: () => ({}),
			getNode: () => ({ id: 'n1' }),
			getWorkflow: () => ({ id: 'w1' }),
		};
		return { ctx: ctx as unknown as IWebhookFunctions, reads, answer };
	}

	it('a wrong signature is answered 401 after reading the credential once and the replay window only', async () => {
		const body = envelope();
		const timestamp = String(Date.now());
		const { ctx, reads, answer } = fakeContext(body, signWebhook(body, timestamp, 'not-the-secret'), timestamp);
		const result = await receiveEvent.call(ctx);
		expect(answer.status).toBe(401);
		expect(result.workflowData).toBeUndefined();
		expect(reads).toEqual(['credential zertibanOAuth2Api', 'parameter options.replayWindowMinutes']);
	});

	it('a body that is no event is answered 400 before any credential or parameter read', async () => {
		const { ctx, reads, answer } = fakeContext({ hello: 'world' }, 'x');
		await receiveEvent.call(ctx);
		expect(answer.status).toBe(400);
		expect(reads).toEqual([]);
	});

	it.each([
		['null', null],
		['a number', 42],
		['a string', 'OPERATION_COMPLETED'],
		['an array', [{ eventUuid: '0b7e1c2a-4d5f-4a6b-8c9d-0e1f2a3b4c5d' }]],
		['true', true],
	])('a JSON body that is %s is answered 400 before any credential or parameter read', async (_name, body) => {
		const { ctx, reads, answer } = fakeContext(body, 'x');
		await receiveEvent.call(ctx);
		expect(answer.status).toBe(400);
		expect(reads).toEqual([]);
	});

	it('a valid delivery reads the same before its hand-over, then the filter, and hands the event to n8n, which answers 200 once it is queued', async () => {
		const body = envelope();
		const timestamp = String(Date.now());
		const { ctx, reads, answer } = fakeContext(body, signWebhook(body, timestamp, SECRET), timestamp);
		const result = await receiveEvent.call(ctx);
		expect(answer.status).toBeUndefined(); // not answered by the node: n8n answers after storing and queueing
		expect({ noWebhookResponse: result.noWebhookResponse, webhookResponse: result.webhookResponse }).toEqual({ noWebhookResponse: undefined, webhookResponse: { received: true } });
		expect(result.workflowData?.[0][0].json).toEqual(body);
		expect(reads.slice(0, 2)).toEqual(['credential zertibanOAuth2Api', 'parameter options.replayWindowMinutes']);
		expect(reads.filter((read) => read.startsWith('credential'))).toHaveLength(1);
	});
});
