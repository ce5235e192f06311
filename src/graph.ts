import { isSafeNumber, parse } from 'lossless-json'
import { GraphError } from './errors.js'
import { TransientError, describeFault, retryAfterMs, surelyNotActedOn, type Http, type Log } from './http.js'
import type { Provider } from './providers.js'

/** What a token exchange or refresh hands back. */
export interface Grant {
  accessToken: string
  /** Seconds; absent from the code exchange, whose token is the one-hour short-lived kind. */
  expiresIn?: number
  /** Exact digits: Threads user ids can exceed 2^53. */
  userId?: string
}

export interface Profile {
  id: string
  username: string
}

/** The token calls of a Meta Graph service (Threads or Instagram), as its Provider describes them. */
export interface GraphClient {
  exchangeCode(code: string, appId: string, appSecret: string, redirectUri: string): Promise<Grant>
  exchangeForLongLived(shortLivedToken: string, appSecret: string): Promise<Grant>
  refresh(longLivedToken: string): Promise<Grant>
  profile(token: string): Promise<Profile>
  /** When the token was issued and expires, per Graph's debug_token; fails where it does not answer. */
  inspect(token: string): Promise<{ issuedAt?: Date; expiresAt?: Date }>
}

export interface GraphClientOptions {
  provider: Provider
  /** Base URL of the Graph API host. */
  apiUrl: string
  /** Base URL where codes are exchanged (Instagram keeps it on another host). */
  oauthUrl: string
  http: Http
  /** Called with every token received, before anything else may see it. */
  mask: (value: string) => void
  debug: Log
}

// Graph error codes that mean "try again later" (service hiccups and rate limits).
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 613])
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613])
const MAX_LIFETIME_SECONDS = 366 * 24 * 3600

type Json = Record<string, unknown>

/** Integers beyond 2^53 stay digit strings instead of being rounded. */
export function parseJsonObject(text: string): Json | undefined {
  try {
    const value = parse(text, null, (digits) => (isSafeNumber(digits) ? Number(digits) : digits))
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined
  } catch {
    return undefined
  }
}

function asDate(epochSeconds: unknown): Date | undefined {
  return typeof epochSeconds === 'number' && epochSeconds > 0 ? new Date(epochSeconds * 1000) : undefined
}

function asId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined
}

interface GraphRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string>
  form?: Record<string, string>
  bearer?: string
  /** Sent to the OAuth host rather than the API host. */
  oauth?: boolean
  /** Spends a single-use credential: repeated only where the first try surely was not acted on. */
  once?: boolean
}

