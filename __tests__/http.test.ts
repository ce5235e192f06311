import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { TransientError } from '../src/shared/errors.js'
import {
  createHttp,
  defaultRetryPolicy,
  describeUrl,
  isTransientStatus,
  policyFromEnv,
  retryAfterMs,
  type RetryPolicy
} from '../src/shared/http.js'

const POLICY: RetryPolicy = { ...defaultRetryPolicy, attempts: 3, timeoutMs: 50, minDelayMs: 1, maxDelayMs: 20, totalMs: 5_000 }
const SECRET_URL = 'https://graph.threads.net/access_token?grant_type=th_exchange_token&client_secret=APPSECRET1&access_token=SHORTTOKEN1'

type Step = (signal: AbortSignal) => Promise<Response>
const reply =
  (status: number, headers: Record<string, string> = {}): Step =>
  async () =>
    new Response(status === 204 ? null : `{"status":${status}}`, { status, headers })
const throws =
  (error: unknown): Step =>
  async () => {
    throw error
  }
/** Never answers, like a dead connection, until the per-try signal gives up. */
const hang: Step = (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }))

/** A baseFetch that plays `steps` in order, repeating the last one. */
function fakeFetch(...steps: Step[]) {
  const signals: AbortSignal[] = []
  const baseFetch = vi.fn(async (_input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const signal = init?.signal
    if (!(signal instanceof AbortSignal)) throw new Error('no AbortSignal passed')
    signals.push(signal)
    const step = steps[Math.min(signals.length, steps.length) - 1]
    if (!step) throw new Error('no step')
    return step(signal)
  })
  return { baseFetch, signals }
}

function setup(policy: RetryPolicy, ...steps: Step[]) {
  const { baseFetch, signals } = fakeFetch(...steps)
  const lines: string[] = []
  const http = createHttp(policy, (line) => lines.push(line), baseFetch)
  return { http, baseFetch, signals, lines }
}

async function timed<T>(work: Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const result = await work
  return [result, performance.now() - started]
}

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  it.each<[string, Record<string, string>, number | undefined]>([
    ['seconds', { 'retry-after': '120' }, 120_000],
    ['fractional seconds', { 'retry-after': '0.5' }, 500],
    ['negative seconds', { 'retry-after': '-5' }, 0],
    ['an HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, 30_000],
    ['an HTTP date in the past', { 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, 0],
    ['x-ratelimit-reset with none remaining', { 'x-ratelimit-reset': String(now / 1000 + 60), 'x-ratelimit-remaining': '0' }, 60_000],
    ['x-ratelimit-reset with some remaining', { 'x-ratelimit-reset': String(now / 1000 + 60), 'x-ratelimit-remaining': '10' }, undefined],
    ['x-ratelimit-reset without remaining', { 'x-ratelimit-reset': String(now / 1000 + 60) }, undefined],
    [
      'garbage retry-after, falling back to the reset',
      { 'retry-after': 'soon', 'x-ratelimit-reset': String(now / 1000 + 5), 'x-ratelimit-remaining': '0' },
      5_000
    ],
    [
      'retry-after over the reset',
      { 'retry-after': '2', 'x-ratelimit-reset': String(now / 1000 + 60), 'x-ratelimit-remaining': '0' },
      2_000
    ],
    ['no header', {}, undefined]
  ])('%s', (_, headers, expected) => {
    expect(retryAfterMs(new Headers(headers), now)).toBe(expected)
  })
})

