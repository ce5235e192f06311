/**
 * Getting the new token: every target checked before a single-use credential is spent; a refresh,
 * which spends nothing, alongside. What looks like a failure is decided from evidence the action
 * holds: a refused refresh of a token the action knows to be young is a skip, and a refused code
 * whose secret another run has just written is that run's success.
 */
import { CancelledError, ServiceError } from '../shared/errors.js'
import { cancellable } from '../shared/signals.js'
import { parseExpiry, tooYoungToRefresh, type YoungToken } from './freshness.js'
import type { Grant, KeeperDeps, PublicKey, SecretStore, TokenService } from './ports.js'
import type { Credential, KeepRequest } from './request.js'

/** One target, as the preflight left it: where to write, with what key, what is there already. */
export interface ReadyTarget {
  store: SecretStore
  key: PublicKey
  /** Current values of the variables this run keeps; undefined where one does not exist yet. */
  variables: Map<string, string | undefined>
  /** When the secret was last written, where the preflight asked (before spending a code). */
  secretWrittenAt?: string | undefined
}

/** What obtaining ended in: a new token, or a good reason to change nothing. */
export type Obtained = { grant: Grant } | { young: YoungToken } | { storedByAnotherRun: { updatedAt: string } }

/** How long another run's write is waited for, after a code was refused: its exchange, then its write. */
const RACE_CHECKS = 6
const RACE_INTERVAL_MS = 1000

/**
 * Everything that must hold, at every target, before a single-use credential is spent. `watchRace`
 * where a refused code is to be checked against another run's write (see storedMeanwhile).
 */
export function preflight(request: KeepRequest, stores: SecretStore[], watchRace = false): Promise<ReadyTarget[]> {
  const names = [request.userIdVariable, request.expiresAtVariable].filter((name): name is string => !!name)
  // When the secret was last written, for the first target: evidence, should the code be refused, of another run.
  const raced = watchRace && request.credential.flow === 'authorization-code' && !request.dryRun
  return Promise.all(
    stores.map(async (store, index) => {
      const kept = store.keepsVariables ? names : []
      const [key, writtenAt, ...values] = await Promise.all([
        store.prepare(),
        raced && index === 0 ? store.secretUpdatedAt(request.secretName) : undefined,
        ...kept.map((name) => store.readVariable(name))
      ])
      return { store, key, variables: new Map(kept.map((name, i) => [name, values[i]])), secretWrittenAt: writtenAt }
    })
  )
}

/** The credentials whose sending spends something: a code, a one-hour token, a refresh token (where it rotates). */
type Spending = Extract<Credential, { flow: 'authorization-code' | 'short-lived-token' | 'refresh-token' }>

function obtain(credential: Spending, tokens: TokenService): Promise<Grant> {
  switch (credential.flow) {
    case 'authorization-code':
      return tokens.redeemCode(credential.code, credential.codeVerifier)
    case 'short-lived-token':
      return tokens.exchangeForLongLived(credential.token)
    case 'refresh-token':
      return tokens.redeemRefreshToken(credential.refreshToken)
  }
}

/** What sending the credential spends, for the message of a cancel that came before it. */
const SPENT: Record<Spending['flow'], string> = {
  'authorization-code': 'the authorization code was used: it still works while it lasts',
  'short-lived-token': 'the short-lived token was exchanged',
  'refresh-token': 'the refresh token was sent: the stored one still works'
}

/**
 * A code, a short-lived token or a refresh token is sent only after the preflight passed (it may be
 * spent by the sending); a refresh in place, which spends nothing, runs alongside it.
 */
export async function checkAndObtain(request: KeepRequest, deps: KeeperDeps): Promise<[ReadyTarget[], Obtained]> {
  const { tokens, stores, cancelled } = deps
  const { credential } = request
  if (credential.flow === 'refresh') return refresh(request, credential.token, deps)
  if (credential.flow === 'check') throw new Error('a token that is only checked is obtained by nothing')
  const why = (): string => `The run was cancelled before ${SPENT[credential.flow]}. Nothing was changed.`
  // Two runs can race only where they are asked for on GitHub's clock (the action): a person at a
  // terminal gets a refusal at once, without waiting for another run's write.
  const { runAskedAt } = deps
  const ready = await cancellable(cancelled, why, () => preflight(request, stores, runAskedAt !== undefined))
  if (cancelled?.aborted) throw new CancelledError(why())
  try {
    // Once sent, a single-use credential is seen through, cancelled or not: its token is handed back.
    return [ready, { grant: await obtain(credential, tokens) }]
  } catch (error) {
    const stored = runAskedAt && isRefusedCode(error) ? await storedMeanwhile(ready, request.secretName, runAskedAt, deps) : undefined
    if (!stored) throw error
    return [ready, { storedByAnotherRun: stored }]
  }
}

