/**
 * The user's grant ends, and refreshing does not save it: a service may end an app's access to the
 * user's data at a date of its own (Meta: 90 days after the user authorized), however faithfully the
 * token is refreshed. The keeper asks for that date beside the writes, where the service tells it,
 * and announces it ahead of time.
 */
import { bestEffort } from '../shared/signals.js'
import { isoSeconds, whenWithDays } from './freshness.js'
import type { TokenService } from './ports.js'

/** Within this many days of its end (or past it), the end of data access is announced. */
export const DATA_ACCESS_NOTICE_DAYS = 14
const NOTICE_MS = DATA_ACCESS_NOTICE_DAYS * 86_400_000

/**
 * When data access ends for `token` (ISO), asked now and waited for later: undefined where the
 * service does not say (no inspection, or it refuses for this token). Never rejects.
 */
export function askDataAccess(tokens: TokenService, token: string, cancelled: AbortSignal | undefined): Promise<string | undefined> {
  return bestEffort(cancelled, () => tokens.inspect(token)).then((times) =>
    times?.dataAccessExpiresAt ? isoSeconds(times.dataAccessExpiresAt) : undefined
  )
}

/** Whether data access ending then needs a new authorization soon: within the notice period, or over. */
export function dataAccessEndsSoon(expiresAt: string, now: Date): boolean {
  return Date.parse(expiresAt) - now.getTime() <= NOTICE_MS
}

/** The warning a run gives where data access ends soon (or has ended); undefined where it does not. */
export function dataAccessWarning(expiresAt: string | undefined, now: Date): string | undefined {
  if (!expiresAt || !dataAccessEndsSoon(expiresAt, now)) return undefined
  const ended = Date.parse(expiresAt) <= now.getTime()
  return (
    `Data access for this token ${ended ? 'ended' : 'ends'} ${whenWithDays(new Date(expiresAt), now)}: the service ends the app's ` +
    `access to the user's data then, however often the token is refreshed. ${ended ? 'Authorize again now' : 'Authorize again before that day'}: ` +
    'a new authorization starts a new grant.'
  )
}
