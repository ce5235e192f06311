import sodium from 'libsodium-wrappers'
import { StandInServer, type Reply, type SeenRequest } from './server.js'

export type Access = 'read' | 'write'

/** What a token may do, in the terms of fine-grained permissions. */
export interface TokenGrant {
  secrets?: Access
  variables?: Access
  environments?: Access
  /** Repositories ("owner/name") the token can see; all of them when absent. */
  repositories?: string[]
  /** Mimics the workflow's GITHUB_TOKEN, which can never write secrets. */
  integration?: boolean
}

interface StoredSecret {
  encryptedValue: string
  keyId: string
  updates: number
}

const NAME_RULE = /^[A-Za-z_][A-Za-z0-9_]*$/
const DOCS = 'https://docs.github.com/rest'

const notFound: Reply = { status: 404, body: { message: 'Not Found', documentation_url: DOCS } }

/**
 * Behaves like the GitHub REST API's secrets and variables endpoints for repositories and
 * environments, with a real sealed-box key pair so that tests can open what was stored.
 */
export class GitHubStandIn {
  readonly server: StandInServer
  readonly keyId = '568250167242549743'
  private keys: { publicKey: Uint8Array; privateKey: Uint8Array } | undefined
  private readonly repositories = new Map<string, Set<string>>()
  private readonly tokens = new Map<string, TokenGrant>()
  private readonly secrets = new Map<string, StoredSecret>()
  private readonly variables = new Map<string, string>()

  /** `prefix` mounts the API under a path, as GitHub Enterprise Server does with /api/v3. */
  constructor(prefix = '') {
    this.server = new StandInServer(prefix)
    for (const base of ['/repos/:owner/:repo/actions', '/repos/:owner/:repo/environments/:environment']) {
      this.server.route('GET', `${base}/secrets/public-key`, (r, p) => this.guard(r, p, 'secrets', 'read', () => this.publicKey()))
      this.server.route('PUT', `${base}/secrets/:name`, (r, p) => this.guard(r, p, 'secrets', 'write', () => this.putSecret(r, p)))
      this.server.route('GET', `${base}/variables`, (r, p) => this.guard(r, p, 'variables', 'read', () => this.listVariables(p)))
      this.server.route('GET', `${base}/variables/:name`, (r, p) => this.guard(r, p, 'variables', 'read', () => this.getVariable(p)))
      this.server.route('POST', `${base}/variables`, (r, p) => this.guard(r, p, 'variables', 'write', () => this.createVariable(r, p)))
      this.server.route('PATCH', `${base}/variables/:name`, (r, p) => this.guard(r, p, 'variables', 'write', () => this.updateVariable(r, p)))
    }
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
    this.repositories.set(repository, new Set(environments))
  }

  addToken(token: string, grant: TokenGrant): void {
    this.tokens.set(token, grant)
  }

  /** Opens a stored secret with the private key, as GitHub would; undefined if never written. */
  openSecret(repository: string, name: string, environment?: string): string | undefined {
    const stored = this.secrets.get(this.key(repository, environment, name))
    return stored ? this.open(stored.encryptedValue) : undefined
  }

  /** Opens any value sealed with this stand-in's public key (a handed-back token, say). */
  open(encryptedValue: string): string {
    if (!this.keys) throw new Error('stand-in not started')
    const sealed = sodium.from_base64(encryptedValue, sodium.base64_variants.ORIGINAL)
    return sodium.to_string(sodium.crypto_box_seal_open(sealed, this.keys.publicKey, this.keys.privateKey))
  }

  secretWrites(repository: string, name: string, environment?: string): number {
    return this.secrets.get(this.key(repository, environment, name))?.updates ?? 0
  }

  variable(repository: string, name: string, environment?: string): string | undefined {
    return this.variables.get(this.key(repository, environment, name))
  }

  setVariable(repository: string, name: string, value: string, environment?: string): void {
    this.variables.set(this.key(repository, environment, name), value)
  }

  private key(repository: string, environment: string | undefined, name: string): string {
    return `${repository}|${environment ?? ''}|${name.toUpperCase()}`
  }

