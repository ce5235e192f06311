import { GraphError, explain, needsHuman } from './errors.js'
import type { PublicKey, SecretStore, WriteStatus } from './github.js'
import type { Grant, GraphClient } from './graph.js'
import type { Inputs } from './inputs.js'
import type { Outcome, TargetResult } from './keeper.js'
import { seal } from './seal.js'

/** One target, as the preflight left it: where to write, with what key, what is there already. */
export interface Place {
  store: SecretStore
  key: PublicKey
  /** Current values of the variables this run keeps; undefined where one does not exist yet. */
  variables: Map<string, string | undefined>
  result: TargetResult
}

/**
 * Seals the new token for every target and writes it everywhere at once, with the profile lookup
 * alongside. The user id does not depend on the secret, so it is written alongside too, as soon as
 * it is known (from a code exchange, or when the profile answers). The expiry describes the stored
 * token, so it follows that target's write: a variable that announced a token not stored would
 * mislead the next run's age check and the failure issue. A target whose write fails gets the token
 * back, sealed with its key, with the command that stores it.
 */
export async function deliver(
  inputs: Inputs,
  grant: Grant,
  places: Place[],
  graph: GraphClient,
  outcome: Outcome,
  info: (message: string) => void
): Promise<void> {
  const profile = graph.profile(grant.accessToken).then(
    (found) => {
      outcome.userId = found.id
      outcome.username = found.username
      return found.id
    },
    (error: unknown) => {
      // Not explain(): its remedies speak of an unusable token, and this one was just issued.
      const reason = error instanceof GraphError ? error.apiMessage : 'no usable reply'
      outcome.warnings.push(`The profile lookup failed (${reason}): the username is unknown for this run.`)
      return grant.userId
    }
  )
  const userId = grant.userId !== undefined ? Promise.resolve(grant.userId) : profile

  await Promise.all([profile, ...places.map((place) => deliverTo(place, inputs, grant.accessToken, userId, outcome, info))])

  // Written at once, reported in a steady order: target by target, user id before expiry.
  const labels = places.map((place) => place.store.label)
  const rank = (v: { target: string; name: string }): number => labels.indexOf(v.target) * 2 + (v.name === inputs.userIdVariable ? 0 : 1)
  outcome.variables.sort((a, b) => rank(a) - rank(b))
  const stored = places.filter((place) => place.result.status !== 'failed').map((place) => place.store.label)
  const missed = places.filter((place) => place.result.status === 'failed').map((place) => place.store.label)
  if (missed.length > 0 && stored.length > 0) {
    outcome.failures.push(`The new token is stored in ${stored.join(', ')}, but not in ${missed.join(', ')}.`)
  }
}

async function deliverTo(
  place: Place,
  inputs: Inputs,
  token: string,
  userId: Promise<string | undefined>,
  outcome: Outcome,
  info: (message: string) => void
): Promise<void> {
  const { store, key, result } = place
  const { secretName } = inputs

  async function write(): Promise<void> {
    let sealed: string
    try {
      sealed = await seal(token, key.key)
    } catch (error) {
      // Not sealed, so nothing to hand back: the token is still in the step's access-token output.
      result.status = 'failed'
      outcome.failures.push(
        `${explain(error)} The new token could not be sealed for ${store.label}: it is in this step's access-token output.`
      )
      outcome.humanNeeded = true
      return
    }
    try {
      result.status = await store.writeSecret(secretName, sealed, key.keyId)
    } catch (error) {
      result.status = 'failed'
      outcome.failures.push(
        `${explain(error)} The new token is not lost: it is in this run's log, sealed for ${store.label}, with the command that stores it.`
      )
      outcome.humanNeeded ||= needsHuman(error)
      outcome.handBacks.push({ target: store.label, command: store.storeCommand(secretName, sealed, key.keyId) })
      return
    }
    info(`Secret ${secretName} ${result.status} in ${store.label}.`)
    await writeVariable(place, inputs.expiresAtVariable, Promise.resolve(outcome.expiresAt), inputs, outcome)
  }

  await Promise.all([write(), writeVariable(place, inputs.userIdVariable, userId, inputs, outcome)])
}

async function writeVariable(
  place: Place,
  name: string | undefined,
  value: Promise<string | undefined>,
  inputs: Inputs,
  outcome: Outcome
): Promise<void> {
  if (!name) return
  const { store, variables } = place
  const known = await value
  if (known === undefined) {
    outcome.warnings.push(`Variable ${name} was not written to ${store.label}: its value is unknown for this run.`)
    return
  }
  try {
    const status: WriteStatus = await store.writeVariable(name, known, variables.get(name) !== undefined)
    outcome.variables.push({ target: store.label, name, status })
  } catch (error) {
    outcome.failures.push(
      `Variable ${name} of ${store.label} was not written (the secret ${inputs.secretName} is not affected). ${explain(error)}`
    )
    outcome.humanNeeded ||= needsHuman(error)
  }
}
