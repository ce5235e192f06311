/**
 * The token-keeping flow: check every target, obtain the new token (spending a single-use
 * credential only once it can be stored), deliver it, and say what was done, as one Outcome. A token
 * that nothing renews is checked instead (check.ts).
 */
import { checkToken } from './check.js'
import { askDataAccess, refreshTokenNotice } from './deadlines.js'
import { deliver, found } from './delivery.js'
import { isoSeconds, parseExpiry, type YoungToken } from './freshness.js'
import { checkAndObtain, keptExpiry, sealsWith } from './obtain.js'
import { preflight } from './preflight.js'
import { present, withDataAccess, type Delivery, type Outcome } from './outcome.js'
import type { Grant, KeeperDeps, SecretStore } from './ports.js'
import { flowOf, type Credential, type KeepRequest } from './request.js'
import { bestEffort } from '../shared/signals.js'

export async function keepToken(request: KeepRequest, deps: KeeperDeps): Promise<Outcome> {
  const { credential } = request
  const untouched = nothingDone(request, deps.stores)
  if (credential.flow === 'check') return checkToken(request, credential.token, deps, untouched)
  if (request.dryRun) return dryRun(request, deps, untouched)

  deps.sealer.warm()
  // A refresh keeps the account: where the user id is kept, it is looked up with the current token
  // alongside the refresh, so that its variable is written with the secret rather than a round trip later.
  const profile =
    credential.flow === 'refresh' && request.userIdVariable
      ? bestEffort(deps.cancelled, () => deps.tokens.profile(credential.token))
      : undefined
  const [ready, obtained] = await checkAndObtain(request, deps)
  if ('young' in obtained) return tooYoung(untouched, obtained.young, deps.info)
  if ('storedByAnotherRun' in obtained) return storedByAnotherRun(untouched, obtained.storedByAnotherRun.updatedAt, deps.info)
  if ('rotatedByAnotherRun' in obtained) return rotatedByAnotherRun(untouched, request, obtained.rotatedByAnotherRun.updatedAt, deps.info)
  const { grant } = obtained
  deps.info(`Obtained the token to keep by ${HOW[credential.flow]}.`)
  const refreshToken = refreshTokenToWrite(request, grant)
  if (refreshToken && credential.flow === 'refresh-token') {
    deps.info(`${request.service} sent a new refresh token with the token: it is written back to ${request.refreshTokenSecret}.`)
  }
  const lifetime = lifetimeOf(grant, deps.now())
  // Asked beside the writes, as the profile is: no round trip of its own.
  const dataAccess = askDataAccess(deps.tokens, grant.accessToken, deps.cancelled)
  const delivery = await deliver(request, { grant, expiresAt: lifetime.expiresAt, profile, refreshToken }, ready, deps).catch(
    (error: unknown): Delivery => undelivered(untouched, error)
  )
  const outcome = withNothingKept(merged(untouched, grant, lifetime, delivery), request, refreshToken)
  return withRefreshTokenEnd(withDataAccess(outcome, await dataAccess, deps.now()), request.service, deps.now())
}

/**
 * A first authorization that leaves nothing to keep: the service gave no refresh token, and the token
 * itself is either not stored or lasts only hours (X). The run fails: the next one would have nothing
 * to start from.
 */
function withNothingKept(outcome: Outcome, request: KeepRequest, refreshToken: string | undefined): Outcome {
  const { secretName, credential, service, expiry } = request
  if (refreshToken || credential.flow === 'refresh-token' || (secretName && expiry !== 'hours')) return outcome
  const what = secretName
    ? `${service} gave no refresh token, and its token lasts only hours: nothing that lasts was kept, so the next run would have nothing to start from.`
    : `${service} gave no refresh token, and the token itself is not kept: nothing was stored, so the next run would have nothing to start from.`
  const keepIt = secretName || expiry === 'hours' ? '' : ', or keep the token itself with secret-name'
  const failure = {
    what,
    consequence: `Authorize again, asking for offline access (the scope that grants a refresh token)${keepIt}.`,
    humanNeeded: true
  }
  return { ...outcome, failures: [...outcome.failures, failure], humanNeeded: true }
}

const HOW: Record<Exclude<Credential['flow'], 'check'>, string> = {
  'authorization-code': 'exchanging the authorization-code',
  'short-lived-token': 'exchanging the short-lived-token',
  refresh: 'refreshing the current one',
  'refresh-token': 'redeeming the refresh token'
}

/** A refresh token to write: the first one a grant gives, or a new one; never the one just sent back unchanged. */
function refreshTokenToWrite({ credential, refreshTokenSecret }: KeepRequest, { refreshToken }: Grant): string | undefined {
  if (!refreshTokenSecret || !refreshToken) return undefined
  return credential.flow === 'refresh-token' && credential.refreshToken === refreshToken ? undefined : refreshToken
}

/** When the refresh token itself ends (it is never extended); near its end, a human must consent again. */
function withRefreshTokenEnd(outcome: Outcome, service: string, now: Date): Outcome {
  const notice = refreshTokenNotice(service, outcome.refreshTokenExpiresAt, now)
  return notice ? { ...outcome, warnings: [...outcome.warnings, notice], attention: notice } : outcome
}

/** The outcome before anything is done: every secret the run may write, at every target, unchanged. */
function nothingDone({ credential, dryRun, secretName, refreshTokenSecret }: KeepRequest, stores: SecretStore[]): Outcome {
  const secrets = [credential.flow === 'refresh-token' ? refreshTokenSecret : undefined, secretName].filter((name) => name !== undefined)
  return {
    flow: flowOf(credential),
    dryRun,
    ...(secretName ? { secretName } : {}),
    targets: stores.flatMap((store) => secrets.map((secret) => ({ target: store.label, secret, status: 'unchanged' as const }))),
    variables: [],
    warnings: [],
    failures: [],
    humanNeeded: false,
    storeByHand: []
  }
}

