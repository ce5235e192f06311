/**
 * The token-keeping flow: check every target, obtain the new token (spending a single-use
 * credential only once it can be stored), deliver it, and say what was done, as one Outcome.
 */
import { deliver, type ReadyTarget } from './delivery.js'
import { isoSeconds, tooYoungToRefresh, type YoungToken } from './freshness.js'
import type { Delivery, Outcome } from './outcome.js'
import type { Grant, Sealer, SecretStore, TokenService } from './ports.js'
import type { Credential, KeepRequest } from './request.js'

export interface KeeperDeps {
  tokens: TokenService
  stores: SecretStore[]
  sealer: Sealer
  now: () => Date
  info: (message: string) => void
}

/** Everything that must hold, at every target, before a single-use credential is spent. */
function preflight(request: KeepRequest, stores: SecretStore[]): Promise<ReadyTarget[]> {
  const names = [request.userIdVariable, request.expiresAtVariable].filter((name): name is string => !!name)
  return Promise.all(
    stores.map(async (store) => {
      const [key, ...values] = await Promise.all([store.prepare(), ...names.map((name) => store.readVariable(name))])
      return { store, key, variables: new Map(names.map((name, i) => [name, values[i]])) }
    })
  )
}

function obtain(credential: Credential, tokens: TokenService): Promise<Grant> {
  switch (credential.flow) {
    case 'authorization-code':
      return tokens.redeemCode(credential.code, credential)
    case 'short-lived-token':
      return tokens.exchangeForLongLived(credential.token, credential.appSecret)
    case 'refresh':
      return tokens.refresh(credential.token)
  }
}

/**
 * A code or short-lived token is spent only after the preflight passed. A refresh spends nothing,
 * so it runs alongside; a refusal for being under a day old is then no failure but a skip.
 */
async function checkAndObtain(request: KeepRequest, { tokens, stores, now }: KeeperDeps): Promise<[ReadyTarget[], Grant | YoungToken]> {
  const { credential } = request
  if (credential.flow !== 'refresh') {
    const ready = await preflight(request, stores)
    return [ready, await obtain(credential, tokens)]
  }
  const [checked, refreshed] = await Promise.allSettled([preflight(request, stores), obtain(credential, tokens)])
  if (checked.status === 'rejected') throw checked.reason
  if (refreshed.status === 'fulfilled') return [checked.value, refreshed.value]
  const expiry = request.expiresAtVariable
  const young = await tooYoungToRefresh(refreshed.reason, {
    now: now(),
    expiresAtVariable: expiry ? checked.value.map((c) => c.variables.get(expiry)).find((value) => value !== undefined) : undefined,
    inspect: () => tokens.inspect(credential.token)
  })
  if (!young) throw refreshed.reason
  return [checked.value, young]
}

export async function keepToken(request: KeepRequest, deps: KeeperDeps): Promise<Outcome> {
  const { credential } = request
  const untouched = nothingDone(request, deps.stores)
  if (request.dryRun) return dryRun(request, deps, untouched)

  deps.sealer.warm()
  // A refresh keeps the account: where the user id is kept, it is looked up with the current token
  // alongside the refresh, so that its variable is written with the secret rather than a round trip later.
  const profile =
    credential.flow === 'refresh' && request.userIdVariable ? deps.tokens.profile(credential.token).catch(() => undefined) : undefined
  const [ready, obtained] = await checkAndObtain(request, deps)
  if (!('accessToken' in obtained)) return skipped(untouched, obtained, request.service, deps.info)
  deps.info(
    `Obtained a long-lived token by ${credential.flow === 'refresh' ? 'refreshing the current one' : `exchanging the ${credential.flow}`}.`
  )
  const lifetime = lifetimeOf(obtained, deps.now())
  const delivery = await deliver(request, { grant: obtained, expiresAt: lifetime.expiresAt, profile }, ready, deps).catch(
    (error: unknown): Delivery => undelivered(untouched, error)
  )
  return merged(untouched, obtained, lifetime, delivery)
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
async function dryRun(request: KeepRequest, { stores, tokens, info }: KeeperDeps, untouched: Outcome): Promise<Outcome> {
  const { credential } = request
  await preflight(request, stores)
  info(`Dry run: every target is reachable and its public key readable; nothing will be changed.`)
  if (credential.flow === 'authorization-code') {
    return { ...untouched, warnings: ['Dry run: the authorization code was not exchanged (a code works only once).'] }
  }
  const profile = await tokens.profile(credential.token)
  return { ...untouched, userId: profile.id, username: profile.username }
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

function skipped(outcome: Outcome, young: YoungToken, service: string, info: (message: string) => void): Outcome {
  const age = young.issuedAt ? ` (issued ${isoSeconds(young.issuedAt)}, per the ${young.source})` : ` (per ${service}'s refusal)`
  info(`The token is under a day old${age}; it can be refreshed from one day of age. Nothing was changed; a later run will refresh it.`)
  return { ...outcome, flow: 'skipped', ...(young.expiresAt ? { expiresAt: isoSeconds(young.expiresAt) } : {}) }
}

/** The fields that have a value: optional fields stay absent rather than undefined. */
function present<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>
}

/** The stored token's expiry, from the expiry variable of the first target, where one is kept. Never rejects. */
export async function storedExpiry(request: KeepRequest, stores: SecretStore[]): Promise<string | undefined> {
  const [store] = stores
  if (!request.expiresAtVariable || !store) return undefined
  return store.readVariable(request.expiresAtVariable).catch(() => undefined)
}
