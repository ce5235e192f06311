import { readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'

const { version } = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { version: string }

export default defineConfig({
  // What scripts/build.mjs writes into the bundle: the tests see the same.
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Which node runs the tests, and which run the bundle end to end: said once, at the top.
    globalSetup: ['__tests__/global-setup.ts'],
    testTimeout: 30_000,
    // Hermetic whatever the machine: a developer's proxy must not carry the tests' loopback requests
    // (empty counts as unset). The tests that want a proxy set one themselves.
    env: { HTTPS_PROXY: '', https_proxy: '', HTTP_PROXY: '', http_proxy: '', NO_PROXY: '', no_proxy: '' },
    hookTimeout: 30_000,
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The two entries only call run() and main(): the end-to-end tests run them as child processes.
      exclude: ['src/index.ts', 'src/cli.ts'],
      // A floor, not a goal: a change that leaves code untested fails CI.
      thresholds: { statements: 97, branches: 93, functions: 95, lines: 98 },
      reporter: ['text-summary', 'text']
    }
  }
})
