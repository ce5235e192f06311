/** The one rule for what another try may change: replies, service codes, faults. */
import { describe, expect, it } from 'vitest'
import { TransientError, TransportError } from '../src/shared/errors.js'
import {
  describeFault,
  faultIsTransient,
  faultQuotesService,
  isRetriable,
  judgeReply,
  retryAfterMs,
  surelyNotActedOn
} from '../src/shared/transient.js'

const transport = (transient: boolean, notSent: boolean): TransportError =>
  new TransportError('m', { host: 'h', code: 'X', transient, notSent })

describe('retryAfterMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z')
  it.each<[string, Record<string, string>, number | undefined]>([
    ['seconds', { 'retry-after': '120' }, 120_000],
    ['fractional seconds', { 'retry-after': '0.5' }, 500],
    ['negative seconds', { 'retry-after': '-5' }, 0],
    ['an HTTP date', { 'retry-after': 'Wed, 01 Jan 2025 00:00:30 GMT' }, 30_000],
    ['an HTTP date in the past', { 'retry-after': 'Tue, 31 Dec 2024 23:00:00 GMT' }, 0],
    ['an empty retry-after', { 'retry-after': '' }, undefined],
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
    expect(retryAfterMs(headers, now)).toBe(expected)
  })
})

describe('judgeReply: the same rule for Meta and for GitHub', () => {
  it.each<[number, Record<string, string>, 'rate-limited' | 'try-later' | undefined, boolean, boolean]>([
    [429, {}, undefined, true, true],
    [500, {}, undefined, true, false],
    [502, {}, undefined, true, false],
    [503, {}, undefined, true, false],
    [504, {}, undefined, true, false],
    [200, {}, undefined, false, false],
    [400, {}, undefined, false, false],
    [401, {}, undefined, false, false],
    [403, {}, undefined, false, false],
    [404, {}, undefined, false, false],
    [409, {}, undefined, false, false],
    [422, {}, undefined, false, false],
    // GitHub's secondary rate limit, and a spent quota.
    [403, { 'retry-after': '60' }, undefined, true, true],
    [403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, undefined, true, true],
    [403, { 'x-ratelimit-remaining': '4999', 'x-ratelimit-reset': '1' }, undefined, false, false],
    [400, { 'retry-after': '60' }, undefined, false, false],
    // What Meta's codes say: 4, 17, 32, 613 rate limits; 1, 2 "try later"; whatever the status.
    [400, {}, 'rate-limited', true, true],
    [200, {}, 'rate-limited', true, true],
    [400, {}, 'try-later', true, false],
    [500, {}, 'try-later', true, false]
  ])('%i %j, the service says %s: transient %s, rate-limited %s', (status, headers, says, transient, rateLimited) => {
    expect(judgeReply(status, headers, says)).toMatchObject({ transient, rateLimited })
  })

  it('keeps the wait asked for only where another try is due', () => {
    expect(judgeReply(503, { 'retry-after': '2' }).retryAfterMs).toBe(2_000)
    expect(judgeReply(400, { 'retry-after': '2' }).retryAfterMs).toBeUndefined()
  })
})

describe('faults', () => {
  const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError')
  const abort = new DOMException('This operation was aborted', 'AbortError')

  it.each<[string, unknown, boolean, boolean, boolean, string]>([
    [
      'a garbled reply',
      new TransientError('HTTP 200 with a reply that is not JSON'),
      true,
      true,
      false,
      'HTTP 200 with a reply that is not JSON'
    ],
    ['a rate limit', new TransientError('HTTP 429', { rateLimited: true }), true, true, true, 'HTTP 429'],
    ['a time-out', timeout, true, true, false, 'no reply in time'],
    ['an abort', abort, true, true, false, 'no reply in time'],
    ['a refused connection', transport(true, true), true, true, true, 'm'],
    ['a dropped connection', transport(true, false), true, true, false, 'm'],
    ['a redirect or an untrusted certificate', transport(false, true), false, false, true, 'm'],
    ['a bug', new TypeError('x is not a function'), false, true, false, 'unexpected fault'],
    ['not even an Error', 'boom', false, true, false, 'unexpected fault']
  ])(
    '%s: retried %s, transient once the tries are spent %s, surely not acted on %s',
    (_case, error, retried, transient, notActed, words) => {
      expect(isRetriable(error)).toBe(retried)
      expect(faultIsTransient(error)).toBe(transient)
      expect(surelyNotActedOn(error)).toBe(notActed)
      expect(describeFault(error)).toBe(words)
    }
  )
})

describe('faultQuotesService: words the far side chose, kept out of a public issue', () => {
  it.each<[string, unknown, boolean]>([
    ['a reply quoted', new TransientError('HTTP 500: anything', { serviceWords: true }), true],
    [
      'a redirect',
      new TransportError('h answered HTTP 302, a redirect to /there', { host: 'h', code: 'REDIRECT', transient: false, notSent: false }),
      true
    ],
    ['a garbled reply, in the action’s words', new TransientError('HTTP 200 with a reply that is not JSON'), false],
    ['a refused connection', transport(true, true), false],
    ['a time-out', new DOMException('timeout', 'TimeoutError'), false]
  ])('%s: %s', (_case, error, quotes) => {
    expect(faultQuotesService(error)).toBe(quotes)
  })
})
