import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { pollDeadline, startPoll } from '../shared/polling';
import { checkUuid } from './validators';
import { zertibanRequest, ZERTIBAN_PATHS } from './transport';
import { pollChanges, readChangesState } from './polling/changes';
import { OPERATION_STATUS_OPTIONS } from './actions/common.descriptions';

/** Page size of the operation list (its maximum, §4.3). */
export const PAGE_SIZE = 100;
/** Most pages read in one poll (10 000 changes), probes included; the rest waits for the next poll. */
export const MAX_PAGES = 100;

/**
 * Zertiban Polling Trigger (docs/zertiban.md §7.1, the operation list it reads): for n8n instances Zertiban's webhooks cannot reach, and to
 * recover webhooks that were lost. Each poll reads the operation list in frozen status-update-time windows sized to
 * the page budget (./changes.ts `pollChanges`) and emits one item per status change into the selected statuses,
 * exactly once: the cursor, the end of a shrunk window and the `(uuid, status)` key set (at most one window,
 * MAX_PAGES × PAGE_SIZE keys) live in the node's static data.
 */
export class ZertibanPollingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zertiban Polling Trigger',
		name: 'zertibanPollingTrigger',
		icon: { light: 'file:zertiban.svg', dark: 'file:zertiban.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["statuses"] || []).join(", ") || "any status" }}',
		description: 'Starts the workflow when a Zertiban payment link changes status, by polling (no webhook needed)',
		defaults: { name: 'Zertiban Polling Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zertibanOAuth2Api', required: true }],
		properties: [
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: OPERATION_STATUS_OPTIONS,
				default: ['COMPLETED'],
				description: 'Emit an item when a payment link changes into one of these statuses. None selected = every status.',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				description: 'Settings of what each poll reads',
				options: [
					{
						displayName: 'Flow UUID',
						name: 'flowUuid',
						type: 'string',
						default: '',
						placeholder: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
						description: 'Only payment links of this flow (its UUID, 8-4-4-4-12 hexadecimal digits)',
					},
					{
						displayName: 'Overlap (Seconds)',
						name: 'overlapSeconds',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 60,
						description: 'Each poll reads this many seconds before the previous poll again, so changes recorded late, or a clock difference between n8n and Zertiban below this, miss nothing; changes seen twice are emitted once',
					},
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const statuses = this.getNodeParameter('statuses', []) as string[];
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const filters: IDataObject = {};
		if (statuses.length > 0) filters.q_status = statuses.join(',');
		if (typeof options.flowUuid === 'string' && options.flowUuid.trim() !== '') {
			const problem = checkUuid(options.flowUuid.trim());
			if (problem) throw new NodeOperationError(this.getNode(), `Invalid Flow UUID: ${problem}`, { description: 'Options → Flow UUID must be the UUID of a Zertiban flow, or empty.' });
			filters.q_flowUuid = options.flowUuid.trim();
		}
		const listPage = async (qs: IDataObject) =>
			await zertibanRequest.call(this, { method: 'GET', path: ZERTIBAN_PATHS.operations, qs: { ...filters, ...qs } });

		if (this.getMode() === 'manual') {
			// Fetch Test Event: the latest change, without touching the stored cursor.
			const [latest] = ((await listPage({ sort_by: 'statusUpdatedAt', sort_dir: 'DESC', limit: 1 })).results as IDataObject[] | undefined) ?? [];
			return latest ? [[{ json: latest }]] : null;
		}

		const started = Date.now();
		const staticData = this.getWorkflowStaticData('node');
		const stored = readChangesState(staticData.pollState);
		if (!stored) {
			// First poll after activation: start now; earlier changes are history.
			staticData.pollState = startPoll(started) as unknown as IDataObject;
			return null;
		}
		const overlapMs = Math.max(0, Number(options.overlapSeconds ?? 60)) * 1000;
		// The shared poll-budget rule: no page starts past the deadline; the rest is read by the next poll.
		const deadline = pollDeadline(started, this.getPollBudgetMs?.());
		const { fresh, state } = await pollChanges(
			async (fromIso, toIso, offset, limit) => {
				const page = await listPage({
					q_fromStatusUpdatedAt: fromIso,
					q_toStatusUpdatedAt: toIso,
					sort_by: 'statusUpdatedAt',
					sort_dir: 'ASC',
					limit,
					offset,
				});
				return { results: (page.results as IDataObject[] | undefined) ?? [], total: typeof page.total === 'number' ? page.total : undefined };
			},
			stored,
			{
				now: started,
				overlapMs,
				pageSize: PAGE_SIZE,
				maxPages: MAX_PAGES,
				maxSeen: MAX_PAGES * PAGE_SIZE,
				resolutionMs: 1000, // Zertiban's timestamps are ISO 8601 UTC (docs/zertiban.md §4.2), to the second in every example (e.g. §11.3)
				mayContinue: () => Date.now() < deadline,
				keep: (record) => statuses.length === 0 || statuses.includes(String(record.status)),
			},
		);
		staticData.pollState = state as unknown as IDataObject;
		return fresh.length > 0 ? [fresh.map((record) => ({ json: record }))] : null;
	}
}