async function refresh(request: KeepRequest, token: string, deps: KeeperDeps): Promise<[ReadyTarget[], Obtained]> {
  const { tokens, stores, now, cancelled } = deps
  const why = (): string =>
    `The run was cancelled before ${request.service} answered the refresh: nothing was spent, and the stored token stays valid.`
  const [checked, refreshed] = await cancellable(cancelled, why, () =>
    Promise.allSettled([preflight(request, stores), tokens.refresh(token)])
  )
  if (checked.status === 'rejected') throw checked.reason
  if (refreshed.status === 'fulfilled') return [checked.value, { grant: refreshed.value }]
  const young = await cancellable(cancelled, why, () =>
    tooYoungToRefresh(refreshed.reason, {
      now: now(),
      expiresAtVariable: keptExpiry(request, checked.value),
      inspect: () => tokens.inspect(token)
    })
  )
  if (!young) throw refreshed.reason
  return [checked.value, { young }]
}

/** The expiry variable's value, from the first target that keeps one. */
export function keptExpiry(request: KeepRequest, ready: ReadyTarget[]): string | undefined {
  const name = request.expiresAtVariable
  return name ? firstKept(ready.map((target) => target.variables.get(name))) : undefined
}

/** Of a variable's values at the targets, in their order, the one that counts: the first there is. */
function firstKept(values: (string | undefined)[]): string | undefined {
  return values.find((value) => value !== undefined)
}

/** The service refused the code itself (not a fault, and not after it was spent by this run). */
function isRefusedCode(error: unknown): boolean {
  return error instanceof ServiceError && error.operation === 'code exchange' && !error.transient && !error.codeSpent
}

/**
 * Whether another run stored a token with the same code meanwhile (a double click on "Run
 * workflow"): the secret written since this run's preflight read it, or since this run began
 * (the other run may have finished before this one read anything), waiting briefly for that run's
 * write. Decided from that evidence alone, never from the refusal's words.
 */
async function storedMeanwhile(
  ready: ReadyTarget[],
  secretName: string,
  runAskedAt: () => Promise<string | undefined>,
  deps: KeeperDeps
): Promise<{ updatedAt: string } | undefined> {
  const [first] = ready
  let began: Promise<string | undefined> | undefined
  for (let check = 0; check < RACE_CHECKS; check++) {
    if (!first || deps.cancelled?.aborted) return undefined
    if (check > 0) await deps.pause(RACE_INTERVAL_MS)
    const updatedAt = await first.store.secretUpdatedAt(secretName).catch(() => undefined)
    if (updatedAt === undefined) continue
    if (updatedAt !== first.secretWrittenAt) return { updatedAt }
    if (deps.cancelled?.aborted) return undefined
    began ??= runAskedAt()
    const start = Date.parse((await began) ?? '')
    if (Date.parse(updatedAt) >= start) return { updatedAt }
  }
  return undefined
}

/**
 * When the stored token expires, for deciding how urgent a failure is: from the expiry variable (as
 * keptExpiry takes it: the first target's that keeps one), else (renewing it) from the service's own
 * inspection of the token. Never rejects.
 */
export async function storedTokenExpiry(request: KeepRequest, deps: Pick<KeeperDeps, 'stores' | 'tokens'>): Promise<Date | undefined> {
  const name = request.expiresAtVariable
  if (name) {
    const keeping = deps.stores.filter((store) => store.keepsVariables)
    const fromVariable = parseExpiry(firstKept(await Promise.all(keeping.map((store) => store.readVariable(name).catch(() => undefined)))))
    if (fromVariable) return fromVariable
  }
  const { credential } = request
  if (credential.flow !== 'refresh') return undefined
  return (await deps.tokens.inspect(credential.token).catch(() => undefined))?.expiresAt
}
