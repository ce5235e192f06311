import { explain } from './errors.js'
import { tooYoungToRefresh, type Youth } from './freshness.js'
import type { PublicKey, SecretStore, WriteStatus } from './github.js'
import type { Flow, Inputs, Start } from './inputs.js'
import { seal } from './seal.js'
import type { Grant, Profile, ThreadsClient } from './threads.js'

export interface Outcome {
  flow: Flow | 'skipped'
  dryRun: boolean
  target: string
  secretName: string
  secretStatus?: WriteStatus
  accessToken?: string
  userId?: string
  username?: string
  expiresIn?: number
  expiresAt?: string
  variables: { name: string; status: WriteStatus }[]
  warnings: string[]
  /** Failures after the token was stored: the run fails, but the token is safe. */
  failures: string[]
}

/** The write failed after a new token was obtained: the token, sealed, and how to store it. */
export class HandBackError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly sealedValue: string,
    readonly storeCommand: string
  ) {
    super('the new token could not be stored')
    this.name = 'HandBackError'
  }
}

export interface KeeperDeps {
  threads: ThreadsClient
  store: SecretStore
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

/** Everything that must hold before a single-use credential is spent. */
async function preflight(inputs: Inputs, store: SecretStore): Promise<Checked> {
  const names = [inputs.userIdVariable, inputs.expiresAtVariable].filter((name): name is string => !!name)
  const [key, ...values] = await Promise.all([store.publicKey(), ...names.map((name) => store.readVariable(name))])
  return { key, variables: new Map(names.map((name, i) => [name, values[i]])) }
}

async function obtain(start: Start, threads: ThreadsClient): Promise<Grant> {
  switch (start.flow) {
    case 'authorization-code': {
      const short = await threads.exchangeCode(start.code, start.appId, start.appSecret, start.redirectUri)
      const long = await threads.exchangeForLongLived(short.accessToken, start.appSecret)
      return short.userId ? { ...long, userId: short.userId } : long
    }
    case 'short-lived-token':
      return threads.exchangeForLongLived(start.token, start.appSecret)
    case 'refresh':
      return threads.refresh(start.token)
  }
}

async function dryRun(inputs: Inputs, { threads, store, info }: KeeperDeps, outcome: Outcome): Promise<Outcome> {
  await preflight(inputs, store)
  info(`Dry run: ${store.label} is reachable and its public key readable; nothing will be changed.`)
  if (inputs.start.flow === 'authorization-code') {
    outcome.warnings.push('Dry run: the authorization code was not exchanged (a code works only once).')
  } else {
    Object.assign(outcome, identity(await threads.profile(inputs.start.token)))
  }
  return outcome
}

/**
 * A code or short-lived token is spent only after the preflight passed. A refresh spends nothing,
 * so it runs alongside; a refusal for being under a day old is then no failure but a skip.
 */
async function checkAndObtain(inputs: Inputs, { threads, store, now }: KeeperDeps): Promise<[Checked, Grant | Youth]> {
  const { start } = inputs
  if (start.flow !== 'refresh') {
    const checked = await preflight(inputs, store)
    return [checked, await obtain(start, threads)]
  }
  const [checked, refreshed] = await Promise.allSettled([preflight(inputs, store), obtain(start, threads)])
  if (checked.status === 'rejected') throw checked.reason
  if (refreshed.status === 'fulfilled') return [checked.value, refreshed.value]
  const youth = await tooYoungToRefresh(refreshed.reason, {
    now: now(),
    expiresAtVariable: inputs.expiresAtVariable ? checked.value.variables.get(inputs.expiresAtVariable) : undefined,
    inspect: () => threads.inspect(start.token)
  })
  if (!youth) throw refreshed.reason
  return [checked.value, youth]
}

export async function keepToken(inputs: Inputs, deps: KeeperDeps): Promise<Outcome> {
  const { threads, store, now, info } = deps
  const { start, secretName } = inputs
  const outcome: Outcome = { flow: start.flow, dryRun: inputs.dryRun, target: store.label, secretName, variables: [], warnings: [], failures: [] }
  if (inputs.dryRun) return dryRun(inputs, deps, outcome)

  const [{ key, variables: existing }, grant] = await checkAndObtain(inputs, deps)
  if (!('accessToken' in grant)) {
    outcome.flow = 'skipped'
    if (grant.expiresAt) outcome.expiresAt = isoSeconds(grant.expiresAt)
    const age = grant.issuedAt ? ` (issued ${isoSeconds(grant.issuedAt)}, per the ${grant.source})` : ` (per ${grant.source})`
    info(`The token is under a day old${age}; Threads refreshes tokens from one day of age. Nothing was changed; a later run will refresh it.`)
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

  const sealed = await seal(grant.accessToken, key.key)
  const [written, profile] = await Promise.allSettled([
    store.writeSecret(secretName, sealed, key.keyId),
    threads.profile(grant.accessToken)
  ])
  if (written.status === 'rejected') {
    throw new HandBackError(written.reason, sealed, store.storeCommand(secretName, sealed, key.keyId))
  }
  outcome.secretStatus = written.value
  info(`Secret ${secretName} ${written.value} in ${store.label}.`)
  if (profile.status === 'fulfilled') {
    Object.assign(outcome, identity(profile.value))
  } else {
    outcome.warnings.push(`The token is stored, but the profile lookup failed: ${explain(profile.reason)}`)
  }

  const variables: [string | undefined, string | undefined][] = [
    [inputs.userIdVariable, outcome.userId],
    [inputs.expiresAtVariable, outcome.expiresAt]
  ]
  for (const [name, value] of variables) {
    if (!name) continue
    if (value === undefined) {
      outcome.warnings.push(`Variable ${name} was not written: its value is unknown for this run.`)
      continue
    }
    try {
      outcome.variables.push({ name, status: await store.writeVariable(name, value, existing.get(name) !== undefined) })
    } catch (error) {
      outcome.failures.push(`The token is stored in ${secretName}, but variable ${name} was not written. ${explain(error)}`)
    }
  }
  return outcome
}

function identity(profile: Profile): { userId: string; username: string } {
  return { userId: profile.id, username: profile.username }
}
