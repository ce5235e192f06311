/**
 * LinkedIn (learn.microsoft.com/linkedin/shared/authentication): 60-day access tokens. Refresh tokens
 * (365 days from the first consent, never extended) only for approved Marketing Developer Platform
 * apps; a self-serve app gets none, so its token is watched (token introspection) and its member asked
 * to consent again in time.
 */
import type { TokenService, TokenTimes } from '../../core/ports.js'
import type { JsonObject as Json } from '../../shared/json.js'
import type { Refusal } from '../../shared/refusal.js'
import type { Judgement, ServiceClient } from '../client.js'
import { asDate, asOpaqueId } from '../grants.js'
import { judgeOAuth2, tokenEndpoint } from '../oauth2.js'
import { notOffered, type App, type Provider } from '../provider.js'

/** The API's own errors: 65600 an invalid token, 65601 a revoked one. */
const DEAD_TOKEN_CODES = new Set([65600, 65601])
/** What the introspection says of a token; anything else is no answer. */
const STATUSES = new Set(['active', 'expired', 'revoked'])

function judge(refusal: Refusal, operation: string): Judgement {
  if (refusal.code !== undefined && DEAD_TOKEN_CODES.has(refusal.code)) return { reason: 'dead-grant' }
  return judgeOAuth2(refusal, operation)
}

/** The token's status and times, from `POST /oauth/v2/introspectToken`; undefined where the reply says neither. */
function readIntrospection(body: Json): { status: string; times: TokenTimes } | undefined {
  const status = typeof body.status === 'string' && STATUSES.has(body.status) ? body.status : body.active === false ? 'inactive' : undefined
  if (status === undefined || typeof body.active !== 'boolean') return undefined
  const expiresAt = asDate(body.expires_at)
  const issuedAt = asDate(body.created_at)
  return { status, times: { ...(issuedAt ? { issuedAt } : {}), ...(expiresAt ? { expiresAt } : {}) } }
}

function linkedinTokens(client: ServiceClient, app: App): TokenService {
  const endpoint = tokenEndpoint(client, app, { path: '/oauth/v2/accessToken', clientAuth: 'client-secret-post' })
  const introspect = (token: string) =>
    client.call(
      'token inspection',
      {
        method: 'POST',
        path: '/oauth/v2/introspectToken',
        oauth: true,
        form: { client_id: app.appId, client_secret: app.appSecret, token }
      },
      readIntrospection
    )
  return {
    profiles: 'id',
    reportsDataAccess: false,
    redeemCode: (code) => endpoint.redeemCode(code),
    exchangeForLongLived: () => notOffered(client, 'long-lived exchange'),
    refresh: () => notOffered(client, 'refresh'),
    redeemRefreshToken: (refreshToken) => endpoint.redeemRefreshToken(refreshToken),
    async check(token) {
      const { status, times } = await introspect(token)
      if (status === 'active') return times
      // Said in a success (HTTP 200): the introspection answered, and the token is dead.
      throw client.refusal('token check', {
        apiMessage: `LinkedIn reports the token ${status}`,
        serviceWords: false,
        reason: 'dead-grant',
        status: 200
      })
    },
    async inspect(token) {
      return (await introspect(token)).times
    },
    profile(token) {
      // ferret posts as urn:li:person:{sub}; LinkedIn members have no username.
      const read = (body: Json) => {
        const id = asOpaqueId(body.sub)
        return id ? { id } : undefined
      }
      return client.call('profile lookup', { method: 'GET', path: '/v2/userinfo', bearer: token }, read)
    }
  }
}

export const linkedin: Provider = {
  name: 'linkedin',
  label: 'LinkedIn',
  defaultSecretName: 'LINKEDIN_ACCESS_TOKEN',
  defaultRefreshTokenSecret: 'LINKEDIN_REFRESH_TOKEN',
  hosts: { api: 'https://api.linkedin.com', oauth: 'https://www.linkedin.com' },
  appSecret: 'required',
  appId: { valid: (id) => /^[A-Za-z0-9_-]{1,64}$/.test(id), what: 'the Client ID of your LinkedIn app (letters and digits)' },
  loopbackRedirect: true,
  authorize: {
    url: 'https://www.linkedin.com/oauth/v2/authorization',
    hosts: ['www.linkedin.com', 'linkedin.com'],
    scopes: ['openid', 'profile', 'email', 'w_member_social'],
    separator: ' '
  },
  credentials: { shortLived: false, longLived: 'check', refreshToken: true },
  expiry: 'dated',
  scheduledNeedsApp: true,
  words: {
    appId: 'the Client ID of your LinkedIn app (Developer Portal > your app > Auth)',
    appSecret: 'the Primary Client Secret of that app (Developer Portal > your app > Auth)',
    permission: 'was granted openid and profile (the product "Sign In with LinkedIn using OpenID Connect")',
    dashboard: 'the LinkedIn Developer Portal (your app > Products)',
    deadGrant: 'expired after its 60 days, revoked, or replaced by a consent to other scopes',
    codeLife: 'for 30 minutes',
    guide: ' (docs/linkedin.md: "The first token")'
  },
  judge,
  connect: (client, { app }) => linkedinTokens(client, app)
}
