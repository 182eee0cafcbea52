#!/usr/bin/env bash
# `npm run demo [-- --once] [--json FILE] [--no-build] [--port N] [--keep]`: the example stories in real n8n
# against the local sandbox. The work is done by scripts/demo/index.ts (run with the project's tsx on the system Node;
# n8n itself runs on the Node 24 that scripts/runtime.sh provides).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -d node_modules/tsx ]]; then
	echo "demo: the project's devDependencies are missing: run \`npm ci\` first" >&2
	exit 1
fi
exec node --import tsx scripts/demo/index.ts "$@"
