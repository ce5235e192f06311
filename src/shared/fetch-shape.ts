/**
 * The transport in the shape Octokit takes (`request.fetch`), under the run's retry policy: Octokit
 * keeps doing what it does well (URL templates, auth, errors with status and headers) and sends
 * through the one transport.
 *
 * A fetch-shaped wrapper rather than an Octokit request hook: Octokit's fetch path reads only
 * `status`, `url`, `headers` (iterated, and `get`) and `text()`/`arrayBuffer()` of what fetch
 * returns, so it runs unchanged on the plain object made here; a hook would redo its response and
 * error handling. And a plain object, not a `Response`: the global Response and Headers classes load
 * undici (measured: ~26 ms on Node 24 before the first request, for nothing).
 */
import { TransientError } from './errors.js'
import { heldSignal } from './signals.js'
import { judgeReply, surelyNotActedOn } from './transient.js'
import { describeUrl, replyLine, type Reply, type Transport } from './transport.js'

type Retry = <T>(what: string, attempt: (signal: AbortSignal) => Promise<T>, mayRepeat?: (error: unknown) => boolean) => Promise<T>

/** What Octokit passes: a URL string and an init with a plain header object and a string body. */
type FetchInput = string | URL | { url: string }
interface FetchInit {
  method?: string
  headers?: unknown
  body?: unknown
  signal?: AbortSignal | null
}

/** Retries 429, 5xx (as the one rule says) and network faults; a success that is not JSON is a fault too. */
export function fetchShaped(retry: Retry, transport: Transport, debug: (line: string) => void): typeof fetch {
  const shaped = async (input: FetchInput, init: FetchInit = {}): Promise<ReplyResponse> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    const method = (init.method ?? 'GET').toUpperCase()
    const headers = plainHeaders(init.headers)
    const body = typeof init.body === 'string' ? init.body : undefined
    // The last reply of a transient status, handed back once the tries are used up, so that the caller reports it.
    const transientReplies = new WeakMap<TransientError, Reply>()
    const attempt = async (signal: AbortSignal): Promise<Reply> => {
      const either = heldSignal(undefined, init.signal ?? undefined, signal)
      const reply = await transport({ method, url, headers, body, signal: either.signal }).finally(either.release)
      debug(replyLine(method, url, reply))
      const verdict = judgeReply(reply.status, reply.headers)
      if (verdict.transient) {
        const error = new TransientError(`HTTP ${reply.status}`, verdict)
        transientReplies.set(error, reply)
        throw error
      }
      if (reply.status < 300 && !isJsonOrEmpty(reply.text)) {
        // An HTML page from a proxy or an outage, or a reply cut short: a fault, never data.
        throw new TransientError(`HTTP ${reply.status} with a reply that is not JSON`)
      }
      return reply
    }
    // A POST may have been acted on though no reply came (a second issue, say): repeated only when surely not.
    const mayRepeat = method === 'POST' ? surelyNotActedOn : undefined
    try {
      return asResponse(await retry(`${method} ${describeUrl(url)}`, attempt, mayRepeat), url)
    } catch (error) {
      const last = error instanceof TransientError ? transientReplies.get(error) : undefined
      if (last) return asResponse(last, url)
      throw error
    }
  }
  // Octokit calls it as fetch; it reads of the result only what ReplyResponse has (see above).
  return shaped as unknown as typeof fetch
}

function isJsonOrEmpty(text: string): boolean {
  if (text.trim() === '') return true
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Header names in lower case, from a plain object or a list of pairs: never through the global Headers. */
function plainHeaders(given: unknown): Record<string, string> {
  const entries: [string, unknown][] =
    given === undefined || given === null
      ? []
      : Symbol.iterator in Object(given)
        ? [...(given as Iterable<[string, unknown]>)]
        : Object.entries(given as Record<string, unknown>)
  return Object.fromEntries(entries.map(([name, value]) => [name.toLowerCase(), String(value)]))
}

/** The part of a Response that Octokit reads. */
export interface ReplyResponse {
  readonly ok: boolean
  readonly status: number
  readonly statusText: string
  readonly url: string
  readonly headers: {
    get(name: string): string | null
    has(name: string): boolean
    [Symbol.iterator](): IterableIterator<[string, string]>
  }
  text(): Promise<string>
  json(): Promise<unknown>
  arrayBuffer(): Promise<ArrayBuffer>
}

function asResponse(reply: Reply, url: URL): ReplyResponse {
  const entries = new Map(Object.entries(reply.headers))
  return {
    ok: reply.status >= 200 && reply.status < 300,
    status: reply.status,
    statusText: '',
    url: url.href,
    headers: {
      get: (name) => entries.get(name.toLowerCase()) ?? null,
      has: (name) => entries.has(name.toLowerCase()),
      [Symbol.iterator]: () => entries.entries()
    },
    text: () => Promise.resolve(reply.text),
    json: () => Promise.resolve(JSON.parse(reply.text) as unknown),
    arrayBuffer: () => Promise.resolve(new TextEncoder().encode(reply.text).buffer)
  }
}
