/**
 * The setting of the real-n8n lifecycle tests (docs/lifecycle.md): the sandbox, the ERP double (scripts/erp.ts), one
 * n8n with parts 1 and 2 (examples/erp-invoice-to-payment-link.json, examples/payment-to-invoice-paid.json) and the
 * templates under test, the payment record set up, and the moves the tests make: a new invoice through part 1, the
 * payer's and the bank's moves, Zertiban's event deliveries, the ERP's callbacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox, type Sandbox } from '../../sandbox';
import { ERP_CREDENTIAL, erpCredential, erpEvent, postErpEvent, startErpDouble, withErpCallback, type ErpLinkAnswer } from '../../scripts/erp';
import { PACKAGE_NAME, REPO, connectZertibanTriggers, settled } from '../../scripts/n8n';
import { sandboxControl, startN8nWith, waitFor, type RunningN8n } from './n8n';
import { sandboxGet } from './zertiban';

/** A workflow JSON as the tests import it. */
export type Workflow = { id: string; nodes: Array<{ name: string; type: string; webhookId?: string; parameters?: Record<string, unknown> }> };
/** An example of examples/ by file name. */
export const example = (file: string) => JSON.parse(readFileSync(join(REPO, 'examples', file), 'utf8')) as Workflow;
/** Part 1 (the ERP's invoice → payment link) and part 2 (payment → Direct Payment, ERP told `PAID`). */
export const PART1 = example('erp-invoice-to-payment-link.json');
export const PART2 = example('payment-to-invoice-paid.json');
/** The webhook id of part 2's Zertiban Trigger. */
export const PART2_WEBHOOK_ID = PART2.nodes.find((node) => node.type === `${PACKAGE_NAME}.zertibanTrigger`)?.webhookId ?? '';
const ZERTIBAN = { id: 'zcZertiban01', name: 'Zertiban (sandbox)', type: 'zertibanOAuth2Api' as const };
const CFIS = { id: 'zcCfisClient01', name: 'Confirma Finance (sandbox)', type: 'cfisApi' as const };

/** An invoice made through part 1, with its Zertiban operation (external ID `INV-<number>`). */
export type LinkedInvoice = ErpLinkAnswer & { operationUuid: string };

/** The running setting and its moves (see the module comment). */
export interface LifecycleStory {
	sandbox: Sandbox;
	erp: Awaited<ReturnType<typeof startErpDouble>>;
	n8n: RunningN8n;
	/** The ERP's webhook header token. */
	token: string;
	/** A new invoice through part 1 (the ERP's event); fails the test unless part 1 answers 200 with one payment link. */
	newInvoice(): Promise<LinkedInvoice>;
	/** Moves a Zertiban operation as the payer or the bank would (sandbox/zertiban/controls.ts); answers its status. */
	payer(uuid: string, action: string, body?: unknown): Promise<{ status: string }>;
	/** Waits until every pending Zertiban event is delivered (the sandbox's dispatcher) and answered. */
	deliverEvents(): Promise<Record<string, unknown>>;
	/** The ERP's callbacks about one invoice, in arrival order (their bodies). */
	callbacksOf(invoiceNumber: number): Array<Record<string, unknown>>;
	/** Waits until every execution of a workflow has finished. */
	allSettled(workflowId: string): Promise<unknown>;
	close(): Promise<void>;
}

/**
 * Starts the sandbox, the ERP double and n8n (label `label`) with parts 1 and 2 (part 2 as `part2` makes it, calling
 * the ERP double back) and `workflows(erp)`, publishes parts 1 and 2 and `publish`, and connects the Zertiban
 * Triggers of part 2 and `zertibanTriggers` (webhook ids) with every event delivered twice.
 */
export async function startLifecycleStory(options: {
	label: string;
	workflows: (erp: LifecycleStory['erp']) => Workflow[];
	publish: string[];
	zertibanTriggers: string[];
	part2?: (workflow: Workflow) => Workflow;
}): Promise<LifecycleStory> {
	const sandbox = await startSandbox({ zertibanPort: 0, cfisPort: 0 });
	const erp = await startErpDouble();
	const token = erpCredential();
	let n8n: RunningN8n | undefined;
	try {
		n8n = await startN8nWith({
			label: options.label,
			sandbox,
			credentials: [ZERTIBAN, CFIS],
			extraCredentials: [{ ...ERP_CREDENTIAL, data: token.data }],
			workflows: [PART1, withErpCallback((options.part2 ?? ((w) => w))(PART2), erp.url), ...options.workflows(erp)],
			publish: [PART1.id, PART2.id, ...options.publish],
			record: true,
		});
		await connectZertibanTriggers(sandbox.info.zertiban.baseUrl, n8n.base, [PART2_WEBHOOK_ID, ...options.zertibanTriggers], { duplicate: true });
	} catch (error) {
		await n8n?.close();
		await erp.close();
		await sandbox.close();
		throw error;
	}
	return story(sandbox, erp, n8n, token.token);
}

function story(sandbox: Sandbox, erp: LifecycleStory['erp'], n8n: RunningN8n, token: string): LifecycleStory {
	const base = Math.floor(Date.now() / 1000) * 1000;
	let next = 0;
	return {
		sandbox,
		erp,
		n8n,
		token,
		async newInvoice() {
			const { status, answer } = await postErpEvent(n8n.base, token, erpEvent(base, ++next));
			expect(status).toBe(200);
			const { body } = await sandboxGet<{ results: Array<{ uuid: string }> }>(sandbox.info, `/flow/v1/operations?q_externalId=INV-${answer.invoiceNumber}`);
			expect(body.results).toHaveLength(1);
			return { ...answer, operationUuid: body.results[0].uuid };
		},
		payer: async (uuid, action, body = {}) => (await sandboxControl(sandbox.info.zertiban.baseUrl, `operations/${uuid}/${action}`, body)) as { status: string },
		deliverEvents: () => sandboxControl(sandbox.info.zertiban.baseUrl, 'webhooks/settle'),
		callbacksOf: (invoiceNumber) => erp.callbacks.filter((c) => c.body.invoiceNumber === invoiceNumber).map((c) => c.body),
		allSettled: (workflowId) =>
			waitFor(`the executions of ${workflowId} to finish`, async () => {
				const rows = await n8n.n8n.executions(workflowId);
				return rows.every(settled) && rows;
			}),
		async close() {
			await n8n.close();
			await erp.close();
			await sandbox.close();
		},
	};
}
