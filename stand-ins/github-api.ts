import sodium from 'libsodium-wrappers'
import { StandInServer, type Reply, type SeenRequest, type ServerTls } from './server.js'

export type Access = 'read' | 'write'
type Permission =
  'secrets' | 'variables' | 'environments' | 'dependabot_secrets' | 'organization_secrets' | 'organization_variables' | 'actions' | 'issues'

export interface StandInComment {
  body: string
  /** The login of the token that wrote it. */
  author: string
  /** ISO. Tests may set it to the past. */
  createdAt: string
}

export interface StandInIssue {
  number: number
  title: string
  body: string
  state: 'open' | 'closed'
  comments: StandInComment[]
  labels: string[]
  /** The login of the token that opened it: the workflow token's for the action's own issues. */
  author: string
  /** ISO. Tests may set it to the past. */
  createdAt: string
  /** ISO; anybody's comment moves it, as on GitHub. */
  updatedAt: string
}

/** Who a token is, as GitHub names the author of what it writes. */
export const WORKFLOW_BOT = 'github-actions[bot]'
const PERSONAL_LOGIN = 'octo-owner'

/** An issue to put in a repository, as somebody opened it: only the title is needed. */
export type IssueSeed = Partial<Omit<StandInIssue, 'number'>> & Pick<StandInIssue, 'title'>

/** A workflow's state as GitHub reports it; a public repository's schedules end disabled_inactivity after 60 quiet days. */
export type WorkflowState = 'active' | 'disabled_inactivity' | 'disabled_manually'

/** What a token may do, in the terms of fine-grained permissions. */
export type TokenGrant = { [P in Permission]?: Access } & {
  /** Repositories ("owner/name") the token can see; all of them when absent. */
  repositories?: string[]
  /** Mimics the workflow's GITHUB_TOKEN, which can never write secrets. */
  integration?: boolean
  /** Who the token is: github-actions[bot] for an integration, a user's login otherwise, unless said. */
  login?: string
}

interface StoredSecret {
  encryptedValue: string
  updates: number
  updatedAt: string
  /** Organization secrets only. */
  visibility?: string
  selectedRepositoryIds?: number[]
}

/** Where a request lands: a repository (or one of its environments), or an organization. */
interface Scope {
  key: string
  repository?: string
  environment?: string
  org?: string
}

const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/
const DOCS = 'https://docs.github.com/rest'
const notFound: Reply = { status: 404, body: { message: 'Not Found', documentation_url: DOCS } }
const invalid = (message: string): Reply => ({ status: 422, body: { message, documentation_url: DOCS } })

/**
 * Behaves like the GitHub REST API's secrets and variables endpoints for repositories, environments
 * and organizations, Actions and Dependabot, with a real sealed-box key pair so that tests can open
 * what was stored.
 */
export class GitHubStandIn {
  readonly server: StandInServer
  readonly keyId = '568250167242549743'
  private keys: { publicKey: Uint8Array; privateKey: Uint8Array } | undefined
  private readonly repositories = new Map<string, { id: number; environments: Set<string> }>()
  private readonly organizations = new Set<string>()
  private readonly tokens = new Map<string, TokenGrant>()
  private readonly secrets = new Map<string, StoredSecret>()
  private readonly variables = new Map<string, { value: string; visibility?: string }>()
  /** Workflows re-enabled through the API, as "owner/repo:file". */
  readonly enabledWorkflows: string[] = []
  private readonly issueList = new Map<string, StandInIssue[]>()
  /** Workflow files of each repository ("owner/repo:file"), and their state. */
  private readonly workflows = new Map<string, WorkflowState>()
  /** When each token expires, where it does (fine-grained and classic tokens may; App tokens never report it). */
  private readonly expiries = new Map<string, Date>()
  /** Workflow runs ("owner/repo:id") and when they were created. */
  private readonly runs = new Map<string, { createdAt: string; startedAt: string; attempt: number }>()
  /** Each repository's labels. */
  private readonly labelList = new Map<string, Set<string>>()

