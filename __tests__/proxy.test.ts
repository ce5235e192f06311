/** The proxy settings of a self-hosted runner: read once, refused loudly, routed by Node's own NO_PROXY rules. */
import { describe, expect, it } from 'vitest'
import { ProxySettingError } from '../src/shared/errors.js'
import { describeProxy, nodeTunnels, proxyCredentials, proxyFor, readProxySettings } from '../src/shared/proxy.js'

const PROXY = 'http://proxy.corp:3128'

/** Where a URL goes with these variables: the proxy's address, or 'direct'. */
function route(env: NodeJS.ProcessEnv, url: string): string {
  return proxyFor(new URL(url), readProxySettings(env))?.href ?? 'direct'
}

describe('readProxySettings', () => {
  it('nothing set: every origin direct', () => {
    expect(readProxySettings({})).toEqual({ https: undefined, http: undefined, bypass: [] })
    expect(route({}, 'https://api.github.com/')).toBe('direct')
  })

  it.each<[string, NodeJS.ProcessEnv, string]>([
    ['upper case', { HTTPS_PROXY: PROXY }, 'http://proxy.corp:3128/'],
    ['lower case', { https_proxy: PROXY }, 'http://proxy.corp:3128/'],
    ['lower case over upper case', { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' }, 'http://lower:1/'],
    ['an empty lower case counts as unset', { https_proxy: ' ', HTTPS_PROXY: 'http://upper:2' }, 'http://upper:2/'],
    ['no scheme: http://, as curl reads it', { HTTPS_PROXY: 'proxy.corp:3128' }, 'http://proxy.corp:3128/'],
    ['an https:// proxy', { HTTPS_PROXY: 'https://proxy.corp:443' }, 'https://proxy.corp/'],
    ['credentials kept for the tunnel', { HTTPS_PROXY: 'http://u:p%40ss@proxy.corp:3128' }, 'http://u:p%40ss@proxy.corp:3128/']
  ])('HTTPS_PROXY, %s', (_case, env, expected) => {
    expect(route(env, 'https://graph.threads.net/refresh_access_token')).toBe(expected)
  })

  it('each scheme its own variable, as in Node and curl: HTTP_PROXY does not serve https://', () => {
    expect(route({ HTTP_PROXY: PROXY }, 'https://api.github.com/')).toBe('direct')
    expect(route({ HTTP_PROXY: PROXY }, 'http://127.0.0.1:8080/')).toBe('http://proxy.corp:3128/')
    expect(route({ HTTPS_PROXY: PROXY }, 'http://127.0.0.1:8080/')).toBe('direct')
  })

  it.each<[string, string, RegExp]>([
    [
      'a SOCKS proxy',
      'socks5://u:secret1@127.0.0.1:1080',
      /^HTTPS_PROXY names a socks5:\/\/ proxy \(socks5:\/\/127\.0\.0\.1:1080\): only http:\/\/ and https:\/\/ proxies/
    ],
    ['no URL at all', 'http://[bad', /^HTTPS_PROXY is set but is not a proxy address: write it as http:\/\/HOST:PORT/],
    ['a path', 'http://proxy.corp:3128/wpad.dat', /^HTTPS_PROXY must be a proxy's address alone/],
    ['a query', 'http://proxy.corp:3128?x=1', /^HTTPS_PROXY must be a proxy's address alone/]
  ])('refuses %s, never echoing the value', (_case, value, message) => {
    const attempt = (): unknown => readProxySettings({ HTTPS_PROXY: value })
    expect(attempt).toThrow(ProxySettingError)
    expect(attempt).toThrow(message)
    expect(attempt).not.toThrow(/secret1/)
  })

  it('names the spelling that was read', () => {
    expect(() => readProxySettings({ http_proxy: 'ftp://proxy:21' })).toThrow(/^http_proxy names a ftp:\/\/ proxy/)
  })
})

describe('proxyFor: NO_PROXY, by Node’s own rules', () => {
  it.each<[string, string, 'direct' | 'proxy']>([
    ['', 'https://api.github.com/', 'proxy'],
    ['*', 'https://api.github.com/', 'direct'],
    ['api.github.com', 'https://api.github.com/', 'direct'],
    ['API.GitHub.com', 'https://api.github.com/', 'direct'],
    ['github.com', 'https://api.github.com/', 'proxy'],
    ['.github.com', 'https://api.github.com/', 'direct'],
    ['.github.com', 'https://github.com/', 'direct'],
    ['*.github.com', 'https://api.github.com/', 'direct'],
    ['*.github.com', 'https://github.com/', 'proxy'],
    ['example.org, api.github.com ,other', 'https://api.github.com/', 'direct'],
    ['api.github.com:443', 'https://api.github.com/', 'direct'],
    ['api.github.com:8443', 'https://api.github.com/', 'proxy'],
    ['ghes.corp:8443', 'https://ghes.corp:8443/api/v3', 'direct'],
    ['*:443', 'https://api.github.com/', 'direct'],
    ['127.0.0.1', 'https://127.0.0.1:8443/', 'direct'],
    ['::1', 'https://[::1]:8443/', 'direct'],
    ['[::1]:8443', 'https://[::1]:8443/', 'direct'],
    ['localhost', 'https://127.0.0.1/', 'proxy']
  ])('NO_PROXY=%j, %s: %s', (noProxy, url, expected) => {
    for (const name of ['NO_PROXY', 'no_proxy']) {
      expect(route({ HTTPS_PROXY: PROXY, [name]: noProxy }, url)).toBe(expected === 'direct' ? 'direct' : 'http://proxy.corp:3128/')
    }
  })

  it('lower-case no_proxy over upper case', () => {
    expect(route({ HTTPS_PROXY: PROXY, no_proxy: 'other.org', NO_PROXY: 'api.github.com' }, 'https://api.github.com/')).not.toBe('direct')
  })
})

describe('describeProxy and proxyCredentials', () => {
  it('shows scheme, host and port, never credentials', () => {
    expect(describeProxy(new URL('http://runner:hunter2@proxy.corp:3128'))).toBe('http://proxy.corp:3128')
  })

  it.each<[NodeJS.ProcessEnv, string[]]>([
    [{}, []],
    [{ HTTPS_PROXY: PROXY }, []],
    [{ HTTPS_PROXY: 'http://runner:hunter2@proxy.corp:3128' }, ['hunter2']],
    [{ https_proxy: 'runner:p%40ss@proxy.corp:3128', HTTP_PROXY: 'http://runner:p%40ss@proxy.corp:3128' }, ['p%40ss', 'p@ss']],
    [{ http_proxy: 'http://[not a url' }, ['http://[not a url']],
    [{ HTTP_PROXY: 'http://only-user@proxy.corp:3128' }, []]
  ])('%j: masks %j', (env, masked) => {
    expect(proxyCredentials(env)).toEqual(masked)
  })
})

describe('nodeTunnels', () => {
  it.each<[string, boolean]>([
    ['20.19.5', false],
    ['22.20.0', false],
    ['22.21.0', true],
    ['23.11.0', false],
    ['24.4.1', false],
    ['24.5.0', true],
    ['24.22.3', true],
    ['25.0.0', true]
  ])('Node %s: %s', (version, expected) => {
    expect(nodeTunnels(version)).toBe(expected)
  })
})
