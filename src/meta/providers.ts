/**
 * What differs between Meta's token services, and nothing else: endpoints, grant names, the
 * profile lookup, defaults. The flow, retries, masking, errors and targets are shared.
 *
 * A Facebook provider would fit here too, with one difference the flow must learn: Facebook has
 * no refresh grant, so "refresh" means exchanging the long-lived token again (fb_exchange_token,
 * with the app id and secret) at graph.facebook.com/v21.0/oauth/access_token.
 */
export type ProviderName = 'threads' | 'instagram'

export interface Provider {
  name: ProviderName
  /** For messages: "Threads refused the refresh". */
  label: string
  defaultSecretName: string
  /** Input names of the two base URLs, with their defaults. */
  apiUrlInput: string
  defaultApiUrl: string
  /** Where codes are exchanged, when not on the API host. */
  oauthUrlInput?: string
  defaultOauthUrl?: string
  exchangeGrant: string
  refreshGrant: string
  profilePath: string
  profileFields: string
  /** The profile's field that holds the user id. */
  profileIdField: string
  /** Token inspection (issued and expiry time), where the service offers it. */
  inspectPath?: string
  /** The browser address that starts authorization. */
  authorizeUrl: string
  /** Every host that serves the authorize page, the documented one first: Meta moved Threads from threads.net. */
  authorizeHosts: string[]
  scopes: string[]
  /** Whether the app may register a redirect URI on localhost or a loopback address (Threads and Instagram refuse one). */
  acceptsLoopbackRedirect: boolean
}

export const PROVIDERS: Record<ProviderName, Provider> = {
  threads: {
    name: 'threads',
    label: 'Threads',
    defaultSecretName: 'THREAD_ACCESS_TOKEN',
    apiUrlInput: 'threads-api-url',
    defaultApiUrl: 'https://graph.threads.net',
    exchangeGrant: 'th_exchange_token',
    refreshGrant: 'th_refresh_token',
    profilePath: '/v1.0/me',
    profileFields: 'id,username',
    profileIdField: 'id',
    inspectPath: '/v1.0/debug_token',
    authorizeUrl: 'https://threads.com/oauth/authorize',
    authorizeHosts: ['threads.com', 'www.threads.com', 'threads.net', 'www.threads.net'],
    scopes: ['threads_basic', 'threads_content_publish'],
    acceptsLoopbackRedirect: false
  },
  instagram: {
    name: 'instagram',
    label: 'Instagram',
    defaultSecretName: 'INSTAGRAM_ACCESS_TOKEN',
    apiUrlInput: 'instagram-api-url',
    defaultApiUrl: 'https://graph.instagram.com',
    oauthUrlInput: 'instagram-oauth-url',
    defaultOauthUrl: 'https://api.instagram.com',
    exchangeGrant: 'ig_exchange_token',
    refreshGrant: 'ig_refresh_token',
    profilePath: '/v21.0/me',
    profileFields: 'user_id,username',
    profileIdField: 'user_id',
    authorizeUrl: 'https://www.instagram.com/oauth/authorize',
    authorizeHosts: ['www.instagram.com', 'instagram.com'],
    scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
    acceptsLoopbackRedirect: false
  }
}

export function isProviderName(value: string): value is ProviderName {
  return Object.hasOwn(PROVIDERS, value)
}

/** The provider of that name, or undefined for a name that is none. */
export function providerNamed(name: string): Provider | undefined {
  return isProviderName(name) ? PROVIDERS[name] : undefined
}

/**
 * The provider whose authorize page an address is, on any host that serves it: people paste it where
 * the redirect that follows approval belongs.
 */
export function authorizePageOf(address: string): Provider | undefined {
  let url: URL
  try {
    url = new URL(address)
  } catch {
    return undefined
  }
  if (!/^\/oauth\/authorize\/?$/.test(url.pathname)) return undefined
  return Object.values(PROVIDERS).find((provider) => provider.authorizeHosts.includes(url.hostname.toLowerCase()))
}

/** The browser address that starts authorization; `state` guards the redirect against forgery. */
export function authorizeUrl(provider: Provider, appId: string, redirectUri: string, state?: string): string {
  const url = new URL(provider.authorizeUrl)
  url.searchParams.set('client_id', appId)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('scope', provider.scopes.join(','))
  url.searchParams.set('response_type', 'code')
  if (state) url.searchParams.set('state', state)
  // Commas kept as they are, as Meta's own examples write the scope list.
  return url.href.replace(/%2C/g, ',')
}
