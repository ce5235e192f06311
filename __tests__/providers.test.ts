import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysUntil } from '../src/core/freshness.js'
import { GRAPH_API_VERSION, GRAPH_API_VERSION_ENDS } from '../src/meta/graph-version.js'
import { PROVIDERS, authorizePageOf, authorizeUrl, isProviderName, type ProviderName } from '../src/meta/providers.js'

const REDIRECT = 'https://example.org/threads/callback'

describe('authorizeUrl', () => {
  it.each<[ProviderName, string]>([
    [
      'threads',
      'https://threads.com/oauth/authorize?client_id=1234567890&redirect_uri=https%3A%2F%2Fexample.org%2Fthreads%2Fcallback&scope=threads_basic,threads_content_publish&response_type=code&state=s1'
    ],
    [
      'instagram',
      'https://www.instagram.com/oauth/authorize?client_id=1234567890&redirect_uri=https%3A%2F%2Fexample.org%2Fthreads%2Fcallback&scope=instagram_business_basic,instagram_business_content_publish&response_type=code&state=s1'
    ]
  ])('%s: the address Meta documents, scope commas literal', (name, expected) => {
    expect(authorizeUrl(PROVIDERS[name], '1234567890', REDIRECT, 's1')).toBe(expected)
  })

  it.each<ProviderName>(['threads', 'instagram'])('%s: every parameter reads back exactly', (name) => {
    const url = new URL(authorizeUrl(PROVIDERS[name], '42', REDIRECT, 'a b&c=d'))
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '42',
      redirect_uri: REDIRECT,
      scope: PROVIDERS[name].scopes.join(','),
      response_type: 'code',
      state: 'a b&c=d'
    })
  })

  it('no state: no state parameter', () => {
    const url = new URL(authorizeUrl(PROVIDERS.threads, '42', REDIRECT))
    expect(url.searchParams.has('state')).toBe(false)
    expect(authorizeUrl(PROVIDERS.threads, '42', REDIRECT, '')).not.toContain('state=')
  })

  it('commas elsewhere (a redirect with a query, a state) still read back exactly', () => {
    const redirect = 'https://example.org/cb?next=a,b&x=%2C'
    const url = new URL(authorizeUrl(PROVIDERS.threads, '42', redirect, 'x,y%2Cz'))
    expect(url.searchParams.get('redirect_uri')).toBe(redirect)
    expect(url.searchParams.get('state')).toBe('x,y%2Cz')
  })

  it('any state and redirect URI round-trip', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), (state, redirect) => {
        const url = new URL(authorizeUrl(PROVIDERS.instagram, '42', redirect, state))
        expect(url.searchParams.get('redirect_uri')).toBe(redirect)
        expect(url.searchParams.get('state')).toBe(state === '' ? null : state)
        expect(url.searchParams.get('scope')).toBe('instagram_business_basic,instagram_business_content_publish')
      })
    )
  })
})

describe('authorizePageOf', () => {
  it.each<[string, ProviderName | undefined]>([
    ['https://threads.com/oauth/authorize?client_id=42', 'threads'],
    ['https://www.threads.com/oauth/authorize/?client_id=42', 'threads'],
    ['https://threads.net/oauth/authorize', 'threads'],
    ['https://WWW.THREADS.NET/oauth/authorize?x=1', 'threads'],
    ['https://www.instagram.com/oauth/authorize?client_id=42', 'instagram'],
    ['https://threads.com/@someone', undefined],
    ['https://example.org/oauth/authorize', undefined],
    ['https://threads.com.example.org/oauth/authorize', undefined],
    ['not an address', undefined]
  ])('%s: %s', (address, provider) => {
    expect(authorizePageOf(address)?.name).toBe(provider)
  })

  it('recognizes the address authorizeUrl prints, for every provider', () => {
    for (const provider of Object.values(PROVIDERS)) expect(authorizePageOf(authorizeUrl(provider, '42', REDIRECT, 's'))).toBe(provider)
  })
})

describe('isProviderName', () => {
  it.each([
    ['threads', true],
    ['instagram', true],
    ['facebook', false],
    ['Threads', false],
    ['', false],
    ['toString', false],
    ['__proto__', false],
    ['hasOwnProperty', false]
  ])('%j: %s', (value, expected) => {
    expect(isProviderName(value)).toBe(expected)
  })
})

describe('PROVIDERS', () => {
  it('Threads: endpoints and grants as documented', () => {
    expect(PROVIDERS.threads).toMatchObject({
      label: 'Threads',
      defaultSecretName: 'THREAD_ACCESS_TOKEN',
      defaultApiUrl: 'https://graph.threads.net',
      exchangeGrant: 'th_exchange_token',
      refreshGrant: 'th_refresh_token',
      profilePath: '/v1.0/me',
      profileFields: 'id,username',
      profileIdField: 'id',
      inspectPath: '/v1.0/debug_token'
    })
    expect(PROVIDERS.threads.oauthUrlInput).toBeUndefined()
  })

  it('Instagram: codes on api.instagram.com, the rest on graph.instagram.com, no inspection', () => {
    expect(PROVIDERS.instagram).toMatchObject({
      label: 'Instagram',
      defaultSecretName: 'INSTAGRAM_ACCESS_TOKEN',
      defaultApiUrl: 'https://graph.instagram.com',
      defaultOauthUrl: 'https://api.instagram.com',
      oauthUrlInput: 'instagram-oauth-url',
      exchangeGrant: 'ig_exchange_token',
      refreshGrant: 'ig_refresh_token',
      profilePath: `/${GRAPH_API_VERSION}/me`,
      profileFields: 'user_id,username',
      profileIdField: 'user_id'
    })
    expect(PROVIDERS.instagram.inspectPath).toBeUndefined()
  })

  it('each provider is keyed by its own name', () => {
    for (const [key, provider] of Object.entries(PROVIDERS)) expect(provider.name).toBe(key)
  })

  it(`pins a Graph API version (${GRAPH_API_VERSION}) that Meta keeps for more than 90 days yet: move it on when this fails`, () => {
    expect(daysUntil(`${GRAPH_API_VERSION_ENDS}T00:00:00Z`, new Date())).toBeGreaterThan(90)
  })
})
