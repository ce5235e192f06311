/**
 * The bookkeeping every OAuth service does: single-use codes with a lifetime, and tokens that belong
 * to a grant (one consent), each active, expired, revoked or spent (a rotated refresh token).
 */

export interface CodeRecord<T> {
  issuedAt: number
  used: boolean
  /** What the code was issued with: scope, redirect URI, PKCE challenge. */
  details: T
}

export type CodeCheck<T> = { ok: true; details: T } | { ok: false; reason: 'unknown' | 'used' | 'expired' }

/** Authorization codes: each works once, within `lifetimeMs` of its issue. */
export class CodeBook<T> {
  private readonly codes = new Map<string, CodeRecord<T>>()

  constructor(
    private readonly now: () => number,
    private readonly lifetimeMs: number
  ) {}

  add(code: string, details: T, issuedAt = this.now()): string {
    this.codes.set(code, { issuedAt, used: false, details })
    return code
  }

  /** Whether the code could be spent now; spending it is `spend`, once every other check has passed. */
  check(code: string | null): CodeCheck<T> {
    const record = this.codes.get(code ?? '')
    if (!record) return { ok: false, reason: 'unknown' }
    if (record.used) return { ok: false, reason: 'used' }
    if (this.now() - record.issuedAt > this.lifetimeMs) return { ok: false, reason: 'expired' }
    return { ok: true, details: record.details }
  }

  spend(code: string): void {
    const record = this.codes.get(code)
    if (record) record.used = true
  }

  isUsed(code: string): boolean {
    return this.codes.get(code)?.used ?? false
  }

  keys(): string[] {
    return [...this.codes.keys()]
  }
}

/** One consent: what the user granted and when. Revoking it kills every token minted from it. */
export interface Grant {
  scope: string[]
  consentedAt: number
  revoked: boolean
}

export type TokenKind = 'access' | 'refresh'
export type TokenState = 'active' | 'expired' | 'revoked' | 'spent' | 'unknown'

export interface LedgerToken {
  kind: TokenKind
  grant: Grant
  scope: string[]
  issuedAt: number
  /** undefined: it has no end of its own. */
  expiresAt: number | undefined
  revoked: boolean
  /** A refresh token that was exchanged for a new one (rotation). */
  spent: boolean
}

export class TokenLedger {
  private readonly tokens = new Map<string, LedgerToken>()

  constructor(private readonly now: () => number) {}

  /** `scope`: the token's own, where it is narrower than its grant's (RFC 6749 §6). */
  add(token: string, kind: TokenKind, grant: Grant, expiresAt: number | undefined, issuedAt = this.now(), scope = grant.scope): string {
    this.tokens.set(token, { kind, grant, scope, issuedAt, expiresAt, revoked: false, spent: false })
    return token
  }

  get(token: string | null | undefined): LedgerToken | undefined {
    return this.tokens.get(token ?? '')
  }

  /** What the token is now, as a token of `kind` (a refresh token sent as an access token is unknown). */
  state(token: string | null | undefined, kind: TokenKind): TokenState {
    const record = this.get(token)
    if (!record || record.kind !== kind) return 'unknown'
    if (record.revoked || record.grant.revoked) return 'revoked'
    if (record.spent) return 'spent'
    if (record.expiresAt !== undefined && record.expiresAt <= this.now()) return 'expired'
    return 'active'
  }

  /** What the token is now, whatever its kind. */
  stateOf(token: string): TokenState {
    const record = this.get(token)
    return record ? this.state(token, record.kind) : 'unknown'
  }

  revoke(token: string): void {
    const record = this.get(token)
    if (record) record.revoked = true
  }

  /** Every token of the grant dies with it (RFC 7009 §2.1; RFC 9700 §4.14.2 on a reused refresh token). */
  revokeGrant(grant: Grant): void {
    grant.revoked = true
  }

  /**
   * A refresh token presented for a refresh: its record while it is active, else undefined. A spent one
   * (already rotated) presented again revokes its whole grant where `revokeGrantOnReuse`: RFC 9700
   * §4.14.2's answer to a stolen token, at the cost of the legitimate client's grant.
   */
  redeem(token: string | null | undefined, revokeGrantOnReuse = false): LedgerToken | undefined {
    const record = this.get(token)
    const state = this.state(token, 'refresh')
    if (record && state === 'spent' && revokeGrantOnReuse) this.revokeGrant(record.grant)
    return state === 'active' ? record : undefined
  }

  /** Rotation (RFC 6749 §6): the presented refresh token is dead at once, its successor belongs to the same grant. */
  rotate(presented: string, successor: string, expiresAt: number | undefined): string {
    const record = this.get(presented)
    if (!record) throw new Error('only a known refresh token rotates')
    record.spent = true
    return this.add(successor, 'refresh', record.grant, expiresAt)
  }

  /** Tokens of a grant, newest last. */
  tokensOf(grant: Grant, kind?: TokenKind): string[] {
    return [...this.tokens]
      .filter(([, record]) => record.grant === grant && (kind === undefined || record.kind === kind))
      .map(([token]) => token)
  }

  keys(): string[] {
    return [...this.tokens.keys()]
  }
}
