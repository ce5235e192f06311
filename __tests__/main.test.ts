import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { run } from '../src/main.js'
import type { TokenGrant } from '../stand-ins/github-api.js'
import { parseOutputFile } from '../stand-ins/run-action.js'
import { startWorld, type World } from '../stand-ins/world.js'

const DAY = 86_400_000
const SECRET = 'THREAD_ACCESS_TOKEN'
const SAVED_ENV = { ...process.env }

let dir: string
let world: World | undefined
let stdout: string[]
// @actions/core remembers the first summary file it wrote: one file for the whole suite.
const outputFile = (): string => join(dir, 'output')
const summaryFile = (): string => join(dir, 'summary')

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'main-test-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
beforeEach(async () => {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
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
  await world?.close()
  world = undefined
})

async function start(grant?: TokenGrant): Promise<World> {
  world = await startWorld(grant ? { grant } : {})
  return world
}

/** Runs the action in-process, inputs as the runner passes them. */
async function runWith(inputs: Record<string, string>) {
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
  await run()
  const lines = stdout.join('').split('\n')
  return {
    exitCode: process.exitCode,
    lines,
    errors: lines.filter((line) => line.startsWith('::error::')).map((line) => line.slice('::error::'.length)),
    outputs: parseOutputFile(await readFile(outputFile(), 'utf8')),
    summary: await readFile(summaryFile(), 'utf8')
  }
}
type Result = Awaited<ReturnType<typeof runWith>>

/** A credential shows only on ::add-mask:: lines, only as the access-token output, never in the summary. */
function expectNoLeaks(result: Result, credentials: string[]): void {
  for (const secret of credentials) {
    expect(result.lines.filter((line) => !line.startsWith('::add-mask::') && line.includes(secret))).toEqual([])
    expect(result.summary).not.toContain(secret)
    for (const [name, value] of Object.entries(result.outputs)) if (name !== 'access-token') expect(value).not.toContain(secret)
  }
}

/** Each credential's ::add-mask:: line comes before any other line holding it. */
function expectMaskedFirst(result: Result, credentials: string[]): void {
  for (const secret of credentials) {
    const mask = result.lines.indexOf(`::add-mask::${secret}`)
    const use = result.lines.findIndex((line) => !line.startsWith('::add-mask::') && line.includes(secret))
    expect(mask, `never masked: ${secret.slice(0, 8)}…`).toBeGreaterThanOrEqual(0)
    if (use >= 0) expect(mask).toBeLessThan(use)
  }
}

