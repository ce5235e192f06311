/** The LinkedIn stand-in, driven over HTTP: the token endpoint, introspection, userinfo, and the 365-day cap. */
import { describe, expect, it } from 'vitest'
import { LINKEDIN_CODE_REFUSAL, LinkedInStandIn, type LinkedInStandInOptions } from '../stand-ins/linkedin-api.js'
import { at, call, startsEach, text } from './stand-ins-http.js'

const DAY = 86_400_000
const YEAR_SECONDS = 365 * 86_400

let li: LinkedInStandIn
const start = startsEach((options: LinkedInStandInOptions = {}) => (li = new LinkedInStandIn({ frozenClock: true, ...options })))

const client = () => ({ client_id: li.clientId, client_secret: li.clientSecret })
const token = (form: Record<string, string>) => call(`${li.oauthUrl}/oauth/v2/accessToken`, { form })
const exchange = (code: string, extra: Record<string, string> = {}) =>
  token({ grant_type: 'authorization_code', code, redirect_uri: li.redirectUri, ...client(), ...extra })
const refresh = (refreshToken: string) => token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...client() })
const introspect = (t: string, extra: Record<string, string> = {}) =>
  call(`${li.oauthUrl}/oauth/v2/introspectToken`, { form: { ...client(), token: t, ...extra } })
const userinfo = (bearer: string) => call(`${li.apiUrl}/v2/userinfo`, { bearer })

describe('the code exchange', () => {
  it('gives a self-serve app a 60-day token, the scope and an id_token, and no refresh token', async () => {
    await start()
    expect(new URL(li.url).hostname).toBe('127.0.0.1')
    const reply = await exchange(li.issueCode())
    expect(reply.status).toBe(200)
    expect(reply.headers.get('cache-control')).toBe('no-store')
    expect(reply.body).toEqual({
      access_token: expect.stringMatching(/^AQ[\w-]{350}$/),
      expires_in: 5184000,
      scope: 'openid,profile,email,w_member_social',
      id_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/)
    })
    const claims = JSON.parse(Buffer.from(text(reply.body, 'id_token').split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >
    expect(claims).toMatchObject({ aud: li.clientId, sub: li.member.sub })
    expect(li.expiresAt(text(reply.body, 'access_token'))).toBe(li.now() + 5184000 * 1000)
  })

  it('takes a code once, for 30 minutes, with its redirect URI and the right client secret', async () => {
    await start()
    const code = li.issueCode()
    expect((await exchange(code, { client_secret: 'wrong' })).body).toEqual({
      error: 'invalid_client',
      error_description: 'Client authentication failed'
    })
    expect((await exchange(code, { client_secret: 'wrong' })).status).toBe(401)
    const mismatch = await exchange(code, { redirect_uri: `${li.redirectUri}/` })
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'invalid_redirect_uri', error_description: LINKEDIN_CODE_REFUSAL } })
    expect((await exchange(code)).status).toBe(200)
    expect(await exchange(code)).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: LINKEDIN_CODE_REFUSAL }
    })
    const late = li.issueCode()
    li.advance(30 * 60_000 + 1000)
    expect((await exchange(late)).body).toEqual({ error: 'invalid_request', error_description: LINKEDIN_CODE_REFUSAL })
    expect(li.server.calls('POST /oauth/v2/accessToken')).toHaveLength(6)
  })

  it('gives no id_token without openid, and a consent for another scope kills the earlier access tokens', async () => {
    await start()
    const earlier = li.issueAccessToken()
    const reply = await exchange(li.issueCode(['w_member_social']))
    expect(Object.keys(reply.body).sort()).toEqual(['access_token', 'expires_in', 'scope'])
    expect(li.state(earlier)).toBe('revoked')
    expect((await userinfo(text(reply.body, 'access_token'))).body).toMatchObject({ status: 403, code: 'ACCESS_DENIED' })
  })
})

