/**
 * Every provider, by name: the one list that inputs, the command line and the docs read. Adding a
 * provider is its module under providers/ and one line here.
 */
import type { Provider } from './provider.js'
import { facebook } from './providers/facebook.js'
import { instagram } from './providers/instagram.js'
import { linkedin } from './providers/linkedin.js'
import { oauth2 } from './providers/oauth2.js'
import { threads } from './providers/threads.js'
import { x } from './providers/x.js'

export const PROVIDERS: readonly Provider[] = [threads, instagram, facebook, linkedin, x, oauth2]

export const DEFAULT_PROVIDER = threads

/** The provider of that name, or undefined for a name that is none. */
export function providerNamed(name: string): Provider | undefined {
  return PROVIDERS.find((provider) => provider.name === name)
}

/** "threads, instagram, facebook or linkedin": for messages that list the choices. */
export function providerChoices(): string {
  const names = PROVIDERS.map((provider) => provider.name)
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`
}

/** A path with its version (`/v25.0/`) made general, and no trailing slash: Facebook's dialog moves with the version. */
const pagePath = (path: string): string => path.replace(/\/v\d+(?:\.\d+)?(?=\/)/, '/v').replace(/\/+$/, '')

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
  const host = url.hostname.toLowerCase()
  return PROVIDERS.find(
    ({ authorize }) =>
      authorize !== undefined && authorize.hosts.includes(host) && pagePath(url.pathname) === pagePath(new URL(authorize.url).pathname)
  )
}

/** What ties an authorization to the one who asked: `state` against forgery, PKCE's challenge against a stolen code. */
export interface AuthorizeExtras {
  state?: string | undefined
  codeChallenge?: string | undefined
}

/** A provider whose authorize page the action knows. */
export type Authorizing = Provider & { authorize: NonNullable<Provider['authorize']> }

export const authorizes = (provider: Provider): provider is Authorizing => provider.authorize !== undefined

/** The browser address that starts authorization. */
export function authorizeUrl(
  provider: Authorizing,
  appId: string,
  redirectUri: string,
  { state, codeChallenge }: AuthorizeExtras = {}
): string {
  const { authorize } = provider
  const url = new URL(authorize.url)
  url.searchParams.set('client_id', appId)
  url.searchParams.set('redirect_uri', redirectUri)
  url.searchParams.set('scope', authorize.scopes.join(authorize.separator))
  url.searchParams.set('response_type', 'code')
  if (state) url.searchParams.set('state', state)
  if (codeChallenge) {
    url.searchParams.set('code_challenge', codeChallenge)
    url.searchParams.set('code_challenge_method', 'S256')
  }
  // Commas kept as they are, as Meta's own examples write the scope list.
  return url.href.replace(/%2C/g, ',')
}
