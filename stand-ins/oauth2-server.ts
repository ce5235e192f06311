import { TokenLedger, type Grant, type TokenState } from './ledger.js'
import { LoopbackService, type ServiceOptions } from './loopback-service.js'
import { BASE64URL, randomChars } from './mint.js'
import { basicCredentials, oauthError, readForm, repeatedParameter, tokenReply } from './oauth-forms.js'
import type { Reply, SeenRequest } from './server.js'

/**
 * What a refresh does to the refresh token: `rotate` hands out a new one and kills the old (X, RFC
 * 9700 for public clients); `omit` sends none, meaning "keep the one you have" (Google); `echo` sends
 * the same one back.
 */
export type Rotation = 'rotate' | 'omit' | 'echo'
/** RFC 6749 §2.3.1's two ways for a client to send its secret. */
export type ClientAuth = 'client_secret_basic' | 'client_secret_post'

export interface OAuth2StandInOptions extends ServiceOptions {
  /** Where the token endpoint is; default /oauth/token. */
  tokenPath?: string
  clientId?: string
  clientSecret?: string
  /** The one way this client authenticates; the other is refused with 401 invalid_client. Default client_secret_basic. */
  clientAuth?: ClientAuth
  rotation?: Rotation
  /** With rotation: a rotated refresh token used again revokes the whole grant (RFC 9700 §4.14.2). Default false. */
  revokeGrantOnReuse?: boolean
  /** What a grant covers by default. */
  scope?: string[]
  accessTokenSeconds?: number
  /** A refresh token's life from its issue; default: no end of its own. */
  refreshTokenLifetimeMs?: number
  /** false: this client may not use the refresh_token grant (unauthorized_client). Default true. */
  refreshGrantAllowed?: boolean
}

/**
 * Any RFC 6749 authorization server's token endpoint, for the refresh_token grant (§6): client
 * authentication by Basic or in the form (§2.3.1), an optional narrower scope, rotation as the
 * service chooses, and every §5.2 error.
 */
export class OAuth2StandIn extends LoopbackService {
  readonly tokenPath: string
  readonly clientId: string
  readonly clientSecret: string
  readonly clientAuth: ClientAuth
  readonly rotation: Rotation
  readonly scope: string[]
  private readonly ledger = new TokenLedger(() => this.now())

  constructor(private readonly options: OAuth2StandInOptions = {}) {
    super(options)
    this.tokenPath = options.tokenPath ?? '/oauth/token'
    this.clientId = options.clientId ?? `client-${randomChars(12)}`
    this.clientSecret = options.clientSecret ?? randomChars(40, BASE64URL)
    this.clientAuth = options.clientAuth ?? 'client_secret_basic'
    this.rotation = options.rotation ?? 'rotate'
    this.scope = [...(options.scope ?? ['read', 'write'])]
    this.server.route('POST', this.tokenPath, (request) => this.token(request))
  }

  get tokenUrl(): string {
    return this.url + this.tokenPath
  }

  /** A refresh token of a grant made `ageMs` ago. */
  issueRefreshToken(scope = this.scope, ageMs = 0): string {
    const issuedAt = this.now() - ageMs
    const grant: Grant = { scope: [...scope], consentedAt: issuedAt, revoked: false }
    return this.ledger.add(this.mint(), 'refresh', grant, this.refreshEnds(issuedAt), issuedAt)
  }

  /** active, expired, revoked, spent (rotated away) or unknown. */
  state(token: string): TokenState {
    return this.ledger.stateOf(token)
  }

  isValid(token: string): boolean {
    return this.state(token) === 'active'
  }

  /** The scope an access token was given. */
  scopeOf(token: string): string[] | undefined {
    return this.ledger.get(token)?.scope
  }

  /** The user (or the service) revokes the grant a token belongs to: every token of it dies. */
  revokeGrantOf(token: string): void {
    const record = this.ledger.get(token)
    if (record) this.ledger.revokeGrant(record.grant)
  }

  credentials(): string[] {
    return [this.clientSecret, ...this.ledger.keys()]
  }

  private mint(): string {
    return randomChars(64, BASE64URL)
  }

  private refreshEnds(issuedAt: number): number | undefined {
    return this.options.refreshTokenLifetimeMs === undefined ? undefined : issuedAt + this.options.refreshTokenLifetimeMs
  }

  /** §2.3.1: one method, the client's own; §5.2: a failed Basic attempt is answered 401 with WWW-Authenticate. */
  private clientRefusal(request: SeenRequest, form: URLSearchParams): Reply | undefined {
    const basic = basicCredentials(request)
    const posted = form.has('client_secret')
    if (basic !== undefined && posted) return oauthError('invalid_request', 'Use one client authentication method, not two')
    const challenge = basic === undefined ? {} : { headers: { 'www-authenticate': 'Basic realm="token"' } }
    const used: ClientAuth | undefined = basic !== undefined ? 'client_secret_basic' : posted ? 'client_secret_post' : undefined
    if (used !== this.clientAuth) return oauthError('invalid_client', `This client authenticates with ${this.clientAuth}`, challenge)
    const id = basic ? basic.id : form.get('client_id')
    const secret = basic ? basic.secret : form.get('client_secret')
    if (id !== this.clientId || secret !== this.clientSecret) return oauthError('invalid_client', 'Client authentication failed', challenge)
    return undefined
  }

  private token(request: SeenRequest): Reply {
    const form = readForm(request)
    const repeated = repeatedParameter(form)
    if (repeated) return oauthError('invalid_request', `The ${repeated} parameter was sent more than once`)
    const refusal = this.clientRefusal(request, form)
    if (refusal) return refusal
    const grantType = form.get('grant_type')
    if (!grantType) return oauthError('invalid_request', 'The grant_type parameter is missing')
    if (grantType !== 'refresh_token') return oauthError('unsupported_grant_type', `The ${grantType} grant is not supported`)
    if (this.options.refreshGrantAllowed === false)
      return oauthError('unauthorized_client', 'This client may not use the refresh_token grant')
    const presented = form.get('refresh_token')
    if (!presented) return oauthError('invalid_request', 'The refresh_token parameter is missing')
    const record = this.ledger.redeem(presented, this.options.revokeGrantOnReuse)
    if (!record) return oauthError('invalid_grant', 'The refresh token is invalid, expired or revoked')
    // §6: a narrower scope may be asked for, never one the grant does not cover.
    const asked = form.get('scope')?.split(' ').filter(Boolean) ?? record.grant.scope
    if (asked.some((scope) => !record.grant.scope.includes(scope))) return oauthError('invalid_scope', 'The scope exceeds what was granted')
    const refresh = this.nextRefreshToken(presented)
    const seconds = this.options.accessTokenSeconds ?? 3600
    const accessToken = this.ledger.add(this.mint(), 'access', record.grant, this.now() + seconds * 1000, this.now(), asked)
    return tokenReply({ access_token: accessToken, token_type: 'Bearer', expires_in: seconds, scope: asked.join(' '), ...refresh })
  }

  private nextRefreshToken(presented: string): { refresh_token?: string } {
    if (this.rotation === 'omit') return {}
    if (this.rotation === 'echo') return { refresh_token: presented }
    return { refresh_token: this.ledger.rotate(presented, this.mint(), this.refreshEnds(this.now())) }
  }
}