export function createGraphClient({ provider, apiUrl, oauthUrl, http, mask, debug }: GraphClientOptions): GraphClient {
  async function call<T>(operation: string, request: GraphRequest, read: (body: Json) => T | undefined): Promise<T> {
    const baseUrl = request.oauth ? oauthUrl : apiUrl
    const url = new URL(baseUrl + request.path)
    for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (request.bearer) headers.authorization = `Bearer ${request.bearer}`
    const body = request.form ? new URLSearchParams(request.form) : undefined

    try {
      return await http.retry(
        operation,
        async (signal) => {
          const response = await fetch(url, { method: request.method, headers, signal, ...(body ? { body } : {}) })
          const json = parseJsonObject(await response.text())
          debug(`${request.method} ${baseUrl}${request.path} -> ${response.status}`)
          for (const token of receivedTokens(json)) mask(token)

          const error = json?.error
          if (!response.ok || error !== undefined) {
            const detail = (error ?? {}) as Json
            const code = typeof detail.code === 'number' ? detail.code : undefined
            const subcode = typeof detail.error_subcode === 'number' ? detail.error_subcode : undefined
            const message = typeof detail.message === 'string' ? detail.message : 'no reason given'
            if (response.status === 429 || response.status >= 500 || (code !== undefined && TRANSIENT_CODES.has(code))) {
              const rateLimited = response.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code))
              const what = `HTTP ${response.status}${code === undefined ? '' : `, code ${code}`}: ${message}`
              throw new TransientError(what, retryAfterMs(response.headers), undefined, rateLimited)
            }
            throw new GraphError(provider.label, operation, response.status, message, code, subcode)
          }
          const value = json ? read(json) : undefined
          if (value === undefined) {
            throw new TransientError(`HTTP ${response.status} with a reply that is not the JSON expected`)
          }
          return value
        },
        request.once ? surelyNotActedOn : undefined
      )
    } catch (error) {
      if (error instanceof GraphError) throw error
      throw new GraphError(provider.label, operation, undefined, describeFault(error), undefined, undefined, true)
    }
  }

  function readGrant(reply: Json): Grant | undefined {
    const body = unwrap(reply)
    const accessToken = body.access_token
    if (typeof accessToken !== 'string' || accessToken.length === 0) return undefined
    const grant: Grant = { accessToken }
    const expiresIn = body.expires_in
    if (typeof expiresIn === 'number' && expiresIn > 0) grant.expiresIn = expiresIn
    const userId = asId(body.user_id)
    if (userId) grant.userId = userId
    return grant
  }

  /** A lifetime outside a second to a year is no Meta token's: a garbled reply, not a token. */
  function readLongLivedGrant(body: Json): Grant | undefined {
    const grant = readGrant(body)
    const seconds = grant?.expiresIn
    return seconds !== undefined && seconds >= 1 && seconds <= MAX_LIFETIME_SECONDS ? grant : undefined
  }

  return {
    exchangeCode: (code, appId, appSecret, redirectUri) =>
      call(
        'code exchange',
        {
          method: 'POST',
          path: '/oauth/access_token',
          oauth: true,
          once: true,
          form: { client_id: appId, client_secret: appSecret, grant_type: 'authorization_code', redirect_uri: redirectUri, code }
        },
        readGrant
      ),
    exchangeForLongLived: (shortLivedToken, appSecret) =>
      call(
        'long-lived exchange',
        {
          method: 'GET',
          path: '/access_token',
          query: { grant_type: provider.exchangeGrant, client_secret: appSecret, access_token: shortLivedToken }
        },
        readLongLivedGrant
      ),
    refresh: (longLivedToken) =>
      call(
        'refresh',
        { method: 'GET', path: '/refresh_access_token', query: { grant_type: provider.refreshGrant, access_token: longLivedToken } },
        readLongLivedGrant
      ),
    profile: (token) =>
      call(
        'profile lookup',
        { method: 'GET', path: provider.profilePath, query: { fields: provider.profileFields }, bearer: token },
        (body) => {
          const id = asId(body[provider.profileIdField])
          return id && typeof body.username === 'string' ? { id, username: body.username } : undefined
        }
      ),
    inspect: async (token) => {
      if (!provider.inspectPath) throw new GraphError(provider.label, 'token inspection', undefined, 'not offered by this service')
      return call(
        'token inspection',
        { method: 'GET', path: provider.inspectPath, query: { input_token: token }, bearer: token },
        (body) => {
          const data = (body.data ?? {}) as Json
          const issuedAt = asDate(data.issued_at)
          const expiresAt = asDate(data.expires_at)
          return issuedAt || expiresAt ? { ...(issuedAt ? { issuedAt } : {}), ...(expiresAt ? { expiresAt } : {}) } : undefined
        }
      )
    }
  }
}

/** Instagram's code exchange may wrap its reply in {"data": [ ... ]}; older replies are flat. */
function unwrap(reply: Json): Json {
  const first: unknown = Array.isArray(reply.data) ? reply.data[0] : undefined
  return first !== null && typeof first === 'object' ? (first as Json) : reply
}

function receivedTokens(reply: Json | undefined): string[] {
  if (!reply) return []
  const tokens = [reply.access_token, unwrap(reply).access_token]
  return tokens.filter((token): token is string => typeof token === 'string' && token.length > 0)
}
