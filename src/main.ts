import * as core from '@actions/core'
import { explain } from './errors.js'
import { createSecretStore, createOctokit } from './github.js'
import { createHttp, policyFromEnv } from './http.js'
import { CREDENTIAL_INPUTS, InputError, cleanAuthorizationCode, readInputs } from './inputs.js'
import { HandBackError, keepToken } from './keeper.js'
import { createRedactor, type Redactor } from './redaction.js'
import { report, reportHandBack } from './report.js'
import { createThreadsClient } from './threads.js'

/** The whole action, behind one error boundary: users see one clear line, never a stack. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor(core.setSecret)
  try {
    // Before anything can print them, even a validation error.
    for (const name of CREDENTIAL_INPUTS) redactor.mask(rawInput(name))
    redactor.mask(cleanAuthorizationCode(rawInput('authorization-code')))

    const inputs = readInputs(rawInput, env)
    const debug = (message: string): void => core.debug(redactor.redact(message))
    const info = (message: string): void => core.info(redactor.redact(message))
    const http = createHttp(policyFromEnv(env), debug)
    const threads = createThreadsClient({ baseUrl: inputs.threadsApiUrl, http, mask: redactor.mask, debug })
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http, debug })
    const store = createSecretStore(octokit, inputs.target)

    const outcome = await keepToken(inputs, { threads, store, now: () => new Date(), info })
    await report(outcome, new Date())
    if (outcome.failures.length > 0) {
      for (const failure of outcome.failures) core.error(redactor.redact(failure))
      process.exitCode = core.ExitCode.Failure
    }
  } catch (error) {
    await fail(error, redactor)
  }
}

function rawInput(name: string): string {
  return core.getInput(name, { trimWhitespace: false })
}

async function fail(error: unknown, redactor: Redactor): Promise<void> {
  if (error instanceof InputError) {
    for (const problem of error.problems) core.error(redactor.redact(problem))
    process.exitCode = core.ExitCode.Failure
    return
  }
  if (error instanceof HandBackError) {
    core.setFailed(
      redactor.redact(`${explain(error.cause)} The new token is not lost: it is printed below, sealed, with the command that stores it.`)
    )
    await reportHandBack(error).catch(() => undefined)
    return
  }
  core.setFailed(redactor.redact(explain(error)))
}
