#!/usr/bin/env bash
# Bundles the action (dist/index.js) and the command line (dist/cli.js) with ncc, into dist/ or $1.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npx ncc build src/index.ts -o "$tmp/action" --license licenses.txt -q
npx ncc build src/cli.ts -o "$tmp/cli" -q
rm -rf "$out"
mkdir -p "$out"
cp "$tmp/action/"* "$out/"
cp "$tmp/cli/index.js" "$out/cli.js"
chmod +x "$out/cli.js"
