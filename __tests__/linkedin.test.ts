/**
 * LinkedIn's grants (src/services/providers/linkedin.ts) over the real client, against the LinkedIn
 * stand-in: the code exchange (self-serve and partner apps), the refresh_token grant, and their
 * refusals in the user's words. Introspection and the member: linkedin-check.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import { LINKEDIN_ACCESS_SECONDS, LINKEDIN_CODE_REFUSAL, LINKEDIN_REFRESH_SECONDS, LinkedInStandIn } from '../stand-ins/linkedin-api.js'
import { DAY, settle, linkedinCallsEach } from './support.js'

const start = linkedinCallsEach()

const AUTHORIZE_AGAIN =
  /The token can no longer be used \(expired after its 60 days, revoked, or replaced by a consent to other scopes\) and cannot be refreshed: authorize again in a browser/
const TOKEN = 'POST /oauth/v2/accessToken'
const form = (stand: LinkedInStandIn) => Object.fromEntries(new URLSearchParams(stand.server.calls(TOKEN)[0]?.body))

describe('the code exchange', () => {
  it('a self-serve app: the 60-day token and no refresh token; every token in the reply masked first, the id_token too', async () => {
    const { stand, tokens, masks } = await start()
    const code = stand.issueCode()
    let maskedFirst: string[] = []
    const grant = await tokens.redeemCode(code).then((value) => {
      maskedFirst = masks.map((mask) => mask.value)
      return value
    })
    expect(grant).toEqual({ accessToken: expect.stringMatching(/^AQ/), expiresIn: LINKEDIN_ACCESS_SECONDS })
    expect(stand.state(grant.accessToken)).toBe('active')
    expect(form(stand)).toEqual({
      grant_type: 'authorization_code',
      code,
      redirect_uri: stand.redirectUri,
      client_id: stand.clientId,
      client_secret: stand.clientSecret
    })
    expect(maskedFirst).toEqual([grant.accessToken, expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/)])
  })

  it('a partner app: a refresh token too, with its lifetime (365 days from the consent)', async () => {
    const { stand, tokens, masks } = await start({ grantsRefreshTokens: true })
    const grant = await tokens.redeemCode(stand.issueCode())
    expect(grant).toEqual({
      accessToken: expect.any(String),
      expiresIn: LINKEDIN_ACCESS_SECONDS,
      refreshToken: expect.stringMatching(/^AQ/),
      refreshTokenExpiresIn: LINKEDIN_REFRESH_SECONDS
    })
    expect(stand.state(grant.refreshToken ?? '')).toBe('active')
    expect(masks.map((mask) => mask.value)).toContain(grant.refreshToken)
  })

  it("a bad code: LinkedIn's words, and the code's own remedy; sent once", async () => {
    const { stand, tokens } = await start()
    const code = stand.issueCode()
    await tokens.redeemCode(code)
    const error = await settle(tokens.redeemCode(code))
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({
      operation: 'code exchange',
      status: 400,
      error: 'invalid_request',
      reason: undefined,
      apiMessage: LINKEDIN_CODE_REFUSAL
    })
    expect(explain(error)).toBe(
      `LinkedIn refused the code exchange (HTTP 400, code invalid_request): ${LINKEDIN_CODE_REFUSAL}. An authorization code works once and for 30 minutes, with the same app ID and redirect URI that requested it: get a fresh code and run again promptly. Also check that 'app-id' is the Client ID of your LinkedIn app (Developer Portal > your app > Auth).`
    )
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(TOKEN)).toHaveLength(2)
  })

  it('a redirect URI that differs from the one the code was asked with: the redirect-uri remedy', async () => {
    const { stand, tokens } = await start()
    const error = await settle(tokens.redeemCode(stand.issueCode(undefined, `${stand.redirectUri}/`)))
    expect(error).toMatchObject({ error: 'invalid_redirect_uri', reason: 'redirect-uri' })
    expect(explain(error)).toMatch(/'redirect-uri' must match the redirect URI registered for your LinkedIn app exactly/)
  })

  it('a wrong client secret (invalid_client, 401): the app-secret remedy, not retried', async () => {
    const { stand, tokens } = await start({}, 'not-the-secret')
    const error = await settle(tokens.redeemCode(stand.issueCode()))
    expect(error).toMatchObject({
      operation: 'code exchange',
      status: 401,
      error: 'invalid_client',
      reason: 'client-secret',
      transient: false
    })
    expect(explain(error)).toMatch(
      /^LinkedIn refused the code exchange \(HTTP 401, code invalid_client\): Client authentication failed\. Check 'app-secret': it must be the Primary Client Secret of that app \(Developer Portal > your app > Auth\)\.$/
    )
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(TOKEN)).toHaveLength(1)
  })
})

describe('the refresh_token grant', () => {
  it('the same refresh token back, with the time it has left (never extended)', async () => {
    const { stand, tokens } = await start({ grantsRefreshTokens: true })
    const refreshToken = stand.issueRefreshToken(100 * DAY)
    const grant = await tokens.redeemRefreshToken(refreshToken)
    expect(grant).toEqual({
      accessToken: expect.any(String),
      expiresIn: LINKEDIN_ACCESS_SECONDS,
      refreshToken,
      refreshTokenExpiresIn: LINKEDIN_REFRESH_SECONDS - 100 * 86_400
    })
    expect(stand.state(grant.accessToken)).toBe('active')
    expect(form(stand)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: stand.clientId,
      client_secret: stand.clientSecret
    })
  })

  it('rotated (where LinkedIn would): the new refresh token, the one sent now spent', async () => {
    const { stand, tokens } = await start({ grantsRefreshTokens: true, rotateRefreshTokens: true })
    const refreshToken = stand.issueRefreshToken()
    const grant = await tokens.redeemRefreshToken(refreshToken)
    expect(grant.refreshToken).toMatch(/^AQ/)
    expect(grant.refreshToken).not.toBe(refreshToken)
    expect(stand.state(grant.refreshToken ?? '')).toBe('active')
    expect(stand.state(refreshToken)).toBe('spent')
  })

  it.each<[string, (stand: LinkedInStandIn) => string]>([
    [
      'revoked',
      (stand) => {
        const token = stand.issueRefreshToken()
        stand.revoke(token)
        return token
      }
    ],
    ['past its 365 days', (stand) => stand.issueRefreshToken(366 * DAY)]
  ])('a refresh token %s: invalid_grant, a dead grant', async (_case, make) => {
    const { stand, tokens } = await start({ grantsRefreshTokens: true })
    const error = await settle(tokens.redeemRefreshToken(make(stand)))
    expect(error).toMatchObject({
      operation: 'refresh',
      status: 400,
      error: 'invalid_grant',
      reason: 'dead-grant',
      apiMessage: 'Token has been expired or revoked.'
    })
    expect(explain(error)).toMatch(/^LinkedIn refused the refresh \(HTTP 400, code invalid_grant\): Token has been expired or revoked\. /)
    expect(explain(error)).toMatch(AUTHORIZE_AGAIN)
    expect(needsHuman(error)).toBe(true)
  })
})
