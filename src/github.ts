import { Octokit } from '@octokit/core'
import { GitHubError } from './errors.js'
import { describeFault, isTransientStatus, type Http, type Log } from './http.js'
import type { SecretType, Target } from './targets.js'

export interface PublicKey {
  keyId: string
  key: string
}

export type WriteStatus = 'created' | 'updated'

/** A 32-byte key in strict base64, as libsodium will decode it. */
const SEALING_KEY = /^[A-Za-z0-9+/]{43}=$/

/** Encodes a path segment so that it is also safe, unquoted, in a shell command. */
function pathSegment(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** One place a secret (and its variables) is kept: a repository, an environment, an organization. */
export interface SecretStore {
  /** "owner/repo", "owner/repo (environment prod)", "organization octo-org", for messages. */
  readonly label: string
  /** The public key; for secrets limited to selected repositories, also resolves their ids. */
  prepare(): Promise<PublicKey>
  writeSecret(name: string, encryptedValue: string, keyId: string): Promise<WriteStatus>
  /** When the secret was last written, never its value; undefined where it does not exist. */
  secretUpdatedAt(name: string): Promise<string | undefined>
  /** The variable's value, or undefined where it does not exist yet. */
  readVariable(name: string): Promise<string | undefined>
  writeVariable(name: string, value: string, exists: boolean): Promise<WriteStatus>
  /** The `gh api` command that stores an already sealed value by hand. */
  storeCommand(name: string, encryptedValue: string, keyId: string): string
}

export interface GitHubOptions {
  token: string
  baseUrl: string
  http: Http
  debug: Log
}

export function createOctokit({ token, baseUrl, http, debug }: GitHubOptions): Octokit {
  return new Octokit({
    auth: token,
    baseUrl,
    userAgent: 'threads-token-keeper',
    request: { fetch: http.fetch },
    log: { debug, info: debug, warn: debug, error: debug }
  })
}

function failure(operation: string, target: string, error: unknown): GitHubError {
  const status = (error as { status?: unknown }).status
  const response = (error as { response?: { data?: unknown; headers?: Record<string, string | undefined> } }).response
  if (typeof status !== 'number' || response === undefined) {
    return new GitHubError(operation, undefined, describeFault((error as { cause?: unknown }).cause ?? error), target)
  }
  const data = response.data as { message?: unknown } | string | undefined
  const message = typeof data === 'object' && typeof data?.message === 'string' ? data.message : `HTTP ${status}`
  const headers = new Headers(
    Object.entries(response.headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  )
  return new GitHubError(
    operation,
    status,
    message,
    target,
    headers.get('x-accepted-github-permissions') ?? undefined,
    isTransientStatus(status, headers)
  )
}

/** The REST routes of one target: where its secrets and its variables live. */
interface Routes {
  label: string
  secrets: string
  variables: string
  parameters: Record<string, string>
  /** Path with the parameters filled in, for the hand-back command. */
  secretsPath: string
}

function routesOf(target: Target, secretType: SecretType): Routes {
  const store = secretType === 'dependabot' ? 'dependabot' : 'actions'
  if (target.kind === 'organization') {
    const { org } = target
    return {
      label: `organization ${org}`,
      secrets: `/orgs/{org}/${store}/secrets`,
      variables: '/orgs/{org}/actions/variables',
      parameters: { org },
      secretsPath: `/orgs/${org}/${store}/secrets`
    }
  }
  const { owner, repo, environment } = target
  if (environment) {
    const base = '/repos/{owner}/{repo}/environments/{environment_name}'
    return {
      label: `${owner}/${repo} (environment ${environment})`,
      secrets: `${base}/secrets`,
      variables: `${base}/variables`,
      parameters: { owner, repo, environment_name: environment },
      secretsPath: `/repos/${owner}/${repo}/environments/${pathSegment(environment)}/secrets`
    }
  }
  return {
    label: `${owner}/${repo}`,
    secrets: `/repos/{owner}/{repo}/${store}/secrets`,
    variables: '/repos/{owner}/{repo}/actions/variables',
    parameters: { owner, repo },
    secretsPath: `/repos/${owner}/${repo}/${store}/secrets`
  }
}

export function createSecretStore(octokit: Octokit, target: Target, secretType: SecretType): SecretStore {
  const routes = routesOf(target, secretType)
  const { label } = routes
  // `gh` talks to github.com unless told the host of an Enterprise Server.
  const host = new URL(octokit.request.endpoint.DEFAULTS.baseUrl).host
  const hostFlag = host === 'api.github.com' ? '' : ` --hostname ${host}`
  // Organization secrets and variables say who may use them; the API wants repository ids, as integers.
  let access: { visibility: string; selected_repository_ids?: number[] } | undefined

  async function send<T>(operation: string, route: string, parameters: Record<string, unknown>): Promise<T> {
    try {
      return (await octokit.request(route, { ...routes.parameters, ...parameters })) as T
    } catch (error) {
      throw failure(operation, label, error)
    }
  }

  async function resolveAccess(): Promise<void> {
    if (target.kind !== 'organization') return
    const { org, visibility, selectedRepositories } = target
    if (visibility !== 'selected') {
      access = { visibility }
      return
    }
    const ids = await Promise.all(
      selectedRepositories.map(async (repo) => {
        const { data } = await send<{ data: { id?: unknown } }>(
          `find repository ${org}/${repo} (in selected-repositories)`,
          'GET /repos/{org}/{repo}',
          { repo }
        )
        if (typeof data.id !== 'number')
          throw new GitHubError(`find repository ${org}/${repo}`, undefined, 'the reply holds no repository id', label)
        return data.id
      })
    )
    access = { visibility, selected_repository_ids: ids }
  }

  return {
    label,
    async prepare() {
      const operation = `read the public key of ${label}`
      const [{ data, status }] = await Promise.all([
        send<{ data: { key_id?: unknown; key?: unknown } | undefined; status: number }>(operation, `GET ${routes.secrets}/public-key`, {}),
        resolveAccess()
      ])
      // A key that cannot seal must fail here, before a single-use code is spent, not at sealing.
      if (typeof data?.key_id !== 'string' || typeof data.key !== 'string' || !SEALING_KEY.test(data.key)) {
        throw new GitHubError(operation, status, 'the reply holds no usable public key', label)
      }
      return { keyId: data.key_id, key: data.key }
    },
    async writeSecret(name, encryptedValue, keyId) {
      const { status } = await send<{ status: number }>(`write secret ${name} to ${label}`, `PUT ${routes.secrets}/{secret_name}`, {
        secret_name: name,
        encrypted_value: encryptedValue,
        key_id: keyId,
        ...access
      })
      return status === 201 ? 'created' : 'updated'
    },
    async secretUpdatedAt(name) {
      try {
        const { data } = await send<{ data: { updated_at?: unknown } }>(
          `read secret ${name} of ${label}`,
          `GET ${routes.secrets}/{secret_name}`,
          { secret_name: name }
        )
        return typeof data.updated_at === 'string' ? data.updated_at : undefined
      } catch (error) {
        if (error instanceof GitHubError && error.status === 404) return undefined
        throw error
      }
    },
    async readVariable(name) {
      try {
        const { data } = await send<{ data: { value: string } }>(`read variable ${name} of ${label}`, `GET ${routes.variables}/{name}`, {
          name
        })
        return data.value
      } catch (error) {
        // The preflight reads the public key alongside: a missing target fails there, not here.
        if (error instanceof GitHubError && error.status === 404) return undefined
        throw error
      }
    },
    async writeVariable(name, value, exists) {
      const update = (): Promise<unknown> =>
        send(`update variable ${name} of ${label}`, `PATCH ${routes.variables}/{name}`, { name, value, ...access })
      if (exists) {
        await update()
        return 'updated'
      }
      try {
        await send(`create variable ${name} in ${label}`, `POST ${routes.variables}`, { name, value, ...access })
        return 'created'
      } catch (error) {
        if (!(error instanceof GitHubError) || error.status !== 409) throw error
        await update() // Created meanwhile by another run.
        return 'updated'
      }
    },
    storeCommand(name, encryptedValue, keyId) {
      const fields = [`-f encrypted_value='${encryptedValue}'`, `-f key_id='${keyId}'`]
      if (access)
        fields.push(
          `-f visibility='${access.visibility}'`,
          ...(access.selected_repository_ids ?? []).map((id) => `-F 'selected_repository_ids[]=${id}'`)
        )
      return `gh api${hostFlag} --method PUT ${routes.secretsPath}/${name} ${fields.join(' ')}`
    }
  }
}
