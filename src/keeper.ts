import { GraphError, explain, needsHuman } from './errors.js'
import { tooYoungToRefresh, type Youth } from './freshness.js'
import type { PublicKey, SecretStore, WriteStatus } from './github.js'
import type { Grant, GraphClient, Profile } from './graph.js'
import type { Flow, Inputs, Start } from './inputs.js'
import { loadSodium, seal } from './seal.js'

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

interface Checked {
  key: PublicKey
  /** Current values of the variables this run keeps; undefined where one does not exist yet. */
  variables: Map<string, string | undefined>
}

/** Everything that must hold, at every target, before a single-use credential is spent. */
function preflight(inputs: Inputs, stores: SecretStore[]): Promise<Checked[]> {
  const names = [inputs.userIdVariable, inputs.expiresAtVariable].filter((name): name is string => !!name)
  return Promise.all(
    stores.map(async (store) => {
      const [key, ...values] = await Promise.all([store.prepare(), ...names.map((name) => store.readVariable(name))])
      return { key, variables: new Map(names.map((name, i) => [name, values[i]])) }
    })
  )
}

async function obtain(start: Start, graph: GraphClient): Promise<Grant> {
  switch (start.flow) {
    case 'authorization-code': {
      const short = await graph.exchangeCode(start.code, start.appId, start.appSecret, start.redirectUri)
      const long = await graph.exchangeForLongLived(short.accessToken, start.appSecret)
      return short.userId ? { ...long, userId: short.userId } : long
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

  const sealed = await Promise.all(checked.map(({ key }) => seal(grant.accessToken, key.key)))
  const [profile, ...written] = await Promise.allSettled([
    graph.profile(grant.accessToken),
    ...stores.map((store, i) => store.writeSecret(secretName, sealed[i] ?? '', checked[i]?.key.keyId ?? ''))
  ])
  if (profile.status === 'fulfilled') {
    Object.assign(outcome, identity(profile.value))
  } else {
    // Not explain(): its remedies speak of the token being unusable, and this one was just issued.
    const reason = profile.reason instanceof GraphError ? profile.reason.apiMessage : 'no usable reply'
    outcome.warnings.push(`The token is stored, but the profile lookup failed (${reason}): user id and username are unknown for this run.`)
  }

  const stored: string[] = []
  const variableWrites: Promise<void>[] = []
  for (const [i, store] of stores.entries()) {
    const result = written[i]
    const target = outcome.targets[i]
    if (!result || !target) continue
    if (result.status === 'fulfilled') {
      target.status = result.value
      stored.push(store.label)
      info(`Secret ${secretName} ${result.value} in ${store.label}.`)
      variableWrites.push(writeVariables(inputs, store, checked[i]?.variables ?? new Map<string, string | undefined>(), outcome))
    } else {
      target.status = 'failed'
      outcome.failures.push(
        `${explain(result.reason)} The new token is not lost: it is in this run's log, sealed for ${store.label}, with the command that stores it.`
      )
      outcome.humanNeeded ||= needsHuman(result.reason)
      outcome.handBacks.push({ target: store.label, command: store.storeCommand(secretName, sealed[i] ?? '', checked[i]?.key.keyId ?? '') })
    }
  }
  await Promise.all(variableWrites)
  // Written at once, reported in a steady order: target by target, user id before expiry.
  const rank = (v: { target: string; name: string }): number => stored.indexOf(v.target) * 2 + (v.name === inputs.userIdVariable ? 0 : 1)
  outcome.variables.sort((a, b) => rank(a) - rank(b))
  if (outcome.handBacks.length > 0 && stored.length > 0) {
    outcome.failures.push(
      `The new token is stored in ${stored.join(', ')}, but not in ${outcome.handBacks.map((h) => h.target).join(', ')}.`
    )
  }
  return outcome
}

/**
 * The variables describe the stored token, so they follow its write (never describing a token
 * that was not stored), both at once.
 */
async function writeVariables(
  inputs: Inputs,
  store: SecretStore,
  existing: Map<string, string | undefined>,
  outcome: Outcome
): Promise<void> {
  const variables: [string | undefined, string | undefined][] = [
    [inputs.userIdVariable, outcome.userId],
    [inputs.expiresAtVariable, outcome.expiresAt]
  ]
  await Promise.all(
    variables.map(async ([name, value]) => {
      if (!name) return
      if (value === undefined) {
        outcome.warnings.push(`Variable ${name} was not written to ${store.label}: its value is unknown for this run.`)
        return
      }
      try {
        outcome.variables.push({
          target: store.label,
          name,
          status: await store.writeVariable(name, value, existing.get(name) !== undefined)
        })
      } catch (error) {
        outcome.failures.push(
          `The token is stored in ${inputs.secretName} of ${store.label}, but variable ${name} was not written. ${explain(error)}`
        )
        outcome.humanNeeded ||= needsHuman(error)
      }
    })
  )
}
