/**
 * A Facebook Page (developers.facebook.com/docs/pages-api): Facebook Login's user token, made
 * long-lived, gives a Page token that never expires but may be invalidated at any time without notice
 * (a password change, a lost Page role, the app idle for 90 days). Nothing renews it: a scheduled run
 * checks it (debug_token, with the app token), which also keeps the app "active" in Meta's sense.
 */
import type { Grant, TokenService, TokenTimes } from '../../core/ports.js'
import type { JsonObject as Json } from '../../shared/json.js'
import type { Refusal } from '../../shared/refusal.js'
import type { Judgement, ServiceClient } from '../client.js'
import { asId, isTokenShaped, readExpiringGrant, readGrant, readTimes } from '../grants.js'
import { GRAPH_API_VERSION, codeSpentOnFailure, judgeGraph } from '../meta-graph.js'
import { notOffered, type Provider, type ProviderSettings } from '../provider.js'

const V = `/${GRAPH_API_VERSION}`
/** What a Page token must carry to post: pages_manage_posts, with pages_read_engagement (Meta's error #200). */
const POSTING = ['pages_manage_posts', 'pages_read_engagement']

interface Page {
  id: string
  name: string
  token: string
  tasks: string[]
}

/** The user's Pages from `/me/accounts`; an entry not of the shape is left out. */
function readPages(body: Json): Page[] | undefined {
  if (!Array.isArray(body.data)) return undefined
  return (body.data as unknown[]).flatMap((entry) => {
    const page = (entry ?? {}) as Json
    const id = asId(page.id)
    if (!id || !isTokenShaped(page.access_token)) return []
    const tasks = Array.isArray(page.tasks) ? page.tasks.filter((task): task is string => typeof task === 'string') : []
    return [{ id, name: typeof page.name === 'string' ? page.name.slice(0, 100) : '', token: page.access_token, tasks }]
  })
}

const integer = (value: unknown): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined)

/**
 * debug_token answers 200 whatever the token inspected: a refusal of it is of the app token, made of
 * app-id and app-secret (a wrong secret: code 190, "Invalid OAuth access token signature."), never a
 * sign that the Page token died.
 */
function judge(refusal: Refusal, operation: string): Judgement {
  const judged = judgeGraph(refusal, operation)
  return operation === 'token inspection' ? { ...judged, reason: 'client-secret' } : judged
}

/** debug_token's `data`: HTTP 200 even for a dead token, which says so inside. */
function readDebug(body: Json): Json | undefined {
  const data = body.data
  return data !== null && typeof data === 'object' && typeof (data as Json).is_valid === 'boolean' ? (data as Json) : undefined
}

