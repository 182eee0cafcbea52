/**
 * The nodes as AI agents' tools (nodes/shared/tools.ts): what the tool variant n8n makes of a
 * `usableAsTool` node offers (read from the built node descriptions with n8n-workflow's own display rules), the
 * tool descriptions n8n derives from it, and what a tool node refuses when run (before any request).
 */
import { NodeHelpers, makeDescription, type INode, type INodeParameters, type INodeProperties, type INodePropertyOptions, type INodeTypeDescription } from 'n8n-workflow';

import { Cfis } from '../../nodes/Cfis/Cfis.node';
import { registry as cfisRegistry } from '../../nodes/Cfis/actions/router';
import type { OperationRegistry } from '../../nodes/shared/router';
import { Zertiban } from '../../nodes/Zertiban/Zertiban.node';
import { registry as zertibanRegistry } from '../../nodes/Zertiban/actions/router';
import { sandboxFixture } from '../helpers/sandbox';
import { runNode } from './harness';

/** The description of the tool variant: n8n names it `<name>Tool`, which makes `'@tool'` display options true. */
const asTool = (description: INodeTypeDescription): INodeTypeDescription => ({ ...description, name: `${description.name}Tool` });
const node = (description: INodeTypeDescription, parameters: INodeParameters): INode => ({
	id: 'n',
	name: 'Node',
	type: description.name,
	typeVersion: 1,
	position: [0, 0],
	parameters,
});

/** The values of the options parameter `name` that the editor shows for `parameters` (n8n's display rules). */
function offered(description: INodeTypeDescription, name: string, parameters: INodeParameters): string[] {
	const shown = description.properties.filter(
		(property: INodeProperties) => property.name === name && NodeHelpers.displayParameter(parameters, property, node(description, parameters), description),
	);
	return shown.flatMap((property) => (property.options as INodePropertyOptions[]).map((option) => String(option.value)));
}
const shows = (description: INodeTypeDescription, name: string, parameters: INodeParameters) =>
	description.properties.some((property) => property.name === name && NodeHelpers.displayParameter(parameters, property, node(description, parameters), description));

const zertiban = new Zertiban().description;
const cfis = new Cfis().description;

/** A node's registered operations of `resource` (actions/router.ts), all or only those an agent may use, sorted. */
const registered = (registry: OperationRegistry, resource: string, forAgents = false) =>
	Object.entries(registry[resource])
		.filter(([, module]) => !forAgents || module.notForAgents === undefined)
		.map(([value]) => value)
		.sort();
const sorted = (values: string[]) => [...values].sort();

describe('what the tool variants offer an AI agent', () => {
	it('both action nodes are tools', () => {
		expect(zertiban.usableAsTool).toBe(true);
		expect(cfis.usableAsTool).toBe(true);
	});

	it('each node lists its registered operations; its tool variant those not marked notForAgents (derived, not hand-kept)', () => {
		for (const [description, registry] of [
			[zertiban, zertibanRegistry],
			[cfis, cfisRegistry],
		] as const) {
			expect(sorted(offered(description, 'resource', {}))).toEqual(Object.keys(registry).sort());
			expect(sorted(offered(asTool(description), 'resource', {}))).toEqual(Object.keys(registry).sort());
			for (const resource of Object.keys(registry)) {
				expect(sorted(offered(description, 'operation', { resource }))).toEqual(registered(registry, resource));
				expect(sorted(offered(asTool(description), 'operation', { resource }))).toEqual(registered(registry, resource, true));
			}
		}
	});

	it('Confirma Finance: no Client → Create (it outputs an access token) and no Token → Renew (revokes the credential’s token)', () => {
		expect(offered(cfis, 'operation', { resource: 'token' })).toEqual(['renew', 'validate']);
		expect(offered(asTool(cfis), 'operation', { resource: 'token' })).toEqual(['validate']);
		// Client has no operation for agents: the tool shows why instead of an Operation list, a person's node does not.
		expect(offered(asTool(cfis), 'operation', { resource: 'client' })).toEqual([]);
		expect(shows(asTool(cfis), 'clientNotForAgents', { resource: 'client' })).toBe(true);
		expect(shows(cfis, 'clientNotForAgents', { resource: 'client' })).toBe(false);
		// One Resource parameter: n8n's node creator lists the actions of every parameter named resource.
		expect(cfis.properties.filter((property) => property.name === 'resource')).toHaveLength(1);
	});

	it('Zertiban: no Operation → Download Document (binary output) and no PagaFactu PDF (binary in or out)', () => {
		expect(offered(zertiban, 'operation', { resource: 'operation' })).toContain('download');
		expect(offered(asTool(zertiban), 'operation', { resource: 'operation' })).not.toContain('download');
		const pagaFactu = { resource: 'flow', operation: 'createPagaFactu' };
		expect(shows(zertiban, 'invoiceDocument', pagaFactu)).toBe(true);
		expect(shows(asTool(zertiban), 'invoiceDocument', pagaFactu)).toBe(false);
		expect(shows(asTool(zertiban), 'binaryPropertyName', pagaFactu)).toBe(false);
	});

	it('the tool descriptions n8n derives ("Set Automatically") say in plain words what the tool does', () => {
		const described = (description: INodeTypeDescription, resource: string, operation: string) => makeDescription({ resource, operation }, asTool(description));
		expect(described(zertiban, 'flow', 'create')).toBe('Create a payment link in Zertiban');
		expect(described(zertiban, 'flow', 'get')).toBe('Get a flow in Zertiban');
		expect(described(zertiban, 'operation', 'getMany')).toBe('Get many payment links in Zertiban');
		expect(described(cfis, 'token', 'validate')).toBe('Validate an access token in Confirma Finance');
		expect(described(cfis, 'invoice', 'create')).toBe('Create an invoice in Confirma Finance');
	});
});

