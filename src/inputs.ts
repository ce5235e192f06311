/**
 * Reads and validates every input before anything is sent, so that a typo costs nothing:
 * no code spent, no request made. Each problem names its input and the fix.
 */

import { InputError } from './errors.js'
import { PROVIDERS, isProviderName, type Provider } from './providers.js'
import { readDestination, type SecretType, type Target } from './targets.js'
import { readFlag } from './flags.js'
import { readUpkeep } from './upkeep.js'

export type Flow = 'authorization-code' | 'short-lived-token' | 'refresh'

export type Start =
  | { flow: 'authorization-code'; code: string; appId: string; appSecret: string; redirectUri: string }
  | { flow: 'short-lived-token'; token: string; appSecret: string }
  | { flow: 'refresh'; token: string }

export interface Inputs {
  provider: Provider
  start: Start
  githubToken: string
  targets: Target[]
  secretType: SecretType
  secretName: string
  userIdVariable?: string
  expiresAtVariable?: string
  dryRun: boolean
  /** Base URL of the provider's Graph API. */
  apiUrl: string
  /** Base URL where the provider exchanges codes. */
  oauthUrl: string
  githubApiUrl: string
}

/** The inputs that carry credentials: masked before anything else happens. */
export const CREDENTIAL_INPUTS = [
  'authorization-code',
  'short-lived-token',
  'long-lived-token',
  'app-secret',
  'github-token',
  'workflow-token'
] as const

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

export { InputError }

type GetInput = (name: string) => string

const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Threads appends `#_` to the redirect; people also paste the whole address they landed on. */
export function cleanAuthorizationCode(raw: string): string {
  let code = raw.trim()
  if (/^https?:\/\//i.test(code)) {
    try {
      code = new URL(code).searchParams.get('code') ?? code
    } catch {
      // Not a URL after all: validated as a code below.
    }
  }
  return code.replace(/#_?$/, '').trim()
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname)
}

