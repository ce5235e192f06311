/** The Facebook Graph stand-in, driven over HTTP as the action will drive it: shapes, words and lifecycles. */
import { describe, expect, it } from 'vitest'
import { FACEBOOK_DATA_ACCESS_MS, FULL_TASKS, FacebookStandIn, type FacebookStandInOptions } from '../stand-ins/facebook-api.js'
import { at, call, startsEach, text, withQuery } from './stand-ins-http.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const seconds = (ms: number): number => Math.floor(ms / 1000)

let fb: FacebookStandIn
const start = startsEach((options: FacebookStandInOptions = {}) => (fb = new FacebookStandIn({ frozenClock: true, ...options })))

const get = (path: string, query: Record<string, string> = {}, bearer?: string) =>
  call(withQuery(`${fb.url}${path}`, query), bearer ? { bearer } : {})
const exchangeCode = (code: string, overrides: Record<string, string> = {}) =>
  get('/v25.0/oauth/access_token', { client_id: fb.appId, redirect_uri: fb.redirectUri, client_secret: fb.appSecret, code, ...overrides })
const debug = (token: string) => get('/v25.0/debug_token', { input_token: token, access_token: fb.appToken })
const graphError = (code: number, subcode?: number) => ({
  error: expect.objectContaining({
    type: 'OAuthException',
    code,
    ...(subcode ? { error_subcode: subcode } : {}),
    fbtrace_id: expect.any(String)
  })
})

describe('the code exchange and the long-lived exchange', () => {
  it('gives a short-lived user token for a code, once, under any version prefix, on loopback only', async () => {
    await start()
    expect(new URL(fb.url).hostname).toBe('127.0.0.1')
    const code = fb.issueCode()
    expect(code).toMatch(/^AQ[\w-]{330}$/)
    const first = await exchangeCode(code)
    expect(first).toMatchObject({ status: 200, body: { token_type: 'bearer', expires_in: 3600 } })
    expect(text(first.body, 'access_token')).toMatch(/^EAA[A-Za-z0-9]{190}$/)
    expect(fb.token(text(first.body, 'access_token'))?.kind).toBe('short-lived')
    const again = await get('/v19.0/oauth/access_token', {
      client_id: fb.appId,
      redirect_uri: fb.redirectUri,
      client_secret: fb.appSecret,
      code
    })
    expect(again).toMatchObject({ status: 400, body: graphError(100, 36009) })
    expect(fb.server.calls('GET /:version/oauth/access_token')).toHaveLength(2)
    expect((await get('/latest/me')).body).toMatchObject(graphError(2500))
  })

  it('refuses an expired code, a redirect mismatch, a wrong secret (code 1) and a wrong app id, in Graph words', async () => {
    await start()
    const expired = fb.issueCode()
    fb.advance(HOUR + 1000)
    expect((await exchangeCode(expired)).body).toMatchObject(graphError(100, 36007))
    const mismatch = await exchangeCode(fb.issueCode(), { redirect_uri: `${fb.redirectUri}/` })
    expect(mismatch.body).toMatchObject(graphError(100, 36008))
    expect(text(mismatch.body, 'error', 'message')).toMatch(/redirect_uri is identical to the one you used in the OAuth dialog request/)
    const secret = await exchangeCode(fb.issueCode(), { client_secret: 'f'.repeat(32) })
    expect(secret).toMatchObject({ status: 400, body: { error: { message: 'Error validating client secret.', code: 1 } } })
    expect((await exchangeCode(fb.issueCode(), { client_id: '1' })).body).toMatchObject(graphError(101))
    expect((await exchangeCode('AQnothing')).body).toMatchObject(graphError(100))
  })

  it('plays a code exchange that omits expires_in, or gives a long-lived token', async () => {
    await start({ omitCodeExpiresIn: true, codeTokenKind: 'long-lived' })
    const reply = await exchangeCode(fb.issueCode())
    expect(Object.keys(reply.body).sort()).toEqual(['access_token', 'token_type'])
    expect(fb.token(text(reply.body, 'access_token'))?.kind).toBe('long-lived')
  })

  it('exchanges a user token for a long-lived one that carries the authorization forward', async () => {
    await start()
    const short = fb.issueUserToken('short-lived', 0, 10 * DAY)
    const query = { grant_type: 'fb_exchange_token', client_id: fb.appId, client_secret: fb.appSecret, fb_exchange_token: short }
    const reply = await get('/v25.0/oauth/access_token', query)
    expect(reply).toMatchObject({ status: 200, body: { token_type: 'bearer', expires_in: 5183944 } })
    const long = text(reply.body, 'access_token')
    expect(at((await debug(long)).body, 'data', 'data_access_expires_at')).toBe(seconds(fb.now() - 10 * DAY + FACEBOOK_DATA_ACCESS_MS))
    fb.advance(HOUR)
    expect((await get('/v25.0/oauth/access_token', query)).body).toMatchObject(graphError(190, 463))
    expect(text((await get('/v25.0/oauth/access_token', query)).body, 'error', 'message')).toMatch(
      /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\. The current time is /
    )
  })
})

