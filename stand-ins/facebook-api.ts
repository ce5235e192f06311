import { FULL_TASKS, PAGE_SCOPES, type FacebookPage, type FacebookStandInOptions } from './facebook-options.js'
import {
  CANNOT_PARSE,
  NOT_AN_APP_TOKEN,
  codeRefusal,
  defaultDeaths,
  graphError,
  pick,
  unsupportedGet,
  wantedFields,
  type DeathReason,
  type GraphDeath
} from './facebook-replies.js'
import { FACEBOOK_LONG_LIVED_SECONDS, FacebookTokens, type FacebookTokenRecord } from './facebook-tokens.js'
import { CodeBook } from './ledger.js'
import { LoopbackService } from './loopback-service.js'
import { BASE64URL, HEX, randomChars } from './mint.js'
import { bearerToken } from './oauth-forms.js'
import type { Handler, Reply, SeenRequest } from './server.js'

export { FULL_TASKS, PAGE_SCOPES, type FacebookPage, type FacebookStandInOptions } from './facebook-options.js'
export {
  FACEBOOK_DATA_ACCESS_MS,
  FACEBOOK_LONG_LIVED_SECONDS,
  type FacebookTokenKind,
  type FacebookTokenRecord
} from './facebook-tokens.js'
export type { DeathReason, GraphDeath } from './facebook-replies.js'

const HOUR = 3_600_000

/**
 * Behaves like Facebook's Graph API for Pages under any version prefix: the code exchange, the
 * long-lived exchange, the user's Pages and their tokens (never expiring when minted from a
 * long-lived user token), debug_token with the app token, and the early deaths Meta does not
 * announce (password change, inactive app, lost Page role), with a clock tests move.
 */
export class FacebookStandIn extends LoopbackService {
  readonly appId: string
  readonly appSecret: string
  readonly appName: string
  readonly redirectUri: string
  readonly userId: string
  readonly userName: string
  readonly pages: FacebookPage[]
  private grantedScopes: string[]
  private readonly codes = new CodeBook<null>(() => this.now(), HOUR)
  private readonly tokens = new FacebookTokens(() => this.now())
  private readonly deaths: Record<DeathReason, GraphDeath>

  constructor(private readonly options: FacebookStandInOptions = {}) {
    super(options)
    this.appId = options.appId ?? '2468013579246801'
    this.appSecret = options.appSecret ?? randomChars(32, HEX)
    this.appName = options.appName ?? 'ferret poster'
    this.redirectUri = options.redirectUri ?? 'https://example.org/facebook/callback'
    this.userId = options.userId ?? '10229876543210987'
    this.userName = options.userName ?? 'Fern Ferret'
    const pages = options.pages ?? [{ id: '103455271248220', name: "Ferret's Blog", category: 'Blogger', tasks: FULL_TASKS }]
    this.pages = pages.map((page) => ({ ...page, tasks: [...page.tasks] }))
    this.grantedScopes = [...(options.scopes ?? PAGE_SCOPES)]
    this.deaths = { ...defaultDeaths(this.appId), ...options.deaths }

    const routes: [string, Handler][] = [
      ['/:version/oauth/access_token', (request) => this.accessToken(request)],
      ['/:version/debug_token', (request) => this.debugToken(request)],
      ['/:version/me/accounts', (request) => this.accounts(request)],
      ['/:version/me', (request) => this.node(request, 'me')],
      ['/:version/:node', (request, params) => this.node(request, params.node ?? '')]
    ]
    for (const [path, handler] of routes) {
      this.server.route('GET', path, (request, params) =>
        /^v\d+\.\d+$/.test(params.version ?? '')
          ? handler(request, params)
          : graphError(400, `Unknown path components: /${params.version}`, 2500)
      )
    }
  }

  /** The app token debug_token wants: "APP_ID|APP_SECRET". */
  get appToken(): string {
    return `${this.appId}|${this.appSecret}`
  }

  get scopes(): string[] {
    return [...this.grantedScopes]
  }

