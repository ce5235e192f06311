/**
 * One write each: a secret, sealed for its target (handed back, sealed, where GitHub does not confirm
 * it), or a variable (put back as the preflight found it where it would describe a token not stored).
 * Each returns what it did, or why not, as a value; delivery.ts merges them.
 */
import { CancelledError } from '../shared/errors.js'
import { needsHuman } from '../shared/explain.js'
import { bestEffort, cancellable } from '../shared/signals.js'
import type { Failure, StoreByHand, TargetResult, VariableResult } from './outcome.js'
import type { Sealer } from './ports.js'
import type { ReadyTarget } from './preflight.js'
import type { KeepRequest } from './request.js'

export interface WriteDeps {
  sealer: Sealer
  /** Aborts when the run is cancelled: nothing more is sent, and what is unconfirmed is handed back. */
  cancelled?: AbortSignal | undefined
}

/** What one secret write did: its result, and where it failed, why and what is handed back. */
export interface SecretWrite {
  result: TargetResult
  failure?: Failure
  storeByHand?: StoreByHand
}

/** What one variable write did: a result, or why there is none. */
export interface VariableWrite {
  result?: VariableResult
  warning?: string
  failure?: Failure
}

/** The expiry variable as the preflight found it, where it was written for a token that was not stored. */
export async function putBack(
  { store, variables }: ReadyTarget,
  request: KeepRequest,
  expiry: VariableWrite,
  { cancelled }: WriteDeps
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

/** What a secret holds: the token, or the refresh token (the only live one, once the old one was redeemed). */
export type SecretKind = 'token' | 'refresh token'

export async function writeSecret(
  { store, key }: ReadyTarget,
  secretName: string,
  value: string,
  { sealer, cancelled }: WriteDeps,
  kind: SecretKind = 'token'
): Promise<SecretWrite> {
  const result = (status: TargetResult['status']): TargetResult => ({ target: store.label, secret: secretName, status })
  let sealed: string
  try {
    sealed = await sealer.seal(value, key)
  } catch (error) {
    // Not sealed, so nothing to store by hand: the token is still in the step's access-token output.
    const consequence =
      kind === 'token'
        ? `The new token could not be sealed for ${store.label}: it is in this step's access-token output.`
        : `The new refresh token could not be sealed for ${store.label}: authorize again.`
    return { result: result('failed'), failure: { cause: error, consequence, humanNeeded: true } }
  }
  try {
    const why = (): string => `The run was cancelled before GitHub confirmed the write to ${store.label}.`
    return { result: result(await cancellable(cancelled, why, () => store.writeSecret(secretName, sealed, key.keyId))) }
  } catch (error) {
    // Printed with the outcome (the action's log and summary, the command line's output), sealed: only GitHub can open it.
    const where = `printed with this run's outcome, sealed for ${store.label}, with the command that stores it`
    // The refresh token redeemed is spent: until this one is stored, the next run has nothing that works.
    const consequence =
      kind === 'token'
        ? `The new token is not lost: it is ${where}.`
        : `The new refresh token is not lost: it is ${where}. Store this one before the next run: where the service rotates refresh tokens, the one in ${secretName} no longer works.`
    const failure: Failure =
      kind === 'token'
        ? { cause: error, consequence, humanNeeded: needsHuman(error) }
        : { cause: error, consequence, humanNeeded: true, rerunHarms: true }
    return {
      result: result('failed'),
      failure,
      storeByHand: { target: store.label, kind, command: store.storeCommand(secretName, sealed, key.keyId) }
    }
  }
}

export async function writeVariable(
  { store, variables }: Pick<ReadyTarget, 'store' | 'variables'>,
  name: string | undefined,
  value: string | undefined | Promise<string | undefined>,
  request: KeepRequest,
  { cancelled }: WriteDeps
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
    const what = `Variable ${name} of ${store.label} ${outcome} (the secret ${request.secretName ?? request.refreshTokenSecret ?? ''} is not affected).`
    return { failure: { what, cause: error, humanNeeded: needsHuman(error) } }
  }
}
