/**
 * Writes the lifecycle templates (./templates.ts) to examples/ as n8n exports them (2-space JSON, final newline):
 * `npm run examples:lifecycle`. test/unit/lifecycle-examples.test.ts checks the files match.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { LIFECYCLE_TEMPLATES } from './templates';

/** The text of an example file for a workflow. */
export const exampleText = (workflow: object) => `${JSON.stringify(workflow, null, 2)}\n`;

if (require.main === module) {
	for (const [file, make] of Object.entries(LIFECYCLE_TEMPLATES)) {
		writeFileSync(join(resolve(__dirname, '../../examples'), file), exampleText(make()));
		process.stdout.write(`examples/${file}\n`);
	}
}
