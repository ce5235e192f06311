import { Octokit } from '@octokit/core'
import { GitHubError } from './errors.js'
import { describeFault, isTransientStatus, type Http, type Log } from './http.js'
import type { Target } from './inputs.js'

export interface PublicKey {
  keyId: string
  key: string
}

export type WriteStatus = 'created' | 'updated'

/** One place secrets and variables are kept: a repository, or one of its environments. */
export interface SecretStore {
  /** "owner/repo" or "owner/repo (environment prod)", for messages. */
  readonly label: string
  publicKey(): Promise<PublicKey>
  writeSecret(name: string, encryptedValue: string, keyId: string): Promise<WriteStatus>
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
  const headers = new Headers(Object.entries(response.headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  return new GitHubError(operation, status, message, target, headers.get('x-accepted-github-permissions') ?? undefined, isTransientStatus(status, headers))
}

export function createSecretStore(octokit: Octokit, target: Target): SecretStore {
  const { owner, repo, environment } = target
  const label = environment ? `${owner}/${repo} (environment ${environment})` : `${owner}/${repo}`
  // Octokit fills and URL-encodes the {placeholders} from the parameters.
  const base = environment ? '/repos/{owner}/{repo}/environments/{environment_name}' : '/repos/{owner}/{repo}/actions'
  const where = { owner, repo, ...(environment ? { environment_name: environment } : {}) }

  async function send<T>(operation: string, route: string, parameters: Record<string, unknown>): Promise<T> {
    try {
      const response = await octokit.request(route, { ...where, ...parameters })
      return response as T
    } catch (error) {
      throw failure(operation, label, error)
    }
  }

  return {
    label,
    async publicKey() {
      const operation = `read the public key of ${label}`
      const { data } = await send<{ data: { key_id?: unknown; key?: unknown } | undefined }>(operation, `GET ${base}/secrets/public-key`, {})
      if (typeof data?.key_id !== 'string' || typeof data.key !== 'string' || data.key.length === 0) {
        throw new GitHubError(operation, undefined, 'the reply holds no public key', label)
      }
      return { keyId: data.key_id, key: data.key }
    },
    async writeSecret(name, encryptedValue, keyId) {
      const { status } = await send<{ status: number }>(`write secret ${name} to ${label}`, `PUT ${base}/secrets/{secret_name}`, {
        secret_name: name,
        encrypted_value: encryptedValue,
        key_id: keyId
      })
      return status === 201 ? 'created' : 'updated'
    },
    async readVariable(name) {
      try {
        const { data } = await send<{ data: { value: string } }>(`read variable ${name} of ${label}`, `GET ${base}/variables/{name}`, {
          name
        })
        return data.value
      } catch (error) {
        if (error instanceof GitHubError && error.status === 404) {
          // A missing variable and a missing repository both answer 404: tell them apart.
          await send(`read the variables of ${label}`, `GET ${base}/variables`, { per_page: 1 })
          return undefined
        }
        throw error
      }
    },
    async writeVariable(name, value, exists) {
      const update = (): Promise<unknown> =>
        send(`update variable ${name} of ${label}`, `PATCH ${base}/variables/{name}`, { name, value })
      if (exists) {
        await update()
        return 'updated'
      }
      try {
        await send(`create variable ${name} in ${label}`, `POST ${base}/variables`, { name, value })
        return 'created'
      } catch (error) {
        if (!(error instanceof GitHubError) || error.status !== 409) throw error
        await update() // Created meanwhile by another run.
        return 'updated'
      }
    },
    storeCommand(name, encryptedValue, keyId) {
      const path = environment
        ? `/repos/${owner}/${repo}/environments/${encodeURIComponent(environment)}/secrets/${name}`
        : `/repos/${owner}/${repo}/actions/secrets/${name}`
      return `gh api --method PUT ${path} -f encrypted_value='${encryptedValue}' -f key_id='${keyId}'`
    }
  }
}
