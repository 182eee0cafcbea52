/**
 * The Zertiban read endpoints and cancel (zertiban.md §5 #2–#15): flows (§6.2–§6.4), operations (§7.1–§7.6),
 * payments (§8), beneficiary accounts and configurations (§9). Lists follow §4.3 (see ./query.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, UUID_RE } from '../controls';
import { OPERATION_STATUSES, type OperationStatus } from '../seed';
import type { ZertibanContext } from './context';
import {
	boolQuery,
	dateQuery,
	enumListQuery,
	inRange,
	optionalIntQuery,
	page,
	queryParam,
	sortRecords,
	uuidQuery,
	type SortSpec,
} from './query';
import { FLOW_STATUSES, type FlowRecord, type OperationRecord } from './state';

/** Operation types a list can filter on with `q_type` (zertiban.md §7.1); the sandbox only holds PAYMENT. */
const OPERATION_TYPES = ['PAYMENT', 'SIGNATURE'] as const;

/** `GET /flow/v1/operations/{uuid}/status` body (zertiban.md §7.3). */
export interface OperationStatusBody {
	status: OperationStatus;
	actionCode: 'INITIATED' | 'ACCEPTED' | 'DENIED';
	final: boolean;
}

/** Status → `{actionCode, final}` (zertiban.md §10.1). */
const STATUS_TABLE: Record<OperationStatus, Omit<OperationStatusBody, 'status'>> = {
	CREATED: { actionCode: 'INITIATED', final: false },
	OPENED: { actionCode: 'INITIATED', final: false },
	COMPLETED: { actionCode: 'ACCEPTED', final: true },
	REJECTED: { actionCode: 'DENIED', final: true },
	EXPIRED: { actionCode: 'DENIED', final: true },
	CANCELLED: { actionCode: 'DENIED', final: true },
	NOT_DELIVERED: { actionCode: 'DENIED', final: true },
};

/** Operation `sort_by` keys of §7.1 (lower case, no `_`). */
const OPERATION_SORT: SortSpec<OperationRecord> = {
	keys: {
		createdat: (r) => r.operation.createdAt,
		statusupdatedat: (r) => r.statusUpdatedAt,
		externalid: (r) => r.operation.externalId ?? '',
		status: (r) => r.operation.status,
		operationuuid: (r) => r.operation.uuid,
		flowuuid: (r) => r.operation.flowUuid,
		paymentamount: (r) => r.operation.payment.amount,
		invoiceexternalid: (r) => r.operation.invoice?.externalId ?? '',
	},
	uuidOf: (r) => r.operation.uuid,
};

/** Flow `sort_by` keys of §6.2. */
const FLOW_SORT: SortSpec<FlowRecord> = {
	keys: {
		createdat: (r) => r.flow.createdAt,
		statusupdatedat: (r) => r.statusUpdatedAt,
		externalid: (r) => r.flow.externalId ?? '',
		status: (r) => r.flow.status,
		flowuuid: (r) => r.flow.uuid,
	},
	uuidOf: (r) => r.flow.uuid,
};

/**
 * The first of several alias query parameters that is present (amount filters, whose real names the docs do
 * not show, §7.1 [SIM]); 400 when two aliases disagree is not needed: the first present wins.
 */
function firstInt(request: FastifyRequest, names: string[]): number | undefined {
	for (const name of names) {
		const value = optionalIntQuery(request, name);
		if (value !== undefined) return value;
	}
	return undefined;
}

/**
 * The `q_status` (one of ACTIVE / DISABLED) and `q_isDefault` filters of the account and configuration lists
 * (§9): the predicate over `{status, isDefault}`; 400 for an unknown status, two statuses or a non-boolean.
 */
function statusAndDefault(request: FastifyRequest): (entry: { status: string; isDefault: boolean }) => boolean {
	const statuses = enumListQuery(request, 'q_status', ['ACTIVE', 'DISABLED']);
	if (statuses.length > 1) throw new ApiError(400, 'q_status takes one value: ACTIVE or DISABLED');
	const isDefault = boolQuery(request, 'q_isDefault');
	return (entry) =>
		(statuses.length === 0 || statuses.includes(entry.status)) && (isDefault === undefined || entry.isDefault === isDefault);
}

/** Newest first, at most `max` entries (§6.4, §7.4). */
const newestFirst = (history: FlowRecord['history'], max = Infinity) => [...history].reverse().slice(0, max);