describe('Pages and their tokens', () => {
  const pages = [
    { id: '103455271248220', name: "Ferret's Blog", category: 'Blogger', tasks: FULL_TASKS },
    { id: '104518538110000', name: 'Ferret Fans', category: 'Community', tasks: ['ANALYZE', 'MODERATE'] },
    { id: '105115561430000', name: 'Not Mine', category: 'Brand', tasks: [] }
  ]

  it('lists the Pages the user has a role on, each with its token and tasks, by Bearer or query token', async () => {
    await start({ pages })
    const user = fb.issueUserToken('long-lived')
    const reply = await get('/v25.0/me/accounts', {}, user)
    expect(reply.status).toBe(200)
    expect(at(reply.body, 'data')).toEqual([
      {
        access_token: expect.stringMatching(/^EAA[A-Za-z0-9]{220}$/),
        category: 'Blogger',
        name: "Ferret's Blog",
        id: pages[0]?.id,
        tasks: FULL_TASKS
      },
      { access_token: expect.any(String), category: 'Community', name: 'Ferret Fans', id: pages[1]?.id, tasks: ['ANALYZE', 'MODERATE'] }
    ])
    expect(at(reply.body, 'paging', 'cursors')).toEqual({ before: expect.any(String), after: expect.any(String) })
    const byQuery = await get('/v21.0/me/accounts', { access_token: user, fields: 'name' })
    expect(at(byQuery.body, 'data')).toEqual([
      { name: "Ferret's Blog", id: pages[0]?.id },
      { name: 'Ferret Fans', id: pages[1]?.id }
    ])
  })

  it('mints a Page token that never expires from a long-lived user token, and an hour-long one from a short-lived token', async () => {
    await start()
    const forever = text((await get('/v25.0/me/accounts', {}, fb.issueUserToken('long-lived'))).body, 'data', 0, 'access_token')
    const hourLong = text((await get('/v25.0/me/accounts', {}, fb.issueUserToken('short-lived'))).body, 'data', 0, 'access_token')
    expect((await debug(forever)).body).toEqual({
      data: expect.objectContaining({ type: 'PAGE', expires_at: 0, is_valid: true, profile_id: fb.pages[0]?.id, user_id: fb.userId })
    })
    expect(at((await debug(hourLong)).body, 'data', 'expires_at')).toBe(seconds(fb.now() + HOUR))
    fb.advance(400 * DAY)
    expect(fb.isValid(forever)).toBe(true)
    expect((await get('/v25.0/me', { fields: 'id,name' }, forever)).body).toEqual({ id: fb.pages[0]?.id, name: fb.pages[0]?.name })
    expect((await debug(hourLong)).body).toMatchObject({ data: { is_valid: false, error: { code: 190, subcode: 463 } } })
  })

  it('gives a Page token by Page id only where the user can act for the Page', async () => {
    await start({ pages })
    const user = fb.issueUserToken('long-lived')
    const mine = await get(`/v25.0/${pages[0]?.id}`, { fields: 'access_token' }, user)
    expect(mine.body).toEqual({ access_token: expect.stringMatching(/^EAA/), id: pages[0]?.id })
    expect((await get(`/v25.0/${pages[2]?.id}`, { fields: 'access_token' }, user)).body).toEqual({ id: pages[2]?.id })
    expect((await get('/v25.0/999', { fields: 'access_token' }, user)).body).toMatchObject({ error: { code: 100, error_subcode: 33 } })
    expect((await get('/v25.0/me', { fields: 'id,name' }, user)).body).toEqual({ id: fb.userId, name: fb.userName })
  })

  it('refuses /me/accounts without pages_show_list, or answers an empty list where told to', async () => {
    await start()
    fb.revokeScope('pages_show_list')
    expect(await get('/v25.0/me/accounts', {}, fb.issueUserToken())).toMatchObject({ status: 403, body: graphError(200) })
    await fb.close()
    await start({ withoutPagesShowList: 'empty', scopes: ['pages_manage_posts'] })
    expect((await get('/v25.0/me/accounts', {}, fb.issueUserToken())).body).toEqual({ data: [] })
  })
})