describe('run', () => {
  it('exchanges a code, stores the token, writes outputs and summary; masks first, leaks nothing', async () => {
    const w = await start()
    const code = w.threads.issueCode()
    const result = await runWith(w.inputs({ 'authorization-code': `${code}#_`, 'user-id-variable': 'THREAD_USER_ID' }))

    expect(result.exitCode).toBeUndefined()
    expect(result.errors).toEqual([])
    const stored = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(w.threads.isValid(stored)).toBe(true)
    expect(result.outputs).toMatchObject({
      flow: 'authorization-code',
      'access-token': stored,
      'user-id': w.threads.userId,
      username: w.threads.username
    })
    expect(result.summary).toContain('@ferret.poster')
    expect(w.github.variable(w.repository, 'THREAD_USER_ID')).toBe(w.threads.userId)
    expect(result.lines.some((line) => line.startsWith('::debug::'))).toBe(true)
    expectMaskedFirst(result, [code, w.threads.appSecret, w.githubToken, stored])
    expectNoLeaks(result, [...w.credentials(), stored])
  })

  it('refreshes a long-lived token; the old and the new token are both masked before use', async () => {
    const w = await start()
    const old = w.threads.issueToken('long-lived', 2 * DAY)
    const result = await runWith(w.inputs({ 'long-lived-token': old }))

    expect(result.exitCode).toBeUndefined()
    const stored = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(stored).not.toBe(old)
    expect(result.outputs['access-token']).toBe(stored)
    expectMaskedFirst(result, [old, w.githubToken, stored])
    expectNoLeaks(result, [...w.credentials(), stored])
  })

  it('input problems: one ::error:: each, exit code 1, no request sent, credentials masked first', async () => {
    const w = await start()
    const code = w.threads.issueCode()
    const result = await runWith(w.inputs({ 'authorization-code': code, 'app-id': 'my-app', 'redirect-uri': '', 'dry-run': 'maybe' }))

    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      "Input 'app-id' must be the numeric Threads App ID (not the app's name).",
      expect.stringMatching(/^Input 'redirect-uri' is required to exchange an authorization-code/),
      "Input 'dry-run' is 'maybe': write true or false."
    ])
    expect(w.threads.server.requests).toEqual([])
    expect(w.github.server.requests).toEqual([])
    expect(result.outputs).toEqual({})
    expectMaskedFirst(result, [code, w.threads.appSecret, w.githubToken])
    expectNoLeaks(result, w.credentials())
  })

  it('a failed write fails the run and hands the token back sealed, with the command that stores it', async () => {
    const w = await start({ secrets: 'read', variables: 'write' })
    const result = await runWith(w.inputs({ 'authorization-code': w.threads.issueCode() }))

    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(
      /^GitHub refused to write secret THREAD_ACCESS_TOKEN to octo-org\/blog \(HTTP 403\).*secrets=write.*The new token is not lost/
    )
    const command = result.lines.find((line) => line.startsWith('gh api --method PUT '))
    const sealed = /encrypted_value='([^']+)'/.exec(command ?? '')?.[1] ?? ''
    const token = w.github.open(sealed)
    expect(w.threads.token(token)?.kind).toBe('long-lived')
    expect(w.threads.isValid(token)).toBe(true)
    expect(result.summary).toContain(command)
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
    expectMaskedFirst(result, [token])
    expectNoLeaks(result, [...w.credentials(), token])
  })

  it('variables that cannot be written: the token is stored, one ::error:: per variable, exit code 1', async () => {
    const w = await start({ secrets: 'write', variables: 'read' })
    const result = await runWith(
      w.inputs({
        'long-lived-token': w.threads.issueToken('long-lived', 2 * DAY),
        'user-id-variable': 'A_ID',
        'expires-at-variable': 'A_EXP'
      })
    )

    expect(result.exitCode).toBe(1)
    expect(w.github.openSecret(w.repository, SECRET)).toBe(result.outputs['access-token'])
    expect(result.errors.map((line) => /variable (\w+) was not written/.exec(line)?.[1])).toEqual(['A_ID', 'A_EXP'])
    expectNoLeaks(result, [...w.credentials(), result.outputs['access-token'] ?? ''])
  })

  it('an unexpected fault: one line asking for a report, no stack, exit code 1', async () => {
    const w = await start()
    w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', {
      status: 200,
      body: { key_id: '1', key: '%%% not base64 %%%' }
    })
    const result = await runWith(w.inputs({ 'long-lived-token': w.threads.issueToken('long-lived', 2 * DAY) }))

    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^Unexpected failure: .+\. Please report it at the action's issue tracker\.$/)])
    expect(result.lines.filter((line) => /^\s+at /.test(line))).toEqual([])
    expect(w.github.server.calls('PUT /repos/:owner/:repo/actions/secrets/:name')).toEqual([])
    expectNoLeaks(result, w.credentials())
  })

  // Bug: report() writes outcome.warnings to ::warning:: and warnings/failures to the summary without the redactor (main.ts:28).
  it.fails('a Graph message that echoes a credential in a warning is redacted in the log and the summary', async () => {
    const w = await start()
    const old = w.threads.issueToken('long-lived', 2 * DAY)
    w.threads.server.fault('GET /v1.0/me', {
      status: 400,
      body: { error: { message: `Malformed access token ${old}`, type: 'OAuthException', code: 190 } }
    })
    const result = await runWith(w.inputs({ 'long-lived-token': old }))

    expect(result.exitCode).toBeUndefined()
    expect(result.summary).toContain('the profile lookup failed')
    expect(result.summary).not.toContain(old) // the summary is not masked by ::add-mask::
    expectNoLeaks(result, [old])
  })
})
