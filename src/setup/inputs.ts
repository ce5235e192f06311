/**
 * Reads and validates every input once, before anything is sent, so that a typo costs nothing:
 * no code spent, no request made. Each problem names its input and the fix. Even where the other
 * inputs are unusable, what upkeep needs to raise the alarm is read and returned.
 */
import type { KeepRequest } from '../core/request.js'
import type { SecretType, Target } from '../github/targets.js'
import type { UpkeepSettings } from '../github/upkeep.js'
import type { ClientAuthInput, Provider, ProviderSettings } from '../services/provider.js'
import { DEFAULT_PROVIDER, PROVIDERS, authorizes, providerChoices, providerNamed, type Authorizing } from '../services/registry.js'
import { quoted, type InputProblem } from '../shared/errors.js'
import { readApp, readCredential } from './credential.js'
import { readDestination } from './destination.js'
import { createFields, isLoopbackHost, type Fields, type GetInput } from './fields.js'
import { readUpkeep } from './upkeep-inputs.js'

export { CREDENTIAL_INPUTS } from './credential.js'

/** Everything a run needs, read from the action's inputs or the command line's flags. */
export interface Settings {
  provider: Provider
  request: KeepRequest
  githubToken: string
  targets: Target[]
  /** The secret stores written at each target: Actions, Dependabot, or both. */
  secretTypes: SecretType[]
  /** Base URL of the provider's API host. */
  apiUrl: string
  /** Base URL where the provider exchanges codes and tokens. */
  oauthUrl: string
  githubApiUrl: string
  /** What the provider's calls need: the app, and what is the provider's own (a Page). */
  providerSettings: ProviderSettings
}

/** Settings where the inputs are usable, problems where they are not; upkeep settings either way. */
export type InputReading =
  { settings: Settings; problems: []; upkeep: UpkeepSettings } | { settings?: undefined; problems: InputProblem[]; upkeep: UpkeepSettings }

const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

/** `credential: false` reads everything but the credential, for commands that send none. */
export function readInputs(getInput: GetInput, env: NodeJS.ProcessEnv, { credential: needed = true } = {}): InputReading {
  const fields = createFields(getInput)
  const { text } = fields
  const provider = readProvider(fields)

  const { credential, app } = readCredential(fields, provider, needed)
  const githubToken = fields.required(
    'github-token',
    fields.get('github-token'),
    "to write the secret: a fine-grained token with 'Secrets: read and write' on the repository " +
      "(the workflow's own GITHUB_TOKEN cannot write secrets)"
  )
  const { targets, secretTypes } = readDestination(fields, env)
  const givenName = text('secret-name') || provider.defaultSecretName
  const secretName = givenName ? fields.name('secret-name', givenName, 'secret') : undefined
  const refreshTokenSecret = readRefreshTokenSecret(fields, provider)
  if (secretName && secretName === refreshTokenSecret) {
    fields.sentence(
      'secret-name',
      "Inputs 'secret-name' and 'refresh-token-secret' name the same secret: the token would overwrite the refresh token. Give them different names."
    )
  }
  const dryRun = fields.flag('dry-run')
  // The API of the server running the workflow: the workflow's token is valid there.
  const runnerApiUrl = (env.GITHUB_API_URL ?? '').trim() || DEFAULT_GITHUB_API_URL
  const variables = readVariables(fields, provider)
  const typedVariables = [variables.userIdVariable, variables.expiresAtVariable]
  const upkeep = readUpkeep(fields, env, { provider, secretName, refreshTokenSecret, variables: typedVariables, app, apiUrl: runnerApiUrl })
  const urls = readUrls(fields, provider, runnerApiUrl)
  const pageId = readPageId(fields, provider)
  const endpoint = readTokenEndpoint(fields, provider, needed)

  const request: KeepRequest = {
    service: provider.label,
    credential,
    ...(secretName ? { secretName } : {}),
    ...(refreshTokenSecret ? { refreshTokenSecret } : {}),
    ...variables,
    expiry: provider.expiry,
    dryRun
  }
  const settings: Settings = {
    provider,
    request,
    githubToken,
    targets,
    secretTypes,
    ...urls,
    providerSettings: { app, pageId, ...endpoint }
  }
  return fields.problems.length === 0 ? { settings, problems: [], upkeep } : { problems: fields.problems, upkeep }
}

/**
 * Where a refresh token is written back: the input, or the provider's default; none where the service
 * grants none. Any OAuth 2.0 service has no default: one name would be shared by all a repository keeps.
 */
function readRefreshTokenSecret(fields: Fields, provider: Provider): string | undefined {
  const given = fields.text('refresh-token-secret')
  if (!provider.credentials.refreshToken) {
    if (given) fields.problem('refresh-token-secret', `is not used for ${provider.label}: it grants no refresh tokens.`)
    return undefined
  }
  const name = given || provider.defaultRefreshTokenSecret
  if (!name) {
    fields.required(
      'refresh-token-secret',
      '',
      "for this provider: the secret the refresh token is read from and written back to, as the workflow's refresh-token input reads it"
    )
    return undefined
  }
  return fields.name('refresh-token-secret', name, 'secret')
}

/** How a client authenticates at a token endpoint: the input's words. */
const CLIENT_AUTH: readonly ClientAuthInput[] = ['client-secret-basic', 'client-secret-post']