  issueCode(): string {
    return this.codes.add('AQ' + randomChars(330, BASE64URL), null)
  }

  /** A user token `ageMs` old, of an authorization `grantAgeMs` old (by default, as old as the token). */
  issueUserToken(kind: 'short-lived' | 'long-lived' = 'long-lived', ageMs = 0, grantAgeMs = ageMs): string {
    return this.tokens.user(kind, this.now() - ageMs, this.now() - grantAgeMs)
  }

  /** A Page token as /me/accounts hands it out, from a user token of `from`'s kind. */
  issuePageToken(pageId: string, from: 'short-lived' | 'long-lived' = 'long-lived', ageMs = 0, grantAgeMs = ageMs): string {
    return this.tokens.page(pageId, from, this.now() - ageMs, this.now() - grantAgeMs)
  }

  token(token: string): FacebookTokenRecord | undefined {
    return this.tokens.get(token)
  }

  isValid(token: string): boolean {
    return this.tokens.isValid(token)
  }

  credentials(): string[] {
    return [this.appSecret, this.appToken, ...this.codes.keys(), ...this.tokens.keys()]
  }

  // ---- what happens to a user and an app without anyone being told

  /** Every token the user holds dies (subcode 460). */
  changePassword(): void {
    this.tokens.kill(() => true, this.deaths['password-changed'])
  }

  /** The user removes the app: every token dies (subcode 458). */
  removeApp(): void {
    this.tokens.kill(() => true, this.deaths['app-removed'])
  }

  /** 90 idle days: "all access tokens associated with the app will be invalidated", for good. */
  deactivateApp(): void {
    this.tokens.kill(() => true, this.deaths['app-inactive'])
  }

  /** The user loses every task on the Page: its tokens die, and it leaves /me/accounts. */
  removePageRole(pageId: string): void {
    const page = this.pages.find((candidate) => candidate.id === pageId)
    if (page) page.tasks = []
    this.tokens.kill((record) => record.pageId === pageId, this.deaths['page-role-removed'])
  }

  /** The user takes one permission back (in their settings); tokens stay valid without it. */
  revokeScope(scope: string): void {
    this.grantedScopes = this.grantedScopes.filter((granted) => granted !== scope)
  }

  /** One token dies, for a reason Graph names. */
  invalidate(token: string, reason: DeathReason | GraphDeath = 'logged-out'): void {
    this.tokens.kill((_, candidate) => candidate === token, typeof reason === 'string' ? this.deaths[reason] : reason)
  }

  // ---- the routes

  /** The caller's token (a Bearer header or the access_token parameter), or why Graph refuses it. */
  private caller(request: SeenRequest): { token: string; record: FacebookTokenRecord } | { refusal: Reply } {
    return this.check(bearerToken(request) ?? request.query.get('access_token') ?? '')
  }

  private check(token: string): { token: string; record: FacebookTokenRecord } | { refusal: Reply } {
    const record = this.tokens.get(token)
    if (!record) return { refusal: graphError(400, CANNOT_PARSE, 190) }
    const death = this.tokens.deathOf(token)
    return death ? { refusal: graphError(400, death.message, 190, death.subcode) } : { token, record }
  }

  private accessToken(request: SeenRequest): Reply {
    const query = request.query
    if (query.get('client_id') !== this.appId) return graphError(400, 'Error validating application. Invalid application ID.', 101)
    // Code 1, which reads as "temporary" elsewhere: Meta really answers a wrong secret so.
    if (query.get('client_secret') !== this.appSecret) return graphError(400, 'Error validating client secret.', 1)
    const grantType = query.get('grant_type')
    if (grantType === 'fb_exchange_token') return this.exchange(query.get('fb_exchange_token') ?? '')
    if (grantType !== null && grantType !== 'authorization_code') return graphError(400, 'Unsupported grant_type', 100)
    const code = query.get('code') ?? ''
    const refusal = codeRefusal(this.codes.check(code), query.get('redirect_uri') === this.redirectUri)
    if (refusal) return refusal
    this.codes.spend(code)
    const kind = this.options.codeTokenKind ?? 'short-lived'
    const token = this.tokens.user(kind, this.now(), this.now())
    const expiresIn = kind === 'short-lived' ? 3600 : FACEBOOK_LONG_LIVED_SECONDS
    return {
      status: 200,
      body: { access_token: token, token_type: 'bearer', ...(this.options.omitCodeExpiresIn ? {} : { expires_in: expiresIn }) }
    }
  }

