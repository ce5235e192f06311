/**
 * One request to a token service, under the run's retry policy: every token in the reply masked
 * before anything else sees it, the reply's shape checked, its errors read in one place
 * (shared/refusal.ts) and judged by the provider, into refusals (ServiceError, with what they mean
 * for the user) and faults worth another try. Every provider speaks through it.
 */
import { ServiceError, TransientError, type Reason, type ServiceWords } from '../shared/errors.js'
import type { Http, Log } from '../shared/http.js'
import { parseJsonObject, type JsonObject } from '../shared/json.js'
import { formEncoded } from '../shared/redaction.js'
import { readRefusal, type Refusal } from '../shared/refusal.js'
import { describeFault, faultIsTransient, faultQuotesService, judgeReply, surelyNotActedOn, type ServiceSays } from '../shared/transient.js'
import { replyLine, type Reply } from '../shared/transport.js'

/** What a provider reads in a refusal: what it says of another try, and what it means for the user. */
export interface Judgement {
  says?: ServiceSays
  reason?: Reason
}

export interface ClientOptions {
  /** The service's name in messages: "Threads refused the refresh". */
  service: string
  /** Base URL of the API host. */
  apiUrl: string
  /** Base URL where codes and tokens are exchanged, where not on the API host. */
  oauthUrl: string
  http: Http
  /** Called with every token received, before anything else may see it. */
  mask: (value: string) => void
  debug: Log
  judge: (refusal: Refusal, operation: string) => Judgement
  words: ServiceWords
}

export interface ServiceRequest {
  method: 'GET' | 'POST'
  /** A path on the API host (or the OAuth host, with `oauth`), or a whole URL. */
  path: string
  query?: Record<string, string>
  form?: Record<string, string>
  bearer?: string
  /** HTTP Basic client authentication (RFC 6749 §2.3.1): the id and secret, form-encoded, then base64. */
  basic?: { id: string; secret: string }
  /** Sent to the OAuth host rather than the API host. */
  oauth?: boolean
  /** Spends a single-use credential: repeated only where the first try surely was not acted on. */
  once?: boolean
}

/** Reads the value out of a successful reply; undefined for a reply not of the expected shape. */
export type ReadReply<T> = (body: JsonObject) => T | undefined

export interface ServiceClient {
  call<T>(operation: string, request: ServiceRequest, read: ReadReply<T>): Promise<T>
  /** Hides a credential the provider makes itself (Facebook's app token, `APP_ID|APP_SECRET`) from every line. */
  mask(value: string): void
  /** A refusal made here rather than by the service (a reply that says no in its own way), with the provider's words. */
  refusal(operation: string, options: RefusalOptions): ServiceError
}

/** A refusal read from a reply: its status and the codes it carries, where it says no inside a success (debug_token's 200). */
export interface RefusalOptions {
  apiMessage: string
  serviceWords?: boolean
  reason?: Reason
  status?: number
  code?: number | undefined
  subcode?: number | undefined
}

export function createClient(options: ClientOptions): ServiceClient {
  const { service, words } = options
  return {
    call: (operation, request, read) => callService(options, operation, request, read),
    mask: options.mask,
    refusal: (operation, { apiMessage, serviceWords = true, reason, status, code, subcode }) =>
      new ServiceError({ service, operation, status, apiMessage, serviceWords, reason, code, subcode, words })
  }
}

async function callService<T>(client: ClientOptions, operation: string, request: ServiceRequest, read: ReadReply<T>): Promise<T> {
  const { service, http } = client
  const url = /^https?:\/\//.test(request.path)
    ? new URL(request.path)
    : new URL((request.oauth ? client.oauthUrl : client.apiUrl) + request.path)
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value)
  const { basic } = request
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'threads-token-keeper',
    ...(request.bearer ? { authorization: `Bearer ${request.bearer}` } : {}),
    ...(basic ? { authorization: `Basic ${Buffer.from(`${formEncoded(basic.id)}:${formEncoded(basic.secret)}`).toString('base64')}` } : {}),
    ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
  }
  const body = request.form ? new URLSearchParams(request.form).toString() : undefined

  const attempt = async (signal: AbortSignal): Promise<T> => {
    const reply = await http.transport({ method: request.method, url, headers, body, signal })
    const json = parseJsonObject(reply.text)
    for (const token of receivedTokens(json)) client.mask(token)
    client.debug(replyLine(request.method, url, reply))
    refuseOnError(reply, json, client, operation)
    const value = json ? read(json) : undefined
    if (value === undefined) throw new TransientError(`HTTP ${reply.status} with a reply that is not the JSON expected`)
    return value
  }
  try {
    return await http.retry(operation, attempt, request.once ? surelyNotActedOn : undefined)
  } catch (error) {
    if (error instanceof ServiceError) throw error
    throw new ServiceError({
      service,
      operation,
      apiMessage: describeFault(error),
      serviceWords: faultQuotesService(error),
      transient: faultIsTransient(error),
      unanswered: request.once === true && !surelyNotActedOn(error),
      words: client.words,
      cause: error
    })
  }
}

/** Throws for an error reply: a fault to retry (as the one rule says), or the refusal, judged by the provider. */
function refuseOnError(reply: Reply, json: JsonObject | undefined, client: ClientOptions, operation: string): void {
  const refusal = readRefusal(json)
  const ok = reply.status >= 200 && reply.status < 300
  if (ok && refusal === undefined) return
  const { message, code, subcode, error } = refusal ?? { message: undefined, code: undefined, subcode: undefined, error: undefined }
  const judged = refusal ? client.judge(refusal, operation) : {}
  const verdict = judgeReply(reply.status, reply.headers, judged.says)
  const words = message ?? error ?? 'no reason given'
  if (verdict.transient) {
    throw new TransientError(`HTTP ${reply.status}${code === undefined ? '' : `, code ${code}`}: ${words}`, {
      ...verdict,
      serviceWords: true
    })
  }
  throw new ServiceError({
    service: client.service,
    operation,
    status: reply.status,
    apiMessage: words,
    serviceWords: message !== undefined || error !== undefined,
    code,
    subcode,
    error,
    blocked: judged.says === 'blocked',
    reason: judged.reason,
    words: client.words
  })
}

/** Instagram's code exchange may wrap its reply in {"data": [ ... ]}; older replies are flat. */
export function unwrap(reply: JsonObject): JsonObject {
  const first: unknown = Array.isArray(reply.data) ? reply.data[0] : undefined
  return first !== null && typeof first === 'object' ? (first as JsonObject) : reply
}

/** Every credential a token reply can carry: the access token, a refresh token, an OpenID id_token. */
const TOKEN_FIELDS = ['access_token', 'refresh_token', 'id_token'] as const

/** Tokens at the top of a reply, and in each entry of its `data` list (Instagram's wrapper, Facebook's Pages). */
function receivedTokens(reply: JsonObject | undefined): string[] {
  if (!reply) return []
  const listed: unknown[] = Array.isArray(reply.data) ? reply.data : []
  const bodies = [reply, ...listed.filter((entry): entry is JsonObject => entry !== null && typeof entry === 'object')]
  const tokens = bodies.flatMap((body) => TOKEN_FIELDS.map((field) => body[field]))
  return tokens.filter((token): token is string => typeof token === 'string' && token.length > 0)
}
