/**
 * Base URLs of both APIs per environment, used by the credentials (token request, credential test) and by the
 * transports. One place, so a changed host is one edit.
 *
 * Sources: docs/zertiban.md §2 (sandbox / production hosts), docs/cfis.md §1 (staging / production
 * hosts, base path `/api/v1/partner`).
 */

import type { IHttpRequestOptions } from 'n8n-workflow';

/** Zertiban hosts. A custom base URL (e.g. the local sandbox) is taken from the credential's `baseUrl`. */
export const ZERTIBAN_BASE_URLS = {
	sandbox: 'https://nc-api-sandbox.zertiban.com',
	production: 'https://nc-api.zertiban.com',
} as const;

/** Confirma Finance (CFIS) base URLs, including the `/api/v1/partner` base path. */
export const CFIS_BASE_URLS = {
	staging: 'https://staging-integrations.confirmafinance.com/api/v1/partner',
	production: 'https://integrations.confirmafinance.com/api/v1/partner',
} as const;

/** The credential fields that choose a base URL: `environment` and, for `custom`, `baseUrl`. */
export interface EnvironmentFields {
	environment?: unknown;
	baseUrl?: unknown;
}

function pick(known: Record<string, string>, fields: EnvironmentFields, fallback: string): string {
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
 * The Zertiban base URL (no trailing slash) for a credential's `environment` (`sandbox` | `production` |
 * `custom`). Throws `Error` when `custom` has no usable `baseUrl`.
 */
export function zertibanBaseUrl(fields: EnvironmentFields): string {
	return pick(ZERTIBAN_BASE_URLS, fields, 'sandbox');
}

/**
 * The CFIS base URL including `/api/v1/partner` (no trailing slash) for a credential's `environment`
 * (`staging` | `production` | `custom`). Throws `Error` when `custom` has no usable `baseUrl`.
 */
export function cfisBaseUrl(fields: EnvironmentFields): string {
	return pick(CFIS_BASE_URLS, fields, 'staging');
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

/** Environment fields of both CFIS credentials (client token and partner token). */
export const CFIS_ENVIRONMENT_PROPERTIES = environmentProperties(CFIS_BASE_URLS, { staging: 'Staging', production: 'Production' }, {
	hint: 'Tokens are environment-specific: a staging token does not work in production',
	placeholder: 'https://integrations.confirmafinance.com/api/v1/partner',
	baseUrlDescription: 'The API root of the other host, an http(s) URL including the base path /api/v1/partner',
});

/** Environment fields of the Zertiban credential. */
export const ZERTIBAN_ENVIRONMENT_PROPERTIES = environmentProperties(ZERTIBAN_BASE_URLS, { sandbox: 'Sandbox', production: 'Production' }, {
	hint: 'Sandbox payments run against real banks but are capped at €1 (100 cents)',
	placeholder: 'https://nc-api.zertiban.com',
	baseUrlDescription: 'The API root of the other host, an http(s) URL without a path, like https://nc-api.zertiban.com',
});

/**
 * `requestOptions` with the Confirma Finance API key added as the `X-Api-Key` header (docs/cfis.md §2), other
 * headers kept. Used by both Confirma Finance credentials' `authenticate` (in code: a generic `authenticate` would
 * evaluate an expression on every request, issue 12) and by Token → Validate / Renew of a token held outside n8n.
 */
export function withCfisApiKey(requestOptions: IHttpRequestOptions, apiKey: unknown): IHttpRequestOptions {
	return { ...requestOptions, headers: { ...requestOptions.headers, 'X-Api-Key': String(apiKey ?? '') } };
}
