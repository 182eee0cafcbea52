/**
 * Zertiban test controls under `/__sandbox/` (no auth, loopback only; CONTRIBUTING.md, "Adding a sandbox route"): act as the payer or the
 * bank on an operation, set the pending-transaction sub-state, set a configuration's payer redirections (§12),
 * lose the next create response (safe-create tests), and switch the sandbox amount cap (§2).
 */
import { randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, CONTROL_PREFIX, intField, UUID_RE } from '../controls';
import { ZERTIBAN_BUSINESS_UUID, type OperationStatus } from '../seed';
import type { ZertibanContext } from './context';
import { payerUrl } from './create';
import type { OperationRecord } from './state';

/** Control path segment → target status (zertiban.md §10.2). */
export const PAYER_ACTIONS: Record<string, Exclude<OperationStatus, 'CREATED'>> = {
	open: 'OPENED',
	complete: 'COMPLETED',
	reject: 'REJECTED',
	expire: 'EXPIRED',
	'not-deliver': 'NOT_DELIVERED',
};

/** What an operation control answers: the operation's and its flow's status after the change. */
export interface OperationControlReply {
	uuid: string;
	status: OperationStatus;
	flowUuid: string;
	flowStatus: string;
	pendingTransaction: boolean;
	url: string;
}

/** An optional absolute http(s) URL field of a control body; `null` or `''` clears it. */
function urlField(body: Record<string, unknown>, name: string): string | undefined | null {
	const value = body[name];
	if (value === undefined) return undefined;
	if (value === null || value === '') return null;
	if (typeof value !== 'string' || !/^https?:\/\/\S+$/i.test(value)) {
		throw new ApiError(400, `${name} must be an absolute http(s) URL (placeholders such as {operationId} allowed)`);
	}
	return value;
}

/**
 * Registers the controls:
 * - `POST /__sandbox/operations/{uuid}/open|complete|reject|expire|not-deliver` — the transition, 409 when not
 *   allowed from the current status, 404 for an unknown operation; answers {@link OperationControlReply};
 * - `POST /__sandbox/operations/{uuid}/pending-transaction` body `{pending: boolean}` — `true` only on OPENED (409);
 * - `GET /__sandbox/operations/{uuid}` — {@link OperationControlReply} (the payer URL included);
 * - `GET /__sandbox/operations?externalId=…` — `{ operations: OperationControlReply[] }`, every operation with that
 *   external ID, any tenant (a test or the demo finds the payment link of an invoice without a token);
 * - `PUT /__sandbox/configurations/{uuid}/redirection` body `{callbackUrl?, returnUrl?}` (string, or null to clear);
 * - `POST /__sandbox/drop-next-create` body `{count?, answer?}` (default 1, `none`): the next `count` successful
 *   creates (generic or PagaFactu) store the flow and destroy the connection instead of answering, or with
 *   `answer: "html"` answer 201 with an HTML body;
 * - `POST /__sandbox/configurations` body `{count}` (1-200): adds `count` ACTIVE, non-default configurations named
 *   `Extra <n>` to the seeded business (Zertiban has no API to create them; tests of paging need more than 50);
 * - `POST /__sandbox/amount-cap` body `{maxCents: integer | null}` — the create amount cap (null = none).
 */
