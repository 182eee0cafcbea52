/** Jest projects: unit (pure functions, credentials), sandbox (the API doubles), workflow (in-process n8n-core
 * WorkflowExecute against the sandbox), e2e (real n8n through its CLI). `npm test` runs them all. */
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.dev.json', isolatedModules: true }];
const project = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	...extra,
});
module.exports = {
	projects: [
		project('unit'),
		project('sandbox'),
		project('workflow'),
		project('e2e', { testTimeout: 15 * 60 * 1000 }),
	],
};
