/**
 * Category "secrets": an API double that echoes every request in its errors (Authorization / X-Api-Key header,
 * decoded Basic credentials, URL, body; plain, URL-encoded, Base64) behind every path a failure leaves the nodes
 * by: the error of a failed item (message, description, error response), Continue On Fail items, the polling
 * trigger's error, the credential test, the webhook trigger's operation details and the payer redirect page.
 * Tokens: fetched at the start of the run (none stored), refreshed after a 401, or refused at the token
 * endpoint itself. Any form of any secret (client secret, Basic header, webhook secret, stored or freshly fetched
 * access token, CFIS API keys) found in what comes out is a leak.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { ECHO_STYLES, startEchoDouble, type ApiMode, type EchoDouble, type TokenMode } from './echo-double';
import { basicForms, dump, leaksIn, secretForms } from './leaks';
import {
	CredentialStore,
	StaticDataStore,
	callWebhook,
	canonicalIterative,
	pollNode,
	runNode,
	signText,
	testCredential,
	type RunResult,
} from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('secrets');
afterAll(() => tally.save());

const CLIENT_ID = 'abuse-client@example';
const CLIENT_SECRET = 'Abu$e/Secret+Value=42&x';
const WEBHOOK_SECRET = 'abuse-webhook-secret-9f8e7d';
const STALE_TOKEN = 'stored-stale-token-5d4c3b2a';
const CFIS_KEY = 'cfis-abuse-client-key-7788';
const CFIS_INPUT_KEY = 'cfis-abuse-input-key-9911';
const BUSINESS = '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f';
const OPERATION = '0a621874-852f-4794-a3cc-b38f06c8eabe';

let double: EchoDouble;
beforeAll(async () => {
	double = await startEchoDouble();
});
afterAll(async () => await double.close());

function zertibanStore(accessToken: string): CredentialStore {
	return new CredentialStore({
		zertibanOAuth2Api: {
			environment: 'custom',
			baseUrl: double.baseUrl,
			clientId: CLIENT_ID,
			clientSecret: CLIENT_SECRET,
			businessUuid: BUSINESS,
			tokenUrlPath: '/idp/oauth2/token',
			scope: '',
			webhookSecret: WEBHOOK_SECRET,
			accessToken,
		},
	});
}

/** Every form of every secret known now (tokens issued so far included). */
function allForms(): string[] {
	return [
		...secretForms(CLIENT_SECRET),
		...basicForms(CLIENT_ID, CLIENT_SECRET),
		...secretForms(WEBHOOK_SECRET),
		...secretForms(STALE_TOKEN),
		...secretForms(CFIS_KEY),
		...secretForms(CFIS_INPUT_KEY),
		...double.issuedTokens.flatMap(secretForms),
	];
}

/** Records one case: what came out is searched for secrets; `crashed` says the call itself threw unexpectedly. */
function check(name: string, output: unknown, crashed?: unknown): void {
	tally.case();
	if (crashed !== undefined) tally.fail('crashes', 1, `${name}: ${String((crashed as Error)?.stack ?? crashed)}`);
	const text = dump(output);
	const found = leaksIn(text, allForms());
	if (found.length) {
		const at = text.indexOf(found[0]);
		tally.fail('secretsLeaked', 1, `${name}: …${text.slice(Math.max(0, at - 120), at + found[0].length + 20)}…`);
	}
}

/** What the node let out: its error, its items and its run data (not the start node's, which holds the input). */
function nodeOutput(result: RunResult): unknown {
	return { error: result.error, resultError: result.run.data.resultData.error, items: result.items('Node'), runData: result.run.data.resultData.runData.Node };
}

/** The Zertiban action cases: one per operation, with and without Continue On Fail. */
const ACTIONS: Array<{ name: string; parameters: IDataObject }> = [
	{ name: 'Operation → Get', parameters: { resource: 'operation', operation: 'get', operationUuid: { __rl: true, mode: 'id', value: OPERATION } } },
	{ name: 'Flow → Get Many', parameters: { resource: 'flow', operation: 'getMany', returnAll: false, limit: 5 } },
	{
		name: 'Flow → Create',
		parameters: {
			resource: 'flow',
			operation: 'create',
			countryCode: 'ES',
			externalId: 'ABUSE-SECRETS',
			operations: { operation: [{ amount: 50, concept: 'x', operationExternalId: 'op' }] },
		},
	},
];

type TokenSetup = { label: string; stored: string; token: TokenMode };
const TOKEN_SETUPS: TokenSetup[] = [
	{ label: 'fresh token fetched during the run', stored: '', token: 'ok' },
	{ label: 'stored token refused (401) then refreshed', stored: STALE_TOKEN, token: 'ok' },
	{ label: 'token endpoint echoes 400', stored: '', token: 'echo400' },
	{ label: 'token endpoint echoes 500', stored: '', token: 'echo500' },
];
const API_STATUSES: ApiMode[] = [400, 404, 422];

function arm(token: TokenMode, api: ApiMode, style: (typeof ECHO_STYLES)[number]): void {
	Object.assign(double.mode, { token, api, style, refuseUnknownTokens: true });
}

