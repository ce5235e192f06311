/**
 * LinkedIn's watch over a token nothing renews (src/services/providers/linkedin.ts) over the real
 * client, against the LinkedIn stand-in: introspection (active, expired, revoked, RFC 7662's bare
 * inactive), the member ferret posts as, and the API's refusals of a dead token.
 */
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import { LinkedInStandIn } from '../stand-ins/linkedin-api.js'
import { DAY, LINKEDIN_DEAD_TOKENS, settle, linkedinCallsEach } from './support.js'

const start = linkedinCallsEach()

const AUTHORIZE_AGAIN =
  /The token can no longer be used \(expired after its 60 days, revoked, or replaced by a consent to other scopes\) and cannot be refreshed: authorize again in a browser/
const INTROSPECT = 'POST /oauth/v2/introspectToken'
const USERINFO = 'GET /v2/userinfo'
const seconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000)

describe('check: a token nothing renews, by introspection', () => {
  it('active: its issue and expiry, in one request, the client authenticated in the form', async () => {
    const { stand, tokens } = await start()
    const token = stand.issueAccessToken(10 * DAY)
    expect(await tokens.check(token)).toEqual({
      issuedAt: seconds(stand.now() - 10 * DAY),
      expiresAt: seconds(stand.expiresAt(token) ?? 0)
    })
    expect(Object.fromEntries(new URLSearchParams(stand.server.calls(INTROSPECT)[0]?.body))).toEqual({
      client_id: stand.clientId,
      client_secret: stand.clientSecret,
      token
    })
    expect(stand.server.requests).toHaveLength(1)
  })

  it.each(LINKEDIN_DEAD_TOKENS)('%s: a dead grant, said in the action’s own words', async (_case, options, make, status) => {
    const { stand, tokens } = await start(options)
    const error = await settle(tokens.check(make(stand)))
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({
      operation: 'token check',
      reason: 'dead-grant',
      serviceWords: false,
      apiMessage: `LinkedIn reports the token ${status}`
    })
    // The introspection answered (HTTP 200): said as such, never as "no usable reply".
    expect(explain(error)).toMatch(new RegExp(`^LinkedIn refused the token check \\(HTTP 200\\): LinkedIn reports the token ${status}\\. `))
    expect(explain(error)).toMatch(AUTHORIZE_AGAIN)
    expect(needsHuman(error)).toBe(true)
  })

  it.each([
    ['neither a status nor active', { expires_at: 1 }],
    ['a status, without active', { status: 'active' }],
    ['a status LinkedIn does not give, active true', { status: 'pending', active: true }]
  ])('an introspection that says %s: no usable reply, never taken for alive', async (_case, body) => {
    const { stand, tokens } = await start()
    stand.server.fault(INTROSPECT, { status: 200, body, times: Infinity })
    const error = await settle(tokens.check(stand.issueAccessToken()))
    expect(error).toMatchObject({ transient: true })
    expect(explain(error)).toMatch(/HTTP 200 with a reply that is not the JSON expected/)
  })

  it('a wrong client secret at introspection: the app-secret remedy', async () => {
    const { stand, tokens } = await start({}, 'not-the-secret')
    const error = await settle(tokens.check(stand.issueAccessToken()))
    expect(error).toMatchObject({ operation: 'token inspection', status: 401, reason: 'client-secret' })
    expect(explain(error)).toMatch(/Check 'app-secret': it must be the Primary Client Secret/)
  })
})

describe('the member', () => {
  it('profile: the sub ferret posts as (urn:li:person:{sub}), the token as a bearer header', async () => {
    const { stand, tokens } = await start()
    const token = stand.issueAccessToken()
    expect(await tokens.profile(token)).toEqual({ id: stand.member.sub })
    expect(stand.server.calls(USERINFO)[0]?.headers.authorization).toBe(`Bearer ${token}`)
  })

  it.each<[string, number, (stand: LinkedInStandIn) => string]>([
    ['invalid (65600)', 65600, (stand) => stand.issueAccessToken(61 * DAY)],
    [
      'revoked (65601)',
      65601,
      (stand) => {
        const token = stand.issueAccessToken()
        stand.revoke(token)
        return token
      }
    ]
  ])('userinfo refuses a token as %s: a dead grant, not retried', async (_case, code, make) => {
    const { stand, tokens } = await start()
    const error = await settle(tokens.profile(make(stand)))
    expect(error).toMatchObject({ operation: 'profile lookup', status: 401, code, reason: 'dead-grant', transient: false })
    expect(explain(error)).toMatch(new RegExp(`^LinkedIn refused the profile lookup \\(HTTP 401, code ${code}\\): `))
    expect(explain(error)).toMatch(AUTHORIZE_AGAIN)
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(USERINFO)).toHaveLength(1)
  })

  it('userinfo without a sub: no member, said as no usable reply', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(USERINFO, { status: 200, body: { name: 'Fern Ferret' }, times: Infinity })
    expect(await settle(tokens.profile(stand.issueAccessToken()))).toMatchObject({ operation: 'profile lookup', transient: true })
  })

  it('a self-serve app offers no in-place refresh, no long-lived exchange', async () => {
    const { tokens } = await start()
    await expect(tokens.refresh('x')).rejects.toMatchObject({ operation: 'refresh', apiMessage: 'not offered by this service' })
    await expect(tokens.exchangeForLongLived('x')).rejects.toMatchObject({ operation: 'long-lived exchange' })
  })
})
