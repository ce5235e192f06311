import { randomBytes } from 'node:crypto'
import { type Reply, type SeenRequest, type ServerTls } from './server.js'
import { LoopbackService } from './loopback-service.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
export const LONG_LIVED_SECONDS = 60 * 24 * 3600

export type TokenKind = 'short-lived' | 'long-lived'

interface TokenRecord {
  kind: TokenKind
  issuedAt: number
  expiresAt: number
  /** When the user authorized the app: data access ends 90 days later, whatever the refreshes. */
  grantedAt: number
}

export const DATA_ACCESS_MS = 90 * DAY

export type StandInProvider = 'threads' | 'instagram'

/** What differs between the services the stand-in plays. */
const SERVICES = {
  threads: {
    exchangeGrant: 'th_exchange_token',
    refreshGrant: 'th_refresh_token',
    profilePath: '/v1.0/me',
    idField: 'id',
    tokenPrefix: 'THAA',
    inspection: true
  },
  instagram: {
    exchangeGrant: 'ig_exchange_token',
    refreshGrant: 'ig_refresh_token',
    // Any version: Meta serves each live one (and an ended one by the oldest still alive).
    profilePath: '/:version/me',
    idField: 'user_id',
    tokenPrefix: 'IGAA',
    inspection: false
  }
} as const

export interface GraphStandInOptions {
  /** Which service to play; default threads. */
  provider?: StandInProvider
  /** Instagram only: answer the code exchange flat, as older replies were, instead of {"data": [...]}. */
  flatCodeReply?: boolean
  appId?: string
  appSecret?: string
  redirectUri?: string
  /** Digits; the default is larger than 2^53 on purpose. */
  userId?: string
  username?: string
  /** The refusal of a token under 24 hours old (its real text is unconfirmed). */
  tooYoungReply?: Reply
  /**
   * Whether /v1.0/debug_token answers; default true. It answers only for a token whose owner is a
   * tester of the app: false plays anyone else's token, which it refuses.
   */
  inspection?: boolean
  /** Serve https:// with this key and certificate. */
  tls?: ServerTls
}

