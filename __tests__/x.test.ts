/**
 * X's calls (src/services/providers/x.ts) over the real client, against the X stand-in: the
 * refresh_token grant for confidential (HTTP Basic) and public clients, each refresh token dead once
 * redeemed, the code exchange with PKCE, the account from /2/users/me, and each refusal in the user's words.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import { s256 } from '../stand-ins/oauth-forms.js'
import { X_ACCESS_SECONDS, type XStandIn } from '../stand-ins/x-api.js'
import { settle, xCallsEach } from './support.js'

const start = xCallsEach()
const TOKEN = 'POST /2/oauth2/token'
const SPENT = 'Value passed for the token was invalid.'
const LOGIN_AGAIN =
  'The token can no longer be used (spent by another refresh, revoked, or its grant ended) and cannot be refreshed: authorize again from a terminal with the command line\'s login --provider x, which stores the new refresh token (X\'s codes live 30 seconds, too short for a manual run) (docs/x.md: "The first tokens").'
const SECRET_REMEDY = "Check 'app-secret': it must be its OAuth 2.0 Client Secret, for a confidential client (a public client has none)."

/** What the token endpoint was sent, request `index`: the form and the Authorization header. */
function sent(stand: XStandIn, index = 0): { form: Record<string, string>; authorization: string | undefined } {
  const request = stand.server.calls(TOKEN)[index]
  return { form: Object.fromEntries(new URLSearchParams(request?.body)), authorization: request?.headers.authorization }
}
const basic = (stand: XStandIn): string => `Basic ${Buffer.from(`${stand.clientId}:${stand.clientSecret}`).toString('base64')}`

describe('the refresh_token grant', () => {
  it('a confidential client (HTTP Basic): a 2-hour token and a new refresh token, the one sent spent at once; both masked', async () => {
    const { stand, tokens, masks } = await start()
    const { refreshToken } = stand.issueTokens()
    const grant = await tokens.redeemRefreshToken(refreshToken ?? '')
    expect(grant).toEqual({ accessToken: expect.any(String), expiresIn: X_ACCESS_SECONDS, refreshToken: expect.any(String) })
    expect(grant.refreshToken).not.toBe(refreshToken)
    expect(stand.state(grant.refreshToken ?? '')).toBe('active')
    expect(stand.state(grant.accessToken)).toBe('active')
    expect(stand.state(refreshToken ?? '')).toBe('spent')
    expect(sent(stand)).toEqual({ form: { grant_type: 'refresh_token', refresh_token: refreshToken }, authorization: basic(stand) })
    expect(masks.map((mask) => mask.value)).toEqual([grant.accessToken, grant.refreshToken])
  })

  it('a public client (no secret): client_id in the form, no Authorization header; rotated all the same', async () => {
    const { stand, tokens } = await start({ clientType: 'public' })
    const { refreshToken } = stand.issueTokens()
    const grant = await tokens.redeemRefreshToken(refreshToken ?? '')
    expect(sent(stand)).toEqual({
      form: { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: stand.clientId },
      authorization: undefined
    })
    expect(stand.state(grant.refreshToken ?? '')).toBe('active')
    expect(stand.state(refreshToken ?? '')).toBe('spent')
    const next = await tokens.redeemRefreshToken(grant.refreshToken ?? '')
    expect(stand.state(next.refreshToken ?? '')).toBe('active')
  })

  it.each([
    ['confidential', {}],
    ['public', { clientType: 'public' as const }]
  ])(
    'a %s client presenting a spent refresh token: invalid_request, a dead grant, sent once; login --provider x',
    async (_case, options) => {
      const { stand, tokens } = await start(options)
      const { refreshToken } = stand.issueTokens()
      await tokens.redeemRefreshToken(refreshToken ?? '')
      const error = await settle(tokens.redeemRefreshToken(refreshToken ?? ''))
      expect(error).toBeInstanceOf(ServiceError)
      expect(error).toMatchObject({
        operation: 'refresh',
        status: 400,
        error: 'invalid_request',
        reason: 'dead-grant',
        apiMessage: SPENT,
        transient: false
      })
      expect(explain(error)).toBe(`X refused the refresh (HTTP 400, code invalid_request): ${SPENT} ${LOGIN_AGAIN}`)
      expect(needsHuman(error)).toBe(true)
      expect(stand.server.calls(TOKEN)).toHaveLength(2)
    }
  )

  it('invalid_grant, as RFC 6749 has it, is a dead grant too', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(TOKEN, { status: 400, body: { error: 'invalid_grant', error_description: 'Token was revoked' } })
    const error = await settle(tokens.redeemRefreshToken(stand.issueTokens().refreshToken ?? ''))
    expect(error).toMatchObject({ error: 'invalid_grant', reason: 'dead-grant' })
    expect(explain(error)).toContain(LOGIN_AGAIN)
  })

  it("a confidential client run without its secret: X's 401 unauthorized_client, the app-secret remedy, not retried; the token unspent", async () => {
    const { stand, tokens } = await start({}, { appSecret: '' })
    const { refreshToken } = stand.issueTokens()
    const error = await settle(tokens.redeemRefreshToken(refreshToken ?? ''))
    expect(sent(stand).form).toEqual({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: stand.clientId })
    expect(error).toMatchObject({ status: 401, error: 'unauthorized_client', reason: 'client-secret', transient: false })
    expect(explain(error)).toBe(
      `X refused the refresh (HTTP 401, code unauthorized_client): Missing valid authorization header. ${SECRET_REMEDY}`
    )
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(TOKEN)).toHaveLength(1)
    expect(stand.state(refreshToken ?? '')).toBe('active')
  })

  it('a wrong client secret: the same refusal and remedy', async () => {
    const { stand, tokens } = await start({}, { appSecret: 'not-the-secret-of-this-app' })
    const error = await settle(tokens.redeemRefreshToken(stand.issueTokens().refreshToken ?? ''))
    expect(sent(stand).authorization).toMatch(/^Basic /)
    expect(explain(error)).toMatch(new RegExp(`HTTP 401, code unauthorized_client\\).* ${SECRET_REMEDY.replace(/[.()]/g, '\\$&')}$`))
  })
})

