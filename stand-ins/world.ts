import { GitHubStandIn, type TokenGrant } from './github-api.js'
import { ThreadsStandIn, type ThreadsStandInOptions } from './threads-api.js'

/** Both stand-ins, started, with one repository and one secrets-writing token. */
export interface World {
  threads: ThreadsStandIn
  github: GitHubStandIn
  repository: string
  environment: string
  githubToken: string
  /** The inputs every run needs, pointed at the stand-ins. */
  inputs(extra?: Record<string, string>): Record<string, string>
  /** Every credential either service knows, for leak scans. */
  credentials(): string[]
  close(): Promise<void>
}

export interface WorldOptions {
  threads?: ThreadsStandInOptions
  grant?: TokenGrant
  /** Mount the GitHub stand-in under a path, as GitHub Enterprise Server does (/api/v3). */
  githubPrefix?: string
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const threads = new ThreadsStandIn(options.threads)
  const github = new GitHubStandIn(options.githubPrefix)
  const repository = 'octo-org/blog'
  const environment = 'social posting'
  const githubToken = 'github_pat_11AAAAstandin' + 'x'.repeat(20)
  github.addRepository(repository, [environment])
  github.addToken(githubToken, options.grant ?? { secrets: 'write', variables: 'write', environments: 'write' })
  await Promise.all([threads.start(), github.start()])

  return {
    threads,
    github,
    repository,
    environment,
    githubToken,
    inputs: (extra = {}) => ({
      'app-id': threads.appId,
      'app-secret': threads.appSecret,
      'redirect-uri': threads.redirectUri,
      'github-token': githubToken,
      repository,
      'threads-api-url': threads.url,
      'github-api-url': github.url,
      ...extra
    }),
    credentials: () => [...threads.credentials(), githubToken],
    close: async () => {
      await Promise.all([threads.close(), github.close()])
    }
  }
}
