import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import { createHttp, type RetryPolicy } from '../src/shared/http.js'
import { threads } from '../src/services/providers/threads.js'
import {
  DATA_ACCESS_MS,
  GraphStandIn,
  LONG_LIVED_SECONDS,
  transientServiceError,
  type GraphStandInOptions
} from '../stand-ins/graph-api.js'
import type { Fault } from '../stand-ins/server.js'
import { DAY, HANG_POLICY, POLICY, graphErrorBody as graph, settle, createGraphClient, type GraphClient } from './support.js'

let stand: GraphStandIn
let client: GraphClient
/** The same, with short time-outs, for scripted hangs. */
let hangClient: GraphClient
/** Masks and resolutions, in the order they happened. */
let events: string[]
let debugLines: string[]
/** The retry loop's own lines ("code exchange: try 1 failed ..."). */
let retryLines: string[]

async function start(options: GraphStandInOptions = {}): Promise<void> {
  await stand?.close()
  stand = new GraphStandIn(options)
  await stand.start()
  events = []
  debugLines = []
  retryLines = []
  const make = (policy: RetryPolicy): GraphClient =>
    createGraphClient({
      provider: threads,
      apiUrl: stand.url,
      oauthUrl: stand.url,
      http: createHttp(policy, (line) => retryLines.push(line)),
      mask: (value) => events.push(`mask ${value}`),
      debug: (line) => debugLines.push(line)
    })
  client = make(POLICY)
  hangClient = make(HANG_POLICY)
}

beforeEach(() => start())
afterEach(() => stand.close())

const exchangeCode = (code = stand.issueCode()) => client.exchangeCode(code, stand)

describe('success shapes and requests', () => {
  it('exchangeCode posts the form and returns a short-lived token with the user id', async () => {
    const code = stand.issueCode()
    const grant = await exchangeCode(code)
    expect(grant).toEqual({ accessToken: expect.stringMatching(/^THAAshort/), userId: stand.userId })
    expect(stand.token(grant.accessToken)?.kind).toBe('short-lived')
    const [request] = stand.server.calls('POST /oauth/access_token')
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      client_id: stand.appId,
      client_secret: stand.appSecret,
      grant_type: 'authorization_code',
      redirect_uri: stand.redirectUri,
      code
    })
  })

  it('exchangeForLongLived returns a long-lived token with expiresIn', async () => {
    const short = stand.issueToken('short-lived')
    const grant = await client.exchangeForLongLived(short, stand.appSecret)
    expect(grant).toEqual({ accessToken: expect.stringMatching(/^THAAlong/), expiresIn: LONG_LIVED_SECONDS })
    const query = stand.server.calls('GET /access_token')[0]?.query
    expect(Object.fromEntries(query ?? [])).toEqual({
      grant_type: 'th_exchange_token',
      client_secret: stand.appSecret,
      access_token: short
    })
  })

  it('refresh returns a new long-lived token, without sending the app secret', async () => {
    const current = stand.issueToken('long-lived', 2 * DAY)
    const grant = await client.refresh(current)
    expect(grant).toEqual({ accessToken: expect.stringMatching(/^THAAlong/), expiresIn: LONG_LIVED_SECONDS })
    expect(grant.accessToken).not.toBe(current)
    expect(stand.isValid(grant.accessToken)).toBe(true)
    const query = stand.server.calls('GET /refresh_access_token')[0]?.query
    expect(Object.fromEntries(query ?? [])).toEqual({ grant_type: 'th_refresh_token', access_token: current })
  })

  it('profile sends the token as a bearer header, never in the URL', async () => {
    const token = stand.issueToken('long-lived')
    expect(await client.profile(token)).toEqual({ id: stand.userId, username: stand.username })
    const [request] = stand.server.calls('GET /v1.0/me')
    expect(request?.headers.authorization).toBe(`Bearer ${token}`)
    expect(request?.query.has('access_token')).toBe(false)
    expect(request?.query.get('fields')).toBe('id,username')
  })

  it('inspect returns issue and expiry dates and the end of data access, asking with a bearer header', async () => {
    // A token refreshed 3 days ago, of a grant made 80 days ago: data access ends 10 days from now.
    const token = stand.issueToken('long-lived', 3 * DAY, 80 * DAY)
    const record = stand.token(token)
    const seconds = (ms = 0): Date => new Date(Math.floor(ms / 1000) * 1000)
    expect(await client.inspect(token)).toEqual({
      issuedAt: seconds(record?.issuedAt),
      expiresAt: seconds(record?.expiresAt),
      dataAccessExpiresAt: seconds((record?.grantedAt ?? 0) + DATA_ACCESS_MS)
    })
    expect(Math.round(((record?.grantedAt ?? 0) + DATA_ACCESS_MS - Date.now()) / DAY)).toBe(10)
    const [request] = stand.server.calls('GET /v1.0/debug_token')
    expect(request?.headers.authorization).toBe(`Bearer ${token}`)
    expect(request?.query.has('access_token')).toBe(false)
  })

  it('debug lines name method, origin and path only', async () => {
    const short = stand.issueToken('short-lived')
    await client.exchangeForLongLived(short, stand.appSecret)
    expect(debugLines).toEqual([`GET ${stand.url}/access_token?… -> 200`])
  })
})

