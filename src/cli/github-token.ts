/**
 * The GitHub token for the API a command talks to, by the GitHub CLI's own rule (`gh help
 * environment`): GH_TOKEN or GITHUB_TOKEN for github.com and its *.ghe.com subdomains,
 * GH_ENTERPRISE_TOKEN or GITHUB_ENTERPRISE_TOKEN for an Enterprise Server, else what
 * `gh auth token --hostname HOST` holds for that host. A token goes only to the host it belongs to:
 * github.com's login, often with wide scopes, never to whatever `--github-api-url` names.
 */
import { execFileSync } from 'node:child_process'

export interface GitHubToken {
  /** '' where no token belongs to the host. */
  token: string
  /** The host the token is for, as `gh` names it (github.com, octo.ghe.com, ghes.example.com:8443); undefined for an address that is none. */
  host: string | undefined
  /** Where it came from, for messages: GH_TOKEN, or `gh auth token --hostname HOST`; '' where none. */
  source: string
  /** Where to put one: the environment variables for this kind of host, in order of precedence. */
  variables: readonly [string, string]
  /** Variables that hold a token, but for another kind of host: not sent. */
  unsent: string[]
}

/** Runs `gh` with its arguments and returns what it printed; throws where it fails or is not installed. */
export type RunGh = (args: string[], env: NodeJS.ProcessEnv) => string

const CLOUD = ['GH_TOKEN', 'GITHUB_TOKEN'] as const
const ENTERPRISE = ['GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'] as const

const runGh: RunGh = (args, env) => execFileSync('gh', args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'ignore'] })

/** The host whose token an API address takes: github.com for api.github.com, octo.ghe.com for api.octo.ghe.com, an Enterprise Server's own host. */
export function githubHostOf(apiUrl: string): string | undefined {
  let host: string
  try {
    host = new URL(apiUrl).host.toLowerCase()
  } catch {
    return undefined
  }
  if (host === 'github.com' || host.endsWith('.github.com')) return 'github.com'
  return /^api\.([^.]+\.ghe\.com)$/.exec(host)?.[1] ?? host
}

const isCloud = (host: string): boolean => host === 'github.com' || host.endsWith('.ghe.com')

export function githubToken(env: NodeJS.ProcessEnv, apiUrl: string, gh: RunGh = runGh): GitHubToken {
  const host = githubHostOf(apiUrl)
  if (host === undefined) return { token: '', source: '', host, variables: CLOUD, unsent: [] }
  const [variables, others] = isCloud(host) ? [CLOUD, ENTERPRISE] : [ENTERPRISE, CLOUD]
  const found = { host, variables, unsent: others.filter((name) => env[name]) }
  const named = variables.find((name) => env[name])
  if (named) return { ...found, token: env[named] ?? '', source: named }
  const args = ['auth', 'token', '--hostname', host]
  try {
    const token = gh(args, env).trim()
    return { ...found, token, source: token ? `\`gh ${args.join(' ')}\`` : '' }
  } catch {
    return { ...found, token: '', source: '' }
  }
}

/** Where no token belongs to the host: where one comes from, and why a token that is set was not used. */
export function noTokenFor({ host = 'github.com', variables, unsent }: GitHubToken): string {
  const [first, second] = variables
  const theirs = variables === CLOUD ? 'GitHub Enterprise Server' : 'github.com and *.ghe.com'
  const kept =
    unsent.length > 0 ? ` ${unsent.join(' and ')} ${unsent.length > 1 ? 'are' : 'is'} set, but for ${theirs}: not sent to ${host}.` : ''
  return `No GitHub token for ${host}: set ${first} (or ${second}), or log in with \`gh auth login --hostname ${host}\`.${kept}`
}
