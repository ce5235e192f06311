/**
 * What ends whatever the keeper does, and must be announced ahead of time: a token that nothing
 * renews (its member must consent again), a refresh token's own end (365 days from consent, never
 * extended), and the user's grant of data access (Meta: 90 days from the authorization, however
 * faithfully the token is refreshed). Each is announced 14 days ahead: two weekly runs.
 */
import { bestEffort } from '../shared/signals.js'
import { isoSeconds, whenWithDays } from './freshness.js'
import type { TokenService } from './ports.js'

export const NOTICE_DAYS = 14
const NOTICE_MS = NOTICE_DAYS * 86_400_000

/** Whether something ending then needs a human soon: within the notice period, or over. */
export function endsSoon(iso: string, now: Date): boolean {
  return Date.parse(iso) - now.getTime() <= NOTICE_MS
}

const ended = (iso: string, now: Date): boolean => Date.parse(iso) <= now.getTime()

/**
 * When data access ends for `token` (ISO), asked now and waited for later: undefined where the
 * service does not say (no inspection, or it refuses for this token). Never rejects.
 */
export function askDataAccess(tokens: TokenService, token: string, cancelled: AbortSignal | undefined): Promise<string | undefined> {
  if (!tokens.reportsDataAccess) return Promise.resolve(undefined)
  return bestEffort(cancelled, () => tokens.inspect(token)).then((times) =>
    times?.dataAccessExpiresAt ? isoSeconds(times.dataAccessExpiresAt) : undefined
  )
}

/** The warning a run gives where data access ends soon (or has ended); undefined where it does not. */
export function dataAccessWarning(expiresAt: string | undefined, now: Date): string | undefined {
  if (!expiresAt || !endsSoon(expiresAt, now)) return undefined
  const over = ended(expiresAt, now)
  return (
    `Data access for this token ${over ? 'ended' : 'ends'} ${whenWithDays(new Date(expiresAt), now)}: the service ends the app's ` +
    `access to the user's data then, however often the token is refreshed. ${over ? 'Authorize again now' : 'Authorize again before that day'}: ` +
    'a new authorization starts a new grant.'
  )
}

/** Where a token that nothing renews expires soon: what the run says, and what the issue says. Undefined where it does not. */
export function expiryNotice(service: string, expiresAt: string | undefined, now: Date): string | undefined {
  if (!expiresAt || !endsSoon(expiresAt, now)) return undefined
  return (
    `The stored ${service} token expires ${whenWithDays(new Date(expiresAt), now)}, and nothing can renew it: ` +
    `${service} gives this app no refresh token. Authorize again before that day.`
  )
}

/** Where the refresh token itself ends soon: then only a new consent gives another. Undefined where it does not. */
export function refreshTokenNotice(service: string, expiresAt: string | undefined, now: Date): string | undefined {
  if (!expiresAt || !endsSoon(expiresAt, now)) return undefined
  return (
    `The ${service} refresh token ${ended(expiresAt, now) ? 'ended' : 'ends'} ${whenWithDays(new Date(expiresAt), now)}, ` +
    `and refreshing does not extend it: authorize again before that day, for a new one.`
  )
}
