/** The generic RFC 6749 stand-in, driven over HTTP: client authentication, rotation modes, scope, and every §5.2 error. */
import { describe, expect, it } from 'vitest'
import { OAuth2StandIn, type OAuth2StandInOptions } from '../stand-ins/oauth2-server.js'
import { call, startsEach, text, type HttpCall } from './stand-ins-http.js'

let server: OAuth2StandIn
const start = startsEach((options: OAuth2StandInOptions = {}) => (server = new OAuth2StandIn({ frozenClock: true, ...options })))

type Auth = 'basic' | 'post' | 'both' | 'none'
function refresh(
  refreshToken: string,
  extra: Record<string, string> = {},
  auth: Auth = server.clientAuth === 'client_secret_basic' ? 'basic' : 'post'
) {
  const form = { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }
  const sent: HttpCall = {
    form: auth === 'post' || auth === 'both' ? { ...form, client_id: server.clientId, client_secret: server.clientSecret } : form
  }
  if (auth === 'basic' || auth === 'both') sent.basic = [server.clientId, server.clientSecret]
  return call(server.tokenUrl, sent)
}
const refusal = (error: string, status = 400) => ({ status, body: { error, error_description: expect.any(String) } })

describe('client authentication (RFC 6749 §2.3.1)', () => {
  it('takes Basic credentials, form-urlencoded before base64, and refuses the secret in the form', async () => {
    await start({ clientId: 'my app', clientSecret: 'se:cr+et/%' })
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    const reply = await refresh(server.issueRefreshToken())
    expect(reply.status).toBe(200)
    expect(reply.headers.get('cache-control')).toBe('no-store')
    expect(await refresh(server.issueRefreshToken(), {}, 'post')).toMatchObject(refusal('invalid_client', 401))
    expect(await refresh(server.issueRefreshToken(), {}, 'none')).toMatchObject(refusal('invalid_client', 401))
    expect(await refresh(server.issueRefreshToken(), {}, 'both')).toMatchObject(refusal('invalid_request'))
    const wrong = await call(server.tokenUrl, {
      form: { grant_type: 'refresh_token', refresh_token: server.issueRefreshToken() },
      basic: ['my app', 'nope']
    })
    expect(wrong).toMatchObject(refusal('invalid_client', 401))
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic /)
  })

  it('takes the secret in the form where the client is set so, and refuses Basic', async () => {
    await start({ clientAuth: 'client_secret_post' })
    expect((await refresh(server.issueRefreshToken())).status).toBe(200)
    const basic = await refresh(server.issueRefreshToken(), {}, 'basic')
    expect(basic).toMatchObject(refusal('invalid_client', 401))
    expect(basic.headers.get('www-authenticate')).toMatch(/^Basic /)
  })
})

