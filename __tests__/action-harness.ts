/** Runs the action in-process (src/main.ts), inputs as the runner passes them. Not a test file itself. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest'
import { run } from '../src/main.js'
import { parseOutputFile } from '../stand-ins/run-action.js'
import { startWorld, type World, type WorldOptions } from '../stand-ins/world.js'

export interface Result {
  exitCode: string | number | null | undefined
  lines: string[]
  errors: string[]
  warnings: string[]
  outputs: Record<string, string>
  summary: string
}

/** Registers the hooks; returns the harness. @actions/core remembers the first summary file: one for the whole file. */
export function actionHarness() {
  const SAVED_ENV = { ...process.env }
  let dir = ''
  const worlds: World[] = []
  let stdout: string[] = []
  const outputFile = (): string => join(dir, 'output')
  const summaryFile = (): string => join(dir, 'summary')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'main-test-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_') || name.startsWith('GITHUB_')) delete process.env[name]
    await Promise.all([writeFile(outputFile(), ''), writeFile(summaryFile(), '')])
    Object.assign(process.env, { GITHUB_OUTPUT: outputFile(), GITHUB_STEP_SUMMARY: summaryFile(), THREADS_TOKEN_KEEPER_TIME_SCALE: '0.1' })
    stdout = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk))
      return true
    })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    for (const name of Object.keys(process.env)) if (!(name in SAVED_ENV)) delete process.env[name]
    Object.assign(process.env, SAVED_ENV)
    process.exitCode = undefined
    await Promise.all(worlds.splice(0).map((w) => w.close()))
  })

  async function start(options: WorldOptions = {}): Promise<World> {
    const world = await startWorld(options)
    worlds.push(world)
    return world
  }

  async function runWith(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<Result> {
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
    Object.assign(process.env, env)
    await run()
    const lines = stdout.join('').split('\n')
    const command = (prefix: string): string[] => lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length))
    return {
      exitCode: process.exitCode,
      lines,
      errors: command('::error::'),
      warnings: command('::warning::'),
      outputs: parseOutputFile(await readFile(outputFile(), 'utf8')),
      summary: await readFile(summaryFile(), 'utf8')
    }
  }

  return { start, runWith, dir: () => dir }
}

/** A credential shows only on ::add-mask:: lines, only as the access-token output, never in the summary. */
export function expectNoLeaks(result: Result, credentials: string[]): void {
  for (const secret of credentials) {
    expect(result.lines.filter((line) => !line.startsWith('::add-mask::') && line.includes(secret))).toEqual([])
    expect(result.summary).not.toContain(secret)
    for (const [name, value] of Object.entries(result.outputs)) if (name !== 'access-token') expect(value).not.toContain(secret)
  }
}

/** Each credential's ::add-mask:: line comes before any other line holding it. */
export function expectMaskedFirst(result: Result, credentials: string[]): void {
  for (const secret of credentials) {
    const mask = result.lines.indexOf(`::add-mask::${secret}`)
    const use = result.lines.findIndex((line) => !line.startsWith('::add-mask::') && line.includes(secret))
    expect(mask, `never masked: ${secret.slice(0, 8)}…`).toBeGreaterThanOrEqual(0)
    if (use >= 0) expect(mask).toBeLessThan(use)
  }
}
