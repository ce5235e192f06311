import { CodeBook, TokenLedger, type Grant, type TokenState } from './ledger.js'
import { LoopbackService, type ServiceOptions } from './loopback-service.js'
import { BASE64URL, randomChars } from './mint.js'
import { basicCredentials, bearerToken, oauthError, readForm, s256, tokenReply } from './oauth-forms.js'
import type { Reply, SeenRequest } from './server.js'

export const X_ACCESS_SECONDS = 7200
export const X_CODE_LIFETIME_MS = 30_000
export const X_SCOPE = ['tweet.read', 'tweet.write', 'users.read', 'offline.access']

export interface XUser {
  id: string
  name: string
  username: string
}

export interface XStandInOptions extends ServiceOptions {
  clientId?: string
  clientSecret?: string
  /** A confidential client authenticates with HTTP Basic; a public one sends client_id in the form. Default confidential. */
  clientType?: 'confidential' | 'public'
  /** The registered redirect; a loopback one by default, as `login` listens there. */
  redirectUri?: string
  /** What codes are issued for by default: X_SCOPE (refresh tokens come only with offline.access). */
  scope?: string[]
  user?: Partial<XUser>
  /** A rotated refresh token used again revokes the whole grant (RFC 9700 §4.14.2); X's behaviour is unconfirmed. Default false. */
  revokeGrantOnReuse?: boolean
  /** How long a refresh token lives; X does not document it. Default: no end of its own. */
  refreshTokenLifetimeMs?: number
}

interface CodeDetails {
  challenge: string
  method: 'S256' | 'plain'
  scope: string[]
  redirectUri: string
}

/** X's words (recorded in public issue threads, except the redirect URI's and the client id's, which follow their pattern). */
const WORDS = {
  code: 'Value passed for the authorization code was invalid.',
  verifier: 'Value passed for the code verifier did not match the code challenge.',
  token: 'Value passed for the token was invalid.',
  redirect: 'Value passed for the redirect uri was invalid.',
  clientId: 'Value passed for the client id was invalid.',
  missing: (name: string) => `Missing required parameter [${name}].`
}
const UNAUTHORIZED: Reply = { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } }

/**
 * Behaves like X's OAuth 2.0 endpoints (api.x.com) with PKCE: 30-second single-use codes bound to an
 * S256 challenge, 2-hour access tokens, refresh tokens (with offline.access) that rotate on every
 * refresh, the old one dead at once, revocation (RFC 7009) and /2/users/me.
 */
export class XStandIn extends LoopbackService {
  readonly clientId: string
  readonly clientSecret: string
  readonly clientType: 'confidential' | 'public'
  readonly redirectUri: string
  readonly scope: string[]
  readonly user: XUser
  private readonly codes = new CodeBook<CodeDetails>(() => this.now(), X_CODE_LIFETIME_MS)
  private readonly ledger = new TokenLedger(() => this.now())

  constructor(private readonly options: XStandInOptions = {}) {
    super(options)
    this.clientId = options.clientId ?? Buffer.from(`${randomChars(22)}:1:ci`).toString('base64url')
    this.clientSecret = options.clientSecret ?? randomChars(50, BASE64URL)
    this.clientType = options.clientType ?? 'confidential'
    this.redirectUri = options.redirectUri ?? 'http://127.0.0.1:8765/callback'
    this.scope = [...(options.scope ?? X_SCOPE)]
    this.user = { id: '1612345678901234567', name: 'Fern Ferret', username: 'fernferret', ...options.user }
    this.server.route('POST', '/2/oauth2/token', (request) => this.token(request))
    this.server.route('POST', '/2/oauth2/revoke', (request) => this.revokeRoute(request))
    this.server.route('GET', '/2/users/me', (request) => this.me(request))
  }

  /** A code as X's redirect carries it, bound to the PKCE challenge the authorization request sent. */
  issueCode(challenge: string, options: { method?: 'S256' | 'plain'; scope?: string[]; redirectUri?: string } = {}): string {
    const details = {
      challenge,
      method: options.method ?? 'S256',
      scope: [...(options.scope ?? this.scope)],
      redirectUri: options.redirectUri ?? this.redirectUri
    }
    return this.codes.add(this.mint('ac'), details)
  }

  /** Tokens of a grant made `ageMs` ago, as the code exchange would have given them then. */
  issueTokens(scope = this.scope, ageMs = 0): { accessToken: string; refreshToken: string | undefined } {
    return this.grant({ scope: [...scope], consentedAt: this.now() - ageMs, revoked: false }, this.now() - ageMs)
  }

  /** active, expired, revoked, spent (rotated away) or unknown. */
  state(token: string): TokenState {
    return this.ledger.stateOf(token)
  }

  isValid(token: string): boolean {
    return this.state(token) === 'active'
  }

  /** The user disconnects the app: every token of every grant dies. */
  revokeAll(): void {
    for (const token of this.ledger.keys()) this.ledger.revoke(token)
  }

