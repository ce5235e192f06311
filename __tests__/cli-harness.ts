/** The command line (src/commands.ts) in-process, with an io of its own. Not a test file itself. */
import { PassThrough } from 'node:stream'
import { main, type CliIo } from '../src/commands.js'
import { createLineReader } from '../src/prompt.js'
import type { World } from '../stand-ins/world.js'

export interface Session {
  io: CliIo
  input: PassThrough
  out: string[]
  err: string[]
  /** What the line reader wrote: prompts. */
  prompts: () => string
}

/** Lines to type in reply to a printed line: at once, or later (a user who takes a while in the browser). */
export type Answer = (line: string) => string[] | Promise<string[]> | undefined

/** The command line's io, in-process: `answer` sees each printed line and may type lines in reply. */
function session(env: NodeJS.ProcessEnv = {}, answer?: Answer): Session {
  const input = new PassThrough()
  const promptStream = new PassThrough()
  let prompts = ''
  promptStream.on('data', (chunk: Buffer) => (prompts += chunk.toString()))
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (line) => {
      out.push(line)
      const type = (lines: string[] | undefined): void => {
        for (const typed of lines ?? []) input.write(`${typed}\n`)
      }
      const reply = answer?.(line)
      if (reply instanceof Promise) void reply.then(type)
      else type(reply)
    },
    err: (line) => err.push(line),
    lines: createLineReader(input, promptStream),
    env: { THREADS_TOKEN_KEEPER_TIME_SCALE: '0.1', ...env }
  }
  return { io, input, out, err, prompts: () => prompts }
}

/** Runs one command; without `answer`, standard input is at its end from the start. */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, answer?: Answer) {
  const s = session(env, answer)
  if (!answer) s.input.end()
  const code = await main(argv, s.io)
  s.io.lines.close()
  return { code, out: s.out.join('\n'), err: s.err.join('\n'), prompts: s.prompts() }
}

/** `login` pointed at the stand-ins of `world`, for whichever provider its Graph stand-in plays. */
export function loginArgs(world: World, ...extra: string[]): string[] {
  const urls =
    world.graph.provider === 'threads'
      ? ['--threads-api-url', world.graph.url]
      : ['--provider', world.graph.provider, '--instagram-api-url', world.graph.url, '--instagram-oauth-url', world.graph.url]
  const { appId, redirectUri } = world.graph
  return [
    'login',
    '--app-id',
    appId,
    '--redirect-uri',
    redirectUri,
    '--repo',
    world.repository,
    ...urls,
    '--github-api-url',
    world.github.url,
    ...extra
  ]
}
