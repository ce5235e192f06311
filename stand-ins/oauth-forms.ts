import { createHash } from 'node:crypto'
import type { Reply, SeenRequest } from './server.js'

/** RFC 6749 §5.2's error codes. */
export type OAuthErrorCode =
  'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unauthorized_client' | 'unsupported_grant_type' | 'invalid_scope'

/** RFC 6749 §5.1: a reply carrying tokens must not be cached. */
export const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' }

/**
 * The parameters of a token request (RFC 6749 §4.1.3, §6): the body, when it is
 * application/x-www-form-urlencoded. A body of another type reads as no parameters at all, which is
 * how a server that expects a form treats JSON.
 */
export function readForm(request: SeenRequest): URLSearchParams {
  const type = request.headers['content-type'] ?? ''
  return /^application\/x-www-form-urlencoded\b/i.test(type) ? new URLSearchParams(request.body) : new URLSearchParams()
}

/** The first parameter sent more than once (RFC 6749 §3.2 forbids it), if any. */
export function repeatedParameter(form: URLSearchParams): string | undefined {
  const names = [...form.keys()]
  return names.find((name, i) => names.indexOf(name) !== i)
}

export interface ClientCredentials {
  id: string
  secret: string
}

const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '))

/**
 * HTTP Basic client authentication (RFC 6749 §2.3.1: id and secret each form-urlencoded, joined by
 * ":", then base64). undefined: the request has no Basic header; null: it has one that does not decode.
 */
export function basicCredentials(request: SeenRequest): ClientCredentials | null | undefined {
  const header = request.headers.authorization ?? ''
  if (!/^Basic\s/i.test(header)) return undefined
  const encoded = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header)?.[1]
  const decoded = encoded ? Buffer.from(encoded, 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  if (colon < 0) return null
  try {
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) }
  } catch {
    return null
  }
}

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1), if any. */
export function bearerToken(request: SeenRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1]
}

/**
 * An RFC 6749 §5.2 error: HTTP 400, or 401 for invalid_client, unless the service says otherwise.
 * Services add codes of their own (LinkedIn's invalid_redirect_uri), hence any string.
 */
export function oauthError(
  error: OAuthErrorCode | (string & {}),
  description?: string,
  options: { status?: number; headers?: Record<string, string> } = {}
): Reply {
  return {
    status: options.status ?? (error === 'invalid_client' ? 401 : 400),
    headers: { ...NO_STORE, ...options.headers },
    body: { error, ...(description === undefined ? {} : { error_description: description }) }
  }
}

/** A successful token reply (RFC 6749 §5.1). */
export function tokenReply(body: Record<string, unknown>): Reply {
  return { status: 200, headers: NO_STORE, body }
}

/** RFC 7636 §4.2: the S256 code challenge of a verifier. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url')
}
