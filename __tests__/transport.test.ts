/**
 * The one transport against real loopback servers: keep-alive, replies as they come, every 3xx
 * refused, replies too large refused, the time-out over the whole exchange, faults in words, and
 * proxies (Node's own tunnel and the library's, both run here whatever this Node is).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestCa } from '../stand-ins/certificates.js'
import { ProxyStandIn } from '../stand-ins/proxy.js'
import { ProxySettingError, TransportError } from '../src/shared/errors.js'
import { nodeTunnels } from '../src/shared/proxy.js'
import { createTransport, describeUrl, replyLine, type Outgoing, type Transport } from '../src/shared/transport.js'
import { settle } from './support.js'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** A loopback server (https:// with `tls`) that counts its connections. */
async function serve(
  handler: Handler,
  tls?: { key: string; cert: string }
): Promise<{ url: string; port: number; connections: () => number }> {
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler)
  let connections = 0
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    connections++
    sockets.add(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  closers.push(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })
  const { port } = server.address() as AddressInfo
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, port, connections: () => connections }
}

async function proxyStandIn(names: Record<string, number> = {}, credentials?: string): Promise<ProxyStandIn> {
  const proxy = new ProxyStandIn(names, credentials)
  await proxy.start()
  closers.push(() => proxy.close())
  return proxy
}

const json: Handler = (req, res) => {
  let body = ''
  req.on('data', (chunk: Buffer) => (body += chunk.toString()))
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'], 'x-method': req.method ?? '' })
    res.end(JSON.stringify({ path: req.url, body, length: req.headers['content-length'] ?? null }))
  })
}

function request(url: string, extra: Partial<Outgoing> = {}): Outgoing {
  return { method: 'GET', url: new URL(url), headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5_000), ...extra }
}

async function fault(transport: Transport, outgoing: Outgoing): Promise<TransportError> {
  const error = await settle(transport(outgoing))
  expect(error).toBeInstanceOf(TransportError)
  return error as TransportError
}

