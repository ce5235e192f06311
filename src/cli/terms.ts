/**
 * The command line's terms for what the action calls inputs (flags, the environment, prompts), and
 * what every command does alike: say a line, reach the services.
 */
import { connect, type Connection, type Provider } from '../setup/connect.js'
import { createFields, type GetInput } from '../setup/fields.js'
import type { Settings } from '../setup/inputs.js'
import { GitHubError, type InputProblem } from '../shared/errors.js'
import { capital, explain, type Terms } from '../shared/explain.js'
import { createHttp, policyFromEnv } from '../shared/http.js'
import { oneLine } from '../shared/inert.js'
import type { Redactor } from '../shared/redaction.js'
import type { Transport } from '../shared/transport.js'
import { githubToken, noTokenFor, type GitHubToken } from './github-token.js'
import { COMMANDS, NAME, type Command } from './help.js'
import type { LineReader } from './prompt.js'

export type Values = Record<string, string | boolean | undefined>

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  lines: LineReader
  env: NodeJS.ProcessEnv
  /**
   * From now on, Ctrl-C (SIGINT, SIGTERM) cancels rather than kills: the requests stop, and a token
   * already obtained is printed sealed before the command exits. Only around the requests, so that
   * Ctrl-C at a prompt still ends the command at once.
   */
  catchCancel?: () => AbortSignal
}

/** What every command runs with: its flags, the provider they name, the terminal, and what to redact. */
export interface CommandContext {
  command: Command
  values: Values
  provider: Provider
  io: CliIo
  redactor: Redactor
  /** Where the app secret comes from: THREADS_APP_SECRET, INSTAGRAM_APP_SECRET. */
  secretEnv: string
}

/** A line on standard error, credentials redacted, on one line: run in a workflow, it cannot start a workflow command. */
export function say({ io, redactor }: Pick<CommandContext, 'io' | 'redactor'>, line: string): void {
  io.err(oneLine(redactor.redact(line)))
}

/** Wrong usage: said on standard error, exit 2. */
export function usage(context: CommandContext, ...lines: string[]): number {
  for (const line of lines) say(context, line)
  return EXIT.usage
}

/** The services on the action's HTTP policy (from the environment), logging nothing, every credential received redacted. */
export function connectServices(
  { io, redactor }: CommandContext,
  settings: Settings,
  transport: Transport,
  cancelled?: AbortSignal
): Connection {
  const http = createHttp(policyFromEnv(io.env), () => undefined, transport, cancelled)
  return connect(settings, { http, mask: redactor.mask, debug: () => undefined })
}

/** What a command took from elsewhere than a flag: the GitHub token (from the environment or `gh`), the app secret (or a prompt). */
export interface Given {
  githubToken?: GitHubToken
  appSecret?: string
}

/**
 * Unusable flags: each problem in the command line's terms, exit 2. Where a value taken from
 * elsewhere than a flag (`given`) is empty, the command says where it comes from and what this
 * command needs it for, rather than the action's words. No GitHub token is looked for where
 * '--github-api-url' is unusable: that problem alone is said.
 */
export function refuse(context: CommandContext, problems: InputProblem[], given: Given = {}): number {
  const lookedFor = given.githubToken?.host !== undefined
  const said = problems.filter(({ input }) => input !== 'github-token' || lookedFor || !given.githubToken)
  return usage(context, ...said.map((problem) => describeForCli(problem, context, given)))
}

/** The action's inputs, from the flags and the values that come from elsewhere: one validation for both. */
export function flagsAsInputs(values: Values, extra: Record<string, string>): GetInput {
  const renamed: Record<string, string | undefined> = { repository: values.repo as string | undefined }
  return (name) => extra[name] ?? renamed[name] ?? (typeof values[name] === 'string' ? values[name] : '')
}

/** What the GitHub token must be allowed to do, by command. */
const TOKEN_NEEDS: Record<Command, string> = {
  url: '',
  login:
    "login writes the secret: a fine-grained token with 'Secrets: read and write' on the repository (and 'Variables: read and write' " +
    "for the variables), or the GitHub CLI's login (scope 'repo').",
  status:
    "status only reads: a token that may read the repository's secrets (never their values) and variables, such as a fine-grained " +
    "token with 'Secrets: read-only' and 'Variables: read-only', or the GitHub CLI's login."
}

