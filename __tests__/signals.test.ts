import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { afterCancel, heldSignal, sleep } from '../src/shared/signals.js'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('heldSignal', () => {
  it('aborts with a TimeoutError when its time runs out', async () => {
    const { signal } = heldSignal(20)
    expect(signal.aborted).toBe(false)
    await settle(60)
    expect(signal.aborted).toBe(true)
    expect((signal.reason as DOMException).name).toBe('TimeoutError')
  })

  it('keeps its time-out through a garbage collection (what AbortSignal.any may lose)', async () => {
    const aborted: boolean[] = []
    for (let round = 0; round < 20; round++) {
      const { signal } = heldSignal(10, new AbortController().signal)
      collectGarbage()
      await settle(30)
      aborted.push(signal.aborted)
    }
    expect(aborted.every(Boolean)).toBe(true)
  })

  it('aborts with the reason of the source that aborts', () => {
    const first = new AbortController()
    const second = new AbortController()
    const { signal } = heldSignal(undefined, first.signal, undefined, second.signal)
    second.abort('stop')
    expect(signal.reason).toBe('stop')
    first.abort('late')
    expect(signal.reason).toBe('stop')
  })

  it('starts aborted when a source already is', () => {
    const source = new AbortController()
    source.abort('before')
    const later = new AbortController()
    const { signal } = heldSignal(1_000, later.signal, source.signal)
    expect(signal.reason).toBe('before')
  })

  it('after release, neither the time nor a source aborts it', async () => {
    const source = new AbortController()
    const held = heldSignal(10, source.signal)
    held.release()
    source.abort('after')
    await settle(30)
    expect(held.signal.aborted).toBe(false)
  })
})

describe('sleep', () => {
  it('waits the time given', async () => {
    const started = Date.now()
    await sleep(30)
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
  })

  it('ends early, without an error, when its signal aborts', async () => {
    const stop = new AbortController()
    const started = Date.now()
    const waiting = sleep(5_000, stop.signal)
    stop.abort()
    await waiting
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('ends at once when its signal has already aborted', async () => {
    const stop = new AbortController()
    stop.abort()
    const started = Date.now()
    await sleep(5_000, stop.signal)
    expect(Date.now() - started).toBeLessThan(1_000)
  })
})

describe('afterCancel', () => {
  it('aborts with a TimeoutError the given time after the cancel', async () => {
    const cancel = new AbortController()
    const grace = afterCancel(cancel.signal, 20)
    await settle(40)
    expect(grace.aborted).toBe(false)
    cancel.abort()
    expect(grace.aborted).toBe(false)
    await settle(60)
    expect((grace.reason as DOMException).name).toBe('TimeoutError')
  })

  it('never aborts without a cancel signal', async () => {
    const grace = afterCancel(undefined, 5)
    await settle(30)
    expect(grace.aborted).toBe(false)
  })
})
