/**
 * Flow creation (zertiban.md §6.1) and PagaFactu creation (§13.2): multipart with a `payload` part that must be
 * `application/json` (else 400, [D]) and PDF parts bound by name to `documents[].id` (generic) or
 * `operations[].invoice.id` (PagaFactu). Every other validation failure is a 400 naming the field ([SIM]).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { ApiError, UUID_RE } from '../controls';
import type { ZertibanOperation } from '../seed';
import { originOf, type ZertibanContext } from './context';
import { isoSeconds, simplePdf, type FlowRecord, type OperationRecord, type StoredDocument } from './state';

/** Most PDF documents on one generic create (§6.1, §14). */
export const MAX_DOCUMENTS = 10;
/** Largest PagaFactu invoice PDF, bytes (§13.2: 8 MB). */
export const MAX_INVOICE_PDF_BYTES = 8 * 1024 * 1024;

/** One uploaded file part. */
interface FilePart {
	fileName: string;
	mimeType: string;
	bytes: Buffer;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);
const bad = (message: string) => new ApiError(400, message);

/**
 * Reads the multipart body: the parsed `payload` JSON and the file parts by part name. 400 when the request is
 * not multipart, `payload` is missing, repeated, not `application/json` or not a JSON object, or a part name
 * repeats.
 */
async function readMultipart(request: FastifyRequest): Promise<{ payload: Json; files: Map<string, FilePart> }> {
	if (!request.isMultipart()) throw bad('The request must be multipart/form-data with a payload part');
	let payload: unknown;
	let seenPayload = false;
	const files = new Map<string, FilePart>();
	for await (const part of request.parts()) {
		if (part.fieldname === 'payload') {
			if (seenPayload) throw bad('The payload part must be sent once');
			seenPayload = true;
			const mime = part.mimetype.split(';')[0].trim().toLowerCase();
			if (mime !== 'application/json') {
				if (part.type === 'file') await part.toBuffer();
				throw bad(`The payload part must have Content-Type application/json, not ${part.mimetype}`);
			}
			if (part.type === 'field') {
				payload = part.value;
			} else {
				try {
					payload = JSON.parse((await part.toBuffer()).toString('utf8'));
				} catch {
					throw bad('The payload part is not valid JSON');
				}
			}
		} else if (part.type === 'file') {
			if (files.has(part.fieldname)) throw bad(`The part ${part.fieldname} is sent more than once`);
			files.set(part.fieldname, { fileName: part.filename, mimeType: part.mimetype, bytes: await part.toBuffer() });
		} else {
			throw bad(`Unexpected form field ${part.fieldname}: send documents as file parts`);
		}
	}
	if (!seenPayload) throw bad('The payload part is required');
	if (!isObject(payload)) throw bad('The payload part must be a JSON object');
	return { payload, files };
}

function optionalString(obj: Json, key: string, path: string): string | undefined {
	const v = obj[key];
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string' || v.trim() === '') throw bad(`${path}${key} must be a non-empty string`);
	return v;
}

function checkPdf(part: FilePart, name: string): void {
	if (part.bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw bad(`The part ${name} (${part.fileName}) is not a PDF document`);
	}
}

interface OperationDraft {
	record: OperationRecord;
	/** ids of the `documents[]` this operation references (generic create) */
	documentIds?: string[];
	/** local id echoed back (generic create) */
	id?: string;
}

/**
 * Validates one operation of a create payload and builds its record (status CREATED, `expiresAt` = createdAt +
 * `expirationOffset`, default configuration and account when omitted; both must be the tenant's and ACTIVE).
 */