describe('user ids beyond 2^53 stay exact', () => {
  it.each(['17841400000000001', '9007199254740993', '17841400000000002', '123456789012345678901234', '12345'])(
    '%s as a JSON number',
    async (userId) => {
      await start({ userId })
      expect((await exchangeCode()).userId).toBe(userId)
    }
  )

  it.each(['17841400000000001', '9007199254740993'])('%s as a JSON string', async (userId) => {
    stand.server.fault('POST /oauth/access_token', {
      status: 200,
      body: `{"access_token":"THAAshortX1xxxxxxxxxxxx","user_id":"${userId}"}`
    })
    expect((await exchangeCode()).userId).toBe(userId)
  })

  it.each([
    ['beyond year 9999', 1e20],
    ['negative', -5],
    ['a string', '1767225600'],
    ['infinite (1e400)', 'Infinity']
  ])('inspect drops an expiry date that is %s', async (_case, expiresAt) => {
    const body = `{"data": {"is_valid": true, "issued_at": 1764547200, "expires_at": ${expiresAt === 'Infinity' ? '1e400' : JSON.stringify(expiresAt)}}}`
    stand.server.fault('GET /v1.0/debug_token', { status: 200, body })
    expect(await client.inspect(stand.issueToken('long-lived'))).toEqual({ issuedAt: new Date(1764547200 * 1000) })
  })

  it('drops a user id that is not digits', async () => {
    stand.server.fault('POST /oauth/access_token', { status: 200, body: { access_token: 'THAAshortX2xxxxxxxxxxxx', user_id: 'abc' } })
    expect(await exchangeCode()).toEqual({ accessToken: 'THAAshortX2xxxxxxxxxxxx' })
  })
})

describe('every token received is masked before the method resolves', () => {
  it.each<[string, () => Promise<{ accessToken: string }>]>([
    ['exchangeCode', () => exchangeCode()],
    ['exchangeForLongLived', () => client.exchangeForLongLived(stand.issueToken('short-lived'), stand.appSecret)],
    ['refresh', () => client.refresh(stand.issueToken('long-lived', 2 * DAY))]
  ])('%s', async (_name, call) => {
    const grant = await call().then((value) => {
      events.push(`resolved ${value.accessToken}`)
      return value
    })
    // Masked before it resolves (a flat reply may mask the same token twice: harmless, the mask is idempotent).
    expect([...new Set(events)]).toEqual([`mask ${grant.accessToken}`, `resolved ${grant.accessToken}`])
  })

  it('a token in a reply that is then rejected is masked too', async () => {
    stand.server.fault('GET /refresh_access_token', { status: 200, body: { access_token: 'THAAlongNoExpiry', token_type: 'bearer' } })
    await client.refresh(stand.issueToken('long-lived', 2 * DAY))
    expect(events[0]).toBe('mask THAAlongNoExpiry')
  })

  it.each([['profile'], ['inspect']] as const)('%s receives no token and masks nothing', async (method) => {
    await client[method](stand.issueToken('long-lived'))
    expect(events).toEqual([])
  })
})