describe('what a refresh does to the refresh token', () => {
  it('rotates by default: a new one comes back and the old one is dead at once', async () => {
    await start()
    const old = server.issueRefreshToken()
    const reply = await refresh(old)
    expect(reply.body).toEqual({
      access_token: expect.stringMatching(/^[\w-]{64}$/),
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'read write',
      refresh_token: expect.stringMatching(/^[\w-]{64}$/)
    })
    const next = text(reply.body, 'refresh_token')
    expect(next).not.toBe(old)
    expect(await refresh(old)).toMatchObject(refusal('invalid_grant'))
    expect(server.isValid(next)).toBe(true)
    expect(server.isValid(text(reply.body, 'access_token'))).toBe(true)
  })

  it('sends no refresh token at all, Google-style, and the one held keeps working', async () => {
    await start({ rotation: 'omit' })
    const held = server.issueRefreshToken()
    const reply = await refresh(held)
    expect(Object.keys(reply.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type'])
    expect((await refresh(held)).status).toBe(200)
  })

  it('echoes the same refresh token where set to', async () => {
    await start({ rotation: 'echo' })
    const held = server.issueRefreshToken()
    expect(text((await refresh(held)).body, 'refresh_token')).toBe(held)
    expect(text((await refresh(held)).body, 'refresh_token')).toBe(held)
  })

  it('revokes the grant when a rotated token is used again, where set to (RFC 9700 §4.14.2)', async () => {
    await start({ revokeGrantOnReuse: true })
    const old = server.issueRefreshToken()
    const next = text((await refresh(old)).body, 'refresh_token')
    expect((await refresh(old)).status).toBe(400)
    expect(server.state(next)).toBe('revoked')
  })

  it('ends a refresh token after its lifetime, and with its revoked grant', async () => {
    await start({ refreshTokenLifetimeMs: 86_400_000, accessTokenSeconds: 600 })
    const token = server.issueRefreshToken(undefined, 86_400_001)
    expect(await refresh(token)).toMatchObject(refusal('invalid_grant'))
    const fresh = server.issueRefreshToken()
    expect((await refresh(fresh)).body).toMatchObject({ expires_in: 600 })
    server.revokeGrantOf(fresh)
    expect(server.state(fresh)).toBe('revoked')
  })
})

describe('scope and the §5.2 errors', () => {
  it('narrows the scope where asked, and refuses a wider one without spending the token', async () => {
    await start()
    const held = server.issueRefreshToken()
    expect(await refresh(held, { scope: 'read admin' })).toMatchObject(refusal('invalid_scope'))
    const narrowed = await refresh(held, { scope: 'read' })
    expect(narrowed.body).toMatchObject({ scope: 'read' })
    expect(server.scopeOf(text(narrowed.body, 'access_token'))).toEqual(['read'])
    expect(server.scopeOf(text(narrowed.body, 'refresh_token'))).toEqual(['read', 'write'])
  })

  it('answers each malformed or refused request with its own error', async () => {
    await start({ tokenPath: '/api/v1/token' })
    expect(server.tokenUrl).toMatch(/\/api\/v1\/token$/)
    const held = server.issueRefreshToken()
    expect(await refresh(held, { grant_type: 'password' })).toMatchObject(refusal('unsupported_grant_type'))
    expect(await refresh('', {})).toMatchObject(refusal('invalid_request'))
    expect(await refresh('unknown-token')).toMatchObject(refusal('invalid_grant'))
    const empty = await call(server.tokenUrl, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      method: 'POST',
      basic: [server.clientId, server.clientSecret]
    })
    expect(empty).toMatchObject(refusal('invalid_request'))
    const json = await call(server.tokenUrl, {
      method: 'POST',
      basic: [server.clientId, server.clientSecret],
      headers: { 'content-type': 'application/json' }
    })
    expect(json).toMatchObject(refusal('invalid_request'))
    expect(server.state(held)).toBe('active')
  })

  it('refuses a repeated parameter, and a client that may not refresh', async () => {
    await start({ refreshGrantAllowed: false })
    const held = server.issueRefreshToken()
    expect(await refresh(held)).toMatchObject(refusal('unauthorized_client'))
    const repeated = await fetch(server.tokenUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${server.clientId}:${server.clientSecret}`).toString('base64')}`
      },
      body: `grant_type=refresh_token&refresh_token=${held}&refresh_token=${held}`
    })
    expect(repeated.status).toBe(400)
    expect(await repeated.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('runs with real time unless frozen, takes scripted faults by route key, and lists every secret', async () => {
    await start({ frozenClock: false })
    expect(Math.abs(server.now() - Date.now())).toBeLessThan(1000)
    server.server.fault('POST /oauth/token', { status: 502, body: 'Bad Gateway' })
    const held = server.issueRefreshToken()
    expect((await fetch(server.tokenUrl, { method: 'POST' })).status).toBe(502)
    const reply = await refresh(held)
    expect(server.credentials()).toEqual(expect.arrayContaining([server.clientSecret, held, text(reply.body, 'refresh_token')]))
  })
})
