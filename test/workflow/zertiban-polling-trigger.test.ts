/**
 * Zertiban Polling Trigger in the in-process harness (the built node's `poll()`, real HTTP to the sandbox): Fetch
 * Test Event, the first poll after activation, and status changes made by the sandbox payer emitted exactly once.
 */
import { sandboxFixture } from '../helpers/sandbox';
import type { IDataObject } from 'n8n-workflow';

import { pollNode } from './harness';

let fixture: Awaited<ReturnType<typeof sandboxFixture>>;
beforeAll(async () => {
	fixture = await sandboxFixture();
});
afterAll(async () => await fixture.close());

/** A Zertiban Polling Trigger whose static data lives on between polls; `poll()` runs one poll. */
const trigger = (parameters: Record<string, unknown> = {}) => {
	const staticData: IDataObject = {};
	const credentials = fixture.zertibanCredentials();
	return {
		staticData,
		poll: (mode: 'trigger' | 'manual' = 'trigger') =>
			pollNode({ type: 'zertibanPollingTrigger', parameters: { statuses: ['COMPLETED'], ...parameters }, credentials, staticData, mode }),
	};
};

describe('Zertiban Polling Trigger', () => {
	it('Fetch Test Event returns the latest change into the selected statuses and stores no cursor', async () => {
		const node = trigger();
		const items = await node.poll('manual');
		// seeded COMPLETED operations changed status on 2025-09-06, 2025-09-27 and 2025-10-02: the newest wins
		expect(items).toEqual([expect.objectContaining({ uuid: '9f1c2d3e-4a5b-4c6d-8e7f-90a1b2c3d4e5', status: 'COMPLETED' })]);
		expect(node.staticData).toEqual({});
		expect(await trigger({ statuses: ['EXPIRED'] }).poll('manual')).toEqual([expect.objectContaining({ status: 'EXPIRED' })]);
	});

	it('refuses a Flow UUID that is not a UUID, naming the field, before any request', async () => {
		await fixture.resetCounters('zertiban');
		await expect(trigger({ options: { flowUuid: 'INV-1' } }).poll()).rejects.toThrow(/Invalid Flow UUID/);
		expect(fixture.totalRequests(await fixture.counters('zertiban'))).toBe(0);
	});

	it('the first poll after activation emits no history and starts the cursor', async () => {
		const node = trigger();
		const before = Date.now();
		expect(await node.poll()).toBeNull();
		const state = node.staticData as { pollState: { cursor: number; seen: unknown[] } };
		expect(state.pollState.cursor).toBeGreaterThanOrEqual(before);
		expect(state.pollState.seen).toEqual([]);
	});
});

describe('Zertiban Polling Trigger with the sandbox payer', () => {
	const OPENED = ['cbd6f94c-65ae-410e-8c7b-b0ab1b865777', '5d6e7f80-9a0b-4c1d-8e2f-3a4b5c6d7e8f'];

	it('emits each status change into the selected statuses once: repeated polls and other statuses emit nothing', async () => {
		const node = trigger({ statuses: ['COMPLETED', 'REJECTED'] });
		expect(await node.poll()).toBeNull(); // activation
		await fixture.control('zertiban', `operations/${OPENED[0]}/complete`, {});
		await fixture.control('zertiban', `operations/${OPENED[1]}/reject`, {});
		const first = await node.poll();
		expect(first?.map((op) => `${String(op.uuid)}:${String(op.status)}`).sort()).toEqual([`${OPENED[0]}:COMPLETED`, `${OPENED[1]}:REJECTED`].sort());
		expect(await node.poll()).toBeNull();
		expect(await node.poll()).toBeNull();
		// a poll that only wants OPENED changes saw none since its own activation
		const openedOnly = trigger({ statuses: ['OPENED'] });
		expect(await openedOnly.poll()).toBeNull();
		expect(await openedOnly.poll()).toBeNull();
	});
});
