/** The example examples/cfis-invoice-direct-payment.json, run in the in-process n8n harness against the sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sandboxFixture } from '../helpers/sandbox';
import { PACKAGE_DIR, runNode, runWorkflow, type WorkflowJson } from './harness';

it('creates the invoice and reports its full amount as a direct payment (queued: the case read right after is still open); once processed, the case reads PAID with balance 0', async () => {
	const fx = await sandboxFixture();
	try {
		const workflow = JSON.parse(readFileSync(join(PACKAGE_DIR, 'examples', 'cfis-invoice-direct-payment.json'), 'utf8')) as WorkflowJson;
		const result = await runWorkflow(workflow, fx.cfisCredentials());
		expect(result.error).toBeUndefined();
		expect(result.json('Create Invoice')).toEqual([expect.objectContaining({ status: 'INVOICED', totalAmount: 150.47, caseId: expect.any(Number) })]);
		expect(result.json('Report Direct Payment')).toEqual([{ actions: [{ index: 0, code: 'DIRECTPAYMENT', status: 'PENDING', actionId: expect.any(String) }] }]);
		expect(result.json('Get Case')).toEqual([
			{ summary: expect.objectContaining({ status: 'OPEN', closedAt: null }), balance: expect.objectContaining({ totalAmount: 150.47 }) },
		]);
		// docs/cfis.md §4.5: Confirma Finance applies the queued action later (here: at once, through the sandbox control).
		await fx.flushCfisActions();
		const caseId = result.json('Create Invoice')[0].caseId;
		const later = await runNode({ type: 'cfis', parameters: { resource: 'invoice', operation: 'getCase', caseId, simplify: true }, credentials: fx.cfisCredentials() });
		expect(later.json('Node')).toEqual([
			{ summary: expect.objectContaining({ status: 'PAID', closedAt: expect.any(String) }), balance: expect.objectContaining({ totalAmount: 0 }) },
		]);
	} finally {
		await fx.close();
	}
});
