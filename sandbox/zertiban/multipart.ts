/**
 * The multipart body of the Zertiban create endpoints (zertiban.md §6.1, §13.2): a `payload` part that must be
 * `application/json` ([D]) and PDF file parts named by the payload.
 */
import type { FastifyRequest } from 'fastify';
import { bad, isObject, type Json } from './draft';

/** One uploaded file part. */
export interface FilePart {
	fileName: string;
	mimeType: string;
	bytes: Buffer;
}

/**
 * Reads the multipart body: the parsed `payload` JSON and the file parts by part name. 400 when the request is
 * not multipart, `payload` is missing, repeated, not `application/json` or not a JSON object, or a part name
 * repeats.
 */
export async function readMultipart(request: FastifyRequest): Promise<{ payload: Json; files: Map<string, FilePart> }> {
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

/** 400 unless the part starts with the PDF signature `%PDF-`. */
export function checkPdf(part: FilePart, name: string): void {
	if (part.bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
		throw bad(`The part ${name} (${part.fileName}) is not a PDF document`);
	}
}
