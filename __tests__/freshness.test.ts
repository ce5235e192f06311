import { describe, expect, it } from 'vitest'
import { GitHubError, ServiceError } from '../src/shared/errors.js'
import { LONG_LIVED_MS, REFRESH_MIN_AGE_MS, parseExpiry, tooYoungToRefresh, type Evidence } from '../src/core/freshness.js'

const NOW = new Date('2025-06-01T12:00:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const TOO_RECENT = 'The access token is too recent to be refreshed. Try again after 24 hours.'
const refusal = (message = TOO_RECENT, code = 100): ServiceError =>
  new ServiceError({ service: 'Threads', operation: 'refresh', status: 400, apiMessage: message, code: code })
const ago = (ms: number): Date => new Date(NOW.getTime() - ms)
/** The expiry a token issued `age` ago has. */
const expiryOf = (age: number): string => new Date(NOW.getTime() - age + LONG_LIVED_MS).toISOString()

type Inspected = Awaited<ReturnType<Evidence['inspect']>>

/** The decision, and how often inspect was asked. */
async function decide(error: unknown, expiresAtVariable?: string, inspected: Inspected | Error = undefined) {
  let inspections = 0
  const inspect = (): Promise<Inspected> => {
    inspections++
    return inspected instanceof Error ? Promise.reject(inspected) : Promise.resolve(inspected)
  }
  const youth = await tooYoungToRefresh(error, { now: NOW, expiresAtVariable, inspect })
  return { youth, inspections }
}

describe('parseExpiry', () => {
  it('reads a time as the expiry variable holds it, and nothing from an unset or garbled value', () => {
    expect(parseExpiry('2026-12-09T00:00:00Z')).toEqual(new Date('2026-12-09T00:00:00Z'))
    for (const value of [undefined, '', 'old', 'soon-ish']) expect(parseExpiry(value)).toBeUndefined()
  })
})

describe('tooYoungToRefresh', () => {
  it.each<[string, unknown]>([
    ['a plain Error', new Error(TOO_RECENT)],
    ['a GitHubError', new GitHubError({ operation: 'read', status: 400, apiMessage: TOO_RECENT, target: 'o/r' })],
    ['a string', TOO_RECENT],
    [
      'a transient ServiceError',
      new ServiceError({ service: 'Threads', operation: 'refresh', apiMessage: TOO_RECENT, code: 100, transient: true })
    ]
  ])('%s is never youth, and no evidence is gathered', async (_case, error) => {
    expect(await decide(error, expiryOf(HOUR), { issuedAt: ago(HOUR) })).toEqual({ youth: undefined, inspections: 0 })
  })

  describe('an expiry variable that says young decides at once', () => {
    it.each<[string, number]>([
      ['an hour old', HOUR],
      ['a minute short of a day', DAY - 60_000],
      ['just issued', 0]
    ])('%s: young, per the variable', async (_case, age) => {
      const { youth, inspections } = await decide(refusal('Unrelated words'), expiryOf(age), { issuedAt: ago(3 * DAY) })
      expect(youth).toEqual({ issuedAt: ago(age), expiresAt: new Date(expiryOf(age)), source: 'expiry variable' })
      expect(inspections).toBe(0)
    })
  })

  // A variable that says "old" may be stale (a variable write failed, a token stored by hand).
  describe('an expiry variable that says old is checked by inspection, which outranks it', () => {
    const OLD: [string, number][] = [
      ['exactly a day old', REFRESH_MIN_AGE_MS],
      ['two days old', 2 * DAY],
      ['expired long ago', 90 * DAY]
    ]

    it.each(OLD)('%s, but inspection says an hour old: young, per the inspection', async (_case, age) => {
      const inspected = { issuedAt: ago(HOUR), expiresAt: new Date(expiryOf(HOUR)) }
      expect(await decide(refusal('Unrelated words'), expiryOf(age), inspected)).toEqual({
        youth: { ...inspected, source: 'token inspection' },
        inspections: 1
      })
    })

    it.each(OLD)('%s, and inspection says three days old: not young, even though the refusal says too recent', async (_case, age) => {
      expect(await decide(refusal(), expiryOf(age), { issuedAt: ago(3 * DAY) })).toEqual({ youth: undefined, inspections: 1 })
    })

    it.each<[string, Inspected | Error]>([
      [
        'rejects',
        new ServiceError({
          service: 'Threads',
          operation: 'token inspection',
          status: 400,
          apiMessage: 'Unsupported get request.',
          code: 100
        })
      ],
      ['answers nothing', undefined],
      ['knows only the expiry', { expiresAt: new Date(expiryOf(HOUR)) }]
    ])('when inspection %s: not young, and the refusal text is not consulted', async (_case, inspected) => {
      for (const [, age] of OLD) {
        expect(await decide(refusal(), expiryOf(age), inspected)).toEqual({ youth: undefined, inspections: 1 })
      }
    })
  })

  describe('without a readable variable, inspection decides next', () => {
    it.each([
      ['garbage', 'soon'],
      ['empty', ''],
      ['absent', undefined]
    ])('an %s variable falls through to inspection', async (_case, value) => {
      const { youth, inspections } = await decide(refusal('Unrelated words'), value, {
        issuedAt: ago(HOUR),
        expiresAt: new Date(expiryOf(HOUR))
      })
      expect(youth).toEqual({ issuedAt: ago(HOUR), expiresAt: new Date(expiryOf(HOUR)), source: 'token inspection' })
      expect(inspections).toBe(1)
    })

    it('a garbage variable is no known variable: with inspection unavailable, there is no evidence of youth', async () => {
      const unavailable = new ServiceError({
        service: 'Threads',
        operation: 'token inspection',
        status: 400,
        apiMessage: 'Unsupported get request.',
        code: 100
      })
      expect(await decide(refusal(), 'soon', unavailable)).toEqual({ youth: undefined, inspections: 1 })
    })

    it('a token issued two hours ago is young', async () => {
      expect((await decide(refusal('Unrelated words'), undefined, { issuedAt: ago(2 * HOUR) })).youth).toEqual({
        issuedAt: ago(2 * HOUR),
        source: 'token inspection'
      })
    })

    it('a token issued three days ago is not, whatever the refusal says', async () => {
      expect((await decide(refusal(), undefined, { issuedAt: ago(3 * DAY) })).youth).toBeUndefined()
    })

    it.each<[string, Inspected | Error]>([
      [
        'rejects',
        new ServiceError({
          service: 'Threads',
          operation: 'token inspection',
          status: 400,
          apiMessage: 'Unsupported get request.',
          code: 100
        })
      ],
      ['answers nothing', undefined],
      ['knows only the expiry', { expiresAt: new Date(expiryOf(3 * DAY)) }]
    ])('when it %s, there is no evidence of youth, whatever the refusal says', async (_case, inspected) => {
      expect((await decide(refusal(), undefined, inspected)).youth).toBeUndefined()
    })
  })

  // Meta does not document the refusal of a token under a day old: its code and words decide nothing.
  describe('the refusal itself is no evidence', () => {
    it.each<[string, ServiceError]>([
      ['an invalid token code (190)', refusal('Error validating access token.', 190)],
      [
        'an expired token (190/463)',
        new ServiceError({
          service: 'Threads',
          operation: 'refresh',
          status: 400,
          apiMessage: 'Session has expired',
          code: 190,
          subcode: 463
        })
      ],
      ['a parameter error (100)', refusal('Unsupported request', 100)],
      ['words that say too recent', refusal(TOO_RECENT, 100)]
    ])('%s, with the expiry variable saying twelve hours old: young, per the variable', async (_case, error) => {
      const { youth } = await decide(error, expiryOf(12 * HOUR), { issuedAt: ago(3 * DAY) })
      expect(youth).toEqual({ issuedAt: ago(12 * HOUR), expiresAt: new Date(expiryOf(12 * HOUR)), source: 'expiry variable' })
    })

    it.each([TOO_RECENT, 'Token is too new to refresh', 'The token must be at least 24 hours old'])(
      'words that say %j, without a variable or an inspection: not young',
      async (message) => {
        expect((await decide(refusal(message), undefined, undefined)).youth).toBeUndefined()
      }
    )

    it('an Instagram refusal is decided the same way: by the variable', async () => {
      const instagram = new ServiceError({ service: 'Instagram', operation: 'refresh', status: 400, apiMessage: TOO_RECENT, code: 190 })
      expect((await decide(instagram, expiryOf(HOUR), new Error('not offered'))).youth).toMatchObject({ source: 'expiry variable' })
      expect((await decide(instagram, undefined, new Error('not offered'))).youth).toBeUndefined()
    })
  })

  // Young for ever would mean skipped for ever, until the token dies.
  describe('an issue time in the future is no evidence of youth', () => {
    it.each<[string, number]>([
      ['a variable 100 days ahead (issued 40 days in the future)', 100 * DAY],
      ['a variable a year ahead', 365 * DAY]
    ])('%s: not young', async (_case, ahead) => {
      const expiry = new Date(NOW.getTime() + ahead).toISOString()
      expect((await decide(refusal(), expiry, undefined)).youth).toBeUndefined()
    })

    it('an inspection that says issued tomorrow: not young', async () => {
      expect((await decide(refusal(), undefined, { issuedAt: ago(-DAY) })).youth).toBeUndefined()
    })

    it('a few minutes of clock skew are still young', async () => {
      expect((await decide(refusal(), undefined, { issuedAt: ago(-2 * 60_000) })).youth).toMatchObject({ source: 'token inspection' })
    })
  })
})
