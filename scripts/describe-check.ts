/**
 * `npm run check:descriptions` (part of `npm test`, after the build): loads the built nodes and credentials from
 * dist/ (as n8n does, through the package.json `n8n` section) and reports what a user of the editor would find
 * wrong in their texts (issue 13):
 *
 * - parameters, nested ones included (collection options, fixedCollection values), without a description;
 * - user-visible texts (display names, descriptions, hints, placeholders, option names, action labels) citing
 *   internal notes or doubting the vendor docs (`§`, `*.md`, "not confirmed", source tags such as `[SIM]`);
 * - labels the parameter panel cuts off (more than {@link MAX_LABEL} characters);
 * - options lists of 5 or more values not sorted by name (n8n's lint rule, which misses computed lists), and
 *   option names not in title case;
 * - required numbers whose default is 0, and numbers whose default is below their minimum (a fake value);
 * - two collections with the same placeholder (e.g. two "Add Option") shown for the same operation;
 * - trigger event options without an `action` (n8n's node creator then derives a garbled action name).
 *
 * Prints each finding and one count per kind; exits 0 only when every count is 0.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { REPO } from './n8n';

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

for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
	const module = load(join(REPO, file)) as Record<string, new () => { description?: { displayName: string; properties: Property[] }; displayName?: string; properties?: Property[] }>;
	for (const Type of Object.values(module).filter((value) => typeof value === 'function')) {
		const instance = new Type();
		const description = instance.description ?? { displayName: instance.displayName ?? file, properties: instance.properties ?? [] };
		visitProperties(description.displayName, description.properties);
		visitTexts(description.displayName, description);
		checkPlaceholders(description.displayName, description.properties);
		checkTriggerActions(description);
	}
}
let total = 0;
for (const [kind, lines] of Object.entries(findings)) {
	for (const line of lines) process.stdout.write(`${kind}: ${line}\n`);
	total += lines.length;
}
process.stdout.write(`${Object.entries(findings).map(([kind, lines]) => `${kind}: ${lines.length}`).join('; ')}\n`);
process.exit(total === 0 ? 0 : 1);
