/**
 * The lifecycle templates in examples/ are what scripts/lifecycle/ makes (no hand-kept copies), and each has the
 * parts the ERP relies on (README.md, "The invoice's whole life").
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { TELL_THE_ERP } from '../../scripts/lifecycle/blocks';
import { LIFECYCLE_TEMPLATES } from '../../scripts/lifecycle/templates';
import { exampleText } from '../../scripts/lifecycle/write';

const REPO = join(__dirname, '../..');

describe('lifecycle templates', () => {
	it.each(Object.keys(LIFECYCLE_TEMPLATES))('examples/%s is the generator\'s output (npm run examples:lifecycle)', (file) => {
		expect(readFileSync(join(REPO, 'examples', file), 'utf8')).toBe(exampleText(LIFECYCLE_TEMPLATES[file]()));
	});

	it.each(Object.keys(LIFECYCLE_TEMPLATES))('%s has one ERP callback node, every link between existing nodes, unique node ids', (file) => {
		const workflow = LIFECYCLE_TEMPLATES[file]();
		expect(workflow.nodes.filter((node) => node.name === TELL_THE_ERP)).toHaveLength(1);
		const names = new Set(workflow.nodes.map((node) => node.name));
		expect(names.size).toBe(workflow.nodes.length);
		expect(new Set(workflow.nodes.map((node) => node.id)).size).toBe(workflow.nodes.length);
		for (const [from, { main }] of Object.entries(workflow.connections)) {
			expect(names.has(from)).toBe(true);
			for (const target of main.flat()) expect(names.has(target.node)).toBe(true);
		}
	});
});
