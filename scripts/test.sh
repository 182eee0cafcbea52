#!/usr/bin/env bash
# `npm test` (and `.ci/run`): lint, type check, build, the editor-text check over dist/ (scripts/describe-check.ts),
# then every jest project (unit, sandbox, workflow, e2e), then the browser test (scripts/browser.ts: the demo's real
# n8n driven in Chromium; scripts/chromium.sh installs Debian's Chromium when none is found). The e2e project runs
# real n8n; its first run on a machine installs it (scripts/runtime.sh, about 2-3 min). With arguments
# (`npm test -- <jest args>`) only jest runs, with them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n[test] %s\n' "$*" >&2; }
step "npm run lint";      npm run lint
step "npm run typecheck"; npm run typecheck
step "npm run build";     npm run build
step "npm run check:descriptions"; npm run check:descriptions
step "jest (all projects)"; npx jest "$@"
if [[ $# -eq 0 ]]; then
	step "browser test (npm run test:browser -- --no-build)"; npm run test:browser -- --no-build
fi
