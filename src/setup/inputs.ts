/**
 * Reads and validates every input once, before anything is sent, so that a typo costs nothing:
 * no code spent, no request made. Each problem names its input and the fix. Even where the other
 * inputs are unusable, what upkeep needs to raise the alarm is read and returned.
 */
import type { Credential, KeepRequest } from '../core/request.js'
import type { SecretType, Target } from '../github/targets.js'
import { secretLabel, type UpkeepSettings } from '../github/upkeep.js'
import { PROVIDERS, authorizePageOf, authorizeUrl, providerNamed, type Provider } from '../meta/providers.js'
import { quoted, type InputProblem } from '../shared/errors.js'
import { hasControlCharacters } from '../shared/inert.js'
import { readDestination } from './destination.js'
import { createFields, readRedirect, type Fields, type GetInput } from './fields.js'

/** Everything a run needs, read from the action's inputs or the command line's flags. */
export interface Settings {
  provider: Provider
  request: KeepRequest
  githubToken: string
  targets: Target[]
  /** The secret stores written at each target: Actions, Dependabot, or both. */
  secretTypes: SecretType[]
  /** Base URL of the provider's Graph API. */
  apiUrl: string
  /** Base URL where the provider exchanges codes. */
  oauthUrl: string
  githubApiUrl: string
}

/** Settings where the inputs are usable, problems where they are not; upkeep settings either way. */
export type InputReading =
  { settings: Settings; problems: []; upkeep: UpkeepSettings } | { settings?: undefined; problems: InputProblem[]; upkeep: UpkeepSettings }

/** The inputs that carry credentials: masked before anything else happens. */
export const CREDENTIAL_INPUTS = [
  'authorization-code',
  'short-lived-token',
  'long-lived-token',
  'app-secret',
  'github-token',
  'workflow-token'
] as const

const DEFAULT_GITHUB_API_URL = 'https://api.github.com'

/** `credential: false` reads everything but the Threads credential, for commands that send none. */
export function readInputs(getInput: GetInput, env: NodeJS.ProcessEnv, { credential: needed = true } = {}): InputReading {
  const fields = createFields(getInput)
  const { text } = fields
  const provider = readProvider(fields)

  const credential = readCredential(fields, provider.label, needed)
  // The app, where a code is exchanged: read there; otherwise read for upkeep alone.
  const app = credential.flow === 'authorization-code' ? credential : undefined
  const githubToken = fields.required(
    'github-token',
    fields.get('github-token'),
    "to write the secret: a fine-grained token with 'Secrets: read and write' on the repository " +
      "(the workflow's own GITHUB_TOKEN cannot write secrets)"
  )
  const { targets, secretTypes } = readDestination(fields, env)
  const secretName = fields.name('secret-name', text('secret-name') || provider.defaultSecretName, 'secret')
  const dryRun = fields.flag('dry-run')
  // The API of the server running the workflow: the workflow's token is valid there.
  const runnerApiUrl = (env.GITHUB_API_URL ?? '').trim() || DEFAULT_GITHUB_API_URL
  const upkeep = readUpkeep(fields, env, { provider, secretName, app, apiUrl: runnerApiUrl })
  const urls = readUrls(fields, provider, runnerApiUrl)
  const variables = readVariables(fields)

  const request: KeepRequest = { service: provider.label, credential, secretName, ...variables, dryRun }
  const settings: Settings = { provider, request, githubToken, targets, secretTypes, ...urls }
  return fields.problems.length === 0 ? { settings, problems: [], upkeep } : { problems: fields.problems, upkeep }
}