  credentials(): string[] {
    return [this.clientSecret, ...this.codes.keys(), ...this.ledger.keys()]
  }

  /** X's tokens are base64url of "random:issued-ms:1:1:kind:1" (ac, at, rt). */
  private mint(kind: 'ac' | 'at' | 'rt'): string {
    return Buffer.from(`${randomChars(43, BASE64URL)}:${this.now()}:1:1:${kind}:1`).toString('base64url')
  }

  private grant(grant: Grant, issuedAt = this.now()): { accessToken: string; refreshToken: string | undefined } {
    const accessToken = this.ledger.add(this.mint('at'), 'access', grant, issuedAt + X_ACCESS_SECONDS * 1000, issuedAt)
    const refreshEnds = this.options.refreshTokenLifetimeMs === undefined ? undefined : issuedAt + this.options.refreshTokenLifetimeMs
    const refreshToken = grant.scope.includes('offline.access')
      ? this.ledger.add(this.mint('rt'), 'refresh', grant, refreshEnds, issuedAt)
      : undefined
    return { accessToken, refreshToken }
  }

  private reply(accessToken: string, refreshToken: string | undefined, grant: Grant): Reply {
    const refresh = refreshToken === undefined ? {} : { refresh_token: refreshToken }
    return tokenReply({
      token_type: 'bearer',
      expires_in: X_ACCESS_SECONDS,
      access_token: accessToken,
      scope: grant.scope.join(' '),
      ...refresh
    })
  }

  /** A confidential client must send Basic credentials; a public one its client_id. */
  private clientRefusal(request: SeenRequest, form: URLSearchParams): Reply | undefined {
    if (this.clientType === 'public') {
      const id = form.get('client_id')
      if (id === this.clientId) return undefined
      return oauthError('invalid_request', id ? WORDS.clientId : WORDS.missing('client_id'))
    }
    const basic = basicCredentials(request)
    if (basic && basic.id === this.clientId && basic.secret === this.clientSecret) return undefined
    return oauthError('unauthorized_client', 'Missing valid authorization header', { status: 401 })
  }

  private token(request: SeenRequest): Reply {
    const form = readForm(request)
    const refusal = this.clientRefusal(request, form)
    if (refusal) return refusal
    const grantType = form.get('grant_type')
    if (grantType === 'refresh_token') return this.refresh(form.get('refresh_token'))
    if (grantType !== 'authorization_code')
      return oauthError(grantType ? 'unsupported_grant_type' : 'invalid_request', WORDS.missing('grant_type'))
    const code = form.get('code') ?? ''
    const check = this.codes.check(code)
    if (!check.ok) return oauthError('invalid_request', WORDS.code)
    if (form.get('redirect_uri') !== check.details.redirectUri) return oauthError('invalid_request', WORDS.redirect)
    const verifier = form.get('code_verifier')
    if (!verifier) return oauthError('invalid_request', WORDS.missing('code_verifier'))
    const { challenge, method, scope } = check.details
    if ((method === 'S256' ? s256(verifier) : verifier) !== challenge) return oauthError('invalid_request', WORDS.verifier)
    this.codes.spend(code)
    const grant = { scope, consentedAt: this.now(), revoked: false }
    const { accessToken, refreshToken } = this.grant(grant)
    return this.reply(accessToken, refreshToken, grant)
  }

  /** Every refresh hands out a new refresh token and kills the one sent. */
  private refresh(presented: string | null): Reply {
    if (!presented) return oauthError('invalid_request', WORDS.missing('refresh_token'))
    const record = this.ledger.redeem(presented, this.options.revokeGrantOnReuse)
    if (!record) return oauthError('invalid_request', WORDS.token)
    const lifetime = this.options.refreshTokenLifetimeMs
    const successor = this.ledger.rotate(presented, this.mint('rt'), lifetime === undefined ? undefined : this.now() + lifetime)
    const accessToken = this.ledger.add(this.mint('at'), 'access', record.grant, this.now() + X_ACCESS_SECONDS * 1000)
    return this.reply(accessToken, successor, record.grant)
  }

  /** RFC 7009: 200 whatever the token; a refresh token takes its grant's access tokens with it. */
  private revokeRoute(request: SeenRequest): Reply {
    const form = readForm(request)
    const refusal = this.clientRefusal(request, form)
    if (refusal) return refusal
    const token = form.get('token')
    if (!token) return oauthError('invalid_request', WORDS.missing('token'))
    const record = this.ledger.get(token)
    if (record?.kind === 'refresh') this.ledger.revokeGrant(record.grant)
    else if (record) this.ledger.revoke(token)
    return { status: 200, body: { revoked: true } }
  }

  private me(request: SeenRequest): Reply {
    if (this.ledger.state(bearerToken(request), 'access') !== 'active') return UNAUTHORIZED
    return { status: 200, body: { data: { ...this.user } } }
  }
}
