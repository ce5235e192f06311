import { afterEach, describe, expect, it, vi } from 'vitest'
import { CancelledError, GitHubError, ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import { isoSeconds } from '../src/core/freshness.js'
import { storedTokenExpiry } from '../src/core/obtain.js'
import { connect } from '../src/setup/connect.js'
import { readInputs } from '../src/setup/inputs.js'
import { createHttp } from '../src/shared/http.js'
import type { TokenGrant } from '../stand-ins/github-api.js'
import { LONG_LIVED_SECONDS, type GraphStandInOptions } from '../stand-ins/graph-api.js'
import type { Fault } from '../stand-ins/server.js'
import type { World, WorldOptions } from '../stand-ins/world.js'
import {
  EXPIRY_VAR,
  FLOWS,
  NOW,
  PUT_SECRET,
  SECRET,
  USER_VAR,
  credential,
  sealedIn,
  keeperWorld as start,
  type Flow,
  failuresOf
} from './support.js'
import { DAY, HOUR, POLICY, graphErrorBody, settle } from './support.js'

const CODE_EXCHANGE = 'POST /oauth/access_token'
const LONG_EXCHANGE = 'GET /access_token'
const REFRESH = 'GET /refresh_access_token'
const VARIABLES = { 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR }

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

async function setup(options: WorldOptions = {}) {
  const harness = await start(options)
  world = harness.w
  return harness
}

describe('keepToken', () => {
  it.each(FLOWS)('%s: stores a valid long-lived token and both variables', async (flow) => {
    const { w, keep, masked } = await setup()
    w.github.setVariable(w.repository, EXPIRY_VAR, 'old')
    const outcome = await keep({ ...credential(w, flow), 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR })
    const expiresAt = isoSeconds(new Date(NOW.getTime() + LONG_LIVED_SECONDS * 1000))
    expect(outcome).toEqual({
      flow,
      dryRun: false,
      secretName: SECRET,
      targets: [{ target: w.repository, secret: SECRET, status: 'created' }],
      accessToken: expect.stringMatching(/^THAAlong/),
      userId: w.graph.userId,
      username: w.graph.username,
      expiresIn: LONG_LIVED_SECONDS,
      expiresAt,
      // Threads' debug_token answers the stand-in's tester: 90 days from the authorization.
      dataAccessExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      variables: [
        { target: w.repository, name: USER_VAR, status: 'created' },
        { target: w.repository, name: EXPIRY_VAR, status: 'updated' }
      ],
      warnings: [],
      failures: [],
      humanNeeded: false,
      storeByHand: []
    })
    const stored = w.github.openSecret(w.repository, SECRET)
    expect(stored).toBe(outcome.accessToken)
    expect(w.graph.token(stored ?? '')?.kind).toBe('long-lived')
    expect(w.graph.isValid(stored ?? '')).toBe(true)
    expect(masked).toContain(stored)
    expect(w.github.variable(w.repository, USER_VAR)).toBe('17841400000000001')
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe(expiresAt)
  })

  it('writes to an environment', async () => {
    const { w, keep } = await setup()
    const outcome = await keep({ ...credential(w, 'refresh'), environment: w.environment, 'user-id-variable': USER_VAR })
    expect(outcome.targets).toEqual([{ target: `${w.repository} (environment ${w.environment})`, secret: SECRET, status: 'created' }])
    expect(w.github.openSecret(`${w.repository}@${w.environment}`, SECRET)).toBe(outcome.accessToken)
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
    expect(w.github.variable(`${w.repository}@${w.environment}`, USER_VAR)).toBe(w.graph.userId)
  })

  it.each(FLOWS)('dry run, %s: no exchange, no write', async (flow) => {
    const { w, keep, info } = await setup()
    const outcome = await keep({ ...credential(w, flow), 'dry-run': 'true', 'user-id-variable': USER_VAR })
    for (const route of [CODE_EXCHANGE, LONG_EXCHANGE, REFRESH]) expect(w.graph.server.calls(route)).toEqual([])
    expect(w.github.server.requests.map((r) => r.method)).toEqual(['GET', 'GET']) // the public key, the variable
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
    expect(outcome).toMatchObject({ flow, dryRun: true, variables: [], failures: [], storeByHand: [] })
    expect(outcome.targets).toEqual([{ target: w.repository, secret: SECRET, status: 'unchanged' }])
    expect(outcome.accessToken).toBeUndefined()
    expect(info).toEqual([expect.stringMatching(/^Dry run: every target is reachable/)])
    if (flow === 'authorization-code') {
      expect(outcome.warnings).toEqual([expect.stringMatching(/authorization code was not exchanged/)])
    } else {
      expect(outcome).toMatchObject({ userId: w.graph.userId, username: w.graph.username, warnings: [] })
    }
  })

  it('dry run: a profile without a valid username names the user id, and says why the username is missing', async () => {
    const { w, keep } = await setup({ graph: { username: '::warning::<b>pwned</b>' } })
    const outcome = await keep({ ...credential(w, 'refresh'), 'dry-run': 'true' })
    expect(outcome.userId).toBe(w.graph.userId)
    expect(outcome.username).toBeUndefined()
    expect(outcome.warnings).toEqual([expect.stringMatching(/^The profile lookup gave no valid username/)])
  })

  describe('preflight: nothing single-use is spent when the target is out of reach', () => {
    it.each<[string, TokenGrant, Record<string, string>, number]>([
      ['a refused github-token (401)', {}, { 'github-token': 'github_pat_wrong' + 'w'.repeat(20) }, 401],
      ['no secrets permission (403)', { variables: 'write' }, {}, 403],
      ['a missing repository (404)', {}, { repository: 'octo-org/missing' }, 404],
      ['a missing environment (404)', {}, { environment: 'staging' }, 404],
      ['unreadable variables (403)', { secrets: 'write' }, { 'user-id-variable': USER_VAR }, 403],
      ['one of several repositories missing (404)', {}, { repository: 'octo-org/blog, octo-org/missing' }, 404]
    ])('%s', async (_case, grant, extra, status) => {
      for (const flow of ['authorization-code', 'short-lived-token'] as const) {
        const { w, keep } = await setup(Object.keys(grant).length ? { grant } : {})
        const error = await settle(keep({ ...credential(w, flow), ...extra }))
        expect(error).toBeInstanceOf(GitHubError)
        expect(error).toMatchObject({ status })
        expect(w.graph.server.requests).toEqual([])
        await w.close()
        world = undefined
      }
    })
  })

  it.each(['authorization-code', 'refresh'] as const)('%s: a failed write hands the token back sealed, in the outcome', async (flow) => {
    const { w, keep } = await setup({ grant: { secrets: 'read', variables: 'write' } })
    const outcome = await keep({ ...credential(w, flow), 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR })
    expect(outcome.targets).toEqual([{ target: w.repository, secret: SECRET, status: 'failed' }])
    expect(outcome.humanNeeded).toBe(true)
    expect(failuresOf(outcome)).toEqual([
      expect.stringMatching(
        /^GitHub refused to write secret THREAD_ACCESS_TOKEN to octo-org\/blog \(HTTP 403\).*secrets=write.* The new token is not lost: .*sealed for octo-org\/blog, with the command that stores it\.$/
      )
    ])
    const [handBack] = outcome.storeByHand
    expect(outcome.storeByHand).toHaveLength(1)
    expect(handBack?.target).toBe(w.repository)
    const sealed = sealedIn(handBack?.command ?? '')
    const token = w.github.open(sealed)
    expect(token).toBe(outcome.accessToken)
    expect(w.graph.token(token)?.kind).toBe('long-lived')
    expect(w.graph.isValid(token)).toBe(true)
    expect(handBack?.command).toBe(
      `gh api --hostname ${new URL(w.github.url).host} --method PUT /repos/${w.repository}/actions/secrets/${SECRET} -f encrypted_value='${sealed}' -f key_id='${w.github.keyId}'`
    )
    expect(failuresOf(outcome).join('\n')).not.toContain(token)
    // The user id goes alongside the write; the expiry would describe a token that is not stored.
    expect(outcome.variables).toEqual([{ target: w.repository, name: USER_VAR, status: 'created' }])
    expect(w.github.variable(w.repository, USER_VAR)).toBe(w.graph.userId)
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBeUndefined()
    expect(outcome.expiresAt).toBe(isoSeconds(new Date(NOW.getTime() + LONG_LIVED_SECONDS * 1000)))
    expect(outcome.warnings).toEqual([])
  })

  it('variable failures are collected while the secret is written', async () => {
    const { w, keep } = await setup({ grant: { secrets: 'write', variables: 'read' } })
    const outcome = await keep({ ...credential(w, 'authorization-code'), 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR })
    expect(w.github.openSecret(w.repository, SECRET)).toBe(outcome.accessToken)
    expect(outcome.targets[0]?.status).toBe('created')
    expect(outcome.variables).toEqual([])
    expect(outcome.storeByHand).toEqual([])
    expect(outcome.humanNeeded).toBe(true)
    // Written at once, reported target by target: user id before expiry.
    expect([...failuresOf(outcome)].sort()).toEqual(
      [EXPIRY_VAR, USER_VAR].map((name): unknown =>
        expect.stringMatching(
          new RegExp(
            `^Variable ${name} of octo-org/blog was not written \\(the secret ${SECRET} is not affected\\)\\. GitHub refused .*variables=write`
          )
        )
      )
    )
  })

  describe('a token under a day old is skipped, not failed', () => {
    it.each<[string, GraphStandInOptions, boolean, string, boolean]>([
      ['token inspection', {}, false, 'token inspection', true],
      ['the expiry variable', { inspection: false }, true, 'expiry variable', true]
    ])('known from %s', async (_case, graph, withVariable, source, knowsExpiry) => {
      const { w, keep, info } = await setup({ graph })
      const token = w.graph.issueToken('long-lived', HOUR)
      const expiry = isoSeconds(new Date(w.graph.token(token)?.expiresAt ?? 0))
      if (withVariable) w.github.setVariable(w.repository, EXPIRY_VAR, expiry)
      const outcome = await keep({ 'long-lived-token': token, 'expires-at-variable': EXPIRY_VAR, 'user-id-variable': USER_VAR })
      expect(outcome).toMatchObject({ flow: 'skipped', variables: [], warnings: [], failures: [], storeByHand: [] })
      expect(outcome.targets).toEqual([{ target: w.repository, secret: SECRET, status: 'unchanged' }])
      expect(outcome.expiresAt).toBe(knowsExpiry ? expiry : undefined)
      expect(outcome.accessToken).toBeUndefined()
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.github.variable(w.repository, USER_VAR)).toBeUndefined()
      expect(info.join('\n')).toContain('under a day old')
      expect(info.join('\n')).toContain(source)
    })

    // The variable says the token was issued 30 days ago; the token is an hour old and refused as too recent.
    const staleVariable = (w: World): void => w.github.setVariable(w.repository, EXPIRY_VAR, isoSeconds(new Date(NOW.getTime() + 30 * DAY)))

    it('an expiry variable that says the token is old may be stale: token inspection outranks it', async () => {
      const { w, keep, info } = await setup()
      staleVariable(w)
      const token = w.graph.issueToken('long-lived', HOUR)
      const outcome = await keep({ 'long-lived-token': token, 'expires-at-variable': EXPIRY_VAR })
      expect(outcome).toMatchObject({ flow: 'skipped', failures: [], storeByHand: [] })
      expect(outcome.expiresAt).toBe(isoSeconds(new Date(Math.floor((w.graph.token(token)?.expiresAt ?? 0) / 1000) * 1000)))
      expect(w.graph.server.calls('GET /v1.0/debug_token')).toHaveLength(1)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(info.join('\n')).toContain('per the token inspection')
    })

    it('an old expiry variable, and inspection says old too: the refusal is a failure', async () => {
      const { w, keep } = await setup()
      staleVariable(w)
      const seconds = (ms: number): number => Math.floor(ms / 1000)
      w.graph.server.fault('GET /v1.0/debug_token', {
        status: 200,
        body: { data: { is_valid: true, issued_at: seconds(Date.now() - 3 * DAY), expires_at: seconds(Date.now() + 57 * DAY) } }
      })
      const error = await settle(keep({ 'long-lived-token': w.graph.issueToken('long-lived', HOUR), 'expires-at-variable': EXPIRY_VAR }))
      expect(error).toBeInstanceOf(ServiceError)
      expect(error).toMatchObject({ operation: 'refresh', code: 100 })
      expect(w.graph.server.calls('GET /v1.0/debug_token')).toHaveLength(1)
    })

    it('an old expiry variable, and inspection unavailable: a failure, the "too recent" refusal text not consulted', async () => {
      const { w, keep } = await setup({ graph: { inspection: false } })
      staleVariable(w)
      const error = await settle(keep({ 'long-lived-token': w.graph.issueToken('long-lived', HOUR), 'expires-at-variable': EXPIRY_VAR }))
      expect(error).toBeInstanceOf(ServiceError)
      expect(error).toMatchObject({ operation: 'refresh', code: 100, apiMessage: expect.stringMatching(/too recent/) })
      expect(w.graph.server.calls('GET /v1.0/debug_token')).toHaveLength(1)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    })

    // Meta's reply to a refresh of a young token is undocumented: if it says 190, the evidence still decides.
    it('a refusal with code 190 of a token the expiry variable says is twelve hours old: skipped, not dead', async () => {
      const invalid = { status: 400, body: graphErrorBody('Error validating access token.', 190) }
      const { w, keep } = await setup({ graph: { tooYoungReply: invalid, inspection: false } })
      const token = w.graph.issueToken('long-lived', 12 * HOUR)
      w.github.setVariable(w.repository, EXPIRY_VAR, isoSeconds(new Date(w.graph.token(token)?.expiresAt ?? 0)))
      const outcome = await keep({ 'long-lived-token': token, 'expires-at-variable': EXPIRY_VAR })
      expect(outcome).toMatchObject({ flow: 'skipped', failures: [] })
    })

    it('a "too recent" refusal with no evidence of youth (no variable, no inspection) is a failure', async () => {
      const { w, keep } = await setup({ graph: { inspection: false } })
      const error = await settle(keep({ 'long-lived-token': w.graph.issueToken('long-lived', HOUR) }))
      expect(error).toMatchObject({ operation: 'refresh', apiMessage: expect.stringMatching(/too recent/) })
    })

    it('an expired token fails (190) and is never taken for young', async () => {
      const { w, keep } = await setup()
      await expect(keep({ 'long-lived-token': w.graph.issueToken('long-lived', 61 * DAY) })).rejects.toMatchObject({
        code: 190,
        subcode: 463
      })
    })

    it('a refresh that fails while the preflight fails too: the preflight reason wins', async () => {
      const { w, keep } = await setup({ grant: { variables: 'write' } })
      const error = await settle(keep({ 'long-lived-token': w.graph.issueToken('long-lived', 61 * DAY) }))
      expect(error).toMatchObject({ status: 403, acceptedPermissions: 'secrets=read' })
    })
  })

  describe('a refresh that keeps the user id looks the account up alongside the refresh', () => {
    it('with the current token, so that the user-id variable goes with the secret', async () => {
      const { w, keep } = await setup()
      const token = w.graph.issueToken('long-lived', 2 * DAY)
      const outcome = await keep({ 'long-lived-token': token, 'user-id-variable': USER_VAR })
      const lookups = w.graph.server.calls('GET /v1.0/me')
      expect(lookups).toHaveLength(1)
      expect(lookups[0]?.headers.authorization).toBe(`Bearer ${token}`)
      expect(outcome).toMatchObject({ userId: w.graph.userId, username: w.graph.username, warnings: [], failures: [] })
      expect(w.github.variable(w.repository, USER_VAR)).toBe(w.graph.userId)
    })

    it('where that lookup fails, the new token is looked up after the refresh', async () => {
      const { w, keep } = await setup()
      w.graph.server.fault('GET /v1.0/me', { status: 500, body: 'oops', times: 4 })
      const outcome = await keep({ ...credential(w, 'refresh'), 'user-id-variable': USER_VAR })
      const lookups = w.graph.server.calls('GET /v1.0/me')
      expect(lookups.at(-1)?.headers.authorization).toBe(`Bearer ${outcome.accessToken}`)
      expect(outcome).toMatchObject({ userId: w.graph.userId, warnings: [], failures: [] })
    })

    it('not without the user-id variable: the lookup then goes with the write, on the connection the refresh opened', async () => {
      const { w, keep } = await setup()
      const outcome = await keep(credential(w, 'refresh'))
      expect(w.graph.server.calls('GET /v1.0/me').map((r) => r.headers.authorization)).toEqual([`Bearer ${outcome.accessToken}`])
    })
  })

  describe('a failed profile lookup is a warning; the token is still stored', () => {
    it.each<[Flow, string | undefined]>([
      ['authorization-code', '17841400000000001'],
      ['refresh', undefined]
    ])('%s', async (flow, userId) => {
      const { w, keep } = await setup()
      // Every lookup: a refresh that keeps the user id looks up the current token first, then the new one.
      const refused = { status: 400, body: { error: { message: 'Unsupported get request.', code: 100 } }, times: Number.POSITIVE_INFINITY }
      w.graph.server.fault('GET /v1.0/me', refused)
      const outcome = await keep({ ...credential(w, flow), 'user-id-variable': USER_VAR })
      expect(w.github.openSecret(w.repository, SECRET)).toBe(outcome.accessToken)
      expect(outcome.userId).toBe(userId)
      expect(outcome.username).toBeUndefined()
      expect(failuresOf(outcome)).toEqual([])
      expect(outcome.warnings[0]).toBe('The profile lookup failed (Unsupported get request.): the username is unknown for this run.')
      if (userId) {
        // Known from the code exchange: written all the same.
        expect(w.github.variable(w.repository, USER_VAR)).toBe(userId)
        expect(outcome.variables).toEqual([{ target: w.repository, name: USER_VAR, status: 'created' }])
        expect(outcome.warnings).toHaveLength(1)
      } else {
        expect(w.github.variable(w.repository, USER_VAR)).toBeUndefined()
        expect(outcome.variables).toEqual([])
        expect(outcome.warnings).toEqual([
          outcome.warnings[0],
          `Variable ${USER_VAR} was not written to octo-org/blog: its value is unknown for this run.`
        ])
      }
    })
  })

  describe('the user-id variable is written alongside the secret write; the expiry follows it', () => {
    it.each(FLOWS)('%s: the user id and the expiry are written while the secret write still waits for its answer', async (flow) => {
      const { w, keep } = await setup()
      // The stand-in stores the secret only as it answers, 800 ms after the request arrived.
      w.github.server.fault(PUT_SECRET, { delayMs: 800 })
      const pending = keep({ ...credential(w, flow), ...VARIABLES })
      await vi.waitFor(
        () => {
          expect(w.github.server.calls(PUT_SECRET)).toHaveLength(1)
          expect(w.github.variable(w.repository, USER_VAR)).toBe(w.graph.userId)
          expect(w.github.variable(w.repository, EXPIRY_VAR)).toMatch(/^\d{4}-\d\d-\d\dT/)
        },
        { timeout: 5_000, interval: 5 }
      )
      expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
      const outcome = await pending
      expect(w.github.openSecret(w.repository, SECRET)).toBe(outcome.accessToken)
      expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe(outcome.expiresAt)
      expect(outcome).toMatchObject({ failures: [], warnings: [], storeByHand: [] })
      expect(outcome.variables.map((v) => v.name)).toEqual([USER_VAR, EXPIRY_VAR])
    })
  })

  describe('a code flow whose long-lived exchange fails: the code is spent', () => {
    it.each<[string, Fault, boolean]>([
      ['a refusal', { status: 400, body: graphErrorBody('Unsupported request', 100) }, false],
      ['a fault on every try', { status: 500, body: 'oops', times: Number.POSITIVE_INFINITY }, true]
    ])('%s: marked codeSpent, waits for a human, asks for a fresh code', async (_case, fault, transient) => {
      const { w, keep } = await setup()
      w.graph.server.fault(LONG_EXCHANGE, fault)
      const error = await settle(keep({ ...credential(w, 'authorization-code'), ...VARIABLES }))
      expect(error).toBeInstanceOf(ServiceError)
      expect(error).toMatchObject({ operation: 'long-lived exchange', transient, codeSpent: true })
      expect(needsHuman(error)).toBe(true)
      expect(explain(error)).toMatch(/The authorization code was used, .*Get a fresh code and run again .*nothing was stored\.$/)
      expect(w.graph.server.calls(CODE_EXCHANGE)).toHaveLength(1)
      expect(w.graph.server.calls(LONG_EXCHANGE)).toHaveLength(transient ? POLICY.attempts : 1)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.github.variable(w.repository, USER_VAR)).toBeUndefined()
    })

    it('a short-lived token spends no code: the same fault is not codeSpent, and the next run may pass', async () => {
      const { w, keep } = await setup()
      w.graph.server.fault(LONG_EXCHANGE, { status: 500, body: 'oops', times: Number.POSITIVE_INFINITY })
      const error = await settle(keep(credential(w, 'short-lived-token')))
      expect(error).toMatchObject({ operation: 'long-lived exchange', transient: true, codeSpent: false })
      expect(needsHuman(error)).toBe(false)
      expect(explain(error)).not.toMatch(/fresh code/)
    })
  })

  describe('a long-lived grant that lives outside 1 s to 366 days is a fault, not a token', () => {
    const grant = (expiresIn: number) => ({
      status: 200,
      body: { access_token: 'THAAlongGARBLED', token_type: 'bearer', expires_in: expiresIn }
    })

    it.each<[Flow, number, string]>([
      ['refresh', 0.5, REFRESH],
      ['refresh', 366 * 86_400 + 1, REFRESH],
      ['short-lived-token', 10 * 365 * 86_400, LONG_EXCHANGE],
      ['authorization-code', 0.5, LONG_EXCHANGE]
    ])('%s, expires_in %s: retried, then a transient failure; nothing is written', async (flow, expiresIn, route) => {
      const { w, keep } = await setup()
      w.graph.server.fault(route, { ...grant(expiresIn), times: Number.POSITIVE_INFINITY })
      const error = await settle(keep({ ...credential(w, flow), ...VARIABLES }))
      expect(error).toBeInstanceOf(ServiceError)
      expect(error).toMatchObject({
        transient: true,
        apiMessage: expect.stringMatching(/not the JSON expected/),
        codeSpent: flow === 'authorization-code'
      })
      expect(w.graph.server.calls(route)).toHaveLength(POLICY.attempts)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
      expect(w.github.variable(w.repository, EXPIRY_VAR)).toBeUndefined()
    })
  })

  describe('a cancelled run: what spends nothing is abandoned, a token in hand is handed back', () => {
    const waitFor = async (ready: () => boolean): Promise<void> => {
      while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5))
    }

    it('cancelled before it starts: nothing is sent at all', async () => {
      const { w, keep } = await setup()
      const error = await settle(keep(credential(w, 'authorization-code'), AbortSignal.abort()))
      expect(error).toBeInstanceOf(CancelledError)
      expect(explain(error)).toMatch(/before the authorization code was used: it still works while it lasts/)
      expect(w.graph.server.requests).toEqual([])
      expect(w.github.server.requests).toEqual([])
    })

    it('cancelled while the write of a spent code is unanswered: the token is handed back, sealed', async () => {
      const { w, keep } = await setup()
      w.github.server.fault(PUT_SECRET, { hang: true })
      const controller = new AbortController()
      const kept = keep({ ...credential(w, 'authorization-code'), 'user-id-variable': USER_VAR }, controller.signal)
      await waitFor(() => w.github.server.calls(PUT_SECRET).length > 0)
      controller.abort()
      const outcome = await kept
      expect(outcome.targets).toEqual([{ target: w.repository, secret: SECRET, status: 'failed' }])
      expect(w.graph.isValid(w.github.open(sealedIn(outcome.storeByHand[0]?.command ?? '')))).toBe(true)
      expect(failuresOf(outcome)[0]).toMatch(
        /^The run was cancelled before GitHub confirmed the write to octo-org\/blog\. The new token is not lost/
      )
    })

    it('cancelled while the refresh is unanswered: nothing was spent, and it says so', async () => {
      const { w, keep } = await setup()
      w.graph.server.fault('GET /refresh_access_token', { hang: true })
      const controller = new AbortController()
      const kept = settle(keep(credential(w, 'refresh'), controller.signal))
      await waitFor(() => w.graph.server.calls('GET /refresh_access_token').length > 0)
      controller.abort()
      const error = await kept
      expect(error).toBeInstanceOf(CancelledError)
      expect(explain(error)).toBe(
        'The run was cancelled before Threads answered the refresh: nothing was spent, and the stored token stays valid.'
      )
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    })

    it('a code exchange already sent is seen through: the cancel does not lose its token', async () => {
      const { w, keep } = await setup()
      w.graph.server.fault('POST /oauth/access_token', { delayMs: 100 })
      w.github.server.fault(PUT_SECRET, { hang: true })
      const controller = new AbortController()
      const kept = keep(credential(w, 'authorization-code'), controller.signal)
      await waitFor(() => w.graph.server.calls('POST /oauth/access_token').length > 0)
      controller.abort()
      const outcome = await kept
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.graph.isValid(outcome.accessToken ?? '')).toBe(true)
      expect(outcome.storeByHand).toHaveLength(1)
      expect(w.github.open(sealedIn(outcome.storeByHand[0]?.command ?? ''))).toBe(outcome.accessToken)
    })
  })

  describe('a code refused because another run spent it (a double click)', () => {
    it('is a success that changes nothing, when the secret was written since this run read it', async () => {
      const { w, keep, info } = await setup()
      const code = w.graph.issueCode()
      // The loser's exchange is answered after the winner's; the winner's write comes a moment later.
      w.graph.server.fault('POST /oauth/access_token', { delayMs: 0 })
      w.graph.server.fault('POST /oauth/access_token', { delayMs: 50 })
      w.github.server.fault(PUT_SECRET, { delayMs: 100 })
      const outcomes = await Promise.all([keep({ 'authorization-code': code }), keep({ 'authorization-code': code })])
      expect(outcomes.map((outcome) => outcome.flow).sort()).toEqual(['authorization-code', 'skipped'])
      const loser = outcomes.find((outcome) => outcome.flow === 'skipped')
      expect(loser).toMatchObject({ failures: [], targets: [{ target: w.repository, secret: SECRET, status: 'unchanged' }] })
      expect(loser?.skipReason).toMatch(/^another run stored a token with this code at \d{4}-/)
      expect(info.join('\n')).toMatch(/another run with the same code stored the token/)
      expect(w.github.secretWrites(w.repository, SECRET)).toBe(1)
    })

    it('is a success too when the other run finished first: the secret was written since this run began', async () => {
      const { w, keep } = await setup()
      const code = w.graph.issueCode()
      const began = new Date(Date.now() - 60_000).toISOString()
      await keep({ 'authorization-code': code })
      const outcome = await keep({ 'authorization-code': code }, undefined, () => Promise.resolve(began))
      expect(outcome).toMatchObject({ flow: 'skipped', failures: [] })
    })

    it('is a failure when the secret was written before this run began: an older write is no evidence', async () => {
      const { w, keep } = await setup()
      const code = w.graph.issueCode()
      await keep({ 'authorization-code': code })
      const later = new Date(Date.now() + 60_000).toISOString()
      await expect(keep({ 'authorization-code': code }, undefined, () => Promise.resolve(later))).rejects.toMatchObject({
        operation: 'code exchange'
      })
    })

    it('is a failure when the secret did not change: decided from that evidence, not from the words', async () => {
      const { w, keep } = await setup()
      const code = w.graph.issueCode()
      await keep({ 'authorization-code': code })
      const error = await settle(keep({ 'authorization-code': code }))
      expect(error).toMatchObject({ operation: 'code exchange', status: 400 })
      expect(w.github.server.calls('GET /repos/:owner/:repo/actions/secrets/:name').length).toBeGreaterThan(1)
    })

    it('is not watched for without runAskedAt (the command line): the refusal comes at once, nothing read or waited for', async () => {
      const { w, keep, paused } = await setup()
      const code = w.graph.issueCode()
      await keep({ 'authorization-code': code })
      const error = await settle(keep({ 'authorization-code': code }, undefined, null))
      expect(error).toMatchObject({ operation: 'code exchange', status: 400 })
      expect(w.github.server.calls('GET /repos/:owner/:repo/actions/secrets/:name')).toHaveLength(1)
      expect(paused).toEqual([])
    })

    it('a refresh or a transient fault never waits for another run', async () => {
      const { w, keep } = await setup()
      w.graph.server.fault('POST /oauth/access_token', { status: 503, body: graphErrorBody('down', 2), times: Infinity })
      await settle(keep(credential(w, 'authorization-code')))
      expect(w.github.server.calls('GET /repos/:owner/:repo/actions/secrets/:name')).toHaveLength(1)
    })
  })

  describe("the stored token's expiry, for how urgent a failure is", () => {
    const request = (w: World, extra: Record<string, string>) => {
      const raw = w.inputs(extra)
      const { settings } = readInputs((name) => raw[name] ?? '', {})
      if (!settings) throw new Error('usable inputs expected')
      return {
        request: settings.request,
        connection: connect(settings, { http: createHttp(POLICY, () => undefined), mask: () => undefined, debug: () => undefined })
      }
    }

    it('comes from the expiry variable', async () => {
      const { w } = await setup()
      w.github.setVariable(w.repository, EXPIRY_VAR, '2027-01-01T00:00:00Z')
      const { request: r, connection } = request(w, { 'authorization-code': 'CODE12345', 'expires-at-variable': EXPIRY_VAR })
      expect(await storedTokenExpiry(r, connection)).toEqual(new Date('2027-01-01T00:00:00Z'))
    })

    it('counts the value of the first target that keeps one, as the age check does', async () => {
      const { w } = await setup()
      w.github.setVariable('octo-org/shop', EXPIRY_VAR, '2027-01-01T00:00:00Z')
      const extra = { repository: 'octo-org/blog, octo-org/shop', 'expires-at-variable': EXPIRY_VAR }
      const { request: r, connection } = request(w, { 'authorization-code': 'CODE12345', ...extra })
      expect(await storedTokenExpiry(r, connection)).toEqual(new Date('2027-01-01T00:00:00Z'))
    })

    it("else, renewing, from the service's inspection of the token", async () => {
      const { w } = await setup()
      const token = w.graph.issueToken('long-lived', 2 * DAY)
      const { request: r, connection } = request(w, { 'long-lived-token': token, 'expires-at-variable': EXPIRY_VAR })
      expect((await storedTokenExpiry(r, connection))?.getTime()).toBe(Math.floor((w.graph.token(token)?.expiresAt ?? 0) / 1000) * 1000)
    })

    it('else unknown, and never a rejection', async () => {
      const { w } = await setup({ graph: { inspection: false } })
      const { request: r, connection } = request(w, { 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) })
      expect(await storedTokenExpiry(r, connection)).toBeUndefined()
      const code = request(w, { 'authorization-code': 'CODE12345' })
      expect(await storedTokenExpiry(code.request, code.connection)).toBeUndefined()
    })
  })
})
