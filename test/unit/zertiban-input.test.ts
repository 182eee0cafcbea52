/** Zertiban input rules and wire helpers: day periods, cents, multipart encoding, download file names. */
import { Readable } from 'node:stream';

import busboy from '@fastify/busboy';

import { checkDayPeriod, checkPositiveCents } from '../../nodes/Zertiban/validators';
import { pdfProblem } from '../../nodes/Zertiban/actions/flow/pdf';
import { encodeMultipart, fileNameOf, outcomeUnknown } from '../../nodes/Zertiban/transport';

describe('checkDayPeriod (expirationOffset, docs/zertiban.md §4.2)', () => {
	it.each(['P1D', 'P7D', 'P156D'])('accepts %s', (value) => expect(checkDayPeriod(value)).toBeUndefined());
	it.each([
		['P0D', /outside P1D to P156D/],
		['P157D', /outside P1D to P156D/],
		['P1W', /period in days/],
		['PT24H', /period in days/],
		['7', /period in days/],
		['p7d', /period in days/],
		['', /period in days/],
	])('refuses %s', (value, reason) => expect(checkDayPeriod(value)).toMatch(reason));
});

describe('checkPositiveCents (payment.amount)', () => {
	it.each([1, 100, 176483])('accepts %s', (value) => expect(checkPositiveCents(value)).toBeUndefined());
	it.each([
		[0, /not positive/],
		[-5, /not positive/],
		[12.5, /whole number of cents/],
		[Number.NaN, /not a number/],
		['12' as unknown as number, /not a number/],
	])('refuses %s', (value, reason) => expect(checkPositiveCents(value)).toMatch(reason));
});

/** Parses a multipart body with busboy: fields and files with their headers as a server sees them. */
function parse(body: Buffer, contentType: string) {
	return new Promise<Array<{ name: string; type: string; fileName?: string; mimeType: string; data: Buffer }>>((done, fail) => {
		const parts: Array<{ name: string; type: string; fileName?: string; mimeType: string; data: Buffer }> = [];
		const parser = busboy({ headers: { 'content-type': contentType } });
		parser.on('field', (name, value, _nameTruncated, _valueTruncated, _encoding, mimeType) =>
			parts.push({ name, type: 'field', mimeType, data: Buffer.from(value) }),
		);
		parser.on('file', (name, stream, fileName, _encoding, mimeType) => {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => parts.push({ name, type: 'file', fileName, mimeType, data: Buffer.concat(chunks) }));
		});
		parser.on('finish', () => done(parts));
		parser.on('error', fail);
		Readable.from(body).pipe(parser);
	});
}

describe('encodeMultipart', () => {
	it('sends the payload part as application/json and files with their names, types and exact bytes', async () => {
		const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]);
		const { body, contentType } = encodeMultipart([
			{ name: 'payload', json: { externalId: 'Ñ-1', operations: [{ id: 'op-1' }] } },
			{ name: 'invoice', data: pdf, fileName: 'factura "1".pdf', mimeType: 'application/pdf' },
		]);
		expect(contentType).toMatch(/^multipart\/form-data; boundary=----n8nZertiban[0-9a-f]{24}$/);
		const parts = await parse(body, contentType);
		expect(parts.map(({ name, mimeType, fileName }) => ({ name, mimeType, fileName }))).toEqual([
			{ name: 'payload', mimeType: 'application/json', fileName: undefined },
			{ name: 'invoice', mimeType: 'application/pdf', fileName: 'factura _1_.pdf' },
		]);
		expect(JSON.parse(parts[0].data.toString('utf8'))).toEqual({ externalId: 'Ñ-1', operations: [{ id: 'op-1' }] });
		expect(parts[1].data.equals(pdf)).toBe(true);
	});
});

describe('fileNameOf (Content-Disposition)', () => {
	it.each([
		['attachment; filename="Factura 9911.pdf"', 'Factura 9911.pdf'],
		['attachment; filename=plain.pdf', 'plain.pdf'],
		["attachment; filename=\"x.pdf\"; filename*=UTF-8''Factura%20%C3%B1.pdf", 'Factura ñ.pdf'],
		[undefined, undefined],
		['inline', undefined],
	])('%s → %s', (header, name) => expect(fileNameOf(header)).toBe(name));
});

describe('outcomeUnknown (safe create)', () => {
	it('treats network errors, 408 and 5xx as "may have been created", other answers as definite', () => {
		expect(outcomeUnknown({ code: 'ECONNRESET', headers: {}, message: '' })).toBe(true);
		expect(outcomeUnknown({ status: 502, headers: {}, message: '' })).toBe(true);
		expect(outcomeUnknown({ status: 408, headers: {}, message: '' })).toBe(true);
		expect(outcomeUnknown({ status: 400, headers: {}, message: '' })).toBe(false);
		expect(outcomeUnknown({ status: 429, headers: {}, message: '' })).toBe(false);
		expect(outcomeUnknown({ headers: {}, message: 'credential could not get a token' })).toBe(false);
	});
});

describe('pdfProblem (prepare-time PDF check, no full read)', () => {
	const pdfBytes = Buffer.from('%PDF-1.7\n' + 'x'.repeat(5000), 'latin1');

	it('in-memory binary: size from bytes metadata, else from the Base64 length; magic from the first Base64 characters', async () => {
		const ctx = { helpers: {} } as never;
		const data = pdfBytes.toString('base64');
		expect(await pdfProblem(ctx, { data, mimeType: 'application/pdf' }, pdfBytes.length)).toBeUndefined();
		expect(await pdfProblem(ctx, { data, mimeType: 'application/pdf' }, pdfBytes.length - 1)).toMatch(`holds ${pdfBytes.length} bytes`);
		expect(await pdfProblem(ctx, { data, mimeType: 'application/pdf', bytes: 10 ** 9 }, 8 * 1024 * 1024)).toMatch(/holds 1000000000 bytes.*8 MB/);
		expect(await pdfProblem(ctx, { data: Buffer.from('<html>').toString('base64'), mimeType: 'application/pdf' })).toMatch(/does not hold a PDF/);
	});

	it('stored binary (filesystem/S3 mode): size from the store metadata, magic from the first stream chunk only', async () => {
		const chunks: number[] = [];
		const stream = Readable.from((function* () {
			for (let i = 0; i < 100; i++) {
				chunks.push(i);
				yield i === 0 ? pdfBytes.subarray(0, 64) : Buffer.alloc(64);
			}
		})());
		const ctx = {
			helpers: {
				getBinaryMetadata: async () => ({ fileSize: 6400 }),
				getBinaryStream: async () => stream,
			},
		} as never;
		expect(await pdfProblem(ctx, { id: 'filesystem-v2:abc', data: 'filesystem-v2', mimeType: 'application/pdf' }, 6400)).toBeUndefined();
		expect(chunks.length).toBeLessThan(100);
		expect(await pdfProblem(ctx, { id: 'filesystem-v2:abc', data: 'filesystem-v2', mimeType: 'application/pdf' }, 6399)).toMatch(/holds 6400 bytes/);
	});
});