describe('createTransport: direct', () => {
  it('hands the reply back as it came: status, headers by lower-case name (repeats joined), text; no proxy', async () => {
    const { url } = await serve(json)
    const reply = await createTransport({})(request(`${url}/p?q=1`, { method: 'POST', body: 'a=1&b=ü' }))
    expect(reply.status).toBe(200)
    expect(reply.headers).toMatchObject({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2', 'x-method': 'POST' })
    expect(JSON.parse(reply.text)).toEqual({ path: '/p?q=1', body: 'a=1&b=ü', length: String(Buffer.byteLength('a=1&b=ü')) })
    expect(reply.via).toBeUndefined()
  })

  it('one keep-alive connection per origin: sequential requests share it; concurrent ones open what they need, then reuse', async () => {
    const { url, connections } = await serve(json)
    const transport = createTransport({})
    for (let i = 0; i < 3; i++) await transport(request(`${url}/${i}`))
    expect(connections()).toBe(1)
    await Promise.all([transport(request(`${url}/a`)), transport(request(`${url}/b`))])
    await transport(request(`${url}/c`))
    expect(connections()).toBe(2)
  })

  it.each([301, 302, 303, 307, 308])(
    'refuses a %i: never followed, the host and where it pointed named, no query shown',
    async (status) => {
      let followed = 0
      const elsewhere = await serve((_req, res) => {
        followed++
        res.end('{}')
      })
      const { url } = await serve((_req, res) => {
        res.writeHead(status, { location: `${elsewhere.url}/steal?client_secret=SECRET1` }).end()
      })
      const error = await fault(createTransport({}), request(`${url}/oauth/access_token`, { method: 'POST', body: 'code=C' }))
      expect(error.message).toBe(
        `127.0.0.1:${new URL(url).port} answered HTTP ${status}, a redirect to ${elsewhere.url}, which is never followed`
      )
      expect(error).toMatchObject({ code: 'REDIRECT', transient: false })
      expect(error.remedy).toMatch(/github-api-url is https:\/\/HOST\/api\/v3/)
      expect(`${error.message} ${error.remedy}`).not.toContain('SECRET1')
      expect(followed).toBe(0)
    }
  )

  it('a redirect on the same host shows its path: the GitHub Enterprise Server URL without /api/v3', async () => {
    const { url } = await serve((req, res) => res.writeHead(301, { location: `/api/v3${req.url}` }).end())
    const error = await fault(createTransport({}), request(`${url}/repos/o/r/actions/secrets/public-key`))
    expect(error.message).toContain('a redirect to /api/v3/repos/o/r/actions/secrets/public-key')
  })

  it.each<[string, Record<string, string>]>([
    ['no location', {}],
    ['a location that is no URL', { location: 'http://[not a url' }]
  ])('a redirect with %s', async (_case, headers) => {
    const { url } = await serve((_req, res) => res.writeHead(302, headers).end())
    expect((await fault(createTransport({}), request(url))).message).toContain('a redirect to an address it did not give')
  })

  it.each<[string, Handler]>([
    ['declared too large', (_req, res) => res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000))],
    [
      'streamed past the cap',
      (_req, res) => {
        res.writeHead(200)
        for (let i = 0; i < 10; i++) res.write('y'.repeat(500))
        res.end()
      }
    ]
  ])('refuses a reply %s as garbled (worth another try)', async (_case, handler) => {
    const { url } = await serve(handler)
    const error = await fault(createTransport({}, { maxReplyBytes: 2048 }), request(url))
    expect(error).toMatchObject({ code: 'TOO_LARGE', transient: true, notSent: false })
    expect(error.message).toBe(`127.0.0.1:${new URL(url).port} sent a reply over 2 KB, refused as garbled`)
  })

  it('reads a reply up to the cap', async () => {
    const { url } = await serve((_req, res) => res.end('z'.repeat(2048)))
    expect((await createTransport({}, { maxReplyBytes: 2048 })(request(url))).text).toHaveLength(2048)
  })

  it('the time-out covers the body: a reply that stalls after its headers is abandoned', async () => {
    const { url } = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"partial":')
    })
    const error = await settle(createTransport({})(request(url, { signal: AbortSignal.timeout(150) })))
    expect(error).toHaveProperty('name', 'TimeoutError')
  })

  it('an aborted signal sends nothing', async () => {
    const { url, connections } = await serve(json)
    const controller = new AbortController()
    controller.abort(new Error('gone'))
    await expect(createTransport({})(request(url, { signal: controller.signal }))).rejects.toThrow('gone')
    expect(connections()).toBe(0)
  })

  it('a refused connection: surely not sent, worth another try', async () => {
    const { port } = await serve(json)
    await closers.pop()?.()
    const error = await fault(createTransport({}), request(`http://127.0.0.1:${port}/`))
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      transient: true,
      notSent: true,
      message: `could not connect to 127.0.0.1:${port} (ECONNREFUSED)`
    })
  })

  it('a connection dropped mid-reply: maybe acted on, worth another try', async () => {
    const { url } = await serve((req, res) => {
      res.writeHead(200, { 'content-length': '100' })
      res.write('{"cut":')
      setTimeout(() => req.socket.destroy(), 20)
    })
    const error = await fault(createTransport({}), request(url))
    expect(error).toMatchObject({ transient: true, notSent: false })
    expect(error.message).toMatch(/^network error with 127\.0\.0\.1:\d+ \((ECONNRESET|EUNKNOWN)\)$/)
  })

  it('an untrusted certificate: not retried, the private CA remedy named', async () => {
    const ca = await createTestCa()
    const { url } = await serve(json, await ca.issue(['localhost', '127.0.0.1']))
    const error = await fault(createTransport({}), request(url))
    expect(error).toMatchObject({ transient: false, notSent: true })
    expect(error.message).toMatch(/^the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \([A-Z_]+\)$/)
    expect(error.remedy).toMatch(/NODE_EXTRA_CA_CERTS/)
  })

  it('sent() resolves once the requests started have left, before their replies', async () => {
    const waiting: ServerResponse[] = []
    const { url } = await serve((_req, res) => waiting.push(res))
    const transport = createTransport({})
    let replied = false
    const replies = Promise.all([transport(request(`${url}/1`)), transport(request(`${url}/2`))]).then(() => (replied = true))
    await transport.sent?.()
    // Both requests are on the wire: the server gets them with nothing more sent, and no reply has come.
    await expect.poll(() => waiting.length).toBe(2)
    expect(replied).toBe(false)
    for (const res of waiting) res.end('{}')
    await replies
  })
})

