/**
 * The token-keeping flow: check every target, obtain the new token (spending a single-use
 * credential only once it can be stored), deliver it, and say what was done, as one Outcome.
 */
import { askDataAccess, dataAccessWarning } from './data-access.js'
import { deliver, found } from './delivery.js'
import { isoSeconds, parseExpiry, type YoungToken } from './freshness.js'
import { checkAndObtain, keptExpiry, preflight } from './obtain.js'
import type { Delivery, Outcome } from './outcome.js'
import type { Grant, KeeperDeps, SecretStore } from './ports.js'
import type { KeepRequest } from './request.js'
import { bestEffort } from '../shared/signals.js'

export async function keepToken(request: KeepRequest, deps: KeeperDeps): Promise<Outcome> {
  const { credential } = request
  const untouched = nothingDone(request, deps.stores)
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
  const { grant } = obtained
  deps.info(
    `Obtained a long-lived token by ${credential.flow === 'refresh' ? 'refreshing the current one' : `exchanging the ${credential.flow}`}.`
  )
  const lifetime = lifetimeOf(grant, deps.now())
  // Asked beside the writes, as the profile is: no round trip of its own.
  const dataAccess = askDataAccess(deps.tokens, grant.accessToken, deps.cancelled)
  const delivery = await deliver(request, { grant, expiresAt: lifetime.expiresAt, profile }, ready, deps).catch(
    (error: unknown): Delivery => undelivered(untouched, error)
  )
  return withDataAccess(merged(untouched, grant, lifetime, delivery), await dataAccess, deps.now())
}

/** When data access ends, where the service said, with a warning where that is soon. */
function withDataAccess(outcome: Outcome, expiresAt: string | undefined, now: Date): Outcome {
  if (!expiresAt) return outcome
  const warning = dataAccessWarning(expiresAt, now)
  return { ...outcome, dataAccessExpiresAt: expiresAt, warnings: warning ? [...outcome.warnings, warning] : outcome.warnings }
}

/** The outcome before anything is done: every target unchanged. */
function nothingDone({ credential, dryRun, secretName }: KeepRequest, stores: SecretStore[]): Outcome {
  return {
    flow: credential.flow,
    dryRun,
    secretName,
    targets: stores.map((store) => ({ target: store.label, secret: secretName, status: 'unchanged' })),
    variables: [],
    warnings: [],
    failures: [],
    humanNeeded: false,
    storeByHand: []
  }
}

/** Every target checked, nothing spent or written; the token's owner named where that costs nothing. */
async function dryRun(request: KeepRequest, { stores, tokens, info, now, cancelled }: KeeperDeps, untouched: Outcome): Promise<Outcome> {
  const { credential } = request
  const ready = await preflight(request, stores)
  info(`Dry run: every target is reachable and its public key readable; nothing will be changed.`)
  // The stored token's expiry, where the expiry variable keeps it: how much time it has left.
  const kept = parseExpiry(keptExpiry(request, ready))
  const checked = { ...untouched, ...(kept ? { expiresAt: isoSeconds(kept) } : {}) }
  if (credential.flow === 'authorization-code') {
    return { ...checked, warnings: ['Dry run: the authorization code was not exchanged (a code works only once).'] }
  }
  const dataAccess = askDataAccess(tokens, credential.token, cancelled)
  const { profile, warning } = found(await tokens.profile(credential.token))
  const named = { ...checked, ...present({ userId: profile.id, username: profile.username }) }
  return withDataAccess(warning ? { ...named, warnings: [warning] } : named, await dataAccess, now())
}

function lifetimeOf(grant: Grant, now: Date): { expiresIn?: number; expiresAt?: string } {
  if (grant.expiresIn === undefined) return {}
  return { expiresIn: grant.expiresIn, expiresAt: isoSeconds(new Date(now.getTime() + grant.expiresIn * 1000)) }
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
  return {
    ...untouched,
    targets: delivery.targets,
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

/** A double click on "Run workflow": the other run spent the code and stored its token. All is well. */
function storedByAnotherRun(outcome: Outcome, updatedAt: string, info: (message: string) => void): Outcome {
  info(
    `The code was refused, but ${outcome.secretName} was written at ${updatedAt}, after this run began: another run with the same code stored the token. Nothing left to do.`
  )
  return { ...outcome, flow: 'skipped', skipReason: `another run stored a token with this code at ${updatedAt}` }
}

/** The fields that have a value: optional fields stay absent rather than undefined. */
function present<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>
}
