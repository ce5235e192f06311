/**
 * What a run did, as values: deliver() returns what it did at the targets, and keepToken merges
 * that into the one Outcome the action and the command line report.
 */
import { ACTION_TERMS, account, explain, type Terms } from '../shared/explain.js'
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
}

/** A target the write did not reach: the token sealed with its key, and the command that stores it. */
export interface StoreByHand {
  target: string
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
  secretName: string
  targets: TargetResult[]
  accessToken?: string
  userId?: string
  username?: string
  expiresIn?: number
  expiresAt?: string
  /** When the app's access to the user's data ends (ISO), where the service said. */
  dataAccessExpiresAt?: string
  variables: VariableResult[]
  warnings: string[]
  failures: Failure[]
  /** Whether any of the failures waits for a human, rather than for the next run. */
  humanNeeded: boolean
  storeByHand: StoreByHand[]
}

/** One line for the user, credentials not yet redacted. */
export function describeFailure(failure: Failure, terms: Terms = ACTION_TERMS): string {
  return joined(failure, (cause) => explain(cause, terms))
}

/** The action's own account of a failure, for a public issue: the cause without the service's words. */
export function accountOfFailure(failure: Failure): string {
  return joined(failure, (cause) => account(cause))
}

function joined({ what, cause, consequence }: Failure, tell: (cause: unknown) => string): string {
  return [what, cause === undefined ? undefined : tell(cause), consequence].filter((part) => part !== undefined).join(' ')
}
