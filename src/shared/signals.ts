/**
 * Abort signals built by hand rather than with `AbortSignal.any` and `AbortSignal.timeout`: Node holds
 * a time-out signal inside `any` only weakly, so a garbage collection in the middle of a hang can lose
 * the time-out and the request then waits for ever (nodejs/node#57736, seen here under Node 20).
 * Here the timer and the listeners hold the controller strongly until `release` is called.
 */
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
