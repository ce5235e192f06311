import { describe, expect, it, vi } from 'vitest'
import { TransientError, TransportError } from '../src/shared/errors.js'
import { createHttp, defaultRetryPolicy, policyFromEnv, type RetryPolicy } from '../src/shared/http.js'
import type { Outgoing, Reply } from '../src/shared/transport.js'

const POLICY: RetryPolicy = { ...defaultRetryPolicy, attempts: 3, timeoutMs: 50, minDelayMs: 1, maxDelayMs: 20, totalMs: 5_000 }
const SECRET_URL = 'https://graph.threads.net/access_token?grant_type=th_exchange_token&client_secret=APPSECRET1&access_token=SHORTTOKEN1'

type Step = (signal: AbortSignal) => Promise<Reply>
const reply =
  (status: number, headers: Record<string, string> = {}, text = status === 204 ? '' : `{"status":${status}}`): Step =>
  async () => ({ status, headers, text, via: undefined })
const throws =
  (error: unknown): Step =>
  async () => {
    throw error
  }
/** Never answers, like a dead connection, until the per-try signal gives up. */
const hang: Step = (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))
const fault = (code: string, notSent = false): TransportError =>
  new TransportError(`network error with api.github.com (${code})`, { host: 'api.github.com', code, transient: true, notSent })

/** A transport that plays `steps` in order, repeating the last one. */
function fakeTransport(...steps: Step[]) {
  const signals: AbortSignal[] = []
  const transport = vi.fn(async (request: Outgoing): Promise<Reply> => {
    signals.push(request.signal)
    const step = steps[Math.min(signals.length, steps.length) - 1]
    if (!step) throw new Error('no step')
    return step(request.signal)
  })
  return { transport, signals }
}

function setup(policy: RetryPolicy, ...steps: Step[]) {
  const { transport, signals } = fakeTransport(...steps)
  const lines: string[] = []
  const http = createHttp(policy, (line) => lines.push(line), transport)
  return { http, transport, signals, lines }
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const result = await work
  return [result, performance.now() - started]
}

describe('policyFromEnv', () => {
  it.each([undefined, '', '0', '1', '2', '-0.5', 'abc', 'Infinity', 'NaN'])('keeps the base for scale %j', (scale) => {
    expect(policyFromEnv({ THREADS_TOKEN_KEEPER_TIME_SCALE: scale })).toBe(defaultRetryPolicy)
  })

  /** Every wait and time-out scaled, never below 1 ms; the number of attempts kept. */
  function expectScaled(scaled: RetryPolicy, base: RetryPolicy, scale: number): void {
    expect(Object.keys(scaled).sort()).toEqual(Object.keys(base).sort())
    for (const [key, value] of Object.entries(base)) {
      expect(scaled[key as keyof RetryPolicy], key).toBe(key === 'attempts' ? value : Math.max(1, Math.round(value * scale)))
    }
  }

  it.each([0.5, 0.001, 1e-9, 0.999])('scales the default policy by %s', (scale) => {
    expectScaled(policyFromEnv({ THREADS_TOKEN_KEEPER_TIME_SCALE: String(scale) }), defaultRetryPolicy, scale)
  })

  it('scales the base it is given, e.g. 0.1', () => {
    const base = { ...defaultRetryPolicy, attempts: 2, timeoutMs: 100, minDelayMs: 10, maxDelayMs: 44, totalMs: 400 }
    const scaled = policyFromEnv({ THREADS_TOKEN_KEEPER_TIME_SCALE: '0.1' }, base)
    expect(scaled).toMatchObject({ attempts: 2, timeoutMs: 10, minDelayMs: 1, maxDelayMs: 4, totalMs: 40 })
    expectScaled(scaled, base, 0.1)
  })
})

