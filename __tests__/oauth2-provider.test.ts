/**
 * Any OAuth 2.0 service's refresh token (src/services/providers/oauth2.ts) over the real client,
 * against the RFC 6749 stand-in: both ways of client authentication (§2.3.1), the three ways a
 * service treats the refresh token (rotated, omitted, echoed), the scope, every §5.2 error read and
 * told, and the service named by its token endpoint's host.
 */
import { describe, expect, it } from 'vitest'
import type { ClientAuthInput } from '../src/services/provider.js'
import { oauth2 } from '../src/services/providers/oauth2.js'
import { ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import type { OAuth2StandIn } from '../stand-ins/oauth2-server.js'
import { oauth2CallsEach, settle } from './support.js'

const start = oauth2CallsEach()
const TOKEN = 'POST /oauth/token'
const AUTHORIZE_AGAIN =
  'authorize again at the service, and store the refresh token it gives in the secret refresh-token-secret names (docs/oauth2.md: "When the grant dies").'

function sent(stand: OAuth2StandIn, index = 0): { form: Record<string, string>; authorization: string | undefined } {
  const request = stand.server.calls(TOKEN)[index]
  return { form: Object.fromEntries(new URLSearchParams(request?.body)), authorization: request?.headers.authorization }
}
const host = (stand: OAuth2StandIn): string => new URL(stand.url).host

describe('client authentication (RFC 6749 §2.3.1)', () => {
  it('client-secret-basic (the default): the id and secret in HTTP Basic, the form holds the grant alone', async () => {
    const { stand, tokens } = await start()
    const refreshToken = stand.issueRefreshToken()
    await tokens.redeemRefreshToken(refreshToken)
    expect(sent(stand)).toEqual({
      form: { grant_type: 'refresh_token', refresh_token: refreshToken },
      authorization: `Basic ${Buffer.from(`${stand.clientId}:${stand.clientSecret}`).toString('base64')}`
    })
  })

  it('client-secret-post: the id and secret in the form, no Authorization header', async () => {
    const { stand, tokens } = await start({ clientAuth: 'client_secret_post' })
    const refreshToken = stand.issueRefreshToken()
    const grant = await tokens.redeemRefreshToken(refreshToken)
    expect(stand.state(grant.accessToken)).toBe('active')
    expect(sent(stand)).toEqual({
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: stand.clientId, client_secret: stand.clientSecret },
      authorization: undefined
    })
  })

  it.each<[string, 'client_secret_basic' | 'client_secret_post', ClientAuthInput]>([
    ['Basic sent to a server that wants the secret in the form', 'client_secret_post', 'client-secret-basic'],
    ['the form sent to a server that wants Basic', 'client_secret_basic', 'client-secret-post']
  ])('%s: 401 invalid_client, the secret and how it is sent named; the token unspent', async (_case, wanted, clientAuth) => {
    const { stand, tokens } = await start({ clientAuth: wanted }, { clientAuth })
    const refreshToken = stand.issueRefreshToken()
    const error = await settle(tokens.redeemRefreshToken(refreshToken))
    expect(error).toMatchObject({ status: 401, error: 'invalid_client', reason: 'client-secret', transient: false })
    expect(explain(error)).toBe(
      `${host(stand)} refused the refresh (HTTP 401, code invalid_client): This client authenticates with ${wanted}. Check 'app-secret': it must be its client secret (empty for a public client), sent the way the service takes it ('client-auth': client-secret-basic, the default, or client-secret-post).`
    )
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(TOKEN)).toHaveLength(1)
    expect(stand.state(refreshToken)).toBe('active')
  })
})

describe('what a refresh does to the refresh token (RFC 6749 §6)', () => {
  it('rotate: a new one, the one sent spent', async () => {
    const { stand, tokens, masks } = await start({ rotation: 'rotate' })
    const refreshToken = stand.issueRefreshToken()
    const grant = await tokens.redeemRefreshToken(refreshToken)
    expect(grant).toEqual({ accessToken: expect.any(String), expiresIn: 3600, refreshToken: expect.any(String) })
    expect(grant.refreshToken).not.toBe(refreshToken)
    expect(stand.state(grant.refreshToken ?? '')).toBe('active')
    expect(stand.state(refreshToken)).toBe('spent')
    expect(masks.map((mask) => mask.value)).toEqual([grant.accessToken, grant.refreshToken])
  })

  it('omit (Google): none in the reply, which means keep the one there is; it still works', async () => {
    const { stand, tokens } = await start({ rotation: 'omit' })
    const refreshToken = stand.issueRefreshToken()
    const grant = await tokens.redeemRefreshToken(refreshToken)
    expect(grant).toEqual({ accessToken: expect.any(String), expiresIn: 3600 })
    expect(stand.state(refreshToken)).toBe('active')
    expect((await tokens.redeemRefreshToken(refreshToken)).accessToken).not.toBe(grant.accessToken)
  })

  it('echo: the same one back, still active', async () => {
    const { stand, tokens } = await start({ rotation: 'echo' })
    const refreshToken = stand.issueRefreshToken()
    expect((await tokens.redeemRefreshToken(refreshToken)).refreshToken).toBe(refreshToken)
    expect(stand.state(refreshToken)).toBe('active')
  })

  it('a rotated one used again where the server revokes the family (RFC 9700 §4.14.2): the new one dies with it', async () => {
    const { stand, tokens } = await start({ revokeGrantOnReuse: true })
    const refreshToken = stand.issueRefreshToken()
    const grant = await tokens.redeemRefreshToken(refreshToken)
    expect(await settle(tokens.redeemRefreshToken(refreshToken))).toMatchObject({ error: 'invalid_grant', reason: 'dead-grant' })
    expect(stand.state(grant.refreshToken ?? '')).toBe('revoked')
  })
})