function draftOperation(
	ctx: ZertibanContext,
	tenant: string,
	raw: unknown,
	index: number,
	flowUuid: string,
	generic: boolean,
): OperationDraft {
	const path = `operations[${index}].`;
	if (!isObject(raw)) throw bad(`operations[${index}] must be an object`);
	const { state, settings } = ctx;
	const id = optionalString(raw, 'id', path);
	if (generic) {
		if (id === undefined) throw bad(`${path}id is required`);
		if (raw.type !== 'PAYMENT') throw bad(`${path}type must be PAYMENT`);
	}
	const externalId = optionalString(raw, 'externalId', path);

	const configUuid = optionalString(raw, 'configuration', path);
	if (configUuid !== undefined && !UUID_RE.test(configUuid)) throw bad(`${path}configuration must be a UUID`);
	const config = state.configurations.find(
		(c) =>
			c.tenantUuid === tenant &&
			(configUuid === undefined ? c.summary.isDefault : c.summary.uuid === configUuid.toLowerCase()),
	);
	if (!config) throw bad(`${path}configuration ${configUuid ?? '(default)'} does not exist for this business`);
	if (config.summary.status !== 'ACTIVE') throw bad(`${path}configuration ${config.summary.uuid} is not ACTIVE`);

	const offset = optionalString(raw, 'expirationOffset', path) ?? config.expirationOffset;
	const days = /^P(\d{1,3})D$/.exec(offset);
	if (!days || Number(days[1]) < 1 || Number(days[1]) > 156) {
		throw bad(`${path}expirationOffset must be an ISO 8601 period of 1 to 156 days (P1D…P156D)`);
	}

	const payment = raw.payment;
	if (!isObject(payment)) throw bad(`${path}payment is required`);
	const pp = `${path}payment.`;
	const amount = payment.amount;
	if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) {
		throw bad(`${pp}amount must be a positive integer in cents`);
	}
	if (settings.amountCapCents !== null && amount > settings.amountCapCents) {
		throw bad(
			`${pp}amount ${amount} exceeds the sandbox limit of ${settings.amountCapCents} cents per payment initiation`,
		);
	}
	if (typeof payment.currency !== 'string' || !/^[A-Z]{3}$/.test(payment.currency)) {
		throw bad(`${pp}currency must be an ISO 4217 code such as EUR`);
	}
	const types = Array.isArray(payment.types) ? payment.types.flat() : [];
	if (!types.includes('PSD2_PAYMENT')) throw bad(`${pp}types must be ["PSD2_PAYMENT"]`);
	const psd2 = payment.psd2Payment;
	if (!isObject(psd2)) throw bad(`${pp}psd2Payment is required`);
	if (psd2.type !== 'SINGLE_PAYMENT' && psd2.type !== 'FUTURE_PAYMENT') {
		throw bad(`${pp}psd2Payment.type must be SINGLE_PAYMENT or FUTURE_PAYMENT`);
	}
	if (psd2.product !== 'SEPA_CREDIT_TRANSFER' && psd2.product !== 'INSTANT_SEPA_CREDIT_TRANSFER') {
		throw bad(`${pp}psd2Payment.product must be SEPA_CREDIT_TRANSFER or INSTANT_SEPA_CREDIT_TRANSFER`);
	}
	const date = psd2.requestedExecutionDate;
	const now = state.nowIso();
	if (psd2.type === 'FUTURE_PAYMENT') {
		if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
			throw bad(`${pp}psd2Payment.requestedExecutionDate (YYYY-MM-DD) is required for FUTURE_PAYMENT`);
		}
		if (date <= now.slice(0, 10)) {
			throw bad(`${pp}psd2Payment.requestedExecutionDate must be at least one day after ${now.slice(0, 10)}`);
		}
	} else if (date !== undefined) {
		throw bad(`${pp}psd2Payment.requestedExecutionDate is only allowed for FUTURE_PAYMENT`);
	}
	const accountRef = psd2.creditorAccount;
	let accountUuid: string | undefined;
	if (accountRef !== undefined) {
		if (!isObject(accountRef) || typeof accountRef.uuid !== 'string' || !UUID_RE.test(accountRef.uuid)) {
			throw bad(`${pp}psd2Payment.creditorAccount.uuid must be a UUID`);
		}
		accountUuid = accountRef.uuid.toLowerCase();
	}
	const account = state.accounts.find(
		(a) => a.tenantUuid === tenant && (accountUuid === undefined ? a.account.isDefault : a.account.uuid === accountUuid),
	);
	if (!account) throw bad(`${pp}psd2Payment.creditorAccount ${accountUuid ?? '(default)'} does not exist for this business`);
	if (account.account.status !== 'ACTIVE') throw bad(`${pp}psd2Payment.creditorAccount ${account.account.uuid} is not ACTIVE`);

	const concept = optionalString(payment, 'concept', pp);
	const debtor = payment.debtor;
	if (debtor !== undefined && !isObject(debtor)) throw bad(`${pp}debtor must be an object`);
	const subject = debtor
		? {
				...(optionalString(debtor, 'name', `${pp}debtor.`) ? { name: debtor.name as string } : {}),
				...(optionalString(debtor, 'lastName', `${pp}debtor.`) ? { lastName: debtor.lastName as string } : {}),
				...(optionalString(debtor, 'email', `${pp}debtor.`) ? { email: debtor.email as string } : {}),
			}
		: undefined;
	if (subject?.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(subject.email)) {
		throw bad(`${pp}debtor.email must be an e-mail address`);
	}

	let documentIds: string[] | undefined;
	if (raw.documents !== undefined) {
		if (!Array.isArray(raw.documents)) throw bad(`${path}documents must be an array of document ids`);
		documentIds = raw.documents.map((d, i) => {
			const docId = isObject(d) ? d.id : d;
			if (typeof docId !== 'string' || docId === '') throw bad(`${path}documents[${i}] must be a document id`);
			return docId;
		});
	}

	const createdMs = Date.parse(now);
	const operation: ZertibanOperation = {
		uuid: randomUUID(),
		...(externalId === undefined ? {} : { externalId }),
		configurationUuid: config.summary.uuid,
		status: 'CREATED',
		type: 'PAYMENT',
		expirationOffset: offset,
		expiresAt: isoSeconds(createdMs + Number(days[1]) * 86_400_000),
		createdAt: now,
		flowUuid,
		synchronous: true,
		payment: {
			paymentUuid: randomUUID(),
			amount,
			currency: payment.currency,
			types: [['PSD2_PAYMENT']],
			psd2Payment: {
				type: psd2.type,
				product: psd2.product,
				...(typeof date === 'string' ? { requestedExecutionDate: date } : {}),
				creditorAccount: { uuid: account.account.uuid },
			},
			...(concept === undefined ? {} : { concept }),
			...(subject ? { subject } : {}),
		},
	};
	const record: OperationRecord = {
		tenantUuid: tenant,
		statusUpdatedAt: now,
		operation,
		history: [{ previousStatus: 'CREATED', newStatus: 'CREATED', changedAt: now }],
		pendingTransaction: false,
		everOpened: false,
		autoExpire: true,
		linkToken: randomBytes(24).toString('base64url'),
	};
	return { record, documentIds, id };
}