describe('createHttp: fetch', () => {
  it('retries a 503 and returns the 200 that follows', async () => {
    const { http, transport, lines } = setup(POLICY, reply(503), reply(200))
    const response = await http.fetch(SECRET_URL)
    expect(response.status).toBe(200)
    expect(transport).toHaveBeenCalledTimes(2)
    expect(lines).toContain('GET https://graph.threads.net/access_token?…: try 1 failed (HTTP 503); 2 left')
  })

  it.each([400, 401, 403, 404, 409, 422])('does not retry %i', async (status) => {
    const { http, transport } = setup(POLICY, reply(status), reply(200))
    expect((await http.fetch('https://api.github.com/x')).status).toBe(status)
    expect(transport).toHaveBeenCalledTimes(1)
  })

  it.each([429, 500, 503])('returns the last %i once every attempt is used, without throwing', async (status) => {
    const { http, transport } = setup(POLICY, reply(status))
    const response = await http.fetch('https://api.github.com/x')
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual({ status })
    expect(transport).toHaveBeenCalledTimes(POLICY.attempts)
  })

  it('passes the caller’s init through, with a fresh signal per try', async () => {
    const { http, transport, signals } = setup(POLICY, reply(502), reply(201))
    const init = { method: 'PUT', headers: { Authorization: 'token x' }, body: '{"a":1}' }
    expect((await http.fetch('https://api.github.com/x', init)).status).toBe(201)
    expect(transport.mock.calls[1]?.[0]).toMatchObject({ method: 'PUT', headers: { authorization: 'token x' }, body: '{"a":1}' })
    expect(transport.mock.calls[1]?.[0].url.href).toBe('https://api.github.com/x')
    expect(init).not.toHaveProperty('signal')
    expect(signals).toHaveLength(2)
    expect(signals[0]).not.toBe(signals[1])
  })

  it('retries a network failure and finally rethrows it', async () => {
    const failure = fault('ECONNRESET')
    const recovering = setup(POLICY, throws(failure), reply(200))
    expect((await recovering.http.fetch('https://api.github.com/x')).status).toBe(200)

    const { http, transport, lines } = setup(POLICY, throws(failure))
    await expect(http.fetch('https://api.github.com/x')).rejects.toBe(failure)
    expect(transport).toHaveBeenCalledTimes(POLICY.attempts)
    expect(lines.filter((l) => l.includes('failed (network error with api.github.com (ECONNRESET))'))).toHaveLength(POLICY.attempts)
  })

  const permanent = new TransportError('a redirect', { host: 'api.github.com', code: 'REDIRECT', transient: false, notSent: false })
  it.each([new TypeError('x is not a function'), new Error('boom'), new RangeError('bad'), permanent])(
    'does not retry %s',
    async (error) => {
      const { http, transport } = setup(POLICY, throws(error), reply(200))
      await expect(http.fetch('https://api.github.com/x')).rejects.toBe(error)
      expect(transport).toHaveBeenCalledTimes(1)
    }
  )

  it('abandons a try that hangs after timeoutMs and tries again', async () => {
    const { http, signals } = setup(POLICY, hang, reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(200)
    expect(signals[0]?.aborted).toBe(true)
    expect(elapsed).toBeGreaterThanOrEqual(POLICY.timeoutMs - 5)
  })

  it('gives up on a connection that always hangs, one time-out per try', async () => {
    const { http, transport, signals, lines } = setup(POLICY, hang)
    const [error, elapsed] = await timed(
      http.fetch('https://api.github.com/x').then(
        () => undefined,
        (e: unknown) => e
      )
    )
    expect(error).toHaveProperty('name', 'TimeoutError')
    expect(transport).toHaveBeenCalledTimes(POLICY.attempts)
    expect(signals.every((s) => s.aborted)).toBe(true)
    expect(lines.filter((l) => l.includes('failed (no reply in time)'))).toHaveLength(POLICY.attempts)
    expect(elapsed).toBeGreaterThanOrEqual(POLICY.attempts * POLICY.timeoutMs - 15)
    expect(elapsed).toBeLessThan(2_000)
  })

  it('honours retry-after', async () => {
    const policy = { ...POLICY, attempts: 2, timeoutMs: 1_000, maxDelayMs: 400 }
    const { http } = setup(policy, reply(503, { 'retry-after': '0.15' }), reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(200)
    expect(elapsed).toBeGreaterThanOrEqual(140)
  })

  it('waits retry-after instead of the back-off, not on top of it', async () => {
    // A back-off of 400 ms (doubling) against a retry-after of 20 ms: two retries take well under one back-off.
    const policy = { ...POLICY, attempts: 3, timeoutMs: 1_000, minDelayMs: 400, maxDelayMs: 1_000 }
    const { http, transport, lines } = setup(
      policy,
      reply(503, { 'retry-after': '0.02' }),
      reply(429, { 'retry-after': '0.02' }),
      reply(200)
    )
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(200)
    expect(transport).toHaveBeenCalledTimes(3)
    expect(elapsed).toBeLessThan(400)
    expect(lines).toEqual([
      'GET https://api.github.com/x -> 503',
      'GET https://api.github.com/x: try 1 failed (HTTP 503); 2 left',
      'GET https://api.github.com/x -> 429',
      'GET https://api.github.com/x: try 2 failed (HTTP 429); 1 left',
      'GET https://api.github.com/x -> 200'
    ])
  })

  it('still counts the tries when every reply asks for a wait', async () => {
    const { http, transport } = setup(POLICY, reply(503, { 'retry-after': '0' }))
    expect((await http.fetch('https://api.github.com/x')).status).toBe(503)
    expect(transport).toHaveBeenCalledTimes(POLICY.attempts)
  })

  it('backs off without a retry-after', async () => {
    const policy = { ...POLICY, attempts: 2, timeoutMs: 1_000, minDelayMs: 100, maxDelayMs: 1_000 }
    const { http } = setup(policy, reply(503), reply(200))
    const [, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(elapsed).toBeGreaterThanOrEqual(95)
  })

  it('reads the reply the way Octokit does: status, url, headers by get and by iteration, text, json, arrayBuffer', async () => {
    const { http } = setup(POLICY, reply(201, { 'content-type': 'application/json', 'x-one': '1' }, '{"a":1}'))
    const response = await http.fetch('https://api.github.com/x')
    expect([response.ok, response.status, response.url]).toEqual([true, 201, 'https://api.github.com/x'])
    expect(response.headers.get('Content-Type')).toBe('application/json')
    expect(response.headers.get('x-missing')).toBeNull()
    expect(response.headers.has('X-One')).toBe(true)
    expect([...(response.headers as unknown as Iterable<[string, string]>)]).toEqual([
      ['content-type', 'application/json'],
      ['x-one', '1']
    ])
    expect(await response.text()).toBe('{"a":1}')
    expect(await response.json()).toEqual({ a: 1 })
    expect(new TextDecoder().decode(await response.arrayBuffer())).toBe('{"a":1}')
  })

  it('takes headers as pairs too, and hands the caller’s own signal down with the try’s', async () => {
    const caller = new AbortController()
    let abortedInFlight: boolean | undefined
    const abortingCaller: Step = async (signal) => {
      caller.abort()
      abortedInFlight = signal.aborted
      return { status: 200, headers: {}, text: '{}', via: undefined }
    }
    const { http, transport } = setup(POLICY, abortingCaller)
    await http.fetch('https://api.github.com/x', { headers: [['X-A', 'b']], signal: caller.signal })
    const sent = transport.mock.calls[0]?.[0]
    expect(sent?.headers).toEqual({ 'x-a': 'b' })
    expect(abortedInFlight).toBe(true)
  })

  it.each<[string, Record<string, string>, number]>([
    ['retry-after', { 'retry-after': '3600' }, 503],
    ['an exhausted quota', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() / 1000 + 3600) }, 429],
    ['a secondary rate limit', { 'retry-after': '3600' }, 403]
  ])('caps the wait %s asks for at maxDelayMs', async (_, headers, status) => {
    const { http, transport } = setup(POLICY, reply(status, headers), reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(200)
    expect(transport).toHaveBeenCalledTimes(2)
    expect(elapsed).toBeLessThan(1_000)
  })

  it('does not wait where the wait asked for ends past totalMs: the last reply, at once', async () => {
    const policy = { ...POLICY, maxDelayMs: 10_000, totalMs: 300 }
    const { http, transport } = setup(policy, reply(503, { 'retry-after': '3600' }), reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(503)
    expect(transport).toHaveBeenCalledTimes(1)
    expect(elapsed).toBeLessThan(250)
  })

  it.each<[string, string | URL | { url: string }]>([
    ['a string', SECRET_URL],
    ['a URL', new URL(SECRET_URL)],
    ['an object with a url', { url: SECRET_URL }]
  ])('keeps the query out of every debug line, given %s', async (_, input) => {
    const { http, lines } = setup({ ...POLICY, attempts: 4 }, reply(503), throws(fault('ECONNRESET')), hang, reply(200))
    expect((await http.fetch(input as string)).status).toBe(200)
    expect(lines.length).toBeGreaterThanOrEqual(5)
    for (const line of lines) {
      expect(line).toContain('https://graph.threads.net/access_token?…')
      expect(line).not.toMatch(/APPSECRET1|SHORTTOKEN1|client_secret|grant_type|access_token=/)
    }
  })
})

// A POST may have been acted on though no usable reply came (a second issue, a variable created twice).
describe('createHttp: fetch repeats a POST only when it surely was not acted on', () => {
  const POST = { method: 'POST', body: '{"title":"x"}' }
  const refused = fault('ECONNREFUSED', true)
  const reset = fault('ECONNRESET')

  it('a time-out: not repeated, the time-out rethrown', async () => {
    const { http, transport } = setup(POLICY, hang, reply(201))
    await expect(http.fetch('https://api.github.com/x', POST)).rejects.toHaveProperty('name', 'TimeoutError')
    expect(transport).toHaveBeenCalledTimes(1)
  })

  it.each([500, 502, 503])('a %i: not repeated, the reply returned', async (status) => {
    const { http, transport } = setup(POLICY, reply(status), reply(201))
    expect((await http.fetch('https://api.github.com/x', POST)).status).toBe(status)
    expect(transport).toHaveBeenCalledTimes(1)
  })

  it('a 200 that is not JSON: not repeated', async () => {
    const garbled = reply(200, {}, '<html>proxy</html>')
    const { http, transport } = setup(POLICY, garbled, reply(201))
    await expect(http.fetch('https://api.github.com/x', POST)).rejects.toBeInstanceOf(TransientError)
    expect(transport).toHaveBeenCalledTimes(1)
  })

  it('a reset connection: not repeated', async () => {
    const { http, transport } = setup(POLICY, throws(reset), reply(201))
    await expect(http.fetch('https://api.github.com/x', POST)).rejects.toBe(reset)
    expect(transport).toHaveBeenCalledTimes(1)
  })

  it.each<[string, Step]>([
    ['a 429', reply(429)],
    ['a 429 with retry-after', reply(429, { 'retry-after': '0' })],
    ['a secondary rate limit (403 with retry-after)', reply(403, { 'retry-after': '0' })],
    ['a refused connection', throws(refused)]
  ])('%s: repeated, and the 201 that follows returned', async (_case, first) => {
    const { http, transport } = setup(POLICY, first, reply(201))
    const response = await http.fetch('https://api.github.com/x', POST)
    expect(response.status).toBe(201)
    expect(transport).toHaveBeenCalledTimes(2)
    expect(transport.mock.calls[1]?.[0]).toMatchObject(POST)
  })

  it('a 429 on every try: every attempt used, the last reply returned', async () => {
    const { http, transport } = setup(POLICY, reply(429))
    expect((await http.fetch('https://api.github.com/x', POST)).status).toBe(429)
    expect(transport).toHaveBeenCalledTimes(POLICY.attempts)
  })

  it.each(['GET', 'PUT', 'PATCH'])('%s, by contrast, is repeated after a time-out and a 5xx', async (method) => {
    const { http, transport } = setup(POLICY, hang, reply(503), reply(200))
    expect((await http.fetch('https://api.github.com/x', { method })).status).toBe(200)
    expect(transport).toHaveBeenCalledTimes(3)
  })
})

describe('createHttp: retry', () => {
  it('does not retry an error that is not transient', async () => {
    const { http, lines } = setup(POLICY)
    const error = new Error('refused')
    const attempt = vi.fn(async (_signal: AbortSignal): Promise<string> => {
      throw error
    })
    await expect(http.retry('refresh', attempt)).rejects.toBe(error)
    expect(attempt).toHaveBeenCalledTimes(1)
    expect(lines).toEqual([])
  })

  it('retries a TransientError, with a fresh signal per try, until it succeeds', async () => {
    const { http, lines } = setup(POLICY)
    const signals: AbortSignal[] = []
    const result = await http.retry('refresh', async (signal) => {
      signals.push(signal)
      if (signals.length < 3) throw new TransientError('garbled reply')
      return 'ok'
    })
    expect(result).toBe('ok')
    expect(new Set(signals).size).toBe(3)
    expect(lines).toEqual(['refresh: try 1 failed (garbled reply); 2 left', 'refresh: try 2 failed (garbled reply); 1 left'])
  })

  it('rethrows the last TransientError once every attempt is used', async () => {
    const { http } = setup(POLICY)
    const attempt = vi.fn(async (): Promise<never> => {
      throw new TransientError('HTTP 502')
    })
    await expect(http.retry('refresh', attempt)).rejects.toBeInstanceOf(TransientError)
    expect(attempt).toHaveBeenCalledTimes(POLICY.attempts)
  })

  it('hands each try a signal that times out after timeoutMs', async () => {
    const { http } = setup({ ...POLICY, attempts: 1 })
    const reason = await http.retry(
      'wait',
      (signal) => new Promise<unknown>((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)))
    )
    expect(reason).toHaveProperty('name', 'TimeoutError')
  })
})