describe('the scope', () => {
  it('sent where given, and the token gets that narrower scope', async () => {
    const { stand, tokens } = await start({}, { scope: 'read' })
    const grant = await tokens.redeemRefreshToken(stand.issueRefreshToken())
    expect(sent(stand).form.scope).toBe('read')
    expect(stand.scopeOf(grant.accessToken)).toEqual(['read'])
  })

  it('not sent where not given: the grant’s whole scope', async () => {
    const { stand, tokens } = await start()
    const grant = await tokens.redeemRefreshToken(stand.issueRefreshToken())
    expect('scope' in sent(stand).form).toBe(false)
    expect(stand.scopeOf(grant.accessToken)).toEqual(['read', 'write'])
  })
})

const GRANT_TYPE =
  "does not let this client use refresh tokens: allow the refresh_token grant (or offline access) for it in the service's client settings."

/**
 * Each §5.2 error: its status, what it means, its remedy's words, and how the stand-in comes to send
 * it (a refresh token it refuses); where it cannot (the action sends no other grant type, no
 * malformed request), the refusal is scripted on the token endpoint.
 */
const ERRORS: [string, number, string | undefined, string, ((stand: OAuth2StandIn) => string)?][] = [
  ['invalid_request', 400, undefined, `The stored token could not be refreshed. If it has expired or was revoked, ${AUTHORIZE_AGAIN}`],
  ['invalid_client', 401, 'client-secret', "Check 'app-secret': it must be its client secret"],
  [
    'invalid_grant',
    400,
    'dead-grant',
    `The token can no longer be used (expired, revoked, or spent by another refresh) and cannot be refreshed: ${AUTHORIZE_AGAIN}`,
    (stand) => {
      const revoked = stand.issueRefreshToken()
      stand.revokeGrantOf(revoked)
      return revoked
    }
  ],
  ['unauthorized_client', 400, 'grant-type', GRANT_TYPE],
  ['unsupported_grant_type', 400, 'grant-type', GRANT_TYPE],
  [
    'invalid_scope',
    400,
    'scope',
    "The authorization asked for permissions the app was not given: add them to the app in the service's client settings, then authorize again"
  ]
]

describe('every RFC 6749 §5.2 error: read, told with its remedy, the service named by its host', () => {
  it.each(ERRORS)('%s', async (error, status, reason, remedy, make) => {
    const { stand, tokens } = await start()
    if (!make) stand.server.fault(TOKEN, { status, body: { error, error_description: `The server says ${error}` } })
    const refused = await settle(tokens.redeemRefreshToken(make ? make(stand) : stand.issueRefreshToken()))
    expect(refused).toBeInstanceOf(ServiceError)
    expect(refused).toMatchObject({ operation: 'refresh', status, error, reason, transient: false })
    const told = explain(refused)
    expect(told.startsWith(`${host(stand)} refused the refresh (HTTP ${status}, code ${error}): `)).toBe(true)
    expect(told).toContain(remedy)
    expect(needsHuman(refused)).toBe(true)
    expect(stand.server.calls(TOKEN)).toHaveLength(1)
  })

  it('the real stand-in’s own refusals: a client that may not refresh, and a scope beyond the grant', async () => {
    const barred = await start({ refreshGrantAllowed: false })
    expect(await settle(barred.tokens.redeemRefreshToken(barred.stand.issueRefreshToken()))).toMatchObject({
      error: 'unauthorized_client',
      reason: 'grant-type'
    })
    const wide = await start({}, { scope: 'read admin' })
    expect(await settle(wide.tokens.redeemRefreshToken(wide.stand.issueRefreshToken()))).toMatchObject({
      error: 'invalid_scope',
      reason: 'scope'
    })
  })

  it('the service is named by its token endpoint’s host, port included; by its kind where that is no URL', () => {
    const app = { appId: 'id', appSecret: 'secret', redirectUri: '' }
    expect(oauth2.serviceName?.({ app, tokenUrl: 'https://auth.example.com:8443/oauth/token?x=1' })).toBe('auth.example.com:8443')
    expect(oauth2.serviceName?.({ app, tokenUrl: 'not a url' })).toBe('The OAuth 2.0 service')
    // A command that sends no credential (status) reads no token endpoint.
    expect(oauth2.serviceName?.({ app })).toBe('The OAuth 2.0 service')
  })

  it('a public client (no secret) names itself in the form, with no Authorization header; a confidential service refuses it', async () => {
    const { stand, tokens } = await start({}, { app: { appId: 'public-app', appSecret: '', redirectUri: '' } })
    const error = await settle(tokens.redeemRefreshToken(stand.issueRefreshToken()))
    expect(sent(stand)).toEqual({
      form: { grant_type: 'refresh_token', refresh_token: expect.any(String), client_id: 'public-app' },
      authorization: undefined
    })
    expect(error).toMatchObject({ error: 'invalid_client', reason: 'client-secret' })
  })

  it('what it is not asked for (a code, a refresh in place, a check, an inspection, a profile, a long-lived exchange) is refused before any request', async () => {
    const { stand, tokens } = await start()
    const calls = [
      tokens.redeemCode('c'),
      tokens.refresh('t'),
      tokens.check('t'),
      tokens.inspect('t'),
      tokens.profile('t'),
      tokens.exchangeForLongLived('t')
    ]
    for (const call of calls) expect(await settle(call)).toMatchObject({ apiMessage: 'not offered by this service', serviceWords: false })
    expect(stand.server.requests).toEqual([])
  })
})
