/**
 * What a run did, as values: deliver() returns what it did at the targets, and keepToken merges
 * that into the one Outcome the action and the command line report.
 */
import { ACTION_TERMS, account, explain, type Terms } from '../shared/explain.js'
import { dataAccessWarning } from './deadlines.js'
import type { Profile, WriteStatus } from './ports.js'
import type { Flow } from './request.js'

export interface TargetResult {
  target: string
  secret: string
  status: WriteStatus | 'failed' | 'unchanged'
}

export interface VariableResult {
  target: string
  name: string
  status: WriteStatus
}

/** Something that went wrong after the token was obtained: the run fails, but nothing is lost. */
export interface Failure {
  /** What was not done, in this run's terms; said first. */
  what?: string
  /** The refusal or fault behind it, explained after `what`. */
  cause?: unknown
  /** What it means for the token; said last. */
  consequence?: string
  /** The next scheduled run will not fix it by itself. */
  humanNeeded: boolean
  /**
   * A run before a human acts would do harm (it would send the spent refresh token, which a service
   * may answer by revoking the one handed back): the cause's advice to run again later is left out.
   */
  rerunHarms?: true
}

/** A target the write did not reach: the token sealed with its key, and the command that stores it. */
export interface StoreByHand {
  target: string
  /** What is handed back: the token, or the refresh token. */
  kind: 'token' | 'refresh token'
  command: string
}

/** What deliver() did at the targets. */
export interface Delivery {
  targets: TargetResult[]
  variables: VariableResult[]
  warnings: string[]
  failures: Failure[]
  storeByHand: StoreByHand[]
  /** Who the token belongs to, where the profile lookup answered. */
  profile?: Profile
}

export interface Outcome {
  flow: Flow | 'skipped'
  /** Why a skipped run changed nothing, in words. */
  skipReason?: string
  dryRun: boolean
  secretName?: string
  targets: TargetResult[]
  accessToken?: string
  userId?: string
  username?: string
  expiresIn?: number
  expiresAt?: string
  /** When the app's access to the user's data ends (ISO), where the service said. */
  dataAccessExpiresAt?: string
  /** When the refresh token itself ends (ISO), where the service said: it is never extended. */
  refreshTokenExpiresAt?: string
  /**
   * Why a human is needed soon though the run succeeded (a token nothing renews expires within two
   * weeks, a refresh token ends), in the action's own words: the failure issue says it.
   */
  attention?: string
  variables: VariableResult[]
  warnings: string[]
  failures: Failure[]
  /** Whether any of the failures waits for a human, rather than for the next run. */
  humanNeeded: boolean
  storeByHand: StoreByHand[]
}

/** One line for the user, credentials not yet redacted. */
export function describeFailure(failure: Failure, terms: Terms = ACTION_TERMS): string {
  return joined(failure, (cause) => explain(cause, heeding(failure, terms)))
}

/** The action's own account of a failure, for a public issue: the cause without the service's words. */
export function accountOfFailure(failure: Failure): string {
  return joined(failure, (cause) => account(cause, heeding(failure, ACTION_TERMS)))
}

/** The terms a failure's cause is told in: without "run again later" where a run would do harm. */
const heeding = ({ rerunHarms }: Failure, terms: Terms): Terms => (rerunHarms ? { ...terms, later: '' } : terms)

function joined({ what, cause, consequence }: Failure, tell: (cause: unknown) => string): string {
  return [what, cause === undefined ? undefined : tell(cause).trim(), consequence].filter((part) => part !== undefined).join(' ')
}

/** When data access ends, where the service said, with a warning where that is soon. */
export function withDataAccess(outcome: Outcome, expiresAt: string | undefined, now: Date): Outcome {
  if (!expiresAt) return outcome
  const warning = dataAccessWarning(expiresAt, now)
  return { ...outcome, dataAccessExpiresAt: expiresAt, warnings: warning ? [...outcome.warnings, warning] : outcome.warnings }
}

/** The fields that have a value: optional fields stay absent rather than undefined. */
export function present<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string>>
}
