/** The example examples/cfis-invoice-direct-payment.json, run in the in-process n8n harness against the sandbox. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sandboxFixture } from '../helpers/sandbox';
import { PACKAGE_DIR, runWorkflow, type WorkflowJson } from './harness';

it('creates the invoice, reports its full amount as a direct payment, and the case reads PAID with balance 0', async () => {
	const fx = await sandboxFixture();
	try {
		const workflow = JSON.parse(readFileSync(join(PACKAGE_DIR, 'examples', 'cfis-invoice-direct-payment.json'), 'utf8')) as WorkflowJson;
		const result = await runWorkflow(workflow, fx.cfisCredentials());
		expect(result.error).toBeUndefined();
		expect(result.json('Create Invoice')).toEqual([expect.objectContaining({ status: 'INVOICED', totalAmount: 150.47, caseId: expect.any(Number) })]);
		expect(result.json('Get Case')).toEqual([
			{ summary: expect.objectContaining({ status: 'PAID', closedAt: expect.any(String) }), balance: expect.objectContaining({ totalAmount: 0 }) },
		]);
	} finally {
		await fx.close();
	}
});
