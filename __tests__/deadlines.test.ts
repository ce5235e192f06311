/**
 * What ends whatever the keeper does, announced 14 days ahead (two weekly runs): a token nothing
 * renews, and a refresh token's own end. (Data access: data-access.test.ts.)
 */
import { describe, expect, it } from 'vitest'
import { expiryNotice, refreshTokenNotice } from '../src/core/deadlines.js'
import { isoSeconds } from '../src/core/freshness.js'
import { DAY } from './support.js'

const now = new Date('2026-12-06T00:00:00Z')
const inDays = (days: number): string => isoSeconds(new Date(now.getTime() + days * DAY))

describe('expiryNotice: a token nothing renews', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['no expiry known: nothing to say', undefined, undefined],
    ['15 days ahead: nothing yet', inDays(15), undefined],
    [
      '14 days ahead: the day, and that only a new authorization helps',
      inDays(14),
      'The stored LinkedIn token expires 2026-12-20T00:00:00Z (in 14 days), and nothing can renew it: LinkedIn gives this app no refresh token. Authorize again before that day.'
    ]
  ])('%s', (_case, expiresAt, notice) => {
    expect(expiryNotice('LinkedIn', expiresAt, now)).toBe(notice)
  })
})

describe('refreshTokenNotice: a refresh token’s own end', () => {
  it.each<[string, string | undefined, string | undefined]>([
    ['no end known (a service that does not say): nothing to say', undefined, undefined],
    ['15 days ahead: nothing yet', inDays(15), undefined],
    [
      '3 days ahead: ends, and refreshing does not extend it',
      inDays(3),
      'The X refresh token ends 2026-12-09T00:00:00Z (in 3 days), and refreshing does not extend it: authorize again before that day, for a new one.'
    ]
  ])('%s', (_case, expiresAt, notice) => {
    expect(refreshTokenNotice('X', expiresAt, now)).toBe(notice)
  })
})
