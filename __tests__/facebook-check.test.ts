/**
 * Facebook's scheduled check of a Page token (src/services/providers/facebook.ts) over the real
 * client, against the Facebook Graph stand-in: debug_token with the app token, what it finds, the
 * unannounced deaths, and a wrong app secret told apart from a dead token.
 */
import { describe, expect, it } from 'vitest'
import type { TokenService } from '../src/core/ports.js'
import { ServiceError } from '../src/shared/errors.js'
import { account, explain, needsHuman } from '../src/shared/explain.js'
import { FACEBOOK_DATA_ACCESS_MS, FacebookStandIn, type FacebookStandInOptions } from '../stand-ins/facebook-api.js'
import { DAY, settle, facebookCallsEach } from './support.js'

const start = facebookCallsEach()

const DEBUG = 'GET /:version/debug_token'
const OAUTH = 'GET /:version/oauth/access_token'
const seconds = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000)

describe('the app token', () => {
  it('APP_ID|APP_SECRET is masked when the calls are made, before any request', async () => {
    const { stand, tokens, masks } = await start()
    expect(masks).toEqual([{ value: stand.appToken, requestsBefore: 0 }])
    await tokens.check(stand.issuePageToken(stand.pages[0]?.id ?? ''))
    expect(stand.server.calls(DEBUG)[0]?.query.get('access_token')).toBe(stand.appToken)
  })
})

describe('a wrong app secret', () => {
  const wrongSecret = { appSecret: 'f'.repeat(32) }

  it.each<[string, FacebookStandInOptions['deaths'] | 'signature']>([
    ['refused as no app token (code 100)', undefined],
    ['refused as a bad signature (code 190): no dead Page token for all that', 'signature']
  ])('at the scheduled check, debug_token %s: the app-secret remedy, never "authorize again"', async (_case, reply) => {
    const { stand, tokens } = await start({}, undefined, wrongSecret)
    if (reply === 'signature') {
      const body = { error: { message: 'Invalid OAuth access token signature.', type: 'OAuthException', code: 190, fbtrace_id: 'x' } }
      stand.server.fault(DEBUG, { status: 400, body })
    }
    const error = await settle(tokens.check(stand.issuePageToken(stand.pages[0]?.id ?? '')))
    expect(error).toMatchObject({ operation: 'token inspection', status: 400, reason: 'client-secret', transient: false })
    expect(explain(error)).toMatch(/\. Check 'app-secret': it must be the App Secret of that app \(App settings > Basic\)\.$/)
    expect(account(error)).not.toMatch(/authorize again|granted/)
    expect(needsHuman(error)).toBe(true)
  })

  it.each<[string, (stand: FacebookStandIn, tokens: TokenService) => Promise<unknown>, string]>([
    ['the code exchange', (stand, tokens) => tokens.redeemCode(stand.issueCode()), 'code exchange'],
    ['the long-lived exchange', (stand, tokens) => tokens.exchangeForLongLived(stand.issueUserToken('short-lived')), 'long-lived exchange']
  ])(
    'at %s, refused with code 1 (which elsewhere means "try later"): the app-secret remedy, not tried again',
    async (_case, call, operation) => {
      const { stand, tokens } = await start({}, undefined, wrongSecret)
      const error = await settle(call(stand, tokens))
      expect(error).toMatchObject({ operation, status: 400, code: 1, reason: 'client-secret', transient: false, codeSpent: false })
      expect(explain(error)).toBe(
        `Facebook refused the ${operation} (HTTP 400, code 1): Error validating client secret. Check 'app-secret': it must be the App Secret of that app (App settings > Basic).`
      )
      expect(needsHuman(error)).toBe(true)
      expect(stand.server.calls(OAUTH)).toHaveLength(1)
    }
  )
})

