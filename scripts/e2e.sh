#!/usr/bin/env bash
# `npm run test:e2e`: build the package, then the end-to-end tests in real n8n (jest project e2e).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
npm run build
npx jest --selectProjects e2e "$@"
