// The rules n8n's verification gate applies (@n8n/scan-community-package, `n8n-node lint`): typescript-eslint
// recommended, @n8n/eslint-plugin-community-nodes `recommended` on the TypeScript and package.json, the three
// eslint-plugin-n8n-nodes-base rulesets, no-console. `npm run lint` passes --no-inline-config, so an
// `eslint-disable` comment is ignored here exactly as it is at the gate.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const community = n8nCommunityNodesPlugin.configs.recommended;

export default tseslint.config(
	globalIgnores(['dist', 'node_modules', '.n8n-runtime', '.demo', 'coverage', '**/*.js', '**/*.mjs']),
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, community],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { 'prefer-spread': 'off', 'no-console': 'error' },
	},
	{
		files: ['package.json'],
		extends: [community],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
	{
		// Development code (never shipped): the sandbox, scripts and tests run on Node with its globals.
		files: ['sandbox/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly', URL: 'readonly', AbortController: 'readonly', __dirname: 'readonly' } },
	},
	{
		// The sandbox is the nodes' independent test double: its paths, codes and checks come from the API contract
		// (shared/api/), never from nodes/, so that a wrong path or check in a node makes a test fail.
		files: ['sandbox/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/nodes/**', '**/nodes'], message: 'The sandbox never imports from nodes/: derive it from the API contract (shared/api/).' }] },
			],
		},
	},
);
