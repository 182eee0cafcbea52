#!/usr/bin/env bash
# `npm test` (and `.ci/run`): lint, type check, build, the editor-text check over dist/ (scripts/describe-check.ts),
# then every jest project (unit, sandbox, workflow, e2e).
# The e2e project runs real n8n; its first run on a machine installs it (scripts/runtime.sh, about 2-3 min).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
step() { printf '\n[test] %s\n' "$*" >&2; }
step "npm run lint";      npm run lint
step "npm run typecheck"; npm run typecheck
step "npm run build";     npm run build
step "npm run check:descriptions"; npm run check:descriptions
step "jest (all projects)"; npx jest "$@"
