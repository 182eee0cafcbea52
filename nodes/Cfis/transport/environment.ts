/**
 * Confirma Finance (CFIS) base URLs per environment, including the base path `/api/v1/partner` (docs/cfis.md §1),
 * for both credentials and the transport, and how the API key is sent (§2).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { baseUrlFor, environmentProperties, type EnvironmentFields } from '../../shared/environments';

/** Confirma Finance (CFIS) base URLs, including the `/api/v1/partner` base path. */
export const CFIS_BASE_URLS = {
	staging: 'https://staging-integrations.confirmafinance.com/api/v1/partner',
	production: 'https://integrations.confirmafinance.com/api/v1/partner',
} as const;

/**
 * The CFIS base URL including `/api/v1/partner` (no trailing slash) for a credential's `environment`
 * (`staging` | `production` | `custom`). Throws `Error` when `custom` has no usable `baseUrl`.
 */
export function cfisBaseUrl(fields: EnvironmentFields): string {
	return baseUrlFor(CFIS_BASE_URLS, fields, 'staging');
}

/** Environment fields of both CFIS credentials (client token and partner token). */
export const CFIS_ENVIRONMENT_PROPERTIES = environmentProperties(CFIS_BASE_URLS, { staging: 'Staging', production: 'Production' }, {
	hint: 'Tokens are environment-specific: a staging token does not work in production',
	placeholder: 'https://integrations.confirmafinance.com/api/v1/partner',
	baseUrlDescription: 'The API root of the other host, an http(s) URL including the base path /api/v1/partner',
});

/**
 * `requestOptions` with the Confirma Finance API key added as the `X-Api-Key` header (docs/cfis.md §2), other
 * headers kept. Used by both Confirma Finance credentials' `authenticate` (in code: a generic `authenticate` would
 * evaluate an expression on every request) and by Token → Validate / Renew of a token held outside n8n.
 */
export function withCfisApiKey(requestOptions: IHttpRequestOptions, apiKey: unknown): IHttpRequestOptions {
	return { ...requestOptions, headers: { ...requestOptions.headers, 'X-Api-Key': String(apiKey ?? '') } };
}
