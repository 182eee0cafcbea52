/**
 * `npm run check:descriptions` (part of `npm test`, after the build): loads the built nodes and credentials from
 * dist/ (as n8n does, through the package.json `n8n` section) and reports what a user of the editor would find
 * wrong in their texts:
 *
 * - parameters, nested ones included (collection options, fixedCollection values), without a description;
 * - user-visible texts (display names, descriptions, hints, placeholders, option names, action labels) citing
 *   internal notes or doubting the vendor docs (`§`, `*.md`, "not confirmed", source tags such as `[SIM]`);
 * - labels the parameter panel cuts off (more than {@link MAX_LABEL} characters);
 * - options lists of 5 or more values not sorted by name (n8n's lint rule, which misses computed lists), and
 *   option names not in title case;
 * - required numbers whose default is 0, and numbers whose default is below their minimum (a fake value);
 * - two collections with the same placeholder (e.g. two "Add Option") shown for the same operation;
 * - trigger event options without an `action` (n8n's node creator then derives a garbled action name);
 * - node-creator actions listed twice (e.g. a second Resource parameter for the AI-tool variant, which n8n's node
 *   creator reads as more resources), and trigger actions that the editor would save with a parameter issue or
 *   with a single value in a multi-option parameter (scripts/node-creator.ts says how the panel adds an action);
 * - two words for one thing (CONTRIBUTING.md, "Names"): a Zertiban operation is a "payment link" and a flow a
 *   "flow", in the nodes' texts, README.md, CONTRIBUTING.md and docs/;
 * - date fields read as a calendar day without the date-only picker (`typeOptions.dateOnly`), or the reverse;
 * - *Requests at Once* shown for an operation whose items always run one at a time, or hidden for one whose
 *   items run together (from the nodes' operation registries, actions/router.ts);
 * - notices with HTML that n8n's notice drops (it keeps only a, ul and li: no line break survives a `<br>`).
 *
 * Prints each finding and one count per kind; exits 0 only when every count is 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { NodeHelpers, type INode, type INodeParameters, type INodeTypeDescription } from 'n8n-workflow';

import { REPO } from './n8n';
import { creatorActions } from './node-creator';

type Option = { name?: string; value?: unknown; action?: string; description?: string };
type Property = Record<string, unknown> & {
	name?: string;
	displayName?: string;
	type?: string;
	description?: string;
	default?: unknown;
	required?: boolean;
	placeholder?: string;
	typeOptions?: { minValue?: number };
	displayOptions?: { show?: Record<string, unknown[]> };
};

/** Longest label the parameter panel shows uncut (a nested "Unit Price (Currency Units, Ex…" is cut at 30). */
const MAX_LABEL = 30;
const INTERNAL = /§|\b[\w-]+\.md\b|not confirmed|confirmed by the docs|docs (do not|don't|leave)|(docs|pages) show|sandbox proposal|\[(D|I|S|SIM|D!)\]|DESIGN|\bissue \d/i;
const VISIBLE = ['displayName', 'description', 'hint', 'placeholder', 'name', 'action', 'subtitle'];
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'per', 'the', 'to', 'via', 'with']);

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
const load = createRequire(__filename);
const findings: Record<string, string[]> = {
	'parameters without a description': [],
	'texts citing internal notes': [],
	'labels longer than 30 characters': [],
	'unsorted options (5+)': [],
	'option names not in title case': [],
	'fake number defaults': [],
	'collections sharing a placeholder': [],
	'trigger events without an action': [],
	'node-creator actions listed twice': [],
	'trigger actions saved with an issue': [],
	'two words for one thing': [],
	'day fields without the date-only picker': [],
	'Requests at Once shown in vain or hidden': [],
	'notice HTML the editor drops': [],
};
const report = (kind: string, line: string) => findings[kind].push(line);

