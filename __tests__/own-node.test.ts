/**
 * `npm test` proves the node it is run with: `engines` says >=20, and Node 24 (for the bundle's
 * end-to-end runs) is installed where npm puts no `node` into node_modules/.bin.
 */
import { existsSync, realpathSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { NODE_24 } from '../stand-ins/node24.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const startedBy = process.env.npm_node_execpath

describe('the node the tests run on', () => {
  it('is not shadowed: node_modules/.bin holds no node, Node 24 lives in tools/node24', () => {
    for (const shim of ['node', 'node.cmd', 'node.ps1']) expect(existsSync(join(ROOT, 'node_modules', '.bin', shim)), shim).toBe(false)
    expect(NODE_24.startsWith(join(ROOT, 'tools', 'node24', 'node_modules'))).toBe(true)
  })

  it.skipIf(!startedBy)(`is ${process.version}, the node npm was started with (npm test, npx vitest)`, () => {
    expect(realpathSync(process.execPath)).toBe(realpathSync(startedBy ?? ''))
  })

  it.skipIf(!startedBy)('is the first node on the PATH that npm gives its scripts', () => {
    const first = (process.env.PATH ?? '')
      .split(delimiter)
      .map((dir) => join(dir, 'node'))
      .find((candidate) => existsSync(candidate))
    expect(realpathSync(first ?? '')).toBe(realpathSync(process.execPath))
  })
})