/** Validates the payload root (§6.1): `countryCode`, `additionalLanguage`, `labels`, non-empty `operations`. */
function draftFlow(tenant: string, payload: Json, now: string, extraLabels: FlowRecord['flow']['labels']): FlowRecord {
	const externalId = optionalString(payload, 'externalId', '');
	if (typeof payload.countryCode !== 'string' || !/^[A-Z]{2}$/.test(payload.countryCode)) {
		throw bad('countryCode is required: an ISO 3166-1 alpha-2 code such as ES');
	}
	const additional = optionalString(payload, 'additionalLanguage', '');
	if (additional !== undefined && !/^[a-z]{2}$/.test(additional)) {
		throw bad('additionalLanguage must be an ISO 639-1 code such as en');
	}
	const labels = payload.labels ?? [];
	if (
		!Array.isArray(labels) ||
		!labels.every((l) => isObject(l) && typeof l.name === 'string' && typeof l.value === 'string')
	) {
		throw bad('labels must be an array of {name, value} strings');
	}
	if (!Array.isArray(payload.operations) || payload.operations.length === 0) {
		throw bad('operations must be a non-empty array');
	}
	return {
		tenantUuid: tenant,
		statusUpdatedAt: now,
		flow: {
			uuid: randomUUID(),
			status: 'CREATED',
			...(externalId === undefined ? {} : { externalId }),
			countryCode: payload.countryCode,
			languageCode: 'es',
			...(additional === undefined ? {} : { additionalLanguageCode: additional }),
			channel: 'API',
			createdAt: now,
			labels: [...(labels as FlowRecord['flow']['labels']), ...extraLabels],
		},
		operationUuids: [],
		history: [{ previousStatus: 'CREATED', newStatus: 'CREATED', changedAt: now }],
	};
}

