import { CancelledError, ServiceError } from '../shared/errors.js'
import { cancellable } from '../shared/signals.js'
import type { Delivery, Failure } from './outcome.js'
import type { Grant, Profile, TokenService } from './ports.js'
import type { ReadyTarget } from './preflight.js'
import type { KeepRequest } from './request.js'
import { putBack, writeSecret, writeVariable, type SecretWrite, type VariableWrite, type WriteDeps } from './writes.js'

/** What delivery needs; what it did is returned, and reported by the entries, once. */
export interface DeliveryDeps extends WriteDeps {
  tokens: TokenService
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
  /** A refresh token to write back beside it, where the service gave a new one (or the first). */
  refreshToken?: string | undefined
}

/** What happened at one target: each secret written, and the variables. */
interface TargetDelivery {
  secrets: SecretWrite[]
  variables: VariableWrite[]
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
    ? token.profile.then((early) => (early ? found(early, deps.tokens.profiles === 'username') : lookUpProfile(grant.accessToken, deps)))
    : lookUpProfile(grant.accessToken, deps)
  const userId = grant.userId !== undefined ? Promise.resolve(grant.userId) : lookup.then(({ profile }) => profile?.id)
  const [looked, ...done] = await Promise.all([lookup, ...targets.map((target) => deliverTo(target, request, token, userId, deps))])

  const secrets = done.flatMap((target) => target.secrets)
  const variables = done.flatMap((target) => target.variables)
  // Where the token is: each target's last write is the token's (or, where it is not stored, the refresh token's).
  const tokenWrites = done.map((target) => target.secrets.at(-1)).filter((write) => write !== undefined)
  const stored = tokenWrites.filter((write) => write.result.status !== 'failed').map((write) => write.result.target)
  const missed = tokenWrites.filter((write) => write.result.status === 'failed').map((write) => write.result.target)
  const partly: Failure[] =
    missed.length > 0 && stored.length > 0
      ? [{ what: `The new token is stored in ${stored.join(', ')}, but not in ${missed.join(', ')}.`, humanNeeded: false }]
      : []
  return {
    targets: secrets.map((write) => write.result),
    variables: variables.flatMap((write) => (write.result ? [write.result] : [])),
    warnings: [looked.warning, ...variables.map((write) => write.warning)].filter((warning) => warning !== undefined),
    failures: [...secrets.map((write) => write.failure), ...variables.map((write) => write.failure), ...partly].filter(
      (failure) => failure !== undefined
    ),
    storeByHand: secrets.flatMap((write) => (write.storeByHand ? [write.storeByHand] : [])),
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

/** A profile looked up, with a warning where the service has usernames and this one has no valid one. */
export const found = (profile: Profile, usernames: boolean): Looked & { profile: Profile } =>
  usernames && profile.username === undefined ? { profile, warning: NO_USERNAME } : { profile }

async function lookUpProfile(token: string, { tokens, cancelled }: DeliveryDeps): Promise<Looked> {
  if (tokens.profiles === 'none') return {}
  try {
    const profile = await cancellable(
      cancelled,
      () => 'the run was cancelled',
      () => tokens.profile(token)
    )
    return found(profile, tokens.profiles === 'username')
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
  const { refreshTokenSecret, secretName } = request
  // The refresh token first: where the one sent was spent, it is the only live credential.
  const writes = [
    ...(refreshTokenSecret && token.refreshToken
      ? [writeSecret(target, refreshTokenSecret, token.refreshToken, deps, 'refresh token')]
      : []),
    ...(secretName ? [writeSecret(target, secretName, token.grant.accessToken, deps)] : [])
  ]
  if (!target.store.keepsVariables) return { secrets: await Promise.all(writes), variables: [] }
  const [secrets, expiry, user] = await Promise.all([
    Promise.all(writes),
    writeVariable(target, request.expiresAtVariable, token.expiresAt, request, deps),
    writeVariable(target, request.userIdVariable, userId, request, deps)
  ])
  const stored = secrets.every((write) => write.result.status !== 'failed')
  return { secrets, variables: [user, stored ? expiry : await putBack(target, request, expiry, deps)] }
}
