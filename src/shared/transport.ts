/**
 * The one way out: every request of the action and the command line, to Meta and to GitHub, leaves
 * through here, on node:http and node:https with one keep-alive agent per origin (so a run never
 * opens a second connection while an idle one to that host exists), through the proxy the
 * environment names (proxy.ts), never following a redirect, and never reading more of a reply than
 * a real one could hold. One try, no retry: http.ts builds the retries on it.
 *
 * Not Node's global fetch: undici costs ~27 ms to load on its first use and delays exit while its
 * WebAssembly parser winds down (measured with `npm run bench`), it ignores HTTPS_PROXY, and it
 * follows redirects to other hosts, credentials and all.
 */
import type { Agent, AgentOptions, IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { createRequire } from 'node:module'
import { TransportError } from './errors.js'
import { describeProxy, nodeTunnels, proxyFor, readProxySettings } from './proxy.js'
import { connectionFault, proxyRefused, redirected, tooLarge } from './transport-faults.js'

// Through require, not import: importing node:http as an ES module builds its namespace, whose
// WebSocket, CloseEvent and MessageEvent getters load undici (~20 ms on Node 24), the very load
// this transport exists to avoid. And each on first use: node:https (TLS, ~10 ms on Node 24) only
// once an https:// origin is asked.
const load = createRequire(import.meta.url)
type NodeHttp = Pick<typeof import('node:https'), 'Agent' | 'request'>
const moduleFor = (url: URL): NodeHttp => load(url.protocol === 'https:' ? 'node:https' : 'node:http') as NodeHttp

export interface Outgoing {
  method: string
  url: URL
  /** Header names in lower case. */
  headers: Record<string, string>
  body?: string | undefined
  /** Covers the whole exchange, the reply's body included. */
  signal: AbortSignal
}

export interface Reply {
  status: number
  /** By lower-case name; a repeated header's values joined with ", ". */
  headers: Record<string, string>
  text: string
  /** The proxy it came through, for debug lines; undefined where it came directly. */
  via: string | undefined
}

/** Sends one request: a reply of any status but 3xx, or a TransportError (or the signal's reason). */
export interface Transport {
  (request: Outgoing): Promise<Reply>
  /**
   * Resolves once the requests started in this turn of the event loop, and all before them, have
   * left (written to their connection, or failed): what must not delay them can load then.
   */
  sent?: () => Promise<void>
}

/** No token reply or GitHub reply this action reads comes near it: more is a proxy's page, or garbage. */
const MAX_REPLY_BYTES = 1024 * 1024

export interface TransportOptions {
  /** Tunnel with Node's own proxy support (22.21+, 24.5+); default: where the running Node has it. */
  nativeTunnel?: boolean
  maxReplyBytes?: number
}

/** Reads the proxy settings now (throwing ProxySettingError where unusable), then sends on demand. */
export function createTransport(env: NodeJS.ProcessEnv = process.env, options: TransportOptions = {}): Transport {
  const settings = readProxySettings(env)
  const nativeTunnel = options.nativeTunnel ?? nodeTunnels()
  const maxBytes = options.maxReplyBytes ?? MAX_REPLY_BYTES
  const agents = new Map<string, Promise<Agent>>()
  const leaving = new Set<Promise<void>>()
  const send = async (request: Outgoing): Promise<Reply> => {
    const { origin } = request.url
    const proxy = proxyFor(request.url, settings)
    let agent = agents.get(origin)
    if (!agent) {
      agent = createAgent(request.url, proxy, nativeTunnel)
      agents.set(origin, agent)
    }
    let left = (): void => undefined
    const gone = new Promise<void>((resolve) => (left = resolve))
    leaving.add(gone)
    void gone.then(() => leaving.delete(gone))
    try {
      return await exchange(request, await agent, proxy, maxBytes, left)
    } finally {
      left()
    }
  }
  // setImmediate: after every request this turn starts (through the microtasks of Octokit's hooks) is on the list.
  const sent = (): Promise<void> => new Promise((resolve) => setImmediate(() => void Promise.all(leaving).then(() => resolve())))
  return Object.assign(send, { sent })
}

/** One keep-alive agent for one origin: direct, or tunnelled through its proxy. */
async function createAgent(url: URL, proxy: URL | undefined, nativeTunnel: boolean): Promise<Agent> {
  const secure = url.protocol === 'https:'
  const options: AgentOptions = { keepAlive: true }
  if (!proxy) return new (moduleFor(url).Agent)(options)
  if (nativeTunnel) {
    // The routing is proxy.ts's: Node is told only the proxy this origin goes through.
    const proxied = { ...options, proxyEnv: secure ? { HTTPS_PROXY: proxy.href } : { HTTP_PROXY: proxy.href } }
    return new (moduleFor(url).Agent)(proxied)
  }
  // Older Nodes: a proxy agent library, loaded only by runs that go through a proxy.
  if (secure) {
    const { HttpsProxyAgent } = await import('https-proxy-agent')
    return new HttpsProxyAgent(proxy, options)
  }
  const { HttpProxyAgent } = await import('http-proxy-agent')
  return new HttpProxyAgent(proxy, options)
}

function exchange(request: Outgoing, agent: Agent, proxy: URL | undefined, maxBytes: number, left: () => void): Promise<Reply> {
  const { method, url, headers, body, signal } = request
  return new Promise<Reply>((resolve, reject) => {
    signal.throwIfAborted()
    const length: Record<string, string> = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }
    const outgoing = moduleFor(url).request(url, { method, headers: { ...headers, ...length }, agent })
    const succeed = (reply: Reply): void => {
      signal.removeEventListener('abort', onAbort)
      resolve(reply)
    }
    const fail = (error: Error): void => {
      signal.removeEventListener('abort', onAbort)
      // A reply cut short, refused or abandoned leaves nothing worth keeping on its connection.
      outgoing.destroy()
      reject(error)
    }
    const onAbort = (): void => fail(signal.reason as Error)
    signal.addEventListener('abort', onAbort, { once: true })

    // The proxy agent library reports its CONNECT answer; a refusal is then replayed as if it were the reply.
    let tunnel: number | undefined
    outgoing.once('proxyConnect', (connect: { statusCode?: number }) => (tunnel = connect.statusCode))
    outgoing.on('error', (error) => fail(connectionFault(error, url, proxy)))
    outgoing.on('response', (incoming) => {
      const status = incoming.statusCode ?? 0
      if (proxy && tunnel !== undefined && tunnel !== 200) return fail(proxyRefused(proxy, url, tunnel))
      if (proxy && status === 407) return fail(proxyRefused(proxy, url, status))
      if (status >= 300 && status < 400 && status !== 304) return fail(redirected(url, status, incoming.headers.location))
      readBody(incoming, url, maxBytes).then(
        (text) => succeed({ status, headers: flatHeaders(incoming.headers), text, via: proxy && describeProxy(proxy) }),
        (error: unknown) => fail(error instanceof TransportError ? error : connectionFault(error, url, proxy))
      )
    })
    outgoing.once('finish', left)
    outgoing.end(body)
  })
}

function readBody(incoming: IncomingMessage, url: URL, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    if (Number(incoming.headers['content-length']) > maxBytes) return reject(tooLarge(url, maxBytes))
    const chunks: Buffer[] = []
    let size = 0
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) chunks.push(chunk)
      else reject(tooLarge(url, maxBytes))
    })
    incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    incoming.on('error', reject)
    // Closed before its end: the connection dropped mid-reply.
    incoming.on('close', () => {
      if (!incoming.complete) reject(Object.assign(new Error('reply cut short'), { code: 'ECONNRESET' }))
    })
  })
}

function flatHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(raw)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value
  return flat
}

/** Origin and path only: query strings on Graph URLs carry secrets. */
export function describeUrl(input: string | URL): string {
  try {
    const url = typeof input === 'string' ? new URL(input) : input
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`
  } catch {
    return '(unparseable URL)'
  }
}

/** The debug line of one reply: never a query string; the proxy it came through, where one. */
export function replyLine(method: string, url: URL, reply: Reply): string {
  return `${method} ${describeUrl(url)} -> ${reply.status}${reply.via ? ` (via ${reply.via})` : ''}`
}
