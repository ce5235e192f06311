import { explain } from './errors.js'
import type { PublicKey, SecretStore, WriteStatus } from './github.js'
import type { Flow, Inputs, Start } from './inputs.js'
import { seal } from './seal.js'
import type { Grant, Profile, ThreadsClient } from './threads.js'

export interface Outcome {
  flow: Flow
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
export function expiryOf(now: Date, expiresIn: number): string {
  return new Date(now.getTime() + expiresIn * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** Everything that must hold before a single-use credential is spent. */
async function preflight(inputs: Inputs, store: SecretStore): Promise<{ key: PublicKey; existing: Map<string, boolean> }> {
  const names = [inputs.userIdVariable, inputs.expiresAtVariable].filter((name): name is string => !!name)
  const [key, ...values] = await Promise.all([store.publicKey(), ...names.map((name) => store.readVariable(name))])
  return { key, existing: new Map(names.map((name, i) => [name, values[i] !== undefined])) }
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

export async function keepToken(inputs: Inputs, { threads, store, now, info }: KeeperDeps): Promise<Outcome> {
  const { start, secretName } = inputs
  const outcome: Outcome = { flow: start.flow, dryRun: inputs.dryRun, target: store.label, secretName, variables: [], warnings: [], failures: [] }

  if (inputs.dryRun) {
    await preflight(inputs, store)
    info(`Dry run: ${store.label} is reachable and its public key readable; nothing will be changed.`)
    if (start.flow === 'authorization-code') {
      outcome.warnings.push('Dry run: the authorization code was not exchanged (a code works only once).')
    } else {
      Object.assign(outcome, identity(await threads.profile(start.token)))
    }
    return outcome
  }

  // A refresh spends nothing, so it need not wait for the preflight; a code or short-lived token does.
  const [{ key, existing }, grant] =
    start.flow === 'refresh'
      ? await Promise.all([preflight(inputs, store), obtain(start, threads)])
      : await preflight(inputs, store).then(async (checked) => [checked, await obtain(start, threads)] as const)
  const issuedAt = now()
  outcome.accessToken = grant.accessToken
  if (grant.expiresIn !== undefined) {
    outcome.expiresIn = grant.expiresIn
    outcome.expiresAt = expiryOf(issuedAt, grant.expiresIn)
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
      outcome.variables.push({ name, status: await store.writeVariable(name, value, existing.get(name) ?? false) })
    } catch (error) {
      outcome.failures.push(`The token is stored in ${secretName}, but variable ${name} was not written. ${explain(error)}`)
    }
  }
  return outcome
}

function identity(profile: Profile): { userId: string; username: string } {
  return { userId: profile.id, username: profile.username }
}