function graphError(status: number, message: string, code: number, subcode?: number): Reply {
  const error = { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEf' }
  return { status, body: { error } }
}

/** Instagram's code endpoint answers errors flat, with its own words (recorded in public issue threads). */
function flatError(message: string): Reply {
  return { status: 400, body: { error_type: 'OAuthException', code: 400, error_message: message } }
}

/** A Graph error that Meta marks temporary, whatever its code (a 401 with code 2 has been recorded). */
export function transientServiceError(status: number, message: string, code: number): Reply {
  return { status, body: { error: { message, type: 'OAuthException', code, is_transient: true, fbtrace_id: 'AbCdEf' } } }
}

/** Instagram's words for a code it does not know, has seen used, or has seen expire. */
const USED_CODE = 'Matching code was not found or was already used.'

const random = (prefix: string): string => prefix + randomBytes(18).toString('base64url')

/**
 * Behaves like the token endpoints of the Threads Graph API, or of Instagram's API with Instagram
 * Login: single-use one-hour codes, one-hour short-lived tokens, 60-day long-lived tokens
 * refreshable after 24 hours, and a clock tests move.
 */
export class GraphStandIn extends LoopbackService {
  readonly appId: string
  readonly appSecret: string
  readonly redirectUri: string
  readonly userId: string
  readonly username: string
  private readonly codes = new Map<string, { issuedAt: number; used: boolean }>()
  private readonly tokens = new Map<string, TokenRecord>()
  private readonly tooYoungReply: Reply
  private readonly service: (typeof SERVICES)[StandInProvider]
  readonly provider: StandInProvider

  constructor(private readonly options: GraphStandInOptions = {}) {
    super(options.tls ? { tls: options.tls } : {})
    this.provider = options.provider ?? 'threads'
    this.service = SERVICES[this.provider]
    this.appId = options.appId ?? '1234567890123456'
    this.appSecret = options.appSecret ?? random('appsecret')
    this.redirectUri = options.redirectUri ?? 'https://example.org/threads/callback'
    this.userId = options.userId ?? '17841400000000001'
    this.username = options.username ?? 'ferret.poster'
    this.tooYoungReply =
      options.tooYoungReply ?? graphError(400, 'The access token is too recent to be refreshed. Try again after 24 hours.', 100)

    this.server.route('POST', '/oauth/access_token', (request) => this.exchangeCode(request))
    this.server.route('GET', '/access_token', (request) => this.exchangeShortLived(request))
    this.server.route('GET', '/refresh_access_token', (request) => this.refresh(request))
    this.server.route('GET', this.service.profilePath, (request) => this.me(request))
    if (this.service.inspection) {
      this.server.route('GET', '/v1.0/debug_token', (request) =>
        options.inspection === false ? graphError(400, 'Unsupported get request.', 100) : this.debugToken(request)
      )
    }
  }

  issueCode(): string {
    const code = random('AQ')
    this.codes.set(code, { issuedAt: this.now(), used: false })
    return code
  }

  /** A token `ageMs` old, of a grant `grantAgeMs` old (by default, as old as the token). */
  issueToken(kind: TokenKind, ageMs = 0, grantAgeMs = ageMs): string {
    return this.record(kind, this.now() - ageMs, this.now() - grantAgeMs)
  }

  private record(kind: TokenKind, issuedAt: number, grantedAt: number): string {
    const token = random(this.service.tokenPrefix + (kind === 'short-lived' ? 'short' : 'long'))
    this.tokens.set(token, { kind, issuedAt, grantedAt, expiresAt: issuedAt + (kind === 'short-lived' ? HOUR : LONG_LIVED_SECONDS * 1000) })
    return token
  }

  token(token: string): TokenRecord | undefined {
    return this.tokens.get(token)
  }

  isValid(token: string): boolean {
    const record = this.tokens.get(token)
    return record !== undefined && record.expiresAt > this.now()
  }

  /** Every credential this service knows: for leak scans. */
  credentials(): string[] {
    return [this.appSecret, ...this.codes.keys(), ...this.tokens.keys()]
  }

  /** A new token of the same grant as `from` (a refresh, an exchange), or of a grant made now (a code). */
  private grant(kind: TokenKind, from?: string): { token: string; seconds: number } {
    const token = this.record(kind, this.now(), this.tokens.get(from ?? '')?.grantedAt ?? this.now())
    return { token, seconds: kind === 'short-lived' ? 3600 : LONG_LIVED_SECONDS }
  }

  private check(token: string | null | undefined, kind?: TokenKind): Reply | undefined {
    const record = token ? this.tokens.get(token) : undefined
    if (!record) return graphError(400, 'Invalid OAuth access token - Cannot parse access token', 190)
    if (record.expiresAt <= this.now()) {
      return graphError(400, 'Error validating access token: Session has expired.', 190, 463)
    }
    if (kind && record.kind !== kind) return graphError(400, `Invalid access token: expected a ${kind} token`, 190)
    return undefined
  }

  private exchangeCode(request: SeenRequest): Reply {
    const form = new URLSearchParams(request.body)
    const refuse = (graph: Reply, flat: string): Reply => (this.provider === 'instagram' ? flatError(flat) : graph)
    if (form.get('grant_type') !== 'authorization_code')
      return refuse(graphError(400, 'Unsupported grant_type', 100), 'Unsupported grant_type')
    if (form.get('client_id') !== this.appId) {
      return refuse(graphError(400, 'Error validating application. Invalid application ID.', 101), 'Invalid platform app')
    }
    if (form.get('client_secret') !== this.appSecret) {
      return refuse(graphError(400, 'Error validating client secret.', 101), 'Error validating client secret.')
    }
    const code = this.codes.get(form.get('code') ?? '')
    if (!code) return refuse(graphError(400, 'Invalid verification code format.', 100), 'Invalid authorization code')
    if (form.get('redirect_uri') !== this.redirectUri) {
      const words =
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request'
      return refuse(graphError(400, words, 100, 36008), words)
    }
    if (code.used) return refuse(graphError(400, 'This authorization code has been used.', 100, 36009), USED_CODE)
    if (this.now() - code.issuedAt > HOUR) return refuse(graphError(400, 'This authorization code has expired.', 100, 36007), USED_CODE)
    code.used = true
    const { token } = this.grant('short-lived')
    // Written by hand: the user id is a JSON number beyond 2^53, as Meta sends it.
    const reply = `{"access_token":"${token}","user_id":${this.userId}}`
    if (this.provider === 'threads' || this.options.flatCodeReply) return { status: 200, body: reply }
    return {
      status: 200,
      body: `{"data":[${reply.slice(0, -1)},"permissions":"instagram_business_basic,instagram_business_content_publish"}]}`
    }
  }

  private exchangeShortLived(request: SeenRequest): Reply {
    if (request.query.get('grant_type') !== this.service.exchangeGrant) return graphError(400, 'Unsupported grant_type', 100)
    if (request.query.get('client_secret') !== this.appSecret) return graphError(400, 'Error validating client secret.', 101)
    const short = request.query.get('access_token')
    const refusal = this.check(short, 'short-lived')
    if (refusal) return refusal
    const { token, seconds } = this.grant('long-lived', short ?? undefined)
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: seconds } }
  }

  private refresh(request: SeenRequest): Reply {
    if (request.query.get('grant_type') !== this.service.refreshGrant) return graphError(400, 'Unsupported grant_type', 100)
    const current = request.query.get('access_token')
    const refusal = this.check(current, 'long-lived')
    if (refusal) return refusal
    if (this.now() - (this.tokens.get(current ?? '')?.issuedAt ?? 0) < DAY) return this.tooYoungReply
    const { token, seconds } = this.grant('long-lived', current ?? undefined)
    return { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: seconds } }
  }

  private debugToken(request: SeenRequest): Reply {
    const refusal = this.check(this.bearer(request) ?? request.query.get('access_token'))
    if (refusal) return refusal
    const record = this.tokens.get(request.query.get('input_token') ?? '')
    const seconds = (ms: number): number => Math.floor(ms / 1000)
    const data = record
      ? {
          type: 'USER',
          application: 'Threads API Test App',
          is_valid: record.expiresAt > this.now(),
          issued_at: seconds(record.issuedAt),
          expires_at: seconds(record.expiresAt),
          data_access_expires_at: seconds(record.grantedAt + DATA_ACCESS_MS),
          scopes: ['threads_basic', 'threads_content_publish'],
          user_id: this.userId
        }
      : { is_valid: false }
    return { status: 200, body: { data } }
  }

  private bearer(request: SeenRequest): string | undefined {
    return /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
  }

  private me(request: SeenRequest): Reply {
    const refusal = this.check(this.bearer(request) ?? request.query.get('access_token'))
    if (refusal) return refusal
    // Instagram's profile has an app-scoped `id` besides the `user_id` the token belongs to.
    const profile = this.provider === 'threads' ? { id: this.userId } : { user_id: this.userId, id: '9' + this.userId.slice(1) }
    return { status: 200, body: { ...profile, username: this.username } }
  }
}