/** Registers every read endpoint and cancel on `app`. */
export function registerReadRoutes(app: FastifyInstance, ctx: ZertibanContext): void {
	const { state } = ctx;
	const uuidParam = (request: FastifyRequest, name = 'uuid') => (request.params as Record<string, string>)[name];
	const operation = (request: FastifyRequest, name = 'uuid') =>
		state.find(state.operations, ctx.authenticate(request), uuidParam(request, name), 'Operation');
	const flow = (request: FastifyRequest) =>
		state.find(state.flows, ctx.authenticate(request), uuidParam(request), 'Flow');

	// ---- flows (§6.2–§6.4)
	app.get('/flow/v1/flows', async (request) => {
		const tenant = ctx.authenticate(request);
		const uuid = uuidQuery(request, 'q_uuid');
		const externalId = queryParam(request, 'q_externalId');
		const statuses = enumListQuery(request, 'q_status', FLOW_STATUSES);
		const label = queryParam(request, 'q_productLabelValue');
		const fromCreated = dateQuery(request, 'q_fromCreatedAt');
		const toCreated = dateQuery(request, 'q_toCreatedAt');
		const fromUpdated = dateQuery(request, 'q_fromStatusUpdatedAt');
		const toUpdated = dateQuery(request, 'q_toStatusUpdatedAt');
		const matches = [...state.flows.values()].filter(
			(r) =>
				r.tenantUuid === tenant &&
				(uuid === undefined || r.flow.uuid === uuid) &&
				(externalId === undefined || r.flow.externalId === externalId) &&
				(statuses.length === 0 || statuses.includes(r.flow.status)) &&
				(label === undefined || r.flow.labels.some((l) => l.name === 'product' && l.value === label)) &&
				inRange(r.flow.createdAt, fromCreated, toCreated) &&
				inRange(r.statusUpdatedAt, fromUpdated, toUpdated),
		);
		const sorted = sortRecords(request, matches, FLOW_SORT);
		return page(request, sorted, { minLimit: 0, maxLimit: 100 }, (r) => state.flowView(r));
	});
	app.get('/flow/v1/flows/:uuid', async (request) => state.flowView(flow(request)));
	app.get('/flow/v1/flows/:uuid/status-histories', async (request) => newestFirst(flow(request).history));

	// ---- operations (§7.1–§7.6)
	app.get('/flow/v1/operations', async (request) => {
		const tenant = ctx.authenticate(request);
		const externalId = queryParam(request, 'q_externalId');
		const operationUuid = uuidQuery(request, 'q_operationUuid');
		const flowUuid = uuidQuery(request, 'q_flowUuid');
		const statuses = enumListQuery(request, 'q_status', OPERATION_STATUSES);
		const types = enumListQuery(request, 'q_type', OPERATION_TYPES);
		const fromCreated = dateQuery(request, 'q_fromCreatedAt');
		const toCreated = dateQuery(request, 'q_toCreatedAt');
		const fromUpdated = dateQuery(request, 'q_fromStatusUpdatedAt');
		const toUpdated = dateQuery(request, 'q_toStatusUpdatedAt');
		const minAmount = firstInt(request, ['q_minAmount', 'q_fromAmount', 'q_fromPaymentAmount']);
		const maxAmount = firstInt(request, ['q_maxAmount', 'q_toAmount', 'q_toPaymentAmount']);
		const invoiceExternalId = queryParam(request, 'q_invoiceExternalId');
		const matches = [...state.operations.values()].filter(
			(r) =>
				r.tenantUuid === tenant &&
				(externalId === undefined || r.operation.externalId === externalId) &&
				(operationUuid === undefined || r.operation.uuid === operationUuid) &&
				(flowUuid === undefined || r.operation.flowUuid === flowUuid) &&
				(statuses.length === 0 || statuses.includes(r.operation.status)) &&
				(types.length === 0 || types.includes(r.operation.type)) &&
				inRange(r.operation.createdAt, fromCreated, toCreated) &&
				inRange(r.statusUpdatedAt, fromUpdated, toUpdated) &&
				(minAmount === undefined || r.operation.payment.amount >= minAmount) &&
				(maxAmount === undefined || r.operation.payment.amount <= maxAmount) &&
				(invoiceExternalId === undefined || r.operation.invoice?.externalId === invoiceExternalId),
		);
		const sorted = sortRecords(request, matches, OPERATION_SORT);
		return page(request, sorted, { minLimit: 0, maxLimit: 100 }, (r) => r.operation);
	});
	app.get('/flow/v1/operations/:uuid', async (request) => operation(request).operation);
	app.get('/flow/v1/operations/:uuid/status', async (request): Promise<OperationStatusBody> => {
		const { status } = operation(request).operation;
		return { status, ...STATUS_TABLE[status] };
	});
	app.get('/flow/v1/operations/:uuid/status-histories', async (request) => newestFirst(operation(request).history, 100));
	app.put('/flow/v1/operations/:uuid/cancel', async (request, reply) => {
		const record = operation(request);
		const { status } = record.operation;
		if (status !== 'CANCELLED') {
			if (status === 'OPENED' && record.pendingTransaction) {
				throw new ApiError(
					409,
					'Operation cannot be cancelled: the payer is authorising the payment at the bank (pending transaction)',
					{ currentStatus: status },
				);
			}
			if (status !== 'CREATED' && status !== 'OPENED') {
				throw new ApiError(409, `Operation is in final state ${status}`, { currentStatus: status });
			}
			state.transition(record, 'CANCELLED');
		}
		return reply.code(204).send();
	});
	app.get('/flow/v1/operations/:uuid/payment-documents/:documentUuid/content', async (request, reply) => {
		const record = operation(request);
		const doc = state.find(state.documents, record.tenantUuid, uuidParam(request, 'documentUuid'), 'Payment document');
		if (!doc.operationUuids.includes(record.operation.uuid)) {
			throw new ApiError(404, `Payment document ${doc.uuid} does not belong to operation ${record.operation.uuid}`);
		}
		const fileName = doc.fileName || 'payment-document.pdf';
		return reply
			.header('Content-Type', doc.mimeType)
			.header('Content-Disposition', `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`)
			.send(doc.bytes);
	});

	// ---- payments (§8): 404 until the operation is COMPLETED
	app.get('/payment/v1/payments/:uuid', async (request) => {
		const tenant = ctx.authenticate(request);
		const uuid = uuidParam(request);
		if (!UUID_RE.test(uuid)) throw new ApiError(400, 'The payment uuid in the path must be a UUID');
		const payment = state.payments.get(uuid.toLowerCase());
		const owner = [...state.operations.values()].find((r) => r.operation.payment.paymentUuid === uuid.toLowerCase());
		if (!payment || owner?.tenantUuid !== tenant) throw new ApiError(404, `Payment ${uuid} not found`);
		return payment;
	});

	// ---- beneficiary accounts (§9.1)
	app.get('/business-creditor-account/v1/business-creditor-accounts', async (request) => {
		const tenant = ctx.authenticate(request);
		const wanted = statusAndDefault(request);
		const business = uuidQuery(request, 'q_businessUuid');
		if (business !== undefined && business !== tenant) {
			throw new ApiError(400, 'q_businessUuid must equal the x-tenant-id header');
		}
		const matches = state.accounts.filter((a) => a.tenantUuid === tenant && wanted(a.account));
		return page(request, matches, { minLimit: 1, maxLimit: 100 }, (a) => a.account);
	});
	app.get('/business-creditor-account/v1/business-creditor-accounts/:uuid', async (request) => {
		const tenant = ctx.authenticate(request);
		const byUuid = new Map(state.accounts.map((a) => [a.account.uuid, a]));
		return state.find(byUuid, tenant, uuidParam(request), 'Beneficiary account').account;
	});

	// ---- configurations (§9.2)
	app.get('/flow-customization/v1/configurations', async (request) => {
		const tenant = ctx.authenticate(request);
		const wanted = statusAndDefault(request);
		const matches = state.configurations.filter((c) => c.tenantUuid === tenant && wanted(c.summary));
		return page(request, matches, { minLimit: 1, maxLimit: 50 }, (c) => c.summary);
	});
	app.get('/flow-customization/v1/configurations/:uuid', async (request) => {
		const tenant = ctx.authenticate(request);
		enumListQuery(request, 'operation_type', ['SIGNATURE', 'SEPA', 'SIGNATURE_SEPA', 'PAYMENT']);
		const byUuid = new Map(state.configurations.map((c) => [c.summary.uuid, c]));
		const c = state.find(byUuid, tenant, uuidParam(request), 'Configuration');
		return {
			...c.summary,
			createdAt: c.createdAt,
			visualConfiguration: {
				icon: 'https://nc-api-sandbox.zertiban.com/static/icon.png',
				logo: 'https://nc-api-sandbox.zertiban.com/static/logo.png',
				brandColor: '#0B5FFF',
				accentColor: '#00B894',
				language: c.language,
				downloadSignedDocumentsButton: true,
				autoDownloadDocuments: false,
			},
			operationConfiguration: {
				documentDelivery: {
					includePaymentReceiptInDownload: true,
					sendDocumentsByEmail: false,
					carbonCopyRecipients: [],
					blindCarbonCopyRecipients: [],
				},
				redirection: {
					callback: { url: c.callbackUrl ?? '', requestTimeout: 0, parameters: [] },
					return: { url: c.returnUrl ?? '', parameters: [] },
				},
			},
			signatureConfiguration: {},
		};
	});
}
