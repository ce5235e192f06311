import { afterEach, describe, expect, it } from 'vitest'
import { GitHubError, ThreadsError } from '../src/errors.js'
import { createOctokit, createSecretStore } from '../src/github.js'
import { createHttp, defaultRetryPolicy, type RetryPolicy } from '../src/http.js'
import { readInputs } from '../src/inputs.js'
import { HandBackError, isoSeconds, keepToken, type Outcome } from '../src/keeper.js'
import { createThreadsClient } from '../src/threads.js'
import type { TokenGrant } from '../stand-ins/github-api.js'
import { LONG_LIVED_SECONDS, type ThreadsStandInOptions } from '../stand-ins/threads-api.js'
import { startWorld, type World } from '../stand-ins/world.js'

// Time-outs generous enough for a loaded machine: a scripted fault, not a slow test run, decides.
const POLICY: RetryPolicy = { ...defaultRetryPolicy, timeoutMs: 1500, minDelayMs: 1, maxDelayMs: 10, totalMs: 8000, runMs: 15000 }
const DAY = 86_400_000
const SECRET = 'THREAD_ACCESS_TOKEN'
const USER_VAR = 'THREAD_USER_ID'
const EXPIRY_VAR = 'THREAD_TOKEN_EXPIRES_AT'
const NOW = new Date()
const CODE_EXCHANGE = 'POST /oauth/access_token'
const LONG_EXCHANGE = 'GET /access_token'
const REFRESH = 'GET /refresh_access_token'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

async function setup(options: { grant?: TokenGrant; threads?: ThreadsStandInOptions } = {}) {
  const w = await startWorld(options)
  world = w
  const info: string[] = []
  const masked: string[] = []
  const keep = (extra: Record<string, string>): Promise<Outcome> => {
    const raw = w.inputs(extra)
    const inputs = readInputs((name) => raw[name] ?? '', {})
    const http = createHttp(POLICY, () => undefined)
    const threads = createThreadsClient({
      baseUrl: inputs.threadsApiUrl,
      http,
      mask: (value) => masked.push(value),
      debug: () => undefined
    })
    const store = createSecretStore(
      createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http, debug: () => undefined }),
      inputs.target
    )
    return keepToken(inputs, { threads, store, now: () => NOW, info: (line) => info.push(line) })
  }
  return { w, keep, info, masked }
}

type Flow = 'authorization-code' | 'short-lived-token' | 'refresh'
const credential = (w: World, flow: Flow, refreshAge = 2 * DAY): Record<string, string> =>
  flow === 'authorization-code'
    ? { 'authorization-code': w.threads.issueCode() }
    : flow === 'short-lived-token'
      ? { 'short-lived-token': w.threads.issueToken('short-lived') }
      : { 'long-lived-token': w.threads.issueToken('long-lived', refreshAge) }
const FLOWS: Flow[] = ['authorization-code', 'short-lived-token', 'refresh']
const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.then(
    () => undefined,
    (reason: unknown) => reason
  )