/** Stores a validated flow with its operations and documents; the flow's language is its first configuration's. */
function store(ctx: ZertibanContext, flow: FlowRecord, drafts: OperationDraft[], docs: StoredDocument[]): void {
	const { state } = ctx;
	const firstConfig = state.configurations.find((c) => c.summary.uuid === drafts[0].record.operation.configurationUuid);
	flow.flow.languageCode = firstConfig?.language ?? 'es';
	for (const draft of drafts) {
		const op = draft.record.operation;
		flow.operationUuids.push(op.uuid);
		state.operations.set(op.uuid, draft.record);
		state.links.set(draft.record.linkToken, op.uuid);
	}
	for (const doc of docs) state.documents.set(doc.uuid, doc);
	state.flows.set(flow.flow.uuid, flow);
}

/**
 * Sends the 201 unless a drop is armed: then, the flow being stored, the connection is destroyed (`dropAnswer`
 * `none`) or a 201 with an HTML body is sent (`html`, as a misbehaving proxy might).
 */
function answerCreated(ctx: ZertibanContext, reply: FastifyReply, body: unknown) {
	if (ctx.settings.dropNextCreates > 0) {
		ctx.settings.dropNextCreates--;
		if (ctx.settings.dropAnswer === 'html') return reply.code(201).type('text/html').send('<html><body>Created</body></html>');
		reply.hijack();
		reply.raw.socket?.destroy();
		return;
	}
	return reply.code(201).send(body);
}

/** The payer URL of an operation ([SIM] `{base}/link-validator/v1/links/{opaque}`, §6.1). */
export function payerUrl(request: FastifyRequest, record: OperationRecord): string {
	return `${originOf(request)}/link-validator/v1/links/${record.linkToken}`;
}

/**
 * Registers `POST /flow/v1/flows` and `POST /pagafactu/v1/flows/pagafactu` in their own scope (the multipart
 * parser is only installed there).
 */
