import { CancelledError, ServiceError } from '../shared/errors.js'
import { bestEffort, cancellable } from '../shared/signals.js'
import { needsHuman } from '../shared/explain.js'
import type { Delivery, Failure, StoreByHand, TargetResult, VariableResult } from './outcome.js'
import type { Grant, Profile, Sealer, TokenService } from './ports.js'
import type { ReadyTarget } from './obtain.js'
import type { KeepRequest } from './request.js'

/** What delivery needs; what it did is returned, and reported by the entries, once. */
export interface DeliveryDeps {
  tokens: TokenService
  sealer: Sealer
  /** Aborts when the run is cancelled: nothing more is sent, and what is unconfirmed is handed back. */
  cancelled?: AbortSignal | undefined
}

/** The new token, and what is known of it before the writes. */
export interface NewToken {
  grant: Grant
  /** When it expires (ISO), where the service said how long it lives. */
  expiresAt: string | undefined
  /**
   * The account, looked up with the token it replaces while it was refreshed (the same account):
   * so that the user-id variable need not wait for a lookup after the refresh. Undefined where that
   * lookup was not made or failed; the new token is looked up then.
   */
  profile?: Promise<Profile | undefined> | undefined
}

/** What one variable write did: a result, or why there is none. */
interface VariableWrite {
  result?: VariableResult
  warning?: string
  failure?: Failure
}

/** What happened at one target. */
interface TargetDelivery {
  result: TargetResult
  variables: VariableWrite[]
  failure?: Failure
  storeByHand?: StoreByHand
}

/**
 * Seals the new token for every target and writes it everywhere at once, with the profile lookup
 * alongside. The user id does not depend on the secret, so it is written alongside too, as soon as
 * it is known (from a code exchange, or when the profile answers). So is the expiry, to save a round
 * trip; but it describes the stored token, so where the secret write fails it is put back as the
 * preflight found it: a variable that announced a token not stored would mislead the next run's age
 * check and the failure issue. A target whose write fails gets the token back, sealed with its key,
 * with the command that stores it.
 */
export async function deliver(request: KeepRequest, token: NewToken, targets: ReadyTarget[], deps: DeliveryDeps): Promise<Delivery> {
  const { grant } = token
  const lookup: Promise<Looked> = token.profile
    ? token.profile.then((early) => (early ? found(early) : lookUpProfile(grant.accessToken, deps)))
    : lookUpProfile(grant.accessToken, deps)
  const userId = grant.userId !== undefined ? Promise.resolve(grant.userId) : lookup.then(({ profile }) => profile?.id)
  const [looked, ...done] = await Promise.all([lookup, ...targets.map((target) => deliverTo(target, request, token, userId, deps))])

  const variables = done.flatMap((target) => target.variables)
  const stored = done.filter((target) => target.result.status !== 'failed').map((target) => target.result.target)
  const missed = done.filter((target) => target.result.status === 'failed').map((target) => target.result.target)
  const partly: Failure[] =
    missed.length > 0 && stored.length > 0
      ? [{ what: `The new token is stored in ${stored.join(', ')}, but not in ${missed.join(', ')}.`, humanNeeded: false }]
      : []
  return {
    targets: done.map((target) => target.result),
    variables: variables.flatMap((write) => (write.result ? [write.result] : [])),
    warnings: [looked.warning, ...variables.map((write) => write.warning)].filter((warning) => warning !== undefined),
    failures: [...done.flatMap((target) => [target.failure, ...target.variables.map((write) => write.failure)]), ...partly].filter(
      (failure) => failure !== undefined
    ),
    storeByHand: done.flatMap((target) => (target.storeByHand ? [target.storeByHand] : [])),
    ...(looked.profile ? { profile: looked.profile } : {})
  }
}

/** Said where the profile came without a username that is one: the token is stored all the same. */
const NO_USERNAME = 'The profile lookup gave no valid username: the username output is left empty for this run.'

/** Who the token belongs to, or why that is unknown. */
interface Looked {
  profile?: Profile
  warning?: string
}

/** A profile looked up, with a warning where it has no valid username. */
export const found = (profile: Profile): Looked & { profile: Profile } =>
  profile.username === undefined ? { profile, warning: NO_USERNAME } : { profile }

