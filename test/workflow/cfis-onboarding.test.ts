import { CFIS_SEED_CLIENT } from '../../sandbox/seed';
import { sandboxFixture } from '../helpers/sandbox';
import { PACKAGE_NAME, runNode, runWorkflow } from './harness';

let fx: Awaited<ReturnType<typeof sandboxFixture>>;
beforeEach(async () => {
	fx = await sandboxFixture();
});
afterEach(async () => {
	await fx.close();
});

const client = (overrides: Record<string, unknown> = {}) => ({
	resource: 'client',
	operation: 'create',
	serviceType: 'LIFECYCLE',
	partnerCode: 'DEMO1',
	name: 'Demo Customer Oy',
	businessCode: '2331972-7',
	email: 'billing@demo-customer.fi',
	countryCode: 'FI',
	languageCode: 'FI',
	additionalFields: { postalAddress: 'Testikuja 7', postalCode: '00100', postalDistrict: 'HELSINKI' },
	contacts: { contact: [{ type: 'PRIMARY', name: 'Maija Meikäläinen', email: 'maija@demo-customer.fi' }] },
	...overrides,
});

describe('Confirma Finance → Client → Create, then Token → Validate its new token', () => {
	it('onboards the client and the token it returns validates', async () => {
		const credentials = fx.cfisCredentials();
		const refs = { cfisPartnerApi: { id: 'cfisPartnerApi', name: 'partner' }, cfisApi: { id: 'cfisApi', name: 'client' } };
		const result = await runWorkflow(
			{
				nodes: [
					{ id: '1', name: 'Start', type: 'harness.start', typeVersion: 1, position: [0, 0], parameters: {} },
					{ id: '2', name: 'Create Client', type: `${PACKAGE_NAME}.cfis`, typeVersion: 1, position: [200, 0], parameters: client(), credentials: { cfisPartnerApi: refs.cfisPartnerApi } },
					{
						id: '3',
						name: 'Validate New Token',
						type: `${PACKAGE_NAME}.cfis`,
						typeVersion: 1,
						position: [400, 0],
						parameters: { resource: 'token', operation: 'validate', tokenSource: 'input', accessToken: '={{ $json.accessToken }}' },
						credentials: { cfisApi: refs.cfisApi },
					},
				],
				connections: {
					Start: { main: [[{ node: 'Create Client', type: 'main', index: 0 }]] },
					'Create Client': { main: [[{ node: 'Validate New Token', type: 'main', index: 0 }]] },
				},
			},
			credentials,
		);
		expect(result.error).toBeUndefined();
		const [created] = result.json('Create Client');
		expect(created).toEqual({
			clientId: expect.any(String),
			customerCode: expect.any(String),
			paymentReferencePrefix: expect.any(String),
			accessToken: expect.any(String),
		});
		expect(created.accessToken).not.toBe(fx.info.cfis.clientToken);
		expect(result.json('Validate New Token')).toEqual([{ isValid: true, message: 'Token is valid' }]);
	});

	it('a business ID with a wrong check digit is refused before any request, naming field, position and item', async () => {
		await fx.resetCounters('cfis');
		const result = await runNode({ type: 'cfis', parameters: client({ businessCode: '2331972-8' }), credentials: fx.cfisCredentials() });
		expect(result.error?.message).toBe('Invalid Business ID in item 0: Business ID "2331972-8" has a wrong check digit (position 9): expected 7');
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('Skip Check Digits sends a well-shaped business ID with a wrong check digit', async () => {
		const result = await runNode({
			type: 'cfis',
			parameters: client({ businessCode: '2331972-8', options: { skipCheckDigits: true } }),
			credentials: fx.cfisCredentials(),
		});
		expect(result.error).toBeUndefined();
		expect(result.json('Node')[0].accessToken).toEqual(expect.any(String));
	});

	it('shows the field-level errors the API returns', async () => {
		// A check digit the node was told to skip, refused by a service that checks them (docs/cfis.md §14 q16): only
		// the API can say so.
		await fx.cfisSettings({ strictCheckDigits: true });
		const result = await runNode({
			type: 'cfis',
			parameters: client({ businessCode: '2331972-8', options: { skipCheckDigits: true } }),
			credentials: fx.cfisCredentials(),
		});
		expect(result.error?.message).toBe('Confirma Finance refused the request: validation failed (400)');
		expect(result.error?.description).toContain('client.businessCode');
	});

	it('refuses FIN as country or language and an e-mail the API pattern refuses before any request (docs/cfis.md §8)', async () => {
		await fx.resetCounters('cfis');
		for (const [overrides, message] of [
			[{ countryCode: 'FIN' }, /^Invalid Country Code in item 0: Country Code "FIN" is not a two-letter upper-case country code/],
			[{ languageCode: 'FIN' }, /^Invalid Language Code in item 0: Language Code "FIN" is not a two-letter language code/],
			[{ languageCode: 'XX' }, /^Invalid Language Code in item 0: Language Code "XX" is not an ISO 639-1 language code/],
			[{ email: 'billing(ap)@demo-customer.fi' }, /^Invalid Email in item 0: Email "billing\(ap\)@demo-customer.fi" is not an e-mail address/],
		] as const) {
			const result = await runNode({ type: 'cfis', parameters: client(overrides), credentials: fx.cfisCredentials() });
			expect(result.error?.message).toMatch(message);
		}
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('refuses a postal code, website or VAT number the contract does not allow before any request (docs/cfis.md §8)', async () => {
		await fx.resetCounters('cfis');
		for (const [additionalFields, message] of [
			[{ postalCode: 'ABC' }, /^Invalid Postal Code in item 0: Postal Code "ABC" is not a postal code of FI; expected 5 digits/],
			[{ website: 'not a url' }, /^Invalid Website in item 0: Website "not a url" is not a website address/],
			[{ vatRegNbr: 'DE 123456789' }, /^Invalid VAT Number in item 0: VAT Number "DE 123456789" is not a VAT number/],
		] as const) {
			const result = await runNode({ type: 'cfis', parameters: client({ additionalFields }), credentials: fx.cfisCredentials() });
			expect(result.error?.message).toMatch(message);
		}
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('an already onboarded business ID fails with 409 and points to validate / renew', async () => {
		const result = await runNode({
			type: 'cfis',
			parameters: client({ businessCode: CFIS_SEED_CLIENT.businessCode }),
			credentials: fx.cfisCredentials(),
		});
		expect(result.error?.message).toBe(`A client with business ID ${CFIS_SEED_CLIENT.businessCode} is already onboarded (409)`);
		expect(result.error?.description).toMatch(/Token → Validate or Token → Renew/);
	});

	it('with Continue On Fail a bad contact e-mail fails only its item', async () => {
		const result = await runNode({
			type: 'cfis',
			parameters: client({ businessCode: '={{ $json.businessCode }}', contacts: { contact: [{ type: 'PRIMARY', name: 'X', email: '={{ $json.contactEmail }}' }] } }),
			inputItems: [
				{ businessCode: '2331972-7', contactEmail: 'x@example.fi' },
				{ businessCode: '0112038-9', contactEmail: 'not-an-email' },
			],
			credentials: fx.cfisCredentials(),
			continueOnFail: true,
		});
		const items = result.items('Node');
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.clientId).toEqual(expect.any(String));
		expect(items[1].json.error).toBe('Invalid Contacts → Contact 1 → Email in item 1: Contacts → Contact 1 → Email "not-an-email" is not an e-mail address');
	});
});

describe('Confirma Finance → Token', () => {
	it('Validate with the credential: active token is valid', async () => {
		const result = await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'validate' }, credentials: fx.cfisCredentials() });
		expect(result.json('Node')).toEqual([{ isValid: true, message: 'Token is valid' }]);
	});

	it('Validate reports an expired token as not valid and an unknown one as not valid with 401', async () => {
		const result = await runNode({
			type: 'cfis',
			parameters: { resource: 'token', operation: 'validate', tokenSource: 'input', accessToken: '={{ $json.token }}' },
			inputItems: [{ token: fx.info.cfis.expiredClientToken }, { token: 'never-issued-token' }],
			credentials: fx.cfisCredentials(),
		});
		const [expired, unknown] = result.json('Node');
		expect(expired.isValid).toBe(false);
		expect(expired.message).toMatch(/expired/i);
		expect(unknown).toMatchObject({ isValid: false, httpCode: '401' });
	});

	it('Renew returns the new token, says to update the credential, and the old token stops working', async () => {
		const credentials = fx.cfisCredentials();
		const renewed = await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'renew' }, credentials });
		expect(renewed.error).toBeUndefined();
		const [output] = renewed.json('Node');
		expect(output.accessToken).toEqual(expect.any(String));
		expect(output.accessToken).not.toBe(fx.info.cfis.clientToken);
		expect(output.previousTokenRevoked).toBe(true);
		expect(output.message).toMatch(/paste this new access token/);

		const oldToken = await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'validate' }, credentials });
		expect(oldToken.json('Node')[0]).toMatchObject({ isValid: false, httpCode: '401' });
		const newToken = await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'validate' }, credentials: fx.cfisCredentials(String(output.accessToken)) });
		expect(newToken.json('Node')[0]).toEqual({ isValid: true, message: 'Token is valid' });
	});

	it('Renew works for an expired token given as input', async () => {
		const result = await runNode({
			type: 'cfis',
			parameters: { resource: 'token', operation: 'renew', tokenSource: 'input', accessToken: fx.info.cfis.expiredClientToken },
			credentials: fx.cfisCredentials(),
		});
		expect(result.json('Node')[0].accessToken).toEqual(expect.any(String));
	});

	it('a revoked credential token fails Renew with 401 and a hint, and no token leaks into the error', async () => {
		const credentials = fx.cfisCredentials();
		await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'renew' }, credentials });
		const again = await runNode({ type: 'cfis', parameters: { resource: 'token', operation: 'renew' }, credentials });
		expect(again.error?.message).toBe('Confirma Finance refused the API token (401)');
		expect(again.error?.description).toMatch(/Token → Validate/);
		expect(JSON.stringify(again.run) + String(again.error?.description)).not.toContain(fx.info.cfis.clientToken);
	});

	it('an input token that maps to nothing is refused before any request', async () => {
		await fx.resetCounters('cfis');
		const result = await runNode({
			type: 'cfis',
			parameters: { resource: 'token', operation: 'validate', tokenSource: 'input', accessToken: '={{ $json.token }}' },
			inputItems: [{ token: 'cfis-sandbox-client-token' }, { somethingElse: true }],
			credentials: fx.cfisCredentials(),
		});
		expect(result.error?.message).toMatch(/^Invalid Access Token in item 1: Access Token is empty/);
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);
	});

	it('the partner token is refused on client endpoints (401, docs/cfis.md §2.1-§2.2) with a hint naming the right credential', async () => {
		const result = await runNode({
			type: 'cfis',
			parameters: { resource: 'token', operation: 'renew' },
			credentials: fx.cfisCredentials(fx.info.cfis.partnerToken),
		});
		expect(result.error?.message).toBe('Confirma Finance refused the API token (401)');
		expect(result.error?.description).toMatch(/Client → Create needs the Partner Provisioning Token \(Confirma Finance Partner API credential\), every other operation a client access token/);
		const validated = await runNode({
			type: 'cfis',
			parameters: { resource: 'token', operation: 'validate' },
			credentials: fx.cfisCredentials(fx.info.cfis.partnerToken),
		});
		expect(validated.json('Node')).toEqual([expect.objectContaining({ isValid: false, httpCode: '401', message: expect.stringMatching(/the Partner Provisioning Token \(which works only for Client → Create\)/) })]);
	});

	it('a client access token on the Partner credential is refused by Client → Create (401) with the same hint', async () => {
		const store = fx.cfisCredentials();
		store.data.cfisPartnerApi = { ...store.data.cfisPartnerApi, provisioningToken: fx.info.cfis.clientToken };
		const result = await runNode({ type: 'cfis', parameters: client(), credentials: store });
		expect(result.error?.message).toBe('Confirma Finance refused the API token (401)');
		expect(result.error?.description).toMatch(/Client → Create needs the Partner Provisioning Token/);
	});
});