function visitTexts(where: string, value: unknown) {
	if (typeof value === 'string') {
		if (INTERNAL.test(value)) report('texts citing internal notes', `${where}: ${value.slice(0, 120)}`);
	} else if (Array.isArray(value)) value.forEach((entry, i) => visitTexts(`${where}[${i}]`, entry));
	else if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			if (typeof entry === 'string' ? VISIBLE.includes(key) : key !== 'routing' && key !== 'displayOptions') visitTexts(`${where}.${key}`, entry);
		}
	}
}

/** {@link checkWords} over every user-visible text of a description. */
function visitWords(where: string, value: unknown) {
	if (Array.isArray(value)) value.forEach((entry) => visitWords(where, entry));
	else if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			if (typeof entry === 'string') {
				if (VISIBLE.includes(key)) checkWords(`${where}.${key}`, entry);
			} else if (key !== 'routing' && key !== 'displayOptions') visitWords(where, entry);
		}
	}
}

function checkOptions(path: string, options: Option[]) {
	const names = options.map((option) => String(option.name ?? ''));
	const sorted = [...names].sort((a, b) => a.localeCompare(b));
	if (names.length >= 5 && names.some((name, i) => name !== sorted[i])) report('unsorted options (5+)', `${path}: ${names.join(' | ')}`);
	for (const name of names) {
		const words = name.split(/\s+/);
		if (words.some((word, i) => /^[a-z]/.test(word) && (i === 0 || !SMALL_WORDS.has(word)))) report('option names not in title case', `${path}: ${name}`);
	}
}

function visitProperties(where: string, properties: Property[]) {
	for (const property of properties) {
		const path = `${where} → ${property.displayName ?? property.name}`;
		const isParameter = property.type !== undefined && property.type !== 'notice' && property.type !== 'hidden';
		if (isParameter && !property.description && !['resource', 'operation'].includes(property.name ?? '')) {
			report('parameters without a description', path);
		}
		if (isParameter && (property.displayName ?? '').length > MAX_LABEL) report('labels longer than 30 characters', path);
		if (property.type === 'number') {
			const min = property.typeOptions?.minValue;
			if ((property.required && property.default === 0) || (typeof min === 'number' && typeof property.default === 'number' && property.default < min)) {
				report('fake number defaults', `${path}: default ${String(property.default)}${min === undefined ? '' : `, minimum ${min}`}`);
			}
		}
		if (property.type === 'options' || property.type === 'multiOptions') checkOptions(path, (property.options as Option[] | undefined) ?? []);
		for (const option of (property.options as Property[] | undefined) ?? []) {
			if (option.type !== undefined) visitProperties(path, [option]);
			else if (Array.isArray(option.values)) visitProperties(`${path} → ${option.displayName}`, option.values as Property[]);
		}
	}
}

/** Whether two top-level properties can show at the same time, judged on their `show` conditions. */
function overlap(a: Property, b: Property): boolean {
	const showA = a.displayOptions?.show ?? {};
	const showB = b.displayOptions?.show ?? {};
	return Object.keys(showA)
		.filter((key) => key in showB)
		.every((key) => showA[key].some((value) => showB[key].includes(value)));
}

function checkPlaceholders(where: string, properties: Property[]) {
	const collections = properties.filter((p) => (p.type === 'collection' || p.type === 'fixedCollection') && p.placeholder);
	collections.forEach((a, i) =>
		collections.slice(i + 1).forEach((b) => {
			if (a.placeholder === b.placeholder && overlap(a, b)) {
				report('collections sharing a placeholder', `${where}: ${a.displayName} and ${b.displayName} both offer "${a.placeholder}"`);
			}
		}),
	);
}

/** The trigger actions n8n's node creator builds from the property labelled Event, Events or Trigger On. */
function checkTriggerActions(description: { displayName: string; properties: Property[] }) {
	if (!description.displayName.toLowerCase().includes('trigger')) return;
	const events = description.properties.find((p) => ['event', 'events', 'trigger on'].includes((p.displayName ?? '').toLowerCase()));
	for (const option of (events?.options as Option[] | undefined) ?? []) {
		if (!option.action) report('trigger events without an action', `${description.displayName} → ${events?.displayName}: ${option.name}`);
	}
}

