// Named imports, so that the bundler can leave out what the action never calls.
import { debug as logDebug, error as logError, getInput, info as logInfo, setFailed, setSecret, warning } from '@actions/core'
import { keepToken, storedExpiry } from '../core/keeper.js'
import { describeFailure } from '../core/outcome.js'
import { connect, connectUpkeep, type Connection, type Upkeep } from '../setup/connect.js'
import { cleanAuthorizationCode } from '../setup/fields.js'
import { CREDENTIAL_INPUTS, readInputs, type Settings } from '../setup/inputs.js'
import { describeProblem } from '../shared/errors.js'
import { explain, needsHuman } from '../shared/explain.js'
import { createHttp, policyFromEnv } from '../shared/http.js'
import { proxyCredentials } from '../shared/proxy.js'
import { createTransport } from '../shared/transport.js'
import { createRedactor, type Redactor } from '../shared/redaction.js'
import { report } from './report.js'

/** The whole action, behind one error boundary: users see one clear line, never a stack. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor(setSecret)
  const debug = (message: string): void => logDebug(redactor.redact(message))
  try {
    // Before anything can print them, even a validation error.
    for (const name of CREDENTIAL_INPUTS) redactor.mask(rawInput(name))
    redactor.mask(env.GITHUB_TOKEN ?? '') // workflow-token's stand-in where the input is empty
    redactor.mask(cleanAuthorizationCode(rawInput('authorization-code')))
    for (const credential of proxyCredentials(env)) redactor.mask(credential)
    const http = createHttp(policyFromEnv(env), debug, createTransport(env))
    const { settings, problems, upkeep: upkeepSettings } = readInputs(input, env)
    // Built even from unusable inputs, so that they too can raise the alarm.
    const upkeep = connectUpkeep(upkeepSettings, { http, debug }, (message) => warning(message))
    if (settings) {
      // Re-enabling the schedule depends on nothing this run finds out: it goes alongside the first requests.
      // A dry run changes nothing, that included.
      const scheduleKept = settings.request.dryRun ? undefined : upkeep.keepScheduleAlive()
      await keepAndReport(settings, connect(settings, { http, mask: redactor.mask, debug }), upkeep, redactor)
      await scheduleKept
      return
    }
    const lines = problems.map((problem) => redactor.redact(describeProblem(problem)))
    for (const line of lines) logError(line)
    process.exitCode = 1
    await upkeep.failed(lines.join(' '), undefined)
  } catch (error) {
    setFailed(redactor.redact(explain(error)))
  }
}

async function keepAndReport(settings: Settings, connection: Connection, upkeep: Upkeep, redactor: Redactor): Promise<void> {
  const { request } = settings
  const info = (message: string): void => logInfo(redactor.redact(message))
  try {
    const outcome = await keepToken(request, { ...connection, now: () => new Date(), info })
    // Messages may quote the services, which may quote credentials back: clean before any output.
    const failures = outcome.failures.map((failure) => redactor.redact(describeFailure(failure)))
    await report({ ...outcome, warnings: outcome.warnings.map(redactor.redact), failures }, new Date())
    if (failures.length === 0) {
      // A dry run renewed nothing: it does not close the issue.
      if (!outcome.dryRun) await upkeep.succeeded()
      return
    }
    for (const failure of failures) logError(failure)
    process.exitCode = 1
    if (outcome.humanNeeded) await upkeep.failed(failures.join(' '), await storedExpiry(request, connection.stores))
  } catch (error) {
    const message = redactor.redact(explain(error))
    setFailed(message)
    if (needsHuman(error)) await upkeep.failed(message, await storedExpiry(request, connection.stores))
  }
}

function rawInput(name: string): string {
  return getInput(name, { trimWhitespace: false })
}

function input(name: string): string {
  return rawInput(name).trim()
}
