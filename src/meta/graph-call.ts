/**
 * One request to a Meta Graph API, under the run's retry policy: every token in the reply masked
 * before anything else sees it, the reply's shape checked, its errors sorted into refusals
 * (ServiceError) and faults worth another try.
 */
import { ServiceError, TransientError } from '../shared/errors.js'
import type { Http, Log } from '../shared/http.js'
import { parseJsonObject, type JsonObject } from '../shared/json.js'
import { readRefusal, type Refusal } from '../shared/refusal.js'
import { describeFault, faultIsTransient, judgeReply, surelyNotActedOn, type ServiceSays } from '../shared/transient.js'
import { replyLine, type Reply } from '../shared/transport.js'
import type { Provider } from './providers.js'

export interface GraphClientOptions {
  provider: Provider
  /** Base URL of the Graph API host. */
  apiUrl: string
  /** Base URL where codes are exchanged (Instagram keeps it on another host). */
  oauthUrl: string
  http: Http
  /** Called with every token received, before anything else may see it. */
  mask: (value: string) => void
  debug: Log
}

export interface GraphRequest {
  method: 'GET' | 'POST'
  path: string
  query?: Record<string, string>
  form?: Record<string, string>
  bearer?: string
  /** Sent to the OAuth host rather than the API host. */
  oauth?: boolean
  /** Spends a single-use credential: repeated only where the first try surely was not acted on. */
  once?: boolean
}

/** Reads the value out of a successful reply; undefined for a reply not of the expected shape. */
export type ReadReply<T> = (body: JsonObject) => T | undefined

// What Meta's Graph error codes say, in the terms of the one rule (shared/transient.ts). 341 (application
// limit reached) is documented "wait and retry", as the rate limits are; 368 (temporarily blocked) may
// last days: not worth another try in this run, but no human is needed either.
const RATE_LIMIT_CODES = new Set([4, 17, 32, 341, 613])
const TRY_LATER_CODES = new Set([1, 2])
const BLOCKED_CODES = new Set([368])

function serviceSays({ code, transient }: Refusal): ServiceSays {
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) return 'rate-limited'
  if (transient || (code !== undefined && TRY_LATER_CODES.has(code))) return 'try-later'
  return code !== undefined && BLOCKED_CODES.has(code) ? 'blocked' : undefined
}

export async function callGraph<T>(client: GraphClientOptions, operation: string, request: GraphRequest, read: ReadReply<T>): Promise<T> {
  const { provider, http } = client
  const baseUrl = request.oauth ? client.oauthUrl : client.apiUrl
  const url = new URL(baseUrl + request.path)
  for (const [name, value] of Object.entries(request.query ?? {})) url.searchParams.set(name, value)
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': 'threads-token-keeper',
    ...(request.bearer ? { authorization: `Bearer ${request.bearer}` } : {}),
    ...(request.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
  }
  const body = request.form ? new URLSearchParams(request.form).toString() : undefined

  const attempt = async (signal: AbortSignal): Promise<T> => {
    const reply = await http.transport({ method: request.method, url, headers, body, signal })
    const json = parseJsonObject(reply.text)
    for (const token of receivedTokens(json)) client.mask(token)
    client.debug(replyLine(request.method, url, reply))
    refuseOnError(reply, json, provider.label, operation)
    const value = json ? read(json) : undefined
    if (value === undefined) throw new TransientError(`HTTP ${reply.status} with a reply that is not the JSON expected`)
    return value
  }
  try {
    return await http.retry(operation, attempt, request.once ? surelyNotActedOn : undefined)
  } catch (error) {
    if (error instanceof ServiceError) throw error
    const apiMessage = describeFault(error)
    throw new ServiceError({
      service: provider.label,
      operation,
      apiMessage,
      serviceWords: error instanceof TransientError && error.serviceWords,
      transient: faultIsTransient(error),
      cause: error
    })
  }
}

/** Throws for an error reply: a fault to retry (as the one rule says), or the refusal. */
function refuseOnError(reply: Reply, json: JsonObject | undefined, service: string, operation: string): void {
  const refusal = readRefusal(json)
  const ok = reply.status >= 200 && reply.status < 300
  if (ok && refusal === undefined) return
  const { message, code, subcode, error } = refusal ?? { message: undefined, code: undefined, subcode: undefined, error: undefined }
  const says = refusal ? serviceSays(refusal) : undefined
  const verdict = judgeReply(reply.status, reply.headers, says)
  const words = message ?? error ?? 'no reason given'
  if (verdict.transient) {
    throw new TransientError(`HTTP ${reply.status}${code === undefined ? '' : `, code ${code}`}: ${words}`, {
      ...verdict,
      serviceWords: true
    })
  }
  throw new ServiceError({
    service,
    operation,
    status: reply.status,
    apiMessage: words,
    serviceWords: message !== undefined || error !== undefined,
    code,
    subcode,
    error,
    blocked: says === 'blocked'
  })
}

/** Instagram's code exchange may wrap its reply in {"data": [ ... ]}; older replies are flat. */
export function unwrap(reply: JsonObject): JsonObject {
  const first: unknown = Array.isArray(reply.data) ? reply.data[0] : undefined
  return first !== null && typeof first === 'object' ? (first as JsonObject) : reply
}

function receivedTokens(reply: JsonObject | undefined): string[] {
  if (!reply) return []
  const tokens = [reply.access_token, unwrap(reply).access_token]
  return tokens.filter((token): token is string => typeof token === 'string' && token.length > 0)
}
