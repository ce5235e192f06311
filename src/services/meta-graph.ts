/**
 * What Meta's Graph hosts share, whichever of its services (Threads, Instagram, Facebook): the error
 * codes and what they mean, the pinned API version, and the long-lived tokens of Threads and
 * Instagram (a code, then a one-hour token, then a 60-day one refreshed in place).
 */
import type { Grant, Profile, TokenService } from '../core/ports.js'
import { ServiceError, type Reason, type ServiceWords } from '../shared/errors.js'
import type { JsonObject as Json } from '../shared/json.js'
import type { Refusal } from '../shared/refusal.js'
import type { ServiceSays } from '../shared/transient.js'
import type { Judgement, ServiceClient } from './client.js'
import { asId, readExpiringGrant, readGrant, readTimes } from './grants.js'
import { notOffered, type App } from './provider.js'

/**
 * The one Graph API version pinned for Meta's versioned hosts (graph.instagram.com, graph.facebook.com),
 * with the day Meta ends it. A call to an ended version is served by the oldest one still alive, whose
 * replies may differ: a test fails 90 days before this date, so that it is moved on in time. Threads'
 * API has versions of its own (v1.0), without an announced end.
 *
 * End dates: developers.facebook.com/docs/graph-api/changelog/versions (v21.0 2027-01-21, v22.0
 * 2027-05-20, v23.0 2027-10-08, v24.0 2028-02-18, v25.0 2028-07-29).
 */
export const GRAPH_API_VERSION = 'v25.0'
export const GRAPH_API_VERSION_ENDS = '2028-07-29'

/**
 * What Threads and Instagram say alike of their apps and tokens: an app of the service's own (its
 * id and secret are not the Facebook app's), Meta's dashboard, and the same ways a token dies.
 */
export function metaAppWords(app: string): Omit<ServiceWords, 'permission'> {
  return {
    appId: `the ID of the ${app}, not the Facebook App ID`,
    appSecret: `the secret of the ${app}, not the Facebook app secret`,
    dashboard: "Meta's App Dashboard",
    deadGrant: "expired, revoked, or the account's password changed",
    codeLife: 'for one hour'
  }
}

// What Meta's Graph error codes say, in the terms of the one rule (shared/transient.ts). 341 (application
// limit reached) is documented "wait and retry", as the rate limits are; 368 (temporarily blocked) may
// last days: not worth another try in this run, but no human is needed either.
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613])
const TRY_LATER_CODES = new Set([1, 2])
const BLOCKED_CODES = new Set([368])
/** The session behind the token is gone: 190 (invalid, expired, revoked), 102 (session key invalid). */
const DEAD_SESSION_CODES = new Set([102, 190])

function says({ code, transient }: Refusal): ServiceSays {
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return 'rate-limited'
  if (transient || (code !== undefined && TRY_LATER_CODES.has(code))) return 'try-later'
  return code !== undefined && BLOCKED_CODES.has(code) ? 'blocked' : undefined
}

/** What a refusal means, from Meta's codes first, then its words (Meta documents few codes per cause). */
function reasonOf({ code, message = '' }: Refusal, operation: string): Reason | undefined {
  const words = message.toLowerCase()
  if (code !== undefined && DEAD_SESSION_CODES.has(code)) return 'dead-grant'
  if (/redirect/.test(words)) return 'redirect-uri'
  if (/client[_ ]?secret|app secret/.test(words)) return 'client-secret'
  if (/client[_ ]?id|app id|application|platform app/.test(words) && operation === 'code exchange') return 'client-id'
  if (/scope/.test(words)) return 'scope'
  // Codes 10 and 200-299: the token lacks a permission.
  if (code === 10 || (code !== undefined && code >= 200 && code < 300)) return 'permission'
  return undefined
}