describe('Graph refusals become ServiceError, not retried', () => {
  const calls: Record<string, () => Promise<unknown>> = {
    'a used code': async () => {
      const code = stand.issueCode()
      await exchangeCode(code)
      return exchangeCode(code)
    },
    'a redirect mismatch': () => client.exchangeCode(stand.issueCode(), { ...stand, redirectUri: `${stand.redirectUri}/` }),
    'a wrong app secret': () => client.exchangeCode(stand.issueCode(), { ...stand, appSecret: 'wrong' }),
    'a long-lived token to the exchange': () => client.exchangeForLongLived(stand.issueToken('long-lived'), stand.appSecret),
    'an expired token to refresh': () => client.refresh(stand.issueToken('long-lived', 61 * DAY)),
    'a token under a day old to refresh': () => client.refresh(stand.issueToken('long-lived', 3_600_000)),
    'an unknown token to profile': () => client.profile('THAAunknown'),
    'a 403 HTML page': () => {
      stand.server.fault('GET /v1.0/me', { status: 403, body: '<html>denied</html>' })
      return client.profile(stand.issueToken('long-lived'))
    },
    'an error object with 200': () => {
      stand.server.fault('GET /v1.0/debug_token', { status: 200, body: graph('Unsupported get request.', 100) })
      return client.inspect(stand.issueToken('long-lived'))
    }
  }

  it.each<[string, string, number, number | undefined, number | undefined, RegExp]>([
    ['a used code', 'code exchange', 400, 100, 36009, /^This authorization code has been used\.$/],
    ['a redirect mismatch', 'code exchange', 400, 100, 36008, /redirect_uri is identical/],
    ['a wrong app secret', 'code exchange', 400, 101, undefined, /client secret/],
    ['a long-lived token to the exchange', 'long-lived exchange', 400, 190, undefined, /expected a short-lived token/],
    ['an expired token to refresh', 'refresh', 400, 190, 463, /Session has expired/],
    ['a token under a day old to refresh', 'refresh', 400, 100, undefined, /too recent/],
    ['an unknown token to profile', 'profile lookup', 400, 190, undefined, /Cannot parse access token/],
    ['a 403 HTML page', 'profile lookup', 403, undefined, undefined, /^no reason given$/],
    ['an error object with 200', 'token inspection', 200, 100, undefined, /^Unsupported get request\.$/]
  ])('%s', async (name, operation, status, code, subcode, apiMessage) => {
    const error = await calls[name]?.().catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ service: 'Threads', operation, status, code, subcode, transient: false })
    expect((error as ServiceError).apiMessage).toMatch(apiMessage)
    // Not retried: one request each (the used code was spent by a first, successful one).
    expect(stand.server.requests).toHaveLength(name === 'a used code' ? 2 : 1)
  })
})