describe('check: a Page token nothing renews', () => {
  it('valid: no expiry, the day data access ends, in one request', async () => {
    const { stand, tokens } = await start()
    const token = stand.issuePageToken(stand.pages[0]?.id ?? '', 'long-lived', 3 * DAY, 10 * DAY)
    const record = stand.token(token)
    expect(await tokens.check(token)).toEqual({
      issuedAt: seconds(record?.issuedAt ?? 0),
      dataAccessExpiresAt: seconds((record?.grantedAt ?? 0) + FACEBOOK_DATA_ACCESS_MS)
    })
    expect(stand.server.requests.map((request) => request.route)).toEqual([DEBUG])
  })

  it('profile: the Page itself, with its token as a bearer header', async () => {
    const { stand, tokens } = await start()
    expect(await tokens.profile(stand.issuePageToken(stand.pages[0]?.id ?? ''))).toEqual({ id: stand.pages[0]?.id })
  })

  it('a USER token given where the Page token belongs: not fit', async () => {
    const { stand, tokens } = await start()
    const error = await settle(tokens.check(stand.issueUserToken('long-lived')))
    expect(error).toMatchObject({
      operation: 'token check',
      reason: 'not-fit',
      apiMessage: 'the token is not a Page token',
      serviceWords: false
    })
    expect(explain(error)).toMatch(/^Facebook refused the token check \(HTTP 200\): the token is not a Page token\. The token cannot serve/)
    expect(needsHuman(error)).toBe(true)
  })

  it.each<[string, (stand: FacebookStandIn) => void, RegExp, string]>([
    ['the password changed (460)', (stand) => stand.changePassword(), /user changed their password/, 'code 190/460'],
    ['the app removed (458)', (stand) => stand.removeApp(), /has not authorized application/, 'code 190/458'],
    ['the app idle for 90 days', (stand) => stand.deactivateApp(), /application is inactive/, 'code 190']
  ])('%s: a dead grant, in Meta’s words, only a new authorization helps', async (_case, kill, words, codes) => {
    const { stand, tokens } = await start()
    const token = stand.issuePageToken(stand.pages[0]?.id ?? '')
    kill(stand)
    const error = await settle(tokens.check(token))
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ operation: 'token check', reason: 'dead-grant', serviceWords: true, transient: false })
    expect((error as ServiceError).apiMessage).toMatch(words)
    // debug_token answered 200, with Graph's codes inside: said as such, never as "no usable reply".
    expect(explain(error)).toMatch(
      new RegExp(`^Facebook refused the token check \\(HTTP 200, ${codes}\\): Error validating access token: `)
    )
    expect(account(error)).toMatch(
      new RegExp(`^Facebook refused the token check \\(HTTP 200, ${codes}\\)\\. The token can no longer be used`)
    )
    expect(explain(error)).toMatch(
      /\. The token can no longer be used \(invalidated: a password change, a lost Page role, the app removed, or the app idle for 90 days\) and cannot be refreshed: authorize again in a browser/
    )
    expect(needsHuman(error)).toBe(true)
    // debug_token answers 200 for a dead token: one request, not retried.
    expect(stand.server.calls(DEBUG)).toHaveLength(1)
  })
})

describe('debug_token replies of another shape', () => {
  it('invalid, without a message: a dead grant, said in the action’s own words', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(DEBUG, { status: 200, body: { data: { is_valid: false } } })
    const error = await settle(tokens.check(stand.issuePageToken(stand.pages[0]?.id ?? '')))
    expect(error).toMatchObject({ reason: 'dead-grant', apiMessage: 'Facebook reports the token invalid', serviceWords: false })
  })

  it('a Page token with no scopes listed: it lacks both posting permissions', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(DEBUG, { status: 200, body: { data: { is_valid: true, type: 'PAGE' } } })
    const error = await settle(tokens.check(stand.issuePageToken(stand.pages[0]?.id ?? '')))
    expect(error).toMatchObject({ reason: 'not-fit', apiMessage: 'the token lacks pages_manage_posts and pages_read_engagement' })
  })

  it('what Facebook does not offer (a refresh in place, a refresh-token grant) is refused before any request', async () => {
    const { stand, tokens } = await start()
    for (const call of [tokens.refresh('t'), tokens.redeemRefreshToken('t')])
      expect(await settle(call)).toMatchObject({ apiMessage: 'not offered by this service', serviceWords: false })
    expect(stand.server.requests).toEqual([])
  })
})
