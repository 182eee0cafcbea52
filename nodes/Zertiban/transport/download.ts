import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { ApiRequest } from '../../shared/request';
import { zertibanRequest } from './request';

/** A downloaded file: its bytes and what the server said about them. */
export interface DownloadedFile {
	data: Buffer;
	mimeType: string;
	/** from `Content-Disposition`, else `payment-document.pdf` (docs/zertiban.md §7.6) */
	fileName: string;
}

/** The `filename` (or RFC 5987 `filename*`) of a `Content-Disposition` header. */
export function fileNameOf(disposition: string | undefined): string | undefined {
	if (!disposition) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
	if (extended) {
		try {
			return decodeURIComponent(extended[1].trim());
		} catch {
			// fall through to the plain filename
		}
	}
	const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(disposition);
	const name = (plain?.[1] ?? plain?.[2])?.trim();
	return name || undefined;
}

/**
 * Downloads binary content with a GET (retried like every GET), waiting the longer timeout of a `document`
 * (nodes/shared/request.ts) unless the request sets its own kind. Throws like {@link zertibanRequest}.
 */
export async function zertibanDownload(this: IExecuteFunctions, request: ApiRequest): Promise<DownloadedFile> {
	const response = (await zertibanRequest.call(this, { kind: 'document', ...request }, {
		encoding: 'arraybuffer',
		json: false,
		returnFullResponse: true,
		headers: { Accept: '*/*' },
	})) as unknown as IN8nHttpFullResponse;
	const headers = Object.fromEntries(
		Object.entries(response.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
	) as Record<string, string>;
	const body = response.body as unknown;
	const data = Buffer.isBuffer(body) ? body : Buffer.from(body as ArrayBuffer);
	return {
		data,
		mimeType: (headers['content-type'] ?? 'application/octet-stream').split(';')[0].trim(),
		fileName: fileNameOf(headers['content-disposition']) ?? 'payment-document.pdf',
	};
}
