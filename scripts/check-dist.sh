#!/usr/bin/env bash
# dist/ is what `uses:` and `npx` run, so it is committed: this proves it is a fresh build of src/.
# Used by .ci/run and by the release workflow.
set -euo pipefail
cd "$(dirname "$0")/.."

fresh=$(mktemp -d)
trap 'rm -rf "$fresh"' EXIT
node scripts/build.mjs "$fresh"
if ! diff -r -q dist "$fresh" >/dev/null; then
  diff -r dist "$fresh" | head -20 || true
  echo "dist/ is stale: run 'npm run build' and commit dist/." >&2
  exit 1
fi
echo "dist/ matches a fresh build of src/."
