/**
 * Zertiban base URLs per environment (docs/zertiban.md §2), for the credential (token request, test) and the
 * transport. One place, so a changed host is one edit.
 */
import { baseUrlFor, environmentProperties, type EnvironmentFields } from '../../shared/environments';

/** Zertiban hosts. A custom base URL (e.g. the local sandbox) is taken from the credential's `baseUrl`. */
export const ZERTIBAN_BASE_URLS = {
	sandbox: 'https://nc-api-sandbox.zertiban.com',
	production: 'https://nc-api.zertiban.com',
} as const;

/**
 * The Zertiban base URL (no trailing slash) for a credential's `environment` (`sandbox` | `production` |
 * `custom`). Throws `Error` when `custom` has no usable `baseUrl`.
 */
export function zertibanBaseUrl(fields: EnvironmentFields): string {
	return baseUrlFor(ZERTIBAN_BASE_URLS, fields, 'sandbox');
}

/** Environment fields of the Zertiban credential. */
export const ZERTIBAN_ENVIRONMENT_PROPERTIES = environmentProperties(ZERTIBAN_BASE_URLS, { sandbox: 'Sandbox', production: 'Production' }, {
	hint: 'Sandbox payments run against real banks but are capped at €1 (100 cents)',
	placeholder: 'https://nc-api.zertiban.com',
	baseUrlDescription: 'The API root of the other host, an http(s) URL without a path, like https://nc-api.zertiban.com',
});