describe('describeUrl and replyLine', () => {
  it.each<[string, string | URL, string]>([
    ['a query', 'https://graph.threads.net/access_token?client_secret=S&access_token=T', 'https://graph.threads.net/access_token?…'],
    ['a URL', new URL('https://api.github.com/repos/o/r?x=1'), 'https://api.github.com/repos/o/r?…'],
    ['no query', 'https://api.github.com/repos/o/r', 'https://api.github.com/repos/o/r'],
    ['credentials and a fragment', 'https://user:pass@example.org/p#fragment', 'https://example.org/p'],
    ['garbage', 'not a url?access_token=T', '(unparseable URL)']
  ])('%s', (_case, input, shown) => {
    expect(describeUrl(input)).toBe(shown)
  })

  it('names the proxy a reply came through', () => {
    const url = new URL('https://graph.threads.net/refresh_access_token?access_token=T')
    expect(replyLine('GET', url, { status: 200, headers: {}, text: '', via: 'http://proxy:3128' })).toBe(
      'GET https://graph.threads.net/refresh_access_token?… -> 200 (via http://proxy:3128)'
    )
  })
})

describe('createTransport: proxy settings', () => {
  it.each([
    ['HTTPS_PROXY', 'socks5://user:hunter2@127.0.0.1:1080', /HTTPS_PROXY names a socks5:\/\/ proxy \(socks5:\/\/127\.0\.0\.1:1080\)/],
    ['https_proxy', 'http://exa mple:1', /https_proxy is set but is not a proxy address/],
    ['HTTP_PROXY', 'http://proxy.corp:3128/path', /HTTP_PROXY must be a proxy's address alone/]
  ])('%s=%s is refused before any request, naming the variable and never the password', (name, value, message) => {
    const error = (() => {
      try {
        createTransport({ [name]: value })
        return undefined
      } catch (caught) {
        return caught
      }
    })()
    expect(error).toBeInstanceOf(ProxySettingError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).not.toContain('hunter2')
  })
})

// Node's own tunnel only where this Node has it (22.21+, 24.5+: CI's main job runs on 24); the library everywhere.
describe.each<[string, boolean]>([
  ...(nodeTunnels() ? [['Node’s own tunnel', true] as [string, boolean]] : []),
  ['the proxy agent library', false]
])('createTransport through a proxy: %s', (_name, nativeTunnel) => {
  it('http:// goes through HTTP_PROXY, kept alive, and the reply says so', async () => {
    const { url, connections } = await serve(json)
    const proxy = await proxyStandIn()
    const transport = createTransport({ HTTP_PROXY: proxy.url }, { nativeTunnel })
    const first = await transport(request(`${url}/one?secret=1`))
    await transport(request(`${url}/two`))
    expect(JSON.parse(first.text)).toMatchObject({ path: '/one?secret=1' })
    expect(first.via).toBe(proxy.url)
    expect(proxy.forwarded).toEqual([`${url}/one`, `${url}/two`])
    expect(connections()).toBe(1)
  })

  it('https:// goes through a CONNECT tunnel to a name only the proxy resolves (lower-case https_proxy wins)', async () => {
    const ca = await createTestCa()
    const { port } = await serve(json, await ca.issue(['graph.threads.test']))
    const proxy = await proxyStandIn({ 'graph.threads.test': port })
    const transport = createTransport({ https_proxy: proxy.url, HTTPS_PROXY: 'http://127.0.0.1:1' }, { nativeTunnel })
    // This process does not trust the test CA: the tunnel is made, then the certificate refused (trusted: e2e/proxy.test.ts).
    const error = await fault(transport, request('https://graph.threads.test/refresh_access_token'))
    expect(proxy.tunnels).toEqual(['graph.threads.test:443'])
    expect(error.remedy).toMatch(/NODE_EXTRA_CA_CERTS/)
  })

  it('NO_PROXY sends a host direct', async () => {
    const { url } = await serve(json)
    const proxy = await proxyStandIn()
    const reply = await createTransport({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.org, 127.0.0.1' }, { nativeTunnel })(request(url))
    expect(reply.status).toBe(200)
    expect(reply.via).toBeUndefined()
    expect(proxy.forwarded).toEqual([])
  })

  it.each<[number, boolean, RegExp]>([
    [403, false, /Ask the proxy's administrators to allow api\.github\.test/],
    [502, true, /^$/]
  ])('a CONNECT refused with %i: transient %s, the proxy named', async (status, transient, remedy) => {
    const proxy = await proxyStandIn()
    proxy.refuse = status
    const error = await fault(createTransport({ HTTPS_PROXY: proxy.url }, { nativeTunnel }), request('https://api.github.test/repos/o/r'))
    expect(error).toMatchObject({ code: 'PROXY_REFUSED', transient, notSent: true })
    expect(error.message).toMatch(
      new RegExp(`^the proxy ${proxy.url} (refused to tunnel|could not open a tunnel) to api\\.github\\.test \\(HTTP ${status}\\)$`)
    )
    expect(error.remedy ?? '').toMatch(remedy)
  })

  it('a proxy that wants credentials: 407 without them, a tunnel with them in the URL; the password never shown', async () => {
    const proxy = await proxyStandIn({}, 'runner:p@ss word')
    const bare = await fault(createTransport({ HTTPS_PROXY: proxy.url }, { nativeTunnel }), request('https://api.github.test/'))
    expect(bare.message).toBe(`the proxy ${proxy.url} refused to tunnel to api.github.test (HTTP 407)`)
    expect(bare.remedy).toMatch(/http:\/\/USER:PASSWORD@HOST:PORT/)
    const withCredentials = proxy.url.replace('http://', 'http://runner:p%40ss%20word@')
    const error = await fault(createTransport({ HTTPS_PROXY: withCredentials }, { nativeTunnel }), request('https://api.github.test/'))
    // Past the proxy's check: the name resolves nowhere, so the proxy answers 502.
    expect(error.message).toBe(`the proxy ${proxy.url} could not open a tunnel to api.github.test (HTTP 502)`)
    expect(error.message).not.toContain('p@ss')
  })

  it('an http:// request refused by the proxy with 407', async () => {
    const proxy = await proxyStandIn({}, 'u:p')
    const error = await fault(createTransport({ HTTP_PROXY: proxy.url }, { nativeTunnel }), request('http://127.0.0.1:9/x'))
    expect(error).toMatchObject({ code: 'PROXY_REFUSED', transient: false })
  })

  it('a proxy that is not there: surely not sent, the proxy named', async () => {
    const proxy = await proxyStandIn()
    const { url } = proxy
    await closers.pop()?.()
    const error = await fault(createTransport({ HTTPS_PROXY: url }, { nativeTunnel }), request('https://api.github.test/'))
    expect(error).toMatchObject({
      code: 'ECONNREFUSED',
      transient: true,
      notSent: true,
      message: `could not reach the proxy ${url} (ECONNREFUSED)`
    })
  })
})
