/**
 * The command line's world for any provider: the provider's stand-in (the Threads Graph, Facebook's
 * Graph, LinkedIn) beside the GitHub stand-in, a repository and a secrets-writing token; the flags
 * that point login and status at them; and a browser that follows the redirect to a listening login.
 * Not a test file itself.
 */
import { createServer } from 'node:net'
import { FacebookStandIn, type FacebookStandInOptions } from '../stand-ins/facebook-api.js'
import { GitHubStandIn, type TokenGrant } from '../stand-ins/github-api.js'
import { GraphStandIn } from '../stand-ins/graph-api.js'
import { LinkedInStandIn, type LinkedInStandInOptions } from '../stand-ins/linkedin-api.js'
import type { StandInServer } from '../stand-ins/server.js'
import { XStandIn, type XStandInOptions } from '../stand-ins/x-api.js'
import { FULL_GRANT } from '../stand-ins/world.js'

export type CliProvider = 'threads' | 'facebook' | 'linkedin' | 'x'
export const CLI_PROVIDERS: CliProvider[] = ['threads', 'facebook', 'linkedin', 'x']

/** What login needs of any service stand-in. */
export interface ServiceStandIn {
  readonly server: StandInServer
  readonly url: string
  readonly appId: string
  readonly appSecret: string
  readonly redirectUri: string
  /** A code, as the redirect after approving the authorize `address` carries it (X binds it to the address's PKCE challenge). */
  issueCode(address?: string): string
  isValid(token: string): boolean
  credentials(): string[]
}

export interface CliWorldOptions {
  /** A loopback redirect URI (http://127.0.0.1:PORT/…) on a free port; Threads refuses one, so it keeps its https one; X always has one. */
  loopback?: boolean
  facebook?: FacebookStandInOptions
  linkedin?: LinkedInStandInOptions
  x?: XStandInOptions
  grant?: TokenGrant
}

export interface CliWorld {
  provider: CliProvider
  service: ServiceStandIn
  /** The stand-in itself, for what only it has. */
  facebook?: FacebookStandIn
  linkedin?: LinkedInStandIn
  x?: XStandIn
  github: GitHubStandIn
  repository: string
  githubToken: string
  /** THREADS_APP_SECRET, FACEBOOK_APP_SECRET, LINKEDIN_APP_SECRET. */
  secretEnv: string
  /** The secret login writes first: the token's, or X's refresh token's (its token lives two hours, and is not kept). */
  secretName: string
  /** login's flags, pointed at the stand-ins. */
  login(...extra: string[]): string[]
  /** status's flags, pointed at the GitHub stand-in. */
  status(...extra: string[]): string[]
  /** The app secret and the GitHub token, from the environment. */
  env(extra?: NodeJS.ProcessEnv): NodeJS.ProcessEnv
  /** The stored token, decrypted. */
  stored(name?: string): string
  credentials(): string[]
  close(): Promise<void>
}

/** A port nothing listens on now (the system's pick, released at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

const SECRET_NAMES: Record<CliProvider, string> = {
  threads: 'THREAD_ACCESS_TOKEN',
  facebook: 'FACEBOOK_ACCESS_TOKEN',
  linkedin: 'LINKEDIN_ACCESS_TOKEN',
  x: 'X_REFRESH_TOKEN'
}

type Startable = ServiceStandIn & { start(): Promise<string>; close(): Promise<void> }

/**
 * LinkedIn's or X's stand-in under the names the others use (its address read when asked: it has none
 * before it starts). X's codes are bound to the PKCE challenge of the address they answer.
 */
function asService(service: LinkedInStandIn | XStandIn): Startable {
  return {
    server: service.server,
    get url() {
      return service.url
    },
    appId: service.clientId,
    appSecret: service.clientSecret,
    redirectUri: service.redirectUri,
    issueCode: (address = '') =>
      service instanceof XStandIn ? service.issueCode(new URL(address).searchParams.get('code_challenge') ?? '') : service.issueCode(),
    isValid: (token) => service.isValid(token),
    credentials: () => service.credentials(),
    start: () => service.start(),
    close: () => service.close()
  }
}

export async function startCliWorld(provider: CliProvider, options: CliWorldOptions = {}): Promise<CliWorld> {
  const loopback = (options.loopback && provider !== 'threads') || provider === 'x'
  const redirectUri = loopback ? `http://127.0.0.1:${await freePort()}/${provider}/callback` : undefined
  const facebook =
    provider === 'facebook' ? new FacebookStandIn({ ...(redirectUri ? { redirectUri } : {}), ...options.facebook }) : undefined
  const linkedin =
    provider === 'linkedin' ? new LinkedInStandIn({ ...(redirectUri ? { redirectUri } : {}), ...options.linkedin }) : undefined
  const x = provider === 'x' ? new XStandIn({ ...(redirectUri ? { redirectUri } : {}), ...options.x }) : undefined
  const other = linkedin ?? x
  const service: Startable = facebook ?? (other ? asService(other) : new GraphStandIn())
  const github = new GitHubStandIn()
  const repository = 'octo-org/blog'
  const githubToken = 'github_pat_11AAAAclistandin' + 'c'.repeat(20)
  github.addRepository(repository, ['social posting'])
  github.addToken(githubToken, options.grant ?? FULL_GRANT)
  await Promise.all([service.start(), github.start()])
  const secretEnv = `${provider.toUpperCase()}_APP_SECRET`
  const secretName = SECRET_NAMES[provider]
  return {
    provider,
    service,
    ...(facebook ? { facebook } : {}),
    ...(linkedin ? { linkedin } : {}),
    ...(x ? { x } : {}),
    github,
    repository,
    githubToken,
    secretEnv,
    secretName,
    login: (...extra) => [
      'login',
      '--provider',
      provider,
      '--app-id',
      service.appId,
      '--redirect-uri',
      service.redirectUri,
      '--repo',
      repository,
      '--api-url',
      service.url,
      '--github-api-url',
      github.url,
      ...extra
    ],
    status: (...extra) => ['status', '--provider', provider, '--repo', repository, '--github-api-url', github.url, ...extra],
    env: (extra = {}) => ({ [secretEnv]: service.appSecret, GH_ENTERPRISE_TOKEN: githubToken, ...extra }),
    stored: (name = secretName) => github.openSecret(repository, name) ?? '',
    credentials: () => [...service.credentials(), githubToken],
    close: async () => {
      await Promise.all([service.close(), github.close()])
    }
  }
}

/** The state in an authorize address. */
export const stateOf = (address: string): string | undefined => /[?&]state=([^&\s]+)/.exec(address)?.[1]

/**
 * The browser after approval: the redirect to the listening login, with a fresh code and the
 * address's state (or what `query` makes of them). The page's status and text.
 */
export async function followRedirect(
  world: CliWorld,
  address: string,
  query: (state: string, code: string) => string = (state, code) => `code=${code}&state=${state}`
): Promise<{ status: number; text: string; type: string | null }> {
  const reply = await fetch(`${world.service.redirectUri}?${query(stateOf(address) ?? '', world.service.issueCode(address))}`)
  return { status: reply.status, text: await reply.text(), type: reply.headers.get('content-type') }
}
