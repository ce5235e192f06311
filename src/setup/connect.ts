/**
 * Where the action and the command line meet the services: connect() builds the provider's calls,
 * Octokit and the secret stores from the settings, the same way for the action, the command line
 * and the tests. The entries reach the Meta and GitHub sides only through this module.
 */
import type { Sealer, SecretStore, TokenService, TokenTimes } from '../core/ports.js'
import { createOctokit } from '../github/octokit.js'
import { sodiumSealer } from '../github/seal.js'
import { createSecretStores } from '../github/stores.js'
import { createUpkeep, type Upkeep, type UpkeepSettings } from '../github/upkeep.js'
import { createClient, type ServiceClient } from '../services/client.js'
import type { Provider, ProviderSettings } from '../services/provider.js'
import type { Http, Log } from '../shared/http.js'
import type { Settings } from './inputs.js'

export { authorizeUrl, DEFAULT_PROVIDER, providerChoices, providerNamed, PROVIDERS } from '../services/registry.js'
export type { Provider } from '../services/provider.js'
export type { Upkeep } from '../github/upkeep.js'

export interface Wiring {
  http: Http
  /** Called with every credential received, before anything else may see it. */
  mask: (value: string) => void
  debug: Log
}

/** What the token-keeping core needs: the token service, a store per target, and the sealer; and what GitHub said of the writing token. */
export interface Connection {
  tokens: TokenService
  stores: SecretStore[]
  sealer: Sealer
  /** Whether GitHub answered the secrets-writing token (the `github-token` input) at all, and when it said that token expires (never, for tokens without expiry and App tokens). */
  writerToken: () => { answered: boolean; expiresAt: Date | undefined }
}

/** Where a provider's requests go, and how they are carried: the rest of its client is the provider's own. */
export interface ServiceWiring extends Wiring {
  apiUrl: string
  oauthUrl: string
}

/**
 * The client a provider's calls go over: named as messages name the service (any OAuth 2.0 service
 * by its token endpoint's host), judging refusals and speaking by the provider's rules.
 */
export function providerClient(provider: Provider, providerSettings: ProviderSettings, wiring: ServiceWiring): ServiceClient {
  const service = provider.serviceName?.(providerSettings) ?? provider.label
  return createClient({ service, ...wiring, judge: provider.judge, words: provider.words })
}

export function connect(settings: Settings, { http, mask, debug }: Wiring): Connection {
  const { provider, apiUrl, oauthUrl, githubToken, githubApiUrl, secretTypes, providerSettings } = settings
  const writer = { answered: false, expiresAt: undefined as Date | undefined }
  // Only a reply that took the token says what it is (a 403 or 404 did: it lacked a permission); a 401
  // from an expired one, or a 5xx from an outage, says nothing of it.
  const onReply = (status: number, expiresAt: Date | undefined): void => {
    if (status === 401 || status >= 500) return
    writer.answered = true
    writer.expiresAt ??= expiresAt
  }
  const octokit = createOctokit({ token: githubToken, baseUrl: githubApiUrl, http, debug, onReply })
  return {
    writerToken: () => ({ ...writer }),
    tokens: inspectingOnce(
      provider.connect(providerClient(provider, providerSettings, { apiUrl, oauthUrl, http, mask, debug }), providerSettings)
    ),
    // Every target in every store asked for; the variables with the first store of each target.
    stores: settings.targets.flatMap((target) => createSecretStores(octokit, target, secretTypes).map(rememberingVariables)),
    // libsodium (the largest part of the bundle) loads once the first requests have left, not before.
    sealer: { ...sodiumSealer, warm: () => void (http.transport.sent?.() ?? Promise.resolve()).then(() => sodiumSealer.warm()) }
  }
}

/**
 * A run learns a fact once: a token's inspection (the age check of a refused refresh asks first, how
 * urgent its failure is next), or a variable's value (read by the preflight, then to weigh a failure).
 * What failed is forgotten, so that it may be asked again.
 */
function once<T>(known: Map<string, Promise<T>>, key: string, ask: () => Promise<T>): Promise<T> {
  const remembered = known.get(key)
  if (remembered) return remembered
  const asked = ask()
  known.set(key, asked)
  asked.catch(() => known.get(key) === asked && known.delete(key))
  return asked
}

function inspectingOnce<T extends TokenService>(tokens: T): T {
  const inspections = new Map<string, Promise<TokenTimes>>()
  return { ...tokens, inspect: (token: string) => once(inspections, token, () => tokens.inspect(token)) }
}

/** A store that remembers its variables as it read them, or as it wrote or deleted them since. */
function rememberingVariables(store: SecretStore): SecretStore {
  const values = new Map<string, Promise<string | undefined>>()
  const change = async <T>(name: string, value: string | undefined, done: Promise<T>): Promise<T> => {
    values.delete(name) // until GitHub confirms, the value is unknown
    const result = await done
    values.set(name, Promise.resolve(value))
    return result
  }
  return {
    label: store.label,
    keepsVariables: store.keepsVariables,
    prepare: () => store.prepare(),
    writeSecret: (name, encryptedValue, keyId) => store.writeSecret(name, encryptedValue, keyId),
    secretUpdatedAt: (name) => store.secretUpdatedAt(name),
    storeCommand: (name, encryptedValue, keyId) => store.storeCommand(name, encryptedValue, keyId),
    readVariable: (name) => once(values, name, () => store.readVariable(name)),
    writeVariable: (name, value, exists) => change(name, value, store.writeVariable(name, value, exists)),
    deleteVariable: (name) => change(name, undefined, store.deleteVariable(name))
  }
}

/** Upkeep with the workflow's own token, against the server running the workflow. */
export function connectUpkeep(settings: UpkeepSettings, { http, debug }: Omit<Wiring, 'mask'>, warn: (message: string) => void): Upkeep {
  return createUpkeep(createOctokit({ token: settings.workflowToken, baseUrl: settings.apiUrl, http, debug }), settings, warn)
}
