/**
 * Flow creation (zertiban.md §6.1) and PagaFactu creation (§13.2): multipart with a `payload` part that must be
 * `application/json` (else 400, [D]) and PDF parts bound by name to `documents[].id` (generic) or
 * `operations[].invoice.id` (PagaFactu). Every other validation failure is a 400 naming the field ([SIM]).
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { originOf, type ZertibanContext } from './context';
import { bad, draftFlow, draftOperation, isObject, optionalString, type Json, type OperationDraft } from './draft';
import { checkPdf, readMultipart } from './multipart';
import { simplePdf, type FlowRecord, type OperationRecord, type StoredDocument } from './state';

/** Most PDF documents on one generic create (§6.1, §14). */
export const MAX_DOCUMENTS = 10;
/** Largest PagaFactu invoice PDF, bytes (§13.2: 8 MB). */
export const MAX_INVOICE_PDF_BYTES = 8 * 1024 * 1024;

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
