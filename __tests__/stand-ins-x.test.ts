/** The X stand-in, driven over HTTP: PKCE codes that live 30 seconds, rotating refresh tokens, revocation, /2/users/me. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { s256 } from '../stand-ins/oauth-forms.js'
import { XStandIn, type XStandInOptions } from '../stand-ins/x-api.js'
import { at, call, startsEach, text, type HttpCall } from './stand-ins-http.js'

let x: XStandIn
const start = startsEach((options: XStandInOptions = {}) => (x = new XStandIn({ frozenClock: true, ...options })))

/** A confidential client's Basic header, or a public client's client_id in the form. */
function post(path: string, form: Record<string, string>, auth: 'basic' | 'none' | 'form' = x.clientType === 'public' ? 'form' : 'basic') {
  const sent: HttpCall = { form: auth === 'form' ? { ...form, client_id: x.clientId } : form }
  if (auth === 'basic') sent.basic = [x.clientId, x.clientSecret]
  return call(`${x.url}${path}`, sent)
}
const verifier = () => randomBytes(32).toString('base64url')
const exchange = (code: string, codeVerifier: string, extra: Record<string, string> = {}) =>
  post('/2/oauth2/token', { code, grant_type: 'authorization_code', redirect_uri: x.redirectUri, code_verifier: codeVerifier, ...extra })
const refresh = (refreshToken: string) => post('/2/oauth2/token', { grant_type: 'refresh_token', refresh_token: refreshToken })
const me = (bearer: string) => call(`${x.url}/2/users/me`, { bearer })

describe('the code exchange with PKCE', () => {
  it('gives 2-hour tokens and a refresh token for the verifier of the S256 challenge, on loopback only', async () => {
    await start()
    expect(new URL(x.url).hostname).toBe('127.0.0.1')
    const secret = verifier()
    const reply = await exchange(x.issueCode(s256(secret)), secret)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      token_type: 'bearer',
      expires_in: 7200,
      access_token: expect.stringMatching(/^[\w-]{80,}$/),
      scope: 'tweet.read tweet.write users.read offline.access',
      refresh_token: expect.stringMatching(/^[\w-]{80,}$/)
    })
    expect(Buffer.from(text(reply.body, 'refresh_token'), 'base64url').toString()).toMatch(/:rt:1$/)
    expect((await me(text(reply.body, 'access_token'))).body).toEqual({
      data: { id: x.user.id, name: 'Fern Ferret', username: 'fernferret' }
    })
    x.advance(2 * 3_600_000)
    expect(await me(text(reply.body, 'access_token'))).toEqual(
      expect.objectContaining({ status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } })
    )
  })

  it('refuses a wrong verifier, a missing one, a spent code and a code older than 30 seconds, in X words', async () => {
    await start()
    const secret = verifier()
    const code = x.issueCode(s256(secret))
    const invalid = (description: string) => ({ status: 400, body: { error: 'invalid_request', error_description: description } })
    expect(await exchange(code, verifier())).toMatchObject(invalid('Value passed for the code verifier did not match the code challenge.'))
    expect(await exchange(code, '')).toMatchObject(invalid('Missing required parameter [code_verifier].'))
    expect((await exchange(code, secret)).status).toBe(200)
    expect(await exchange(code, secret)).toMatchObject(invalid('Value passed for the authorization code was invalid.'))
    const late = x.issueCode(s256(secret))
    x.advance(31_000)
    expect(await exchange(late, secret)).toMatchObject(invalid('Value passed for the authorization code was invalid.'))
    const plain = x.issueCode('plain-verifier-of-forty-three-characters-xx', { method: 'plain' })
    expect((await exchange(plain, 'plain-verifier-of-forty-three-characters-xx')).status).toBe(200)
  })

  it('asks a confidential client for Basic credentials, and a public one for its client_id; no refresh token without offline.access', async () => {
    await start()
    const secret = verifier()
    const code = x.issueCode(s256(secret), { scope: ['tweet.read', 'users.read'] })
    const form = { code, grant_type: 'authorization_code', redirect_uri: x.redirectUri, code_verifier: secret }
    const missing = { error: 'unauthorized_client', error_description: 'Missing valid authorization header' }
    expect(await post('/2/oauth2/token', form, 'form')).toMatchObject({ status: 401, body: missing })
    expect(await call(`${x.url}/2/oauth2/token`, { form, basic: [x.clientId, 'wrong'] })).toMatchObject({ status: 401, body: missing })
    expect(Object.keys((await post('/2/oauth2/token', form)).body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type'])
    await x.close()
    await start({ clientType: 'public' })
    const publicCode = x.issueCode(s256(secret))
    expect((await exchange(publicCode, secret)).status).toBe(200)
    expect(x.server.calls('POST /2/oauth2/token')[0]?.headers.authorization).toBeUndefined()
  })
})