/** By precedence: a code (first run), a short-lived token, the current long-lived token (renewal). */
function readCredential(fields: Fields, service: string, needed: boolean): Credential {
  const { get, problem, required } = fields
  const { code } = readRedirect(get('authorization-code'))
  for (const input of CREDENTIAL_INPUTS) {
    const value = input === 'authorization-code' ? code : get(input)
    if (/\s/.test(value) || hasControlCharacters(value)) {
      problem(input, 'contains white space inside it: paste the value alone, on one line.')
    }
  }
  if (/^https?:\/\//i.test(code)) {
    const page = authorizePageOf(code)
    problem(
      'authorization-code',
      page
        ? `is ${page.label}'s authorize address itself: open it in a browser, approve, then paste the address ` +
            `you are sent to afterwards (it carries a 'code'), or just the code.`
        : `is an address without a 'code' parameter: authorize again and paste the code ` +
            `(or the whole address) from the redirect that follows approval.`
    )
  }

  if (code) {
    const why = 'to exchange an authorization-code'
    const { appId, redirectUri } = readApp(fields, service, why)
    const appSecret = required('app-secret', get('app-secret'), `${why}: the ${service} App Secret`)
    return { flow: 'authorization-code', code, appId, appSecret, redirectUri }
  }
  const shortLived = get('short-lived-token')
  if (shortLived) {
    const appSecret = required('app-secret', get('app-secret'), `to exchange a short-lived-token: the ${service} App Secret`)
    return { flow: 'short-lived-token', token: shortLived, appSecret }
  }
  const longLived = get('long-lived-token')
  if (!longLived && needed) {
    fields.sentence(
      'long-lived-token',
      `No credential to start from: set 'long-lived-token' (scheduled renewal), or 'authorization-code' ` +
        `(first run), or 'short-lived-token'.`
    )
  }
  return { flow: 'refresh', token: longLived }
}

/** The app that asks for authorization: its numeric id and its registered https redirect URI. */
function readApp({ text, problem, required }: Fields, service: string, why: string): Pick<Authorization, 'appId' | 'redirectUri'> {
  const appId = required('app-id', text('app-id'), `${why}: the ${service} App ID from your app's settings`)
  if (appId && !isAppId(appId)) problem('app-id', `must be the numeric ${service} App ID (not the app's name).`)
  const redirectUri = required('redirect-uri', text('redirect-uri'), `${why}: the exact redirect URI registered for your ${service} app`)
  if (redirectUri && !isRedirectUri(redirectUri)) {
    problem('redirect-uri', `must be the https:// address registered for your ${service} app, character for character.`)
  }
  return { appId, redirectUri }
}

/** What the authorize address needs, by the rules a code exchange follows: asking costs nothing, but a wrong app id wastes a trip to the browser. */
export interface Authorization {
  provider: Provider
  appId: string
  redirectUri: string
}

export function readAuthorization(
  getInput: GetInput
): { authorization: Authorization; problems: [] } | { authorization?: undefined; problems: InputProblem[] } {
  const fields = createFields(getInput)
  const provider = readProvider(fields)
  const authorization = { provider, ...readApp(fields, provider.label, 'to build the authorize address') }
  return fields.problems.length === 0 ? { authorization, problems: [] } : { problems: fields.problems }
}

function readProvider({ text, problem }: Fields): Provider {
  const name = text('provider') || 'threads'
  const provider = providerNamed(name)
  if (!provider) problem('provider', `is ${quoted(name)}: write threads or instagram.`, name)
  return provider ?? PROVIDERS.threads
}

const isAppId = (value: string): boolean => /^\d+$/.test(value)
const isRedirectUri = (value: string): boolean => /^https:\/\/[^\s]+$/i.test(value)

/** What upkeep takes from the rest of the inputs: `app` where the credential's reading read it already. */
interface UpkeepBasis {
  provider: Provider
  secretName: string
  app: Pick<Authorization, 'appId' | 'redirectUri'> | undefined
  apiUrl: string
}

