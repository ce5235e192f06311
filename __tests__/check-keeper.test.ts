/**
 * keepToken for a token nothing renews (src/core/check.ts), wired by connect() as the action wires it,
 * against the LinkedIn, Facebook and GitHub stand-ins: one check, the expiry said and kept where it
 * changed, a human called two weeks ahead, the day data access ends, a dead token a failure, and a
 * cancel that changes nothing.
 */
import { describe, expect, it } from 'vitest'
import { describeFailure } from '../src/core/outcome.js'
import { CancelledError, ServiceError } from '../src/shared/errors.js'
import { FACEBOOK_DATA_ACCESS_MS } from '../stand-ins/facebook-api.js'
import type { ProviderWorld, ServiceName } from '../stand-ins/provider-world.js'
import { FULL_GRANT } from '../stand-ins/world.js'
import { keepOn } from './provider-keeper.js'
import { DAY, providerWorldsEach, settle } from './support.js'

const linkedin = providerWorldsEach('linkedin')
const facebook = providerWorldsEach('facebook')

const SECRET = 'LINKEDIN_ACCESS_TOKEN'
const EXPIRY = 'LINKEDIN_TOKEN_EXPIRES_AT'
const INTROSPECT = 'POST /oauth/v2/introspectToken'
const CREATE_VARIABLE = 'POST /repos/:owner/:repo/actions/variables'
const PUBLIC_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key'
const READ_SECRET = 'GET /repos/:owner/:repo/actions/secrets/:name'
const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

/** Every request GitHub saw that writes something. */
const writes = (w: ProviderWorld<ServiceName>): string[] =>
  w.github.server.requests.filter((request) => request.method !== 'GET').map((request) => `${request.method} ${request.path}`)