describe('isTransientStatus', () => {
  it.each<[number, Record<string, string>, boolean]>([
    [429, {}, true],
    [500, {}, true],
    [502, {}, true],
    [503, {}, true],
    [504, {}, true],
    [200, {}, false],
    [400, {}, false],
    [401, {}, false],
    [404, {}, false],
    [409, {}, false],
    [422, {}, false],
    [403, {}, false],
    [403, { 'retry-after': '60' }, true],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, true],
    [403, { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1' }, false],
    [400, { 'retry-after': '60' }, false]
  ])('%i %j -> %s', (status, headers, expected) => {
    expect(isTransientStatus(status, new Headers(headers))).toBe(expected)
  })
})

describe('describeUrl', () => {
  it.each<[string, string | URL | Request, string]>([
    ['a string with a query', SECRET_URL, 'https://graph.threads.net/access_token?…'],
    ['a URL with a query', new URL(SECRET_URL), 'https://graph.threads.net/access_token?…'],
    ['a Request with a query', new Request(SECRET_URL), 'https://graph.threads.net/access_token?…'],
    [
      'no query',
      'https://api.github.com/repos/o/r/actions/secrets/public-key',
      'https://api.github.com/repos/o/r/actions/secrets/public-key'
    ],
    ['credentials and a fragment', 'https://user:pass@example.org/p#fragment', 'https://example.org/p'],
    ['a loopback port', 'http://127.0.0.1:8080/v1.0/me?access_token=T', 'http://127.0.0.1:8080/v1.0/me?…'],
    ['garbage', 'not a url?access_token=T', '(unparseable URL)']
  ])('%s', (_, input, expected) => {
    expect(describeUrl(input)).toBe(expected)
  })

  it('never shows any part of the query', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9]{6,16}$/).map((s) => `Q${s}`)
    fc.assert(
      fc.property(fc.webPath(), value, value, (path, name, token) => {
        const shown = describeUrl(`https://graph.threads.net${path.startsWith('/') ? path : `/${path}`}?${name}=${token}`)
        expect(shown).not.toContain(token)
        expect(shown).not.toContain(name)
      })
    )
  })
})

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
    const { http, baseFetch, lines } = setup(POLICY, reply(503), reply(200))
    const response = await http.fetch(SECRET_URL)
    expect(response.status).toBe(200)
    expect(baseFetch).toHaveBeenCalledTimes(2)
    expect(lines).toContain('GET https://graph.threads.net/access_token?…: try 1 failed (HTTP 503); 2 left')
  })

  it.each([400, 401, 403, 404, 409, 422])('does not retry %i', async (status) => {
    const { http, baseFetch } = setup(POLICY, reply(status), reply(200))
    expect((await http.fetch('https://api.github.com/x')).status).toBe(status)
    expect(baseFetch).toHaveBeenCalledTimes(1)
  })

  it.each([429, 500, 503])('returns the last %i once every attempt is used, without throwing', async (status) => {
    const { http, baseFetch } = setup(POLICY, reply(status))
    const response = await http.fetch('https://api.github.com/x')
    expect(response.status).toBe(status)
    expect(await response.json()).toEqual({ status })
    expect(baseFetch).toHaveBeenCalledTimes(POLICY.attempts)
  })

  it('passes the caller’s init through, with a fresh signal per try', async () => {
    const { http, baseFetch, signals } = setup(POLICY, reply(502), reply(201))
    const init = { method: 'PUT', headers: { authorization: 'token x' }, body: '{"a":1}' }
    expect((await http.fetch('https://api.github.com/x', init)).status).toBe(201)
    expect(baseFetch.mock.calls[1]?.[1]).toMatchObject(init)
    expect(init).not.toHaveProperty('signal')
    expect(signals).toHaveLength(2)
    expect(signals[0]).not.toBe(signals[1])
  })

  it('retries a network failure and finally rethrows it', async () => {
    const failure = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })
    const recovering = setup(POLICY, throws(failure), reply(200))
    expect((await recovering.http.fetch('https://api.github.com/x')).status).toBe(200)

    const { http, baseFetch, lines } = setup(POLICY, throws(failure))
    await expect(http.fetch('https://api.github.com/x')).rejects.toBe(failure)
    expect(baseFetch).toHaveBeenCalledTimes(POLICY.attempts)
    expect(lines.filter((l) => l.includes('failed (network error (ECONNRESET))'))).toHaveLength(POLICY.attempts)
  })

  it.each([new TypeError('x is not a function'), new Error('boom'), new RangeError('bad')])('does not retry %s', async (error) => {
    const { http, baseFetch } = setup(POLICY, throws(error), reply(200))
    await expect(http.fetch('https://api.github.com/x')).rejects.toBe(error)
    expect(baseFetch).toHaveBeenCalledTimes(1)
  })

  it('abandons a try that hangs after timeoutMs and tries again', async () => {
    const { http, signals } = setup(POLICY, hang, reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(200)
    expect(signals[0]?.aborted).toBe(true)
    expect(elapsed).toBeGreaterThanOrEqual(POLICY.timeoutMs - 5)
  })

  it('gives up on a connection that always hangs, one time-out per try', async () => {
    const { http, baseFetch, signals, lines } = setup(POLICY, hang)
    const [error, elapsed] = await timed(
      http.fetch('https://api.github.com/x').then(
        () => undefined,
        (e: unknown) => e
      )
    )
    expect(error).toHaveProperty('name', 'TimeoutError')
    expect(baseFetch).toHaveBeenCalledTimes(POLICY.attempts)
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

  it.each<[string, Record<string, string>, number]>([
    ['retry-after', { 'retry-after': '3600' }, 503],
    ['an exhausted quota', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Date.now() / 1000 + 3600) }, 429],
    ['a secondary rate limit', { 'retry-after': '3600' }, 403]
  ])('caps the wait %s asks for at maxDelayMs', async (_, headers, status) => {
    const { http, baseFetch } = setup(POLICY, reply(status, headers), reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(200)
    expect(baseFetch).toHaveBeenCalledTimes(2)
    expect(elapsed).toBeLessThan(1_000)
  })

  it('never waits past totalMs, returning the last reply', async () => {
    const policy = { ...POLICY, maxDelayMs: 10_000, totalMs: 100 }
    const { http, baseFetch } = setup(policy, reply(503, { 'retry-after': '3600' }), reply(200))
    const [response, elapsed] = await timed(http.fetch('https://api.github.com/x'))
    expect(response.status).toBe(503)
    expect(baseFetch).toHaveBeenCalledTimes(1)
    expect(elapsed).toBeLessThan(1_000)
  })

  it.each<[string, string | URL | Request]>([
    ['a string', SECRET_URL],
    ['a URL', new URL(SECRET_URL)],
    ['a Request', new Request(SECRET_URL, { method: 'POST' })]
  ])('keeps the query out of every debug line, given %s', async (_, input) => {
    const { http, lines } = setup({ ...POLICY, attempts: 4 }, reply(503), throws(new TypeError('fetch failed')), hang, reply(200))
    expect((await http.fetch(input)).status).toBe(200)
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
  const refused = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })
  const reset = new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })

  it('a time-out: not repeated, the time-out rethrown', async () => {
    const { http, baseFetch } = setup(POLICY, hang, reply(201))
    await expect(http.fetch('https://api.github.com/x', POST)).rejects.toHaveProperty('name', 'TimeoutError')
    expect(baseFetch).toHaveBeenCalledTimes(1)
  })

  it.each([500, 502, 503])('a %i: not repeated, the reply returned', async (status) => {
    const { http, baseFetch } = setup(POLICY, reply(status), reply(201))
    expect((await http.fetch('https://api.github.com/x', POST)).status).toBe(status)
    expect(baseFetch).toHaveBeenCalledTimes(1)
  })

  it('a 200 that is not JSON: not repeated', async () => {
    const garbled: Step = async () => new Response('<html>proxy</html>', { status: 200 })
    const { http, baseFetch } = setup(POLICY, garbled, reply(201))
    await expect(http.fetch('https://api.github.com/x', POST)).rejects.toBeInstanceOf(TransientError)
    expect(baseFetch).toHaveBeenCalledTimes(1)
  })

  it('a reset connection: not repeated', async () => {
    const { http, baseFetch } = setup(POLICY, throws(reset), reply(201))
    await expect(http.fetch('https://api.github.com/x', POST)).rejects.toBe(reset)
    expect(baseFetch).toHaveBeenCalledTimes(1)
  })

  it.each<[string, Step]>([
    ['a 429', reply(429)],
    ['a 429 with retry-after', reply(429, { 'retry-after': '0' })],
    ['a secondary rate limit (403 with retry-after)', reply(403, { 'retry-after': '0' })],
    ['a refused connection', throws(refused)]
  ])('%s: repeated, and the 201 that follows returned', async (_case, first) => {
    const { http, baseFetch } = setup(POLICY, first, reply(201))
    const response = await http.fetch('https://api.github.com/x', POST)
    expect(response.status).toBe(201)
    expect(baseFetch).toHaveBeenCalledTimes(2)
    expect(baseFetch.mock.calls[1]?.[1]).toMatchObject(POST)
  })

  it('a 429 on every try: every attempt used, the last reply returned', async () => {
    const { http, baseFetch } = setup(POLICY, reply(429))
    expect((await http.fetch('https://api.github.com/x', POST)).status).toBe(429)
    expect(baseFetch).toHaveBeenCalledTimes(POLICY.attempts)
  })

  it.each(['GET', 'PUT', 'PATCH'])('%s, by contrast, is repeated after a time-out and a 5xx', async (method) => {
    const { http, baseFetch } = setup(POLICY, hang, reply(503), reply(200))
    expect((await http.fetch('https://api.github.com/x', { method })).status).toBe(200)
    expect(baseFetch).toHaveBeenCalledTimes(3)
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