/** A node of `description` with `parameters`, as the editor holds it. */
const editorNode = (description: INodeTypeDescription, parameters: INodeParameters): INode => ({
	id: 'check',
	name: description.defaults.name ?? description.displayName,
	type: description.name,
	typeVersion: Array.isArray(description.version) ? Math.max(...description.version) : description.version,
	position: [0, 0],
	parameters,
});

/** The node creator's actions: none listed twice; a trigger's added with every parameter valid (no issue on the canvas). */
function checkCreatorActions(description: INodeTypeDescription) {
	const actions = creatorActions(description);
	const seen = new Set<string>();
	for (const action of actions) {
		const key = `${action.label} ${JSON.stringify(action.parameters)}`;
		if (seen.has(key)) report('node-creator actions listed twice', `${description.displayName}: ${action.label}`);
		seen.add(key);
	}
	if (!description.group.includes('trigger')) return;
	for (const action of actions) {
		const node = editorNode(description, {});
		const parameters = NodeHelpers.getNodeParameters(description.properties, action.parameters as INodeParameters, true, false, node, description) ?? {};
		for (const [name, value] of Object.entries(action.parameters)) {
			const property = description.properties.find((p) => p.name === name);
			if (property?.type === 'multiOptions' && !Array.isArray(value)) {
				report('trigger actions saved with an issue', `${description.displayName} → "${action.label}": sets ${name} to the single value ${JSON.stringify(value)}, not a list`);
			}
		}
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters }, description);
		for (const [name, messages] of Object.entries(issues?.parameters ?? {})) {
			report('trigger actions saved with an issue', `${description.displayName} → "${action.label}": ${name}: ${messages.join(' ')}`);
		}
	}
}

/**
 * One word per thing (CONTRIBUTING.md, "Names"): Zertiban's operation is shown as a "payment link", its flow as a
 * "flow"; the words below are the other names they had.
 */
const OTHER_NAMES: Array<{ word: RegExp; use: string }> = [
	{ word: /payment requests?/i, use: 'flow' },
	{ word: /collection requests?/i, use: 'flow' },
];

function checkWords(where: string, text: string) {
	for (const { word, use } of OTHER_NAMES) {
		const found = word.exec(text);
		if (found) report('two words for one thing', `${where}: "${found[0]}" (say "${use}"): …${text.slice(Math.max(0, found.index - 40), found.index + 60)}…`);
	}
}

/** Zertiban's actions and trigger events name their object with the package's word for it. */
function checkObjectWords(description: INodeTypeDescription) {
	if (!description.name.startsWith('zertiban')) return;
	const operationLists = description.properties.filter((p) => p.name === 'operation' && p.displayOptions?.show?.resource);
	for (const list of operationLists) {
		const resource = String(list.displayOptions?.show?.resource?.[0]);
		for (const option of (list.options ?? []) as Option[]) {
			const word = resource === 'operation' ? 'payment link' : resource === 'flow' && !String(option.value).startsWith('create') ? 'flow' : undefined;
			if (word && !String(option.action).includes(word)) report('two words for one thing', `${description.displayName} → ${resource} → ${option.name}: action "${option.action}" does not say "${word}"`);
		}
	}
	const events = description.properties.find((p) => p.name === 'events');
	for (const option of (events?.options ?? []) as Option[]) {
		const word = String(option.value).startsWith('FLOW_') ? 'flow' : String(option.value).startsWith('OPERATION_') ? 'payment link' : undefined;
		if (word && !String(option.action).includes(word)) report('two words for one thing', `${description.displayName} → ${option.name}: action "${option.action}" does not say "${word}"`);
	}
}

