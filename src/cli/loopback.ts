/**
 * The loopback redirect (RFC 8252 §7.3): where the registered redirect URI is this machine
 * (`http://127.0.0.1:PORT/path`, `http://[::1]:PORT/path`, `http://localhost:PORT/path`), login
 * listens there and catches the browser's redirect itself. Bound to that loopback address and port
 * only; it answers GET at the redirect's path and takes the first request that carries this login's
 * `state`. Anything else is answered and ignored, so that a stray request (a favicon, another tab, a
 * forged redirect) can neither end the wait nor slip a code in. The page says only what happened:
 * nothing of the request is written into it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { isLoopbackHost } from '../setup/fields.js'

/** The reply to this authorization: a code, or the service's error (the user declined, say). */
export type Caught = { code: string } | { error: string; description: string | undefined }

export interface Listener {
  /** Settles with the first request that is the reply to this login. */
  caught: Promise<Caught>
  /** Stops listening, and drops any connection a browser keeps open. */
  close: () => void
}

/** Why a request at the redirect was turned away: said to the user, who may be waiting for it. */
export type Turned = 'no-state' | 'other-state' | 'no-code'

const PAGES = {
  caught: 'Authorized. threads-token-keeper has the code and stores the token now: you can close this tab and go back to the terminal.',
  declined: 'Authorization was not given. You can close this tab; the terminal says what the service answered.',
  turned: 'This is not the reply to the login waiting here. Nothing was done with it.',
  notFound: 'Not found.',
  method: 'Only GET is answered here.'
} as const

/** Where login listens, for a redirect URI on this machine; undefined for any other. */
export function loopbackOf(redirectUri: string): URL | undefined {
  const url = new URL(redirectUri)
  return url.protocol === 'http:' && isLoopbackHost(url.hostname) ? url : undefined
}

/** The addresses to bind: the one named, or for `localhost` both loopback addresses a browser may resolve it to. */
function addressesOf(redirect: URL): string[] {
  const host = redirect.hostname
  if (host === 'localhost') return ['127.0.0.1', '::1']
  return [host.replace(/^\[(.*)\]$/, '$1')]
}

/** The port of a redirect URI: its own, or http's 80. */
export const portOf = (redirect: URL): number => Number(redirect.port || '80')

/** A listener that could not start, in the user's words: the port is taken, or not ours to take. */
export class ListenError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
    this.name = 'ListenError'
  }
}

function listenError(error: NodeJS.ErrnoException, redirect: URL): ListenError {
  const where = `${redirect.hostname}:${portOf(redirect)}`
  const code = error.code ?? 'unknown'
  const message =
    code === 'EADDRINUSE'
      ? `Port ${portOf(redirect)} of ${redirect.hostname} is in use by another program, so login cannot listen for the redirect there.` +
        ' Stop that program, or register another redirect URI with a free port (http://127.0.0.1:PORT/…) and pass it as --redirect-uri.'
      : code === 'EACCES'
        ? `This user may not listen on port ${portOf(redirect)} of ${redirect.hostname} (ports below 1024 need administrator rights).` +
          ' Register a redirect URI with a port above 1023 (http://127.0.0.1:8765/callback, say) and pass it as --redirect-uri.'
        : `login cannot listen on ${where} for the redirect (${code}). Register a redirect URI on 127.0.0.1 with a free port and pass it as --redirect-uri.`
  return new ListenError(code, message)
}

function bind(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host, port }, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** One plain page: no markup, no cache, nothing of the request in it. */
function answer(response: ServerResponse, status: number, page: string, headers: Record<string, string> = {}): Promise<void> {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    connection: 'close',
    ...headers
  })
  return new Promise((resolve) => response.end(`${page}\n`, resolve))
}

/**
 * Listens at the redirect URI until the reply to this login comes (`state` matches), then stops.
 * Requests turned away are told to `turned`. Rejects with a ListenError before anything is shown to
 * the user where the address cannot be taken.
 */
export async function listen(redirect: URL, state: string, turned: (why: Turned) => void): Promise<Listener> {
  let settle: (caught: Caught) => void = () => undefined
  const caught = new Promise<Caught>((resolve) => (settle = resolve))
  let done = false
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (done) return answer(response, 410, PAGES.turned)
    if (request.method !== 'GET') return answer(response, 405, PAGES.method, { allow: 'GET' })
    let url: URL
    try {
      url = new URL(request.url ?? '', redirect)
    } catch {
      return answer(response, 400, PAGES.notFound)
    }
    if (url.pathname !== redirect.pathname) return answer(response, 404, PAGES.notFound)
    const params = url.searchParams
    const reply = readReply(params, state)
    if ('turned' in reply) {
      turned(reply.turned)
      return answer(response, 400, PAGES.turned)
    }
    done = true
    await answer(response, 200, 'code' in reply ? PAGES.caught : PAGES.declined)
    settle(reply)
  }
  const servers: Server[] = []
  const close = (): void => {
    for (const server of servers) {
      server.close()
      server.closeAllConnections()
    }
  }
  const addresses = addressesOf(redirect)
  for (const [index, host] of addresses.entries()) {
    const server = createServer((request, response) => void handle(request, response).then(() => done && close()))
    try {
      await bind(server, host, portOf(redirect))
      servers.push(server)
    } catch (error) {
      // localhost's second address: absent where the machine has no IPv6, which is no fault.
      const absent = index > 0 && ['EADDRNOTAVAIL', 'EAFNOSUPPORT'].includes((error as NodeJS.ErrnoException).code ?? '')
      if (absent) continue
      close()
      throw listenError(error as NodeJS.ErrnoException, redirect)
    }
  }
  return { caught, close }
}

/** A request at the redirect's path, read: the reply to this login, or why it is not. */
function readReply(params: URLSearchParams, state: string): Caught | { turned: Turned } {
  const given = params.get('state')
  if (given === null) return { turned: 'no-state' }
  if (given !== state) return { turned: 'other-state' }
  const code = params.get('code')
  if (code) return { code }
  const error = params.get('error')
  if (error) return { error, description: params.get('error_description') ?? undefined }
  return { turned: 'no-code' }
}
