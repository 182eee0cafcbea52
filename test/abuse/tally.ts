/**
 * The abuse suite's score sheet: per category, how many cases were tried and how many of them showed each kind
 * of failure. Every test file keeps one {@link Tally}, saves it after its tests (one JSON file per category under
 * `.abuse-results/`), and the project's global teardown (./summary.ts) prints one line per category.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The failure columns of the summary; each must stay 0. */
export const FAILURE_COLUMNS = [
	'secretsLeaked',
	'crashes',
	'requestsForInvalidInput',
	'itemsLost',
	'duplicateCreations',
	'duplicateExecutions',
] as const;

/** One failure column. */
export type FailureColumn = (typeof FAILURE_COLUMNS)[number];

/** Where the per-category results go (the repo root's `.abuse-results/`, git-ignored). */
export const RESULTS_DIR = join(__dirname, '..', '..', '.abuse-results');

/** The counts of one category. `examples` keeps the first few failures, to say what went wrong. */
export interface CategoryResult {
	category: string;
	cases: number;
	failures: Record<FailureColumn, number>;
	examples: string[];
}

/** Counts cases and failures of one category. */
export class Tally {
	private readonly result: CategoryResult;

	constructor(readonly category: string) {
		this.result = {
			category,
			cases: 0,
			failures: Object.fromEntries(FAILURE_COLUMNS.map((c) => [c, 0])) as Record<FailureColumn, number>,
			examples: [],
		};
	}

	/** One more case tried. */
	case(count = 1): void {
		this.result.cases += count;
	}

	/**
	 * Adds `count` failures of `column`, remembering `example` when count > 0: at most 10, one per case kind (the
	 * text before the first ` (`), so the report shows every kind that fails.
	 */
	fail(column: FailureColumn, count: number, example: string): void {
		if (count <= 0) return;
		this.result.failures[column] += count;
		const kind = `${column} +`;
		const prefix = example.split(' (')[0];
		const known = this.result.examples.some((e) => e.startsWith(kind) && e.split(': ')[1]?.split(' (')[0] === prefix);
		if (!known && this.result.examples.length < 10) this.result.examples.push(`${column} +${count}: ${example.slice(0, 400)}`);
	}

	/** The failure counts so far (all 0 when the category holds). */
	failures(): Record<FailureColumn, number> {
		return { ...this.result.failures };
	}

	/** The first failures, for a test's message. */
	examples(): string[] {
		return [...this.result.examples];
	}

	/** Cases tried so far. */
	cases(): number {
		return this.result.cases;
	}

	/** Writes the category's result for the summary. */
	save(): void {
		mkdirSync(RESULTS_DIR, { recursive: true });
		writeFileSync(join(RESULTS_DIR, `${this.category}.json`), JSON.stringify(this.result, null, 2));
	}
}

/** Zeros in every failure column: what each category must end with. */
export const NO_FAILURES: Record<FailureColumn, number> = Object.fromEntries(FAILURE_COLUMNS.map((c) => [c, 0])) as Record<
	FailureColumn,
	number
>;

/** One summary line: `abuse <category>: cases N | secrets leaked N | crashes N | …`. */
export function summaryLine(result: CategoryResult): string {
	const f = result.failures;
	return (
		`abuse ${result.category.padEnd(22)} cases ${String(result.cases).padStart(5)} | secrets leaked ${f.secretsLeaked} | ` +
		`crashes ${f.crashes} | requests sent for invalid input ${f.requestsForInvalidInput} | items lost ${f.itemsLost} | ` +
		`duplicate creations ${f.duplicateCreations} | duplicate executions ${f.duplicateExecutions}`
	);
}