  private scope(params: Record<string, string>): { repository: string; environment?: string } {
    const repository = `${params.owner}/${params.repo}`
    return params.environment ? { repository, environment: params.environment } : { repository }
  }

  /** Authentication, visibility and permission, in the order GitHub checks them. */
  private guard(request: SeenRequest, params: Record<string, string>, permission: 'secrets' | 'variables', access: Access, handle: () => Reply): Reply {
    const token = /^(?:token|bearer) (.+)$/i.exec(request.headers.authorization ?? '')?.[1]
    const grant = token ? this.tokens.get(token) : undefined
    if (!grant) return { status: 401, body: { message: 'Bad credentials', documentation_url: DOCS } }
    const { repository, environment } = this.scope(params)
    const environments = this.repositories.get(repository)
    if (!environments || (grant.repositories && !grant.repositories.includes(repository))) return notFound
    if (environment !== undefined && !environments.has(environment)) return notFound

    const needed: [string, Access][] = [[permission, access]]
    if (environment !== undefined) needed.push(['environments', access])
    const lacking = needed.filter(([name, level]) => {
      const held = grant.integration && name === 'secrets' ? undefined : grant[name as 'secrets' | 'variables' | 'environments']
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
    return handle()
  }

  private publicKey(): Reply {
    const key = sodium.to_base64(this.keys?.publicKey ?? new Uint8Array(), sodium.base64_variants.ORIGINAL)
    return { status: 200, body: { key_id: this.keyId, key } }
  }

  private putSecret(request: SeenRequest, params: Record<string, string>): Reply {
    const name = params.name ?? ''
    const body = parseBody(request)
    if (!NAME_RULE.test(name) || name.toUpperCase().startsWith('GITHUB_')) {
      return { status: 422, body: { message: 'Secret names can only contain alphanumeric characters or underscores.' } }
    }
    if (typeof body.encrypted_value !== 'string' || body.key_id !== this.keyId) {
      return { status: 422, body: { message: 'Invalid request. encrypted_value and a current key_id are required.' } }
    }
    try {
      this.open(body.encrypted_value)
    } catch {
      return { status: 422, body: { message: 'Bad request: encrypted_value could not be decrypted with key_id.' } }
    }
    const { repository, environment } = this.scope(params)
    const key = this.key(repository, environment, name)
    const previous = this.secrets.get(key)
    this.secrets.set(key, { encryptedValue: body.encrypted_value, keyId: body.key_id, updates: (previous?.updates ?? 0) + 1 })
    return { status: previous ? 204 : 201 }
  }

  private listVariables(params: Record<string, string>): Reply {
    const { repository, environment } = this.scope(params)
    const prefix = this.key(repository, environment, '')
    const variables = [...this.variables].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => ({ name: key.slice(prefix.length), value }))
    return { status: 200, body: { total_count: variables.length, variables } }
  }

  private getVariable(params: Record<string, string>): Reply {
    const { repository, environment } = this.scope(params)
    const value = this.variables.get(this.key(repository, environment, params.name ?? ''))
    return value === undefined ? notFound : { status: 200, body: { name: params.name?.toUpperCase(), value } }
  }

  private createVariable(request: SeenRequest, params: Record<string, string>): Reply {
    const body = parseBody(request)
    if (typeof body.name !== 'string' || !NAME_RULE.test(body.name) || typeof body.value !== 'string') {
      return { status: 422, body: { message: 'Invalid request: name and value are required.' } }
    }
    const { repository, environment } = this.scope(params)
    const key = this.key(repository, environment, body.name)
    if (this.variables.has(key)) return { status: 409, body: { message: 'Already exists - Variable already exists' } }
    this.variables.set(key, body.value)
    return { status: 201, body: {} }
  }

  private updateVariable(request: SeenRequest, params: Record<string, string>): Reply {
    const body = parseBody(request)
    const { repository, environment } = this.scope(params)
    const key = this.key(repository, environment, params.name ?? '')
    if (!this.variables.has(key)) return notFound
    if (typeof body.value !== 'string') return { status: 422, body: { message: 'Invalid request: value is required.' } }
    this.variables.set(key, body.value)
    return { status: 204 }
  }
}

function parseBody(request: SeenRequest): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(request.body)
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}
