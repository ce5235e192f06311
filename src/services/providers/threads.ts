/** Threads: long-lived tokens of 60 days, refreshed in place (developers.facebook.com/docs/threads). */
import { judgeGraph, longLivedTokens, metaAppWords } from '../meta-graph.js'
import type { Provider } from '../provider.js'

const APP = 'Threads App (Use cases > Access the Threads API > Settings)'

export const threads: Provider = {
  name: 'threads',
  label: 'Threads',
  defaultSecretName: 'THREAD_ACCESS_TOKEN',
  hosts: { api: 'https://graph.threads.net' },
  legacyUrlInputs: { api: 'threads-api-url' },
  // The Threads App ID is not the Facebook App ID: both are digits, only the service tells them apart.
  appSecret: 'required',
  appId: { valid: (id) => /^\d+$/.test(id), what: "the numeric Threads App ID (not the app's name)" },
  // "Threads apps refuse localhost redirects" (Meta's Threads docs): https only.
  loopbackRedirect: false,
  authorize: {
    url: 'https://threads.com/oauth/authorize',
    // Meta moved Threads from threads.net; both answer.
    hosts: ['threads.com', 'www.threads.com', 'threads.net', 'www.threads.net'],
    scopes: ['threads_basic', 'threads_content_publish'],
    separator: ','
  },
  credentials: { shortLived: 'secret', longLived: 'refresh', refreshToken: false },
  expiry: 'dated',
  scheduledNeedsApp: false,
  words: {
    ...metaAppWords(APP),
    permission: 'belongs to a Threads app and was granted the threads_basic permission'
  },
  judge: judgeGraph,
  connect: (client, { app }) =>
    longLivedTokens(client, app, {
      exchangeGrant: 'th_exchange_token',
      refreshGrant: 'th_refresh_token',
      profilePath: '/v1.0/me',
      profileFields: 'id,username',
      profileIdField: 'id',
      inspectPath: '/v1.0/debug_token'
    })
}