/** The GitHub token, named by where it came from where that is known (GH_ENTERPRISE_TOKEN), else by where it may come from. */
function githubTokenName(github: GitHubToken | undefined): string {
  if (github?.source) return `the GitHub token (${github.source})`
  return `the GitHub token (${github?.variables.join(', ') ?? 'GH_TOKEN, GITHUB_TOKEN'} or \`gh auth token\`)`
}

/** An input of the action, as the command line names it: a flag, or where the value comes from. */
function cliName(input: string, secretEnv: string, given: Given = {}): string {
  const names: Record<string, string> = {
    repository: "'--repo'",
    'github-token': githubTokenName(given.githubToken),
    'app-secret': `the app secret (${secretEnv}, or typed at the prompt)`,
    'authorization-code': 'the pasted address or code'
  }
  return names[input] ?? `'--${input}'`
}

/** The words of explain() at a terminal: flags and the environment (the GitHub token by its source, where given), and login to start over. */
export function cliTerms({ provider, secretEnv }: Pick<CommandContext, 'provider' | 'secretEnv'>, githubToken?: GitHubToken): Terms {
  const login = `${NAME} login${provider.name === 'threads' ? '' : ` --provider ${provider.name}`}`
  return {
    input: (name) => cliName(name, secretEnv, githubToken ? { githubToken } : {}),
    authorizeAgain: `run \`${login}\` again to authorize in a browser`,
    freshCode: `run \`${login}\` again for a fresh code`,
    bootstrapGuide: '',
    later: 'Try again later.',
    writerNote: ''
  }
}

/**
 * A problem as the command line names its input: a flag, or where the value comes from. A sentence
 * about several inputs ("Inputs 'a' and 'b' …") has each of them renamed.
 */
function describeForCli(problem: InputProblem, { command, secretEnv, values }: CommandContext, given: Given): string {
  const { input, message, sentence } = problem
  if (sentence) {
    const renamed = message.replace(/'([a-z][a-z-]*)'/g, (quoted, name: string) =>
      isFlagOf(command, name) ? cliName(name, secretEnv, given) : quoted
    )
    return capital(renamed.replace(/^Inputs? (?=')/, ''))
  }
  if (input === 'github-token' && given.githubToken?.token === '') return `${noTokenFor(given.githubToken)} ${TOKEN_NEEDS[command]}`
  if (input === 'app-secret' && given.appSecret === '') return `No app secret: set ${secretEnv}, or type it at the prompt.`
  if (input === 'repository' && !values.repo) return `'--repo' is required: the repository that holds the secret, as owner/name.`
  return capital(`${cliName(input, secretEnv, given)} ${message}`)
}

/** An action input the command takes as a flag of the same name, or under a name of its own (repository, the app secret, …). */
const isFlagOf = (command: Command, input: string): boolean =>
  Object.hasOwn(COMMANDS[command].flags, input) || ['repository', 'github-token', 'app-secret', 'authorization-code'].includes(input)

/** GitHub's 401, in the command line's words: which token it refused, and how to get another. */
export function refusedGitHubToken(github: GitHubToken): string {
  return (
    `GitHub refused ${githubTokenName(github)} as invalid or expired: make a new one, or log in again with ` +
    `\`gh auth login --hostname ${github.host ?? 'github.com'}\`.`
  )
}

/** A failure of a command, in its words: GitHub's refusal of the token by the token's source, anything else by explain(). */
export function explainForCli(error: unknown, context: CommandContext, github?: GitHubToken): string {
  if (github && error instanceof GitHubError && error.status === 401) return refusedGitHubToken(github)
  return explain(error, cliTerms(context, github))
}

/**
 * The GitHub token for the API the flags name (github.com unless --github-api-url says otherwise),
 * masked. None is looked for where that address is unusable: its own problem says so.
 */
export function githubTokenFor({ values, io, redactor }: CommandContext): GitHubToken {
  const given = typeof values['github-api-url'] === 'string' ? values['github-api-url'].trim() : ''
  const fields = createFields(() => '')
  const apiUrl = fields.url('github-api-url', given || 'https://api.github.com')
  const found = githubToken(io.env, fields.problems.length === 0 ? apiUrl : '')
  redactor.mask(found.token)
  return found
}
