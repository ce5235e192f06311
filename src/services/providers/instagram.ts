/** Instagram (API with Instagram Login): long-lived tokens of 60 days, refreshed in place; codes on another host. */
import { GRAPH_API_VERSION, judgeGraph, longLivedTokens, metaAppWords } from '../meta-graph.js'
import type { Provider } from '../provider.js'

const APP = 'Instagram app (API setup with Instagram login)'

export const instagram: Provider = {
  name: 'instagram',
  label: 'Instagram',
  defaultSecretName: 'INSTAGRAM_ACCESS_TOKEN',
  hosts: { api: 'https://graph.instagram.com', oauth: 'https://api.instagram.com' },
  legacyUrlInputs: { api: 'instagram-api-url', oauth: 'instagram-oauth-url' },
  appSecret: 'required',
  appId: { valid: (id) => /^\d+$/.test(id), what: "the numeric Instagram App ID (not the app's name)" },
  loopbackRedirect: false,
  authorize: {
    url: 'https://www.instagram.com/oauth/authorize',
    hosts: ['www.instagram.com', 'instagram.com'],
    scopes: ['instagram_business_basic', 'instagram_business_content_publish'],
    separator: ','
  },
  credentials: { shortLived: 'secret', longLived: 'refresh', refreshToken: false },
  expiry: 'dated',
  scheduledNeedsApp: false,
  words: {
    ...metaAppWords(APP),
    permission: 'belongs to an Instagram app and was granted the instagram_business_basic permission',
    guide: ' (docs/instagram.md: "The first token")'
  },
  judge: judgeGraph,
  connect: (client, { app }) =>
    longLivedTokens(client, app, {
      exchangeGrant: 'ig_exchange_token',
      refreshGrant: 'ig_refresh_token',
      // Instagram's `/me` has an app-scoped `id` besides the `user_id` the token belongs to.
      profilePath: `/${GRAPH_API_VERSION}/me`,
      profileFields: 'user_id,username',
      profileIdField: 'user_id'
    })
}
