/**
 * Replies Meta's services really send (recorded in public issue threads, client libraries' fixtures
 * and Meta's reference pages: ../shared/REFERENCE.md), served by the stand-in and read through the
 * real client: what the user reads for each, and whether a human is called.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { providerNamed } from '../src/services/registry.js'

type ProviderName = 'threads' | 'instagram'
import { account, explain, needsHuman } from '../src/shared/explain.js'
import { createHttp } from '../src/shared/http.js'
import { GraphStandIn } from '../stand-ins/graph-api.js'
import { DAY, POLICY, settle, createGraphClient, type GraphClient } from './support.js'

let stand: GraphStandIn | undefined
afterEach(async () => {
  await stand?.close()
  stand = undefined
})

async function clientFor(provider: ProviderName): Promise<[GraphStandIn, GraphClient]> {
  stand = new GraphStandIn({ provider })
  await stand.start()
  const http = createHttp(POLICY, () => undefined)
  return [
    stand,
    createGraphClient({
      provider: providerNamed(provider)!,
      apiUrl: stand.url,
      oauthUrl: stand.url,
      http,
      mask: () => undefined,
      debug: () => undefined
    })
  ]
}

const flat = (message: string) => ({ status: 400, body: { error_type: 'OAuthException', code: 400, error_message: message } })
const graph = (status: number, message: string, code: number, subcode?: number) => ({
  status,
  body: { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbC' } }
})

type Call = 'code exchange' | 'refresh'
const CODE = 'POST /oauth/access_token'
const REFRESH = 'GET /refresh_access_token'

/** [what, provider, call, reply, the line's start, the remedy, a human needed] */
const RECORDED: [string, ProviderName, Call, { status: number; body: unknown }, string, RegExp, boolean][] = [
  [
    'Instagram: a spent or unknown code (flat)',
    'instagram',
    'code exchange',
    flat('Matching code was not found or was already used.'),
    'Instagram refused the code exchange (HTTP 400): Matching code was not found or was already used.',
    /works once and for one hour.*get a fresh code and run again promptly/,
    true
  ],
  [
    "Instagram: the Facebook app's id (flat)",
    'instagram',
    'code exchange',
    flat('Invalid platform app'),
    'Instagram refused the code exchange (HTTP 400): Invalid platform app.',
    /Check 'app-id': it must be the ID of the Instagram app .*not the Facebook App ID/,
    true
  ],
  [
    'Instagram: a garbled code (flat)',
    'instagram',
    'code exchange',
    flat('Invalid authorization code'),
    'Instagram refused the code exchange (HTTP 400): Invalid authorization code.',
    /works once and for one hour/,
    true
  ],
  [
    'Instagram: scopes the app lacks (flat)',
    'instagram',
    'code exchange',
    flat('Invalid scope field(s): instagram_business_content_publish'),
    'Instagram refused the code exchange (HTTP 400): Invalid scope field(s): instagram_business_content_publish.',
    /asked for permissions the app was not given: add them to the app in Meta's App Dashboard, then authorize again/,
    true
  ],
  [
    'Instagram: another redirect URI (flat)',
    'instagram',
    'code exchange',
    flat(
      'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request'
    ),
    'Instagram refused the code exchange (HTTP 400): Error validating verification code.',
    /'redirect-uri' must match the redirect URI registered/,
    true
  ],
  [
    "Threads: an expired token (Threads' words)",
    'threads',
    'refresh',
    graph(400, 'Error validating access token: Session has expired on Wednesday, 10-Dec-25 20:00:00 PST.', 190, 463),
    'Threads refused the refresh (HTTP 400, code 190/463): Error validating access token: Session has expired on Wednesday, 10-Dec-25 20:00:00 PST.',
    /can no longer be used .* authorize again in a browser/,
    true
  ],
  [
    'Threads: a token that cannot be parsed',
    'threads',
    'refresh',
    graph(400, 'Invalid OAuth access token - Cannot parse access token', 190),
    'Threads refused the refresh (HTTP 400, code 190): Invalid OAuth access token - Cannot parse access token.',
    /can no longer be used/,
    true
  ],
  [
    'Threads: the password changed (460)',
    'threads',
    'refresh',
    graph(
      400,
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      190,
      460
    ),
    'Threads refused the refresh (HTTP 400, code 190/460): Error validating access token: The session has been invalidated',
    /can no longer be used \(expired, revoked, or the account's password changed\)/,
    true
  ],
  [
    'Threads: a dead session key (102)',
    'threads',
    'refresh',
    graph(400, 'Session key invalid or no longer valid', 102),
    'Threads refused the refresh (HTTP 400, code 102): Session key invalid or no longer valid.',
    /can no longer be used .* authorize again/,
    true
  ],
  [
    'Threads: a revoked token answered "does not exist" (100, unconfirmed as a rule)',
    'threads',
    'refresh',
    graph(400, 'The requested resource does not exist', 100),
    'Threads refused the refresh (HTTP 400, code 100): The requested resource does not exist.',
    /could not be refreshed\. If it has expired or was revoked, authorize again/,
    true
  ],
  [
    'Threads: temporarily blocked (368)',
    'threads',
    'refresh',
    graph(400, 'It looks like you were misusing this feature by going too fast.', 368),
    'Threads refused the refresh (HTTP 400, code 368): It looks like you were misusing this feature by going too fast.',
    /blocked such requests for now, which may last days: nothing was changed, and the next scheduled run tries again/,
    false
  ]
]

describe('recorded replies, as the user reads them', () => {
  it.each(RECORDED)('%s', async (_case, provider, call, reply, start, remedy, human) => {
    const [api, client] = await clientFor(provider)
    api.server.fault(call === 'refresh' ? REFRESH : CODE, reply)
    const request = call === 'refresh' ? client.refresh(api.issueToken('long-lived', 2 * DAY)) : client.exchangeCode(api.issueCode(), api)
    const error = await settle(request)
    const line = explain(error)
    expect(line.startsWith(start)).toBe(true)
    expect(line).toMatch(remedy)
    expect(needsHuman(error)).toBe(human)
    // The public issue's account: status, code and remedy, never the service's words.
    expect(account(error)).toMatch(remedy)
    expect(account(error)).not.toContain(start.slice(start.indexOf(': ') + 2, start.indexOf(': ') + 30))
  })

  it.each<[string, { status: number; body: unknown }]>([
    ['Graph rate limit: HTTP 403 "(#4) Application request limit reached"', graph(403, '(#4) Application request limit reached', 4)],
    ['Graph application limit (341)', graph(400, 'Application limit reached', 341)],
    [
      'a 401 that Meta marks temporary (code 2)',
      {
        status: 401,
        body: {
          error: {
            message: 'An unexpected error has occurred. Please retry your request later.',
            type: 'OAuthException',
            is_transient: true,
            code: 2
          }
        }
      }
    ]
  ])('%s: tried again, then a run that fails without calling a human', async (_case, reply) => {
    const [api, client] = await clientFor('threads')
    api.server.fault(REFRESH, { ...reply, times: Number.POSITIVE_INFINITY })
    const error = await settle(client.refresh(api.issueToken('long-lived', 2 * DAY)))
    expect(api.server.calls(REFRESH)).toHaveLength(POLICY.attempts)
    expect(explain(error)).toMatch(
      /^Threads refused the refresh \(no usable reply\): HTTP 40[013], code \d+: .*did not answer usefully after several tries; nothing was changed\. Run the workflow again later\.$/
    )
    expect(needsHuman(error)).toBe(false)
    expect(account(error)).toBe(
      'Threads refused the refresh (no usable reply). Threads did not answer usefully after several tries; nothing was changed. Run the workflow again later.'
    )
  })
})