describe('keepToken', () => {
  it.each(FLOWS)('%s: stores a valid long-lived token and both variables', async (flow) => {
    const { w, keep, masked } = await setup()
    w.github.setVariable(w.repository, EXPIRY_VAR, 'old')
    const outcome = await keep({ ...credential(w, flow), 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR })
    const expiresAt = isoSeconds(new Date(NOW.getTime() + LONG_LIVED_SECONDS * 1000))
    expect(outcome).toEqual({
      flow,
      dryRun: false,
      target: w.repository,
      secretName: SECRET,
      secretStatus: 'created',
      accessToken: expect.stringMatching(/^THAAlong/),
      userId: w.threads.userId,
      username: w.threads.username,
      expiresIn: LONG_LIVED_SECONDS,
      expiresAt,
      variables: [
        { name: USER_VAR, status: 'created' },
        { name: EXPIRY_VAR, status: 'updated' }
      ],
      warnings: [],
      failures: []
    })
    const stored = w.github.openSecret(w.repository, SECRET)
    expect(stored).toBe(outcome.accessToken)
    expect(w.threads.token(stored ?? '')?.kind).toBe('long-lived')
    expect(w.threads.isValid(stored ?? '')).toBe(true)
    expect(masked).toContain(stored)
    expect(w.github.variable(w.repository, USER_VAR)).toBe('17841400000000001')
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe(expiresAt)
  })

  it('writes to an environment', async () => {
    const { w, keep } = await setup()
    const outcome = await keep({ ...credential(w, 'refresh'), environment: w.environment, 'user-id-variable': USER_VAR })
    expect(outcome.target).toBe(`${w.repository} (environment ${w.environment})`)
    expect(w.github.openSecret(w.repository, SECRET, w.environment)).toBe(outcome.accessToken)
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
    expect(w.github.variable(w.repository, USER_VAR, w.environment)).toBe(w.threads.userId)
  })

  it.each(FLOWS)('dry run, %s: no exchange, no write', async (flow) => {
    const { w, keep } = await setup()
    const outcome = await keep({ ...credential(w, flow), 'dry-run': 'true', 'user-id-variable': USER_VAR })
    for (const route of [CODE_EXCHANGE, LONG_EXCHANGE, REFRESH]) expect(w.threads.server.calls(route)).toEqual([])
    expect(w.github.server.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']) // key, variable, variables
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
    expect(outcome).toMatchObject({ flow, dryRun: true, variables: [], failures: [] })
    expect(outcome.accessToken).toBeUndefined()
    expect(outcome.secretStatus).toBeUndefined()
    if (flow === 'authorization-code') {
      expect(outcome.warnings).toEqual([expect.stringMatching(/authorization code was not exchanged/)])
    } else {
      expect(outcome).toMatchObject({ userId: w.threads.userId, username: w.threads.username, warnings: [] })
    }
  })

  describe('preflight: nothing single-use is spent when the target is out of reach', () => {
    it.each<[string, TokenGrant, Record<string, string>, number]>([
      ['a refused github-token (401)', {}, { 'github-token': 'github_pat_wrong' + 'w'.repeat(20) }, 401],
      ['no secrets permission (403)', { variables: 'write' }, {}, 403],
      ['a missing repository (404)', {}, { repository: 'octo-org/missing' }, 404],
      ['a missing environment (404)', {}, { environment: 'staging' }, 404],
      ['unreadable variables (403)', { secrets: 'write' }, { 'user-id-variable': USER_VAR }, 403]
    ])('%s', async (_case, grant, extra, status) => {
      for (const flow of ['authorization-code', 'short-lived-token'] as const) {
        const { w, keep } = await setup(Object.keys(grant).length ? { grant } : {})
        const error = await settle(keep({ ...credential(w, flow), ...extra }))
        expect(error).toBeInstanceOf(GitHubError)
        expect(error).toMatchObject({ status })
        expect(w.threads.server.requests).toEqual([])
        await w.close()
        world = undefined
      }
    })
  })

  it.each(['authorization-code', 'refresh'] as const)('%s: a failed write hands the token back sealed', async (flow) => {
    const { w, keep } = await setup({ grant: { secrets: 'read', variables: 'write' } })
    const error = await settle(keep({ ...credential(w, flow), 'user-id-variable': USER_VAR }))
    expect(error).toBeInstanceOf(HandBackError)
    const handBack = error as HandBackError
    expect(handBack.cause).toMatchObject({ status: 403, acceptedPermissions: 'secrets=write' })
    const token = w.github.open(handBack.sealedValue)
    expect(w.threads.token(token)?.kind).toBe('long-lived')
    expect(w.threads.isValid(token)).toBe(true)
    expect(handBack.storeCommand).toBe(
      `gh api --method PUT /repos/${w.repository}/actions/secrets/${SECRET} -f encrypted_value='${handBack.sealedValue}' -f key_id='${w.github.keyId}'`
    )
    expect(handBack.message).not.toContain(token)
    expect(w.github.variable(w.repository, USER_VAR)).toBeUndefined()
  })

  it('variable failures are collected while the secret is written', async () => {
    const { w, keep } = await setup({ grant: { secrets: 'write', variables: 'read' } })
    const outcome = await keep({ ...credential(w, 'authorization-code'), 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR })
    expect(w.github.openSecret(w.repository, SECRET)).toBe(outcome.accessToken)
    expect(outcome.secretStatus).toBe('created')
    expect(outcome.variables).toEqual([])
    expect(outcome.failures).toEqual(
      [USER_VAR, EXPIRY_VAR].map((name): unknown =>
        expect.stringMatching(
          new RegExp(`^The token is stored in ${SECRET}, but variable ${name} was not written\\. GitHub refused .*variables=write`)
        )
      )
    )
  })

  describe('a token under a day old is skipped, not failed', () => {
    it.each<[string, ThreadsStandInOptions, boolean, string, boolean]>([
      ['token inspection', {}, false, 'token inspection', true],
      ['the expiry variable', { inspection: false }, true, 'expiry variable', true],
      ["Threads' refusal", { inspection: false }, false, "Threads' refusal", false]
    ])('known from %s', async (_case, threads, withVariable, source, knowsExpiry) => {
      const { w, keep, info } = await setup({ threads })
      const token = w.threads.issueToken('long-lived', 3_600_000)
      const expiry = isoSeconds(new Date(w.threads.token(token)?.expiresAt ?? 0))
      if (withVariable) w.github.setVariable(w.repository, EXPIRY_VAR, expiry)
      const outcome = await keep({ 'long-lived-token': token, 'expires-at-variable': EXPIRY_VAR, 'user-id-variable': USER_VAR })
      expect(outcome).toMatchObject({ flow: 'skipped', variables: [], warnings: [], failures: [] })
      expect(outcome.expiresAt).toBe(knowsExpiry ? expiry : undefined)
      expect(outcome.accessToken).toBeUndefined()
      expect(outcome.secretStatus).toBeUndefined()
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.github.variable(w.repository, USER_VAR)).toBeUndefined()
      expect(info.join('\n')).toContain('under a day old')
      expect(info.join('\n')).toContain(source)
    })

    it('an expiry variable that says the token is old turns the refusal back into a failure', async () => {
      const { w, keep } = await setup()
      w.github.setVariable(w.repository, EXPIRY_VAR, isoSeconds(new Date(NOW.getTime() + 30 * DAY)))
      const error = await settle(
        keep({ 'long-lived-token': w.threads.issueToken('long-lived', 3_600_000), 'expires-at-variable': EXPIRY_VAR })
      )
      expect(error).toBeInstanceOf(ThreadsError)
      expect(error).toMatchObject({ operation: 'refresh', code: 100 })
      expect(w.threads.server.calls('GET /v1.0/debug_token')).toEqual([])
    })

    it('an expired token fails (190) and is never taken for young', async () => {
      const { w, keep } = await setup()
      await expect(keep({ 'long-lived-token': w.threads.issueToken('long-lived', 61 * DAY) })).rejects.toMatchObject({
        code: 190,
        subcode: 463
      })
    })
  })

  describe('a failed profile lookup is a warning; the token is still stored', () => {
    it.each<[Flow, string | undefined]>([
      ['authorization-code', '17841400000000001'],
      ['refresh', undefined]
    ])('%s', async (flow, userId) => {
      const { w, keep } = await setup()
      w.threads.server.fault('GET /v1.0/me', { status: 400, body: { error: { message: 'Unsupported get request.', code: 100 } } })
      const outcome = await keep({ ...credential(w, flow), 'user-id-variable': USER_VAR })
      expect(w.github.openSecret(w.repository, SECRET)).toBe(outcome.accessToken)
      expect(outcome.userId).toBe(userId)
      expect(outcome.username).toBeUndefined()
      expect(outcome.failures).toEqual([])
      expect(outcome.warnings[0]).toMatch(
        /^The token is stored, but the profile lookup failed: Threads refused the profile lookup \(HTTP 400, code 100\)/
      )
      if (userId) {
        expect(w.github.variable(w.repository, USER_VAR)).toBe(userId)
      } else {
        expect(outcome.warnings[1]).toBe(`Variable ${USER_VAR} was not written: its value is unknown for this run.`)
      }
    })
  })
})