describe('a tool node refuses what is not for agents, before any request', () => {
	let fx: Awaited<ReturnType<typeof sandboxFixture>>;
	beforeAll(async () => {
		fx = await sandboxFixture();
	});
	afterAll(async () => {
		await fx.close();
	});

	it('Confirma Finance Tool: Token → Renew and Client → Create fail with the reason; Token → Validate works', async () => {
		await fx.resetCounters('cfis');
		const renew = await runNode({ type: 'cfisTool', parameters: { resource: 'token', operation: 'renew' }, credentials: fx.cfisCredentials() });
		expect(renew.error?.message).toBe('token → renew is not available to AI agents: it revokes the access token the credential holds and outputs the new one in plain text');
		const client = await runNode({ type: 'cfisTool', parameters: { resource: 'client', operation: 'create' }, credentials: fx.cfisCredentials() });
		expect(client.error?.message).toBe("Resource client is not available to AI agents: its output holds the new client's access token in plain text");
		expect(fx.totalRequests(await fx.counters('cfis'))).toBe(0);

		const validate = await runNode({ type: 'cfisTool', parameters: { resource: 'token', operation: 'validate' }, credentials: fx.cfisCredentials() });
		expect(validate.error).toBeUndefined();
		expect(validate.json('Node')).toEqual([expect.objectContaining({ isValid: true })]);
	});

	it('Zertiban Tool: Download Document fails with the reason (a regular node is not refused); PagaFactu makes the link only, never a PDF', async () => {
		await fx.resetCounters('zertiban');
		const operationUuid = '00000000-0000-4000-8000-000000000000';
		const download = { resource: 'operation', operation: 'download', operationUuid: { __rl: true, mode: 'id', value: operationUuid }, documentUuid: operationUuid };
		const refused = await runNode({ type: 'zertibanTool', parameters: download, credentials: fx.zertibanCredentials() });
		expect(refused.error?.message).toBe('operation → download is not available to AI agents: it outputs the document as binary data, which an agent cannot read');
		expect(fx.totalRequests(await fx.counters('zertiban'))).toBe(0);
		const regular = await runNode({ type: 'zertiban', parameters: download, credentials: fx.zertibanCredentials() });
		expect(regular.error?.message).not.toMatch(/AI agents/); // it fails on the unknown operation instead

		// A PDF choice saved in the node does not reach the tool: the tool variant has no Invoice PDF parameter.
		const pagaFactu = { resource: 'flow', operation: 'createPagaFactu', countryCode: 'ES', externalId: 'PF-AI-1', amount: 50, concept: 'Factura AI-1', invoiceDocument: 'generate' };
		const tool = await runNode({ type: 'zertibanTool', parameters: pagaFactu, credentials: fx.zertibanCredentials() });
		expect(tool.error).toBeUndefined();
		expect(tool.items('Node')).toHaveLength(1);
		expect(tool.items('Node')[0].binary).toBeUndefined();
		const person = await runNode({ type: 'zertiban', parameters: { ...pagaFactu, externalId: 'PF-AI-2' }, credentials: fx.zertibanCredentials() });
		expect(person.error).toBeUndefined();
		expect(Object.keys(person.items('Node')[0].binary ?? {})).toEqual(['data']);
	});
});
