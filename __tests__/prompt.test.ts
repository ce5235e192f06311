import { PassThrough, Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLineReader } from '../src/cli/prompt.js'

/** An output stream that keeps what was written. */
function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return { stream, text: () => text }
}
const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('createLineReader, piped (no TTY)', () => {
  it('lines that arrived before they were asked for are queued, in order; then end of input is undefined', async () => {
    const out = sink()
    const lines = createLineReader(Readable.from(['first\nsec', 'ond\r\nthird']), out.stream)
    await tick()
    await tick()
    expect(await lines.next('A: ')).toBe('first')
    expect(await lines.next('B: ')).toBe('second')
    expect(await lines.next('C: ')).toBe('third')
    expect(await lines.next('D: ')).toBeUndefined()
    expect(await lines.next('E: ')).toBeUndefined()
    await tick()
    // Nothing piped is echoed: each prompt ends its own line, so that what is printed next starts one.
    expect(out.text()).toBe('A: \nB: \nC: \nD: \nE: \n')
  })

  it('reads asked for before the line arrives wait for it, each its own line', async () => {
    const input = new PassThrough()
    const lines = createLineReader(input, sink().stream)
    const first = lines.next('1: ')
    const second = lines.next('2: ')
    input.write('one\n')
    expect(await first).toBe('one')
    input.write('two\nthree\n')
    expect(await second).toBe('two')
    expect(await lines.next('3: ')).toBe('three')
  })

  it('end of input resolves every waiting read with undefined', async () => {
    const input = new PassThrough()
    const lines = createLineReader(input, sink().stream)
    const waiting = [lines.next('a'), lines.secret('b')]
    input.end()
    expect(await Promise.all(waiting)).toEqual([undefined, undefined])
  })

  it('close() ends the reader: waiting reads resolve with undefined', async () => {
    const lines = createLineReader(new PassThrough(), sink().stream)
    const waiting = lines.next('a')
    lines.close()
    expect(await waiting).toBeUndefined()
  })

  it('a plain prompt and a secret one alike end their line after the answer', async () => {
    const out = sink()
    const input = new PassThrough()
    const lines = createLineReader(input, out.stream)
    input.write('plain\nhidden\n')
    expect(await lines.next('Plain: ')).toBe('plain')
    expect(await lines.secret('Secret: ')).toBe('hidden')
    await tick()
    // Piped input is never echoed, hidden or not: the prompt's line ends with the answer all the same.
    expect(out.text()).toBe('Plain: \nSecret: \n')
  })

  it('a secret answered at end of input still ends its line', async () => {
    const out = sink()
    const input = new PassThrough()
    const lines = createLineReader(input, out.stream)
    const answer = lines.secret('Secret: ')
    input.end()
    expect(await answer).toBeUndefined()
    await tick()
    expect(out.text()).toBe('Secret: \n')
  })

  it('a read without a prompt begins no line, so it ends none', async () => {
    const out = sink()
    const input = new PassThrough()
    const lines = createLineReader(input, out.stream)
    input.write('pasted\n')
    expect(await lines.next('')).toBe('pasted')
    input.end()
    expect(await lines.next('')).toBeUndefined()
    await tick()
    expect(out.text()).toBe('')
  })

  it('an empty line is an empty string, not the end', async () => {
    const input = new PassThrough()
    const lines = createLineReader(input, sink().stream)
    input.write('\n')
    expect(await lines.next('x')).toBe('')
  })
})

describe('createLineReader at a terminal', () => {
  it('echoes what is typed at a plain prompt, never at a secret one', async () => {
    const out = sink()
    const input = Object.assign(new PassThrough(), { isTTY: true })
    const lines = createLineReader(input, out.stream)
    const name = lines.next('Name: ')
    input.write('visible\r')
    expect(await name).toBe('visible')
    const secret = lines.secret('Secret: ')
    input.write('hunter2\r')
    expect(await secret).toBe('hunter2')
    lines.close()
    await tick()
    expect(out.text()).toContain('Name: visible')
    expect(out.text()).toContain('Secret: \n')
    expect(out.text()).not.toContain('hunter2')
  })

  // readline reads Ctrl-C as a key at a terminal, and would only end the reader: the command must hear it as Ctrl-C.
  it('Ctrl-C typed at a terminal is handed to interrupt, and ends no read', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true })
    let interrupts = 0
    const lines = createLineReader(input, sink().stream, () => interrupts++)
    const name = lines.next('Name: ')
    input.write('\u0003')
    await tick()
    expect(interrupts).toBe(1)
    input.write('still here\r')
    expect(await name).toBe('still here')
    lines.close()
  })
})
