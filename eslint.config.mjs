// Lint = n8n's own rules on what ships, sensible rules on what does not (`npm run lint` runs `n8n-node lint`).
//
// 1. `config` from @n8n/node-cli, unchanged: the configuration `n8n-node lint` scaffolds and the verification gate
//    (@n8n/scan-community-package) applies. typescript-eslint recommended, @n8n/eslint-plugin-community-nodes
//    `recommended` (with the n8n Cloud rules) on every .ts file and package.json, the eslint-plugin-n8n-nodes-base
//    rulesets on ./nodes and ./credentials, import-x, no-console. So nodes/, credentials/ and package.json (all
//    that `files: ["dist"]` ships, compiled) meet exactly the gate's rules.
// 2. Inline `eslint-disable` comments are ignored everywhere (linterOptions.noInlineConfig), as at the gate.
// 3. Development code (sandbox/, scripts/, test/: never compiled into dist/, never published) keeps typescript-
//    eslint recommended, import-x and no-console, but not the community-node rules: those describe a node package
//    loaded into n8n (no `process`, no timers, imports only from the n8n allow-list), while the sandbox is a
//    Fastify server and the scripts and tests drive processes, ports and timers. Node's globals are declared.
//
// Why `"strict": false` in package.json: with strict on, `n8n-node lint` refuses any eslint.config.mjs that differs
// from the two-line template, and the template lints dev code with the node rules (100 errors, all outside
// nodes/ and credentials/). Strict mode changes nothing else in @n8n/node-cli 0.48.3 (only `lint` and
// `cloud-support` read it); the Cloud rules stay on for shipped code through `config` (not
// `configWithoutCloudSupport`).
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';
import globals from 'globals';

const DEV_CODE = ['sandbox/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'];

/** Every rule of the community-node plugins that `config` switches on, switched off (for dev code only). */
const nodePackageRulesOff = Object.fromEntries(
	config
		.flatMap((block) => Object.keys(block.rules ?? {}))
		.filter((rule) => rule.startsWith('@n8n/community-nodes/') || rule.startsWith('n8n-nodes-base/'))
		.map((rule) => [rule, 'off']),
);

export default [
	globalIgnores(['dist', 'node_modules', '.n8n-runtime', '.demo', 'coverage', 'shots', '.browser-shots', '**/*.js', '**/*.mjs']),
	...config,
	{ linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } },
	{
		files: DEV_CODE,
		rules: nodePackageRulesOff,
		languageOptions: { globals: { ...globals.node } },
	},
	{
		// The sandbox is the nodes' independent test double: its paths, codes and checks come from the API contract
		// (docs/), never from nodes/, so that a wrong path or check in a node makes a test fail.
		files: ['sandbox/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/nodes/**', '**/nodes'], message: 'The sandbox never imports from nodes/: derive it from the API contract (docs/).' }] },
			],
		},
	},
];