  private exchange(token: string): Reply {
    const user = this.tokens.get(token)?.kind === 'page' ? this.check('') : this.check(token)
    if ('refusal' in user) return user.refusal
    const longLived = this.tokens.user('long-lived', this.now(), user.record.grantedAt)
    return { status: 200, body: { access_token: longLived, token_type: 'bearer', expires_in: FACEBOOK_LONG_LIVED_SECONDS } }
  }

  private accounts(request: SeenRequest): Reply {
    const caller = this.caller(request)
    if ('refusal' in caller) return caller.refusal
    if (caller.record.kind === 'page')
      return graphError(400, '(#100) Tried accessing nonexisting field (accounts) on node type (Page)', 100)
    if (!this.grantedScopes.includes('pages_show_list')) {
      if (this.options.withoutPagesShowList === 'empty') return { status: 200, body: { data: [] } }
      return graphError(403, '(#200) Requires pages_show_list permission to manage the object', 200)
    }
    const wanted = wantedFields(request.query.get('fields'), ['access_token', 'category', 'name', 'tasks'])
    const data = this.pages
      .filter((page) => page.tasks.length > 0)
      .map((page) => {
        const token = wanted.includes('access_token') ? { access_token: this.tokens.pageFor(caller.token, page.id) } : {}
        return pick({ ...token, category: page.category, name: page.name, id: page.id, tasks: [...page.tasks] }, wanted)
      })
    const cursor = (): string => 'QVFIU' + randomChars(60, BASE64URL)
    return { status: 200, body: { data, paging: { cursors: { before: cursor(), after: cursor() } } } }
  }

  /** A node: the user ("me" with a user token), the Page ("me" with its token), or a Page by id. */
  private node(request: SeenRequest, id: string): Reply {
    const caller = this.caller(request)
    if ('refusal' in caller) return caller.refusal
    const wanted = wantedFields(request.query.get('fields'), ['name'])
    const pageId = id === 'me' ? caller.record.pageId : id
    if (pageId === undefined || pageId === this.userId) return { status: 200, body: pick({ id: this.userId, name: this.userName }, wanted) }
    const page = this.pages.find((candidate) => candidate.id === pageId)
    if (!page) return unsupportedGet(id)
    // No access_token field where the user cannot act for the Page: Graph leaves it out, silently.
    const canAct = page.tasks.length > 0 && caller.record.kind !== 'page' && wanted.includes('access_token')
    const token = canAct ? { access_token: this.tokens.pageFor(caller.token, page.id) } : {}
    return { status: 200, body: pick({ ...token, id: page.id, name: page.name, category: page.category }, wanted) }
  }

  private debugToken(request: SeenRequest): Reply {
    if ((bearerToken(request) ?? request.query.get('access_token')) !== this.appToken) return graphError(400, NOT_AN_APP_TOKEN, 100)
    const input = request.query.get('input_token')
    if (!input) return graphError(400, '(#100) The parameter input_token is required', 100)
    // HTTP 200 even for a dead token: what died, and why, is inside `data`.
    const data = this.tokens.inspect(input, {
      appId: this.appId,
      application: this.appName,
      scopes: this.grantedScopes,
      pageIds: this.pages.filter((page) => page.tasks.length > 0).map((page) => page.id),
      userId: this.userId,
      issuedAt: this.options.debugIssuedAt !== false
    })
    return { status: 200, body: { data } }
  }
}
