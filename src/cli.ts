#!/usr/bin/env node
import { main } from './cli/commands.js'
import { createLineReader } from './cli/prompt.js'

const lines = createLineReader(process.stdin, process.stderr)
process.exitCode = await main(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  lines,
  env: process.env
})
lines.close()