describe('refresh tokens (approved partners only)', () => {
  it('lives 365 days from the first consent: refreshing never extends it, and no access token outlives it', async () => {
    await start({ grantsRefreshTokens: true })
    const first = await exchange(li.issueCode())
    expect(first.body).toMatchObject({
      expires_in: 5184000,
      refresh_token: expect.stringMatching(/^AQ/),
      refresh_token_expires_in: YEAR_SECONDS
    })
    const refreshToken = text(first.body, 'refresh_token')
    li.advance(59 * DAY)
    const day59 = await refresh(refreshToken)
    expect(day59.body).toEqual({
      access_token: expect.any(String),
      expires_in: 5184000,
      refresh_token: refreshToken,
      refresh_token_expires_in: 306 * 86_400,
      scope: 'openid,profile,email,w_member_social'
    })
    li.advance(301 * DAY)
    expect((await refresh(refreshToken)).body).toMatchObject({ expires_in: 5 * 86_400, refresh_token_expires_in: 5 * 86_400 })
    li.advance(5 * DAY)
    expect(await refresh(refreshToken)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }
    })
  })

  it('rotates where told to: the new refresh token keeps the old end, the old one is dead', async () => {
    await start({ rotateRefreshTokens: true })
    const old = li.issueRefreshToken(100 * DAY)
    const reply = await refresh(old)
    const next = text(reply.body, 'refresh_token')
    expect(next).not.toBe(old)
    expect(at(reply.body, 'refresh_token_expires_in')).toBe(265 * 86_400)
    expect((await refresh(old)).body).toMatchObject({ error: 'invalid_grant' })
    li.revoke(next)
    expect((await refresh(next)).body).toMatchObject({ error: 'invalid_grant' })
  })

  it('counts a repeated authorization from the first consent where told to, else from the new one', async () => {
    for (const [keeps, days] of [
      [true, 265],
      [false, 365]
    ] as const) {
      await start({ grantsRefreshTokens: true, reauthorizationKeepsConsent: keeps })
      await exchange(li.issueCode())
      li.advance(100 * DAY)
      expect(at((await exchange(li.issueCode())).body, 'refresh_token_expires_in')).toBe(days * 86_400)
    }
  })
})

describe('introspection and userinfo', () => {
  it('introspects an active token in LinkedIn fields, and an expired or revoked one with its status', async () => {
    await start()
    const live = li.issueAccessToken(DAY)
    const seconds = (ms: number): number => Math.floor(ms / 1000)
    expect((await introspect(live)).body).toEqual({
      active: true,
      client_id: li.clientId,
      authorized_at: seconds(li.now() - DAY),
      created_at: seconds(li.now() - DAY),
      status: 'active',
      expires_at: seconds(li.now() - DAY) + 5184000,
      scope: 'openid,profile,email,w_member_social',
      auth_type: '3L'
    })
    const revoked = li.issueAccessToken()
    li.revoke(revoked)
    expect((await introspect(revoked)).body).toMatchObject({ active: false, status: 'revoked' })
    li.advance(60 * DAY)
    expect((await introspect(live)).body).toMatchObject({ active: false, status: 'expired', expires_at: expect.any(Number) })
    expect(await introspect(live, { client_secret: 'wrong' })).toMatchObject({ status: 401, body: { error: 'invalid_client' } })
  })

  it('answers an inactive token with {"active": false} alone in RFC 7662 mode', async () => {
    await start({ introspection: 'rfc7662' })
    const dead = li.issueAccessToken(61 * DAY)
    expect((await introspect(dead)).body).toEqual({ active: false })
    expect((await introspect('AQunknown')).body).toEqual({ active: false })
    expect((await introspect(li.issueAccessToken())).body).toMatchObject({ active: true, status: 'active' })
  })

  it('names the member, and refuses a bad, revoked or expired token in the API shape', async () => {
    await start({ member: { locale: { country: 'US', language: 'en' } } })
    const live = li.issueAccessToken()
    expect((await userinfo(live)).body).toEqual({
      sub: li.member.sub,
      name: 'Fern Ferret',
      given_name: 'Fern',
      family_name: 'Ferret',
      email: 'fern@ferret.example',
      email_verified: true,
      picture: expect.stringMatching(/^https:\/\//),
      locale: { country: 'US', language: 'en' }
    })
    expect(await userinfo('AQbogus')).toMatchObject({
      status: 401,
      body: { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 }
    })
    li.revokeMember()
    expect((await userinfo(live)).body).toMatchObject({ serviceErrorCode: 65601, code: 'REVOKED_ACCESS_TOKEN', status: 401 })
    const expired = li.issueAccessToken(61 * DAY)
    expect((await userinfo(expired)).body).toEqual({ serviceErrorCode: 65600, message: 'Invalid access token', status: 401 })
  })

  it('plays another reply for an expired token, scripted faults by route key, and lists every secret', async () => {
    const other = { status: 401, body: { serviceErrorCode: 65602, code: 'EXPIRED_ACCESS_TOKEN', message: 'expired', status: 401 } }
    await start({ expiredTokenReply: other })
    expect((await userinfo(li.issueAccessToken(61 * DAY))).body).toEqual(other.body)
    li.server.fault('GET /v2/userinfo', { status: 429, body: { message: 'slow down' } })
    const live = li.issueAccessToken()
    expect((await userinfo(live)).status).toBe(429)
    expect((await userinfo(live)).status).toBe(200)
    const code = li.issueCode()
    const idToken = text((await exchange(code)).body, 'id_token')
    expect(li.credentials()).toEqual(expect.arrayContaining([li.clientSecret, live, code, idToken]))
  })
})
