/**
 * How a credential picks its API's base URL: an `environment` option per known host plus `custom` with a
 * `baseUrl`. Each service keeps its own hosts (nodes/Zertiban/transport/environment.ts,
 * nodes/Cfis/transport/environment.ts); this file holds only the mechanism both use.
 */

/** The credential fields that choose a base URL: `environment` and, for `custom`, `baseUrl`. */
export interface EnvironmentFields {
	environment?: unknown;
	baseUrl?: unknown;
}

/**
 * The base URL (no trailing slash) `fields` choose among `known` (`fallback` when no environment is set); for
 * `custom`, the credential's `baseUrl`. Throws `Error` when `custom` has no usable http(s) `baseUrl`.
 */
export function baseUrlFor(known: Record<string, string>, fields: EnvironmentFields, fallback: string): string {
	const environment = typeof fields.environment === 'string' ? fields.environment : fallback;
	if (environment === 'custom') {
		const custom = typeof fields.baseUrl === 'string' ? fields.baseUrl.trim() : '';
		if (!/^https?:\/\/[^\s/]+/i.test(custom)) {
			throw new Error(
				'The credential uses a custom environment but its Base URL is empty or not an http(s) URL',
			);
		}
		return custom.replace(/\/+$/, '');
	}
	return known[environment] ?? known[fallback];
}

/**
 * The same choice written as an n8n expression over `$credentials`, for the places that only take expressions
 * (credential `test` requests).
 */
export function baseUrlExpression(known: Record<string, string>): string {
	const branches = Object.entries(known)
		.map(([name, url]) => `$credentials.environment === '${name}' ? '${url}' : `)
		.join('');
	return `={{ ${branches}String($credentials.baseUrl || '').replace(/\\/+$/, '') }}`;
}

/**
 * The two credential fields that pick an environment: `environment` (one option per known base URL, plus
 * `custom`) and `baseUrl` (shown for `custom`). `labels` names the known environments in the UI.
 */
export function environmentProperties(
	known: Record<string, string>,
	labels: Record<string, string>,
	{ hint, placeholder, baseUrlDescription }: { hint: string; placeholder: string; baseUrlDescription: string },
) {
	return [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options' as const,
			options: [
				...Object.entries(known).map(([value, url]) => ({ name: labels[value], value, description: url })),
				{ name: 'Custom Base URL', value: 'custom', description: 'Another host, e.g. a proxy or a local simulator' },
			],
			default: Object.keys(known)[0],
			description: hint,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string' as const,
			default: '',
			placeholder,
			description: baseUrlDescription,
			displayOptions: { show: { environment: ['custom'] } },
			required: true,
		},
	];
}