/** Any OAuth 2.0 service's token endpoint, and how to speak to it: only for the provider that takes them, and only where a credential is sent (not by status). */
function readTokenEndpoint(
  fields: Fields,
  provider: Provider,
  needed: boolean
): Pick<ProviderSettings, 'tokenUrl' | 'clientAuth' | 'scope'> {
  const { text, problem, required } = fields
  const given = { tokenUrl: text('token-url'), clientAuth: text('client-auth'), scope: text('scope') }
  if (!provider.tokenEndpointInputs) {
    for (const input of ['token-url', 'client-auth', 'scope'])
      if (text(input)) problem(input, `is only for provider oauth2, not ${provider.name}.`)
    return {}
  }
  const why = "for provider oauth2: the service's token endpoint, such as https://auth.example.com/oauth/token"
  const tokenUrl = needed ? required('token-url', given.tokenUrl, why) : given.tokenUrl
  const clientAuth = (given.clientAuth || 'client-secret-basic') as ClientAuthInput
  if (!CLIENT_AUTH.includes(clientAuth)) problem('client-auth', 'must be client-secret-basic or client-secret-post.', given.clientAuth)
  return {
    ...(tokenUrl ? { tokenUrl: tokenEndpointUrl(fields, tokenUrl) } : {}),
    clientAuth,
    ...(given.scope ? { scope: given.scope } : {})
  }
}

/** A token endpoint: https (http to loopback), no credentials or fragment; unlike a base URL, it keeps its path and any query. */
function tokenEndpointUrl({ problem }: Fields, value: string): string {
  let parsed: URL
  try {
    parsed = new URL(value)
  } catch {
    problem('token-url', 'is not a URL: give the token endpoint, such as https://auth.example.com/oauth/token.')
    return value
  }
  const loopback = parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)
  if (parsed.protocol !== 'https:' && !loopback) problem('token-url', 'must use https:// (plain http:// is accepted only for localhost).')
  else if (parsed.username || parsed.password || parsed.hash)
    problem('token-url', 'must be the endpoint alone, without credentials or fragment.')
  return parsed.href
}

/** Facebook's Page: digits, and only for the provider that keeps one. */
function readPageId({ text, problem }: Fields, provider: Provider): string | undefined {
  const pageId = text('page-id')
  if (!pageId) return undefined
  if (provider.name !== 'facebook') problem('page-id', `is only for provider facebook, not ${provider.name}.`)
  else if (!/^\d{1,30}$/.test(pageId))
    problem('page-id', "must be the Page's numeric id (the list a run gives names each Page with its id).")
  return pageId
}

/** What the authorize address needs, by the rules a code exchange follows: asking costs nothing, but a wrong app id wastes a trip to the browser. */
export interface Authorization {
  provider: Authorizing
  appId: string
  redirectUri: string
}

export function readAuthorization(
  getInput: GetInput
): { authorization: Authorization; problems: [] } | { authorization?: undefined; problems: InputProblem[] } {
  const fields = createFields(getInput)
  const provider = readProvider(fields)
  const { appId, redirectUri } = readApp(fields, provider, {
    why: 'to build the authorize address',
    id: true,
    redirect: true,
    secret: false
  })
  if (!authorizes(provider)) {
    fields.problem('provider', 'has no authorize page the action knows: authorize at the service, then give its refresh-token.')
    return { problems: fields.problems }
  }
  const authorization = { provider, appId, redirectUri }
  return fields.problems.length === 0 ? { authorization, problems: [] } : { problems: fields.problems }
}

function readProvider({ text, problem }: Fields): Provider {
  const name = text('provider') || DEFAULT_PROVIDER.name
  const provider = providerNamed(name)
  if (!provider) problem('provider', `is ${quoted(name)}: write ${providerChoices()}.`, name)
  return provider ?? DEFAULT_PROVIDER
}

/**
 * The provider's hosts: `api-url` points all of them at one base URL (stand-ins, a gateway); the v1
 * inputs (`threads-api-url`, …) still set their provider's; else the provider's own. Every URL input
 * given is checked, even another provider's: a typo there is still a typo.
 */
function readUrls(fields: Fields, provider: Provider, runnerApiUrl: string): Pick<Settings, 'apiUrl' | 'oauthUrl' | 'githubApiUrl'> {
  const { text, url } = fields
  const given = (input: string): string | undefined => (text(input) ? url(input, text(input)) : undefined)
  const legacy = new Map(
    PROVIDERS.flatMap(({ legacyUrlInputs }) => Object.values(legacyUrlInputs ?? {})).map((input) => [input, given(input)])
  )
  const override = given('api-url')
  const own = provider.legacyUrlInputs
  const apiUrl = override ?? (own && legacy.get(own.api)) ?? provider.hosts.api
  const oauthUrl = override ?? (own?.oauth && legacy.get(own.oauth)) ?? provider.hosts.oauth ?? apiUrl
  return { apiUrl, oauthUrl, githubApiUrl: url('github-api-url', text('github-api-url') || runnerApiUrl) }
}

function readVariables(
  { text, name, sentence, problem }: Fields,
  provider: Provider
): Pick<KeepRequest, 'userIdVariable' | 'expiresAtVariable'> {
  const userId = text('user-id-variable')
  const expiresAt = text('expires-at-variable')
  if (expiresAt && provider.expiry === 'never') {
    problem(
      'expires-at-variable',
      `has nothing to keep for ${provider.label}: its tokens never expire (they may only be invalidated, which a check finds).`
    )
  }
  const variables = {
    ...(userId ? { userIdVariable: name('user-id-variable', userId, 'variable') } : {}),
    ...(expiresAt ? { expiresAtVariable: name('expires-at-variable', expiresAt, 'variable') } : {})
  }
  if (variables.userIdVariable && variables.userIdVariable === variables.expiresAtVariable) {
    sentence('user-id-variable', `Inputs 'user-id-variable' and 'expires-at-variable' name the same variable: give them different names.`)
  }
  return variables
}
