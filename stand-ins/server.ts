import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import type { AddressInfo } from 'node:net'

/** A request as the stand-in saw it, for tests to assert on (what was sent, and when). */
export interface SeenRequest {
  method: string
  /** Path without the mount prefix, query excluded. */
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
  /** The route pattern that matched, e.g. "GET /refresh_access_token". */
  route?: string
}

export interface Reply {
  status: number
  /** An object is sent as JSON; a string is sent as it is (for hand-written JSON and garbage). */
  body?: unknown
  headers?: Record<string, string>
}

/** A scripted fault: replaces the route's real reply (or delays it) for the next `times` requests. */
export interface Fault {
  status?: number
  headers?: Record<string, string>
  body?: unknown
  /** Wait this long before replying (with the fault's reply, or the real one if no status). */
  delayMs?: number
  /** Never reply. */
  hang?: boolean
  /** How many requests it applies to; default 1. */
  times?: number
  /** Only requests whose path contains this (one repository of several, say). */
  pathIncludes?: string
}

export type Handler = (request: SeenRequest, params: Record<string, string>) => Reply | Promise<Reply>

interface Route {
  key: string
  method: string
  pattern: RegExp
  names: string[]
  handler: Handler
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A key and certificate to serve https:// with (stand-ins/certificates.ts makes them). */
export interface ServerTls {
  key: string
  cert: string
}

/** A loopback HTTP (or HTTPS) server with routes, a request log, a connection count and per-route fault scripting. */
export class StandInServer {
  readonly requests: SeenRequest[] = []
  private readonly routes: Route[] = []
  private readonly faults = new Map<string, Fault[]>()
  private server: Server | undefined
  private origin = ''
  /** Added before every reply: a network that is far away, for benchmarks. */
  latencyMs = 0
  /** Connections accepted so far (TCP, whether or not TLS followed): what keep-alive saves. */
  connections = 0

  constructor(
    private readonly prefix = '',
    private readonly tls?: ServerTls
  ) {}

  /** e.g. route('GET', '/repos/:owner/:repo/actions/secrets/public-key', handler) */
  route(method: string, path: string, handler: Handler): void {
    const names: string[] = []
    const source = path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name)
      return '([^/]+)'
    })
    this.routes.push({ key: `${method} ${path}`, method, pattern: new RegExp(`^${source}$`), names, handler })
  }

  /** Script a fault on a route, named as it was registered: "GET /refresh_access_token". */
  fault(route: string, fault: Fault): void {
    if (!this.routes.some((r) => r.key === route)) throw new Error(`no route ${route}`)
    this.faults.set(route, [...(this.faults.get(route) ?? []), { times: 1, ...fault }])
  }

  /** Requests that matched a route, e.g. calls('POST /oauth/access_token').length */
  calls(route: string): SeenRequest[] {
    return this.requests.filter((request) => request.route === route)
  }

  get url(): string {
    return this.origin + this.prefix
  }

  async start(): Promise<string> {
    const handle = (req: IncomingMessage, res: ServerResponse): void => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1')
        const request: SeenRequest = {
          method: req.method ?? 'GET',
          // Outside the mount prefix nothing matches, as on an Enterprise Server.
          path: url.pathname.startsWith(this.prefix) ? url.pathname.slice(this.prefix.length) : `(outside ${this.prefix})${url.pathname}`,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8')
        }
        this.requests.push(request)
        this.dispatch(request, res).catch((error: unknown) => {
          send(res, { status: 500, body: { message: `stand-in failure: ${String(error)}` } })
        })
      })
    }
    const server = this.tls ? createTlsServer(this.tls, handle) : createServer(handle)
    server.on('connection', () => this.connections++)
    this.server = server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    this.origin = `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`
    return this.url
  }

  /** The port it listens on, once started. */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0
  }

  async close(): Promise<void> {
    if (!this.server) return
    this.server.closeAllConnections()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
    this.server = undefined
  }

  private nextFault(route: string, path: string): Fault | undefined {
    const queue = this.faults.get(route) ?? []
    const index = queue.findIndex((fault) => fault.pathIncludes === undefined || path.includes(fault.pathIncludes))
    const fault = queue[index]
    if (!fault) return undefined
    fault.times = (fault.times ?? 1) - 1
    if (fault.times <= 0) queue.splice(index, 1)
    return fault
  }

  private async dispatch(request: SeenRequest, res: ServerResponse): Promise<void> {
    if (this.latencyMs > 0) await sleep(this.latencyMs)
    for (const route of this.routes) {
      const match = route.method === request.method ? route.pattern.exec(request.path) : null
      if (!match) continue
      request.route = route.key
      const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]))
      const fault = this.nextFault(route.key, request.path)
      if (fault?.hang) return // The socket stays open until the client gives up or the server closes.
      if (fault?.delayMs) await sleep(fault.delayMs)
      if (fault?.status !== undefined) {
        send(res, { status: fault.status, body: fault.body ?? '', headers: fault.headers ?? {} })
        return
      }
      send(res, await route.handler(request, params))
      return
    }
    send(res, { status: 404, body: { message: 'Not Found' } })
  }
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.writableEnded || res.destroyed) return
  const raw = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body)
  const headers: Record<string, string> = { ...(raw ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...reply.headers }
  res.writeHead(reply.status, headers)
  res.end(raw)
}
