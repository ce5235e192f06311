import { ServiceError } from '../shared/errors.js'
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

/**
 * "2026-12-09T00:00:00Z (in 5 days)", or "… (5 days ago)": a time with the days left to it; in hours
 * where it is under a day away (X's tokens live two hours).
 */
export function whenWithDays(date: Date, now: Date): string {
  const ms = date.getTime() - now.getTime()
  const hours = Math.round(ms / 3_600_000)
  const [count, unit] = Math.abs(ms) < DAY_MS - 1_800_000 ? [hours, 'hour'] : [daysUntil(isoSeconds(date), now), 'day']
  const span = `${Math.abs(count)} ${unit}${Math.abs(count) === 1 ? '' : 's'}`
  return `${isoSeconds(date)} (${count >= 0 ? `in ${span}` : `${span} ago`})`
}

/** The expiry variable's value as a time; undefined where it holds none (unset, or not a date). */
export function parseExpiry(value: string | undefined): Date | undefined {
  const time = Date.parse(value ?? '')
  return Number.isFinite(time) ? new Date(time) : undefined
}

/** Threads and Instagram refresh a long-lived token only once it is a day old. */
export const REFRESH_MIN_AGE_MS = DAY_MS
export const LONG_LIVED_MS = 60 * DAY_MS
const CLOCK_SKEW_MS = 5 * 60_000

export interface Evidence {
  now: Date
  /** The expiry variable's value, when one is kept. */
  expiresAtVariable: string | undefined
  /** Asks the service when the token was issued; may fail where it does not answer. */
  inspect: () => Promise<TokenTimes | undefined>
}

/** A token refused only because it is under a day old: no failure, a skip. */
export interface YoungToken {
  issuedAt: Date
  expiresAt?: Date
  /** How the age was learned, for the log. */
  source: 'expiry variable' | 'token inspection'
}

/**
 * Whether a refused refresh was refused only because the token is under a day old. A scheduled run
 * the morning after a bootstrap must then succeed and change nothing, not raise an alarm. Meta does
 * not document that refusal, so it is decided from what the action itself knows (the expiry it
 * stored, the service's own inspection of the token), whatever the refusal's code or words.
 */
export async function tooYoungToRefresh(refusal: unknown, evidence: Evidence): Promise<YoungToken | undefined> {
  if (!(refusal instanceof ServiceError) || refusal.transient) return undefined
  // An issue time in the future is no evidence (a garbled reply, a variable set by hand): taken for
  // youth, it would skip every run until the token died. A few minutes of clock skew are allowed.
  const young = (issuedAt: Date): boolean => {
    const age = evidence.now.getTime() - issuedAt.getTime()
    return age >= -CLOCK_SKEW_MS && age < REFRESH_MIN_AGE_MS
  }

  const kept = parseExpiry(evidence.expiresAtVariable)
  if (kept && young(new Date(kept.getTime() - LONG_LIVED_MS))) {
    return { issuedAt: new Date(kept.getTime() - LONG_LIVED_MS), expiresAt: kept, source: 'expiry variable' }
  }
  // A variable that says "old" may be stale (a variable write failed, a token stored by hand):
  // the service's own inspection outranks it.
  const inspected = await evidence.inspect().catch(() => undefined)
  const issuedAt = inspected?.issuedAt
  if (!issuedAt || !young(issuedAt)) return undefined
  return { issuedAt, ...(inspected.expiresAt ? { expiresAt: inspected.expiresAt } : {}), source: 'token inspection' }
}
