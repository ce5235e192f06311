/**
 * Getting the new token: every target checked before a single-use credential is spent; a refresh,
 * which spends nothing, alongside. What looks like a failure is decided from evidence the action
 * holds: a refused refresh of a token the action knows to be young is a skip, and a refused code
 * whose secret another run has just written is that run's success.
 */
import { CancelledError, GitHubError } from '../shared/errors.js'
import { cancellable } from '../shared/signals.js'
import { parseExpiry, tooYoungToRefresh, type YoungToken } from './freshness.js'
import type { Grant, KeeperDeps, TokenService } from './ports.js'
import { preflight, watchedSecret, type ReadyTarget } from './preflight.js'
import { isRefused, writtenMeanwhile } from './races.js'
import type { Credential, KeepRequest } from './request.js'

export type { ReadyTarget } from './preflight.js'

/** What obtaining ended in: a new token, or a good reason to change nothing. */
export type Obtained =
  { grant: Grant } | { young: YoungToken } | { storedByAnotherRun: { updatedAt: string } } | { rotatedByAnotherRun: { updatedAt: string } }

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
  // Sealing must work before anything is spent: what comes back can then always be handed back, sealed.
  const ready = await cancellable(cancelled, why, async () => {
    const [targets] = await Promise.all([preflight(request, stores, runAskedAt !== undefined), deps.sealer.ready()])
    await Promise.all(targets.map((target) => sealsWith(target, deps)))
    return targets
  })
  if (cancelled?.aborted) throw new CancelledError(why())
  try {
    // Once sent, a single-use credential is seen through, cancelled or not: its token is handed back.
    return [ready, { grant: await obtain(credential, tokens) }]
  } catch (error) {
    const watched = watchedSecret(request)
    const raced =
      runAskedAt && watched && isRefused(error, credential) ? await writtenMeanwhile(ready, watched, runAskedAt, deps) : undefined
    if (!raced) throw error
    return [ready, credential.flow === 'refresh-token' ? { rotatedByAnotherRun: raced } : { storedByAnotherRun: raced }]
  }
}

/**
 * A key of the right shape may still not seal (a point of small order, all zeros): it is tried on an
 * empty value, so that it fails here, before anything is spent.
 */
export async function sealsWith({ store, key }: ReadyTarget, { sealer }: KeeperDeps): Promise<void> {
  try {
    await sealer.seal('', key)
  } catch (error) {
    throw new GitHubError({
      operation: `read the public key of ${store.label}`,
      target: store.label,
      apiMessage: 'the public key it gave cannot seal a value',
      serviceWords: false,
      cause: error
    })
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
