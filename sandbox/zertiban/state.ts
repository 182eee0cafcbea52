/**
 * The Zertiban sandbox's in-memory store and its state machine (zertiban.md §10): flows, operations, status
 * histories, stored documents, beneficiary accounts, configurations and the payment records created on
 * completion (§15.2). Every status change goes through {@link ZertibanState.transition}, which stamps it with
 * the sandbox clock and publishes it on the event bus (operation event first, then the flow event if the flow
 * status changed, §11.4 [SIM]).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError, UUID_RE } from '../controls';
import type { SandboxClock } from '../clock';
import type { ZertibanEventBus } from '../events';
import {
	SEED_CONFIGURATIONS,
	SEED_CREDITOR_ACCOUNTS,
	SEED_OPERATIONS,
	type OperationStatus,
	type ZertibanConfigurationSummary,
	type ZertibanCreditorAccount,
	type ZertibanOperation,
} from '../seed';

/** Flow statuses (zertiban.md §10.3, plus `PARTIALLY` from §12). */
export const FLOW_STATUSES = [
	'CREATED',
	'IN_PROGRESS',
	'COMPLETED',
	'PARTIALLY',
	'REJECTED',
	'EXPIRED',
	'CANCELLED',
] as const;
/** One flow status. */
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** One status-history entry (zertiban.md §6.4, §7.4); `changedAt` ISO 8601 UTC. */
export interface StatusChange {
	previousStatus: string;
	newStatus: string;
	changedAt: string;
}

/** A stored operation with the sandbox's bookkeeping (none of it appears in API responses except `operation`). */
export interface OperationRecord {
	tenantUuid: string;
	/** ISO 8601, time of the last status change (`sort_by=statusUpdatedAt`, `q_…StatusUpdatedAt`) */
	statusUpdatedAt: string;
	operation: ZertibanOperation;
	/** oldest first */
	history: StatusChange[];
	/** OPENED while the payer authorises at the bank: cancel answers 409 (§7.5, §10.2) */
	pendingTransaction: boolean;
	/** whether the operation was ever OPENED (drives flow `IN_PROGRESS`) */
	everOpened: boolean;
	/** created through the API: expires by the sandbox clock ([SIM] seeded operations are frozen history) */
	autoExpire: boolean;
	/** opaque token of the payer URL `/link-validator/v1/links/{token}` */
	linkToken: string;
}

/** A flow as `GET /flow/v1/flows/{uuid}` returns it, minus the operation summaries (added on read). */
export interface ZertibanFlow {
	uuid: string;
	status: FlowStatus;
	externalId?: string;
	countryCode: string;
	languageCode: string;
	additionalLanguageCode?: string;
	channel: 'API';
	createdAt: string;
	labels: Array<{ name: string; value: string }>;
}

/** A stored flow and its bookkeeping. */
export interface FlowRecord {
	tenantUuid: string;
	statusUpdatedAt: string;
	flow: ZertibanFlow;
	operationUuids: string[];
	/** oldest first */
	history: StatusChange[];
}

/** A stored payment document (served by `…/payment-documents/{uuid}/content`, §7.6). */
export interface StoredDocument {
	uuid: string;
	tenantUuid: string;
	operationUuids: string[];
	name: string;
	type: string;
	fileName: string;
	mimeType: string;
	bytes: Buffer;
}

/** A stored configuration: summary fields plus language, default expiry and the payer redirections (§9.2, §12). */
export interface ConfigurationRecord {
	tenantUuid: string;
	language: 'es' | 'en';
	expirationOffset: string;
	createdAt: string;
	summary: ZertibanConfigurationSummary;
	callbackUrl?: string;
	returnUrl?: string;
}

/** Allowed source statuses of each target status (zertiban.md §10.2). */
export const ALLOWED_FROM: Record<Exclude<OperationStatus, 'CREATED'>, readonly OperationStatus[]> = {
	OPENED: ['CREATED'],
	COMPLETED: ['OPENED'],
	REJECTED: ['OPENED'],
	EXPIRED: ['CREATED', 'OPENED'],
	CANCELLED: ['CREATED', 'OPENED'],
	NOT_DELIVERED: ['CREATED'],
};

