/**
 * The built package as n8n loads a community package (`dist/`), and the node types the harness knows: this
 * package's nodes plus a stub start node.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import {
	NodeHelpers,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

/** The repository root (the package directory n8n loads). */
export const PACKAGE_DIR = join(__dirname, '..', '..', '..');
/** The package name, the prefix of this package's node types. */
export const PACKAGE_NAME = 'n8n-nodes-zertiban-cfis';

/**
 * The stub start node: emits the items given in its `items` parameter (a JSON array of objects). An item's
 * `$binary` key, if any, becomes its binary data: `{ field: { data: <base64>, mimeType, fileName } }`.
 */
class StartStub implements INodeType {
	description = {
		displayName: 'Start',
		name: 'start',
		group: ['trigger'],
		version: 1,
		description: 'Test start node',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[{}]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0, '[{}]');
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [
			items.map(({ $binary, ...json }) =>
				$binary ? { json, binary: $binary as INodeExecutionData['binary'] } : { json },
			),
		];
	}
}

let loaded: Promise<PackageDirectoryLoader> | undefined;

/** Loads the built package once per test file, as n8n's community-package loader does. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	if (!existsSync(join(PACKAGE_DIR, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` before the workflow tests');
	}
	loaded ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_DIR);
		await loader.loadAll();
		return loader;
	})();
	return await loaded;
}

/** This package's node types by name, plus `harness.start` (also answering for n8n's manual trigger). */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly loader: PackageDirectoryLoader) {}

	private readonly start = new StartStub();

	private readonly tools = new Map<string, INodeType>();

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		if (nodeType === 'harness.start' || nodeType === 'n8n-nodes-base.manualTrigger') return this.start;
		const short = nodeType.startsWith(`${PACKAGE_NAME}.`) ? nodeType.slice(PACKAGE_NAME.length + 1) : nodeType;
		if (short.endsWith('Tool') && !this.loader.nodeTypes[short]) return this.tool(short);
		const data = this.loader.nodeTypes[short];
		if (!data) throw new Error(`Unknown node type ${nodeType}`);
		return data.type;
	}

	/**
	 * The AI-tool variant n8n makes of a `usableAsTool` node (n8n's `NodeTypes.getByNameAndVersion`: the node cloned
	 * with `Object.create`, its description's name ending in `Tool`, so `'@tool'` display options hold and the node
	 * sees its type as `…Tool`). Inputs and outputs stay `main`, so the harness runs it like a node an agent called.
	 */
	private tool(short: string): INodeType {
		const cached = this.tools.get(short);
		if (cached) return cached;
		const base = this.loader.nodeTypes[short.slice(0, -'Tool'.length)]?.type as INodeType | undefined;
		if (!base?.description.usableAsTool) throw new Error(`Unknown node type ${short} (not usable as a tool)`);
		const description = Object.create(base.description, {
			name: { value: `${base.description.name}Tool` },
			displayName: { value: `${base.description.displayName} Tool` },
		});
		const tool = Object.create(base, { description: { value: description } }) as INodeType;
		this.tools.set(short, tool);
		return tool;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}
