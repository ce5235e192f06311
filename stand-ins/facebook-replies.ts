import type { CodeCheck } from './ledger.js'
import { randomChars } from './mint.js'
import type { Reply } from './server.js'

/** Why a Facebook token died before its time, and how Graph words it (code 190). */
export interface GraphDeath {
  subcode?: number
  message: string
}

/**
 * The ways a token is invalidated early. Meta's words are recorded for 460 (bk-rs/facebook-apis-rs
 * fixtures) and 458/467 (Meta's error reference); for an inactive app and a lost Page role no
 * public record shows the words or the subcode, so these are the stand-in's and can be replaced
 * through the `deaths` option.
 */
export type DeathReason = 'password-changed' | 'app-removed' | 'logged-out' | 'app-inactive' | 'page-role-removed'

export function defaultDeaths(appId: string): Record<DeathReason, GraphDeath> {
  return {
    'password-changed': {
      subcode: 460,
      message:
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.'
    },
    'app-removed': { subcode: 458, message: `Error validating access token: The user has not authorized application ${appId}.` },
    'logged-out': { subcode: 467, message: 'Error validating access token: The session is invalid because the user logged out.' },
    'app-inactive': { message: 'Error validating access token: The session has been invalidated because the application is inactive.' },
    'page-role-removed': {
      subcode: 492,
      message: 'Error validating access token: The user is no longer an admin, editor or moderator of the Page.'
    }
  }
}

export function graphError(status: number, message: string, code: number, subcode?: number, type = 'OAuthException'): Reply {
  const error = { message, type, code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: 'A' + randomChars(22) }
  return { status, body: { error } }
}

export const CANNOT_PARSE = 'Invalid OAuth access token - Cannot parse access token'

/** A token used after its end, in Meta's words and Meta's clock (Pacific time). */
export function expiredDeath(expiresAt: number, now: number): GraphDeath {
  return {
    subcode: 463,
    message: `Error validating access token: Session has expired on ${metaTime(expiresAt)}. The current time is ${metaTime(now)}.`
  }
}

/** "Wednesday, 16-Nov-22 07:45:51 PST", as Graph writes a time. */
export function metaTime(ms: number): string {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    weekday: 'long',
    day: '2-digit',
    month: 'short',
    year: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short'
  })
  const part = Object.fromEntries(format.formatToParts(new Date(ms)).map(({ type, value }) => [type, value]))
  return `${part.weekday}, ${part.day}-${part.month}-${part.year} ${part.hour}:${part.minute}:${part.second} ${part.timeZoneName}`
}

/** What Graph answers for an id it will not show (restfb#1075 recorded it). */
export function unsupportedGet(id: string): Reply {
  const words =
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not ` +
    'support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api'
  return graphError(400, words, 100, 33, 'GraphMethodException')
}

const REDIRECT_MISMATCH =
  'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request'

/** Why the code exchange refuses a code (unknown, then a redirect mismatch, then used or expired), if it does. */
export function codeRefusal(check: CodeCheck<unknown>, redirectMatches: boolean): Reply | undefined {
  if (!check.ok && check.reason === 'unknown') return graphError(400, 'Invalid verification code format.', 100)
  if (!redirectMatches) return graphError(400, REDIRECT_MISMATCH, 100, 36008)
  if (check.ok) return undefined
  return check.reason === 'used'
    ? graphError(400, 'This authorization code has been used.', 100, 36009)
    : graphError(400, 'This authorization code has expired.', 100, 36007)
}

/** The caller of debug_token is not the app (a recorded reply: bk-rs/facebook-apis-rs). */
export const NOT_AN_APP_TOKEN =
  '(#100) You must provide an app access token, or a user access token that is an owner or developer of the app'

/** The fields asked for (`?fields=a,b`), or `defaults` when none are. */
export function wantedFields(fields: string | null, defaults: string[]): string[] {
  return fields ? fields.split(',').map((field) => field.trim()) : defaults
}

/** Graph returns the fields asked for, and `id` always. */
export function pick(node: Record<string, unknown>, wanted: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([key]) => key === 'id' || wanted.includes(key)))
}
