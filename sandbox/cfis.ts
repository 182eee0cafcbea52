/**
 * Simulated Confirma Finance Integrations API (docs/cfis.md): onboarding and token lifecycle —
 * `POST /client` (§4.1), `GET /validate` (§4.2), `GET /renew` (§4.3) — under {@link CFIS_BASE_PATH},
 * with `X-Api-Key` auth (§2) and the simulator error contract of §9. Invoices, cases, distribution, payments,
 * settlements, accounting and Finvoice (§4.4-§4.11) live in `sandbox/cfis/` (finance.ts assembles state, routes,
 * accounting and controls).
 */
import { createClock, type SandboxClock } from './clock';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { createCfisFinance } from './cfis/finance';
import { ApiError, createSandboxApp } from './controls';
import {
	CFIS_CLIENT_TOKEN,
	CFIS_EXPIRED_CLIENT_TOKEN,
	CFIS_PARTNER_TOKEN,
	CFIS_SEED_CLIENT,
	type CfisClient,
} from './seed';

/** Where the CFIS API lives on the sandbox server (cfis.md §1: `{host}/api/v1/partner`). */
export const CFIS_BASE_PATH = '/api/v1/partner';

/** One field-level validation error (cfis.md §9 simulator contract); `field` is a dotted path like `client.email`. */
export interface FieldError {
	field: string;
	message: string;
}

/** A known API key: the partner token or a client token in one of the states of cfis.md §2.3. */
interface ApiKey {
	kind: 'partner' | 'client';
	state: 'active' | 'expired' | 'revoked';
	/** owning client (client tokens) */
	businessCode?: string;
}

