/**
 * A world for the providers beyond Meta's long-lived tokens: the service's stand-in beside GitHub's,
 * with the inputs every run of that provider needs (its app, `api-url` pointing at the stand-in).
 */
import { FacebookStandIn, type FacebookStandInOptions } from './facebook-api.js'
import { LinkedInStandIn, type LinkedInStandInOptions } from './linkedin-api.js'
import { OAuth2StandIn, type OAuth2StandInOptions } from './oauth2-server.js'
import { gitHubInputs, gitHubSide, type GitHubSide, type WorldOptions } from './world.js'
import { XStandIn, type XStandInOptions } from './x-api.js'

interface Services {
  facebook: { stand: FacebookStandIn; options: FacebookStandInOptions }
  linkedin: { stand: LinkedInStandIn; options: LinkedInStandInOptions }
  x: { stand: XStandIn; options: XStandInOptions }
  oauth2: { stand: OAuth2StandIn; options: OAuth2StandInOptions }
}

export type ServiceName = keyof Services

export interface ProviderWorld<Name extends ServiceName> extends GitHubSide {
  service: Services[Name]['stand']
  /** The inputs every run needs, pointed at the stand-ins, with `extra` over them. */
  inputs(extra?: Record<string, string>): Record<string, string>
  /** Every credential either service knows, for leak scans (Facebook's app token included). */
  credentials(): string[]
  close(): Promise<void>
}

export interface ProviderWorldOptions<Name extends ServiceName> extends Omit<WorldOptions, 'graph'> {
  service?: Services[Name]['options']
}

export async function startProviderWorld<Name extends ServiceName>(
  name: Name,
  options: ProviderWorldOptions<Name> = {}
): Promise<ProviderWorld<Name>> {
  const tls = options.tls ? { tls: options.tls } : {}
  const service = standIn(name, { ...options.service, ...tls }) as Services[Name]['stand']
  const side = gitHubSide(options)
  await Promise.all([service.start(), side.github.start()])
  const extraSecrets = service instanceof FacebookStandIn ? [service.appToken] : []
  return {
    service,
    ...side,
    inputs: (extra = {}) => ({ provider: name, ...appInputs(service), ...gitHubInputs(side), ...urlInputs(service), ...extra }),
    credentials: () => [...service.credentials(), ...extraSecrets, side.githubToken, side.workflowToken],
    close: async () => {
      await Promise.all([service.close(), side.github.close()])
    }
  }
}

function standIn(name: ServiceName, options: Services[ServiceName]['options']): Services[ServiceName]['stand'] {
  switch (name) {
    case 'facebook':
      return new FacebookStandIn(options)
    case 'linkedin':
      return new LinkedInStandIn(options)
    case 'x':
      return new XStandIn(options)
    case 'oauth2':
      return new OAuth2StandIn(options)
  }
}

/** The app's inputs, as each service names its parts (a public X client has no secret). */
function appInputs(service: Services[ServiceName]['stand']): Record<string, string> {
  if (service instanceof FacebookStandIn)
    return { 'app-id': service.appId, 'app-secret': service.appSecret, 'redirect-uri': service.redirectUri }
  if (service instanceof OAuth2StandIn) return { 'app-id': service.clientId, 'app-secret': service.clientSecret }
  const secret = service instanceof XStandIn && service.clientType === 'public' ? '' : service.clientSecret
  return { 'app-id': service.clientId, 'app-secret': secret, 'redirect-uri': service.redirectUri }
}

/** Where requests go: `api-url` at the stand-in; any OAuth 2.0 service by its token endpoint, with how it authenticates clients. */
function urlInputs(service: Services[ServiceName]['stand']): Record<string, string> {
  if (!(service instanceof OAuth2StandIn)) return { 'api-url': service.url }
  const clientAuth = service.clientAuth === 'client_secret_post' ? 'client-secret-post' : 'client-secret-basic'
  return { 'token-url': service.tokenUrl, 'client-auth': clientAuth, 'refresh-token-secret': 'SERVICE_REFRESH_TOKEN' }
}