async function lookUpProfile(token: string, { tokens, cancelled }: DeliveryDeps): Promise<Looked> {
  try {
    const profile = await cancellable(
      cancelled,
      () => 'the run was cancelled',
      () => tokens.profile(token)
    )
    return found(profile)
  } catch (error) {
    // Not explain(): its remedies speak of an unusable token, and this one was just issued.
    const reason = error instanceof ServiceError ? error.apiMessage : error instanceof CancelledError ? error.message : 'no usable reply'
    return { warning: `The profile lookup failed (${reason}): the username is unknown for this run.` }
  }
}

async function deliverTo(
  target: ReadyTarget,
  request: KeepRequest,
  token: NewToken,
  userId: Promise<string | undefined>,
  deps: DeliveryDeps
): Promise<TargetDelivery> {
  if (!target.store.keepsVariables) {
    return { ...(await writeSecret(target, request.secretName, token.grant.accessToken, deps)), variables: [] }
  }
  const [secret, expiry, user] = await Promise.all([
    writeSecret(target, request.secretName, token.grant.accessToken, deps),
    writeVariable(target, request.expiresAtVariable, token.expiresAt, request, deps),
    writeVariable(target, request.userIdVariable, userId, request, deps)
  ])
  const stored = secret.result.status !== 'failed'
  return { ...secret, variables: [user, stored ? expiry : await putBack(target, request, expiry, deps)] }
}

/** The expiry variable as the preflight found it, where it was written for a token that was not stored. */
async function putBack(
  { store, variables }: ReadyTarget,
  request: KeepRequest,
  expiry: VariableWrite,
  { cancelled }: DeliveryDeps
): Promise<VariableWrite> {
  const name = request.expiresAtVariable
  if (!name || !expiry.result) return expiry
  const previous = variables.get(name)
  try {
    const why = (): string => 'the run was cancelled'
    await cancellable(cancelled, why, async () => {
      if (previous === undefined) await store.deleteVariable(name)
      else await store.writeVariable(name, previous, true)
    })
    return {}
  } catch (error) {
    const was = previous === undefined ? 'did not exist before' : `held ${previous} before`
    const what = `Variable ${name} of ${store.label} now describes a token that was not stored: putting it back failed (it ${was}).`
    return { failure: { what, cause: error, humanNeeded: true } }
  }
}

async function writeSecret(
  { store, key }: ReadyTarget,
  secretName: string,
  token: string,
  { sealer, cancelled }: DeliveryDeps
): Promise<Omit<TargetDelivery, 'variables'>> {
  const result = (status: TargetResult['status']): TargetResult => ({ target: store.label, secret: secretName, status })
  let sealed: string
  try {
    sealed = await sealer.seal(token, key)
  } catch (error) {
    // Not sealed, so nothing to store by hand: the token is still in the step's access-token output.
    const consequence = `The new token could not be sealed for ${store.label}: it is in this step's access-token output.`
    return { result: result('failed'), failure: { cause: error, consequence, humanNeeded: true } }
  }
  try {
    const why = (): string => `The run was cancelled before GitHub confirmed the write to ${store.label}.`
    return { result: result(await cancellable(cancelled, why, () => store.writeSecret(secretName, sealed, key.keyId))) }
  } catch (error) {
    const consequence = `The new token is not lost: it is in this run's log, sealed for ${store.label}, with the command that stores it.`
    return {
      result: result('failed'),
      failure: { cause: error, consequence, humanNeeded: needsHuman(error) },
      storeByHand: { target: store.label, command: store.storeCommand(secretName, sealed, key.keyId) }
    }
  }
}

async function writeVariable(
  { store, variables }: ReadyTarget,
  name: string | undefined,
  value: string | undefined | Promise<string | undefined>,
  request: KeepRequest,
  { cancelled }: DeliveryDeps
): Promise<VariableWrite> {
  if (!name) return {}
  // The user id may wait on a lookup: not past a cancel, which must hand back at once.
  const known = await bestEffort(cancelled, () => Promise.resolve(value))
  if (known === undefined) return { warning: `Variable ${name} was not written to ${store.label}: its value is unknown for this run.` }
  try {
    const why = (): string => `The run was cancelled before GitHub confirmed it.`
    const status = await cancellable(cancelled, why, () => store.writeVariable(name, known, variables.get(name) !== undefined))
    return { result: { target: store.label, name, status } }
  } catch (error) {
    // A write sent and then cancelled may land all the same: it is only unconfirmed.
    const outcome = error instanceof CancelledError ? 'may not have been written' : 'was not written'
    const what = `Variable ${name} of ${store.label} ${outcome} (the secret ${request.secretName} is not affected).`
    return { failure: { what, cause: error, humanNeeded: needsHuman(error) } }
  }
}
