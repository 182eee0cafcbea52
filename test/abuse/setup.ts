/** Global setup of the abuse project: clears the results of an earlier run, so the summary shows only this one. */
import { rmSync } from 'node:fs';

import { RESULTS_DIR } from './tally';

export default function setup(): void {
	rmSync(RESULTS_DIR, { recursive: true, force: true });
}
