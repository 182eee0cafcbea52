/**
 * Every list of operations is derived from the nodes' registries (actions/router.ts, built from each resource's one
 * list in actions/<resource>/index.ts: nodes/shared/resource.ts), not kept by hand (CONTRIBUTING.md, "Adding an
 * operation"): the panel's Operation lists, the node creator's actions and README.md's table of operations all hold
 * exactly the registered operations. The AI-tool lists are checked the same way in test/workflow/ai-tools.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { Cfis } from '../../nodes/Cfis/Cfis.node';
import { registry as cfisRegistry } from '../../nodes/Cfis/actions/router';
import type { OperationRegistry } from '../../nodes/shared/router';
import { Zertiban } from '../../nodes/Zertiban/Zertiban.node';
import { registry as zertibanRegistry } from '../../nodes/Zertiban/actions/router';
import { creatorActions } from '../../scripts/node-creator';

const NODES: Array<[INodeTypeDescription, OperationRegistry]> = [
	[new Zertiban().description, zertibanRegistry],
	[new Cfis().description, cfisRegistry],
];

/** The options of the first parameter `name` that shows for `resource` (the panel's list for people). */
function optionsOf(description: INodeTypeDescription, name: string, resource?: string): INodePropertyOptions[] {
	const property = description.properties.find(
		(p) => p.name === name && !p.displayOptions?.show?.['@tool'] && (resource === undefined || p.displayOptions?.show?.resource?.includes(resource)),
	);
	return (property?.options ?? []) as INodePropertyOptions[];
}

/** `[node, resource, operation]` display names of every registered operation. */
function registeredRows(): string[][] {
	return NODES.flatMap(([description, registry]) =>
		Object.entries(registry).flatMap(([resource, operations]) => {
			const resourceName = optionsOf(description, 'resource').find((option) => option.value === resource)?.name;
			return Object.keys(operations).map((operation) => {
				const operationName = optionsOf(description, 'operation', resource).find((option) => option.value === operation)?.name;
				return [description.displayName, String(resourceName), String(operationName)];
			});
		}),
	);
}

/** README.md's table "Nodes and operations", one `[node, resource, operation]` per operation (`Get / Get Many` is two). */
function readmeRows(): string[][] {
	const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
	const table = readme.slice(readme.indexOf('## Nodes and operations'));
	return table
		.split('\n')
		.filter((line) => /^\| (Zertiban|Confirma Finance) \| (?!—)/.test(line))
		.flatMap((line) => {
			const [node, resource, operations] = line.split('|').slice(1, 4).map((cell) => cell.trim());
			return operations.split(' / ').map((operation) => [node, resource, operation]);
		});
}

const byText = (rows: string[][]) => rows.map((row) => row.join(' → ')).sort();

describe('operation lists derived from the registries', () => {
	it.each(NODES.map(([description, registry]) => [description.displayName, description, registry] as const))(
		'%s: each resource lists exactly its registered operations, and the node creator offers each once',
		(_name, description, registry) => {
			expect(optionsOf(description, 'resource').map((option) => option.value).sort()).toEqual(Object.keys(registry).sort());
			for (const [resource, operations] of Object.entries(registry)) {
				expect(optionsOf(description, 'operation', resource).map((option) => option.value).sort()).toEqual(Object.keys(operations).sort());
			}
			const actions = creatorActions(description);
			const expected = Object.entries(registry).flatMap(([resource, operations]) => Object.keys(operations).map((operation) => `${resource}.${operation}`));
			expect(actions.map((action) => `${String(action.parameters.resource)}.${String(action.parameters.operation)}`).sort()).toEqual(expected.sort());
		},
	);

	it("README's table of operations lists every registered operation, by the names the editor shows", () => {
		expect(byText(readmeRows())).toEqual(byText(registeredRows()));
	});
});
