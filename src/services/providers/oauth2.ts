/**
 * Any OAuth 2.0 service's refresh token (RFC 6749 §6), at the token endpoint the inputs name: the
 * client authenticates by HTTP Basic or in the form, a scope may be asked for, and a reply without a
 * new refresh token leaves the stored one as it is. Its first tokens come from the service itself.
 */
import type { TokenService } from '../../core/ports.js'
import type { ServiceClient } from '../client.js'
import { judgeOAuth2, tokenEndpoint } from '../oauth2.js'
import { notOffered, type Provider, type ProviderSettings } from '../provider.js'

function oauth2Tokens(
  client: ServiceClient,
  { app, tokenUrl = '', clientAuth = 'client-secret-basic', scope }: ProviderSettings
): TokenService {
  const endpoint = tokenEndpoint(client, app, { path: tokenUrl, clientAuth: app.appSecret ? clientAuth : 'none' })
  return {
    profiles: 'none',
    reportsDataAccess: false,
    redeemCode: () => notOffered(client, 'code exchange'),
    exchangeForLongLived: () => notOffered(client, 'long-lived exchange'),
    refresh: () => notOffered(client, 'refresh'),
    redeemRefreshToken: (refreshToken) => endpoint.redeemRefreshToken(refreshToken, scope),
    check: () => notOffered(client, 'token check'),
    inspect: () => notOffered(client, 'token inspection'),
    profile: () => notOffered(client, 'profile lookup')
  }
}

export const oauth2: Provider = {
  name: 'oauth2',
  label: 'OAuth 2.0',
  serviceName: ({ tokenUrl }) => {
    try {
      return new URL(tokenUrl ?? '').host
    } catch {
      return 'The OAuth 2.0 service'
    }
  },
  // No default: a default name would be shared by every OAuth 2.0 service a repository keeps.
  hosts: { api: '' },
  tokenEndpointInputs: true,
  appId: { valid: (id) => /^[\x21-\x7e]{1,256}$/.test(id), what: "the client's id, as the service gave it (printable, no spaces)" },
  appSecret: 'optional',
  loopbackRedirect: true,
  credentials: { shortLived: false, longLived: false, refreshToken: true },
  expiry: 'hours',
  scheduledNeedsApp: true,
  words: {
    appId: 'the client id the service registered for you',
    // invalid_client says as much of a secret sent the wrong way as of a wrong one.
    appSecret:
      "its client secret (empty for a public client), sent the way the service takes it ('client-auth': client-secret-basic, the default, or client-secret-post)",
    permission: 'was granted the scopes it is used with',
    dashboard: "the service's client settings",
    deadGrant: 'expired, revoked, or spent by another refresh',
    codeLife: 'for a short while',
    guide: ' (docs/oauth2.md: "When the grant dies")',
    authorizeAgain: 'authorize again at the service, and store the refresh token it gives in the secret refresh-token-secret names'
  },
  judge: judgeOAuth2,
  connect: oauth2Tokens
}
