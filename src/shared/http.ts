import { setMaxListeners } from 'node:events'
import pRetry, { AbortError } from 'p-retry'
import { TransientError } from './errors.js'
import { fetchShaped } from './fetch-shape.js'
import { afterCancel, heldSignal, sleep } from './signals.js'
import { describeFault, isRetriable } from './transient.js'
import { createTransport, type Transport } from './transport.js'

/**
 * One retry policy for every request the action sends (Threads and GitHub alike), so that a
 * scheduled run either finishes or fails well inside a minute, whatever the services do.
 */
export interface RetryPolicy {
  /** Tries per request, the first included. */
  attempts: number
  /** Time-out of one try, its reply's body included; a request that hangs is abandoned and tried again. */
  timeoutMs: number
  /** Back-off before the first retry; doubles each time, with jitter. */
  minDelayMs: number
  /** Longest single wait, also the cap on what a `retry-after` header may ask for. */
  maxDelayMs: number
  /** Total time one request may take over all of its tries. */
  totalMs: number
  /** Total time all requests of one run may take: a scheduled run must end well inside a minute. */
  runMs: number
  /**
   * After a cancel, how long the try in flight may still take (a code's exchange is seen through);
   * no new try starts. The runner kills a cancelled step 10 s after its first signal.
   */
  cancelGraceMs: number
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 4,
  timeoutMs: 10_000,
  minDelayMs: 500,
  maxDelayMs: 8_000,
  totalMs: 30_000,
  runMs: 50_000,
  cancelGraceMs: 5_000
}

export type Log = (message: string) => void

export interface Http {
  policy: RetryPolicy
  /**
   * Runs `attempt` under the policy: retries what the one rule (transient.ts) calls retriable,
   * nothing else. `mayRepeat` narrows that for requests that must not be sent twice (a single-use code).
   */
  retry<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>, mayRepeat?: (error: unknown) => boolean): Promise<T>
  /** For Octokit: the transport under the policy, in the shape of fetch (fetch-shape.ts). */
  fetch: typeof fetch
  /** One try, no retry: what `retry` attempts are built on. */
  transport: Transport
}

/** The wait a service asked for, where it asked. */
const askedWait = (error: unknown): number | undefined => (error instanceof TransientError ? error.retryAfterMs : undefined)

/**
 * Ends the wait between two tries at a cancel, failing with `reason()`; a try in flight is left to
 * finish (within the grace), and the fault it ends with then stands.
 */
function waitsEndAtCancel(cancelled: AbortSignal | undefined, reason: () => unknown) {
  const waiting = new AbortController()
  let inFlight = false
  const stop = (): void => {
    if (!inFlight) waiting.abort(reason())
  }
  cancelled?.addEventListener('abort', stop, { once: true })
  return {
    signal: waiting.signal,
    async during<T>(work: () => Promise<T>): Promise<T> {
      inFlight = true
      try {
        return await work()
      } finally {
        inFlight = false
      }
    },
    release: () => cancelled?.removeEventListener('abort', stop)
  }
}

/**
 * `cancelled` is the run's cancel: after it, no wait goes on and no request is tried again; the try
 * in flight, and the one try of a request sent after the cancel, end within `policy.cancelGraceMs`
 * (the rest of a spent code's exchanges, whose token must not be lost; callers abandon the others).
 */
export function createHttp(policy: RetryPolicy, debug: Log, transport: Transport = createTransport(), cancelled?: AbortSignal): Http {
  const runDeadline = Date.now() + policy.runMs
  const grace = afterCancel(cancelled, policy.cancelGraceMs)
  // Every request in flight listens to both: more than Node's default of 10 is no leak.
  setMaxListeners(0, ...[cancelled, grace].filter((signal) => signal !== undefined))

  async function retry<T>(what: string, attempt: (signal: AbortSignal) => Promise<T>, mayRepeat = (_: unknown) => true): Promise<T> {
    const started = Date.now()
    const deadline = Math.min(started + policy.totalMs, runDeadline)
    // Out of time, or cancelled: the last fault (with its reply) says more than that would.
    let lastFault: Error | undefined
    const waits = waitsEndAtCancel(cancelled, () => lastFault)

    const tryOnce = async (): Promise<T> => {
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new AbortError(lastFault ?? new TransientError('the time allowed for this run is spent'))
      const tryEnds = heldSignal(Math.min(policy.timeoutMs, remaining), grace)
      try {
        return await attempt(tryEnds.signal)
      } catch (error) {
        if (!isRetriable(error) || !mayRepeat(error)) throw new AbortError(error as Error)
        lastFault = error as Error
        throw error
      } finally {
        tryEnds.release()
      }
    }

    try {
      return await pRetry(() => waits.during(tryOnce), {
        retries: policy.attempts - 1,
        minTimeout: policy.minDelayMs,
        maxTimeout: policy.maxDelayMs,
        randomize: true,
        maxRetryTime: Math.max(0, deadline - started),
        signal: waits.signal,
        onFailedAttempt: async ({ error, attemptNumber }) => {
          const left = Math.max(0, policy.attempts - attemptNumber)
          debug(`${what}: try ${attemptNumber} failed (${describeFault(error)}); ${left} left`)
          // Cancelled: no other try; the fault stands.
          if (cancelled?.aborted) throw error
          const wait = askedWait(error)
          if (wait === undefined || left === 0) return
          // Honour the server's wait; where it ends past the request's own budget, no try could follow it.
          if (Math.min(wait, policy.maxDelayMs) >= deadline - Date.now()) throw error
          await sleep(Math.min(wait, policy.maxDelayMs), waits.signal)
        },
        // The server's wait replaces the back-off rather than adding to it: such a try does not
        // consume one of p-retry's retries (whose delay would follow), so shouldRetry counts the tries.
        shouldConsumeRetry: ({ error }) => askedWait(error) === undefined,
        shouldRetry: ({ attemptNumber }) => attemptNumber < policy.attempts
      })
    } finally {
      waits.release()
    }
  }

  return { policy, retry, fetch: fetchShaped(retry, transport, debug), transport }
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
    runMs: scaled(base.runMs),
    cancelGraceMs: scaled(base.cancelGraceMs)
  }
}

/** The factor THREADS_TOKEN_KEEPER_TIME_SCALE gives (below 1 only), 1 where it is unset: for every wait, the command line's too. */
export function timeScale(env: NodeJS.ProcessEnv): number {
  const scale = Number(env.THREADS_TOKEN_KEEPER_TIME_SCALE)
  return Number.isFinite(scale) && scale > 0 && scale < 1 ? scale : 1
}

/** A pause of `ms`, shrunk by the same time scale as the retry policy, and cut short by a cancel. */
export function pauseFromEnv(env: NodeJS.ProcessEnv, cancelled?: AbortSignal): (ms: number) => Promise<void> {
  const scale = timeScale(env)
  return (ms) => sleep(Math.round(ms * scale), cancelled)
}
