/**
 * A world for the providers beyond Meta's long-lived tokens: the service's stand-in beside GitHub's,
 * with the inputs every run of that provider needs (its app, `api-url` pointing at the stand-in).
 */
import { FacebookStandIn, type FacebookStandInOptions } from './facebook-api.js'
import { LinkedInStandIn, type LinkedInStandInOptions } from './linkedin-api.js'
import { gitHubInputs, gitHubSide, type GitHubSide, type WorldOptions } from './world.js'

interface Services {
  facebook: { stand: FacebookStandIn; options: FacebookStandInOptions }
  linkedin: { stand: LinkedInStandIn; options: LinkedInStandInOptions }
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
  const service = (
    name === 'facebook'
      ? new FacebookStandIn({ ...(options.service as FacebookStandInOptions), ...tls })
      : new LinkedInStandIn({ ...(options.service as LinkedInStandInOptions), ...tls })
  ) as Services[Name]['stand']
  const side = gitHubSide(options)
  await Promise.all([service.start(), side.github.start()])
  const app =
    service instanceof FacebookStandIn
      ? { 'app-id': service.appId, 'app-secret': service.appSecret, 'redirect-uri': service.redirectUri }
      : { 'app-id': service.clientId, 'app-secret': service.clientSecret, 'redirect-uri': service.redirectUri }
  const extraSecrets = service instanceof FacebookStandIn ? [service.appToken] : []
  return {
    service,
    ...side,
    inputs: (extra = {}) => ({ provider: name, ...app, ...gitHubInputs(side), 'api-url': service.url, ...extra }),
    credentials: () => [...service.credentials(), ...extraSecrets, side.githubToken, side.workflowToken],
    close: async () => {
      await Promise.all([service.close(), side.github.close()])
    }
  }
}
