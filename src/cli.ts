#!/usr/bin/env node
import { main } from './cli/commands.js'
import { createLineReader } from './cli/prompt.js'
import { EXIT } from './cli/terms.js'

const cancel = new AbortController()
// Ctrl-C typed at a terminal while a prompt reads it: a signal to whoever handles one, or else the end.
const lines = createLineReader(process.stdin, process.stderr, () =>
  process.listenerCount('SIGINT') > 0 ? process.emit('SIGINT', 'SIGINT') : process.kill(process.pid, 'SIGINT')
)
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  lines,
  env: process.env,
  catchCancel: () => {
    // The first Ctrl-C lets the command hand back what it holds; a second one is the user insisting.
    const onSignal = (): void => (cancel.signal.aborted ? process.exit(EXIT.interrupted) : cancel.abort())
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal)
    return cancel.signal
  }
})
lines.close()
// Cancelled: all is said; requests still in flight must not keep the command waiting, but what was
// written must reach a pipe (asynchronous on some systems) before the exit.
if (cancel.signal.aborted) process.stdout.write('', () => process.stderr.write('', () => process.exit()))
