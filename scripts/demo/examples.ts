/** The demo's example workflows (examples/*.json): reading them, the credentials they need, what gets imported. */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { sandboxCredentials, type SandboxCredentialType } from '../../sandbox/credentials';
import type { SandboxInfo } from '../../sandbox/index';
import { ERP_CALLBACK_NODE, ERP_CREDENTIAL, withErpCallback } from '../erp';
import { PACKAGE_NAME, REPO, ScriptError as DemoError, type N8nRun } from '../n8n';
import { RECORD_CREDENTIAL } from '../record';

const EXAMPLES_DIR = join(REPO, 'examples');

export interface WorkflowNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}
export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
}
export interface Example {
	file: string;
	workflow: Workflow;
}
/** One story's result, as written by --json. */
export interface StoryResult {
	file: string;
	workflowId: string;
	workflowName: string;
	status: 'success' | 'error';
	exitCode: number | null;
	seconds: number;
	/** Output items (json) of this package's nodes, by node name, in execution order. */
	outputs: Record<string, Array<Record<string, unknown>>>;
	error?: { node?: string; message: string; description?: string };
	/** n8n's execution JSON, or null when none could be read. */
	result: N8nRun | null;
	/**
	 * Triggered runs only: every webhook delivery of the payment as the sandbox logged it once all of them had been
	 * answered (the trigger answers `{"received":true}` when it starts an execution, `…"duplicate":true` or
	 * `…"ignored":…` when it does not), and the workflow's executions counted after that.
	 */
	deliveries?: Array<{ eventType: string; eventUuid: string; status?: number; body?: string }>;
	executions?: number;
}

export function readExamples(): Example[] {
	const files = readdirSync(EXAMPLES_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort();
	if (files.length === 0) throw new DemoError(`no workflow in ${EXAMPLES_DIR}`);
	return files.map((name) => {
		const file = join(EXAMPLES_DIR, name);
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as Workflow;
		if (!workflow.id || workflow.id.length > 21) throw new DemoError(`${name}: the workflow id must be 1-21 characters`);
		return { file, workflow };
	});
}

/** Credential data for each credential type the examples use, pointed at the sandbox (and the ERP's header token). */
export function credentialData(type: string, info: SandboxInfo, erpHeader: Record<string, string>): Record<string, string> {
	if (type === ERP_CREDENTIAL.type) return erpHeader;
	const all = sandboxCredentials(info);
	if (!(type in all)) {
		throw new DemoError(`an example uses credential type ${type}, which the demo cannot fill from the sandbox`);
	}
	const data: Record<string, string> = { ...all[type as SandboxCredentialType] };
	// DEMO_ZERTIBAN_CLIENT_SECRET lets the e2e test make the story fail on purpose.
	if (type === 'zertibanOAuth2Api' && process.env.DEMO_ZERTIBAN_CLIENT_SECRET) data.clientSecret = process.env.DEMO_ZERTIBAN_CLIENT_SECRET;
	return data;
}

/**
 * The credentials the examples refer to (by id and name), filled from the sandbox line. The payment record's
 * credential is not among them: its API key exists only once n8n runs (scripts/record.ts imports it then).
 */
export function credentialsFor(examples: Example[], info: SandboxInfo, erpHeader: Record<string, string>) {
	const byId = new Map<string, { id: string; name: string; type: string; data: Record<string, string> }>();
	for (const { workflow } of examples) {
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials ?? {})) {
				if (type === RECORD_CREDENTIAL.type) continue;
				const known = byId.get(ref.id);
				if (known && known.type !== type) throw new DemoError(`credential id ${ref.id} is used for ${known.type} and ${type}`);
				byId.set(ref.id, { id: ref.id, name: ref.name, type, data: credentialData(type, info, erpHeader) });
			}
		}
	}
	return [...byId.values()];
}

/**
 * The invoice-to-payment story (README.md, "Usage"): part 1 is run like every story and ends with a payer
 * link; part 2 starts on the Zertiban Trigger, so it is published before n8n starts, and the sandbox's webhook
 * dispatcher is pointed at its production URL once n8n runs.
 */
export const PAYMENT_STORY = { linkWorkflowId: 'zcInvoiceToPay01', linkNode: 'Payment Link', paidWorkflowId: 'zcPaidToInvoice01' };
export const ZERTIBAN_TRIGGER = `${PACKAGE_NAME}.zertibanTrigger`;

/** Examples that start on a webhook (Zertiban's or the ERP's): published before `n8n start`, so they are live at boot. */
export const liveExamples = (examples: Example[]) =>
	examples.filter(({ workflow }) => workflow.nodes.some((node) => node.type === ZERTIBAN_TRIGGER || node.type === 'n8n-nodes-base.webhook'));

/**
 * Copies of the examples in `dir` for import, with part 2's ERP callback pointed at `erpUrl` (the demo's ERP
 * double); returns `dir`.
 */
export function examplesForImport(examples: Example[], erpUrl: string, dir: string): string {
	mkdirSync(dir, { recursive: true });
	for (const { file, workflow } of examples) {
		const patched = workflow.nodes.some((node) => node.name === ERP_CALLBACK_NODE) ? withErpCallback(workflow, erpUrl) : workflow;
		writeFileSync(join(dir, basename(file)), JSON.stringify(patched));
	}
	return dir;
}