/** What keeps the token from dying unnoticed; read whatever else is wrong, so that it can raise the alarm. */
function readUpkeep(fields: Fields, env: NodeJS.ProcessEnv, { provider, secretName, app, apiUrl }: UpkeepBasis): UpkeepSettings {
  const { get, text, flag, problem } = fields
  const keepScheduleAlive = flag('keep-schedule-alive')
  const keepAliveWorkflows = readWorkflowFiles(fields)
  const failureIssue = flag('failure-issue')
  const workflowToken = get('workflow-token') || (env.GITHUB_TOKEN ?? '').trim()
  if ((keepScheduleAlive || keepAliveWorkflows.length > 0 || failureIssue) && !workflowToken) {
    problem(
      'workflow-token',
      `is empty: keep-schedule-alive, keep-alive-workflows and failure-issue need the workflow's token (the default, \${{ github.token }}).`
    )
  }
  const { appId, redirectUri } = app ?? { appId: text('app-id'), redirectUri: text('redirect-uri') }
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  return {
    keepScheduleAlive,
    keepAliveWorkflows,
    failureIssue,
    workflowToken,
    // The workflow's token belongs to the server running the workflow, whatever github-api-url names.
    apiUrl,
    context: {
      owner,
      repo,
      workflowRef: env.GITHUB_WORKFLOW_REF,
      workflowName: env.GITHUB_WORKFLOW,
      runId: env.GITHUB_RUN_ID,
      runUrl:
        env.GITHUB_SERVER_URL && env.GITHUB_RUN_ID
          ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          : undefined,
      service: provider.label,
      secretName: secretLabel(secretName, provider.defaultSecretName),
      authorizeUrl: isAppId(appId) && isRedirectUri(redirectUri) ? authorizeUrl(provider, appId, redirectUri) : undefined
    }
  }
}

/** Workflow files of the repository, by name ('post.yml'; '.github/workflows/post.yml' is read as that). */
function readWorkflowFiles({ list, problem }: Fields): string[] {
  const files = list('keep-alive-workflows').map((item) => item.replace(/^\.?\/?\.github\/workflows\//, ''))
  // Once each: 'post.yml' and '.github/workflows/post.yml' are one file.
  for (const file of new Set(files.filter((file) => !/^[^/\\]+\.ya?ml$/i.test(file) || /^\.+\./.test(file)))) {
    problem(
      'keep-alive-workflows',
      `names ${quoted(file)}: give the file name of a workflow of this repository, for example post.yml.`,
      file
    )
  }
  return files
}

/** Every URL input given is checked, even another provider's: a typo there is still a typo. */
function readUrls(fields: Fields, provider: Provider, runnerApiUrl: string): Pick<Settings, 'apiUrl' | 'oauthUrl' | 'githubApiUrl'> {
  const { text, url } = fields
  const urls = new Map<string, string>()
  for (const { apiUrlInput, defaultApiUrl, oauthUrlInput, defaultOauthUrl } of Object.values(PROVIDERS)) {
    urls.set(apiUrlInput, url(apiUrlInput, text(apiUrlInput) || defaultApiUrl))
    if (oauthUrlInput && defaultOauthUrl) urls.set(oauthUrlInput, url(oauthUrlInput, text(oauthUrlInput) || defaultOauthUrl))
  }
  const apiUrl = urls.get(provider.apiUrlInput) ?? provider.defaultApiUrl
  return {
    apiUrl,
    oauthUrl: provider.oauthUrlInput ? (urls.get(provider.oauthUrlInput) ?? apiUrl) : apiUrl,
    githubApiUrl: url('github-api-url', text('github-api-url') || runnerApiUrl)
  }
}

function readVariables({ text, name, sentence }: Fields): Pick<KeepRequest, 'userIdVariable' | 'expiresAtVariable'> {
  const userId = text('user-id-variable')
  const expiresAt = text('expires-at-variable')
  const variables = {
    ...(userId ? { userIdVariable: name('user-id-variable', userId, 'variable') } : {}),
    ...(expiresAt ? { expiresAtVariable: name('expires-at-variable', expiresAt, 'variable') } : {})
  }
  if (variables.userIdVariable && variables.userIdVariable === variables.expiresAtVariable) {
    sentence('user-id-variable', `Inputs 'user-id-variable' and 'expires-at-variable' name the same variable: give them different names.`)
  }
  return variables
}
