/**
 * Zertiban → Operation (Get Many filters, Get Status History, Cancel), Payment → Get, Beneficiary Account → Get,
 * Configuration → Get in a workflow against the sandbox; and the search boxes of the flow, configuration and
 * beneficiary-account locators.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import {
	searchBeneficiaryAccounts,
	searchConfigurations,
	searchFlows,
} from '../../nodes/Zertiban/methods/listSearch';
import {
	ZERTIBAN_CONFIGURATION_UUID,
	ZERTIBAN_CREDITOR_ACCOUNT_UUID,
	ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID,
} from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { createSandboxFlows, loadOptionsContext, zertibanControl } from '../helpers/zertiban';
import { runNode } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

const byId = (uuid: string) => ({ __rl: true, mode: 'id', value: uuid });
const run = (resource: string, operation: string, parameters: IDataObject = {}, inputItems?: IDataObject[], continueOnFail = false) =>
	runNode({ type: 'zertiban', parameters: { resource, operation, ...parameters }, inputItems, credentials: fx.zertibanCredentials(), continueOnFail });
const act = (uuid: string, action: string, body: unknown = {}) => zertibanControl(fx.info, `operations/${uuid}/${action}`, body);

describe('Operation → Get Many filters', () => {
	it('filters by status list, type, flow, external ID, status-update time and free query parameters', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 3, 'G');
		const [a, b] = flow.operations.map((o) => o.uuid);
		await act(a, 'open');
		await act(b, 'open');
		await act(b, 'complete');
		const statuses = await run('operation', 'getMany', { returnAll: true, filters: { status: ['OPENED', 'COMPLETED'], flowUuid: flow.uuid } });
		expect(statuses.json('Node').map((o) => o.status).sort()).toEqual(['COMPLETED', 'OPENED']);
		const external = await run('operation', 'getMany', { returnAll: true, filters: { externalId: 'G-0-2', type: ['PAYMENT'] } });
		expect(external.json('Node').map((o) => o.externalId)).toEqual(['G-0-2']);
		const recent = await run('operation', 'getMany', {
			returnAll: true,
			filters: { statusUpdatedAfter: '2026-01-01T00:00:00', flowUuid: flow.uuid },
			sort: { sortBy: 'statusUpdatedAt', direction: 'ASC' },
		});
		expect(recent.json('Node')).toHaveLength(3);
		const amounts = await run('operation', 'getMany', {
			returnAll: true,
			additionalQuery: { parameter: [{ name: 'q_minAmount', value: '3000' }, { name: 'q_maxAmount', value: '5000' }] },
			simplify: true,
		});
		const simple = amounts.json('Node');
		expect(simple.map((o) => (o.payment as IDataObject).amount).sort()).toEqual([3000, 4999]);
		expect(simple[0]).not.toHaveProperty('synchronous');
		const before = await run('operation', 'getMany', { returnAll: true, filters: { createdBefore: '2025-09-06T00:00:00Z' } });
		expect(before.json('Node').map((o) => o.externalId)).toEqual(['EXT-109']);
	});

	it('refuses a malformed flow UUID filter and an unnamed query parameter before sending', async () => {
		await fx.resetCounters('zertiban');
		const flowFilter = await run('operation', 'getMany', { returnAll: true, filters: { flowUuid: 'abc' } });
		expect(flowFilter.error?.message).toMatch(/Invalid Flow UUID in item 0/);
		const unnamed = await run('operation', 'getMany', { returnAll: true, additionalQuery: { parameter: [{ name: ' ', value: '1' }] } });
		expect(unnamed.error?.message).toMatch(/Invalid Additional Query Parameters in item 0/);
		expect((await fx.counters('zertiban')).requests['GET /flow/v1/operations']).toBeUndefined();
	});
});

describe('Operation → Get Status History', () => {
	it('lists the status changes newest first', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 1, 'S');
		const uuid = flow.operations[0].uuid;
		await act(uuid, 'open');
		await act(uuid, 'reject');
		const result = await run('operation', 'getStatusHistory', { operationUuid: byId(uuid) });
		expect(result.json('Node').map((h) => h.newStatus)).toEqual(['REJECTED', 'OPENED', 'CREATED']);
		expect(result.json('Node')[0]).toEqual({ previousStatus: 'OPENED', newStatus: 'REJECTED', changedAt: expect.stringMatching(/Z$/) });
	});
});

describe('Operation → Cancel', () => {
	it('cancels a CREATED operation and treats an already cancelled one as success', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 1, 'C');
		const uuid = flow.operations[0].uuid;
		for (let i = 0; i < 2; i++) {
			const result = await run('operation', 'cancel', { operationUuid: byId(uuid) });
			expect(result.error).toBeUndefined();
			expect(result.json('Node')).toEqual([{ uuid, status: 'CANCELLED', actionCode: 'DENIED', final: true, cancelled: true }]);
		}
		expect((await fx.counters('zertiban')).requests['PUT /flow/v1/operations/:uuid/cancel']).toBe(2);
	});

	it('says why it cannot cancel: a pending bank transaction, or a final status (409)', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 2, 'X');
		const [pending, done] = flow.operations.map((o) => o.uuid);
		await act(pending, 'open');
		await act(pending, 'pending-transaction', { pending: true });
		await act(done, 'open');
		await act(done, 'complete');
		const result = await run(
			'operation',
			'cancel',
			{ operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
			[{ uuid: pending }, { uuid: done }],
			true,
		);
		const [first, second] = result.json('Node');
		expect(first.error).toMatch(/cannot cancel operation .* \(409\)/);
		expect(first.description).toMatch(/pending transaction/);
		expect(first.httpCode).toBe('409');
		expect(second.description).toMatch(/final state COMPLETED/);
		// a 409 is an answer, not a failure to retry: one request per item
		expect((await fx.counters('zertiban')).requests['PUT /flow/v1/operations/:uuid/cancel']).toBe(2);
	});

	it('tries again while the payer authorises: cancels once the authorisation is dropped, or outputs COMPLETED when the payer paid first', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 2, 'R');
		const [dropped, paid] = flow.operations.map((o) => o.uuid);
		for (const uuid of [dropped, paid]) {
			await act(uuid, 'open');
			await act(uuid, 'pending-transaction', { pending: true });
		}
		const cancels = async () => (await fx.counters('zertiban')).requests['PUT /flow/v1/operations/:uuid/cancel'] ?? 0;
		const options = { authorisingRetries: 5, retryWaitSeconds: 1, onCannotCancel: 'status' };
		const running = run('operation', 'cancel', { operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' }, options }, [{ uuid: dropped }, { uuid: paid }]);
		// both items were refused once (the payer is at the bank); then one payer gives up, the other pays
		for (let i = 0; (await cancels()) < 2; i++) {
			if (i > 200) throw new Error('the cancels never reached the sandbox');
			await new Promise((done) => setTimeout(done, 25));
		}
		await act(dropped, 'pending-transaction', { pending: false });
		await act(paid, 'complete');
		const result = await running;
		expect(result.error).toBeUndefined();
		const [first, second] = result.json('Node');
		expect(first).toEqual({ uuid: dropped, status: 'CANCELLED', actionCode: 'DENIED', final: true, cancelled: true });
		expect(second).toMatchObject({ uuid: paid, status: 'COMPLETED', cancelled: false, reason: expect.stringMatching(/final state COMPLETED/) });
		// a final status is not tried again: one more request each
		expect(await cancels()).toBe(4);
	});

	it('gives up after its retries while the payer still authorises', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 1, 'G');
		const uuid = flow.operations[0].uuid;
		await act(uuid, 'open');
		await act(uuid, 'pending-transaction', { pending: true });
		const failed = await run('operation', 'cancel', { operationUuid: byId(uuid), options: { authorisingRetries: 1, retryWaitSeconds: 1 } });
		expect(failed.error?.message).toMatch(/cannot cancel operation .* \(409\)/);
		const output = await run('operation', 'cancel', { operationUuid: byId(uuid), options: { authorisingRetries: 1, retryWaitSeconds: 1, onCannotCancel: 'status' } });
		expect(output.json('Node')).toEqual([expect.objectContaining({ uuid, status: 'OPENED', cancelled: false, reason: expect.stringMatching(/pending transaction/) })]);
		expect((await fx.counters('zertiban')).requests['PUT /flow/v1/operations/:uuid/cancel']).toBe(4);
	});
});

describe('Payment → Get', () => {
	it('answers 404 with a hint until the operation is completed, then returns the PSD2 payment', async () => {
		const [flow] = await createSandboxFlows(fx.info, 1, 1, 'P');
		const uuid = flow.operations[0].uuid;
		const operation = await run('operation', 'get', { operationUuid: byId(uuid) });
		const paymentUuid = String((operation.json('Node')[0].payment as IDataObject).paymentUuid);
		const early = await run('payment', 'get', { paymentUuid });
		expect(early.error?.message).toMatch(/no payment .* \(404\)/);
		expect(early.error?.description).toMatch(/once its operation is COMPLETED/);
		await act(uuid, 'open');
		await act(uuid, 'complete');
		const paid = await run('payment', 'get', { paymentUuid });
		expect(paid.json('Node')[0]).toMatchObject({
			uuid: paymentUuid,
			type: 'PSD2_PAYMENT',
			psd2Payment: { status: { status: 'SUBMITTED_VALID', code: 'CREATED' }, instructedAmount: { amount: 50, currency: 'EUR' } },
		});
		const bad = await run('payment', 'get', { paymentUuid: 'not-a-uuid' });
		expect(bad.error?.message).toMatch(/Invalid Payment UUID in item 0/);
	});
});

describe('Beneficiary Account → Get, Configuration → Get', () => {
	it('gets an account by UUID, and 404 for another business', async () => {
		const result = await run('beneficiaryAccount', 'get', { beneficiaryAccountUuid: byId(ZERTIBAN_CREDITOR_ACCOUNT_UUID) });
		expect(result.json('Node')[0]).toMatchObject({ uuid: ZERTIBAN_CREDITOR_ACCOUNT_UUID, type: 'IBAN', status: 'ACTIVE', isDefault: true });
		const other = await run('beneficiaryAccount', 'get', { beneficiaryAccountUuid: byId('e54f0a3b-4af6-49b1-8c20-4f5a6b7c8d9e') });
		expect(other.error?.message).toMatch(/no beneficiary account .* \(404\)/);
	});

	it('gets a configuration with the payer redirections', async () => {
		await zertibanControl(
			fx.info,
			`configurations/${ZERTIBAN_CONFIGURATION_UUID}/redirection`,
			{ callbackUrl: 'https://erp.example.com/done?op={operationId}', returnUrl: 'https://erp.example.com/back' },
			'PUT',
		);
		const result = await run('configuration', 'get', { configurationUuid: byId(ZERTIBAN_CONFIGURATION_UUID), operationType: 'PAYMENT' });
		expect(result.json('Node')[0]).toMatchObject({
			uuid: ZERTIBAN_CONFIGURATION_UUID,
			isDefault: true,
			operationConfiguration: {
				redirection: {
					callback: { url: 'https://erp.example.com/done?op={operationId}' },
					return: { url: 'https://erp.example.com/back' },
				},
			},
		});
	});
});

describe('Resource locator search boxes', () => {
	const sent: IHttpRequestOptions[] = [];

	it('Configuration: every configuration by name, default marked, disabled last; filter by text', async () => {
		const context = await loadOptionsContext(fx, sent);
		const all = await searchConfigurations.call(context);
		expect(all.results.map((r) => r.name)).toEqual(['Default (default)', 'Urgent 7 days', 'Collections 30 days — disabled']);
		const urgent = await searchConfigurations.call(context, 'urgent');
		expect(urgent.results).toEqual([{ name: 'Urgent 7 days', value: '5b1e2f4a-8c3d-4e6f-9a7b-1c2d3e4f5a6b' }]);
	});

	it('Configuration: reads past the first page of 50 (one paging loop, zertibanRequestAllItems)', async () => {
		await fx.control('zertiban', 'configurations', { count: 52 });
		const context = await loadOptionsContext(fx, sent);
		const all = await searchConfigurations.call(context);
		expect(all.results).toHaveLength(55);
		const last = await searchConfigurations.call(context, 'extra 55');
		expect(last.results.map((r) => r.name)).toEqual(['Extra 55']);
	});

	it('Beneficiary Account: alias and masked number, sending q_businessUuid', async () => {
		const context = await loadOptionsContext(fx, sent);
		const all = await searchBeneficiaryAccounts.call(context);
		expect(all.results).toEqual([
			{ name: 'Cuenta principal cobros — ES700487************9679 (default)', value: ZERTIBAN_CREDITOR_ACCOUNT_UUID },
			{ name: 'Cuenta antigua — ES91 2100 0418 ***** 4567 — disabled', value: ZERTIBAN_DISABLED_CREDITOR_ACCOUNT_UUID },
		]);
		expect(sent.at(-1)?.qs).toMatchObject({ q_businessUuid: fx.info.zertiban.businessUuid });
	});

	it('Flow: newest first, 50 a page with a pagination token, by exact external ID or UUID', async () => {
		const created = await createSandboxFlows(fx.info, 55, 1, 'Q');
		const context = await loadOptionsContext(fx, sent);
		const first = await searchFlows.call(context);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBe('50');
		const second = await searchFlows.call(context, undefined, first.paginationToken);
		expect(second.results).toHaveLength(55 + 10 - 50);
		expect(new Set([...first.results, ...second.results].map((r) => r.value)).size).toBe(65);
		const byExternal = await searchFlows.call(context, 'Q-7');
		expect(byExternal.results).toEqual([{ name: expect.stringMatching(/^Q-7 — CREATED — /), value: created[7].uuid }]);
		const byUuid = await searchFlows.call(context, created[3].uuid);
		expect(byUuid.results.map((r) => r.value)).toEqual([created[3].uuid]);
	});
});
