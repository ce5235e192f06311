import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { connect, type AddressInfo, type Socket } from 'node:net'
import type { ServerTls } from './server.js'

/**
 * A loopback HTTP proxy, as a self-hosted runner's network has one: CONNECT tunnels for https://,
 * and plain forwarding for http://. It resolves names that resolve nowhere else (graph.threads.test,
 * api.github.test) to the stand-ins' ports, so a run that reaches them proves that all its traffic
 * went through the proxy. It counts what it carried, and can be told to refuse.
 */
export class ProxyStandIn {
  /** "host:port" of every CONNECT, in order. */
  readonly tunnels: string[] = []
  /** Origin and path of every forwarded http:// request, in order. */
  readonly forwarded: string[] = []
  /** Answer every CONNECT with this status instead of tunnelling (403, 502, …). */
  refuse: number | undefined
  private server: Server | undefined
  private readonly open = new Set<Socket>()

  /**
   * @param names host name → loopback port of the stand-in that answers for it, whatever port was asked.
   * @param credentials "user:password" the proxy demands (407 without them); none when undefined.
   * @param tls an https:// proxy, with this key and certificate.
   */
  constructor(
    private readonly names: Record<string, number>,
    private readonly credentials?: string,
    private readonly tls?: ServerTls
  ) {}

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server?.address() as AddressInfo | null)?.port ?? 0}`
  }

  async start(): Promise<string> {
    const forward = (req: IncomingMessage, res: ServerResponse): void => this.forward(req, res)
    const server = this.tls ? createTlsServer(this.tls, forward) : createServer(forward)
    server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => this.tunnel(req, socket, head))
    server.on('connection', (socket: Socket) => {
      this.open.add(socket)
      socket.on('close', () => this.open.delete(socket))
    })
    this.server = server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return this.url
  }

  async close(): Promise<void> {
    for (const socket of this.open) socket.destroy()
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }

  /** Where a name leads: a stand-in's port, a loopback address as given, or nowhere. */
  private resolve(host: string, port: number): number | undefined {
    const known = this.names[host.toLowerCase()]
    if (known !== undefined) return known
    return host === '127.0.0.1' || host === 'localhost' ? port : undefined
  }

  private authorized(req: IncomingMessage): boolean {
    if (this.credentials === undefined) return true
    return req.headers['proxy-authorization'] === `Basic ${Buffer.from(this.credentials).toString('base64')}`
  }

  private tunnel(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const target = req.url ?? ''
    this.tunnels.push(target)
    const [, host = '', port = '443'] = /^\[?([^\]]*?)\]?:(\d+)$/.exec(target) ?? []
    const reply = (status: string, extra = ''): void => void socket.end(`HTTP/1.1 ${status}\r\n${extra}Content-Length: 0\r\n\r\n`)
    if (!this.authorized(req)) return reply('407 Proxy Authentication Required', 'Proxy-Authenticate: Basic realm="stand-in"\r\n')
    if (this.refuse !== undefined) return reply(`${this.refuse} Refused by the stand-in proxy`)
    const resolved = this.resolve(host, Number(port))
    if (resolved === undefined) return reply('502 Bad Gateway')
    const upstream = connect(resolved, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    this.open.add(upstream)
    upstream.on('close', () => this.open.delete(upstream))
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    let url: URL
    try {
      url = new URL(req.url ?? '')
    } catch {
      res.writeHead(400).end()
      return
    }
    this.forwarded.push(`${url.origin}${url.pathname}`)
    if (!this.authorized(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="stand-in"' }).end()
      return
    }
    const resolved = this.resolve(url.hostname, Number(url.port || 80))
    if (resolved === undefined) {
      res.writeHead(502).end()
      return
    }
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    delete headers['proxy-connection']
    const upstream = request(
      { host: '127.0.0.1', port: resolved, method: req.method, path: `${url.pathname}${url.search}`, headers },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers)
        reply.pipe(res)
      }
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  }
}