export function registerCreateRoutes(app: FastifyInstance, ctx: ZertibanContext): void {
	app.register(async (scope) => {
		await scope.register(multipart, {
			limits: { fileSize: MAX_INVOICE_PDF_BYTES + 1, files: MAX_DOCUMENTS + 5, fields: 5, fieldSize: 1024 * 1024 },
		});

		scope.post('/flow/v1/flows', async (request, reply) => {
			const tenant = ctx.authenticate(request);
			const { payload, files } = await readMultipart(request);
			const now = ctx.state.nowIso();
			const flow = draftFlow(tenant, payload, now, []);
			const ops = (payload.operations as unknown[]).map((raw, i) =>
				draftOperation(ctx, tenant, raw, i, flow.flow.uuid, true),
			);
			const ids = new Set<string>();
			for (const [i, d] of ops.entries()) {
				if (ids.has(d.id as string)) throw bad(`operations[${i}].id ${d.id} is not unique`);
				ids.add(d.id as string);
			}
			const rawDocs = payload.documents ?? [];
			if (!Array.isArray(rawDocs)) throw bad('documents must be an array');
			if (rawDocs.length > MAX_DOCUMENTS) throw bad(`At most ${MAX_DOCUMENTS} documents are allowed per flow`);
			if (files.size > MAX_DOCUMENTS) throw bad(`At most ${MAX_DOCUMENTS} document files are allowed per flow`);
			const docs = new Map<string, StoredDocument>();
			rawDocs.forEach((raw, i) => {
				if (!isObject(raw) || typeof raw.id !== 'string' || raw.id === '') throw bad(`documents[${i}].id is required`);
				if (docs.has(raw.id)) throw bad(`documents[${i}].id ${raw.id} is not unique`);
				const file = files.get(raw.id);
				if (!file) throw bad(`documents[${i}] (id ${raw.id}) has no file part named ${raw.id}`);
				checkPdf(file, raw.id);
				const name = optionalString(raw, 'name', `documents[${i}].`) ?? file.fileName ?? raw.id;
				docs.set(raw.id, {
					uuid: randomUUID(),
					tenantUuid: tenant,
					operationUuids: [],
					name,
					type: optionalString(raw, 'type', `documents[${i}].`) ?? 'INVOICE',
					fileName: file.fileName || `${raw.id}.pdf`,
					mimeType: file.mimeType || 'application/pdf',
					bytes: file.bytes,
				});
			});
			for (const name of files.keys()) {
				if (!docs.has(name)) throw bad(`The file part ${name} matches no documents[].id`);
			}
			for (const [i, d] of ops.entries()) {
				const wanted = d.documentIds ?? [...docs.keys()];
				const op = d.record.operation;
				for (const docId of wanted) {
					const doc = docs.get(docId);
					if (!doc) throw bad(`operations[${i}].documents names ${docId}, which is not in documents[]`);
					doc.operationUuids.push(op.uuid);
					(op.payment.documents ??= []).push({ uuid: doc.uuid, type: doc.type, name: doc.name });
				}
			}
			store(ctx, flow, ops, [...docs.values()]);
			return answerCreated(ctx, reply, {
				uuid: flow.flow.uuid,
				...(flow.flow.externalId === undefined ? {} : { externalId: flow.flow.externalId }),
				createdAt: now,
				operations: ops.map((d) => ({
					uuid: d.record.operation.uuid,
					...(d.record.operation.externalId === undefined ? {} : { externalId: d.record.operation.externalId }),
					id: d.id,
					url: payerUrl(request, d.record),
					payment: { types: [['PSD2_PAYMENT']] },
				})),
			});
		});

		scope.post('/pagafactu/v1/flows/pagafactu', async (request, reply) => {
			const tenant = ctx.authenticate(request);
			const { payload, files } = await readMultipart(request);
			const now = ctx.state.nowIso();
			const flow = draftFlow(tenant, payload, now, [{ name: 'product', value: 'pagafactu' }]);
			const rawOps = payload.operations as unknown[];
			if (rawOps.length !== 1) throw bad('A PagaFactu flow holds exactly one operation');
			const draft = draftOperation(ctx, tenant, rawOps[0], 0, flow.flow.uuid, false);
			const invoice = (rawOps[0] as Json).invoice;
			if (!isObject(invoice)) throw bad('operations[0].invoice is required');
			const ip = 'operations[0].invoice.';
			const invoiceExternalId = optionalString(invoice, 'externalId', ip);
			const invoiceName = optionalString(invoice, 'name', ip);
			const partName = optionalString(invoice, 'id', ip);
			const dueDate = optionalString(invoice, 'dueDate', ip);
			if (dueDate !== undefined && Number.isNaN(Date.parse(dueDate))) throw bad(`${ip}dueDate must be an ISO 8601 date`);
			const generate = invoice.generateDocument ?? false;
			if (typeof generate !== 'boolean') throw bad(`${ip}generateDocument must be true or false`);
			for (const name of files.keys()) {
				if (name !== partName) throw bad(`The file part ${name} does not match operations[0].invoice.id`);
			}
			const op = draft.record.operation;
			op.invoice = {
				...(invoiceExternalId === undefined ? {} : { externalId: invoiceExternalId }),
				...(dueDate === undefined ? {} : { dueDate }),
				collectedAmount: { amount: 0, currency: op.payment.currency },
			};
			let document: Buffer | undefined;
			const docs: StoredDocument[] = [];
			if (generate) {
				const own = partName === undefined ? undefined : files.get(partName);
				if (own) {
					checkPdf(own, partName as string);
					if (own.bytes.length > MAX_INVOICE_PDF_BYTES) throw bad(`The invoice PDF exceeds 8 MB`);
				}
				// [SIM] an own PDF comes back unchanged: the sandbox does not append the QR page.
				document =
					own?.bytes ??
					simplePdf([
						invoiceName ?? 'Invoice',
						`Amount: ${(op.payment.amount / 100).toFixed(2)} ${op.payment.currency}`,
						`Pay at: ${payerUrl(request, draft.record)}`,
					]);
				const name = invoiceName ?? invoiceExternalId ?? 'Invoice';
				const doc: StoredDocument = {
					uuid: randomUUID(),
					tenantUuid: tenant,
					operationUuids: [op.uuid],
					name,
					type: 'INVOICE',
					fileName: own?.fileName || 'invoice.pdf',
					mimeType: 'application/pdf',
					bytes: document,
				};
				docs.push(doc);
				op.payment.documents = [{ uuid: doc.uuid, type: doc.type, name: doc.name }];
			}
			store(ctx, flow, [draft], docs);
			return answerCreated(ctx, reply, {
				uuid: flow.flow.uuid,
				...(flow.flow.externalId === undefined ? {} : { externalId: flow.flow.externalId }),
				createdAt: now,
				operations: [
					{
						uuid: op.uuid,
						...(op.externalId === undefined ? {} : { externalId: op.externalId }),
						url: payerUrl(request, draft.record),
						...(document ? { document: document.toString('base64') } : {}),
					},
				],
			});
		});
	});
}
