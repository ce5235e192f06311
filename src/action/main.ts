// Named imports, so that the bundler can leave out what the action never calls.
import { debug as logDebug, error as logError, getInput, info as logInfo, setFailed, setSecret, warning } from '@actions/core'
import { keepToken } from '../core/keeper.js'
import { storedTokenExpiry } from '../core/obtain.js'
import { accountOfFailure, describeFailure } from '../core/outcome.js'
import type { KeepRequest } from '../core/request.js'
import { connect, connectUpkeep, type Connection, type Upkeep } from '../setup/connect.js'
import { readRedirect } from '../setup/fields.js'
import { CREDENTIAL_INPUTS, readInputs } from '../setup/inputs.js'
import { describeProblem, describeProblemPublicly } from '../shared/errors.js'
import { account, explain, needsHuman } from '../shared/explain.js'
import { createHttp, pauseFromEnv, policyFromEnv } from '../shared/http.js'
import { oneLine } from '../shared/inert.js'
import { proxyCredentials } from '../shared/proxy.js'
import { bestEffort } from '../shared/signals.js'
import { createTransport } from '../shared/transport.js'
import { createRedactor, type Redactor } from '../shared/redaction.js'
import { report, reportFailure } from './report.js'

/** A failed run, as the failure issue weighs it. `reported` where the outcome's summary already said it. */
interface FailedRun {
  /** For the log and the summary (redacted): the services' own words too. */
  message: string
  /** For the public issue: the action's own account, never a service's words. */
  account: string
  humanNeeded: boolean
  reported: boolean
  /** When the stored token expires, where the run knows it already. */
  storedExpiresAt?: Date | undefined
}

/** What a run is carried out with, besides the settings. */
interface Run {
  connection: Connection
  upkeep: Upkeep
  redactor: Redactor
  cancelled: AbortSignal
  pause: (ms: number) => Promise<void>
}

/** The whole action, behind one error boundary: users see one clear line, never a stack. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor(setSecret)
  const debug = (message: string): void => logDebug(redactor.redact(message))
  const cancel = listenForCancel()
  try {
    // Before anything can print them, even a validation error.
    for (const name of CREDENTIAL_INPUTS) redactor.mask(rawInput(name))
    redactor.mask(env.GITHUB_TOKEN ?? '') // workflow-token's stand-in where the input is empty
    redactor.mask(readRedirect(rawInput('authorization-code')).code)
    for (const credential of proxyCredentials(env)) redactor.mask(credential)
    const http = createHttp(policyFromEnv(env), debug, createTransport(env), cancel.signal)
    const { settings, problems, upkeep: upkeepSettings } = readInputs(input, env)
    // Built even from unusable inputs, so that they too can raise the alarm.
    const upkeep = connectUpkeep(upkeepSettings, { http, debug }, (message) => warning(message))
    if (settings) {
      // Re-enabling the workflows depends on nothing this run finds out: it goes alongside the first
      // requests. A dry run changes nothing, that included.
      const workflowsKept = settings.request.dryRun ? Promise.resolve() : upkeep.keepWorkflowsAlive()
      upkeep.lookAhead()
      const connection = connect(settings, { http, mask: redactor.mask, debug })
      await keepAndReport(settings.request, {
        connection,
        upkeep,
        redactor,
        cancelled: cancel.signal,
        pause: pauseFromEnv(env, cancel.signal)
      })
      await bestEffort(cancel.signal, () => workflowsKept)
      return
    }
    for (const problem of problems) logError(redactor.redact(describeProblem(problem)))
    process.exitCode = 1
    // The issue is public: it never repeats a value the user gave (a secret given to the wrong input, say).
    const told = problems.map((problem) => redactor.redact(describeProblemPublicly(problem)))
    await upkeep.failed({ account: told.join(' '), humanNeeded: true, storedExpiresAt: undefined })
  } catch (error) {
    setFailed(redactor.redact(explain(error)))
  } finally {
    cancel.stop()
  }
}

/**
 * The runner cancels a step (a cancelled job, `timeout-minutes`) with SIGINT, then SIGTERM about
 * 7.5 s later, then kills it 2.5 s after that. Either signal aborts the run's work: what spends
 * nothing is abandoned, a token in hand is handed back, and a second signal interrupts none of it.
 * Once the run has said everything, it exits at once, whatever requests are still in flight.
 */
