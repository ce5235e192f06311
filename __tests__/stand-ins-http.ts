import { afterEach } from 'vitest'

/**
 * Plain HTTP for the stand-ins' own tests: what a client of the real service would send, and the
 * reply as it came (status, headers, JSON body). Not a test file itself.
 */

export interface HttpReply {
  status: number
  headers: Headers
  body: Record<string, unknown>
}

export interface HttpCall {
  method?: 'GET' | 'POST'
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>
  bearer?: string
  /** HTTP Basic client authentication, each part form-urlencoded first (RFC 6749 §2.3.1). */
  basic?: [id: string, secret: string]
  headers?: Record<string, string>
}

export async function call(url: string, { method, form, bearer, basic, headers = {} }: HttpCall = {}): Promise<HttpReply> {
  const sent: Record<string, string> = { ...headers }
  if (form) sent['content-type'] = 'application/x-www-form-urlencoded'
  if (bearer) sent.authorization = `Bearer ${bearer}`
  if (basic) {
    const encode = (part: string): string => encodeURIComponent(part).replace(/%20/g, '+')
    sent.authorization = `Basic ${Buffer.from(`${encode(basic[0])}:${encode(basic[1])}`).toString('base64')}`
  }
  const response = await fetch(url, {
    method: method ?? (form ? 'POST' : 'GET'),
    headers: sent,
    ...(form ? { body: new URLSearchParams(form).toString() } : {})
  })
  const text = await response.text()
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }
}

/** The value at `path` inside a reply's body (e.g. at(body, 'data', 0, 'access_token')). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let here = value
  for (const step of path) here = here !== null && typeof here === 'object' ? (here as Record<string | number, unknown>)[step] : undefined
  return here
}

/** A string at `path`; a test that expects one fails here when it is not. */
export function text(value: unknown, ...path: (string | number)[]): string {
  const found = at(value, ...path)
  if (typeof found !== 'string') throw new Error(`expected a string at ${path.join('.')}, found ${JSON.stringify(found)}`)
  return found
}

/** `query` appended to `url`. */
export function withQuery(url: string, query: Record<string, string>): string {
  return `${url}?${new URLSearchParams(query).toString()}`
}

interface Startable {
  start(): Promise<string>
  close(): Promise<void>
}

/** A start(options) that makes a stand-in with `make` and starts it; every one made is closed after each test. */
export function startsEach<T extends Startable, O>(make: (options?: O) => T): (options?: O) => Promise<T> {
  const made: T[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((stand) => stand.close()))
  })
  return async (options) => {
    const stand = make(options)
    made.push(stand)
    await stand.start()
    return stand
  }
}
