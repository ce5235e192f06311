import { afterEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../stand-ins/run-action.js'
import type { Fault } from '../../stand-ins/server.js'
import type { GraphStandInOptions } from '../../stand-ins/graph-api.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, runtimes, errors, expectNoLeaks } from '../support.js'

const DAY = 86_400_000
const REFRESH = 'GET /refresh_access_token'
const EXCHANGE = 'GET /access_token'
const ALWAYS = Number.POSITIVE_INFINITY
const graph = (message: string, code: number): Fault['body'] => ({ error: { message, type: 'OAuthException', code, fbtrace_id: 'x' } })

interface Scenario {
  name: string
  faults: [string, Fault][]
  /** Requests the route should have seen. */
  calls: number
  /** Omitted: the run succeeds. Otherwise fragments of the one error line. */
  error?: RegExp[]
}

/** Faults on the refresh of a two-day-old token; the stored secret must change only on success. */
const scenarios: Scenario[] = [
  {
    name: '429 with retry-after in seconds, then success',
    faults: [[REFRESH, { status: 429, headers: { 'retry-after': '1' } }]],
    calls: 2
  },
  {
    name: '503 with retry-after as an HTTP date, then success',
    faults: [[REFRESH, { status: 503, headers: { 'retry-after': new Date(Date.now() + 500).toUTCString() } }]],
    calls: 2
  },
  {
    name: 'Graph rate limit (code 4), then success',
    faults: [[REFRESH, { status: 400, body: graph('Application request limit reached', 4) }]],
    calls: 2
  },
  {
    name: 'Graph transient error (code 2), then success',
    faults: [[REFRESH, { status: 500, body: graph('Service temporarily unavailable', 2) }]],
    calls: 2
  },
  { name: 'a hang, then success', faults: [[REFRESH, { hang: true }]], calls: 2 },
  {
    name: 'an HTML page with 200, then success',
    faults: [[REFRESH, { status: 200, body: '<!doctype html><p>Sorry, something went wrong.</p>' }]],
    calls: 2
  },
  { name: 'truncated JSON, then success', faults: [[REFRESH, { status: 200, body: '{"access_token":"THAAtrunc' }]], calls: 2 },
  { name: '200 without access_token, then success', faults: [[REFRESH, { status: 200, body: { token_type: 'bearer' } }]], calls: 2 },
  {
    name: '5xx on every try',
    faults: [[REFRESH, { status: 500, body: 'oops', times: ALWAYS }]],
    calls: 4,
    error: [/no usable reply/, /HTTP 500/, /again later/]
  },
  {
    name: 'garbage on every try',
    faults: [[REFRESH, { status: 200, body: '<html>', times: ALWAYS }]],
    calls: 4,
    error: [/not the JSON expected/]
  },
  // Three 10 s time-outs fill the 30 s budget of one request: no fourth try.
  { name: 'a hang on every try', faults: [[REFRESH, { hang: true, times: ALWAYS }]], calls: 3, error: [/no reply in time/] },
  {
    name: 'invalid parameter (code 100) is not retried',
    faults: [[REFRESH, { status: 400, body: graph('Invalid parameter', 100) }]],
    calls: 1,
    error: [/Invalid parameter/, /could not be refreshed/]
  },
  {
    name: 'a revoked token (code 190) is not retried',
    faults: [[REFRESH, { status: 400, body: graph('Error validating access token: The user has not authorized application.', 190) }]],
    calls: 1,
    error: [/code 190/, /'authorization-code'/, /Bootstrap from a manual run/]
  }
]

describe.each(runtimes())('faults under %s', (_runtime, node) => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
  })

  async function start(options: GraphStandInOptions = {}): Promise<World> {
    world = await startWorld({ graph: options })
    return world
  }

  const run = (w: World, inputs: Record<string, string>): Promise<ActionRun> => runAction({ node, inputs: w.inputs(inputs), env: FAST })

  it.each(scenarios)('$name', async ({ faults, calls, error }) => {
    const w = await start()
    for (const [route, fault] of faults) w.graph.server.fault(route, fault)
    const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) })

    expect(w.graph.server.calls(REFRESH)).toHaveLength(calls)
    const stored = w.github.openSecret(w.repository, 'THREAD_ACCESS_TOKEN')
    if (error) {
      expect(result.exitCode).toBe(1)
      expect(errors(result)).toHaveLength(1)
      for (const fragment of error) expect(errors(result)[0]).toMatch(fragment)
      expect(stored).toBeUndefined()
    } else {
      expect(result.exitCode).toBe(0)
      expect(w.graph.isValid(stored ?? '')).toBe(true)
      expect(stored).toBe(result.outputs['access-token'])
    }
    expectNoLeaks(result, w)
  })

  it('redacts an API error that echoes the whole request URL, secrets and all', async () => {
    const w = await start()
    const token = w.graph.issueToken('short-lived')
    const echoed = `${w.graph.url}/access_token?grant_type=th_exchange_token&client_secret=${w.graph.appSecret}&access_token=${token}`
    w.graph.server.fault(EXCHANGE, { status: 400, body: graph(`Invalid request to ${echoed}`, 100) })

    const result = await run(w, { 'short-lived-token': token })

    expect(result.exitCode).toBe(1)
    expect(errors(result)[0]).toContain(`${w.graph.url}/access_token?***`)
    expectNoLeaks(result, w)
  })

  it('keeps a user id beyond 2^53 digit for digit', async () => {
    const w = await start({ userId: '90071992547409934' })
    const result = await run(w, { 'authorization-code': w.graph.issueCode(), 'user-id-variable': 'THREAD_USER_ID' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs['user-id']).toBe('90071992547409934')
    expect(w.github.variable(w.repository, 'THREAD_USER_ID')).toBe('90071992547409934')
  })

  describe('a token under a day old is skipped, not failed', () => {
    async function expectSkipped(w: World, inputs: Record<string, string>): Promise<ActionRun> {
      const result = await run(w, inputs)
      expect(result.exitCode).toBe(0)
      expect(result.outputs.flow).toBe('skipped')
      expect(result.outputs['access-token']).toBeUndefined()
      expect(w.github.secretWrites(w.repository, 'THREAD_ACCESS_TOKEN')).toBe(0)
      expect(result.stdout).toContain('under a day old')
      expect(result.summary).toContain('unchanged')
      expectNoLeaks(result, w)
      return result
    }

    it('known from the expiry variable', async () => {
      const w = await start()
      w.github.setVariable(w.repository, 'THREAD_TOKEN_EXPIRES_AT', new Date(Date.now() + 60 * DAY - 3_600_000).toISOString())
      const result = await expectSkipped(w, {
        'long-lived-token': w.graph.issueToken('long-lived', 3_600_000),
        'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT'
      })
      expect(result.stdout).toContain('per the expiry variable')
      expect(w.graph.server.calls('GET /v1.0/debug_token')).toHaveLength(0)
    })

    it('known from token inspection', async () => {
      const w = await start({ tooYoungReply: { status: 400, body: graph('Unsupported request', 100) } })
      const result = await expectSkipped(w, { 'long-lived-token': w.graph.issueToken('long-lived', 3_600_000) })
      expect(result.stdout).toContain('per the token inspection')
    })

    // Meta does not document this refusal: its words are no evidence of youth, the action's own are.
    it.each([
      'The access token is too recent to be refreshed.',
      'Token has not been active long enough to refresh',
      'Tokens can be refreshed once they are at least 24 hours old'
    ])('never from the refusal alone: "%s" without evidence of youth fails', async (message) => {
      const w = await start({ inspection: false, tooYoungReply: { status: 400, body: graph(message, 100) } })
      const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 3_600_000) })
      expect(result.exitCode).toBe(1)
      expect(errors(result)[0]).toContain(message.replace(/\.$/, ''))
    })

    it('an unrelated refusal of a young token still fails', async () => {
      const w = await start({ inspection: false, tooYoungReply: { status: 400, body: graph('Unsupported request', 100) } })
      const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 3_600_000) })
      expect(result.exitCode).toBe(1)
      expect(errors(result)[0]).toContain('Unsupported request')
    })

    it('an old token refused with "too recent" text still fails, per the expiry variable', async () => {
      const w = await start()
      w.github.setVariable(w.repository, 'THREAD_TOKEN_EXPIRES_AT', new Date(Date.now() + 50 * DAY).toISOString())
      w.graph.server.fault(REFRESH, { status: 400, body: graph('The access token is too recent to be refreshed.', 100) })
      const result = await run(w, {
        'long-lived-token': w.graph.issueToken('long-lived', 10 * DAY),
        'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT'
      })
      expect(result.exitCode).toBe(1)
    })
  })
})

describe('Instagram specifics', () => {
  it('accepts the older flat code-exchange reply', async () => {
    const w = await startWorld({ graph: { provider: 'instagram', flatCodeReply: true } })
    try {
      const result = await runAction({ inputs: w.inputs({ 'authorization-code': w.graph.issueCode() }), env: FAST })
      expect(result.exitCode).toBe(0)
      expect(result.outputs['user-id']).toBe('17841400000000001')
      expect(w.github.openSecret(w.repository, 'INSTAGRAM_ACCESS_TOKEN')).toBe(result.outputs['access-token'])
      expectNoLeaks(result, w)
    } finally {
      await w.close()
    }
  })
})
