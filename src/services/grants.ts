/**
 * Token replies read for shape, the same way for every service: a token that is no token (empty,
 * short, with a line break in it), a lifetime no service gives, or an id that is no id is a garbled
 * reply, never stored.
 */
import type { Grant, TokenTimes } from '../core/ports.js'
import { hasControlCharacters } from '../shared/inert.js'
import type { JsonObject as Json } from '../shared/json.js'
import { unwrap } from './client.js'

/** No service this project keeps gives a token (or a refresh token) a lifetime past a year and a day. */
export const MAX_LIFETIME_SECONDS = 366 * 24 * 3600

/** What a token looks like: 20 characters or more (and not absurdly many), none of them white space or a control character. */
export function isTokenShaped(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 20 && value.length <= 8192 && !/\s/.test(value) && !hasControlCharacters(value)
}

/** A lifetime in seconds, where one is given that a service could mean: a second to a year and a day. */
function lifetime(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 1 && value <= MAX_LIFETIME_SECONDS ? value : undefined
}

/**
 * A grant: the access token, and what came with it where it is usable (its lifetime, the user id, a
 * refresh token and its lifetime). Undefined where the access token is no token.
 */
export function readGrant(reply: Json): Grant | undefined {
  const body = unwrap(reply)
  if (!isTokenShaped(body.access_token)) return undefined
  const grant: Grant = { accessToken: body.access_token }
  const expiresIn = lifetime(body.expires_in)
  if (expiresIn !== undefined) grant.expiresIn = expiresIn
  const userId = asId(body.user_id)
  if (userId) grant.userId = userId
  if (body.refresh_token !== undefined) {
    // A refresh token that is none makes the whole reply garbled: keeping the old one on its account could lose the grant.
    if (!isTokenShaped(body.refresh_token)) return undefined
    grant.refreshToken = body.refresh_token
    const refreshExpiresIn = lifetime(body.refresh_token_expires_in)
    if (refreshExpiresIn !== undefined) grant.refreshTokenExpiresIn = refreshExpiresIn
  }
  return grant
}

/** A grant that must say how long it lives: a lifetime outside a second to a year is no such token's, but a garbled reply. */
export function readExpiringGrant(body: Json): Grant | undefined {
  const grant = readGrant(body)
  return grant?.expiresIn !== undefined ? grant : undefined
}

/** Issue time, expiry and the end of data access, from Meta's debug_token `data` (or any object with those fields). */
export function readTimes(data: Json): TokenTimes | undefined {
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

export function asDate(epochSeconds: unknown): Date | undefined {
  const usable = typeof epochSeconds === 'number' && epochSeconds > 0 && epochSeconds <= LAST_EPOCH_SECOND
  return usable ? new Date(epochSeconds * 1000) : undefined
}

/** A user id as digits, exactly: numbers beyond 2^53 arrive as digit strings from the JSON parser. */
export function asId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  return typeof value === 'string' && /^\d{1,30}$/.test(value) ? value : undefined
}

/** An opaque id (LinkedIn's `sub`, X's string ids): letters, digits, `-` and `_`, at most 64. */
export function asOpaqueId(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : asId(value)
}
