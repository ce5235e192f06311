import pRetry, { AbortError } from 'p-retry'
import { TransientError } from './errors.js'

/**
 * One retry policy for every request the action sends (Threads and GitHub alike), so that a
 * scheduled run either finishes or fails well inside a minute, whatever the services do.
 */
export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number
  /** Time-out of one try; a request that hangs is abandoned and tried again. */
  timeoutMs: number
  /** Back-off before the first retry; doubles each time, with jitter. */
  minDelayMs: number
  /** Longest single wait, also the cap on what a `retry-after` header may ask for. */
  maxDelayMs: number
  /** Total time one request may take over all of its tries. */
  totalMs: number
  /** Total time all requests of one run may take: a scheduled run must end well inside a minute. */
  runMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  timeoutMs: 10_000,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  totalMs: 30_000,
  runMs: 50_000
}

export type Log = (message: string) => void

export interface Http {
  policy: RetryPolicy
  /**
   * Runs `attempt` under the policy: retries TransientErrors and network faults, nothing else.
   * `mayRepeat` narrows that for requests that must not be sent twice (a single-use code).
   */
  retry<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>, mayRepeat?: (error: unknown) => boolean): Promise<T>
  /** A fetch that times out, and retries 429/5xx and network faults; shaped for Octokit. */
  fetch: typeof fetch
  /** One try, no retry: what `retry` attempts are built on. */
  transport: typeof fetch
}

/** `retry-after` is either seconds or an HTTP date; `x-ratelimit-reset` is epoch seconds. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after')
  if (retryAfter !== null) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
    const date = Date.parse(retryAfter)
    if (Number.isFinite(date)) return Math.max(0, date - now)
  }
  const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN)
  if (Number.isFinite(reset) && headers.get('x-ratelimit-remaining') === '0') {
    return Math.max(0, reset * 1000 - now)
  }
  return undefined
}

/**
 * Faults after which a request surely was not acted on: the connection never opened, or the
 * service refused for rate. Only these may repeat a request that must not run twice.
 */
export function surelyNotActedOn(error: unknown): boolean {
  if (error instanceof TransientError) return error.rateLimited
  const code = (error as { cause?: { code?: unknown } }).cause?.code
  return (
    error instanceof TypeError &&
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)
  )
}

/** GitHub answers a secondary rate limit with 403 plus `retry-after` or an exhausted quota. */
export function isTransientStatus(status: number, headers: Headers): boolean {
  if (status === 429 || status >= 500) return true
  return status === 403 && retryAfterMs(headers) !== undefined
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function isNetworkFault(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return error.name === 'TimeoutError' || error.name === 'AbortError' || error.name === 'TypeError'
}

export function describeFault(error: unknown): string {
  if (error instanceof TransientError) return error.message
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return 'no reply in time'
  }
  if (error instanceof Error && error.name === 'TypeError') {
    const cause = (error as { cause?: { code?: unknown } }).cause
    return `network error${typeof cause?.code === 'string' ? ` (${cause.code})` : ''}`
  }
  return 'unexpected fault'
}

export function createHttp(policy: RetryPolicy, debug: Log, transport: typeof fetch = fetch): Http {
  const runDeadline = Date.now() + policy.runMs

  async function retry<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>, mayRepeat = (_: unknown) => true): Promise<T> {
    const started = Date.now()
    const deadline = Math.min(started + policy.totalMs, runDeadline)
    let lastFault: Error | undefined
    return pRetry(
      async () => {
        const remaining = deadline - Date.now()
        // Out of time: the last fault (with its reply) says more than "out of time" would.
        if (remaining <= 0) throw new AbortError(lastFault ?? new TransientError('the time allowed for this run is spent'))
        try {
          return await attempt(AbortSignal.timeout(Math.min(policy.timeoutMs, remaining)))
        } catch (error) {
          if ((error instanceof TransientError || isNetworkFault(error)) && mayRepeat(error)) {
            lastFault = error as Error
            throw error
          }
          throw new AbortError(error as Error)
        }
      },
      {
        retries: policy.attempts - 1,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        randomize: true,
        maxRetryTime: Math.max(0, deadline - started),
        onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
          debug(`${what}: try ${attemptNumber} failed (${describeFault(error)}); ${retriesLeft} left`)
          const wait = error instanceof TransientError ? error.retryAfterMs : undefined
          if (wait === undefined || retriesLeft === 0) return
          // Honour the server's wait, but never past the request's own budget.
          await sleep(Math.min(wait, policy.maxDelayMs, Math.max(0, deadline - Date.now())))
        }
      }
    )
  }

  return { policy, retry, fetch: resilientFetch(retry, transport, debug), transport }
}

