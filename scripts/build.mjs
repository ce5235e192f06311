/**
 * Bundles the action (dist/index.js) and the command line (dist/cli.js) into dist/ (or argv[2]).
 *
 * esbuild rather than ncc: with @actions/core marked free of side effects, the bundler leaves out
 * its OIDC client and the HTTP stack under it (undici, ~770 KB) that this action never calls, and
 * code splitting lets libsodium load only when a run seals. Measured by `npm run bench`.
 */
import { build } from 'esbuild'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(root, process.argv[2] ?? 'dist')

/** @actions/core's modules only declare things; marked so, the unused ones (OIDC, exec) drop out. */
const coreIsPure = {
  name: 'actions-core-is-pure',
  setup(bundler) {
    bundler.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving' || !(args.path === '@actions/core' || args.importer.includes('/@actions/core/'))) return undefined
      const resolved = await bundler.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving'
      })
      if (resolved.errors.length > 0 || resolved.external || !resolved.path.startsWith('/')) return undefined
      return { path: resolved.path, sideEffects: false }
    })
  }
}

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

rmSync(out, { recursive: true, force: true })
const result = await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [coreIsPure],
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  // Bundled CommonJS packages may still require() node's built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
})

// dist/ stands alone: ESM by its own package.json, with the licenses of everything bundled.
writeFileSync(join(out, 'package.json'), '{\n  "type": "module"\n}\n')
const packages = new Set()
for (const input of Object.keys(result.metafile.inputs)) {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input)
  if (match) packages.add(match[1])
}
const licenses = [...packages].sort().map((name) => {
  const dir = join(root, 'node_modules', name)
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  const file = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'license', 'LICENCE'].map((f) => join(dir, f)).find(existsSync)
  return `${name}@${meta.version}\n${meta.license ?? ''}\n${file ? readFileSync(file, 'utf8').trim() : ''}`
})
writeFileSync(join(out, 'licenses.txt'), licenses.join('\n\n') + '\n')