function listenForCancel(): { signal: AbortSignal; stop: () => void } {
  const controller = new AbortController()
  const cancel = (): void => controller.abort()
  const signals = ['SIGINT', 'SIGTERM'] as const
  for (const name of signals) process.on(name, cancel)
  return {
    signal: controller.signal,
    stop() {
      if (controller.signal.aborted) {
        process.exitCode ||= 1
        setImmediate(() => process.exit())
        return
      }
      for (const name of signals) process.off(name, cancel)
    }
  }
}

async function keepAndReport(request: KeepRequest, { connection, upkeep, redactor, cancelled, pause }: Run): Promise<void> {
  // When the kept token expires, as the provider has it (readInputs always says): how a failure is weighed.
  const { expiry = 'dated' } = request
  const info = (message: string): void => logInfo(oneLine(redactor.redact(message)))
  // Upkeep never fails a run (bestEffort); a cancel, somebody's decision rather than a fault, only ends the wait for it.
  /** How much time the stored token has left decides how loudly a failure is told (not after a cancel: no more requests then). */
  const failed = async ({ message, account, humanNeeded, reported, storedExpiresAt: known }: FailedRun): Promise<void> => {
    process.exitCode = 1
    // Asked only where unknown; a token of hours beside its refresh token tells nothing of how long the kept one lasts.
    const storedExpiresAt = known ?? (cancelled.aborted || expiry === 'hours' ? undefined : await storedTokenExpiry(request, connection))
    if (!reported)
      await reportFailure(message, { storedExpiresAt, expiry, writerTokenExpiresAt: connection.writerToken().expiresAt }, new Date())
    await bestEffort(cancelled, () => upkeep.failed({ account: redactor.redact(account), humanNeeded, storedExpiresAt }))
  }
  try {
    const runAskedAt = (): Promise<string | undefined> => upkeep.runAskedAt()
    const outcome = await keepToken(request, { ...connection, now: () => new Date(), pause, info, cancelled, runAskedAt })
    // Messages may quote the services, which may quote credentials back: clean before any output.
    const failures = outcome.failures.map((failure) => redactor.redact(describeFailure(failure)))
    const writerTokenExpiresAt = connection.writerToken().expiresAt
    await report({ ...outcome, warnings: outcome.warnings.map(redactor.redact), failures }, { writerTokenExpiresAt }, new Date())
    for (const failure of failures) logError(failure)
    const stored = outcome.targets.filter((target) => target.status === 'created' || target.status === 'updated')
    const checked = outcome.flow === 'checked' && !outcome.dryRun
    // Stored everywhere (a variable write failed, say), or checked: the stored token is this one, with its expiry.
    const known = checked || stored.length === outcome.targets.length
    // What is kept beside a token of hours is its refresh token: its end, where the service said.
    const keptUntil = expiry === 'hours' ? outcome.refreshTokenExpiresAt : outcome.expiresAt
    const storedExpiresAt = known && keptUntil ? new Date(keptUntil) : undefined
    const failure = {
      message: failures.join(' '),
      account: outcome.failures.map(accountOfFailure).join(' '),
      humanNeeded: outcome.humanNeeded,
      reported: true,
      storedExpiresAt
    }
    const { attention } = outcome
    if (failures.length > 0) await failed(failure)
    // A success that needs a human soon (a token nothing renews expires, a refresh token ends): the issue says so.
    else if (attention)
      await bestEffort(cancelled, () =>
        upkeep.failed({ account: redactor.redact(attention), humanNeeded: true, storedExpiresAt, notice: true })
      )
    // Only a run that stored a new token, or found the kept one well, closes the issue: not a dry run, not a skip.
    // A token obtained counts, whatever was written: a refresh token the service did not replace is the same one, kept.
    else if ((stored.length > 0 || outcome.accessToken !== undefined || checked) && !outcome.dryRun) {
      await bestEffort(cancelled, () => upkeep.renewed(checked))
    }
    const { dataAccessExpiresAt } = outcome
    if (dataAccessExpiresAt) await bestEffort(cancelled, () => upkeep.watchDataAccess(dataAccessExpiresAt))
  } catch (error) {
    const message = redactor.redact(explain(error))
    setFailed(message)
    await failed({ message, account: account(error), humanNeeded: needsHuman(error), reported: false })
  }
  // GitHub says when the secrets-writing token expires on every reply: only a run it answered knows.
  const writer = connection.writerToken()
  if (writer.answered) await bestEffort(cancelled, () => upkeep.watchWriterToken(writer.expiresAt))
}

function rawInput(name: string): string {
  return getInput(name, { trimWhitespace: false })
}

function input(name: string): string {
  return rawInput(name).trim()
}
