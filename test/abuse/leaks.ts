/**
 * Finding secrets in whatever a node let out: every form a secret can take on the way (plain, URL-encoded,
 * Base64, Base64url, the Basic header of `clientId:clientSecret` with and without URL-encoding) looked for in a
 * dump of errors, execution data and output items.
 */

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const b64url = (s: string) => Buffer.from(s, 'utf8').toString('base64url');

/** The forms of one secret worth looking for. */
export function secretForms(secret: string): string[] {
	const forms = [secret, encodeURIComponent(secret), b64(secret), b64url(secret)];
	return [...new Set(forms.flatMap((f) => [f, encodeURIComponent(f)]))];
}

/** The forms of the Basic header value built from a client ID and secret (both raw and URL-encoded, RFC 6749 §2.3.1). */
export function basicForms(clientId: string, clientSecret: string): string[] {
	const pairs = [`${clientId}:${clientSecret}`, `${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`];
	return [...new Set(pairs.flatMap((p) => [p, b64(p), encodeURIComponent(b64(p)), b64url(p)]))];
}

/** Which of `forms` occur in `text` (each form once). */
export function leaksIn(text: string, forms: string[]): string[] {
	return forms.filter((form) => form.length >= 6 && text.includes(form));
}

/**
 * A JSON-ish dump of anything (errors with their message, description, stack, cause and own fields; cycles and
 * depth cut), for leak searches. Buffers are dumped as UTF-8 text.
 */
export function dump(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (v: unknown, depth: number): unknown => {
		if (v === null || typeof v !== 'object') return typeof v === 'bigint' ? String(v) : v;
		if (Buffer.isBuffer(v)) return v.toString('utf8');
		if (seen.has(v) || depth > 40) return '[…]';
		seen.add(v);
		if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
		const out: Record<string, unknown> = {};
		if (v instanceof Error) {
			out.message = v.message;
			out.stack = v.stack;
		}
		for (const key of Object.getOwnPropertyNames(v)) {
			try {
				out[key] = walk((v as Record<string, unknown>)[key], depth + 1);
			} catch {
				out[key] = '[unreadable]';
			}
		}
		return out;
	};
	return JSON.stringify(walk(value, 0));
}