/** Final operation statuses (§10.1). */
export const FINAL_STATUSES: readonly OperationStatus[] = ['COMPLETED', 'REJECTED', 'EXPIRED', 'CANCELLED', 'NOT_DELIVERED'];

/** ISO 8601 UTC to the second, as the vendor examples write it (`2026-04-01T09:20:00Z`). */
export function isoSeconds(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The flow outcome an operation's final status stands for ([SIM]: `NOT_DELIVERED` → `CANCELLED`, §16 Q17). */
const OUTCOME: Record<string, FlowStatus> = {
	COMPLETED: 'COMPLETED',
	REJECTED: 'REJECTED',
	EXPIRED: 'EXPIRED',
	CANCELLED: 'CANCELLED',
	NOT_DELIVERED: 'CANCELLED',
};

/**
 * Flow status from its operations (§10.3 [SIM]): all final → the common outcome, or `PARTIALLY` when outcomes
 * differ and some completed (§12), else the outcome of `lastFinished`; not all final → `IN_PROGRESS` once any
 * operation was opened, else `CREATED`.
 */
export function aggregateFlowStatus(ops: OperationRecord[], lastFinished?: OperationRecord): FlowStatus {
	if (ops.every((r) => FINAL_STATUSES.includes(r.operation.status))) {
		const outcomes = new Set(ops.map((r) => OUTCOME[r.operation.status]));
		if (outcomes.size === 1) return [...outcomes][0];
		if (outcomes.has('COMPLETED')) return 'PARTIALLY';
		return OUTCOME[(lastFinished ?? ops[ops.length - 1]).operation.status];
	}
	return ops.some((r) => r.everOpened) ? 'IN_PROGRESS' : 'CREATED';
}

/** A small valid one-page PDF showing `lines` (sandbox documents; written, never parsed). */
export function simplePdf(lines: string[]): Buffer {
	const esc = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/([\\()])/g, '\\$1');
	const text = lines.map((l, i) => `BT /F1 12 Tf 50 ${780 - i * 18} Td (${esc(l)}) Tj ET`).join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let body = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((o, i) => {
		offsets.push(Buffer.byteLength(body));
		body += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = Buffer.byteLength(body);
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(body, 'latin1');
}

/** Builds the PSD2 payment record of a completed operation (zertiban.md §8, §15.2). */
function paymentRecord(op: ZertibanOperation, account: ZertibanCreditorAccount | undefined, at: string) {
	const p = op.payment;
	return {
		uuid: p.paymentUuid,
		type: 'PSD2_PAYMENT',
		psd2Payment: {
			type: p.psd2Payment.type,
			product: p.psd2Payment.product,
			uuid: randomUUID(),
			status: { status: 'SUBMITTED_VALID', code: 'CREATED' },
			instructedAmount: { amount: p.amount, currency: p.currency },
			remittanceInformationUnstructured: p.concept ?? '',
			executionDate: at,
			...(p.psd2Payment.requestedExecutionDate ? { requestedExecutionDate: p.psd2Payment.requestedExecutionDate } : {}),
			bankPaymentId: `sandbox-${randomBytes(6).toString('hex')}`,
			creditorAccount: {
				ownerName: 'Sandbox Business SL',
				accountNumber: account?.accountNumber ?? 'ES70****************9679',
				bic: 'BSABESBBXXX',
				country: 'España',
				type: 'IBAN',
			},
			debtorAccount: {
				accountNumber: 'ES91 2100 0418 4502 0005 1332',
				type: 'IBAN',
				currency: p.currency,
				psuName: p.subject?.name ?? 'Sandbox Payer',
				ownerName: [p.subject?.name, p.subject?.lastName].filter(Boolean).join(' ') || 'Sandbox Payer',
				bic: 'CAIXESBBXXX',
				participants: [],
			},
		},
	};
}

/** Options of {@link ZertibanState}. */
export interface StateOptions {
	clock: SandboxClock;
	events: ZertibanEventBus;
}

/** The whole mutable Zertiban sandbox state of one app; `reset()` restores the seed. */
export class ZertibanState {
	operations = new Map<string, OperationRecord>();
	flows = new Map<string, FlowRecord>();
	documents = new Map<string, StoredDocument>();
	payments = new Map<string, ReturnType<typeof paymentRecord>>();
	accounts: Array<{ tenantUuid: string; account: ZertibanCreditorAccount }> = [];
	configurations: ConfigurationRecord[] = [];
	/** links `/link-validator/v1/links/{token}` → operation uuid */
	links = new Map<string, string>();

	constructor(private readonly options: StateOptions) {
		this.reset();
	}

	/** Current sandbox time, ISO 8601 to the second. */
	nowIso(): string {
		return isoSeconds(this.options.clock.now());
	}

	/** Restores the seed: operations, the flows they name, their documents and payments, accounts, configurations. */
	reset(): void {
		this.operations = new Map();
		this.flows = new Map();
		this.documents = new Map();
		this.payments = new Map();
		this.links = new Map();
		this.accounts = structuredClone([...SEED_CREDITOR_ACCOUNTS]);
		this.configurations = structuredClone([...SEED_CONFIGURATIONS]);
		for (const seed of structuredClone([...SEED_OPERATIONS])) {
			const op = seed.operation;
			const history: StatusChange[] = [{ previousStatus: 'CREATED', newStatus: 'CREATED', changedAt: op.createdAt }];
			if (op.status !== 'CREATED') {
				const opened = op.status !== 'NOT_DELIVERED';
				if (opened && op.status !== 'OPENED') {
					history.push({ previousStatus: 'CREATED', newStatus: 'OPENED', changedAt: seed.statusUpdatedAt });
				}
				history.push({
					previousStatus: opened && op.status !== 'OPENED' ? 'OPENED' : 'CREATED',
					newStatus: op.status,
					changedAt: seed.statusUpdatedAt,
				});
			}
			const record: OperationRecord = {
				tenantUuid: seed.tenantUuid,
				statusUpdatedAt: seed.statusUpdatedAt,
				operation: op,
				history,
				pendingTransaction: false,
				everOpened: !['CREATED', 'NOT_DELIVERED'].includes(op.status),
				autoExpire: false,
				linkToken: randomBytes(24).toString('base64url'),
			};
			this.operations.set(op.uuid, record);
			this.links.set(record.linkToken, op.uuid);
			for (const doc of op.payment.documents ?? []) {
				this.documents.set(doc.uuid, {
					uuid: doc.uuid,
					tenantUuid: seed.tenantUuid,
					operationUuids: [op.uuid],
					name: doc.name,
					type: doc.type,
					fileName: `${doc.name.replace(/[^\w.-]+/g, '-')}.pdf`,
					mimeType: 'application/pdf',
					bytes: simplePdf([doc.name, `Operation ${op.externalId ?? op.uuid}`]),
				});
			}
			if (op.status === 'COMPLETED') {
				this.payments.set(op.payment.paymentUuid, paymentRecord(op, this.accountOf(op), seed.statusUpdatedAt));
			}
			const flow = this.flows.get(op.flowUuid);
			if (flow) {
				flow.operationUuids.push(op.uuid);
			} else {
				this.flows.set(op.flowUuid, {
					tenantUuid: seed.tenantUuid,
					statusUpdatedAt: op.createdAt,
					flow: {
						uuid: op.flowUuid,
						status: 'CREATED',
						externalId: `FLOW-${op.externalId}`,
						countryCode: 'ES',
						languageCode: 'es',
						channel: 'API',
						createdAt: op.createdAt,
						labels: op.invoice ? [{ name: 'product', value: 'pagafactu' }] : [],
					},
					operationUuids: [op.uuid],
					history: [{ previousStatus: 'CREATED', newStatus: 'CREATED', changedAt: op.createdAt }],
				});
			}
		}
		for (const flow of this.flows.values()) {
			const ops = this.opsOf(flow);
			const status = aggregateFlowStatus(ops);
			if (status !== 'CREATED') {
				const changedAt = ops.map((r) => r.statusUpdatedAt).sort().at(-1) ?? flow.flow.createdAt;
				flow.history.push({ previousStatus: 'CREATED', newStatus: status, changedAt });
				flow.flow.status = status;
				flow.statusUpdatedAt = changedAt;
			}
		}
	}

	/** The operations of a flow, in creation order. */
	opsOf(flow: FlowRecord): OperationRecord[] {
		return flow.operationUuids.map((uuid) => this.operations.get(uuid)).filter((r): r is OperationRecord => !!r);
	}

	/** The tenant's creditor account an operation pays into, if it exists. */
	accountOf(op: ZertibanOperation): ZertibanCreditorAccount | undefined {
		return this.accounts.find((a) => a.account.uuid === op.payment.psd2Payment.creditorAccount.uuid)?.account;
	}

	/** A tenant's record by uuid from `map`: 400 when the uuid is malformed, 404 when unknown or another tenant's (§5). */
	find<T extends { tenantUuid: string }>(map: Map<string, T>, tenant: string, uuid: string, what: string): T {
		if (!UUID_RE.test(uuid)) throw new ApiError(400, `The ${what} uuid in the path must be a UUID`);
		const record = map.get(uuid.toLowerCase());
		if (!record || record.tenantUuid !== tenant) throw new ApiError(404, `${what} ${uuid} not found`);
		return record;
	}

	/** Expires every API-created CREATED/OPENED operation whose `expiresAt` has passed on the sandbox clock. */
	sweepExpired(): void {
		const now = this.options.clock.now();
		for (const record of this.operations.values()) {
			const { status, expiresAt } = record.operation;
			if (record.autoExpire && (status === 'CREATED' || status === 'OPENED') && Date.parse(expiresAt) <= now) {
				this.transition(record, 'EXPIRED');
			}
		}
	}

	/**
	 * Moves an operation to `to` (zertiban.md §10.2): 409 when `to` is not reachable from the current status.
	 * Stamps `statusUpdatedAt` and both histories with the sandbox clock, clears the pending-transaction flag,
	 * creates the payment record on COMPLETED, recomputes the flow, and emits `OPERATION_<to>` then, if the flow
	 * status changed, `FLOW_<status>`.
	 */
	transition(record: OperationRecord, to: Exclude<OperationStatus, 'CREATED'>): void {
		const from = record.operation.status;
		if (!ALLOWED_FROM[to].includes(from)) {
			throw new ApiError(409, `Operation is in status ${from}; it cannot become ${to}`, { currentStatus: from });
		}
		const at = this.options.clock.now();
		const changedAt = isoSeconds(at);
		record.operation.status = to;
		record.statusUpdatedAt = changedAt;
		record.history.push({ previousStatus: from, newStatus: to, changedAt });
		record.pendingTransaction = false;
		if (to === 'OPENED') record.everOpened = true;
		if (to === 'COMPLETED') {
			const op = record.operation;
			this.payments.set(op.payment.paymentUuid, paymentRecord(op, this.accountOf(op), changedAt));
		}
		const { uuid, externalId, flowUuid } = record.operation;
		this.options.events.emit({
			eventType: `OPERATION_${to}`,
			resource: { uuid, ...(externalId === undefined ? {} : { externalId }), status: to, flowUuid },
			at,
		});
		const flow = this.flows.get(flowUuid);
		if (!flow) return;
		const status = aggregateFlowStatus(this.opsOf(flow), record);
		if (status === flow.flow.status) return;
		flow.history.push({ previousStatus: flow.flow.status, newStatus: status, changedAt });
		flow.flow.status = status;
		flow.statusUpdatedAt = changedAt;
		this.options.events.emit({
			eventType: `FLOW_${status}`,
			resource: {
				uuid: flow.flow.uuid,
				...(flow.flow.externalId === undefined ? {} : { externalId: flow.flow.externalId }),
				status,
			},
			at,
		});
	}

	/** The flow detail of §6.3: flow fields plus `paymentOperations` summaries and (empty) `signatureOperations`. */
	flowView(flow: FlowRecord) {
		return {
			...flow.flow,
			paymentOperations: this.opsOf(flow).map((r) => ({
				uuid: r.operation.uuid,
				...(r.operation.externalId === undefined ? {} : { externalId: r.operation.externalId }),
				status: r.operation.status,
				statusUpdatedAt: r.statusUpdatedAt,
				expiresAt: r.operation.expiresAt,
				amount: r.operation.payment.amount,
				currency: r.operation.payment.currency,
			})),
			signatureOperations: [],
		};
	}
}
