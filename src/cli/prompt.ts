import { createInterface } from 'node:readline'
import { Writable, type Readable } from 'node:stream'

/** Lines from standard input, one prompt at a time: typed at a terminal, or piped by a script. */
export interface LineReader {
  next(prompt: string): Promise<string | undefined>
  /** Like next, but at a terminal what is typed is not echoed. */
  secret(prompt: string): Promise<string | undefined>
  close(): void
}

/**
 * At a terminal, readline reads Ctrl-C as a key and would only end the reader: `interrupt` is called
 * instead, so that Ctrl-C means what it means to the rest of the command (see cli.ts).
 */
export function createLineReader(input: Readable & { isTTY?: boolean }, output: NodeJS.WritableStream, interrupt?: () => void): LineReader {
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
  if (interrupt) lines.on('SIGINT', interrupt)
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
      // the line ends here, so that what is printed next starts a line of its own. A read without a
      // prompt (a paste login also takes while it listens) began no line.
      if (prompt && (hidden || !terminal)) output.write('\n')
      return line
    }
    const line = queued.shift()
    if (line !== undefined) return Promise.resolve(done(line))
    if (ended) return Promise.resolve(done(undefined))
    return new Promise((resolve) => waiting.push((value) => resolve(done(value))))
  }

  return { next: (prompt) => next(prompt), secret: (prompt) => next(prompt, true), close: () => lines.close() }
}