type Retry = Http['retry']

/** A fetch for Octokit: retries 429, 5xx and network faults; a success that is not JSON is a fault too. */
function resilientFetch(retry: Retry, transport: typeof fetch, debug: Log): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? 'GET'
    const where = describeUrl(input)
    // A POST may have been acted on though no reply came (a second issue, say): repeated only when surely not.
    const mayRepeat = method === 'POST' ? surelyNotActedOn : undefined
    const attempt = async (signal: AbortSignal): Promise<Response> => {
      const response = await transport(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal })
      debug(`${method} ${where} -> ${response.status}`)
      if (isTransientStatus(response.status, response.headers)) {
        const rateLimited = response.status === 429 || response.status === 403
        throw new TransientError(`HTTP ${response.status}`, { retryAfterMs: retryAfterMs(response.headers), response, rateLimited })
      }
      if (response.ok && !(await isJsonOrEmpty(response.clone()))) {
        // An HTML page from a proxy or an outage, or a reply cut short: a fault, never data.
        throw new TransientError(`HTTP ${response.status} with a reply that is not JSON`)
      }
      return response
    }
    try {
      return await retry(`${method} ${where}`, attempt, mayRepeat)
    } catch (error) {
      // Out of tries on a reply: hand the last reply back so the caller reports the real status.
      if (error instanceof TransientError && error.response) return error.response
      throw error
    }
  }
}

async function isJsonOrEmpty(response: Response): Promise<boolean> {
  const text = await response.text()
  if (text.trim() === '') return true
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

/** Origin and path only: query strings on Graph URLs carry secrets. */
export function describeUrl(input: string | URL | Request): string {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
  try {
    const url = new URL(raw)
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`
  } catch {
    return '(unparseable URL)'
  }
}

/**
 * `THREADS_TOKEN_KEEPER_TIME_SCALE` shrinks every wait and time-out by a factor, so that tests can
 * drive hangs and back-off through the real bundle in milliseconds. Runs in production leave it unset.
 */
export function policyFromEnv(env: NodeJS.ProcessEnv, base: RetryPolicy = defaultRetryPolicy): RetryPolicy {
  const scale = timeScale(env)
  if (scale === 1) return base
  const scaled = (ms: number): number => Math.max(1, Math.round(ms * scale))
  return {
    attempts: base.attempts,
    timeoutMs: scaled(base.timeoutMs),
    minDelayMs: scaled(base.minDelayMs),
    maxDelayMs: scaled(base.maxDelayMs),
    totalMs: scaled(base.totalMs),
    runMs: scaled(base.runMs)
  }
}

function timeScale(env: NodeJS.ProcessEnv): number {
  const scale = Number(env.THREADS_TOKEN_KEEPER_TIME_SCALE)
  return Number.isFinite(scale) && scale > 0 && scale < 1 ? scale : 1
}

/** A pause of `ms`, shrunk by the same time scale as the retry policy. */
export function pauseFromEnv(env: NodeJS.ProcessEnv): (ms: number) => Promise<void> {
  const scale = timeScale(env)
  return (ms) => sleep(Math.round(ms * scale))
}
