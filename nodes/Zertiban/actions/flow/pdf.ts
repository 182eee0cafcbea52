import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

/** Size in bytes of an input binary: its `bytes` metadata, else the stored file's size, else from the Base64 length. */
async function binarySize(ctx: IExecuteFunctions, binary: IBinaryData): Promise<number> {
	if (typeof binary.bytes === 'number') return binary.bytes;
	if (binary.id) return (await ctx.helpers.getBinaryMetadata(binary.id)).fileSize;
	const base64 = binary.data ?? '';
	const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
	return Math.floor((base64.length * 3) / 4) - padding;
}

/** The first five bytes of an input binary, read without loading the file (one stream chunk, or 8 Base64 chars). */
async function binaryHead(ctx: IExecuteFunctions, binary: IBinaryData): Promise<Buffer> {
	if (!binary.id) return Buffer.from((binary.data ?? '').slice(0, 8), 'base64').subarray(0, 5);
	const stream = await ctx.helpers.getBinaryStream(binary.id, 64);
	for await (const chunk of stream) {
		stream.destroy();
		return Buffer.from(chunk as Uint8Array).subarray(0, 5);
	}
	return Buffer.alloc(0);
}

/**
 * Checks, for `prepare` (no API request), that an input binary holds a PDF (`%PDF-` magic bytes, docs/zertiban.md
 * §6.1: PDF only) of at most `maxBytes` bytes. Reads only the metadata and the first bytes, never the whole file.
 * Returns the reason it is refused (for `inputError`), or undefined.
 */
export async function pdfProblem(ctx: IExecuteFunctions, binary: IBinaryData, maxBytes = Infinity): Promise<string | undefined> {
	const size = await binarySize(ctx, binary);
	if (size > maxBytes) return `holds ${size} bytes; at most ${maxBytes} bytes (${Math.round(maxBytes / 1024 / 1024)} MB) are allowed`;
	if ((await binaryHead(ctx, binary)).toString('latin1') !== '%PDF-') return 'does not hold a PDF file (its content does not start with %PDF-)';
	return undefined;
}
