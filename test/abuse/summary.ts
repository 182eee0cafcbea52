/**
 * Global teardown of the abuse project: prints one summary line per category (cases tried and every failure
 * column, all of which must be 0) from the results the test files saved. The tests themselves fail on any
 * non-zero column; this is the report.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FAILURE_COLUMNS, RESULTS_DIR, summaryLine, type CategoryResult } from './tally';

export default function summary(): void {
	if (!existsSync(RESULTS_DIR)) return;
	const results = readdirSync(RESULTS_DIR)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => JSON.parse(readFileSync(join(RESULTS_DIR, name), 'utf8')) as CategoryResult);
	const lines = results.map(summaryLine);
	const total = results.reduce((sum, r) => sum + r.cases, 0);
	const failing = results.filter((r) => FAILURE_COLUMNS.some((c) => r.failures[c] > 0));
	lines.push(`abuse ${'TOTAL'.padEnd(22)} cases ${String(total).padStart(5)} | categories with failures: ${failing.length}`);
	for (const r of failing) for (const example of r.examples) lines.push(`  ${r.category}: ${example}`);
	process.stdout.write(`\n${lines.join('\n')}\n`);
}
