/**
 * Zertiban Trigger end to end in REAL n8n (2.41, or 1.x in `npm run test:compat`): an active workflow "Zertiban Trigger → HTTP Request
 * to a sink in this test" is imported, published before `n8n start` (CONTRIBUTING.md, "Real n8n"), and the sandbox's
 * webhook dispatcher delivers to its production URL. Every execution posts its item to the sink, so the sink sees
 * exactly the executions n8n ran.
 *
 * Needs a current `dist/` (scripts/test.sh builds first) and the pinned runtime (installed by `beforeAll`).
 */
import { startSandbox, type Sandbox } from '../../sandbox';
import { CALLBACK_TEMPLATE, RETURN_TEMPLATE } from '../../nodes/Zertiban/webhook/redirect';
import { ZERTIBAN_CONFIGURATION_UUID, ZERTIBAN_WEBHOOK_SECRET } from '../../sandbox/seed';
import { signWebhook } from '../../sandbox/webhooks';
import { PACKAGE_NAME, sleep } from '../../scripts/n8n';
import { INSTALL_TIMEOUT_MS, answered, connectZertibanTrigger, sandboxControl, sinkNode, startN8nWith, startSink, type Delivery, type RunningN8n } from '../helpers/n8n';

const WORKFLOW_ID = 'zcTriggerE2e0001';
const WEBHOOK_ID = '6b0f1f2e-0e5d-4c61-9c7e-2a8d5e1f0a11';
const CREDENTIAL = { id: 'zcTriggerCred001', name: 'Zertiban Sandbox' };
/** Seeded operations (sandbox/seed/operations.ts): one OPENED the payer pays, one OPENED that stays unpaid. */
const TO_PAY = 'cbd6f94c-65ae-410e-8c7b-b0ab1b865777';
const STILL_OPENED = '5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f';
const PAGES = { paidPageUrl: 'https://shop.example.com/thanks', notPaidPageUrl: 'https://shop.example.com/failed', leftPageUrl: 'https://shop.example.com/cart' };
const FORGED_EVENT_UUID = 'f0f0f0f0-0000-4000-8000-000000000001';

let sandbox: Sandbox;
let sink: Awaited<ReturnType<typeof startSink>>;
let n8n: RunningN8n;
let executions: Array<Record<string, unknown>>;
let eventsUrl: string;
let redirectUrl: string;

const zertibanControl = (path: string, body: unknown, method = 'POST') => sandboxControl(sandbox.info.zertiban.baseUrl, path, body, method);

/** Waits (bounded) until the sink holds `count` executions matching `match`. */
async function executionsMatching(match: (item: Record<string, unknown>) => boolean, count: number, timeoutMs = 30_000) {
	const until = Date.now() + timeoutMs;
	while (executions.filter(match).length < count && Date.now() < until) await sleep(200);
	return executions.filter(match);
}

beforeAll(async () => {
	sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	sink = await startSink();
	executions = sink.items;
	n8n = await startN8nWith({
		label: 'trigger',
		sandbox,
		credentials: [{ ...CREDENTIAL, type: 'zertibanOAuth2Api' }],
		workflows: [
			{
				id: WORKFLOW_ID,
				name: 'Zertiban Trigger e2e',
				active: false,
				settings: { executionOrder: 'v1' },
				nodes: [
					{
						id: 'a1',
						name: 'Zertiban Trigger',
						type: `${PACKAGE_NAME}.zertibanTrigger`,
						typeVersion: 1,
						position: [0, 0],
						webhookId: WEBHOOK_ID,
						parameters: {
							startOn: ['events', 'redirects'],
							events: ['OPERATION_COMPLETED'],
							redirectPages: PAGES,
							options: { includeOperationDetails: true },
						},
						credentials: { zertibanOAuth2Api: CREDENTIAL },
					},
					sinkNode('Report', sink.url, [240, 0]),
				],
				connections: { 'Zertiban Trigger': { main: [[{ node: 'Report', type: 'main', index: 0 }]] } },
			},
		],
		publish: [WORKFLOW_ID], // before start: live at boot
	});
	({ eventsUrl, redirectUrl } = await connectZertibanTrigger(sandbox, n8n.base, WEBHOOK_ID));
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
	await n8n?.close();
	await sink?.close();
	await sandbox?.close();
});

