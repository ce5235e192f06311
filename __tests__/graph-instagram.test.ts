import { GRAPH_API_VERSION } from '../src/services/meta-graph.js'
import { afterEach, describe, expect, it } from 'vitest'
import { ServiceError } from '../src/shared/errors.js'
import { explain } from '../src/shared/explain.js'
import { createHttp } from '../src/shared/http.js'
import { instagram } from '../src/services/providers/instagram.js'
import { GraphStandIn, LONG_LIVED_SECONDS, type GraphStandInOptions } from '../stand-ins/graph-api.js'
import { DAY, POLICY, settle, createGraphClient, type GraphClient } from './support.js'

/**
 * Instagram keeps its code exchange on another host (api.instagram.com) than its Graph API
 * (graph.instagram.com): two stand-ins play the two hosts, so that a request sent to the wrong one fails.
 */
const CODE_EXCHANGE = 'POST /oauth/access_token'
let api: GraphStandIn
let oauth: GraphStandIn
let masked: string[]

afterEach(() => Promise.all([api.close(), oauth.close()]))

async function start(options: GraphStandInOptions = {}): Promise<GraphClient> {
  const shared = { provider: 'instagram', appSecret: 'appsecretInstagram0123456789', ...options } as const
  api = new GraphStandIn(shared)
  oauth = new GraphStandIn(shared)
  await Promise.all([api.start(), oauth.start()])
  masked = []
  return createGraphClient({
    provider: instagram,
    apiUrl: api.url,
    oauthUrl: oauth.url,
    http: createHttp(POLICY, () => undefined),
    mask: (value) => masked.push(value),
    debug: () => undefined
  })
}

const exchange = (client: GraphClient, code = oauth.issueCode()) => client.exchangeCode(code, oauth)

describe('Instagram', () => {
  it.each<[string, GraphStandInOptions]>([
    ['wrapped in {"data": [...]}', {}],
    ['flat, as older replies were', { flatCodeReply: true }]
  ])('code exchange: a reply %s gives the token and the exact user id', async (_case, options) => {
    const client = await start({ userId: '17841400000000099', ...options })
    const code = oauth.issueCode()
    const grant = await exchange(client, code)
    expect(grant).toEqual({ accessToken: expect.stringMatching(/^IGAAshort/), userId: '17841400000000099' })
    expect(oauth.token(grant.accessToken)?.kind).toBe('short-lived')
    expect(masked).toContain(grant.accessToken)
    const [request] = oauth.server.calls(CODE_EXCHANGE)
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      client_id: oauth.appId,
      client_secret: oauth.appSecret,
      grant_type: 'authorization_code',
      redirect_uri: oauth.redirectUri,
      code
    })
  })

  it('code exchange goes to the OAuth host, never to the API host', async () => {
    const client = await start()
    await exchange(client)
    expect(oauth.server.calls(CODE_EXCHANGE)).toHaveLength(1)
    expect(api.server.requests).toEqual([])
  })

  it('the token calls go to the API host, never to the OAuth host, with the ig_* grants', async () => {
    const client = await start()
    const short = api.issueToken('short-lived')
    const long = await client.exchangeForLongLived(short, api.appSecret)
    expect(long).toEqual({ accessToken: expect.stringMatching(/^IGAAlong/), expiresIn: LONG_LIVED_SECONDS })
    const refreshed = await client.refresh(api.issueToken('long-lived', 2 * DAY))
    expect(api.isValid(refreshed.accessToken)).toBe(true)
    expect(Object.fromEntries(api.server.calls('GET /access_token')[0]?.query ?? [])).toEqual({
      grant_type: 'ig_exchange_token',
      client_secret: api.appSecret,
      access_token: short
    })
    expect(api.server.calls('GET /refresh_access_token')[0]?.query.get('grant_type')).toBe('ig_refresh_token')
    expect(oauth.server.requests).toEqual([])
  })

  it('profile reads user_id (the token owner), not the app-scoped id', async () => {
    const client = await start({ userId: '17841400000000123', username: 'ferret.gram' })
    const token = api.issueToken('long-lived')
    expect(await client.profile(token)).toEqual({ id: '17841400000000123', username: 'ferret.gram' })
    const [request] = api.server.calls('GET /:version/me')
    expect(request?.path).toBe(`/${GRAPH_API_VERSION}/me`)
    expect(request?.query.get('fields')).toBe('user_id,username')
    expect(request?.headers.authorization).toBe(`Bearer ${token}`)
  })

  it('a profile without user_id is not taken from the app-scoped id', async () => {
    const client = await start()
    api.server.fault('GET /:version/me', { status: 200, body: { id: '99', username: 'x' }, times: Number.POSITIVE_INFINITY })
    await expect(client.profile(api.issueToken('long-lived'))).rejects.toMatchObject({ operation: 'profile lookup', transient: true })
  })

  it('inspect is refused without a request: Instagram offers no debug_token', async () => {
    const client = await start()
    const error = await settle(client.inspect(api.issueToken('long-lived')))
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ service: 'Instagram', operation: 'token inspection', status: undefined, transient: false })
    expect(api.server.requests).toEqual([])
  })

  it('refusals name Instagram, with the Instagram remedies', async () => {
    const client = await start()
    const code = oauth.issueCode()
    await exchange(client, code)
    const error = await settle(exchange(client, code))
    // Instagram's code endpoint answers errors flat, its code repeating the status.
    expect(error).toMatchObject({ service: 'Instagram', operation: 'code exchange', status: 400, code: 400, error: 'OAuthException' })
    expect(explain(error)).toMatch(/^Instagram refused the code exchange \(HTTP 400\): Matching code was not found or was already used\./)
    expect(explain(error)).toContain("'app-id' is the ID of the Instagram app (API setup with Instagram login), not the Facebook App ID")
  })

  it('an empty {"data": []} reply is no grant: not the JSON expected, and the code is not sent again', async () => {
    const client = await start()
    oauth.server.fault(CODE_EXCHANGE, { status: 200, body: { data: [] } })
    await expect(exchange(client)).rejects.toMatchObject({ transient: true, apiMessage: expect.stringMatching(/not the JSON expected/) })
    expect(oauth.server.calls(CODE_EXCHANGE)).toHaveLength(1)
  })
})
