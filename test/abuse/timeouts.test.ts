/**
 * Category "timeouts": a server that accepts the connection and never answers (test/helpers/blackHole.ts). Every
 * operation of both action nodes — the list derived from the nodes' registries, as the operation-list test does —
 * runs against it with the node option Timeout = 1 second and must end with the timeout error that names the
 * endpoint and the seconds waited; so must the Zertiban Trigger's operation read-back and payer redirect and both
 * polling triggers, with their default timeouts. Every case runs at once (they only wait). "crashes" counts a case
 * that ended any other way: output, another error, or no end.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { registry as cfisRegistry } from '../../nodes/Cfis/actions/router';
import type { OperationRegistry } from '../../nodes/shared/router';
import { DEFAULT_TIMEOUT_SECONDS } from '../../nodes/shared/request';
import { registry as zertibanRegistry } from '../../nodes/Zertiban/actions/router';
import { invoiceCreateParameters } from '../helpers/cfisInvoice';
import { startBlackHole, type BlackHole } from '../helpers/blackHole';
import { startDataTablesDouble, type DataTablesDouble } from '../helpers/dataTables';
import { CredentialStore, StaticDataStore, callWebhook, executeTrigger, pollNode, runNode } from './support';
import { NO_FAILURES, Tally } from './tally';

const tally = new Tally('timeouts');
afterAll(() => tally.save());

const OPERATION = '0a621874-852f-4794-a3cc-b38f06c8eabe';
const BUSINESS = '3f0c2a9e-5b7d-4e1a-9c2f-7a1b2c3d4e5f';
const WEBHOOK_SECRET = 'timeouts-webhook-secret-42';
const rl = (value: string) => ({ __rl: true, mode: 'id', value });

/**
 * Parameters that pass each operation's input checks (so that what is tested is the request, not the input). Keyed
 * `node.resource.operation`; an operation of the registries without an entry fails the test below.
 */
const PARAMETERS: Record<string, IDataObject> = {
	'zertiban.flow.create': { countryCode: 'ES', externalId: 'T-1', operations: { operation: [{ amount: 50, concept: 'x', operationExternalId: 'T-1-op' }] } },
	'zertiban.flow.createPagaFactu': { countryCode: 'ES', externalId: 'PF-1', amount: 99, concept: 'Factura A-1', operationExternalId: 'PF-OP-1', invoiceExternalId: 'A-1', invoiceName: 'Factura A-1' },
	'zertiban.flow.get': { flowUuid: rl(OPERATION) },
	'zertiban.flow.getMany': { returnAll: true },
	'zertiban.flow.getStatusHistory': { flowUuid: rl(OPERATION) },
	'zertiban.operation.cancel': { operationUuid: rl(OPERATION) },
	'zertiban.operation.download': { operationUuid: rl(OPERATION) },
	'zertiban.operation.get': { operationUuid: rl(OPERATION) },
	'zertiban.operation.getMany': { returnAll: true },
	'zertiban.operation.getStatus': { operationUuid: rl(OPERATION) },
	'zertiban.operation.getStatusHistory': { operationUuid: rl(OPERATION) },
	'zertiban.payment.get': { paymentUuid: OPERATION },
	'zertiban.beneficiaryAccount.get': { beneficiaryAccountUuid: rl(OPERATION) },
	'zertiban.beneficiaryAccount.getMany': { returnAll: true },
	'zertiban.configuration.get': { configurationUuid: rl(OPERATION) },
	'zertiban.configuration.getMany': { returnAll: true },
	'cfis.accounting.getInvoiceStatus': {},
	'cfis.accounting.getLedgerStatus': {},
	'cfis.accounting.getPaymentStatus': {},
	'cfis.accounting.submitLedger': {
		ledgerIdentifier: 'L-1',
		companyIdentifier: '0737546-2',
		documentType: 'ML',
		documentName: '1',
		documentDate: '2026-11-21',
		calculationMode: 'GROSS',
		ledgerRows: JSON.stringify([
			{ bookingDate: '2026-11-21', accountNumber: '1701', amount: 10, netAmount: 10, vatPercentage: 0, isVatRow: 0 },
			{ bookingDate: '2026-11-21', accountNumber: '3000', amount: -10, netAmount: -10, vatPercentage: 0, isVatRow: 0 },
		]),
	},
	'cfis.accounting.submitPayment': { paymentIdentifier: 'P-1', invoiceNumber: '202600101', paymentDate: '2026-11-20', amount: 110, currency: 'EUR', targetIdentifier: 'invoicenumber' },
	'cfis.client.create': {
		serviceType: 'LIFECYCLE',
		partnerCode: 'DEMO1',
		name: 'Demo Customer Oy',
		businessCode: '2331972-7',
		email: 'billing@demo-customer.fi',
		countryCode: 'FI',
		languageCode: 'FI',
		contacts: { contact: [{ type: 'PRIMARY', name: 'Maija', email: 'maija@demo-customer.fi' }] },
	},
	'cfis.finvoice.getAddresses': { businessId: '0737546-2' },
	'cfis.invoice.addActions': { caseId: 12345, actions: { action: [{ code: 'COMMENT', comment: 'x' }] } },
	'cfis.invoice.create': invoiceCreateParameters(7001),
	'cfis.invoice.getCase': { caseId: 12345 },
	'cfis.invoice.getDistribution': {},
	'cfis.invoice.reportPayment': { paymentKey: OPERATION, caseId: 12345, amount: 0.99, currency: 'EUR', paymentDate: '2026-11-28', reference: '1337109', paymentMethod: 'Zertiban' },
	'cfis.payment.getMany': {},
	'cfis.settlement.getMany': {},
	'cfis.token.renew': {},
	'cfis.token.validate': {},
};

