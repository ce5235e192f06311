import { GitHubStandIn, type TokenGrant } from './github-api.js'
import { GraphStandIn, type GraphStandInOptions } from './graph-api.js'
import type { ServerTls } from './server.js'

/** Both stand-ins, started, with repositories, an organization and one secrets-writing token. */
export interface World {
  graph: GraphStandIn
  github: GitHubStandIn
  /** The main repository, "octo-org/blog"; "octo-org/shop" and "octo-org/docs" exist too. */
  repository: string
  environment: string
  organization: string
  githubToken: string
  /** The workflow's own token: actions and issues, never secrets. */
  workflowToken: string
  /** The inputs every run needs, pointed at the stand-ins. */
  inputs(extra?: Record<string, string>): Record<string, string>
  /** Every credential either service knows, for leak scans. */
  credentials(): string[]
  close(): Promise<void>
}

export interface WorldOptions {
  graph?: GraphStandInOptions
  grant?: TokenGrant
  /** When the secrets-writing token expires: GitHub then says so on every reply to it. */
  githubTokenExpiresAt?: Date
  /** What the workflow's own token may do; default actions and issues write. */
  workflowGrant?: TokenGrant
  /** Mount the GitHub stand-in under a path, as GitHub Enterprise Server does (/api/v3). */
  githubPrefix?: string
  /** Serve both stand-ins over https:// with this key and certificate (from a test CA). */
  tls?: ServerTls
}

export const FULL_GRANT: TokenGrant = {
  secrets: 'write',
  variables: 'write',
  environments: 'write',
  dependabot_secrets: 'write',
  organization_secrets: 'write',
  organization_variables: 'write'
}

/** GitHub's side of a world: the repositories, the workflows, the secrets-writing token and the job's own. */
export interface GitHubSide {
  github: GitHubStandIn
  repository: string
  environment: string
  organization: string
  githubToken: string
  workflowToken: string
}

export function gitHubSide(options: Omit<WorldOptions, 'graph'> = {}): GitHubSide {
  const github = new GitHubStandIn(options.githubPrefix, options.tls)
  const organization = 'octo-org'
  const repository = `${organization}/blog`
  const environment = 'social posting'
  const githubToken = 'github_pat_11AAAAstandin' + 'x'.repeat(20)
  github.addRepository(repository, [environment])
  github.addRepository(`${organization}/shop`, [environment])
  github.addRepository(`${organization}/docs`)
  // The renewal workflow of the examples, and a poster's workflow beside it.
  for (const file of ['renew.yml', 'renew-threads-token.yml', 'renew-instagram-token.yml', 'keep-tokens.yml', 'post.yml']) {
    github.addWorkflow(repository, file)
  }
  github.addToken(githubToken, options.grant ?? FULL_GRANT, options.githubTokenExpiresAt)
  const workflowToken = 'ghs_workflowstandin' + 'y'.repeat(20)
  github.addToken(workflowToken, options.workflowGrant ?? { integration: true, actions: 'write', issues: 'write' })
  return { github, repository, environment, organization, githubToken, workflowToken }
}

/** The inputs every run needs for GitHub's side. */
export function gitHubInputs({ github, repository, githubToken, workflowToken }: GitHubSide): Record<string, string> {
  return { 'github-token': githubToken, 'workflow-token': workflowToken, repository, 'github-api-url': github.url }
}

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const graph = new GraphStandIn({ ...options.graph, ...(options.tls ? { tls: options.tls } : {}) })
  const side = gitHubSide(options)
  const { github, githubToken, workflowToken } = side
  await Promise.all([graph.start(), github.start()])
  const urlInputs: Record<string, string> =
    graph.provider === 'threads'
      ? { 'threads-api-url': graph.url }
      : { provider: 'instagram', 'instagram-api-url': graph.url, 'instagram-oauth-url': graph.url }

  return {
    graph,
    ...side,
    inputs: (extra = {}) => ({
      'app-id': graph.appId,
      'app-secret': graph.appSecret,
      'redirect-uri': graph.redirectUri,
      ...gitHubInputs(side),
      ...urlInputs,
      ...extra
    }),
    credentials: () => [...graph.credentials(), githubToken, workflowToken],
    close: async () => {
      await Promise.all([graph.close(), github.close()])
    }
  }
}
