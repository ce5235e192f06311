#!/usr/bin/env bash
# The unit tests and the command line through `npm test`, on the node on PATH: npm scripts run on the
# node npm runs on (the project's Node 24 stays out of node_modules/.bin), and `engines` says >=20.
# CI's matrix runs this under Node 20, 22 and 24; .ci/run runs the whole of `npm test`, which adds
# the bundle's end-to-end runs under this node and under Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "Node $(node --version): unit tests, then the command line (dist/cli.js and the npm package) end to end"
npm test -- --exclude '__tests__/e2e/**' --reporter=dot
npm test -- __tests__/e2e/cli.test.ts __tests__/e2e/package.test.ts --reporter=dot