describe('the code exchange with PKCE', () => {
  const verifier = (): string => randomBytes(32).toString('base64url')

  it("the verifier of the code's S256 challenge: the tokens, the refresh token with them", async () => {
    const { stand, tokens } = await start()
    const secret = verifier()
    const code = stand.issueCode(s256(secret))
    const grant = await tokens.redeemCode(code, secret)
    expect(grant).toEqual({ accessToken: expect.any(String), expiresIn: X_ACCESS_SECONDS, refreshToken: expect.any(String) })
    expect(stand.state(grant.refreshToken ?? '')).toBe('active')
    expect(sent(stand)).toEqual({
      form: { grant_type: 'authorization_code', code, redirect_uri: stand.redirectUri, code_verifier: secret },
      authorization: basic(stand)
    })
  })

  it.each<[string, (secret: string) => string | undefined, string]>([
    ['a wrong verifier', () => verifier(), 'Value passed for the code verifier did not match the code challenge.'],
    ['no verifier', () => undefined, 'Missing required parameter [code_verifier].']
  ])("%s: X's words and the code's remedy, sent once", async (_case, given, words) => {
    const { stand, tokens } = await start()
    const secret = verifier()
    const error = await settle(tokens.redeemCode(stand.issueCode(s256(secret)), given(secret)))
    expect(error).toMatchObject({ operation: 'code exchange', status: 400, error: 'invalid_request', reason: undefined, apiMessage: words })
    expect(explain(error)).toBe(
      `X refused the code exchange (HTTP 400, code invalid_request): ${words} An authorization code works once and for 30 seconds, with the same app ID and redirect URI that requested it: get a fresh code and run again promptly. Also check that 'app-id' is the OAuth 2.0 Client ID of your X app (Developer Portal > your app > Keys and tokens), not its API key.`
    )
    expect(stand.server.calls(TOKEN)).toHaveLength(1)
    expect('code_verifier' in sent(stand).form).toBe(given(secret) !== undefined)
  })
})

describe('the account', () => {
  it('/2/users/me with the token: its id and username, sent as a Bearer token', async () => {
    const { stand, tokens } = await start()
    const { accessToken } = stand.issueTokens()
    expect(await tokens.profile(accessToken)).toEqual({ id: stand.user.id, username: 'fernferret' })
    expect(stand.server.calls('GET /2/users/me')[0]?.headers.authorization).toBe(`Bearer ${accessToken}`)
  })

  it('a username that is none (too long, or text built to be a command): the id alone', async () => {
    const { stand, tokens } = await start({ user: { username: 'fern\n::warning::pwned' } })
    expect(await tokens.profile(stand.issueTokens().accessToken)).toEqual({ id: stand.user.id })
  })

  it.each([
    ['no data', {}],
    ['data without an id', { data: { username: 'fernferret' } }]
  ])('a reply with %s: no account, said as no usable reply rather than taken for one', async (_case, body) => {
    const { stand, tokens } = await start()
    stand.server.fault('GET /2/users/me', { status: 200, body, times: Infinity })
    const error = await settle(tokens.profile(stand.issueTokens().accessToken))
    expect(error).toMatchObject({ transient: true })
    expect(explain(error)).toMatch(/HTTP 200 with a reply that is not the JSON expected/)
  })

  it('an expired token: X refuses the lookup (HTTP 401), in the action’s words', async () => {
    const { stand, tokens } = await start()
    const { accessToken } = stand.issueTokens(undefined, 3 * 3_600_000)
    const error = await settle(tokens.profile(accessToken))
    expect(error).toMatchObject({ operation: 'profile lookup', status: 401, serviceWords: false })
    expect(explain(error)).toMatch(/^X refused the profile lookup \(HTTP 401\): no reason given\. /)
  })

  it('what X does not offer (a refresh in place, a check, an inspection, a long-lived exchange) is refused before any request', async () => {
    const { stand, tokens } = await start()
    for (const call of [tokens.refresh('t'), tokens.check('t'), tokens.inspect('t'), tokens.exchangeForLongLived('t')])
      expect(await settle(call)).toMatchObject({ apiMessage: 'not offered by this service', serviceWords: false })
    expect(stand.server.requests).toEqual([])
  })
})
