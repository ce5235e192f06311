import { createInterface } from 'node:readline'
import { Writable, type Readable } from 'node:stream'

/** Lines from standard input, one prompt at a time: typed at a terminal, or piped by a script. */
export interface LineReader {
  next(prompt: string): Promise<string | undefined>
  /** Like next, but at a terminal what is typed is not echoed. */
  secret(prompt: string): Promise<string | undefined>
  close(): void
}

export function createLineReader(input: Readable & { isTTY?: boolean }, output: NodeJS.WritableStream): LineReader {
  let muted = false
  // readline echoes through this: at a terminal, a secret is typed into a muted echo.
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk)
      done()
    }
  })
  const terminal = input.isTTY === true
  const lines = createInterface({ input, output: echo, terminal })
  const queued: string[] = []
  const waiting: ((line: string | undefined) => void)[] = []
  let ended = false
  lines.on('line', (line) => {
    const resolve = waiting.shift()
    if (resolve) resolve(line)
    else queued.push(line)
  })
  lines.on('close', () => {
    ended = true
    for (const resolve of waiting.splice(0)) resolve(undefined)
  })

  function next(prompt: string, hidden = false): Promise<string | undefined> {
    output.write(prompt)
    muted = hidden
    const done = (line: string | undefined): string | undefined => {
      muted = false
      // Nothing typed is echoed after a hidden prompt, nor after any prompt whose line was piped in:
      // the line ends here, so that what is printed next starts a line of its own.
      if (hidden || !terminal) output.write('\n')
      return line
    }
    const line = queued.shift()
    if (line !== undefined) return Promise.resolve(done(line))
    if (ended) return Promise.resolve(done(undefined))
    return new Promise((resolve) => waiting.push((value) => resolve(done(value))))
  }

  return { next: (prompt) => next(prompt), secret: (prompt) => next(prompt, true), close: () => lines.close() }
}
