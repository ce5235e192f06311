import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { daysUntil } from '../src/core/freshness.js'
import { GRAPH_API_VERSION, GRAPH_API_VERSION_ENDS } from '../src/services/meta-graph.js'
import type { Provider } from '../src/services/provider.js'
import {
  PROVIDERS,
  authorizePageOf,
  authorizes,
  authorizeUrl as addressOf,
  providerChoices,
  providerNamed
} from '../src/services/registry.js'

type ProviderName = 'threads' | 'instagram' | 'facebook' | 'linkedin'
const named = (name: string): Provider => providerNamed(name) ?? PROVIDERS[0]!
const BY_NAME = new Proxy({} as Record<ProviderName, Provider>, { get: (_, name: string) => named(name) })
/** The authorize address, with `state` given as the old signature did. */
const authorizeUrl = (provider: Provider, appId: string, redirect: string, state?: string): string =>
  authorizes(provider) ? addressOf(provider, appId, redirect, { state }) : ''

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
    expect(authorizeUrl(BY_NAME[name], '1234567890', REDIRECT, 's1')).toBe(expected)
  })

  it.each<ProviderName>(['threads', 'instagram'])('%s: every parameter reads back exactly', (name) => {
    const url = new URL(authorizeUrl(BY_NAME[name], '42', REDIRECT, 'a b&c=d'))
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '42',
      redirect_uri: REDIRECT,
      scope: BY_NAME[name].authorize?.scopes.join(','),
      response_type: 'code',
      state: 'a b&c=d'
    })
  })

  it('no state: no state parameter', () => {
    const url = new URL(authorizeUrl(BY_NAME.threads, '42', REDIRECT))
    expect(url.searchParams.has('state')).toBe(false)
    expect(authorizeUrl(BY_NAME.threads, '42', REDIRECT, '')).not.toContain('state=')
  })

  it('commas elsewhere (a redirect with a query, a state) still read back exactly', () => {
    const redirect = 'https://example.org/cb?next=a,b&x=%2C'
    const url = new URL(authorizeUrl(BY_NAME.threads, '42', redirect, 'x,y%2Cz'))
    expect(url.searchParams.get('redirect_uri')).toBe(redirect)
    expect(url.searchParams.get('state')).toBe('x,y%2Cz')
  })

  it('any state and redirect URI round-trip', () => {
    fc.assert(
      fc.property(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), (state, redirect) => {
        const url = new URL(authorizeUrl(BY_NAME.instagram, '42', redirect, state))
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
    for (const provider of PROVIDERS.filter(authorizes)) expect(authorizePageOf(authorizeUrl(provider, '42', REDIRECT, 's'))).toBe(provider)
  })
})

describe('the registry', () => {
  it.each(['threads', 'instagram', 'facebook', 'linkedin'])('%s is found by its name', (name) => {
    expect(providerNamed(name)?.name).toBe(name)
  })

  it.each(['', 'Threads', 'x-twitter', 'toString', '__proto__', 'constructor'])('%j is no provider', (name) => {
    expect(providerNamed(name)).toBeUndefined()
  })

  it('lists the choices for messages', () => {
    expect(providerChoices()).toBe('threads, instagram, facebook, linkedin, x or oauth2')
  })

  it('names are unique, and every default secret and refresh-token secret is a valid GitHub secret name', () => {
    expect(new Set(PROVIDERS.map((provider) => provider.name)).size).toBe(PROVIDERS.length)
    for (const provider of PROVIDERS) {
      for (const secret of [provider.defaultSecretName, provider.defaultRefreshTokenSecret].filter((name) => name !== undefined)) {
        expect(secret).toMatch(/^[A-Z_][A-Z0-9_]*$/)
        expect(secret.startsWith('GITHUB_')).toBe(false)
      }
    }
  })

  it('a provider that takes refresh tokens has a default secret to write them back to', () => {
    // Any OAuth 2.0 service has none: one name would be shared by every service a repository keeps.
    for (const provider of PROVIDERS) {
      expect(provider.credentials.refreshToken && !provider.tokenEndpointInputs).toBe(provider.defaultRefreshTokenSecret !== undefined)
    }
  })

  it('Threads and Instagram refuse loopback redirects; Facebook (in development mode) and LinkedIn accept them', () => {
    expect(PROVIDERS.map((provider) => [provider.name, provider.loopbackRedirect])).toEqual([
      ['threads', false],
      ['instagram', false],
      ['facebook', true],
      ['linkedin', true],
      ['x', true],
      ['oauth2', true]
    ])
  })

  it(`pins a Graph API version (${GRAPH_API_VERSION}) that Meta keeps for more than 90 days yet: move it on when this fails`, () => {
    expect(daysUntil(`${GRAPH_API_VERSION_ENDS}T00:00:00Z`, new Date())).toBeGreaterThan(90)
  })
})