/** Every field read as a calendar day (its description says "day") is a date-only picker, and only those are. */
function checkDayFields(where: string, properties: Property[]) {
	for (const property of properties) {
		const path = `${where} → ${property.displayName}`;
		if (property.type === 'dateTime') {
			const day = /\bday\b/i.test(property.description ?? '');
			const dateOnly = (property.typeOptions as { dateOnly?: boolean } | undefined)?.dateOnly === true;
			if (day !== dateOnly) report('day fields without the date-only picker', `${path}: ${dateOnly ? 'a date-only picker whose description does not say which day' : 'read as a day but picks a date and time'}`);
		}
		for (const option of (property.options as Property[] | undefined) ?? []) {
			if (option.type !== undefined) checkDayFields(path, [option]);
			else if (Array.isArray(option.values)) checkDayFields(`${path} → ${option.displayName}`, option.values as Property[]);
		}
	}
}

/** *Requests at Once* shows exactly for the operations whose items may run together (the module is not `oneAtATime`). */
function checkRequestsAtOnce(description: INodeTypeDescription, registryFile: string) {
	const { registry } = load(join(REPO, registryFile)) as { registry: Record<string, Record<string, { oneAtATime?: boolean }>> };
	const property = description.properties.find((p) => p.name === 'requestsAtOnce');
	if (!property) return;
	for (const [resource, operations] of Object.entries(registry)) {
		for (const [operation, module] of Object.entries(operations)) {
			const parameters = { resource, operation };
			const shown = NodeHelpers.displayParameter(parameters, property, editorNode(description, parameters), description);
			if (shown === (module.oneAtATime === true)) {
				report('Requests at Once shown in vain or hidden', `${description.displayName} → ${resource} → ${operation}: ${shown ? 'shown, but its items run one at a time' : 'hidden, but its items run together'}`);
			}
		}
	}
}

/** Notices use only the HTML n8n's notice keeps (a, ul, li); anything else is dropped with its line breaks. */
function checkNotices(where: string, properties: Property[]) {
	for (const property of properties.filter((p) => p.type === 'notice')) {
		const tags = [...String(property.displayName).matchAll(/<\/?\s*([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase()).filter((tag) => !['a', 'ul', 'li'].includes(tag));
		if (tags.length > 0) report('notice HTML the editor drops', `${where} → ${property.name}: <${[...new Set(tags)].join('>, <')}>`);
	}
}

/** The action nodes' operation registries in dist/, by node file (`…/X.node.js` → `…/actions/router.js`). */
const registryOf = (file: string) => file.replace(/[^/]+\.node\.js$/, 'actions/router.js');

for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	const module = load(join(REPO, file)) as Record<string, new () => { description?: { displayName: string; properties: Property[] }; displayName?: string; properties?: Property[] }>;
	for (const Type of Object.values(module).filter((value) => typeof value === 'function')) {
		const instance = new Type();
		const description = instance.description ?? { displayName: instance.displayName ?? file, properties: instance.properties ?? [] };
		visitProperties(description.displayName, description.properties);
		visitTexts(description.displayName, description);
		checkPlaceholders(description.displayName, description.properties);
		checkTriggerActions(description);
		visitWords(description.displayName, description);
		checkDayFields(description.displayName, description.properties);
		checkNotices(description.displayName, description.properties);
		if (instance.description) {
			checkCreatorActions(instance.description as unknown as INodeTypeDescription);
			checkObjectWords(instance.description as unknown as INodeTypeDescription);
			if (!instance.description.displayName.includes('Trigger')) checkRequestsAtOnce(instance.description as unknown as INodeTypeDescription, registryOf(file));
		}
	}
}
// The same words in what a user reads next to the editor.
const docs = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
for (const doc of docs) {
	readFileSync(join(REPO, doc), 'utf8')
		.split('\n')
		.forEach((line, i) => checkWords(`${doc}:${i + 1}`, line));
}
let total = 0;
for (const [kind, lines] of Object.entries(findings)) {
	for (const line of lines) process.stdout.write(`${kind}: ${line}\n`);
	total += lines.length;
}
process.stdout.write(`${Object.entries(findings).map(([kind, lines]) => `${kind}: ${lines.length}`).join('; ')}\n`);
process.exit(total === 0 ? 0 : 1);