export function judgeGraph(refusal: Refusal, operation: string): Judgement {
  const reason = reasonOf(refusal, operation)
  // Meta answers a wrong app secret with code 1 ("Error validating client secret."), elsewhere "try later":
  // its words decide, unless Meta marks it transient itself. Another try would only be refused again.
  const wrongSecret = reason === 'client-secret' && !refusal.transient && refusal.code !== undefined && TRY_LATER_CODES.has(refusal.code)
  return { says: wrongSecret ? undefined : says(refusal), ...(reason ? { reason } : {}) }
}

/** Threads and Instagram usernames: letters, digits, '.' and '_', at most 30 characters. */
const USERNAME_SHAPE = /^[A-Za-z0-9._]{1,30}$/

/** The paths and names that tell Threads' long-lived tokens from Instagram's. */
export interface LongLivedSpec {
  exchangeGrant: string
  refreshGrant: string
  profilePath: string
  profileFields: string
  /** The profile's field that holds the user id. */
  profileIdField: string
  /** debug_token, where the service has it. */
  inspectPath?: string
}

/** Threads' and Instagram's calls; the code's exchange on its own too (the first half of redeemCode), for tests. */
export interface LongLivedTokens extends TokenService {
  exchangeCode(code: string): Promise<Grant>
}

/** Threads' and Instagram's calls: a code, then a one-hour token, then a 60-day one, refreshed in place. */
export function longLivedTokens(client: ServiceClient, { appId, appSecret, redirectUri }: App, spec: LongLivedSpec): LongLivedTokens {
  const exchangeCode = (code: string): Promise<Grant> => {
    const form = { client_id: appId, client_secret: appSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code }
    return client.call('code exchange', { method: 'POST', path: '/oauth/access_token', oauth: true, once: true, form }, readGrant)
  }
  const exchangeForLongLived = (shortLivedToken: string): Promise<Grant> => {
    const query = { grant_type: spec.exchangeGrant, client_secret: appSecret, access_token: shortLivedToken }
    return client.call('long-lived exchange', { method: 'GET', path: '/access_token', query }, readExpiringGrant)
  }
  return {
    profiles: 'username',
    reportsDataAccess: spec.inspectPath !== undefined,
    exchangeCode,
    async redeemCode(code) {
      const short = await exchangeCode(code)
      const long = await codeSpentOnFailure(() => exchangeForLongLived(short.accessToken))
      return short.userId ? { ...long, userId: short.userId } : long
    },
    exchangeForLongLived,
    refresh(longLivedToken) {
      const query = { grant_type: spec.refreshGrant, access_token: longLivedToken }
      return client.call('refresh', { method: 'GET', path: '/refresh_access_token', query }, readExpiringGrant)
    },
    redeemRefreshToken: () => notOffered(client, 'refresh-token grant'),
    check: () => notOffered(client, 'token check'),
    profile(token) {
      // A username that is none is no reason to lose the token: the profile comes without it.
      const read = (body: Json): Profile | undefined => {
        const id = asId(body[spec.profileIdField])
        const { username } = body
        if (!id) return undefined
        return typeof username === 'string' && USERNAME_SHAPE.test(username) ? { id, username } : { id }
      }
      return client.call(
        'profile lookup',
        { method: 'GET', path: spec.profilePath, query: { fields: spec.profileFields }, bearer: token },
        read
      )
    },
    inspect(token) {
      if (!spec.inspectPath) return notOffered(client, 'token inspection')
      const read = (body: Json): ReturnType<typeof readTimes> => readTimes((body.data ?? {}) as Json)
      return client.call('token inspection', { method: 'GET', path: spec.inspectPath, query: { input_token: token }, bearer: token }, read)
    }
  }
}

/** Once a code is spent, whatever goes wrong next, only a fresh code can start over: the error says so. */
export async function codeSpentOnFailure<T>(next: () => Promise<T>): Promise<T> {
  try {
    return await next()
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error
    throw new ServiceError({ ...error, codeSpent: true, cause: error })
  }
}
