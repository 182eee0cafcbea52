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
import { businessIdProblem, countryProblem, emailProblem, languageProblem, postalCodeProblem, vatNumberProblem, type Strictness } from './cfis/checks';
import { useExactJson } from './cfis/exact-json';
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
/** Common URL pattern: optional http(s) scheme, dotted host name, optional path (cfis.md §8). */
const WEBSITE_RE = /^(https?:\/\/)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(:\d{1,5})?([/?#]\S*)?$/i;

/** How one string field is checked: required (non-empty), one of a list, and a format check (./cfis/checks.ts). */
interface FieldRule {
	required?: boolean;
	oneOf?: readonly string[];
	check?: (value: string) => string | undefined;
}

const SERVICE_RULES: Record<string, FieldRule> = {
	type: { required: true, oneOf: SERVICE_TYPES },
	partnerCode: { required: true },
};
/** The client section's rules; business ID and VAT number check digits only in strict mode (cfis.md §8.1). */
const clientRules = (strictness: Strictness): Record<string, FieldRule> => ({
	name: { required: true },
	businessCode: { required: true, check: (v) => businessIdProblem(v, strictness) },
	vatRegNbr: { check: (v) => vatNumberProblem(v, strictness) },
	postalAddress: {},
	postalCode: {},
	postalDistrict: {},
	countryCode: { required: true, check: countryProblem },
	telephone: {},
	email: { required: true, check: emailProblem },
	website: { check: (v) => (WEBSITE_RE.test(v) ? undefined : 'must be a URL like https://example.fi') },
	languageCode: { required: true, check: languageProblem },
});
const CONTACT_RULES: Record<string, FieldRule> = {
	type: { required: true, oneOf: CONTACT_TYPES },
	name: { required: true },
	email: { required: true, check: emailProblem },
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
		} else {
			const problem = rule.check?.(value);
			if (problem) errors.push({ field, message: problem });
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
 * Validates a `POST /client` body (cfis.md §4.1, §8) and returns every error found (empty when valid): the §8
 * formats [D] (ISO 3166-1 alpha-2 country, ISO 639-1 language, e-mail, website, postal code against the country),
 * the business ID and VAT number by shape (check digits when `strictness.strict`, §8.1). Optional fields given as
 * `""` count as absent, as in the vendor example.
 */
export function validateCreateClient(body: unknown, strictness: Strictness = {}): FieldError[] {
	const errors: FieldError[] = [];
	if (!body || typeof body !== 'object' || Array.isArray(body)) {
		return [{ field: 'body', message: 'must be a JSON object' }];
	}
	const root = body as Record<string, unknown>;
	checkFields(section(root.service, 'service', errors), SERVICE_RULES, 'service', errors);
	const client = section(root.client, 'client', errors);
	checkFields(client, clientRules(strictness), 'client', errors);
	const postalCode = client.postalCode;
	const countryKnown = !countryProblem(client.countryCode);
	if (countryKnown && typeof postalCode === 'string' && postalCode !== '') {
		const problem = postalCodeProblem(postalCode, client.countryCode);
		if (problem) errors.push({ field: 'client.postalCode', message: problem });
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

/** Options of {@link buildCfisApp}. */
export interface CfisAppOptions {
	/** the sandbox clock; a fresh one at the wall clock when absent */
	clock?: SandboxClock;
}

/**
 * Builds the CFIS app. Routes (under {@link CFIS_BASE_PATH}):
 * - `POST /client` — Partner Provisioning Token only; 400 with every field error, 409 for a business code
 *   already onboarded, 201 `{clientId, customerCode, paymentReferencePrefix, accessToken}`;
 * - `GET /validate` — client token; 200 `{isValid, message}` (expired → `isValid:false`);
 * - `GET /renew` — active or expired client token; 200 `{Message, accessToken}` (same new token), old one revoked;
 * - the invoice, money and accounting endpoints of ./cfis/finance.ts (active client token).
 * Missing, unknown or revoked key → 401 (§2.1); a key of the wrong kind → 401 too (§2.2: the provisioning token
 * works only for `POST /client`; a client token is not a provisioning token), checked before the body is read.
 * Queued invoice actions that are due are applied before every request and every reply.
 * Plus the shared controls of {@link createSandboxApp} and the `/__sandbox/cfis/…` ones. State is private to the
 * returned instance.
 */
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
	const app = createSandboxApp({ errorBody: cfisErrorBody, resetState, clock, credentialHeader: 'x-api-key' });
	// 18-digit invoice numbers in and out without rounding (cfis.md §10)
	useExactJson(app);
	app.addHook('onRequest', async () => finance.processDue());
	app.addHook('onSend', async () => finance.processDue());
	finance.registerControls(app);

	/**
	 * The request's API key if it is known, not revoked and of the `needed` kind; 401 otherwise (§2.1: missing or
	 * invalid → 401; §2.2: the provisioning token is for `POST /client` only, so any other kind is invalid here).
	 */
	function authenticate(request: FastifyRequest, needed: ApiKey['kind']): { token: string; key: ApiKey } {
		const token = request.headers['x-api-key'];
		if (typeof token !== 'string' || token === '') throw new ApiError(401, 'The X-Api-Key header is missing');
		const key = keys.get(token);
		if (!key || key.state === 'revoked') throw new ApiError(401, 'The API key is invalid or has been revoked');
		if (key.kind !== needed) {
			throw new ApiError(
				401,
				needed === 'partner'
					? 'The API key is not valid for POST /client: it needs the Partner Provisioning Token'
					: 'The API key is not valid here: it needs a client access token (the Partner Provisioning Token works only for POST /client)',
			);
		}
		return { token, key };
	}

	app.register(
		async (api) => {
			// authenticated before the body is parsed, so a bad key is a 401 even when the body is not JSON
			const partnerOnly = { onRequest: async (request: FastifyRequest) => void authenticate(request, 'partner') };
			api.post('/client', partnerOnly, async (request, reply) => {
				const errors = validateCreateClient(request.body, { strict: finance.settings().strictCheckDigits });
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

			api.get('/validate', async (request) => {
				const { key } = authenticate(request, 'client');
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
