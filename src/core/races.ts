/**
 * Two runs given the same single-use credential (a double click on "Run workflow" with one code; a
 * scheduled keeper and a poster's first step redeeming one refresh token): the one the service
 * refuses finds out from evidence whether the other succeeded, never from the refusal's words.
 */
import { ServiceError } from '../shared/errors.js'
import type { KeeperDeps } from './ports.js'
import type { ReadyTarget } from './preflight.js'
import type { Credential } from './request.js'

/** How long another run's write is waited for, after a refusal: its exchange, then its write. */
const RACE_CHECKS = 6
const RACE_INTERVAL_MS = 1000

/** The service refused the credential itself (not a fault, and not after this run spent a code). */
export function isRefused(error: unknown, { flow }: Credential): boolean {
  const operation = flow === 'authorization-code' ? 'code exchange' : flow === 'refresh-token' ? 'refresh' : undefined
  return error instanceof ServiceError && error.operation === operation && !error.transient && !error.codeSpent
}

/**
 * Whether another run wrote the watched secret meanwhile: written since this run's preflight read it,
 * or since this run began (the other run may have finished before this one read anything), waiting
 * briefly for that run's write.
 */
export async function writtenMeanwhile(
  ready: ReadyTarget[],
  secretName: string,
  runAskedAt: () => Promise<string | undefined>,
  deps: Pick<KeeperDeps, 'cancelled' | 'pause'>
): Promise<{ updatedAt: string } | undefined> {
  const [first] = ready
  let began: Promise<string | undefined> | undefined
  for (let check = 0; check < RACE_CHECKS; check++) {
    if (!first || deps.cancelled?.aborted) return undefined
    if (check > 0) await deps.pause(RACE_INTERVAL_MS)
    const updatedAt = await first.store.secretUpdatedAt(secretName).catch(() => undefined)
    if (updatedAt === undefined) continue
    if (updatedAt !== first.secretWrittenAt) return { updatedAt }
    if (deps.cancelled?.aborted) return undefined
    began ??= runAskedAt()
    const start = Date.parse((await began) ?? '')
    if (Date.parse(updatedAt) >= start) return { updatedAt }
  }
  return undefined
}