describe('secrets: an API that echoes requests in its errors', () => {
	it('no secret form leaves a Zertiban action: item errors and Continue On Fail items', async () => {
		for (const setup of TOKEN_SETUPS) {
			for (const style of ECHO_STYLES) {
				for (const api of setup.token === 'ok' ? API_STATUSES : [400 as ApiMode]) {
					for (const action of ACTIONS) {
						for (const continueOnFail of [false, true]) {
							arm(setup.token, api, style);
							const name = `${action.name} (${setup.label}, API ${api}, ${style}${continueOnFail ? ', Continue On Fail' : ''})`;
							try {
								const result = await runNode({ type: 'zertiban', parameters: action.parameters, credentials: zertibanStore(setup.stored), continueOnFail });
								check(name, nodeOutput(result));
							} catch (error) {
								check(name, error, error);
							}
						}
					}
				}
			}
		}
	});

	it('no secret form leaves the polling trigger (Fetch Test Event and an active poll)', async () => {
		for (const setup of TOKEN_SETUPS) {
			for (const style of ECHO_STYLES) {
				for (const mode of ['manual', 'trigger'] as const) {
					arm(setup.token, 400, style);
					const name = `Polling trigger ${mode} (${setup.label}, ${style})`;
					const staticData: IDataObject = mode === 'trigger' ? { pollState: undefined } : {};
					try {
						if (mode === 'trigger') {
							await pollNode({ type: 'zertibanPollingTrigger', parameters: { statuses: [] }, credentials: zertibanStore(setup.stored), staticData });
						}
						const output = await pollNode({ type: 'zertibanPollingTrigger', parameters: { statuses: [] }, credentials: zertibanStore(setup.stored), staticData, mode });
						check(name, output);
					} catch (error) {
						check(name, error);
					}
				}
			}
		}
	});

	it('no secret form leaves the credential test', async () => {
		for (const token of ['echo400', 'echo500', 'ok'] as TokenMode[]) {
			for (const style of ECHO_STYLES) {
				arm(token, 401, style);
				const name = `credential test (token ${token}, ${style})`;
				try {
					const data = zertibanStore('').data.zertibanOAuth2Api as IDataObject;
					check(name, await testCredential('zertibanOAuth2Api', data));
				} catch (error) {
					check(name, error, error);
				}
			}
		}
	});

	it('no secret form leaves the webhook trigger: operation details of a signed event, payer redirect page', async () => {
		for (const setup of TOKEN_SETUPS) {
			for (const style of ECHO_STYLES) {
				arm(setup.token, 404, style);
				const body = {
					eventUuid: randomUUID(),
					timestamp: new Date().toISOString(),
					eventType: 'OPERATION_COMPLETED',
					metadata: { apiVersion: 'v1', organizationUuid: BUSINESS },
					resource: { uuid: OPERATION, externalId: 'E', status: 'COMPLETED' },
				};
				const trigger = {
					type: 'zertibanTrigger' as const,
					parameters: { events: ['*'], startOn: ['events', 'redirects'], options: { includeOperationDetails: true } },
					credentials: zertibanStore(setup.stored),
					staticData: new StaticDataStore(),
				};
				for (const [name, request] of [
					[`event with operation details (${setup.label}, ${style})`, { webhookName: 'default', body, headers: signText(canonicalIterative(body), WEBHOOK_SECRET) }],
					[`payer redirect (${setup.label}, ${style})`, { webhookName: 'setup', query: { operationId: OPERATION, redirect: 'callback' } }],
				] as const) {
					try {
						check(name, await callWebhook(trigger, request as never));
					} catch (error) {
						check(name, error, error);
					}
				}
			}
		}
	});

	it('no API key leaves the Confirma Finance node (credential key and a key given in the input)', async () => {
		const store = new CredentialStore({
			cfisApi: { environment: 'custom', baseUrl: `${double.baseUrl}/api/v1/partner`, accessToken: CFIS_KEY },
		});
		for (const style of ECHO_STYLES) {
			for (const api of [400, 401, 403, 404] as ApiMode[]) {
				for (const parameters of [
					{ resource: 'token', operation: 'validate' },
					{ resource: 'token', operation: 'validate', tokenSource: 'input', accessToken: '={{ $json.key }}' },
				]) {
					for (const continueOnFail of [false, true]) {
						Object.assign(double.mode, { token: 'ok', api, style, refuseUnknownTokens: false });
						const name = `Confirma Finance token validate (${JSON.stringify(parameters)}, ${api}, ${style}, CoF ${continueOnFail})`;
						try {
							const result = await runNode({ type: 'cfis', parameters, inputItems: [{ key: CFIS_INPUT_KEY }], credentials: store, continueOnFail });
							check(name, nodeOutput(result));
						} catch (error) {
							check(name, error, error);
						}
					}
				}
			}
		}
	});

	it('has 0 in every failure column', () => {
		expect(tally.cases()).toBeGreaterThan(300);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	});
});