describe('rotating refresh tokens', () => {
  it('hands out a new refresh token on each refresh and kills the old one at once', async () => {
    await start()
    const { refreshToken: first } = x.issueTokens()
    const reply = await refresh(first ?? '')
    expect(reply.body).toMatchObject({ token_type: 'bearer', expires_in: 7200, scope: 'tweet.read tweet.write users.read offline.access' })
    const second = text(reply.body, 'refresh_token')
    expect(second).not.toBe(first)
    expect(x.state(first ?? '')).toBe('spent')
    expect(await refresh(first ?? '')).toMatchObject({
      status: 400,
      body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' }
    })
    expect(x.isValid(second)).toBe(true)
    expect((await refresh(second)).status).toBe(200)
  })

  it('revokes the whole grant when a rotated token comes back, where told to (RFC 9700 §4.14.2)', async () => {
    await start({ revokeGrantOnReuse: true })
    const { refreshToken: first } = x.issueTokens()
    const second = text((await refresh(first ?? '')).body, 'refresh_token')
    const access = text((await refresh(second)).body, 'access_token')
    expect((await refresh(first ?? '')).status).toBe(400)
    expect(x.state(access)).toBe('revoked')
    expect((await refresh(second)).body).toMatchObject({ error: 'invalid_request' })
  })

  it('ends refresh tokens after a set lifetime where told to; X documents none', async () => {
    await start({ refreshTokenLifetimeMs: 180 * 86_400_000 })
    const { refreshToken } = x.issueTokens(undefined, 181 * 86_400_000)
    expect((await refresh(refreshToken ?? '')).status).toBe(400)
  })
})

describe('revocation and the rest', () => {
  it('answers 200 to any revocation, and a revoked refresh token takes its access tokens with it', async () => {
    await start()
    const { accessToken, refreshToken } = x.issueTokens()
    expect(await post('/2/oauth2/revoke', { token: 'never-issued' })).toMatchObject({ status: 200, body: { revoked: true } })
    expect((await post('/2/oauth2/revoke', { token: refreshToken ?? '', token_type_hint: 'refresh_token' })).status).toBe(200)
    expect(x.state(accessToken)).toBe('revoked')
    expect((await me(accessToken)).status).toBe(401)
    expect((await post('/2/oauth2/revoke', { token: 'x' }, 'none')).status).toBe(401)
  })

  it('lets tests script faults by route key, and lists every secret it handed out', async () => {
    await start()
    x.server.fault('POST /2/oauth2/token', { status: 503, body: { title: 'Service Unavailable' } })
    const { accessToken, refreshToken } = x.issueTokens()
    expect((await refresh(refreshToken ?? '')).status).toBe(503)
    expect(x.state(refreshToken ?? '')).toBe('active')
    const next = text((await refresh(refreshToken ?? '')).body, 'refresh_token')
    expect(x.credentials()).toEqual(expect.arrayContaining([x.clientSecret, accessToken, refreshToken, next]))
    expect(at((await me(accessToken)).body, 'data', 'id')).toBe(x.user.id)
  })
})
