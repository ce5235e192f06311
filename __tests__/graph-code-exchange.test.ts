import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain } from '../src/shared/explain.js'
import { createHttp, type RetryPolicy } from '../src/shared/http.js'
import { threads } from '../src/services/providers/threads.js'
import { GraphStandIn } from '../stand-ins/graph-api.js'
import type { Fault } from '../stand-ins/server.js'
import { HANG_POLICY, POLICY, graphErrorBody as graph, settle, createGraphClient, type GraphClient } from './support.js'

/**
 * A code works once: its exchange is repeated only where the first try surely was not acted on
 * (the connection was refused, or the service refused for rate). Anything else could have spent it.
 */
const CODE_EXCHANGE = 'POST /oauth/access_token'

let stand: GraphStandIn
let retryLines: string[]
beforeEach(async () => {
  stand = new GraphStandIn()
  await stand.start()
  retryLines = []
})
afterEach(() => stand.close())

function client(policy: RetryPolicy = POLICY, oauthUrl = stand.url): GraphClient {
  return createGraphClient({
    provider: threads,
    apiUrl: stand.url,
    oauthUrl,
    http: createHttp(policy, (line) => retryLines.push(line)),
    mask: () => undefined,
    debug: () => undefined
  })
}

const exchange = (graphClient: GraphClient) => graphClient.exchangeCode(stand.issueCode(), stand)

describe('code exchange: sent once unless surely not acted on', () => {
  it.each<[string, Fault, RegExp]>([
    ['a hang', { hang: true }, /^no reply in time$/],
    ['HTTP 500', { status: 500, body: 'oops' }, /^HTTP 500/],
    ['HTTP 502 with a Graph body', { status: 502, body: graph('Bad gateway', 2) }, /^HTTP 502, code 2: Bad gateway/],
    ['transient Graph code 1 (400)', { status: 400, body: graph('An unknown error occurred', 1) }, /code 1: An unknown error/],
    ['transient Graph code 2 (400)', { status: 400, body: graph('Service temporarily unavailable', 2) }, /code 2/],
    ['a garbled 200', { status: 200, body: '{"access_token":"THAAcut' }, /not the JSON expected/],
    ['a 200 without access_token', { status: 200, body: { user_id: 1 } }, /not the JSON expected/]
  ])('%s: one try only, then a transient ServiceError', async (_case, fault, apiMessage) => {
    stand.server.fault(CODE_EXCHANGE, { ...fault, times: Number.POSITIVE_INFINITY })
    const error = await settle(exchange(client(fault.hang ? HANG_POLICY : POLICY)))
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ service: 'Threads', operation: 'code exchange', status: undefined, transient: true })
    expect((error as ServiceError).apiMessage).toMatch(apiMessage)
    expect(stand.server.calls(CODE_EXCHANGE)).toHaveLength(1)
  })

  it('the remedy says the code was not sent again and asks for a fresh one', async () => {
    stand.server.fault(CODE_EXCHANGE, { status: 500, body: 'oops' })
    const line = explain(await settle(exchange(client())))
    expect(line).toMatch(/^Threads refused the code exchange \(no usable reply\): HTTP 500\b/)
    expect(line).toContain('it was not sent again. Get a fresh code')
  })

  // A reply without a Graph message must not read "HTTP 500: HTTP 500".
  it('a reply without a Graph message states its status once', async () => {
    stand.server.fault(CODE_EXCHANGE, { status: 500, body: 'oops' })
    expect(explain(await settle(exchange(client())))).not.toContain('HTTP 500: HTTP 500')
  })

  it.each<[string, Fault]>([
    ['HTTP 429', { status: 429, headers: { 'retry-after': '0' } }],
    ...[4, 17, 32, 613].map((code): [string, Fault] => [
      `rate-limit code ${code}`,
      { status: 400, body: graph('Application request limit reached', code) }
    ])
  ])('%s on the first tries: repeated, then the code is exchanged', async (_case, fault) => {
    stand.server.fault(CODE_EXCHANGE, { ...fault, times: POLICY.attempts - 1 })
    const grant = await exchange(client())
    expect(stand.token(grant.accessToken)?.kind).toBe('short-lived')
    expect(stand.server.calls(CODE_EXCHANGE)).toHaveLength(POLICY.attempts)
  })

  it('rate limited on every try: all tries used, then transient', async () => {
    stand.server.fault(CODE_EXCHANGE, { status: 429, times: Number.POSITIVE_INFINITY })
    await expect(exchange(client())).rejects.toMatchObject({
      operation: 'code exchange',
      transient: true,
      apiMessage: expect.stringMatching(/^HTTP 429/)
    })
    expect(stand.server.calls(CODE_EXCHANGE)).toHaveLength(POLICY.attempts)
  })

  it('a refused connection is tried again: nothing reached the service', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    const error = await settle(exchange(client(POLICY, `http://127.0.0.1:${port}`)))
    expect(error).toMatchObject({
      operation: 'code exchange',
      status: undefined,
      transient: true,
      apiMessage: `could not connect to 127.0.0.1:${port} (ECONNREFUSED)`
    })
    expect(retryLines.filter((line) => line.startsWith('code exchange: try '))).toHaveLength(POLICY.attempts)
    expect(stand.server.requests).toEqual([])
  })

  it('a hang on the long-lived exchange, by contrast, is tried again', async () => {
    stand.server.fault('GET /access_token', { hang: true, times: POLICY.attempts - 1 })
    const grant = await client(HANG_POLICY).exchangeForLongLived(stand.issueToken('short-lived'), stand.appSecret)
    expect(stand.isValid(grant.accessToken)).toBe(true)
    expect(stand.server.calls('GET /access_token')).toHaveLength(POLICY.attempts)
  })
})