const SERVICE_TYPES = ['LIFECYCLE', 'INTERMEDIATION', 'COOP'];
const CONTACT_TYPES = ['PRIMARY', 'TECHNICAL', 'ACCOUNTANT'];
/** W3C HTML e-mail pattern (cfis.md §8 "W3C-style e-mail regex"). */
const EMAIL_RE = new RegExp(
	"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?" +
		'(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$',
);
/** Common URL pattern: optional http(s) scheme, dotted host name, optional path (cfis.md §8). */
const WEBSITE_RE = /^(https?:\/\/)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?([/?#]\S*)?$/i;

/** How one string field is checked: required (non-empty), and a shape with the message to give when it fails. */
interface FieldRule {
	required?: boolean;
	pattern?: RegExp;
	oneOf?: readonly string[];
	message?: string;
}

const SERVICE_RULES: Record<string, FieldRule> = {
	type: { required: true, oneOf: SERVICE_TYPES },
	partnerCode: { required: true },
};
const CLIENT_RULES: Record<string, FieldRule> = {
	name: { required: true },
	// Shape only (lenient mode of cfis.md §8.1): the vendor's own examples fail the check digit.
	businessCode: {
		required: true,
		pattern: /^\d{7}-\d$/,
		message: 'must be a Finnish business ID (Y-tunnus) like 0737546-2',
	},
	vatRegNbr: { pattern: /^[A-Z]{2}[0-9A-Z]{2,12}$/, message: 'must be a VAT number like FI07375462' },
	postalAddress: {},
	postalCode: {},
	postalDistrict: {},
	countryCode: {
		required: true,
		pattern: /^[A-Z]{2}$/,
		message: 'must be an ISO 3166-1 alpha-2 code in upper case, like FI',
	},
	telephone: {},
	email: { required: true, pattern: EMAIL_RE, message: 'must be a valid e-mail address' },
	website: { pattern: WEBSITE_RE, message: 'must be a URL like https://example.fi' },
	languageCode: { required: true, pattern: /^[A-Za-z]{2}$/, message: 'must be an ISO 639-1 two-letter code, like FI' },
};
const CONTACT_RULES: Record<string, FieldRule> = {
	type: { required: true, oneOf: CONTACT_TYPES },
	name: { required: true },
	email: { required: true, pattern: EMAIL_RE, message: 'must be a valid e-mail address' },
	phone: {},
};

/** Checks the string fields of `object` against `rules`, adding one error per bad field under `prefix.`. */
function checkFields(
	object: Record<string, unknown>,
	rules: Record<string, FieldRule>,
	prefix: string,
	errors: FieldError[],
) {
	for (const [key, rule] of Object.entries(rules)) {
		const field = `${prefix}.${key}`;
		const value = object[key];
		if (value === undefined || value === null || value === '') {
			if (rule.required) errors.push({ field, message: 'is required' });
		} else if (typeof value !== 'string') {
			errors.push({ field, message: 'must be a string' });
		} else if (rule.oneOf && !rule.oneOf.includes(value)) {
			errors.push({ field, message: `must be one of ${rule.oneOf.join(', ')}` });
		} else if (rule.pattern && !rule.pattern.test(value)) {
			errors.push({ field, message: rule.message ?? 'has an invalid format' });
		}
	}
}

/** `value` as an object; a missing value is `{}` (its required fields then report), any other type an error. */
function section(value: unknown, field: string, errors: FieldError[]): Record<string, unknown> {
	if (value === undefined || value === null) return {};
	if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	errors.push({ field, message: 'must be an object' });
	return {};
}

/**
 * Validates a `POST /client` body (cfis.md §4.1, §8) and returns every error found (empty when valid).
 * Optional fields given as `""` count as absent, as in the vendor example.
 */
export function validateCreateClient(body: unknown): FieldError[] {
	const errors: FieldError[] = [];
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return [{ field: 'body', message: 'must be a JSON object' }];
	}
	const root = body as Record<string, unknown>;
	checkFields(section(root.service, 'service', errors), SERVICE_RULES, 'service', errors);
	const client = section(root.client, 'client', errors);
	checkFields(client, CLIENT_RULES, 'client', errors);
	const postalCode = client.postalCode;
	const isFinnish = client.countryCode === 'FI' && typeof postalCode === 'string' && postalCode !== '';
	if (isFinnish && !/^\d{5}$/.test(postalCode)) {
		errors.push({ field: 'client.postalCode', message: 'must be 5 digits for countryCode FI' });
	}
	if (root.contacts !== undefined && root.contacts !== null) {
		if (!Array.isArray(root.contacts)) {
			errors.push({ field: 'contacts', message: 'must be an array' });
		} else {
			root.contacts.forEach((contact, i) =>
				checkFields(section(contact, `contacts[${i}]`, errors), CONTACT_RULES, `contacts[${i}]`, errors),
			);
		}
	}
	return errors;
}

/** `{status, title, detail}` — the simulator error body of cfis.md §9 (`errors` is added by validation). */
function cfisErrorBody(status: number, message: string) {
	return { status, title: STATUS_CODES[status] ?? 'Error', detail: message };
}

const newToken = () => `cfis-${randomBytes(24).toString('base64url')}`;

/**
 * Builds the CFIS app. Routes (under {@link CFIS_BASE_PATH}):
 * - `POST /client` — Partner Provisioning Token only; 400 with every field error, 409 for a business code
 *   already onboarded, 201 `{clientId, customerCode, paymentReferencePrefix, accessToken}`;
 * - `GET /validate` — client token; 200 `{isValid, message}` (expired → `isValid:false`); [SIM] the partner
 *   token → 200 `{isValid: true, message, tokenType: 'PARTNER'}`;
 * - `GET /renew` — active or expired client token; 200 `{Message, accessToken}` (same new token), old one revoked.
 * Missing/unknown/revoked key → 401; the wrong kind of key (partner vs client) → 403.
 * Plus the shared controls of {@link createSandboxApp}. State is private to the returned instance.
 */
/** Options of {@link buildCfisApp}. */
export interface CfisAppOptions {
	/** the sandbox clock; a fresh one at the wall clock when absent */
	clock?: SandboxClock;
}

export function buildCfisApp(options: CfisAppOptions = {}): FastifyInstance {
	const clock = options.clock ?? createClock();
	let keys = new Map<string, ApiKey>();
	let clients = new Map<string, CfisClient>();
	let nextCustomerNumber = 0;
	const finance = createCfisFinance(clock, CFIS_SEED_CLIENT.businessCode);

	const resetState = () => {
		finance.reset();
		keys = new Map<string, ApiKey>([
			[CFIS_PARTNER_TOKEN, { kind: 'partner', state: 'active' }],
			[CFIS_CLIENT_TOKEN, { kind: 'client', state: 'active', businessCode: CFIS_SEED_CLIENT.businessCode }],
			[CFIS_EXPIRED_CLIENT_TOKEN, { kind: 'client', state: 'expired', businessCode: CFIS_SEED_CLIENT.businessCode }],
		]);
		clients = new Map([[CFIS_SEED_CLIENT.businessCode, { ...CFIS_SEED_CLIENT }]]);
		nextCustomerNumber = Number(CFIS_SEED_CLIENT.paymentReferencePrefix) + 1;
	};
	resetState();
	const app = createSandboxApp({ errorBody: cfisErrorBody, resetState, clock });
	finance.registerControls(app);

	/** The request's API key if it is known, not revoked and of the `needed` kind (any kind when omitted); 401 / 403 otherwise (§2). */
	function authenticate(request: FastifyRequest, needed?: ApiKey['kind']): { token: string; key: ApiKey } {
		const token = request.headers['x-api-key'];
		if (typeof token !== 'string' || token === '') throw new ApiError(401, 'The X-Api-Key header is missing');
		const key = keys.get(token);
		if (!key || key.state === 'revoked') throw new ApiError(401, 'The API key is invalid or has been revoked');
		if (needed && key.kind !== needed) {
			throw new ApiError(
				403,
				needed === 'partner'
					? 'This endpoint needs the Partner Provisioning Token'
					: 'This endpoint needs a client access token; the Partner Provisioning Token only works for POST /client',
			);
		}
		return { token, key };
	}

	app.register(
		async (api) => {
			// authenticated before the body is parsed, so a bad key is a 401 even when the body is not JSON
			const partnerOnly = { onRequest: async (request: FastifyRequest) => void authenticate(request, 'partner') };
			api.post('/client', partnerOnly, async (request, reply) => {
				const errors = validateCreateClient(request.body);
				if (errors.length > 0) {
					throw new ApiError(400, `${errors.length} field(s) are invalid`, { title: 'Validation failed', errors });
				}
				const body = request.body as { client: { name: string; businessCode: string } };
				const { name, businessCode } = body.client;
				if (clients.has(businessCode)) {
					throw new ApiError(
						409,
						`Business code ${businessCode} is already onboarded; ` +
							"use GET /validate or GET /renew with the existing client's token",
						{ title: 'Client already exists' },
					);
				}
				const number = nextCustomerNumber++;
				const client: CfisClient = {
					clientId: randomUUID(),
					customerCode: `CF${number}`,
					paymentReferencePrefix: String(number),
					name,
					businessCode,
				};
				clients.set(businessCode, client);
				finance.addClient(businessCode, (request.body as { service: { type: string } }).service.type);
				const accessToken = newToken();
				keys.set(accessToken, { kind: 'client', state: 'active', businessCode });
				const { clientId, customerCode, paymentReferencePrefix } = client;
				return reply.code(201).send({ clientId, customerCode, paymentReferencePrefix, accessToken });
			});

			// [SIM] the partner token validates too (with tokenType PARTNER), so the Partner credential has a test
			// request; the real answer for that token is not documented (cfis.md §14 q2).
			api.get('/validate', async (request) => {
				const { key } = authenticate(request);
				if (key.kind === 'partner') {
					return { isValid: true, message: 'Partner Provisioning Token is valid', tokenType: 'PARTNER' };
				}
				return key.state === 'active'
					? { isValid: true, message: 'Token is valid' }
					: { isValid: false, message: 'Token has expired; renew it with GET /renew' };
			});

			api.get('/renew', async (request) => {
				const { key } = authenticate(request, 'client');
				const accessToken = newToken();
				keys.set(accessToken, { kind: 'client', state: 'active', businessCode: key.businessCode });
				key.state = 'revoked';
				return { Message: accessToken, accessToken };
			});

			finance.registerApi(api, (request) => {
				const { key } = authenticate(request, 'client');
				if (key.state !== 'active') throw new ApiError(401, 'The API key has expired; renew it with GET /renew');
				return key.businessCode as string;
			});
		},
		{ prefix: CFIS_BASE_PATH },
	);

	return app;
}
