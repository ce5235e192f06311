#!/usr/bin/env node
import { main } from './cli/commands.js'
import { createLineReader } from './cli/prompt.js'

const lines = createLineReader(process.stdin, process.stderr)
const cancel = new AbortController()
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  lines,
  env: process.env,
  catchCancel: () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => cancel.abort())
    return cancel.signal
  }
})
lines.close()
// Cancelled: all is said; requests still in flight must not keep the command waiting.
if (cancel.signal.aborted) process.exit()
