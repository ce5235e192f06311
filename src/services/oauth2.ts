/**
 * OAuth 2.0 as RFC 6749 has it, for the services that speak it (LinkedIn, X, any other): the
 * authorization code grant (with PKCE where asked), the refresh_token grant, the client
 * authenticating by HTTP Basic or in the form (§2.3.1), and their errors (§5.2).
 *
 * Written on the one client rather than on oauth4webapi: that library wants the global Response
 * (undici, ~26 ms to load on every run, which the transport exists to avoid) and refuses replies
 * without `token_type`, which LinkedIn's and Meta's token replies leave out.
 */
import type { Grant } from '../core/ports.js'
import type { Refusal } from '../shared/refusal.js'
import type { Judgement, ServiceClient, ServiceRequest } from './client.js'
import { readGrant } from './grants.js'
import type { App } from './provider.js'

/** How the client proves who it is: HTTP Basic, in the form, or not at all (a public client, with PKCE). */
export type ClientAuth = 'client-secret-basic' | 'client-secret-post' | 'none'

export interface TokenEndpoint {
  /** A path on the provider's OAuth host, or a whole URL. */
  path: string
  clientAuth: ClientAuth
}

/** A form for the token endpoint, with the client's authentication where the endpoint wants it. */
function authenticated(app: App, clientAuth: ClientAuth, form: Record<string, string>): Pick<ServiceRequest, 'form' | 'basic'> {
  if (clientAuth === 'client-secret-basic') return { form, basic: { id: app.appId, secret: app.appSecret } }
  if (clientAuth === 'client-secret-post') return { form: { ...form, client_id: app.appId, client_secret: app.appSecret } }
  return { form: { ...form, client_id: app.appId } }
}

/** The two grants of a token endpoint. */
export function tokenEndpoint(client: ServiceClient, app: App, { path, clientAuth }: TokenEndpoint) {
  const post = (operation: string, form: Record<string, string>): Promise<Grant> =>
    client.call(operation, { method: 'POST', path, oauth: true, once: true, ...authenticated(app, clientAuth, form) }, readGrant)
  return {
    /** The authorization code grant (§4.1.3); PKCE's verifier where the authorization carried a challenge. */
    redeemCode(code: string, codeVerifier?: string): Promise<Grant> {
      const form = { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri }
      return post('code exchange', codeVerifier ? { ...form, code_verifier: codeVerifier } : form)
    },
    /** The refresh_token grant (§6): spends the refresh token where the service rotates them. */
    redeemRefreshToken(refreshToken: string, scope?: string): Promise<Grant> {
      const form = { grant_type: 'refresh_token', refresh_token: refreshToken }
      return post('refresh', scope ? { ...form, scope } : form)
    }
  }
}

/**
 * RFC 6749 §5.2's errors, as far as they tell what to do; nothing is judged from words. `invalid_grant`
 * on a refresh is a dead grant (expired, revoked, or spent); on a code, the code's own advice.
 * `unauthorized_client` is a client that authenticated but may not use the grant it sent, as
 * `unsupported_grant_type` is one the server does not offer: its settings, not its secret, are at fault.
 */
export function judgeOAuth2({ error }: Refusal, operation: string): Judgement {
  switch (error) {
    case 'invalid_grant':
      return operation === 'refresh' ? { reason: 'dead-grant' } : {}
    case 'invalid_client':
      return { reason: 'client-secret' }
    case 'unauthorized_client':
    case 'unsupported_grant_type':
      return { reason: 'grant-type' }
    case 'invalid_redirect_uri':
      return { reason: 'redirect-uri' }
    case 'invalid_scope':
      return { reason: 'scope' }
    case 'temporarily_unavailable':
      return { says: 'try-later' }
    default:
      return {}
  }
}