describe('a LinkedIn token nothing renews, checked', () => {
  it('alive: flow checked, its expiry said, one introspection, nothing written; GitHub asked only when the secret was written', async () => {
    const w = await linkedin()
    // GitHub's header says the second.
    const writerExpires = new Date(Math.floor((Date.now() + 30 * DAY) / 1000) * 1000)
    w.github.addToken(w.githubToken, FULL_GRANT, writerExpires)
    const token = w.service.issueAccessToken(10 * DAY)
    const { outcome, info, connection } = keepOn(w, { 'long-lived-token': token })
    const expiresAt = iso(w.service.expiresAt(token) ?? 0)
    expect(await outcome).toEqual({
      flow: 'checked',
      dryRun: false,
      secretName: SECRET,
      targets: [{ target: w.repository, secret: SECRET, status: 'unchanged' }],
      expiresAt,
      variables: [],
      warnings: [],
      failures: [],
      humanNeeded: false,
      storeByHand: []
    })
    expect(info).toEqual([`LinkedIn says the token is alive and fit for its use, until ${expiresAt}: nothing to renew.`])
    expect(w.service.server.calls(INTROSPECT)).toHaveLength(1)
    const routes = w.github.server.requests.map((request) => request.route)
    expect(routes).toEqual([READ_SECRET])
    // That one read is what tells a run that sends GitHub nothing else when the writer token expires.
    expect(connection.writerToken()).toEqual({ answered: true, expiresAt: writerExpires })
  })

  it('ten days left: a success that warns, naming the day, and calls a human ahead of time', async () => {
    const w = await linkedin()
    const token = w.service.issueAccessToken(50 * DAY)
    const outcome = await keepOn(w, { 'long-lived-token': token }).outcome
    const notice =
      `The stored LinkedIn token expires ${iso(w.service.expiresAt(token) ?? 0)} (in 10 days), and nothing can renew it: ` +
      'LinkedIn gives this app no refresh token. Authorize again before that day.'
    expect(outcome).toMatchObject({ flow: 'checked', warnings: [notice], attention: notice, failures: [], humanNeeded: false })
  })

  it('fifteen days left: no warning yet, nobody called', async () => {
    const w = await linkedin()
    const outcome = await keepOn(w, { 'long-lived-token': w.service.issueAccessToken(45 * DAY) }).outcome
    expect(outcome.warnings).toEqual([])
    expect(outcome).not.toHaveProperty('attention')
  })

  it('the expiry variable: created where missing, updated where it differs, not written where it already holds the day', async () => {
    const w = await linkedin()
    w.github.addRepository('octo-org/kept')
    const token = w.service.issueAccessToken(5 * DAY)
    const expiresAt = iso(w.service.expiresAt(token) ?? 0)
    w.github.setVariable('octo-org/shop', EXPIRY, '2020-01-01T00:00:00Z')
    w.github.setVariable('octo-org/kept', EXPIRY, expiresAt)
    const inputs = { 'long-lived-token': token, 'expires-at-variable': EXPIRY, repository: 'octo-org/blog, octo-org/shop, octo-org/kept' }
    const outcome = await keepOn(w, inputs).outcome
    expect(outcome.variables).toEqual([
      { target: 'octo-org/blog', name: EXPIRY, status: 'created' },
      { target: 'octo-org/shop', name: EXPIRY, status: 'updated' }
    ])
    for (const repository of ['octo-org/blog', 'octo-org/shop', 'octo-org/kept'])
      expect(w.github.variable(repository, EXPIRY)).toBe(expiresAt)
    // Where the variables are read, the secret's last write is not asked for: the variables' replies say when the writer token expires.
    expect(w.github.server.calls(READ_SECRET)).toEqual([])

    w.github.server.requests.length = 0
    expect((await keepOn(w, inputs).outcome).variables).toEqual([])
    expect(writes(w)).toEqual([])
  })

  it('an expiry variable GitHub will not take: a failure that names it and leaves the secret out of it; the check still said', async () => {
    const w = await linkedin()
    w.github.server.fault(CREATE_VARIABLE, { status: 502, times: Infinity })
    const outcome = await keepOn(w, { 'long-lived-token': w.service.issueAccessToken(), 'expires-at-variable': EXPIRY }).outcome
    expect(outcome.flow).toBe('checked')
    expect(outcome.expiresAt).toBeDefined()
    expect(outcome.failures.map((failure) => describeFailure(failure))).toEqual([
      expect.stringMatching(
        new RegExp(`^Variable ${EXPIRY} of octo-org/blog was not written \\(the secret ${SECRET} is not affected\\)\\. `)
      )
    ])
    expect(outcome.humanNeeded).toBe(false)
  })

  it('a dry run checks the token and reads every target’s key, and writes nothing, even an expiry that changed', async () => {
    const w = await linkedin()
    const outcome = await keepOn(w, { 'long-lived-token': w.service.issueAccessToken(), 'expires-at-variable': EXPIRY, 'dry-run': 'true' })
      .outcome
    expect(outcome).toMatchObject({ flow: 'checked', dryRun: true, variables: [], failures: [] })
    const routes = w.github.server.requests.map((request) => request.route)
    expect(routes).toContain(PUBLIC_KEY)
    expect(writes(w)).toEqual([])
    expect(w.github.variable(w.repository, EXPIRY)).toBeUndefined()
  })

  it('a dead token: the dead grant the provider reads, and nothing written', async () => {
    const w = await linkedin()
    w.github.setVariable(w.repository, EXPIRY, '2031-01-01T00:00:00Z')
    const error = await settle(
      keepOn(w, { 'long-lived-token': w.service.issueAccessToken(61 * DAY), 'expires-at-variable': EXPIRY }).outcome
    )
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ operation: 'token check', reason: 'dead-grant' })
    expect(w.github.variable(w.repository, EXPIRY)).toBe('2031-01-01T00:00:00Z')
    expect(writes(w)).toEqual([])
  })

  it('cancelled before LinkedIn answers: said so, and nothing changed', async () => {
    const w = await linkedin()
    w.service.server.fault(INTROSPECT, { hang: true })
    const cancel = new AbortController()
    const { outcome } = keepOn(
      w,
      { 'long-lived-token': w.service.issueAccessToken(), 'expires-at-variable': EXPIRY },
      { cancelled: cancel.signal }
    )
    await expect.poll(() => w.service.server.calls(INTROSPECT).length).toBe(1)
    cancel.abort()
    const error = await settle(outcome)
    expect(error).toBeInstanceOf(CancelledError)
    expect((error as Error).message).toBe('The run was cancelled before LinkedIn answered the check: nothing was changed.')
    expect(writes(w)).toEqual([])
  })
})

describe('a Facebook Page token, checked', () => {
  it('never expires: no expiry said; data access ending in ten days is warned of, with its day', async () => {
    const w = await facebook()
    const [page] = w.service.pages
    const token = w.service.issuePageToken(page?.id ?? '', 'long-lived', 0, FACEBOOK_DATA_ACCESS_MS - 10 * DAY)
    const { outcome, info } = keepOn(w, { 'long-lived-token': token })
    const kept = await outcome
    expect(kept).toMatchObject({ flow: 'checked', failures: [], dataAccessExpiresAt: expect.any(String) })
    expect(kept).not.toHaveProperty('expiresAt')
    expect(kept.warnings).toEqual([expect.stringMatching(/^Data access for this token ends \S+ \(in 10 days\): /)])
    expect(info).toEqual(['Facebook says the token is alive and fit for its use: nothing to renew.'])
  })
})