/** `[node type, resource, operation]` of every registered operation of both nodes. */
const operations = ([['zertiban', zertibanRegistry], ['cfis', cfisRegistry]] as Array<['zertiban' | 'cfis', OperationRegistry]>).flatMap(([type, registry]) =>
	Object.entries(registry).flatMap(([resource, ops]) => Object.keys(ops).map((operation) => [type, resource, operation] as const)),
);

/** The timeout error a user must see: the API, the method and path, the seconds waited. */
const timeoutError = (api: string, seconds: number) => new RegExp(`^${api} did not answer (GET|POST|PUT|DELETE) /\\S* within ${seconds} s \\(timeout\\)`);

let hole: BlackHole;
let tables: DataTablesDouble;
beforeAll(async () => {
	hole = await startBlackHole();
	tables = await startDataTablesDouble();
});
afterAll(async () => {
	await hole.close();
	await tables.close();
});

const zertibanCredentials = () => ({
	zertibanOAuth2Api: { environment: 'custom', baseUrl: hole.baseUrl, clientId: 'c', clientSecret: 'timeouts-client-secret', businessUuid: BUSINESS, webhookSecret: WEBHOOK_SECRET, accessToken: '' },
});
const cfisCredentials = () => ({
	cfisApi: { environment: 'custom', baseUrl: `${hole.baseUrl}/api/v1/partner`, accessToken: 'timeouts-client-token' },
	cfisPartnerApi: { environment: 'custom', baseUrl: `${hole.baseUrl}/api/v1/partner`, provisioningToken: 'timeouts-partner-token' },
	paymentRecordApi: { baseUrl: tables.url, apiKey: tables.apiKey },
});

/** Judges one case: it must have ended with an error whose message matches `expected`. */
function judge(name: string, message: string | undefined, expected: RegExp): void {
	tally.case();
	if (message === undefined || !expected.test(message)) tally.fail('crashes', 1, `${name}: ended with ${message === undefined ? 'no error' : JSON.stringify(message)}, expected ${String(expected)}`);
}

describe('timeouts: a server that never answers', () => {
	it('every operation of both nodes has parameters here (the list is derived from the registries)', () => {
		expect(operations.length).toBeGreaterThan(30);
		expect(operations.map((op) => op.join('.')).filter((key) => !PARAMETERS[key])).toEqual([]);
	});

	it('every operation, the Zertiban Trigger read-back and redirect, and both polling triggers end with the timeout error', async () => {
		const actions = operations.map(async ([type, resource, operation]) => {
			const name = `${type} ${resource} → ${operation}`;
			const result = await runNode({
				type,
				parameters: { resource, operation, ...PARAMETERS[`${type}.${resource}.${operation}`], timeout: 1 },
				credentials: new CredentialStore(type === 'zertiban' ? zertibanCredentials() : cfisCredentials()),
			});
			judge(name, result.error?.message, timeoutError(type === 'zertiban' ? 'Zertiban' : 'Confirma Finance', 1));
		});
		const defaults = DEFAULT_TIMEOUT_SECONDS.api;
		const event = { eventUuid: randomUUID(), timestamp: new Date().toISOString(), eventType: 'OPERATION_COMPLETED', metadata: { apiVersion: 'v1', organizationUuid: BUSINESS }, resource: { uuid: OPERATION, status: 'COMPLETED' } };
		const trigger = () => ({
			type: 'zertibanTrigger' as const,
			parameters: { events: ['*'], startOn: ['events', 'redirects'], options: { includeOperationDetails: true } },
			credentials: new CredentialStore(zertibanCredentials()),
			staticData: new StaticDataStore(),
		});
		const triggers = [
			(async () => {
				const [item] = await executeTrigger(trigger(), [event]);
				judge('Zertiban Trigger operation details', item?.operationDetailsError as string | undefined, timeoutError('Zertiban', defaults));
			})(),
			(async () => {
				const answer = await callWebhook(trigger(), { webhookName: 'setup', query: { operationId: OPERATION, redirect: 'callback' } });
				tally.case();
				// the payer gets a page, never a hanging browser: the status could not be read in time
				if (answer.status < 200 || answer.status >= 600) tally.fail('crashes', 1, `payer redirect: answered ${answer.status}`);
			})(),
			...([
				['Zertiban Polling Trigger', 'zertibanPollingTrigger', zertibanCredentials(), { statuses: [] }, 'Zertiban'],
				['Confirma Finance Trigger', 'cfisTrigger', cfisCredentials(), { event: 'newPayment' }, 'Confirma Finance'],
			] as const).map(async ([name, type, credentials, parameters, api]) => {
				const outcome = await pollNode({ type, parameters, credentials: new CredentialStore(credentials), staticData: {}, mode: 'manual' }).then(
					() => undefined,
					(error: Error) => error.message,
				);
				judge(name, outcome, timeoutError(api, defaults));
			}),
		];
		await Promise.all([...actions, ...triggers]);
		expect(hole.swallowed.size).toBeGreaterThan(10);
		expect({ failures: tally.failures(), examples: tally.examples() }).toEqual({ failures: NO_FAILURES, examples: [] });
	}, 240_000);
});
