import { CodeBook, TokenLedger, type Grant, type TokenState } from './ledger.js'
import { LoopbackService } from './loopback-service.js'
import { BASE64URL, jwtLike, randomChars } from './mint.js'
import { bearerToken, oauthError, readForm, tokenReply } from './oauth-forms.js'
import {
  ACCESS_DENIED,
  DEAD_REFRESH,
  INVALID_TOKEN,
  LINKEDIN_CODE_REFUSAL,
  REVOKED_TOKEN,
  type LinkedInMember,
  type LinkedInStandInOptions
} from './linkedin-replies.js'
import type { Reply, SeenRequest } from './server.js'

export { LINKEDIN_CODE_REFUSAL, type LinkedInMember, type LinkedInStandInOptions } from './linkedin-replies.js'

const MINUTE = 60_000
export const LINKEDIN_ACCESS_SECONDS = 5_184_000
export const LINKEDIN_REFRESH_SECONDS = 365 * 24 * 3600
export const LINKEDIN_SCOPE = ['openid', 'profile', 'email', 'w_member_social']

/**
 * Behaves like LinkedIn's OAuth host (www.linkedin.com) and API host (api.linkedin.com) on one
 * server, their paths being apart: 30-minute single-use codes, 60-day access tokens, refresh tokens
 * for approved partners only that live 365 days from the first consent whatever the refreshes,
 * token introspection, and /v2/userinfo.
 */
export class LinkedInStandIn extends LoopbackService {
  readonly clientId: string
  readonly clientSecret: string
  readonly redirectUri: string
  readonly member: LinkedInMember
  readonly scope: string[]
  private readonly codes = new CodeBook<{ scope: string[]; redirectUri: string }>(() => this.now(), 30 * MINUTE)
  private readonly ledger = new TokenLedger(() => this.now())
  private readonly idTokens: string[] = []
  /** The last consent: asking for another scope invalidates all earlier access tokens. */
  private lastGrant: Grant | undefined

  constructor(private readonly options: LinkedInStandInOptions = {}) {
    super(options)
    this.clientId = options.clientId ?? randomChars(14, 'abcdefghijklmnopqrstuvwxyz0123456789')
    this.clientSecret = options.clientSecret ?? randomChars(16)
    this.redirectUri = options.redirectUri ?? 'https://example.org/linkedin/callback'
    this.scope = [...(options.scope ?? LINKEDIN_SCOPE)]
    this.member = {
      sub: 'yGj4xL2mTq',
      name: 'Fern Ferret',
      given_name: 'Fern',
      family_name: 'Ferret',
      email: 'fern@ferret.example',
      email_verified: true,
      picture: `https://media.licdn.com/dms/image/v2/${randomChars(16)}/profile-displayphoto-shrink_100_100/0/`,
      locale: 'en-US',
      ...options.member
    }
    this.server.route('POST', '/oauth/v2/accessToken', (request) => this.accessToken(request))
    this.server.route('POST', '/oauth/v2/introspectToken', (request) => this.introspect(request))
    this.server.route('GET', '/v2/userinfo', (request) => this.userinfo(request))
  }

  /** Where www.linkedin.com's paths are served. */
  get oauthUrl(): string {
    return this.url
  }

  /** Where api.linkedin.com's paths are served: the same server. */
  get apiUrl(): string {
    return this.url
  }

  issueCode(scope = this.scope, redirectUri = this.redirectUri): string {
    return this.codes.add('AQ' + randomChars(113, BASE64URL), { scope: [...scope], redirectUri })
  }

  /** An access token `ageMs` old, as a self-serve app holds it (no refresh token). */
  issueAccessToken(ageMs = 0, scope = this.scope): string {
    const issuedAt = this.now() - ageMs
    return this.mintAccess(this.consent(scope, issuedAt), issuedAt + LINKEDIN_ACCESS_SECONDS * 1000, issuedAt)
  }

  /** A partner's refresh token from a consent `consentAgeMs` ago: it ends 365 days after that consent. */
  issueRefreshToken(consentAgeMs = 0, scope = this.scope): string {
    const grant = this.consent(scope, this.now() - consentAgeMs)
    return this.ledger.add(this.mint(), 'refresh', grant, grant.consentedAt + LINKEDIN_REFRESH_SECONDS * 1000, grant.consentedAt)
  }

  /** active, expired, revoked, spent (a rotated refresh token) or unknown. */
  state(token: string): TokenState {
    return this.ledger.stateOf(token)
  }

  isValid(token: string): boolean {
    return this.state(token) === 'active'
  }

  /** When a token ends (ms), if it is known. */
  expiresAt(token: string): number | undefined {
    return this.ledger.get(token)?.expiresAt
  }

  /** The member (or LinkedIn) revokes one token. */
  revoke(token: string): void {
    this.ledger.revoke(token)
  }

  /** The member removes the app: every token of every consent dies. */
  revokeMember(): void {
    for (const token of this.ledger.keys()) this.ledger.revoke(token)
  }

  credentials(): string[] {
    return [this.clientSecret, ...this.codes.keys(), ...this.ledger.keys(), ...this.idTokens]
  }

  private mint(): string {
    return 'AQ' + randomChars(350, BASE64URL)
  }

  private mintAccess(grant: Grant, expiresAt: number, issuedAt = this.now()): string {
    return this.ledger.add(this.mint(), 'access', grant, expiresAt, issuedAt)
  }

