/** What keeps the token from dying unnoticed, read from the inputs whatever else is wrong with them, so that it can raise the alarm. */
import { secretLabel, type UpkeepSettings } from '../github/upkeep.js'
import { quoted } from '../shared/errors.js'
import type { App, Provider } from '../services/provider.js'
import { authorizes, authorizeUrl, type Authorizing } from '../services/registry.js'
import { isRedirectUri } from './credential.js'
import type { Fields } from './fields.js'

/** What upkeep takes from the rest of the inputs: `app` where the credential's reading read it already. */
export interface UpkeepBasis {
  provider: Provider
  secretName: string | undefined
  refreshTokenSecret: string | undefined
  /** The variables kept beside the secret, where given: names the user typed. */
  variables: Array<string | undefined>
  app: App
  apiUrl: string
}

/** What keeps the token from dying unnoticed; read whatever else is wrong, so that it can raise the alarm. */
export function readUpkeep(
  fields: Fields,
  env: NodeJS.ProcessEnv,
  { provider, secretName, refreshTokenSecret, variables, app, apiUrl }: UpkeepBasis
): UpkeepSettings {
  const { get, flag, problem } = fields
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
  const { appId, redirectUri } = app
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const appKnown = authorizes(provider) && provider.appId.valid(appId) && isRedirectUri(redirectUri, provider)
  // A Meta app id is a public number; any other client id is typed by the user and may be anything: never in an issue.
  const appIdPublic = /^\d+$/.test(appId)
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
      // The secret the issues speak of: the token's, or where only a refresh token is kept, its.
      secretName: secretName
        ? secretLabel(secretName, provider.defaultSecretName)
        : secretLabel(refreshTokenSecret ?? '', provider.defaultRefreshTokenSecret),
      typedNames: [
        { name: secretName, defaultName: provider.defaultSecretName },
        { name: refreshTokenSecret, defaultName: provider.defaultRefreshTokenSecret },
        ...variables.map((name) => ({ name }))
      ],
      authorizeUrl: appKnown && appIdPublic ? authorizeUrl(provider, appId, redirectUri) : undefined,
      codeLife: provider.words.codeLife,
      guide: provider.words.guide,
      expiry: provider.expiry,
      loginCommand:
        appKnown && owner && repo
          ? loginCommand(provider, appIdPublic ? shellQuoted(appId) : '<your-app-id>', redirectUri, `${owner}/${repo}`)
          : undefined,
      // A code cannot be given to a manual run where PKCE binds it to its login, or no authorize page is known.
      ...(provider.authorize && !provider.authorize.pkce
        ? {}
        : { authorizeAgain: provider.words.authorizeAgain ?? 'authorize again at the service' })
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

/** A value in single quotes, for a POSIX shell: nothing in it is expanded. */
const shellQuoted = (value: string): string => `'${value.replace(/'/g, "'\\''")}'`

/** The command that authorizes again from a terminal and stores the token, as the README runs the command line before a release. */
function loginCommand(provider: Authorizing, appIdArgument: string, redirectUri: string, repository: string): string {
  const flags = [
    ...(provider.name === 'threads' ? [] : ['--provider', provider.name]),
    '--app-id',
    appIdArgument,
    '--redirect-uri',
    shellQuoted(redirectUri),
    '--repo',
    shellQuoted(repository)
  ]
  return `npx github:threads-token-keeper/threads-token-keeper login ${flags.join(' ')}`
}