export function registerZertibanControls(app: FastifyInstance, ctx: ZertibanContext): void {
	const { state, settings } = ctx;
	const record = (request: FastifyRequest): OperationRecord => {
		const uuid = (request.params as { uuid: string }).uuid;
		if (!UUID_RE.test(uuid)) throw new ApiError(400, 'The operation uuid must be a UUID');
		const found = state.operations.get(uuid.toLowerCase());
		if (!found) throw new ApiError(404, `Operation ${uuid} not found`);
		return found;
	};
	const view = (request: FastifyRequest, r: OperationRecord): OperationControlReply => ({
		uuid: r.operation.uuid,
		status: r.operation.status,
		flowUuid: r.operation.flowUuid,
		flowStatus: state.flows.get(r.operation.flowUuid)?.flow.status ?? 'UNKNOWN',
		pendingTransaction: r.pendingTransaction,
		url: payerUrl(request, r),
	});

	app.get(`${CONTROL_PREFIX}operations/:uuid`, async (request) => view(request, record(request)));
	app.get(`${CONTROL_PREFIX}operations`, async (request) => {
		const externalId = (request.query as Record<string, string | undefined>).externalId;
		if (!externalId) throw new ApiError(400, 'externalId is required');
		return { operations: [...state.operations.values()].filter((r) => r.operation.externalId === externalId).map((r) => view(request, r)) };
	});
	for (const [action, to] of Object.entries(PAYER_ACTIONS)) {
		app.post(`${CONTROL_PREFIX}operations/:uuid/${action}`, async (request) => {
			const r = record(request);
			state.transition(r, to);
			return view(request, r);
		});
	}
	app.post(`${CONTROL_PREFIX}operations/:uuid/pending-transaction`, async (request) => {
		const r = record(request);
		const pending = (request.body as Record<string, unknown> | undefined)?.pending;
		if (typeof pending !== 'boolean') throw new ApiError(400, 'pending must be true or false');
		if (pending && r.operation.status !== 'OPENED') {
			throw new ApiError(409, `Only an OPENED operation can have a pending transaction; it is ${r.operation.status}`);
		}
		r.pendingTransaction = pending;
		return view(request, r);
	});
	app.put(`${CONTROL_PREFIX}configurations/:uuid/redirection`, async (request) => {
		const uuid = (request.params as { uuid: string }).uuid.toLowerCase();
		const config = state.configurations.find((c) => c.summary.uuid === uuid);
		if (!config) throw new ApiError(404, `Configuration ${uuid} not found`);
		const body = (request.body ?? {}) as Record<string, unknown>;
		const callbackUrl = urlField(body, 'callbackUrl');
		const returnUrl = urlField(body, 'returnUrl');
		if (callbackUrl !== undefined) config.callbackUrl = callbackUrl ?? undefined;
		if (returnUrl !== undefined) config.returnUrl = returnUrl ?? undefined;
		return { uuid, callbackUrl: config.callbackUrl ?? null, returnUrl: config.returnUrl ?? null };
	});
	app.post(`${CONTROL_PREFIX}configurations`, async (request) => {
		const count = intField((request.body ?? {}) as Record<string, unknown>, 'count', 1, 200);
		const start = state.configurations.length;
		for (let i = 1; i <= count; i++) {
			state.configurations.push({
				tenantUuid: ZERTIBAN_BUSINESS_UUID,
				language: 'es',
				expirationOffset: 'P7D',
				createdAt: '2025-06-01T00:00:00Z',
				summary: { uuid: randomUUID(), name: `Extra ${start + i}`, description: 'Added by a sandbox control', isDefault: false, status: 'ACTIVE' },
			});
		}
		return { configurations: state.configurations.length };
	});
	app.post(`${CONTROL_PREFIX}drop-next-create`, async (request) => {
		const body = request.body as Record<string, unknown> | undefined;
		settings.dropNextCreates = body?.count === undefined ? 1 : intField(body, 'count', 0, 1000);
		const answer = body?.answer ?? 'none';
		if (answer !== 'none' && answer !== 'html') throw new ApiError(400, 'answer must be "none" or "html"');
		settings.dropAnswer = answer;
		return { dropNextCreates: settings.dropNextCreates, answer };
	});
	app.post(`${CONTROL_PREFIX}amount-cap`, async (request) => {
		const body = request.body as Record<string, unknown> | undefined;
		settings.amountCapCents = body?.maxCents === null ? null : intField(body, 'maxCents', 1, Number.MAX_SAFE_INTEGER);
		return { maxCents: settings.amountCapCents };
	});
}
