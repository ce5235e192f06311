import { deliver, type Place } from './delivery.js'
import { GraphError, explain } from './errors.js'
import { tooYoungToRefresh, type Youth } from './freshness.js'
import type { SecretStore, WriteStatus } from './github.js'
import type { Grant, GraphClient, Profile } from './graph.js'
import type { Flow, Inputs, Start } from './inputs.js'
import { loadSodium } from './seal.js'

export interface TargetResult {
  target: string
  secret: string
  status: WriteStatus | 'failed' | 'unchanged'
}

export interface Outcome {
  flow: Flow | 'skipped'
  dryRun: boolean
  secretName: string
  targets: TargetResult[]
  accessToken?: string
  userId?: string
  username?: string
  expiresIn?: number
  expiresAt?: string
  variables: { target: string; name: string; status: WriteStatus }[]
  warnings: string[]
  /** What went wrong after the token was obtained: the run fails, but nothing is lost. */
  failures: string[]
  /** Whether any of those failures waits for a human, rather than for the next run. */
  humanNeeded: boolean
  /** For each target the write did not reach: the `gh api` command that stores the sealed token. */
  handBacks: { target: string; command: string }[]
}

export interface KeeperDeps {
  graph: GraphClient
  stores: SecretStore[]
  now: () => Date
  info: (message: string) => void
}

/** ISO 8601 in UTC, to the second. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** A target that passed the preflight: its store, its key, the values of its variables. */
type Checked = Omit<Place, 'result'>

/** Everything that must hold, at every target, before a single-use credential is spent. */
function preflight(inputs: Inputs, stores: SecretStore[]): Promise<Checked[]> {
  const names = [inputs.userIdVariable, inputs.expiresAtVariable].filter((name): name is string => !!name)
  return Promise.all(
    stores.map(async (store) => {
      const [key, ...values] = await Promise.all([store.prepare(), ...names.map((name) => store.readVariable(name))])
      return { store, key, variables: new Map(names.map((name, i) => [name, values[i]])) }
    })
  )
}

async function obtain(start: Start, graph: GraphClient): Promise<Grant> {
  switch (start.flow) {
    case 'authorization-code': {
      const short = await graph.exchangeCode(start.code, start.appId, start.appSecret, start.redirectUri)
      try {
        const long = await graph.exchangeForLongLived(short.accessToken, start.appSecret)
        return short.userId ? { ...long, userId: short.userId } : long
      } catch (error) {
        // The code is used up now: whatever went wrong, only a fresh code can start over.
        if (error instanceof GraphError) error.codeSpent = true
        throw error
      }
    }
    case 'short-lived-token':
      return graph.exchangeForLongLived(start.token, start.appSecret)
    case 'refresh':
      return graph.refresh(start.token)
  }
}

/**
 * A code or short-lived token is spent only after the preflight passed. A refresh spends nothing,
 * so it runs alongside; a refusal for being under a day old is then no failure but a skip.
 */
async function checkAndObtain(inputs: Inputs, { graph, stores, now }: KeeperDeps): Promise<[Checked[], Grant | Youth]> {
  const { start } = inputs
  if (start.flow !== 'refresh') {
    const checked = await preflight(inputs, stores)
    return [checked, await obtain(start, graph)]
  }
  const [checked, refreshed] = await Promise.allSettled([preflight(inputs, stores), obtain(start, graph)])
  if (checked.status === 'rejected') throw checked.reason
  if (refreshed.status === 'fulfilled') return [checked.value, refreshed.value]
  const expiry = inputs.expiresAtVariable
  const youth = await tooYoungToRefresh(refreshed.reason, {
    now: now(),
    expiresAtVariable: expiry ? checked.value.map((c) => c.variables.get(expiry)).find((value) => value !== undefined) : undefined,
    inspect: () => graph.inspect(start.token)
  })
  if (!youth) throw refreshed.reason
  return [checked.value, youth]
}

function identity(profile: Profile): { userId: string; username: string } {
  return { userId: profile.id, username: profile.username }
}

export async function keepToken(inputs: Inputs, deps: KeeperDeps): Promise<Outcome> {
  const { graph, stores, now, info } = deps
  const { start, secretName } = inputs
  const outcome: Outcome = {
    flow: start.flow,
    dryRun: inputs.dryRun,
    secretName,
    targets: stores.map((store) => ({ target: store.label, secret: secretName, status: 'unchanged' })),
    variables: [],
    warnings: [],
    failures: [],
    humanNeeded: false,
    handBacks: []
  }

  if (inputs.dryRun) {
    await preflight(inputs, stores)
    info(`Dry run: every target is reachable and its public key readable; nothing will be changed.`)
    if (start.flow === 'authorization-code') {
      outcome.warnings.push('Dry run: the authorization code was not exchanged (a code works only once).')
    } else {
      Object.assign(outcome, identity(await graph.profile(start.token)))
    }
    return outcome
  }

  // Loads while the requests before the write are in flight; a failed load surfaces at sealing.
  loadSodium().catch(() => undefined)
  const [checked, grant] = await checkAndObtain(inputs, deps)
  if (!('accessToken' in grant)) {
    outcome.flow = 'skipped'
    if (grant.expiresAt) outcome.expiresAt = isoSeconds(grant.expiresAt)
    const age = grant.issuedAt
      ? ` (issued ${isoSeconds(grant.issuedAt)}, per the ${grant.source})`
      : ` (per ${inputs.provider.label}'s refusal)`
    info(`The token is under a day old${age}; it can be refreshed from one day of age. Nothing was changed; a later run will refresh it.`)
    return outcome
  }
  const issuedAt = now()
  outcome.accessToken = grant.accessToken
  if (grant.expiresIn !== undefined) {
    outcome.expiresIn = grant.expiresIn
    outcome.expiresAt = isoSeconds(new Date(issuedAt.getTime() + grant.expiresIn * 1000))
  }
  if (grant.userId) outcome.userId = grant.userId
  info(`Obtained a long-lived token by ${start.flow === 'refresh' ? 'refreshing the current one' : `exchanging the ${start.flow}`}.`)

  const places: Place[] = checked.map((target) => ({
    ...target,
    result: { target: target.store.label, secret: secretName, status: 'unchanged' }
  }))
  outcome.targets = places.map((place) => place.result)
  try {
    await deliver(inputs, grant, places, graph, outcome, info)
  } catch (error) {
    // Nothing expected throws past deliver(); should something, the token still reaches the output.
    outcome.failures.push(`${explain(error)} The new token was obtained but not stored: it is in this step's access-token output.`)
    outcome.humanNeeded = true
  }
  return outcome
}
