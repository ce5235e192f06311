/**
 * Facebook's way to a Page token (src/services/providers/facebook.ts) over the real client, against
 * the Facebook Graph stand-in: code or short-lived user token, long-lived, the Page, and every
 * refusal on the way in the user's words. The check: facebook-check.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain, needsHuman } from '../src/shared/explain.js'
import { FULL_TASKS, FacebookStandIn, type FacebookStandInOptions } from '../stand-ins/facebook-api.js'
import { POLICY, settle, facebookCallsEach } from './support.js'

const start = facebookCallsEach()

const OTHER_PAGE = { id: '104000000000042', name: 'Ferret Recipes', category: 'Food', tasks: FULL_TASKS }
const ROUTES = {
  oauth: 'GET /:version/oauth/access_token',
  accounts: 'GET /:version/me/accounts',
  debug: 'GET /:version/debug_token'
}
const routesSeen = (stand: FacebookStandIn): (string | undefined)[] => stand.server.requests.map((request) => request.route)
const query = (stand: FacebookStandIn, route: string, index = 0) => Object.fromEntries(stand.server.calls(route)[index]?.query ?? [])

describe('bootstrap: to the Page token', () => {
  it('code → user token → long-lived user token → the one Page’s token, which never expires, checked fit for posting', async () => {
    const { stand, tokens, masks } = await start()
    const code = stand.issueCode()
    const grant = await tokens.redeemCode(code)
    const [page] = stand.pages
    expect(grant).toEqual({ accessToken: expect.stringMatching(/^EAA/), userId: page?.id })
    expect(stand.token(grant.accessToken)).toMatchObject({ kind: 'page', pageId: page?.id, expiresAt: undefined })
    expect(routesSeen(stand)).toEqual([ROUTES.oauth, ROUTES.oauth, ROUTES.accounts, ROUTES.debug])
    expect(query(stand, ROUTES.oauth, 0)).toEqual({
      client_id: stand.appId,
      redirect_uri: stand.redirectUri,
      client_secret: stand.appSecret,
      code
    })
    const { fb_exchange_token: shortLived, ...exchange } = query(stand, ROUTES.oauth, 1)
    expect(exchange).toEqual({ grant_type: 'fb_exchange_token', client_id: stand.appId, client_secret: stand.appSecret })
    expect(stand.token(shortLived ?? '')?.kind).toBe('short-lived')
    // The user's token goes in a header, never in the URL; debug_token asks with the app token.
    const [accounts] = stand.server.calls(ROUTES.accounts)
    expect(stand.token(/^Bearer (.+)$/.exec(accounts?.headers.authorization ?? '')?.[1] ?? '')?.kind).toBe('long-lived')
    expect(accounts?.query.has('access_token')).toBe(false)
    expect(query(stand, ROUTES.debug)).toEqual({ input_token: grant.accessToken, access_token: stand.appToken })
    // Every token received masked, the Page's included, before the call resolved.
    expect(masks.map((mask) => mask.value)).toEqual(expect.arrayContaining([shortLived, grant.accessToken]))
  })

  it('a short-lived user token (the Graph API Explorer’s): long-lived exchange, then the Page token; no code exchange', async () => {
    const { stand, tokens } = await start()
    const grant = await tokens.exchangeForLongLived(stand.issueUserToken('short-lived'))
    expect(grant).toEqual({ accessToken: expect.any(String), userId: stand.pages[0]?.id })
    expect(stand.token(grant.accessToken)).toMatchObject({ kind: 'page', expiresAt: undefined })
    expect(routesSeen(stand)).toEqual([ROUTES.oauth, ROUTES.accounts, ROUTES.debug])
  })

  it('page-id names one of several Pages: that one', async () => {
    const { stand, tokens } = await start({ pages: [{ ...OTHER_PAGE, id: '103455271248220', name: 'First' }, OTHER_PAGE] }, OTHER_PAGE.id)
    const grant = await tokens.redeemCode(stand.issueCode())
    expect(grant.userId).toBe(OTHER_PAGE.id)
    expect(stand.token(grant.accessToken)?.pageId).toBe(OTHER_PAGE.id)
  })

  it.each<[string, string | undefined, RegExp]>([
    [
      'several Pages without page-id',
      undefined,
      /^the account manages several Pages: Ferret's Blog \(103455271248220\), Ferret Recipes \(104000000000042\)$/
    ],
    [
      'a page-id that is none of them',
      '999',
      /^none of the account's Pages has the id given: Ferret's Blog \(103455271248220\), Ferret Recipes/
    ]
  ])('%s: refused, listing them (name and id), naming page-id; the code is spent', async (_case, pageId, apiMessage) => {
    const { stand, tokens } = await start(
      { pages: [{ id: '103455271248220', name: "Ferret's Blog", category: 'Blogger', tasks: FULL_TASKS }, OTHER_PAGE] },
      pageId
    )
    const error = await settle(tokens.redeemCode(stand.issueCode()))
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ service: 'Facebook', operation: 'page lookup', reason: 'which-account', codeSpent: true })
    expect((error as ServiceError).apiMessage).toMatch(apiMessage)
    expect(explain(error)).toMatch(
      /^Facebook refused the page lookup \(HTTP 200\): .*\. Set 'page-id' to the id of the one to keep\. The authorization code was used, but what it gave could not be exchanged for the token to keep\. Get a fresh code and run again/
    )
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(ROUTES.debug)).toEqual([])
  })

  it('Pages listed in another shape: entries without an id or a token left out; one without its tasks is not fit', async () => {
    const { stand, tokens } = await start()
    const token = 'EAAPage' + 'q'.repeat(40)
    const data = [
      null,
      { id: '104000000000042', name: 'No token' },
      { id: 'not digits', access_token: token },
      { id: '103455271248220', name: 7, access_token: token }
    ]
    stand.server.fault(ROUTES.accounts, { status: 200, body: { data } })
    const error = await settle(tokens.exchangeForLongLived(stand.issueUserToken('short-lived')))
    expect(error).toMatchObject({
      reason: 'not-fit',
      apiMessage: expect.stringMatching(/^the account's role on the Page 103455271248220 cannot create content/)
    })
    expect(stand.server.calls(ROUTES.debug)).toEqual([])
  })

  it('a Page list that is no list: no usable reply, never taken for no Page at all', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(ROUTES.accounts, { status: 200, body: { data: 'none' }, times: Infinity })
    const error = await settle(tokens.exchangeForLongLived(stand.issueUserToken('short-lived')))
    expect(error).toMatchObject({ transient: true })
    expect(explain(error)).toMatch(/HTTP 200 with a reply that is not the JSON expected/)
  })

  it.each<[string, FacebookStandInOptions, RegExp]>([
    ['no Page at all', { pages: [] }, /^the account manages no Page that this app may see/],
    [
      'a role without CREATE_CONTENT',
      { pages: [{ ...OTHER_PAGE, tasks: ['ANALYZE', 'ADVERTISE'] }] },
      /^the account's role on the Page 104000000000042 cannot create content \(a Page admin gives a role with Content access/
    ],
    ['pages_manage_posts not granted', { scopes: ['pages_show_list', 'pages_read_engagement'] }, /^the token lacks pages_manage_posts$/]
  ])('%s: not fit for posting, said in the action’s own words', async (_case, options, apiMessage) => {
    const { stand, tokens } = await start(options)
    const error = await settle(tokens.exchangeForLongLived(stand.issueUserToken('short-lived')))
    expect(error).toMatchObject({ service: 'Facebook', reason: 'not-fit', serviceWords: false, codeSpent: false })
    expect((error as ServiceError).apiMessage).toMatch(apiMessage)
    expect(explain(error)).toMatch(
      /\. The token cannot serve for posting as it is: authorize again in a browser and run this workflow by hand with the new 'authorization-code' \(docs\/facebook\.md: "The first token"\), granting every permission asked for\.$/
    )
    expect(needsHuman(error)).toBe(true)
  })

  it('a code spent, then the exchange that follows refused: codeSpent, and only a fresh code helps', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(ROUTES.oauth, { delayMs: 0 }) // the code exchange itself goes through
    stand.server.fault(ROUTES.oauth, {
      status: 400,
      body: { error: { message: 'Invalid OAuth access token.', type: 'OAuthException', code: 100 } }
    })
    const error = await settle(tokens.redeemCode(stand.issueCode()))
    expect(error).toMatchObject({ operation: 'long-lived exchange', codeSpent: true, transient: false })
    expect(explain(error)).toMatch(
      /^Facebook refused the long-lived exchange \(HTTP 400, code 100\): Invalid OAuth access token\. The authorization code was used, but what it gave could not be exchanged for the token to keep\. Get a fresh code and run again \(README: "Bootstrap from a manual run"\); nothing was stored\.$/
    )
    expect(needsHuman(error)).toBe(true)
  })

  it('a fault after the code was spent is no passing fault: a human must start over', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(ROUTES.accounts, { status: 503, times: Number.POSITIVE_INFINITY })
    const error = await settle(tokens.redeemCode(stand.issueCode()))
    expect(error).toMatchObject({ operation: 'page lookup', transient: true, codeSpent: true })
    expect(needsHuman(error)).toBe(true)
    expect(stand.server.calls(ROUTES.accounts)).toHaveLength(POLICY.attempts)
  })

  it('a code exchange that fails on the server is not sent again: the code may have been spent', async () => {
    const { stand, tokens } = await start()
    stand.server.fault(ROUTES.oauth, { status: 500, body: 'oops' })
    const error = await settle(tokens.redeemCode(stand.issueCode()))
    expect(error).toMatchObject({ operation: 'code exchange', transient: true })
    expect(explain(error)).toMatch(/Facebook may have used the code without answering, so it was not sent again/)
    expect(stand.server.calls(ROUTES.oauth)).toHaveLength(1)
  })
})