  /** `prefix` mounts the API under a path, as GitHub Enterprise Server does with /api/v3; `tls` serves https://. */
  constructor(prefix = '', tls?: ServerTls) {
    this.server = new StandInServer(prefix, tls)
    const stores: [string, 'secrets' | 'dependabot_secrets' | 'organization_secrets'][] = [
      ['/repos/:owner/:repo/actions', 'secrets'],
      ['/repos/:owner/:repo/environments/:environment', 'secrets'],
      ['/repos/:owner/:repo/dependabot', 'dependabot_secrets'],
      ['/orgs/:org/actions', 'organization_secrets'],
      ['/orgs/:org/dependabot', 'organization_secrets']
    ]
    for (const [base, permission] of stores) {
      const kind = base.endsWith('/dependabot') ? 'dependabot' : 'actions'
      this.server.route('GET', `${base}/secrets/public-key`, (r, p) => this.guard(r, p, permission, 'read', () => this.publicKey()))
      this.server.route('PUT', `${base}/secrets/:name`, (r, p) =>
        this.guard(r, p, permission, 'write', (scope) => this.putSecret(r, p, scope, kind))
      )
      this.server.route('GET', `${base}/secrets/:name`, (r, p) =>
        this.guard(r, p, permission, 'read', (scope) => {
          const stored = this.secrets.get(this.secretKey(scope.key, p.name ?? '', kind))
          return stored
            ? { status: 200, body: { name: p.name?.toUpperCase(), created_at: stored.updatedAt, updated_at: stored.updatedAt } }
            : notFound
        })
      )
    }
    for (const [base, permission] of [
      ['/repos/:owner/:repo/actions', 'variables'],
      ['/repos/:owner/:repo/environments/:environment', 'variables'],
      ['/orgs/:org/actions', 'organization_variables']
    ] as const) {
      this.server.route('GET', `${base}/variables`, (r, p) => this.guard(r, p, permission, 'read', (s) => this.listVariables(s)))
      this.server.route('GET', `${base}/variables/:name`, (r, p) => this.guard(r, p, permission, 'read', (s) => this.getVariable(p, s)))
      this.server.route('POST', `${base}/variables`, (r, p) => this.guard(r, p, permission, 'write', (s) => this.createVariable(r, s)))
      this.server.route('PATCH', `${base}/variables/:name`, (r, p) =>
        this.guard(r, p, permission, 'write', (s) => this.updateVariable(r, p, s))
      )
      this.server.route('DELETE', `${base}/variables/:name`, (r, p) =>
        this.guard(r, p, permission, 'write', (s) =>
          this.variables.delete(`${s.key}|${(p.name ?? '').toUpperCase()}`) ? { status: 204 } : notFound
        )
      )
    }
    this.server.route('GET', '/repos/:owner/:repo', (r, p) => this.guard(r, p, undefined, 'read', (s) => this.repository(s)))
    this.server.route('GET', '/repos/:owner/:repo/actions/runs/:run', (r, p) =>
      this.guard(r, p, 'actions', 'read', (s) => {
        const run = this.runs.get(`${s.repository}:${p.run}`)
        return run
          ? { status: 200, body: { id: Number(p.run), created_at: run.createdAt, run_started_at: run.startedAt, run_attempt: run.attempt } }
          : notFound
      })
    )
    this.server.route('POST', '/repos/:owner/:repo/labels', (r, p) =>
      this.guard(r, p, 'issues', 'write', (s) => {
        const { name } = parseBody(r)
        if (typeof name !== 'string' || !name) return invalid('Invalid request: name is required.')
        const labels = this.labels(s.repository ?? '')
        if (labels.has(name)) return invalid('Validation Failed: already_exists')
        labels.add(name)
        return { status: 201, body: { name } }
      })
    )
    this.server.route('POST', '/repos/:owner/:repo/issues/:number/labels', (r, p) =>
      this.guard(r, p, 'issues', 'write', (s) => {
        const issue = this.issues(s.repository ?? '').find((i) => i.number === Number(p.number))
        if (!issue) return notFound
        const { labels } = parseBody(r)
        for (const label of Array.isArray(labels) ? labels : []) {
          if (typeof label === 'string' && this.labels(s.repository ?? '').has(label) && !issue.labels.includes(label))
            issue.labels.push(label)
        }
        return { status: 200, body: issue.labels.map((name) => ({ name })) }
      })
    )
    this.server.route('PUT', '/repos/:owner/:repo/actions/workflows/:workflow/enable', (r, p) =>
      this.guard(r, p, 'actions', 'write', (s) => {
        const key = `${s.repository}:${p.workflow}`
        if (!this.workflows.has(key)) return notFound
        this.workflows.set(key, 'active')
        this.enabledWorkflows.push(key)
        return { status: 204 }
      })
    )
    this.server.route('GET', '/repos/:owner/:repo/issues', (r, p) =>
      this.guard(r, p, 'issues', 'read', (s) => {
        const state = r.query.get('state') ?? 'open'
        const labels = (r.query.get('labels') ?? '').split(',').filter(Boolean)
        const listed = this.issues(s.repository ?? '')
          .filter((issue) => state === 'all' || issue.state === state)
          .filter((issue) => labels.every((label) => issue.labels.includes(label)))
          .reverse() // newest first, as GitHub lists them
        const page = listed.slice(0, Number(r.query.get('per_page') ?? 30))
        return { status: 200, body: page.map((issue) => issueJson(issue)) }
      })
    )
    this.server.route('POST', '/repos/:owner/:repo/issues', (r, p) =>
      this.guard(r, p, 'issues', 'write', (s) => {
        const { title, body, labels } = parseBody(r)
        if (typeof title !== 'string' || !title) return invalid('Invalid request: title is required.')
        const issue = this.addIssue(s.repository ?? '', {
          title,
          body: typeof body === 'string' ? body : '',
          // As GitHub does for a token without push access: labels that do not exist are dropped, silently.
          labels: Array.isArray(labels)
            ? labels.filter((label): label is string => typeof label === 'string' && this.labels(s.repository ?? '').has(label))
            : [],
          author: this.loginOf(r)
        })
        return { status: 201, body: issueJson(issue) }
      })
    )
    this.server.route('POST', '/repos/:owner/:repo/issues/:number/comments', (r, p) =>
      this.guard(r, p, 'issues', 'write', (s) => {
        const issue = this.issues(s.repository ?? '').find((i) => i.number === Number(p.number))
        if (!issue) return notFound
        const { body } = parseBody(r)
        const comment = { body: typeof body === 'string' ? body : '', author: this.loginOf(r), createdAt: new Date().toISOString() }
        issue.comments.push(comment)
        issue.updatedAt = comment.createdAt
        return { status: 201, body: commentJson(comment, issue.comments.length) }
      })
    )
    this.server.route('GET', '/repos/:owner/:repo/issues/:number/comments', (r, p) =>
      this.guard(r, p, 'issues', 'read', (s) => {
        const issue = this.issues(s.repository ?? '').find((i) => i.number === Number(p.number))
        if (!issue) return notFound
        // Oldest first, as GitHub lists them; `since` keeps those changed since then (ours are never edited).
        const since = Date.parse(r.query.get('since') ?? '')
        const listed = issue.comments
          .map((comment, index) => commentJson(comment, index + 1))
          .filter((comment) => Number.isNaN(since) || Date.parse(comment.updated_at) >= since)
        return { status: 200, body: listed.slice(0, Number(r.query.get('per_page') ?? 30)) }
      })
    )
    // Who the token is: GraphQL's viewer answers for an installation token as for a user's.
    this.server.route('POST', '/graphql', (r) => {
      const grant = this.grantOf(r)
      if (!grant) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } }
      const { query } = parseBody(r)
      if (typeof query !== 'string' || !/\bviewer\s*\{\s*login\s*\}/.test(query)) {
        return { status: 200, body: { errors: [{ message: 'the stand-in answers only { viewer { login } }' }] } }
      }
      return { status: 200, body: { data: { viewer: { login: this.loginOf(r) } } } }
    })
    this.server.route('PATCH', '/repos/:owner/:repo/issues/:number', (r, p) =>
      this.guard(r, p, 'issues', 'write', (s) => {
        const issue = this.issues(s.repository ?? '').find((i) => i.number === Number(p.number))
        if (!issue) return notFound
        if (parseBody(r).state === 'closed') issue.state = 'closed'
        return { status: 200, body: { number: issue.number, state: issue.state } }
      })
    )
  }

  async start(): Promise<string> {
    await sodium.ready
    this.keys = sodium.crypto_box_keypair()
    return this.server.start()
  }

  close(): Promise<void> {
    return this.server.close()
  }

  get url(): string {
    return this.server.url
  }

  addRepository(repository: string, environments: string[] = []): void {
    this.repositories.set(repository, { id: 100_000 + this.repositories.size, environments: new Set(environments) })
    this.organizations.add(repository.split('/')[0] ?? '')
  }

  repositoryId(repository: string): number | undefined {
    return this.repositories.get(repository)?.id
  }

  /** The repository's issues, oldest first; the list is live. */
  issues(repository: string): StandInIssue[] {
    const list = this.issueList.get(repository) ?? []
    this.issueList.set(repository, list)
    return list
  }

  /** An issue opened by somebody (by default the workflow's own token, open, labelled as the action labels it, now). */
  addIssue(repository: string, seed: IssueSeed): StandInIssue {
    const list = this.issues(repository)
    const createdAt = seed.createdAt ?? new Date().toISOString()
    const issue: StandInIssue = {
      body: '',
      state: 'open',
      comments: [],
      labels: ['threads-token-keeper'],
      author: WORKFLOW_BOT,
      updatedAt: seed.comments?.at(-1)?.createdAt ?? createdAt,
      ...seed,
      createdAt,
      number: list.length + 1
    }
    list.push(issue)
    return issue
  }

  /** A token and what it may do; `expiresAt` makes every reply to it carry GitHub's expiration header. */
  addToken(token: string, grant: TokenGrant, expiresAt?: Date): void {
    this.tokens.set(token, grant)
    if (expiresAt) this.expiries.set(token, expiresAt)
  }

  /** A run of a workflow of the repository, created at `createdAt` (ISO, on GitHub's clock). */
  /** A workflow run; a re-run (`attempt` over 1) started at `startedAt`, long after its creation. */
  addRun(repository: string, id: string, createdAt: string, rerun?: { attempt: number; startedAt: string }): void {
    this.runs.set(`${repository}:${id}`, { createdAt, attempt: rerun?.attempt ?? 1, startedAt: rerun?.startedAt ?? createdAt })
  }

  /** The repository's labels; the set is live. */
  labels(repository: string): Set<string> {
    const set = this.labelList.get(repository) ?? new Set<string>()
    this.labelList.set(repository, set)
    return set
  }

  /** A workflow file of a repository, in a state ('active' unless said). */
  addWorkflow(repository: string, file: string, state: WorkflowState = 'active'): void {
    this.workflows.set(`${repository}:${file}`, state)
  }

  workflowState(repository: string, file: string): WorkflowState | undefined {
    return this.workflows.get(`${repository}:${file}`)
  }

  /** Where a secret is kept: "owner/repo", "owner/repo@environment" or "org:octo-org", and its store. */
  private secretKey(scope: string, name: string, kind: 'actions' | 'dependabot'): string {
    return `${kind}|${scope}|${name.toUpperCase()}`
  }

  /** Opens a stored secret with the private key, as GitHub would; undefined if never written. */
  openSecret(scope: string, name: string, kind: 'actions' | 'dependabot' = 'actions'): string | undefined {
    const stored = this.secrets.get(this.secretKey(scope, name, kind))
    return stored ? this.open(stored.encryptedValue) : undefined
  }

  /** The organization secret's access settings, as stored. */
  secretAccess(
    scope: string,
    name: string,
    kind: 'actions' | 'dependabot' = 'actions'
  ): { visibility?: string; selectedRepositoryIds?: number[] } | undefined {
    const stored = this.secrets.get(this.secretKey(scope, name, kind))
    return stored
      ? {
          ...(stored.visibility ? { visibility: stored.visibility } : {}),
          ...(stored.selectedRepositoryIds ? { selectedRepositoryIds: stored.selectedRepositoryIds } : {})
        }
      : undefined
  }

  /**
   * A secret stored beforehand, as a user would have (the refresh token a keeper reads), last written
   * `updatedAt` (by default a day ago, before any run of a test began); no write counted.
   */
  seedSecret(scope: string, name: string, value: string, updatedAt = new Date(Date.now() - 86_400_000)): void {
    if (!this.keys) throw new Error('stand-in not started')
    const sealed = sodium.to_base64(sodium.crypto_box_seal(sodium.from_string(value), this.keys.publicKey), sodium.base64_variants.ORIGINAL)
    this.secrets.set(this.secretKey(scope, name, 'actions'), {
      encryptedValue: sealed,
      updates: 0,
      updatedAt: updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z')
    })
  }

  /** Opens any value sealed with this stand-in's public key (a handed-back token, say). */
  open(encryptedValue: string): string {
    if (!this.keys) throw new Error('stand-in not started')
    const sealed = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL)
    return sodium.to_string(sodium.crypto_box_seal_open(sealed, this.keys.publicKey, this.keys.privateKey))
  }

  secretWrites(scope: string, name: string, kind: 'actions' | 'dependabot' = 'actions'): number {
    return this.secrets.get(this.secretKey(scope, name, kind))?.updates ?? 0
  }

  variable(scope: string, name: string): string | undefined {
    return this.variables.get(`${scope}|${name.toUpperCase()}`)?.value
  }

  setVariable(scope: string, name: string, value: string): void {
    this.variables.set(`${scope}|${name.toUpperCase()}`, { value })
  }

  private grantOf(request: SeenRequest): TokenGrant | undefined {
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    return token ? this.tokens.get(token) : undefined
  }

  /** The login of the token that sent a request (one the guard let through). */
  private loginOf(request: SeenRequest): string {
    const grant = this.grantOf(request)
    return grant?.login ?? (grant?.integration ? WORKFLOW_BOT : PERSONAL_LOGIN)
  }

  /** Authentication, visibility and permission, in the order GitHub checks them. */
  private guard(
    request: SeenRequest,
    params: Record<string, string>,
    permission: Permission | undefined,
    access: Access,
    handle: (scope: Scope) => Reply
  ): Reply {
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const grant = token ? this.tokens.get(token) : undefined
    if (!grant) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } }
    const expiresAt = this.expiries.get(token ?? '')
    if (!expiresAt) return this.authorize(grant, params, permission, access, handle)
    // As GitHub does, on every reply to a token that expires: "2026-12-09 00:00:00 UTC".
    const reply = this.authorize(grant, params, permission, access, handle)
    const header = expiresAt
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d{3}Z$/, ' UTC')
    return { ...reply, headers: { ...reply.headers, 'github-authentication-token-expiration': header } }
  }

  private authorize(
    grant: TokenGrant,
    params: Record<string, string>,
    permission: Permission | undefined,
    access: Access,
    handle: (scope: Scope) => Reply
  ): Reply {
    let scope: Scope
    if (params.org !== undefined) {
      if (!this.organizations.has(params.org)) return notFound
      scope = { key: `org:${params.org}`, org: params.org }
    } else {
      const repository = `${params.owner}/${params.repo}`
      const known = this.repositories.get(repository)
      if (!known || (grant.repositories && !grant.repositories.includes(repository))) return notFound
      if (params.environment !== undefined && !known.environments.has(params.environment)) return notFound
      scope =
        params.environment !== undefined
          ? { key: `${repository}@${params.environment}`, repository, environment: params.environment }
          : { key: repository, repository }
    }

    const needed: [Permission, Access][] = permission ? [[permission, access]] : []
    if (scope.environment !== undefined) needed.push(['environments', access])
    const lacking = needed.filter(([name, level]) => {
      // The workflow's GITHUB_TOKEN never holds any secrets permission, whatever the workflow asks.
      const held = grant.integration && name.endsWith('secrets') ? undefined : grant[name]
      return held === undefined || (level === 'write' && held === 'read')
    })
    if (lacking.length > 0) {
      return {
        status: 403,
        body: {
          message: grant.integration ? 'Resource not accessible by integration' : 'Resource not accessible by personal access token',
          documentation_url: DOCS
        },
        headers: { 'x-accepted-github-permissions': lacking.map(([name, level]) => `${name}=${level}`).join('; ') }
      }
    }
    return handle(scope)
  }

  private repository(scope: Scope): Reply {
    const id = this.repositories.get(scope.repository ?? '')?.id
    return { status: 200, body: { id, full_name: scope.repository } }
  }

  private publicKey(): Reply {
    const key = sodium.to_base64(this.keys?.publicKey ?? new Uint8Array(), sodium.base64_variants.ORIGINAL)
    return { status: 200, body: { key_id: this.keyId, key } }
  }

  /** Organization secrets and variables must say who may use them; selected ones, by integer id. */
  private checkAccess(
    scope: Scope,
    body: Record<string, unknown>
  ): { refusal?: Reply; visibility?: string; selectedRepositoryIds?: number[] } {
    if (!scope.org) return {}
    const { visibility, selected_repository_ids: ids } = body
    if (visibility !== 'all' && visibility !== 'private' && visibility !== 'selected') {
      return { refusal: invalid('Invalid request.\n\n"visibility" wasn\'t supplied.') }
    }
    if (visibility !== 'selected') return { visibility }
    if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) {
      return { refusal: invalid('Invalid request.\n\nFor \'items\', "1" is not an integer.') }
    }
    return { visibility, selectedRepositoryIds: ids as number[] }
  }

  private putSecret(request: SeenRequest, params: Record<string, string>, scope: Scope, kind: 'actions' | 'dependabot'): Reply {
    const name = params.name ?? ''
    const body = parseBody(request)
    if (!NAME_RULE.test(name) || name.toUpperCase().startsWith('GITHUB_')) {
      return invalid('Secret names can only contain alphanumeric characters or underscores.')
    }
    if (typeof body.encrypted_value !== 'string' || body.key_id !== this.keyId) {
      return invalid('Invalid request. encrypted_value and a current key_id are required.')
    }
    try {
      this.open(body.encrypted_value)
    } catch {
      return invalid('Bad request: encrypted_value could not be decrypted with key_id.')
    }
    const { refusal, ...access } = this.checkAccess(scope, body)
    if (refusal) return refusal
    const key = this.secretKey(scope.key, name, kind)
    const previous = this.secrets.get(key)
    const updatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
    this.secrets.set(key, { encryptedValue: body.encrypted_value, updates: (previous?.updates ?? 0) + 1, updatedAt, ...access })
    return { status: previous ? 204 : 201 }
  }

  private listVariables(scope: Scope): Reply {
    const prefix = `${scope.key}|`
    const variables = [...this.variables]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, { value }]) => ({ name: key.slice(prefix.length), value }))
    return { status: 200, body: { total_count: variables.length, variables } }
  }

  private getVariable(params: Record<string, string>, scope: Scope): Reply {
    const stored = this.variables.get(`${scope.key}|${(params.name ?? '').toUpperCase()}`)
    return stored === undefined ? notFound : { status: 200, body: { name: params.name?.toUpperCase(), value: stored.value } }
  }

  private createVariable(request: SeenRequest, scope: Scope): Reply {
    const body = parseBody(request)
    if (typeof body.name !== 'string' || !NAME_RULE.test(body.name) || typeof body.value !== 'string') {
      return invalid('Invalid request: name and value are required.')
    }
    const { refusal, visibility } = this.checkAccess(scope, body)
    if (refusal) return refusal
    const key = `${scope.key}|${body.name.toUpperCase()}`
    if (this.variables.has(key)) return { status: 409, body: { message: 'Already exists - Variable already exists' } }
    this.variables.set(key, { value: body.value, ...(visibility ? { visibility } : {}) })
    return { status: 201, body: {} }
  }

  private updateVariable(request: SeenRequest, params: Record<string, string>, scope: Scope): Reply {
    const body = parseBody(request)
    const key = `${scope.key}|${(params.name ?? '').toUpperCase()}`
    if (!this.variables.has(key)) return notFound
    if (typeof body.value !== 'string') return invalid('Invalid request: value is required.')
    this.variables.set(key, { value: body.value })
    return { status: 204 }
  }
}

function issueJson(issue: StandInIssue): Record<string, unknown> {
  const { number, title, body, state, labels, author, createdAt, updatedAt } = issue
  return {
    number,
    title,
    body,
    state,
    labels: labels.map((name) => ({ name })),
    user: { login: author },
    created_at: createdAt,
    updated_at: updatedAt
  }
}

function commentJson({ body, author, createdAt }: StandInComment, id: number) {
  return { id, body, user: { login: author }, created_at: createdAt, updated_at: createdAt }
}

function parseBody(request: SeenRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(request.body)
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
