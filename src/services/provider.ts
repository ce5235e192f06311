/**
 * A provider: how one service is spoken, in one module (providers/*.ts). Mostly data (names, hosts,
 * defaults, the rules its inputs follow, which credentials it takes and what a scheduled run does with
 * them, the words its remedies use), and its calls, built over the one client by the dialect the
 * service speaks (meta-graph.ts, oauth2.ts). The core knows lifecycles; only a provider knows a service.
 */
import type { TokenService } from '../core/ports.js'
import type { ServiceWords } from '../shared/errors.js'
import type { Refusal } from '../shared/refusal.js'
import type { Judgement, ServiceClient } from './client.js'

/** The app that asks for authorization, as the inputs gave it ('' where not given). */
export interface App {
  appId: string
  appSecret: string
  redirectUri: string
}

/** How a client proves who it is at a token endpoint (RFC 6749 §2.3.1). */
export type ClientAuthInput = 'client-secret-basic' | 'client-secret-post'

/** What a provider's calls may need beyond the app: each reads what is its own. */
export interface ProviderSettings {
  app: App
  /** Facebook: the Page whose token is kept. */
  pageId?: string | undefined
  /** Any OAuth 2.0 service: its token endpoint, how the client authenticates there, and the scope to ask for. */
  tokenUrl?: string | undefined
  clientAuth?: ClientAuthInput | undefined
  scope?: string | undefined
}

export interface Provider {
  /** The `provider` input's value: 'threads'. */
  name: string
  /** For messages: "Threads refused the refresh". */
  label: string
  /** Where the token is kept by default; none where it lives too short to keep (X: two hours), and is only an output. */
  defaultSecretName?: string
  /** Where a refresh token is written back by default, for services that grant them. */
  defaultRefreshTokenSecret?: string
  /** Default base URLs: the API host, and the host that exchanges codes and tokens where it is another. */
  hosts: { api: string; oauth?: string }
  /** The v1 inputs that set those hosts (`threads-api-url`), still read where `api-url` is empty. */
  legacyUrlInputs?: { api: string; oauth?: string }
  /** What `app-id` must look like, and what to say where it does not ("the numeric Threads App ID"). */
  appId: { valid: (id: string) => boolean; what: string }
  /** Whether its calls need the app secret, or take one where given (X's public clients have none). */
  appSecret: 'required' | 'optional'
  /** Whether the service accepts a loopback http:// redirect URI (RFC 8252), as the command line's login can catch. */
  loopbackRedirect: boolean
  /** The browser page that starts authorization; none where the action cannot know it (any OAuth 2.0 service). */
  authorize?: {
    url: string
    /** Every host that serves the authorize page, the documented one first. */
    hosts: string[]
    scopes: string[]
    /** How the scope list is joined: Meta writes commas, OAuth 2.0 spaces. */
    separator: ',' | ' '
    /**
     * The authorization code flow with PKCE (S256): its code can only be redeemed with the verifier of
     * the login that asked for it, so only the command line's login bootstraps it.
     */
    pkce?: true
  }
  /** Which credentials it takes, and what a scheduled run does with the one it keeps. */
  credentials: {
    /** `short-lived-token`, where taken: its exchange needs the app's secret, or its id and secret. */
    shortLived: false | 'secret' | 'app'
    /** `long-lived-token`: renewed in place ('refresh'), or only checked ('check'): nothing renews it. Not taken: false. */
    longLived: 'refresh' | 'check' | false
    /** `refresh-token`: where the service grants refresh tokens (to some apps, at least). */
    refreshToken: boolean
  }
  /** A scheduled run needs the app's id and secret too (an app token, an introspection, a refresh grant). */
  scheduledNeedsApp: boolean
  /**
   * When the kept token expires, as a failure weighs its urgency: a date the expiry variable keeps, never
   * (a Facebook Page token: it may only be invalidated), or nothing worth keeping (an access token of
   * hours, kept beside its refresh token).
   */
  expiry: 'dated' | 'never' | 'hours'
  /** The name messages give the service where it is not the label's (any OAuth 2.0 service: its token endpoint's host). */
  serviceName?: (settings: ProviderSettings) => string
  /** Its token endpoint is an input (`token-url`, with `client-auth` and `scope`): any OAuth 2.0 service. */
  tokenEndpointInputs?: true
  words: ServiceWords
  /** Reads the service's refusals: what it says of another try, and what it means for the user. */
  judge: (refusal: Refusal, operation: string) => Judgement
  /** The service's calls, over the one client. */
  connect: (client: ServiceClient, settings: ProviderSettings) => TokenService
}

/** The calls a lifecycle does not have: offered by no provider that lacks it (inputs.ts never asks for them). */
export function notOffered(client: ServiceClient, operation: string): Promise<never> {
  return Promise.reject(client.refusal(operation, { apiMessage: 'not offered by this service', serviceWords: false }))
}
