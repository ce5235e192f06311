/**
 * X (docs.x.com, OAuth 2.0 authorization code with PKCE): access tokens of two hours, and with
 * `offline.access` a refresh token that each refresh replaces, the old one dead at once (X's docs are
 * silent; its clients and users report it: REFERENCE.md). Codes live 30 seconds, so the first tokens
 * come from the command line's login, which listens on the registered loopback redirect.
 */
import type { TokenService } from '../../core/ports.js'
import type { JsonObject as Json } from '../../shared/json.js'
import type { Refusal } from '../../shared/refusal.js'
import type { Judgement, ServiceClient } from '../client.js'
import { asOpaqueId } from '../grants.js'
import { judgeOAuth2, tokenEndpoint } from '../oauth2.js'
import { notOffered, type App, type Provider } from '../provider.js'

/** X usernames: letters, digits and '_', at most 15. */
const USERNAME_SHAPE = /^[A-Za-z0-9_]{1,15}$/

/**
 * A spent or revoked refresh token: X answers `invalid_request` ("Value passed for the token was
 * invalid"), RFC 6749 `invalid_grant`. X's `unauthorized_client` is a confidential client without
 * its Basic credentials ("Missing valid authorization header"), not RFC 6749's grant the client may not use.
 */
function judge(refusal: Refusal, operation: string): Judgement {
  if (operation === 'refresh' && (refusal.error === 'invalid_request' || refusal.error === 'invalid_grant')) return { reason: 'dead-grant' }
  if (refusal.error === 'unauthorized_client') return { reason: 'client-secret' }
  return judgeOAuth2(refusal, operation)
}

function xTokens(client: ServiceClient, app: App): TokenService {
  // A confidential client authenticates with HTTP Basic; a public one (no secret) names itself in the form.
  const endpoint = tokenEndpoint(client, app, { path: '/2/oauth2/token', clientAuth: app.appSecret ? 'client-secret-basic' : 'none' })
  return {
    profiles: 'username',
    reportsDataAccess: false,
    redeemCode: (code, codeVerifier) => endpoint.redeemCode(code, codeVerifier),
    exchangeForLongLived: () => notOffered(client, 'long-lived exchange'),
    refresh: () => notOffered(client, 'refresh'),
    redeemRefreshToken: (refreshToken) => endpoint.redeemRefreshToken(refreshToken),
    check: () => notOffered(client, 'token check'),
    inspect: () => notOffered(client, 'token inspection'),
    profile(token) {
      const read = (body: Json) => {
        const data = (body.data ?? {}) as Json
        const id = asOpaqueId(data.id)
        if (!id) return undefined
        return typeof data.username === 'string' && USERNAME_SHAPE.test(data.username) ? { id, username: data.username } : { id }
      }
      return client.call('profile lookup', { method: 'GET', path: '/2/users/me', bearer: token }, read)
    }
  }
}

export const x: Provider = {
  name: 'x',
  label: 'X',
  defaultRefreshTokenSecret: 'X_REFRESH_TOKEN',
  hosts: { api: 'https://api.x.com' },
  appId: { valid: (id) => /^[A-Za-z0-9._:-]{1,128}$/.test(id), what: "your X app's OAuth 2.0 Client ID (letters, digits and . _ : -)" },
  appSecret: 'optional',
  loopbackRedirect: true,
  authorize: {
    url: 'https://x.com/i/oauth2/authorize',
    hosts: ['x.com', 'twitter.com'],
    scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
    separator: ' ',
    pkce: true
  },
  credentials: { shortLived: false, longLived: false, refreshToken: true },
  expiry: 'hours',
  scheduledNeedsApp: true,
  words: {
    appId: 'the OAuth 2.0 Client ID of your X app (Developer Portal > your app > Keys and tokens), not its API key',
    appSecret: 'its OAuth 2.0 Client Secret, for a confidential client (a public client has none)',
    permission: 'was granted tweet.read, tweet.write, users.read and offline.access',
    dashboard: 'the X Developer Portal (your app > User authentication settings)',
    deadGrant: 'spent by another refresh, revoked, or its grant ended',
    codeLife: 'for 30 seconds',
    guide: ' (docs/x.md: "The first tokens")',
    authorizeAgain:
      "authorize again from a terminal with the command line's login --provider x, which stores the new refresh token (X's codes live 30 seconds, too short for a manual run)"
  },
  judge,
  connect: (client, { app }) => xTokens(client, app)
}