/** `credential: false` reads everything but the Threads credential, for commands that send none. */
export function readInputs(getInput: GetInput, env: NodeJS.ProcessEnv, { credential = true } = {}): Inputs {
  const problems: string[] = []
  const get = (name: string): string => getInput(name).trim()

  function checkName(input: string, value: string, kind: 'secret' | 'variable'): string {
    const upper = value.toUpperCase()
    if (!NAME_RULE.test(value) || upper.startsWith('GITHUB_')) {
      problems.push(
        `Input '${input}' is '${value}', which is not a valid GitHub ${kind} name: use letters, digits ` +
          `and '_', do not start with a digit or with GITHUB_ (for example THREAD_ACCESS_TOKEN).`
      )
    }
    return upper
  }

  function checkUrl(input: string, value: string): string {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      problems.push(`Input '${input}' is not a URL: give an address such as https://host.`)
      return value
    }
    const loopbackHttp = url.protocol === 'http:' && isLoopbackHost(url.hostname)
    if (url.protocol !== 'https:' && !loopbackHttp) {
      problems.push(`Input '${input}' must use https:// (plain http:// is accepted only for localhost).`)
    } else if (url.username || url.password || url.search || url.hash) {
      problems.push(`Input '${input}' must be a plain base address, without credentials, query or fragment.`)
    }
    return url.origin + url.pathname.replace(/\/+$/, '')
  }

  function required(input: string, value: string, why: string): string {
    if (!value) problems.push(`Input '${input}' is required ${why}.`)
    return value
  }

  const providerName = get('provider') || 'threads'
  if (!isProviderName(providerName)) problems.push(`Input 'provider' is '${providerName}': write threads or instagram.`)
  const provider = isProviderName(providerName) ? PROVIDERS[providerName] : PROVIDERS.threads
  const service = provider.label

  const code = cleanAuthorizationCode(get('authorization-code'))
  const shortLived = get('short-lived-token')
  const longLived = get('long-lived-token')
  for (const input of CREDENTIAL_INPUTS) {
    if (/\s/.test(input === 'authorization-code' ? code : get(input))) {
      problems.push(`Input '${input}' contains white space inside it: paste the value alone, on one line.`)
    }
  }
  if (/^https?:\/\//i.test(code)) {
    problems.push(
      `Input 'authorization-code' is an address without a 'code' parameter: authorize again and paste the code ` +
        `(or the whole address) from the redirect that follows approval.`
    )
  }

  let start: Start
  if (code) {
    const why = 'to exchange an authorization-code'
    const appId = required('app-id', get('app-id'), `${why}: the ${service} App ID from your app's settings`)
    if (appId && !/^\d+$/.test(appId)) {
      problems.push(`Input 'app-id' must be the numeric ${service} App ID (not the app's name).`)
    }
    const redirectUri = required('redirect-uri', get('redirect-uri'), `${why}: the exact redirect URI registered for your ${service} app`)
    if (redirectUri && !/^https:\/\/[^\s]+$/i.test(redirectUri)) {
      problems.push(`Input 'redirect-uri' must be the https:// address registered for your ${service} app, character for character.`)
    }
    const appSecret = required('app-secret', get('app-secret'), `${why}: the ${service} App Secret`)
    start = { flow: 'authorization-code', code, appId, appSecret, redirectUri }
  } else if (shortLived) {
    const appSecret = required('app-secret', get('app-secret'), `to exchange a short-lived-token: the ${service} App Secret`)
    start = { flow: 'short-lived-token', token: shortLived, appSecret }
  } else if (longLived) {
    start = { flow: 'refresh', token: longLived }
  } else {
    if (credential)
      problems.push(
        `No credential to start from: set 'long-lived-token' (scheduled renewal), or 'authorization-code' ` +
          `(first run), or 'short-lived-token'.`
      )
    start = { flow: 'refresh', token: '' }
  }

  const githubToken = required(
    'github-token',
    get('github-token'),
    "to write the secret: a fine-grained token with 'Secrets: read and write' on the repository " +
      "(the workflow's own GITHUB_TOKEN cannot write secrets)"
  )

  const { targets, secretType } = readDestination(get, env, problems)

  const secretName = checkName('secret-name', get('secret-name') || provider.defaultSecretName, 'secret')
  const userIdVariable = get('user-id-variable')
  const expiresAtVariable = get('expires-at-variable')

  const dryRun = readFlag(get, 'dry-run', problems)
  // Read again, forgivingly, by main before the inputs are judged; here only its problems count.
  readUpkeep(get, env, problems)

  // Every URL input given is checked, even another provider's: a typo there is still a typo.
  const urls = new Map<string, string>()
  for (const { apiUrlInput, defaultApiUrl, oauthUrlInput, defaultOauthUrl } of Object.values(PROVIDERS)) {
    urls.set(apiUrlInput, checkUrl(apiUrlInput, get(apiUrlInput) || defaultApiUrl))
    if (oauthUrlInput && defaultOauthUrl) urls.set(oauthUrlInput, checkUrl(oauthUrlInput, get(oauthUrlInput) || defaultOauthUrl))
  }
  const apiUrl = urls.get(provider.apiUrlInput) ?? provider.defaultApiUrl

  const inputs: Inputs = {
    provider,
    start,
    githubToken,
    targets,
    secretType,
    secretName,
    dryRun,
    apiUrl,
    oauthUrl: provider.oauthUrlInput ? (urls.get(provider.oauthUrlInput) ?? apiUrl) : apiUrl,
    githubApiUrl: checkUrl('github-api-url', get('github-api-url') || (env.GITHUB_API_URL ?? '').trim() || DEFAULT_GITHUB_API_URL)
  }
  if (userIdVariable) inputs.userIdVariable = checkName('user-id-variable', userIdVariable, 'variable')
  if (expiresAtVariable) inputs.expiresAtVariable = checkName('expires-at-variable', expiresAtVariable, 'variable')
  if (inputs.userIdVariable && inputs.userIdVariable === inputs.expiresAtVariable) {
    problems.push(`Inputs 'user-id-variable' and 'expires-at-variable' name the same variable: give them different names.`)
  }

  if (problems.length > 0) throw new InputError(problems)
  return inputs
}
