import { randomBytes } from 'node:crypto';

/** One part of a `multipart/form-data` body: a JSON value, or bytes with a file name and a MIME type. */
export type MultipartPart =
	| { name: string; json: unknown }
	| { name: string; data: Buffer; fileName: string; mimeType: string };

const quoted = (s: string) => s.replace(/["\\\r\n]/g, '_');

/**
 * Encodes `multipart/form-data` (RFC 7578). JSON parts go out with `Content-Type: application/json` — Zertiban
 * answers 400 for a `payload` part of any other type (docs/zertiban.md §4.1, §6.1) — and file parts with their MIME
 * type and file name. Returns the body and the `Content-Type` header value with its boundary.
 */
export function encodeMultipart(parts: MultipartPart[]): { body: Buffer; contentType: string } {
	const boundary = `----n8nZertiban${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	for (const part of parts) {
		const head =
			'json' in part
				? `Content-Disposition: form-data; name="${quoted(part.name)}"\r\nContent-Type: application/json\r\n`
				: `Content-Disposition: form-data; name="${quoted(part.name)}"; filename="${quoted(part.fileName)}"\r\n` +
					`Content-Type: ${part.mimeType}\r\n`;
		chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`, 'utf8'));
		chunks.push('json' in part ? Buffer.from(JSON.stringify(part.json), 'utf8') : part.data);
		chunks.push(Buffer.from('\r\n', 'utf8'));
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
