import { GraphError } from '../shared/errors.js'
import type { TokenTimes } from './ports.js'

const DAY_MS = 86_400_000

/** ISO 8601 in UTC, to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Whole days from `now` to an ISO time, rounded; negative once it has passed. */
export function daysUntil(iso: string, now: Date): number {
  return Math.round((Date.parse(iso) - now.getTime()) / DAY_MS)
}

/** Threads and Instagram refresh a long-lived token only once it is a day old. */
export const REFRESH_MIN_AGE_MS = DAY_MS
export const LONG_LIVED_MS = 60 * DAY_MS

/** The refusal's exact text is unconfirmed, so it is matched loosely. */
const TOO_YOUNG =
  /too (?:recent|new|young|soon|early)|24 ?hours|(?:one|a) day\b|not (?:yet )?(?:been )?(?:active|issued|old|valid) (?:long )?enough|not (?:yet )?(?:been )?(?:active |issued |valid )?long enough|cannot be refreshed yet|not yet refreshable/i

export interface Evidence {
  now: Date
  /** The expiry variable's value, when one is kept. */
  expiresAtVariable: string | undefined
  /** Asks the service when the token was issued; may fail where it does not answer. */
  inspect: () => Promise<TokenTimes | undefined>
}

/** A token refused only because it is under a day old: no failure, a skip. */
export interface YoungToken extends TokenTimes {
  /** How the age was learned, for the log. */
  source: 'expiry variable' | 'token inspection' | 'refusal'
}

/**
 * Whether a refused refresh was refused only because the token is under a day old. A scheduled run
 * the morning after a bootstrap must then succeed and change nothing, not raise an alarm.
 */
export async function tooYoungToRefresh(refusal: unknown, evidence: Evidence): Promise<YoungToken | undefined> {
  if (!(refusal instanceof GraphError) || refusal.transient || refusal.code === 190) return undefined
  const young = (issuedAt: Date): boolean => evidence.now.getTime() - issuedAt.getTime() < REFRESH_MIN_AGE_MS

  const fromVariable = Date.parse(evidence.expiresAtVariable ?? '')
  const variableKnown = Number.isFinite(fromVariable)
  if (variableKnown && young(new Date(fromVariable - LONG_LIVED_MS))) {
    return { issuedAt: new Date(fromVariable - LONG_LIVED_MS), expiresAt: new Date(fromVariable), source: 'expiry variable' }
  }
  // A variable that says "old" may be stale (a variable write failed, a token stored by hand):
  // the service's own inspection outranks it.
  const inspected = await evidence.inspect().catch(() => undefined)
  if (inspected?.issuedAt) {
    return young(inspected.issuedAt) ? { ...inspected, source: 'token inspection' } : undefined
  }
  if (variableKnown) return undefined
  return TOO_YOUNG.test(refusal.apiMessage) ? { source: 'refusal' } : undefined
}
