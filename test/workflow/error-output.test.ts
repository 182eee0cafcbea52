/**
 * A node of this package with Settings → On Error in n8n (the built node in the in-process harness, n8n-core's
 * `WorkflowExecute`): a failed item goes to the error output when the node uses it, with its error and the fields of
 * its input item, while the good items stay on the success output; with the regular output the failed item's JSON is
 * the error, its description and HTTP status, as before.
 */
import { randomUUID } from 'node:crypto';
import type { IDataObject } from 'n8n-workflow';

import { VENDOR_EXAMPLE_OPERATION_UUID } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { runNode, type SingleNodeRun } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

const unknownOperation = randomUUID();
/** Operation → Get for a known and an unknown payment (Zertiban answers 404 for the second). */
const getTwoOperations = (onError: SingleNodeRun['onError']) =>
	runNode({
		type: 'zertiban',
		parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
		inputItems: [
			{ uuid: VENDOR_EXAMPLE_OPERATION_UUID, ref: 'A' },
			{ uuid: unknownOperation, ref: 'B' },
		],
		credentials: fx.zertibanCredentials(),
		onError,
	});

it('On Error = Continue (using error output): the failed item goes to the error output with its error and its input fields; the good item to the success output', async () => {
	const result = await getTwoOperations('continueErrorOutput');
	expect(result.error).toBeUndefined();
	expect(result.items('Node', 0)).toEqual([{ json: expect.objectContaining({ uuid: VENDOR_EXAMPLE_OPERATION_UUID }), pairedItem: { item: 0 } }]);
	const failed = result.items('Node', 1);
	expect(failed).toHaveLength(1);
	expect(failed[0].pairedItem).toEqual({ item: 1 });
	expect(failed[0].json).toEqual({
		uuid: unknownOperation,
		ref: 'B',
		error: expect.any(String),
		details: { description: expect.any(String), httpCode: '404' },
	});
});

it('On Error = Continue (regular output): both items on the one output, the failed one as error, description and HTTP status', async () => {
	const result = await getTwoOperations('continueRegularOutput');
	expect(result.error).toBeUndefined();
	const [good, failed] = result.items('Node');
	expect(good.json).toEqual(expect.objectContaining({ uuid: VENDOR_EXAMPLE_OPERATION_UUID }));
	expect(failed).toEqual({ json: { error: expect.any(String), description: expect.any(String), httpCode: '404' }, pairedItem: { item: 1 } });
	expect(result.items('Node', 1)).toEqual([]);
});

it('On Error = Continue (using error output): an item refused before any request (bad input) goes to the error output too', async () => {
	const result = await runNode({
		type: 'zertiban',
		parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } },
		inputItems: [{ uuid: 'not-a-uuid' } as IDataObject],
		credentials: fx.zertibanCredentials(),
		onError: 'continueErrorOutput',
	});
	expect(result.items('Node', 0)).toEqual([]);
	expect(result.json('Node', 1)).toEqual([expect.objectContaining({ uuid: 'not-a-uuid', error: expect.stringMatching(/item 0/) })]);
	expect(fx.totalRequests(await fx.counters('zertiban'))).toBe(0);
});
