/** The token calls of a Meta Graph API (Threads or Instagram), as its Provider describes them. */
import type { App, Grant, Profile, TokenService, TokenTimes } from '../core/ports.js'
import { ServiceError } from '../shared/errors.js'
import { hasControlCharacters } from '../shared/inert.js'
import type { JsonObject as Json } from '../shared/json.js'
import { callGraph, unwrap, type GraphClientOptions, type GraphRequest, type ReadReply } from './graph-call.js'

export type { GraphClientOptions } from './graph-call.js'

/** The core's TokenService, and the code exchange on its own (the first half of redeemCode). */
export interface GraphClient extends TokenService {
  /** The first half of redeemCode: the code for a one-hour token. */
  exchangeCode(code: string, app: App): Promise<Grant>
}

const MAX_LIFETIME_SECONDS = 366 * 24 * 3600
/** Threads and Instagram usernames: letters, digits, '.' and '_', at most 30 characters. */
const USERNAME_SHAPE = /^[A-Za-z0-9._]{1,30}$/

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const { provider } = options
  const call = <T>(operation: string, request: GraphRequest, read: ReadReply<T>): Promise<T> => callGraph(options, operation, request, read)

  const exchangeCode = (code: string, { appId, appSecret, redirectUri }: App): Promise<Grant> => {
    const form = { client_id: appId, client_secret: appSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code }
    return call('code exchange', { method: 'POST', path: '/oauth/access_token', oauth: true, once: true, form }, readGrant)
  }
  const exchangeForLongLived = (shortLivedToken: string, appSecret: string): Promise<Grant> => {
    const query = { grant_type: provider.exchangeGrant, client_secret: appSecret, access_token: shortLivedToken }
    return call('long-lived exchange', { method: 'GET', path: '/access_token', query }, readLongLivedGrant)
  }

  return {
    exchangeCode,
    exchangeForLongLived,
    async redeemCode(code, app) {
      const short = await exchangeCode(code, app)
      try {
        const long = await exchangeForLongLived(short.accessToken, app.appSecret)
        return short.userId ? { ...long, userId: short.userId } : long
      } catch (error) {
        // The code is used up now: whatever went wrong, only a fresh code can start over.
        if (!(error instanceof ServiceError)) throw error
        throw new ServiceError({ ...error, codeSpent: true, cause: error })
      }
    },
    refresh(longLivedToken) {
      const query = { grant_type: provider.refreshGrant, access_token: longLivedToken }
      return call('refresh', { method: 'GET', path: '/refresh_access_token', query }, readLongLivedGrant)
    },
    profile(token) {
      // A username that is none is no reason to lose the token: the profile comes without it.
      const read = (body: Json): Profile | undefined => {
        const id = asId(body[provider.profileIdField])
        const { username } = body
        if (!id) return undefined
        return typeof username === 'string' && USERNAME_SHAPE.test(username) ? { id, username } : { id }
      }
      return call(
        'profile lookup',
        { method: 'GET', path: provider.profilePath, query: { fields: provider.profileFields }, bearer: token },
        read
      )
    },
    async inspect(token) {
      if (!provider.inspectPath) {
        throw new ServiceError({
          service: provider.label,
          operation: 'token inspection',
          apiMessage: 'not offered by this service',
          serviceWords: false
        })
      }
      return call(
        'token inspection',
        { method: 'GET', path: provider.inspectPath, query: { input_token: token }, bearer: token },
        readTimes
      )
    }
  }
}

/** A token that is no token (empty, short, with a line break in it) is a garbled reply: never stored. */
function readGrant(reply: Json): Grant | undefined {
  const body = unwrap(reply)
  const accessToken = body.access_token
  if (typeof accessToken !== 'string' || !isTokenShaped(accessToken)) return undefined
  const grant: Grant = { accessToken }
  const expiresIn = body.expires_in
  if (typeof expiresIn === 'number' && expiresIn > 0) grant.expiresIn = expiresIn
  const userId = asId(body.user_id)
  if (userId) grant.userId = userId
  return grant
}

/** What a token looks like: 20 characters or more (and not absurdly many), none of them white space or a control character. */
function isTokenShaped(value: string): boolean {
  return value.length >= 20 && value.length <= 8192 && !/\s/.test(value) && !hasControlCharacters(value)
}

/** A lifetime outside a second to a year is no Meta token's: a garbled reply, not a token. */
function readLongLivedGrant(body: Json): Grant | undefined {
  const grant = readGrant(body)
  const seconds = grant?.expiresIn
  return seconds !== undefined && seconds >= 1 && seconds <= MAX_LIFETIME_SECONDS ? grant : undefined
}

function readTimes(body: Json): TokenTimes | undefined {
  const data = (body.data ?? {}) as Json
  const times = {
    issuedAt: asDate(data.issued_at),
    expiresAt: asDate(data.expires_at),
    dataAccessExpiresAt: asDate(data.data_access_expires_at)
  }
  const known = Object.entries(times).filter(([, date]) => date !== undefined)
  return known.length > 0 ? Object.fromEntries(known) : undefined
}

/** The last second an ISO date can write with four digits (9999-12-31): beyond it, no date but garbage. */
const LAST_EPOCH_SECOND = 253_402_300_799

function asDate(epochSeconds: unknown): Date | undefined {
  const usable = typeof epochSeconds === 'number' && epochSeconds > 0 && epochSeconds <= LAST_EPOCH_SECOND
  return usable ? new Date(epochSeconds * 1000) : undefined
}

/** A user id as digits, exactly: numbers beyond 2^53 arrive as digit strings from the JSON parser. */
function asId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  return typeof value === 'string' && /^\d{1,30}$/.test(value) ? value : undefined
}
