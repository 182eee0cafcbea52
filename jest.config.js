/** Jest projects: unit (pure functions, credentials), sandbox (the API doubles), workflow (in-process n8n-core
 * WorkflowExecute against the sandbox), e2e (real n8n through its CLI). `npm test` runs them all. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.dev.json' }];
const project = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	modulePathIgnorePatterns: ['<rootDir>/.n8n-runtime/', '<rootDir>/.demo/', '<rootDir>/dist/'],
	...extra,
});
module.exports = {
	// Per test; the e2e tests pass their own, longer timeout to it().
	testTimeout: 60 * 1000,
	projects: [
		project('unit'),
		project('sandbox'),
		project('workflow', { setupFiles: ['<rootDir>/test/helpers/env.ts'] }),
		project('e2e'),
	],
};
