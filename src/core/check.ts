/**
 * A token that nothing renews (a Facebook Page's, a LinkedIn member's without a refresh token),
 * checked on each scheduled run: the service says whether it is alive and fit for posting, when it
 * expires and when its data access ends. A dead one fails the run (the provider reads the refusal);
 * one that expires within two weeks succeeds with a warning, and calls a human ahead of time. Only
 * the expiry variable is written, where it is kept and differs: one round trip, and what it needs.
 */
import { bestEffort, cancellable } from '../shared/signals.js'
import { expiryNotice } from './deadlines.js'
import { isoSeconds } from './freshness.js'
import { preflight } from './preflight.js'
import { present, withDataAccess, type Outcome } from './outcome.js'
import type { KeeperDeps } from './ports.js'
import type { KeepRequest } from './request.js'
import { writeVariable } from './writes.js'

export async function checkToken(request: KeepRequest, token: string, deps: KeeperDeps, untouched: Outcome): Promise<Outcome> {
  const { stores, tokens, cancelled, now } = deps
  const name = request.expiresAtVariable
  const keeping = name ? stores.filter((store) => store.keepsVariables) : []
  const why = (): string => `The run was cancelled before ${request.service} answered the check: nothing was changed.`
  // A dry run also proves every target reachable, as for the other credentials.
  // Beside the check, GitHub is asked when the secret was written: its answer says when the writer
  // token expires (watched on every run), for a run that would otherwise send it nothing.
  const watched = request.secretName
  const [times, kept] = await cancellable(cancelled, why, () =>
    Promise.all([
      tokens.check(token),
      Promise.all(keeping.map((store) => (name === undefined ? Promise.resolve(undefined) : store.readVariable(name)))),
      request.dryRun ? preflight(request, stores) : undefined,
      watched && keeping.length === 0
        ? bestEffort(cancelled, () => stores[0]?.secretUpdatedAt(watched) ?? Promise.resolve(undefined))
        : undefined
    ])
  )
  const expiresAt = times.expiresAt && isoSeconds(times.expiresAt)
  deps.info(`${request.service} says the token is alive and fit for its use${expiresAt ? `, until ${expiresAt}` : ''}: nothing to renew.`)
  const changed = keeping.filter((_, index) => kept[index] !== expiresAt)
  const writes =
    name && expiresAt && !request.dryRun
      ? await Promise.all(
          changed.map((store) =>
            writeVariable({ store, variables: new Map([[name, kept[keeping.indexOf(store)]]]) }, name, expiresAt, request, deps)
          )
        )
      : []
  const notice = expiryNotice(request.service, expiresAt, now())
  const failures = writes.flatMap((write) => (write.failure ? [write.failure] : []))
  const outcome: Outcome = {
    ...untouched,
    ...present({ expiresAt }),
    variables: writes.flatMap((write) => (write.result ? [write.result] : [])),
    warnings: notice ? [notice] : [],
    failures,
    humanNeeded: failures.some((failure) => failure.humanNeeded),
    ...(notice ? { attention: notice } : {})
  }
  return withDataAccess(outcome, times.dataAccessExpiresAt && isoSeconds(times.dataAccessExpiresAt), now())
}
