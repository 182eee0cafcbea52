/** Jest projects: unit (pure functions, credentials), sandbox (the API doubles), workflow (in-process n8n-core
 * WorkflowExecute against the sandbox), abuse (hostile input and faults; prints a summary per category),
 * e2e (real n8n through its CLI). `npm test` runs them all. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.dev.json' }];
const project = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runtime/', '<rootDir>/.n8n-runtime-compat/', '<rootDir>/.demo/', '<rootDir>/dist/'],
	...extra,
});
module.exports = {
	// Per test; the e2e tests pass their own, longer timeout to it().
	testTimeout: 60 * 1000,
	projects: [
		project('unit'),
		project('sandbox'),
		project('workflow', { setupFiles: ['<rootDir>/test/helpers/env.ts'] }),
		project('abuse', {
			setupFiles: ['<rootDir>/test/helpers/env.ts'],
			globalSetup: '<rootDir>/test/abuse/setup.ts',
			globalTeardown: '<rootDir>/test/abuse/summary.ts',
		}),
		project('e2e'),
	],
};
