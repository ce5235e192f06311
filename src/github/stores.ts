import type { Octokit } from '@octokit/core'
import type { PublicKey, SecretStore, WriteStatus } from '../core/ports.js'
import { GitHubError } from '../shared/errors.js'
import { gitHubFailure } from './octokit.js'
import type { SecretType, Target } from './targets.js'

/** A key id as GitHub gives them (digits): nothing that could break out of the quotes of the command that stores by hand. */
const KEY_ID = /^[\w+/=-]{1,128}$/
/** A 32-byte key in strict base64, as libsodium will decode it. */
const SEALING_KEY = /^[A-Za-z0-9+/]{43}=$/

/** Encodes a path segment so that it is also safe, unquoted, in a shell command. */
function pathSegment(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** The REST routes of one target: where its secrets and its variables live. */
interface Routes {
  label: string
  secrets: string
  variables: string
  parameters: Record<string, string>
  /** Path with the parameters filled in, for the command that stores a sealed token by hand. */
  secretsPath: string
}

function routesOf(target: Target, secretType: SecretType): Routes {
  const store = secretType === 'dependabot' ? 'dependabot' : 'actions'
  // One target may be written in both stores: the Dependabot one says so in its label.
  const suffix = secretType === 'dependabot' ? ' (Dependabot)' : ''
  if (target.kind === 'organization') {
    const { org } = target
    return {
      label: `organization ${org}${suffix}`,
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
    label: `${owner}/${repo}${suffix}`,
    secrets: `/repos/{owner}/{repo}/${store}/secrets`,
    variables: '/repos/{owner}/{repo}/actions/variables',
    parameters: { owner, repo },
    secretsPath: `/repos/${owner}/${repo}/${store}/secrets`
  }
}

/**
 * The stores of `secretTypes` at `target`. Variables (the user id, the expiry) are kept once a
 * target: by its first store. An organization's selected repositories are looked up once for all.
 */
export function createSecretStores(octokit: Octokit, target: Target, secretTypes: SecretType[]): SecretStore[] {
  const routes = secretTypes.map((secretType) => routesOf(target, secretType))
  // Shared, so named after the store that asks first: the first, as the preflight asks in order.
  let access: Promise<Access | undefined> | undefined
  const lookUpAccess = (label: string): Promise<Access | undefined> => (access ??= resolveAccess(octokit, target, label))
  return routes.map((route, i) => new GitHubSecretStore(octokit, route, i === 0, lookUpAccess))
}

/** Organization secrets and variables say who may use them; the API wants repository ids, as integers. */
interface Access {
  visibility: string
  selected_repository_ids?: number[]
}

class GitHubSecretStore implements SecretStore {
  readonly label: string
  /** `gh` talks to github.com unless told the host of an Enterprise Server. */
  private readonly hostFlag: string
  /** Known once prepare() has the selected repositories' ids. */
  private access: Access | undefined

  constructor(
    private readonly octokit: Octokit,
    private readonly routes: Routes,
    readonly keepsVariables: boolean,
    private readonly lookUpAccess: (label: string) => Promise<Access | undefined>
  ) {
    this.label = routes.label
    const host = new URL(octokit.request.endpoint.DEFAULTS.baseUrl).host
    this.hostFlag = host === 'api.github.com' ? '' : ` --hostname ${host}`
  }

  async prepare(): Promise<PublicKey> {
    const operation = `read the public key of ${this.label}`
    const [{ data, status }, access] = await Promise.all([
      this.send<{ data: { key_id?: unknown; key?: unknown } | undefined; status: number }>(
        operation,
        `GET ${this.routes.secrets}/public-key`,
        {}
      ),
      this.lookUpAccess(this.label)
    ])
    // A key that cannot seal must fail here, before a single-use code is spent, not at sealing.
    if (typeof data?.key_id !== 'string' || !KEY_ID.test(data.key_id) || typeof data.key !== 'string' || !SEALING_KEY.test(data.key)) {
      throw new GitHubError({
        operation,
        target: this.label,
        status,
        apiMessage: 'the reply holds no usable public key',
        serviceWords: false
      })
    }
    this.access = access
    return { keyId: data.key_id, key: data.key }
  }

  async writeSecret(name: string, encryptedValue: string, keyId: string): Promise<WriteStatus> {
    const route = `PUT ${this.routes.secrets}/{secret_name}`
    const parameters = { secret_name: name, encrypted_value: encryptedValue, key_id: keyId, ...this.access }
    const { status } = await this.send<{ status: number }>(`write secret ${name} to ${this.label}`, route, parameters)
    return status === 201 ? 'created' : 'updated'
  }

  async secretUpdatedAt(name: string): Promise<string | undefined> {
    const operation = `read secret ${name} of ${this.label}`
    const read = this.send<{ data: { updated_at?: unknown } }>(operation, `GET ${this.routes.secrets}/{secret_name}`, { secret_name: name })
    const data = await notFoundAsUndefined(read.then((reply) => reply.data))
    return typeof data?.updated_at === 'string' ? data.updated_at : undefined
  }

  async readVariable(name: string): Promise<string | undefined> {
    // The preflight reads the public key alongside: a missing target fails there, not here.
    const read = this.send<{ data: { value: string } }>(`read variable ${name} of ${this.label}`, `GET ${this.routes.variables}/{name}`, {
      name
    })
    return (await notFoundAsUndefined(read))?.data.value
  }

  async writeVariable(name: string, value: string, exists: boolean): Promise<WriteStatus> {
    const update = (): Promise<unknown> =>
      this.send(`update variable ${name} of ${this.label}`, `PATCH ${this.routes.variables}/{name}`, { name, value, ...this.access })
    if (exists) {
      await update()
      return 'updated'
    }
    try {
      await this.send(`create variable ${name} in ${this.label}`, `POST ${this.routes.variables}`, { name, value, ...this.access })
      return 'created'
    } catch (error) {
      if (!(error instanceof GitHubError) || error.status !== 409) throw error
      await update() // Created meanwhile by another run.
      return 'updated'
    }
  }

  async deleteVariable(name: string): Promise<void> {
    await this.send(`delete variable ${name} of ${this.label}`, `DELETE ${this.routes.variables}/{name}`, { name })
  }

  storeCommand(name: string, encryptedValue: string, keyId: string): string {
    const { access } = this
    const fields = [`-f encrypted_value='${encryptedValue}'`, `-f key_id='${keyId}'`]
    if (access) {
      fields.push(
        `-f visibility='${access.visibility}'`,
        ...(access.selected_repository_ids ?? []).map((id) => `-F 'selected_repository_ids[]=${id}'`)
      )
    }
    return `gh api${this.hostFlag} --method PUT ${this.routes.secretsPath}/${name} ${fields.join(' ')}`
  }

  private async send<T>(operation: string, route: string, parameters: Record<string, unknown>): Promise<T> {
    try {
      return (await this.octokit.request(route, { ...this.routes.parameters, ...parameters })) as T
    } catch (error) {
      throw gitHubFailure(operation, this.label, error)
    }
  }
}

/** Who may use an organization secret; for selected repositories, their ids. */
async function resolveAccess(octokit: Octokit, target: Target, label: string): Promise<Access | undefined> {
  if (target.kind !== 'organization') return undefined
  const { org, visibility, selectedRepositories } = target
  if (visibility !== 'selected') return { visibility }
  const ids = await Promise.all(
    selectedRepositories.map(async (repo) => {
      const operation = `find repository ${org}/${repo} (in selected-repositories)`
      const { data } = (await octokit.request('GET /repos/{org}/{repo}', { org, repo }).catch((error: unknown) => {
        throw gitHubFailure(operation, label, error)
      })) as { data: { id?: unknown } }
      if (typeof data.id !== 'number') {
        throw new GitHubError({
          operation: `find repository ${org}/${repo}`,
          target: label,
          apiMessage: 'the reply holds no repository id',
          serviceWords: false,
          // A garbled reply, as the one rule has it: the next run may get a real one.
          transient: true
        })
      }
      return data.id
    })
  )
  return { visibility, selected_repository_ids: ids }
}

/** A 404 as undefined: the thing asked for does not exist (yet). */
async function notFoundAsUndefined<T>(reply: Promise<T>): Promise<T | undefined> {
  try {
    return await reply
  } catch (error) {
    if (error instanceof GitHubError && error.status === 404) return undefined
    throw error
  }
}