/** Every target checked, nothing spent or written; the token's owner named where that costs nothing. */
async function dryRun(request: KeepRequest, deps: KeeperDeps, untouched: Outcome): Promise<Outcome> {
  const { stores, tokens, info, now, cancelled } = deps
  const { credential } = request
  const ready = await preflight(request, stores)
  await Promise.all(ready.map((target) => sealsWith(target, deps)))
  info(`Dry run: every target is reachable and its public key readable; nothing will be changed.`)
  // The stored token's expiry, where the expiry variable keeps it: how much time it has left.
  const kept = parseExpiry(keptExpiry(request, ready))
  const checked = { ...untouched, ...(kept ? { expiresAt: isoSeconds(kept) } : {}) }
  if (credential.flow === 'authorization-code') {
    return { ...checked, warnings: ['Dry run: the authorization code was not exchanged (a code works only once).'] }
  }
  if (credential.flow === 'refresh-token') {
    return { ...checked, warnings: ['Dry run: the refresh token was not sent (where the service rotates them, it works only once).'] }
  }
  const dataAccess = askDataAccess(tokens, credential.token, cancelled)
  if (tokens.profiles === 'none') return withDataAccess(checked, await dataAccess, now())
  const { profile, warning } = found(await tokens.profile(credential.token), tokens.profiles === 'username')
  const named = { ...checked, ...present({ userId: profile.id, username: profile.username }) }
  return withDataAccess(warning ? { ...named, warnings: [warning] } : named, await dataAccess, now())
}

function lifetimeOf(grant: Grant, now: Date): Pick<Outcome, 'expiresIn' | 'expiresAt' | 'refreshTokenExpiresAt'> {
  const at = (seconds: number): string => isoSeconds(new Date(now.getTime() + seconds * 1000))
  return {
    ...(grant.expiresIn === undefined ? {} : { expiresIn: grant.expiresIn, expiresAt: at(grant.expiresIn) }),
    ...(grant.refreshTokenExpiresIn === undefined ? {} : { refreshTokenExpiresAt: at(grant.refreshTokenExpiresIn) })
  }
}

/** Nothing expected throws past deliver(); should something, the token still reaches the output. */
function undelivered(untouched: Outcome, error: unknown): Delivery {
  const consequence = "The new token was obtained but not stored: it is in this step's access-token output."
  return {
    targets: untouched.targets,
    variables: [],
    warnings: [],
    failures: [{ cause: error, consequence, humanNeeded: true }],
    storeByHand: []
  }
}

/** The one place where what was obtained and what was delivered become the outcome. */
function merged(untouched: Outcome, grant: Grant, lifetime: ReturnType<typeof lifetimeOf>, delivery: Delivery): Outcome {
  const { profile } = delivery
  // Every secret the run could write, with what befell it: a refresh token the service did not replace stays unchanged.
  const written = new Set(delivery.targets.map(({ target, secret }) => `${target}|${secret}`))
  const unwritten = untouched.targets.filter(({ target, secret }) => !written.has(`${target}|${secret}`))
  return {
    ...untouched,
    targets: [...delivery.targets, ...unwritten],
    accessToken: grant.accessToken,
    ...lifetime,
    ...present({ userId: profile?.id ?? grant.userId, username: profile?.username }),
    variables: delivery.variables,
    warnings: delivery.warnings,
    failures: delivery.failures,
    humanNeeded: delivery.failures.some((failure) => failure.humanNeeded),
    storeByHand: delivery.storeByHand
  }
}

function tooYoung(outcome: Outcome, young: YoungToken, info: (message: string) => void): Outcome {
  const age = `issued ${isoSeconds(young.issuedAt)}, per the ${young.source}`
  info(`The token is under a day old (${age}); it can be refreshed from one day of age. Nothing was changed; a later run will refresh it.`)
  const expiresAt = young.expiresAt ? { expiresAt: isoSeconds(young.expiresAt) } : {}
  return { ...outcome, flow: 'skipped', skipReason: 'the current token is under a day old, too young to refresh', ...expiresAt }
}

/**
 * Two runs redeemed one refresh token: the other run did, and wrote the new one back after this run
 * began. The next run uses what it stored. Nothing more is promised: a service may revoke the whole
 * grant when a spent refresh token is sent again (RFC 9700 §4.14.2), which the next run would find.
 */
function rotatedByAnotherRun(
  outcome: Outcome,
  { refreshTokenSecret }: KeepRequest,
  updatedAt: string,
  info: (message: string) => void
): Outcome {
  info(
    `The refresh token was refused, but ${refreshTokenSecret} was written at ${updatedAt}, after this run began: another run redeemed it and wrote back the new one, which the next run uses. Nothing left to do.`
  )
  return { ...outcome, flow: 'skipped', skipReason: `another run rotated the refresh token at ${updatedAt}` }
}

/** A double click on "Run workflow": the other run spent the code and stored its token. All is well. */
function storedByAnotherRun(outcome: Outcome, updatedAt: string, info: (message: string) => void): Outcome {
  info(
    `The code was refused, but ${outcome.secretName} was written at ${updatedAt}, after this run began: another run with the same code stored the token. Nothing left to do.`
  )
  return { ...outcome, flow: 'skipped', skipReason: `another run stored a token with this code at ${updatedAt}` }
}
