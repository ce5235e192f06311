// Named imports, so that the bundler can leave out what the action never calls.
import { debug as logDebug, error as logError, getInput, info as logInfo, setFailed, setSecret, warning } from '@actions/core'
import { InputError, explain, needsHuman } from './errors.js'
import { createOctokit, createSecretStore, type SecretStore } from './github.js'
import { createGraphClient } from './graph.js'
import { createHttp, policyFromEnv, type Http } from './http.js'
import { CREDENTIAL_INPUTS, DEFAULT_GITHUB_API_URL, cleanAuthorizationCode, readInputs, type Inputs } from './inputs.js'
import { keepToken } from './keeper.js'
import { PROVIDERS, authorizeUrl, isProviderName } from './providers.js'
import { createRedactor } from './redaction.js'
import { report } from './report.js'
import { createUpkeep, readUpkeep, runContext, type Upkeep } from './upkeep.js'

/** The whole action, behind one error boundary: users see one clear line, never a stack. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redactor = createRedactor(setSecret)
  const debug = (message: string): void => logDebug(redactor.redact(message))
  const info = (message: string): void => logInfo(redactor.redact(message))
  let upkeep: Upkeep | undefined
  let storedExpiry = (): Promise<string | undefined> => Promise.resolve(undefined)

  try {
    // Before anything can print them, even a validation error.
    for (const name of CREDENTIAL_INPUTS) redactor.mask(rawInput(name))
    redactor.mask(env.GITHUB_TOKEN ?? '') // workflow-token's stand-in where the input is empty
    redactor.mask(cleanAuthorizationCode(rawInput('authorization-code')))
    const http = createHttp(policyFromEnv(env), debug)
    // Set up before the inputs are judged, so that even unusable inputs can raise the alarm.
    upkeep = upkeepFrom(env, http, debug)

    const inputs = readInputs(input, env)
    const { provider, apiUrl, oauthUrl } = inputs
    const graph = createGraphClient({ provider, apiUrl, oauthUrl, http, mask: redactor.mask, debug })
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http, debug })
    const stores = inputs.targets.map((target) => createSecretStore(octokit, target, inputs.secretType))
    storedExpiry = () => readExpiry(inputs, stores)

    const outcome = await keepToken(inputs, { graph, stores, now: () => new Date(), info })
    // Messages may quote the services, which may quote credentials back: clean before any output.
    outcome.warnings = outcome.warnings.map(redactor.redact)
    outcome.failures = outcome.failures.map(redactor.redact)
    await report(outcome, new Date())
    if (outcome.failures.length === 0) {
      // A dry run renewed nothing: it neither keeps the schedule alive nor closes the issue.
      if (!outcome.dryRun) await upkeep.succeeded()
      return
    }
    for (const failure of outcome.failures) logError(failure)
    process.exitCode = 1
    if (outcome.humanNeeded) await upkeep.failed(outcome.failures.join(' '), await storedExpiry())
  } catch (error) {
    const message = redactor.redact(error instanceof InputError ? error.problems.join(' ') : explain(error))
    if (error instanceof InputError) {
      for (const problem of error.problems) logError(redactor.redact(problem))
      process.exitCode = 1
    } else {
      setFailed(message)
    }
    if (needsHuman(error)) await upkeep?.failed(message, await storedExpiry())
  }
}

function rawInput(name: string): string {
  return getInput(name, { trimWhitespace: false })
}

function input(name: string): string {
  return rawInput(name).trim()
}

/** Built from the raw inputs, forgivingly: it must work even when the other inputs are unusable. */
function upkeepFrom(env: NodeJS.ProcessEnv, http: Http, debug: (message: string) => void): Upkeep {
  const settings = readUpkeep(input, env, [])
  const providerName = input('provider') || 'threads'
  const provider = isProviderName(providerName) ? PROVIDERS[providerName] : PROVIDERS.threads
  const appId = input('app-id')
  const redirectUri = input('redirect-uri')
  const startOver = /^\d+$/.test(appId) && /^https:\/\/\S+$/.test(redirectUri) ? authorizeUrl(provider, appId, redirectUri) : undefined
  const context = runContext(env, provider.label, (input('secret-name') || provider.defaultSecretName).toUpperCase(), startOver)
  // The workflow's token belongs to the server running the workflow, whatever github-api-url names.
  const octokit = createOctokit({ token: settings.workflowToken, baseUrl: env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL, http, debug })
  return createUpkeep(octokit, settings, context, (message) => warning(message))
}

/** The stored token's expiry, from the expiry variable of the first target, where one is kept. Never rejects. */
async function readExpiry(inputs: Inputs, stores: SecretStore[]): Promise<string | undefined> {
  const [store] = stores
  if (!inputs.expiresAtVariable || !store) return undefined
  return store.readVariable(inputs.expiresAtVariable).catch(() => undefined)
}
