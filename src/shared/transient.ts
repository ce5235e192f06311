/**
 * The one rule for what another try may change, whichever service answered and however a request
 * failed: a reply by its status, its headers and the service's own error code; a fault by what the
 * transport found. The retries (http.ts) and the errors the user sees (ServiceError and GitHubError
 * `transient`, and so whether a human is called) all follow it.
 */
import { TransientError, TransportError } from './errors.js'

/** Reply headers by lower-case name. */
export type ReplyHeaders = Readonly<Record<string, string | undefined>>

/**
 * What the service's own error code says, where it has one (Meta's Graph API does: 4, 17, 32, 341, 613;
 * 1, 2, `is_transient`; 368). 'blocked': it will pass, but not within this run, so it is not tried again.
 */
export type ServiceSays = 'rate-limited' | 'try-later' | 'blocked' | undefined

export interface Verdict {
  /** Another try may succeed. */
  transient: boolean
  /** Refused for rate: surely not acted on, so even a request that must not run twice may be sent again. */
  rateLimited: boolean
  /** The wait the service asked for: waited instead of the back-off, never on top of it. */
  retryAfterMs: number | undefined
}

/** `retry-after` is either seconds or an HTTP date; `x-ratelimit-reset` is epoch seconds, once the quota is spent. */
export function retryAfterMs(headers: ReplyHeaders, now = Date.now()): number | undefined {
  const retryAfter = headers['retry-after']
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter)
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
    const date = Date.parse(retryAfter)
    if (Number.isFinite(date)) return Math.max(0, date - now)
  }
  const reset = Number(headers['x-ratelimit-reset'] ?? Number.NaN)
  if (Number.isFinite(reset) && headers['x-ratelimit-remaining'] === '0') return Math.max(0, reset * 1000 - now)
  return undefined
}

/**
 * A reply: 429, 5xx and a "try later" code are worth another try; so is a 403 that asks for a wait
 * (GitHub's secondary rate limit, or a spent quota). Everything else is the service's answer.
 */
export function judgeReply(status: number, headers: ReplyHeaders, says?: ServiceSays, now = Date.now()): Verdict {
  const wait = retryAfterMs(headers, now)
  const rateLimited = status === 429 || says === 'rate-limited' || (status === 403 && wait !== undefined)
  const transient = says !== 'blocked' && (rateLimited || status >= 500 || says === 'try-later')
  return { transient, rateLimited, retryAfterMs: transient ? wait : undefined }
}

/** A fault that another try may cure: a time-out, a dropped connection, a garbled reply. Not a redirect or an untrusted certificate. */
export function isRetriable(error: unknown): boolean {
  if (error instanceof TransientError) return true
  if (error instanceof TransportError) return error.transient
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

/** A failure without a reply, once the tries are spent: worth another run unless the fault is one no run will cure. */
export function faultIsTransient(error: unknown): boolean {
  return error instanceof TransportError ? error.transient : true
}

/**
 * Faults after which a request surely was not acted on: the connection never opened, or the
 * service refused for rate. Only these may repeat a request that must not run twice.
 */
export function surelyNotActedOn(error: unknown): boolean {
  if (error instanceof TransientError) return error.rateLimited
  return error instanceof TransportError && error.notSent
}

/** A fault in a few words, for debug lines and for the message once the tries are spent. */
export function describeFault(error: unknown): string {
  if (error instanceof TransientError || error instanceof TransportError) return error.message
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no reply in time'
  return 'unexpected fault'
}

/**
 * Whether describeFault's words repeat what the far side chose: a reply's own words, or where a
 * redirect pointed. Those are never repeated in a public issue.
 */
export function faultQuotesService(error: unknown): boolean {
  return (error instanceof TransientError && error.serviceWords) || (error instanceof TransportError && error.code === 'REDIRECT')
}
