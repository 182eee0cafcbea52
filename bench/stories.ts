/**
 * ERP stories per minute (bench/run.ts): part 1 of the ERP-started invoice-to-payment story as a user imports it
 * (examples/erp-invoice-to-payment-link.json: the ERP posts an invoice event, n8n creates the Confirma Finance
 * invoice and the Zertiban payment link and answers with the link), posted `atOnce` at a time against a real n8n
 * (one process, or the webhook process of a queue-mode cluster whose workers run the executions). A story counts
 * when its answer is 200 with a payment link. The ERP side is scripts/erp.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { SandboxInfo } from '../sandbox/index';
import { sandboxCredentials } from '../sandbox/credentials';
import { ERP_CREDENTIAL, erpCredential, erpEvent, postErpEvent } from '../scripts/erp';
import { REPO, ScriptError } from '../scripts/n8n';

type Workflow = { id: string; nodes: Array<{ type: string; credentials?: Record<string, { id: string; name: string }> }> };

/** Part 1 as shipped in examples/. */
export const ERP_PART1 = JSON.parse(readFileSync(join(REPO, 'examples', 'erp-invoice-to-payment-link.json'), 'utf8')) as Workflow;

/** The ERP's webhook token of this bench run (fresh per run). */
const erpToken = erpCredential();

/** The credentials part 1 refers to (by the ids in the example), filled from the sandbox, plus the ERP's header token. */
export function erpCredentials(info: SandboxInfo): Array<{ id: string; name: string; type: string; data: object }> {
	const data = sandboxCredentials(info);
	const refs = ERP_PART1.nodes.flatMap((node) => Object.entries(node.credentials ?? {}));
	const byType = new Map(refs.filter(([type]) => type === 'zertibanOAuth2Api' || type === 'cfisApi').map(([type, ref]) => [type, ref]));
	return [
		...[...byType].map(([type, ref]) => ({ ...ref, type, data: data[type as 'zertibanOAuth2Api' | 'cfisApi'] })),
		{ ...ERP_CREDENTIAL, data: erpToken.data },
	];
}

let invoiceBase = Math.floor(Date.now() / 1000) * 1000;

/**
 * Posts `count` ERP invoice events (invoice numbers unique to the run) to part 1 at `webhookBase`, `atOnce` at a
 * time, and returns the stories answered with a payment link and the wall time in ms. Throws when one is not.
 */
export async function erpStories(webhookBase: string, count: number, atOnce: number): Promise<{ stories: number; ms: number }> {
	const base = (invoiceBase += 100_000);
	let next = 0;
	let stories = 0;
	const started = performance.now();
	const sender = async () => {
		while (next < count) {
			const n = next++;
			const { status, answer } = await postErpEvent(webhookBase, erpToken.token, erpEvent(base, n));
			if (status !== 200 || !answer.paymentLink) throw new ScriptError(`ERP story ${n} answered ${status}: ${JSON.stringify(answer).slice(0, 300)}`);
			stories++;
		}
	};
	await Promise.all(Array.from({ length: Math.min(atOnce, count) }, sender));
	return { stories, ms: performance.now() - started };
}