describe('transient faults are retried, then reported as transient', () => {
  const REFRESH = 'GET /refresh_access_token'
  const cases: [string, Fault, RegExp][] = [
    ...[1, 2, 4, 17, 32, 341, 613].map((code): [string, Fault, RegExp] => [
      `Graph code ${code}`,
      { status: 400, body: graph('Please retry', code) },
      new RegExp(`code ${code}: Please retry`)
    ]),
    // Meta marks it temporary: whatever the code or the status (a 401 with code 2 has been recorded).
    [
      'is_transient on a 401',
      transientServiceError(401, 'An unexpected error has occurred. Please retry your request later.', 2),
      /^HTTP 401, code 2: An unexpected error/
    ],
    ['is_transient with code 100', transientServiceError(400, 'Please retry', 100), /^HTTP 400, code 100: Please retry/],
    ['429', { status: 429 }, /^HTTP 429/],
    ['500', { status: 500, body: 'oops' }, /^HTTP 500/],
    ['503 with a Graph body', { status: 503, body: graph('Service unavailable', 100) }, /^HTTP 503, code 100/],
    ['garbage JSON with 200', { status: 200, body: '{"access_token":"THAAcut' }, /not the JSON expected/],
    ['a JSON array with 200', { status: 200, body: '[{"access_token":"THAAarr"}]' }, /not the JSON expected/],
    ['JSON null with 200', { status: 200, body: 'null' }, /not the JSON expected/],
    ['200 without access_token', { status: 200, body: { token_type: 'bearer', expires_in: 5183944 } }, /not the JSON expected/],
    ['200 without expires_in', { status: 200, body: { access_token: 'THAAlongX', token_type: 'bearer' } }, /not the JSON expected/],
    ['a hang', { hang: true }, /no reply in time/]
  ]

  it.each(cases)('%s on every try', async (_name, fault, apiMessage) => {
    stand.server.fault(REFRESH, { ...fault, times: Number.POSITIVE_INFINITY })
    const which = fault.hang ? hangClient : client
    const error: unknown = await which.refresh(stand.issueToken('long-lived', 2 * DAY)).catch((reason: unknown) => reason)
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ service: 'Threads', operation: 'refresh', status: undefined, transient: true })
    expect((error as ServiceError).apiMessage).toMatch(apiMessage)
    expect(stand.server.calls(REFRESH)).toHaveLength(POLICY.attempts)
  })

  it.each(cases)('%s on the first tries, then success', async (_name, fault) => {
    stand.server.fault(REFRESH, { ...fault, times: POLICY.attempts - 1 })
    const grant = await (fault.hang ? hangClient : client).refresh(stand.issueToken('long-lived', 2 * DAY))
    expect(stand.isValid(grant.accessToken)).toBe(true)
    expect(stand.server.calls(REFRESH)).toHaveLength(POLICY.attempts)
  })

  it('inspect: a reply without data is retried, then transient', async () => {
    stand.server.fault('GET /v1.0/debug_token', { status: 200, body: { is_valid: true }, times: Number.POSITIVE_INFINITY })
    await expect(client.inspect(stand.issueToken('long-lived'))).rejects.toMatchObject({ operation: 'token inspection', transient: true })
    expect(stand.server.calls('GET /v1.0/debug_token')).toHaveLength(POLICY.attempts)
  })

  it('profile: a reply without an id is retried, then transient', async () => {
    stand.server.fault('GET /v1.0/me', { status: 200, body: { username: 'ferret.poster' }, times: Number.POSITIVE_INFINITY })
    await expect(client.profile(stand.issueToken('long-lived'))).rejects.toMatchObject({ operation: 'profile lookup', transient: true })
  })

  // A username that is none is no reason to lose the token: the profile comes without it.
  it.each<[string, unknown]>([
    ['missing', undefined],
    ['not a string', 42],
    ['with workflow commands', 'ferret\n::warning::pwned\n::stop-commands::x'],
    ['with HTML', '</table><h1>x</h1>'],
    ['over 30 characters', 'a'.repeat(31)],
    ['empty', '']
  ])('profile: a username %s is left out, the id kept', async (_case, username) => {
    stand.server.fault('GET /v1.0/me', { status: 200, body: { id: '17841400000000001', username } })
    expect(await client.profile(stand.issueToken('long-lived'))).toEqual({ id: '17841400000000001' })
  })
})