function facebookTokens(client: ServiceClient, { app, pageId }: ProviderSettings): TokenService {
  const appToken = `${app.appId}|${app.appSecret}`
  client.mask(appToken)
  const oauth = (operation: string, query: Record<string, string>, once = false) =>
    client.call(
      operation,
      { method: 'GET', path: `${V}/oauth/access_token`, query, once },
      operation === 'code exchange' ? readGrant : readExpiringGrant
    )
  const longLived = (userToken: string): Promise<Grant> =>
    oauth('long-lived exchange', {
      grant_type: 'fb_exchange_token',
      client_id: app.appId,
      client_secret: app.appSecret,
      fb_exchange_token: userToken
    })
  const debug = (token: string): Promise<Json> =>
    client.call(
      'token inspection',
      { method: 'GET', path: `${V}/debug_token`, query: { input_token: token, access_token: appToken } },
      readDebug
    )

  /** The Page to keep: the one named, or the only one; never a guess among several. */
  async function pageOf(userToken: string): Promise<Page> {
    const query = { fields: 'id,name,access_token,tasks', limit: '100' }
    const pages = await client.call('page lookup', { method: 'GET', path: `${V}/me/accounts`, query, bearer: userToken }, readPages)
    const listed = pages.map((page) => `${page.name} (${page.id})`).join(', ')
    const page = pageId ? pages.find((candidate) => candidate.id === pageId) : pages.length === 1 ? pages[0] : undefined
    if (!page) {
      const apiMessage =
        pages.length === 0
          ? 'the account manages no Page that this app may see (pages_show_list, and the Pages chosen at approval)'
          : pageId
            ? `none of the account's Pages has the id given: ${listed}`
            : `the account manages several Pages: ${listed}`
      // The list quotes the Pages' names, which are Facebook's text: never in a public issue.
      throw client.refusal('page lookup', {
        apiMessage,
        serviceWords: pages.length > 0,
        reason: pages.length === 0 ? 'not-fit' : 'which-account',
        status: 200
      })
    }
    if (!page.tasks.includes('CREATE_CONTENT')) {
      const apiMessage = `the account's role on the Page ${page.id} cannot create content (a Page admin gives a role with Content access under Page settings > Page access)`
      throw client.refusal('page lookup', { apiMessage, serviceWords: false, reason: 'not-fit', status: 200 })
    }
    return page
  }

  /** A Page token fit for posting: valid, a Page's, with the posting permissions; its times. */
  async function fit(token: string): Promise<TokenTimes> {
    const data = await debug(token)
    const error = (data.error ?? {}) as Json
    if (data.is_valid !== true) {
      const said = typeof error.message === 'string' ? error.message : undefined
      // HTTP 200 for a dead token, with Graph's codes inside (190, subcode 460 for a password change).
      throw client.refusal('token check', {
        apiMessage: said ?? 'Facebook reports the token invalid',
        serviceWords: said !== undefined,
        reason: 'dead-grant',
        status: 200,
        code: integer(error.code),
        subcode: integer(error.subcode)
      })
    }
    const scopes = Array.isArray(data.scopes) ? data.scopes : []
    const missing = POSTING.filter((scope) => !scopes.includes(scope))
    const notFit =
      data.type !== 'PAGE' ? 'the token is not a Page token' : missing.length > 0 ? `the token lacks ${missing.join(' and ')}` : undefined
    if (notFit) throw client.refusal('token check', { apiMessage: notFit, serviceWords: false, reason: 'not-fit', status: 200 })
    // expires_at 0, a Page token that never expires, reads as no expiry.
    return readTimes(data) ?? {}
  }

  /** From a user token (one hour or 60 days) to the Page's token, checked fit for posting. */
  async function pageToken(userToken: string): Promise<Grant> {
    const user = await longLived(userToken)
    const page = await pageOf(user.accessToken)
    await fit(page.token)
    return { accessToken: page.token, userId: page.id }
  }

  return {
    profiles: 'id',
    reportsDataAccess: true,
    async redeemCode(code) {
      const query = { client_id: app.appId, redirect_uri: app.redirectUri, client_secret: app.appSecret, code }
      const user = await oauth('code exchange', query, true)
      return codeSpentOnFailure(() => pageToken(user.accessToken))
    },
    exchangeForLongLived: (userToken) => pageToken(userToken),
    refresh: () => notOffered(client, 'refresh'),
    redeemRefreshToken: () => notOffered(client, 'refresh-token grant'),
    check: (token) => fit(token),
    profile(token) {
      const read = (body: Json) => {
        const id = asId(body.id)
        return id ? { id } : undefined
      }
      return client.call('profile lookup', { method: 'GET', path: `${V}/me`, query: { fields: 'id' }, bearer: token }, read)
    },
    async inspect(token) {
      return readTimes(await debug(token)) ?? {}
    }
  }
}

export const facebook: Provider = {
  name: 'facebook',
  label: 'Facebook',
  defaultSecretName: 'FACEBOOK_ACCESS_TOKEN',
  hosts: { api: 'https://graph.facebook.com' },
  appSecret: 'required',
  appId: { valid: (id) => /^\d+$/.test(id), what: 'the numeric Facebook App ID (App settings > Basic)' },
  // Facebook Login allows localhost redirects while the app is in development mode.
  loopbackRedirect: true,
  authorize: {
    url: `https://www.facebook.com/${GRAPH_API_VERSION}/dialog/oauth`,
    hosts: ['www.facebook.com', 'facebook.com', 'm.facebook.com'],
    scopes: ['pages_show_list', 'pages_read_engagement', 'pages_manage_posts'],
    separator: ','
  },
  credentials: { shortLived: 'app', longLived: 'check', refreshToken: false },
  expiry: 'never',
  scheduledNeedsApp: true,
  words: {
    appId: 'the App ID of your Facebook app (App settings > Basic)',
    appSecret: 'the App Secret of that app (App settings > Basic)',
    permission: 'was granted pages_show_list, pages_read_engagement and pages_manage_posts',
    dashboard: "Meta's App Dashboard",
    deadGrant: 'invalidated: a password change, a lost Page role, the app removed, or the app idle for 90 days',
    codeLife: 'for a short while',
    guide: ' (docs/facebook.md: "The first token")'
  },
  judge,
  connect: facebookTokens
}