describe('debug_token and the deaths nobody announces', () => {
  it('answers only the app token, and HTTP 200 for an unknown token', async () => {
    await start({ debugIssuedAt: false })
    const user = fb.issueUserToken()
    const refused = await get('/v25.0/debug_token', { input_token: user, access_token: user })
    expect(refused).toMatchObject({ status: 400, body: graphError(100) })
    expect(await debug('EAAnonsense')).toMatchObject({ status: 200, body: { data: { is_valid: false, error: { code: 190 }, scopes: [] } } })
    const data = at((await get('/v25.0/debug_token', { input_token: user }, fb.appToken)).body, 'data')
    expect(data).toEqual({
      app_id: fb.appId,
      type: 'USER',
      application: fb.appName,
      data_access_expires_at: seconds(fb.now() + FACEBOOK_DATA_ACCESS_MS),
      expires_at: seconds(fb.now() + 5183944 * 1000),
      is_valid: true,
      scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts'],
      granular_scopes: expect.arrayContaining([{ scope: 'pages_manage_posts', target_ids: [fb.pages[0]?.id] }]),
      user_id: fb.userId
    })
  })

  it('kills every token on a password change (460), seen in debug_token and in every call', async () => {
    await start()
    const user = fb.issueUserToken()
    const page = fb.issuePageToken(fb.pages[0]?.id ?? '')
    fb.changePassword()
    expect((await debug(page)).body).toMatchObject({
      data: { type: 'PAGE', is_valid: false, expires_at: 0, error: { code: 190, subcode: 460 } }
    })
    expect(await get('/v25.0/me', {}, page)).toMatchObject({ status: 400, body: graphError(190, 460) })
    expect((await get('/v25.0/me/accounts', {}, user)).body).toMatchObject(graphError(190, 460))
    expect(fb.isValid(fb.issueUserToken())).toBe(true)
  })

  it('kills every token of an inactive app for good, and a Page token whose user lost the Page role', async () => {
    await start()
    const old = fb.issuePageToken(fb.pages[0]?.id ?? '')
    fb.deactivateApp()
    expect(at((await debug(old)).body, 'data', 'is_valid')).toBe(false)
    const user = fb.issueUserToken()
    const page = text((await get('/v25.0/me/accounts', {}, user)).body, 'data', 0, 'access_token')
    fb.removePageRole(fb.pages[0]?.id ?? '')
    expect((await get('/v25.0/me', {}, page)).body).toMatchObject(graphError(190))
    expect(at((await get('/v25.0/me/accounts', {}, user)).body, 'data')).toEqual([])
    expect(fb.isValid(user)).toBe(true)
  })

  it('shows a revoked permission in debug_token while the token stays valid', async () => {
    await start()
    const page = fb.issuePageToken(fb.pages[0]?.id ?? '')
    fb.revokeScope('pages_manage_posts')
    expect((await debug(page)).body).toMatchObject({ data: { is_valid: true, scopes: ['pages_show_list', 'pages_read_engagement'] } })
  })

  it('lets tests script faults by route key and scan for every secret it handed out', async () => {
    await start()
    fb.server.fault('GET /:version/debug_token', { status: 500, body: { error: { code: 2, is_transient: true } } })
    const user = fb.issueUserToken()
    expect((await debug(user)).status).toBe(500)
    expect((await debug(user)).status).toBe(200)
    const page = text((await get('/v25.0/me/accounts', {}, user)).body, 'data', 0, 'access_token')
    expect(fb.credentials()).toEqual(expect.arrayContaining([fb.appSecret, fb.appToken, user, page]))
  })
})