describe("Meta's 368 (temporarily blocked): not tried again in this run, and no human is needed", () => {
  it('fails at once as blocked, the next run trying again', async () => {
    stand.server.fault('GET /refresh_access_token', {
      status: 400,
      body: graph('It looks like you were misusing this feature by going too fast.', 368)
    })
    const error = await settle(client.refresh(stand.issueToken('long-lived', 2 * DAY)))
    expect(error).toMatchObject({ operation: 'refresh', status: 400, code: 368, transient: false, blocked: true })
    expect(needsHuman(error)).toBe(false)
    expect(explain(error)).toMatch(/blocked such requests for now.*the next scheduled run tries again/)
    expect(stand.server.calls('GET /refresh_access_token')).toHaveLength(1)
  })

  it('a code exchange refused for rate (341) is sent again, being surely not acted on', async () => {
    stand.server.fault('POST /oauth/access_token', { status: 400, body: graph('Application limit reached', 341) })
    const grant = await exchangeCode()
    expect(stand.isValid(grant.accessToken)).toBe(true)
    expect(stand.server.calls('POST /oauth/access_token')).toHaveLength(2)
  })

  it('a code exchange answered is_transient is not sent again: it may have been acted on', async () => {
    stand.server.fault('POST /oauth/access_token', transientServiceError(500, 'Please retry', 1))
    const error = await settle(exchangeCode())
    expect(error).toMatchObject({ operation: 'code exchange', transient: true })
    expect(stand.server.calls('POST /oauth/access_token')).toHaveLength(1)
  })
})

describe('a long-lived grant lives 1 s to 366 days, or it is a fault, not a token', () => {
  const YEAR_AND_A_DAY = 366 * 24 * 3600
  const grant = (expiresIn: number): Fault => ({
    status: 200,
    body: { access_token: 'THAAlongODDxxxxxxxxxxxx', token_type: 'bearer', expires_in: expiresIn }
  })
  const methods: [string, string, () => Promise<{ accessToken: string; expiresIn?: number }>][] = [
    ['exchangeForLongLived', 'GET /access_token', () => client.exchangeForLongLived(stand.issueToken('short-lived'), stand.appSecret)],
    ['refresh', 'GET /refresh_access_token', () => client.refresh(stand.issueToken('long-lived', 2 * DAY))]
  ]

  describe.each(methods)('%s', (_method, route, call) => {
    it.each([0.5, 0.999, YEAR_AND_A_DAY + 1, 10 * YEAR_AND_A_DAY, 1e12])(
      'expires_in %d on every try: retried, then transient',
      async (expiresIn) => {
        stand.server.fault(route, { ...grant(expiresIn), times: Number.POSITIVE_INFINITY })
        const error = await call().catch((reason: unknown) => reason)
        expect(error).toBeInstanceOf(ServiceError)
        expect(error).toMatchObject({ status: undefined, transient: true, apiMessage: expect.stringMatching(/not the JSON expected/) })
        expect(stand.server.calls(route)).toHaveLength(POLICY.attempts)
      }
    )

    it('an out-of-range expires_in once, then a real grant: the real one is returned', async () => {
      stand.server.fault(route, grant(YEAR_AND_A_DAY + 1))
      const result = await call()
      expect(result).toEqual({ accessToken: expect.stringMatching(/^THAAlong/), expiresIn: LONG_LIVED_SECONDS })
      expect(result.accessToken).not.toBe('THAAlongODDxxxxxxxxxxxx')
      expect(stand.server.calls(route)).toHaveLength(2)
    })

    it.each([1, YEAR_AND_A_DAY])('expires_in %s, at the edge, is a token', async (expiresIn) => {
      stand.server.fault(route, grant(expiresIn))
      expect(await call()).toEqual({ accessToken: 'THAAlongODDxxxxxxxxxxxx', expiresIn })
      expect(stand.server.calls(route)).toHaveLength(1)
    })
  })
})