  /**
   * The consent a code exchange stands on: a new one, or where `reauthorizationKeepsConsent`, the
   * live one of the same scope (re-running authorize skips the consent screen). A consent for another
   * scope invalidates all earlier access tokens.
   */
  private consent(scope: string[], consentedAt: number, reauthorization = false): Grant {
    const key = (granted: string[]): string => [...granted].sort().join(' ')
    const last = this.lastGrant
    if (last && key(last.scope) !== key(scope)) {
      for (const token of this.ledger.keys()) if (this.ledger.get(token)?.kind === 'access') this.ledger.revoke(token)
    }
    const alive = last && !last.revoked && last.consentedAt + LINKEDIN_REFRESH_SECONDS * 1000 > this.now()
    if (reauthorization && this.options.reauthorizationKeepsConsent && alive && key(last.scope) === key(scope)) return last
    this.lastGrant = { scope: [...scope], consentedAt, revoked: false }
    return this.lastGrant
  }

  private clientRefusal(form: URLSearchParams): Reply | undefined {
    if (form.get('client_id') === this.clientId && form.get('client_secret') === this.clientSecret) return undefined
    return oauthError('invalid_client', 'Client authentication failed')
  }

  private accessToken(request: SeenRequest): Reply {
    const form = readForm(request)
    const refusal = this.clientRefusal(form)
    if (refusal) return refusal
    const grantType = form.get('grant_type')
    if (grantType === 'refresh_token') return this.refresh(form.get('refresh_token'))
    if (grantType !== 'authorization_code')
      return oauthError(grantType ? 'unsupported_grant_type' : 'invalid_request', 'A valid grant_type is required')
    const code = form.get('code') ?? ''
    const check = this.codes.check(code)
    if (!check.ok) return oauthError('invalid_request', LINKEDIN_CODE_REFUSAL)
    if (form.get('redirect_uri') !== check.details.redirectUri) return oauthError('invalid_redirect_uri', LINKEDIN_CODE_REFUSAL)
    this.codes.spend(code)
    const now = this.now()
    const grant = this.consent(check.details.scope, now, true)
    const accessToken = this.mintAccess(grant, now + LINKEDIN_ACCESS_SECONDS * 1000, now)
    const refreshEnds = grant.consentedAt + LINKEDIN_REFRESH_SECONDS * 1000
    const refresh = this.options.grantsRefreshTokens
      ? {
          refresh_token: this.ledger.add(this.mint(), 'refresh', grant, refreshEnds, now),
          refresh_token_expires_in: Math.round((refreshEnds - now) / 1000)
        }
      : {}
    const idToken = grant.scope.includes('openid') ? { id_token: this.idToken() } : {}
    return tokenReply({
      access_token: accessToken,
      expires_in: LINKEDIN_ACCESS_SECONDS,
      ...refresh,
      scope: grant.scope.join(','),
      ...idToken
    })
  }

  /** The refresh token's end is fixed at the first consent: refreshing never moves it, and no access token outlives it. */
  private refresh(presented: string | null): Reply {
    const record = this.ledger.redeem(presented)
    if (!presented || !record) return oauthError('invalid_grant', DEAD_REFRESH)
    const now = this.now()
    const ends = record.expiresAt ?? now
    const refreshToken = this.options.rotateRefreshTokens ? this.ledger.rotate(presented, this.mint(), ends) : presented
    const accessEnds = Math.min(now + LINKEDIN_ACCESS_SECONDS * 1000, ends)
    // Seconds left, counting down from a fixed end; to the nearest second, as the milliseconds a request takes are noise.
    const seconds = (at: number): number => Math.round((at - now) / 1000)
    return tokenReply({
      access_token: this.mintAccess(record.grant, accessEnds),
      expires_in: seconds(accessEnds),
      refresh_token: refreshToken,
      refresh_token_expires_in: seconds(ends),
      scope: record.grant.scope.join(',')
    })
  }

  private idToken(): string {
    const issuedAt = Math.floor(this.now() / 1000)
    const { sub, name, given_name, family_name, picture, email, email_verified, locale } = this.member
    const claims = { iss: 'https://www.linkedin.com/oauth', aud: this.clientId, iat: issuedAt, exp: issuedAt + 3600, sub, name, given_name }
    const token = jwtLike({ ...claims, family_name, picture, email, email_verified, locale })
    this.idTokens.push(token)
    return token
  }

  private introspect(request: SeenRequest): Reply {
    const form = readForm(request)
    const refusal = this.clientRefusal(form)
    if (refusal) return refusal
    const token = form.get('token')
    if (!token) return oauthError('invalid_request', 'A token is required')
    const record = this.ledger.get(token)
    const state = this.state(token)
    if (!record || (state !== 'active' && this.options.introspection === 'rfc7662')) return { status: 200, body: { active: false } }
    const seconds = (ms: number): number => Math.floor(ms / 1000)
    return {
      status: 200,
      body: {
        active: state === 'active',
        client_id: this.clientId,
        authorized_at: seconds(record.grant.consentedAt),
        created_at: seconds(record.issuedAt),
        status: state === 'spent' ? 'revoked' : state,
        expires_at: seconds(record.expiresAt ?? 0),
        scope: record.grant.scope.join(','),
        auth_type: '3L'
      }
    }
  }

  private userinfo(request: SeenRequest): Reply {
    const token = bearerToken(request)
    const state = this.ledger.state(token, 'access')
    if (state === 'revoked') return REVOKED_TOKEN
    if (state === 'expired') return this.options.expiredTokenReply ?? INVALID_TOKEN
    if (state !== 'active') return INVALID_TOKEN
    if (!this.ledger.get(token)?.grant.scope.includes('openid')) return ACCESS_DENIED
    return { status: 200, body: { ...this.member } }
  }
}
