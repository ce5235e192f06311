import { CANNOT_PARSE, expiredDeath, type GraphDeath } from './facebook-replies.js'
import { randomChars } from './mint.js'

const HOUR = 3_600_000
/** Data access ends 90 days after the user authorized the app, whatever the exchanges since. */
export const FACEBOOK_DATA_ACCESS_MS = 90 * 24 * HOUR
/** What fb_exchange_token's reply says: about 60 days. */
export const FACEBOOK_LONG_LIVED_SECONDS = 5_183_944

export type FacebookTokenKind = 'short-lived' | 'long-lived' | 'page'

export interface FacebookTokenRecord {
  kind: FacebookTokenKind
  issuedAt: number
  /** undefined: never (a Page token minted from a long-lived user token). */
  expiresAt: number | undefined
  /** When the user authorized the app: carried through every exchange, it ends data access. */
  grantedAt: number
  pageId?: string
  death?: GraphDeath
}

/** What debug_token reports beside the token's own record. */
export interface InspectionContext {
  appId: string
  application: string
  scopes: string[]
  /** The Pages the user has a role on: granular_scopes' target_ids for the pages_* scopes. */
  pageIds: string[]
  userId: string
  /** Whether to report issued_at (Facebook's debug_token may omit it). */
  issuedAt: boolean
}

/** Facebook's tokens: user tokens of both lifetimes and Page tokens, each alive, expired or killed early. */
export class FacebookTokens {
  private readonly records = new Map<string, FacebookTokenRecord>()
  /** Page tokens already handed out, by user token and Page: Graph answers the same one again. */
  private readonly pageTokens = new Map<string, string>()

  constructor(private readonly now: () => number) {}

  user(kind: 'short-lived' | 'long-lived', issuedAt: number, grantedAt: number): string {
    const lifetime = kind === 'short-lived' ? HOUR : FACEBOOK_LONG_LIVED_SECONDS * 1000
    return this.add(190, { kind, issuedAt, grantedAt, expiresAt: issuedAt + lifetime })
  }

  /** "If you used a long-lived User access token, the Page access token has no expiration date"; else one hour. */
  page(pageId: string, from: 'short-lived' | 'long-lived', issuedAt: number, grantedAt: number): string {
    return this.add(220, { kind: 'page', issuedAt, grantedAt, pageId, expiresAt: from === 'long-lived' ? undefined : issuedAt + HOUR })
  }

  /** The Page token Graph hands `userToken`'s holder: the one given before while it lives. */
  pageFor(userToken: string, pageId: string): string {
    const user = this.records.get(userToken)
    const key = `${userToken} ${pageId}`
    const known = this.pageTokens.get(key)
    if (!user || user.kind === 'page') throw new Error('a Page token is minted from a user token')
    if (known && this.deathOf(known) === undefined) return known
    const token = this.page(pageId, user.kind, this.now(), user.grantedAt)
    this.pageTokens.set(key, token)
    return token
  }

  get(token: string | null | undefined): FacebookTokenRecord | undefined {
    return this.records.get(token ?? '')
  }

  /** Why the token is dead, or undefined while it lives (an unknown token is dead without a reason: ask `get`). */
  deathOf(token: string): GraphDeath | undefined {
    const record = this.records.get(token)
    if (!record || record.death) return record?.death
    return record.expiresAt !== undefined && record.expiresAt <= this.now() ? expiredDeath(record.expiresAt, this.now()) : undefined
  }

  isValid(token: string): boolean {
    return this.records.has(token) && this.deathOf(token) === undefined
  }

  /** Kills, for `death`, every live token `which` picks. */
  kill(which: (record: FacebookTokenRecord, token: string) => boolean, death: GraphDeath): void {
    for (const [token, record] of this.records) if (!record.death && which(record, token)) record.death = death
  }

  /** debug_token's `data`: the record, and for a dead token the error inside it, as Graph reports it. */
  inspect(token: string, context: InspectionContext): Record<string, unknown> {
    const record = this.records.get(token)
    if (!record) return { error: { code: 190, message: CANNOT_PARSE }, is_valid: false, scopes: [] }
    const death = this.deathOf(token)
    const seconds = (ms: number): number => Math.floor(ms / 1000)
    return {
      app_id: context.appId,
      type: record.kind === 'page' ? 'PAGE' : 'USER',
      application: context.application,
      data_access_expires_at: seconds(record.grantedAt + FACEBOOK_DATA_ACCESS_MS),
      ...(death
        ? { error: { code: 190, message: death.message, ...(death.subcode === undefined ? {} : { subcode: death.subcode }) } }
        : {}),
      expires_at: record.expiresAt === undefined ? 0 : seconds(record.expiresAt),
      is_valid: death === undefined,
      ...(context.issuedAt ? { issued_at: seconds(record.issuedAt) } : {}),
      ...(record.pageId === undefined ? {} : { profile_id: record.pageId }),
      scopes: [...context.scopes],
      granular_scopes: context.scopes.map((scope) =>
        scope.startsWith('pages_') ? { scope, target_ids: [...context.pageIds] } : { scope }
      ),
      user_id: context.userId
    }
  }

  keys(): string[] {
    return [...this.records.keys()]
  }

  private add(length: number, record: FacebookTokenRecord): string {
    const token = 'EAA' + randomChars(length)
    this.records.set(token, record)
    return token
  }
}
