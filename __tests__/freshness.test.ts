import { describe, expect, it } from 'vitest'
import { GitHubError, GraphError } from '../src/shared/errors.js'
import { LONG_LIVED_MS, REFRESH_MIN_AGE_MS, tooYoungToRefresh, type Evidence } from '../src/core/freshness.js'

const NOW = new Date('2025-06-01T12:00:00Z')
const HOUR = 3_600_000
const DAY = 24 * HOUR
const TOO_RECENT = 'The access token is too recent to be refreshed. Try again after 24 hours.'
const refusal = (message = TOO_RECENT, code = 100): GraphError =>
  new GraphError({ service: 'Threads', operation: 'refresh', status: 400, apiMessage: message, code: code })
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

describe('tooYoungToRefresh', () => {
  it.each<[string, unknown]>([
    ['a plain Error', new Error(TOO_RECENT)],
    ['a GitHubError', new GitHubError({ operation: 'read', status: 400, apiMessage: TOO_RECENT, target: 'o/r' })],
    ['a string', TOO_RECENT],
    [
      'a transient GraphError',
      new GraphError({ service: 'Threads', operation: 'refresh', apiMessage: TOO_RECENT, code: 100, transient: true })
    ],
    ['an invalid token (190)', refusal(TOO_RECENT, 190)]
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
        new GraphError({
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

    it('a garbage variable is no known variable: with inspection unavailable, the refusal text decides', async () => {
      const unavailable = new GraphError({
        service: 'Threads',
        operation: 'token inspection',
        status: 400,
        apiMessage: 'Unsupported get request.',
        code: 100
      })
      expect(await decide(refusal(), 'soon', unavailable)).toEqual({ youth: { source: 'refusal' }, inspections: 1 })
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
        new GraphError({
          service: 'Threads',
          operation: 'token inspection',
          status: 400,
          apiMessage: 'Unsupported get request.',
          code: 100
        })
      ],
      ['answers nothing', undefined],
      ['knows only the expiry', { expiresAt: new Date(expiryOf(3 * DAY)) }]
    ])('when it %s, the refusal text decides', async (_case, inspected) => {
      expect((await decide(refusal(), undefined, inspected)).youth).toEqual({ source: 'refusal' })
      expect((await decide(refusal('Invalid parameter'), undefined, inspected)).youth).toBeUndefined()
    })
  })

  describe('then the refusal text, loosely', () => {
    it.each([
      TOO_RECENT,
      'Token is too new to refresh',
      'Refresh attempted too soon',
      'The token must be at least 24 hours old',
      'Tokens can be refreshed after 24hours',
      'Token has not been active long enough',
      'The token is not old enough',
      'This token cannot be refreshed yet',
      'TOKEN NOT YET REFRESHABLE'
    ])('matches %j', async (message) => {
      expect((await decide(refusal(message))).youth).toEqual({ source: 'refusal' })
    })

    // A wording once matched and then lost to a narrower pattern.
    it('matches "Please wait one day before refreshing"', async () => {
      expect((await decide(refusal('Please wait one day before refreshing'))).youth).toEqual({ source: 'refusal' })
    })

    it.each([
      'Unsupported grant_type',
      'Invalid parameter',
      'Error validating client secret.',
      'An unknown error has occurred.',
      'The user has not authorized application 1234.',
      'Invalid OAuth access token - Cannot parse access token'
    ])('does not match %j', async (message) => {
      expect((await decide(refusal(message))).youth).toBeUndefined()
    })

    it('an Instagram refusal is read the same way', async () => {
      const instagram = new GraphError({ service: 'Instagram', operation: 'refresh', status: 400, apiMessage: TOO_RECENT, code: 100 })
      expect((await decide(instagram)).youth).toBeDefined()
      expect(
        (
          await decide(
            new GraphError({ service: 'Instagram', operation: 'refresh', status: 400, apiMessage: 'Invalid parameter', code: 100 })
          )
        ).youth
      ).toBeUndefined()
    })

    // A bare "not enough" is no youth: a permission refusal must stay a failure.
    it.each(['Not enough permissions to refresh this token', 'Permission denied: not enough scopes granted'])(
      'does not match %j (a permission refusal)',
      async (message) => {
        expect((await decide(refusal(message, 10))).youth).toBeUndefined()
      }
    )
  })
})
