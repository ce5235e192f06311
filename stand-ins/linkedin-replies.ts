import type { ServiceOptions } from './loopback-service.js'
import type { Reply } from './server.js'

// What the LinkedIn stand-in can be set to play, and LinkedIn's words.

/** What /v2/userinfo says of the member. */
export interface LinkedInMember {
  sub: string
  name: string
  given_name: string
  family_name: string
  email: string
  email_verified: boolean
  picture: string
  /** LinkedIn's docs show "en-US"; replies with {"country", "language"} are reported too: set it so to play them. */
  locale: string | { country: string; language: string }
}

export interface LinkedInStandInOptions extends ServiceOptions {
  clientId?: string
  clientSecret?: string
  redirectUri?: string
  /** Overrides of the member /v2/userinfo describes. */
  member?: Partial<LinkedInMember>
  /** What codes are issued for by default: LINKEDIN_SCOPE. */
  scope?: string[]
  /** An approved Marketing Developer Platform partner: the code exchange also gives a refresh token. Default false. */
  grantsRefreshTokens?: boolean
  /** A refresh hands back a new refresh token and kills the one sent; LinkedIn's docs show the same one back (unconfirmed live). */
  rotateRefreshTokens?: boolean
  /**
   * A code exchange while an earlier consent of the same scope lives stands on that consent: the new
   * refresh token ends when the first one does. Default false (a fresh 365 days); LinkedIn's docs
   * count "from the initial OAuth flow" without saying what a repeated flow does.
   */
  reauthorizationKeepsConsent?: boolean
  /** An inactive token's introspection: LinkedIn's (its fields, with status expired or revoked; default) or RFC 7662's bare {"active": false}. */
  introspection?: 'linkedin' | 'rfc7662'
  /** /v2/userinfo's reply to an expired token; public records show only 65600 (invalid) and 65601 (revoked). */
  expiredTokenReply?: Reply
}

/** LinkedIn's words for any code it will not exchange (recorded in public issue threads). */
export const LINKEDIN_CODE_REFUSAL =
  'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists'
export const DEAD_REFRESH = 'Token has been expired or revoked.'
const apiError = (status: number, body: Record<string, unknown>): Reply => ({ status, body: { ...body, status } })
export const INVALID_TOKEN = apiError(401, { serviceErrorCode: 65600, message: 'Invalid access token' })
export const REVOKED_TOKEN = apiError(401, {
  serviceErrorCode: 65601,
  code: 'REVOKED_ACCESS_TOKEN',
  message: 'The token used in the request has been revoked by the user'
})

/** A token without openid at /v2/userinfo. */
export const ACCESS_DENIED = apiError(403, {
  serviceErrorCode: 100,
  code: 'ACCESS_DENIED',
  message: 'Not enough permissions to access: userinfo.GET.NO_VERSION'
})
