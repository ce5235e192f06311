import * as core from '@actions/core'
import { explain } from './errors.js'
import { createSecretStore, createOctokit } from './github.js'
import { createGraphClient } from './graph.js'
import { createHttp, policyFromEnv } from './http.js'
import { CREDENTIAL_INPUTS, InputError, cleanAuthorizationCode, readInputs } from './inputs.js'
import { keepToken } from './keeper.js'
import { createRedactor, type Redactor } from './redaction.js'
import { report } from './report.js'

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
    const { provider, apiUrl, oauthUrl } = inputs
    const graph = createGraphClient({ provider, apiUrl, oauthUrl, http, mask: redactor.mask, debug })
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http, debug })
    const stores = inputs.targets.map((target) => createSecretStore(octokit, target, inputs.secretType))

    const outcome = await keepToken(inputs, { graph, stores, now: () => new Date(), info })
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
  core.setFailed(redactor.redact(explain(error)))
}