describe('Zertiban Trigger in real n8n (sandbox webhooks)', () => {
	it('refuses an unsigned and a forged delivery with 401 and starts no execution', async () => {
		const body = {
			eventUuid: FORGED_EVENT_UUID,
			timestamp: new Date().toISOString(),
			eventType: 'OPERATION_COMPLETED',
			metadata: { apiVersion: 'v1', organizationUuid: sandbox.info.zertiban.businessUuid },
			resource: { uuid: STILL_OPENED, externalId: 'EXT', status: 'COMPLETED' },
		};
		const timestamp = String(Date.now());
		const post = (headers: Record<string, string>) =>
			fetch(eventsUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'zb-timestamp': timestamp, ...headers }, body: JSON.stringify(body) });
		expect((await post({})).status).toBe(401);
		expect((await post({ 'zb-signature': signWebhook(body, timestamp, 'a-guessed-secret') })).status).toBe(401);
		// and through the dispatcher, as an attacker's server would send it
		const forged = await zertibanControl('webhooks/deliver', { url: eventsUrl, body, signature: 'forged' });
		expect((forged.attempts as Array<{ status: number }>).map((a) => a.status)).toEqual([401, 401, 401]);
		// The trigger answers 401 without returning workflow data, so none of these can start an execution; the
		// last test checks the total number of executions after a later barrier.
		expect(executions).toEqual([]);
	}, 60_000);

	it('the payer pays on the hosted page: exactly one execution carries the verified COMPLETED operation, despite duplicate deliveries; the browser lands on the paid page', async () => {
		// The flow configuration's redirects point at the trigger, with the query templates the node shows.
		await zertibanControl(
			`configurations/${ZERTIBAN_CONFIGURATION_UUID}/redirection`,
			{ callbackUrl: `${redirectUrl}${CALLBACK_TEMPLATE}`, returnUrl: `${redirectUrl}${RETURN_TEMPLATE}` },
			'PUT',
		);
		const { url: payerUrl } = (await (await fetch(`${sandbox.info.zertiban.baseUrl}/__sandbox/operations/${TO_PAY}`)).json()) as { url: string };
		expect((await fetch(payerUrl)).status).toBe(200); // the payer opens the link
		const paid = await fetch(`${payerUrl}/pay`, { method: 'POST', redirect: 'manual' }); // ... and presses Pay
		expect(paid.status).toBe(303);
		const callback = new URL(paid.headers.get('location') ?? '');
		expect(`${callback.origin}${callback.pathname}`).toBe(redirectUrl);
		expect(Object.fromEntries(callback.searchParams)).toMatchObject({ redirect: 'callback', operationId: TO_PAY, operationStatus: 'COMPLETED' });
		const landed = await fetch(callback, { redirect: 'manual' }); // the browser follows to the trigger
		expect({ status: landed.status, location: landed.headers.get('location') }).toEqual({ status: 303, location: PAGES.paidPageUrl });

		const { deliveries } = (await zertibanControl('webhooks/settle', {})) as { deliveries: Delivery[] };
		const completed = deliveries.filter((d) => d.eventType === 'OPERATION_COMPLETED' && d.eventUuid !== FORGED_EVENT_UUID);
		// Delivered twice, both acknowledged; the trigger decides before it answers: the second answer says duplicate,
		// so only the first delivery can start an execution.
		expect(answered(completed)).toEqual([
			{ eventUuid: completed[0].eventUuid, status: 200, answer: { received: true } },
			{ eventUuid: completed[0].eventUuid, status: 200, answer: { received: true, duplicate: true } },
		]);

		// One more duplicate, signed afresh, as a retry from Zertiban would be.
		const again = await zertibanControl('webhooks/deliver', {
			url: eventsUrl,
			eventUuid: completed[0].eventUuid,
			eventType: 'OPERATION_COMPLETED',
			resource: { uuid: TO_PAY, externalId: 'x', status: 'COMPLETED' },
		});
		expect(answered(again.attempts as Delivery[])).toEqual([{ eventUuid: completed[0].eventUuid, status: 200, answer: { received: true, duplicate: true } }]);

		const isPayment = (item: Record<string, unknown>) => item.eventType === 'OPERATION_COMPLETED';
		await executionsMatching(isPayment, 1);
		await executionsMatching((item) => item.source === 'redirect', 1);
		const payments = executions.filter(isPayment);
		expect(payments).toHaveLength(1);
		expect(payments[0]).toMatchObject({
			eventUuid: completed[0].eventUuid,
			resource: { uuid: TO_PAY, status: 'COMPLETED' },
			operation: { uuid: TO_PAY, status: 'COMPLETED' },
		});
		expect(executions.filter((item) => item.source === 'redirect')).toEqual([
			expect.objectContaining({ status: 'COMPLETED', outcome: 'paid', claimConfirmed: true }),
		]);
		expect(JSON.stringify(executions)).not.toContain(ZERTIBAN_WEBHOOK_SECRET);
	}, 60_000);

	it('a browser GET claiming COMPLETED for an OPENED operation is reported as OPENED and sent to the not-paid page', async () => {
		const query = new URLSearchParams({ redirect: 'callback', operationId: STILL_OPENED, operationStatus: 'COMPLETED', operationResult: 'OK' });
		const response = await fetch(`${redirectUrl}?${query}`, { redirect: 'manual', headers: { accept: 'text/html' } });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(PAGES.notPaidPageUrl);
		const redirects = await executionsMatching((item) => item.source === 'redirect', 2);
		const redirect = redirects[1];
		expect(redirect).toMatchObject({ source: 'redirect', status: 'OPENED', outcome: 'notPaid', claimedStatus: 'COMPLETED', claimConfirmed: false });
		expect(redirect.operation).toMatchObject({ uuid: STILL_OPENED, status: 'OPENED' });
		// Barrier: this redirect's execution came after every delivery above had been answered; in all, the payment,
		// the payer's return after paying and this redirect: nothing else (no forged, no duplicate execution).
		expect(executions).toHaveLength(3);
	}, 60_000);
});
