/**
 * Time-outs and cancels: abort signals held strongly, waits cut short at a cancel, and work waited
 * for only until one (cancellable, bestEffort).
 *
 * Abort signals are built by hand rather than with `AbortSignal.any` and `AbortSignal.timeout`: Node holds
 * a time-out signal inside `any` only weakly, so a garbage collection in the middle of a hang can lose
 * the time-out and the request then waits for ever (nodejs/node#57736, seen here under Node 20).
 * Here the timer and the listeners hold the controller strongly until `release` is called.
 */
import { CancelledError } from './errors.js'

export interface HeldSignal {
  signal: AbortSignal
  /** Stops the timer and unhooks the sources; call it when the work the signal guards is over. */
  release: () => void
}

/** Aborts after `ms` (with a TimeoutError, as `AbortSignal.timeout` would), or when any of `sources` does. */
export function heldSignal(ms: number | undefined, ...sources: (AbortSignal | undefined)[]): HeldSignal {
  const controller = new AbortController()
  const hooked: [AbortSignal, () => void][] = []
  const timer =
    ms === undefined ? undefined : setTimeout(() => controller.abort(new DOMException('the time allowed ran out', 'TimeoutError')), ms)
  const release = (): void => {
    clearTimeout(timer)
    for (const [source, listener] of hooked) source.removeEventListener('abort', listener)
    hooked.length = 0
  }
  for (const source of sources) {
    if (!source) continue
    if (source.aborted) {
      controller.abort(source.reason)
      break
    }
    const listener = (): void => controller.abort(source.reason)
    source.addEventListener('abort', listener, { once: true })
    hooked.push([source, listener])
  }
  if (controller.signal.aborted) release()
  return { signal: controller.signal, release }
}

/** A wait, cut short (without an error) where `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const ended = heldSignal(ms, signal)
    if (ended.signal.aborted) return resolve()
    ended.signal.addEventListener('abort', () => (ended.release(), resolve()), { once: true })
  })
}

/** Aborts `ms` after `cancelled` does, as a time-out would (the try in flight then failed for time). */
export function afterCancel(cancelled: AbortSignal | undefined, ms: number): AbortSignal {
  const controller = new AbortController()
  const countDown = (): void => {
    setTimeout(() => controller.abort(new DOMException('cancelled, and out of time', 'TimeoutError')), ms).unref()
  }
  if (cancelled?.aborted) countDown()
  else cancelled?.addEventListener('abort', countDown, { once: true })
  return controller.signal
}

/**
 * For what may not fail a run (upkeep, a lookup): its value, or undefined where it failed or a cancel
 * came first. Never rejects.
 */
export function bestEffort<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T | undefined> {
  return cancellable(signal, () => 'cancelled', work).catch(() => undefined)
}

/**
 * Starts `work` and waits for it, unless `signal` aborts first (or has already: then the work is not
 * started): then it rejects with a CancelledError saying `why`. Work already sent goes on (a request in flight
 * cannot be taken back); only the wait for it ends.
 */
export function cancellable<T>(signal: AbortSignal | undefined, why: () => string, work: () => Promise<T>): Promise<T> {
  if (!signal) return work()
  if (signal.aborted) return Promise.reject(new CancelledError(why()))
  const started = work()
  return new Promise<T>((resolve, reject) => {
    const cancel = (): void => reject(new CancelledError(why()))
    signal.addEventListener('abort', cancel, { once: true })
    started.then(
      (value) => {
        signal.removeEventListener('abort', cancel)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', cancel)
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on as it came
        reject(error)
      }
    )
  })
}
