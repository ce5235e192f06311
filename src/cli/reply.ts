/**
 * How login takes the reply to its authorization: caught at a loopback redirect URI, where login
 * listens itself (a paste is taken too, for a browser on another machine), or else pasted. Either way
 * the result is what the action calls the authorization code: a bare code, or the address that
 * carries one, checked afterwards as every pasted code is.
 */
import { heldSignal } from '../shared/signals.js'
import { timeScale } from '../shared/http.js'
import type { LineReader } from './prompt.js'
import { ListenError, listen, loopbackOf, type Caught, type Listener, type Turned } from './loopback.js'
import { EXIT, say, usage, type CommandContext } from './terms.js'

/** How long login listens for the redirect: a person approving, not a script. */
const WAIT_MS = 5 * 60_000

/** The pasted text or the caught code; or the exit code, where the reply did not come (all said already). */
export type Reply = string | number

/** The address and its redirect URI, as login prints them. */
export interface Asked {
  address: string
  redirectUri: string
}

/**
 * Prints the address and waits for the reply: at a loopback redirect URI, listening there (bound
 * before the address is printed, so that a port in use fails first); elsewhere, reading the paste.
 * `cancelled` ends a listening wait (Ctrl-C).
 */
export async function replyTo(context: CommandContext, asked: Asked, state: string, cancelled?: AbortSignal): Promise<Reply> {
  const redirect = loopbackOf(asked.redirectUri)
  if (!redirect) return pasted(context, asked)
  let listener: Listener
  try {
    listener = await listen(redirect, state, (why) =>
      say(context, `A request to the redirect URI was turned away: ${TURNED[why]}; still waiting.`)
    )
  } catch (error) {
    if (!(error instanceof ListenError)) throw error
    say(context, error.message)
    return EXIT.failed
  }
  context.io.err(
    `Open this address in a browser and approve: login listens at ${redirect.href} for the redirect that follows, for ${WAIT_MS / 60_000} minutes. ` +
      'If the browser runs on another machine, paste here the address it ends on.'
  )
  context.io.out(asked.address)
  return caught(context, listener, cancelled)
}

const TURNED: Record<Turned, string> = {
  'no-state': "it carries no 'state'",
  'other-state': "its 'state' is not this login's (another login's, or a forged redirect)",
  'no-code': 'it carries neither a code nor an error'
}

async function pasted(context: CommandContext, asked: Asked): Promise<Reply> {
  const { io } = context
  // The address is the result a script may want; the instruction is for the person at the terminal.
  io.err('Open this address in a browser, approve, then paste the address you are sent to:')
  io.out(asked.address)
  const line = ((await io.lines.next('Redirected address (or code): ')) ?? '').trim()
  if (line) return line
  return usage(context, 'Nothing was pasted: after approving, paste the address you were sent to (or just its code).')
}

/** The first of: the redirect caught, a pasted line, the end of the wait (its time, or Ctrl-C). */
async function caught(context: CommandContext, listener: Listener, cancelled: AbortSignal | undefined): Promise<Reply> {
  const limit = heldSignal(Math.round(WAIT_MS * timeScale(context.io.env)), cancelled)
  const ended = new Promise<'ended'>((resolve) =>
    limit.signal.aborted ? resolve('ended') : limit.signal.addEventListener('abort', () => resolve('ended'), { once: true })
  )
  let first: Caught | { pasted: string } | 'ended'
  try {
    first = await Promise.race([listener.caught, pastedLine(context.io.lines).then((line) => ({ pasted: line })), ended])
  } finally {
    limit.release()
    listener.close()
  }
  if (first === 'ended') {
    if (cancelled?.aborted) {
      say(context, 'Cancelled while waiting for the redirect: nothing was sent.')
      return EXIT.interrupted
    }
    say(
      context,
      `No redirect came within ${WAIT_MS / 60_000} minutes, and nothing was pasted: nothing was sent. Run login again to authorize.`
    )
    return EXIT.failed
  }
  if ('pasted' in first) return first.pasted
  if ('code' in first) return first.code
  const description = first.description ? ` (${first.description.slice(0, 300)})` : ''
  say(
    context,
    `${context.provider.label} did not authorize: it answered ${first.error.slice(0, 100)}${description}. Nothing was sent; run login again to authorize.`
  )
  return EXIT.failed
}

/** The first line that holds anything; at the end of input it never comes (only the browser can answer then). */
async function pastedLine(lines: LineReader): Promise<string> {
  for (;;) {
    const line = await lines.next('')
    if (line === undefined) return new Promise<never>(() => undefined)
    if (line.trim()) return line.trim()
  }
}

/**
 * Why a pasted whole address is not the reply to this login, or undefined where it is (or where a
 * bare code was pasted, which carries nothing to check). `pasted` holds a code (an address that
 * parses, with a `code` parameter): the code's own check came first. The reply comes to the registered redirect
 * URI (scheme and host in any case, the path exactly) with the `state` this login sent: anything
 * else may be somebody else's code for the same app, which would be stored in this repository.
 * The pasted text is never repeated: it holds a code.
 */
export function notTheReply(pasted: string, redirectUri: string, state: string): string | undefined {
  if (!/^https?:\/\//i.test(pasted)) return undefined
  const again = 'Paste the whole address the browser shows after you approve, or just its code; or run login again.'
  const address = new URL(pasted) // parsed already, or the code's check would have refused it
  const registered = new URL(redirectUri)
  if (address.origin !== registered.origin || address.pathname !== registered.pathname) {
    return `The pasted address is not your redirect URI (--redirect-uri), so it is not the reply to this authorization; nothing was sent. ${again}`
  }
  const returned = address.searchParams.get('state')
  if (returned === null) {
    return `The pasted address carries no 'state', so it cannot be told from somebody else's; nothing was sent. ${again}`
  }
  if (returned !== state) {
    return `The pasted address carries another 'state' than this login's: it is not the reply to this authorization; nothing was sent. ${again}`
  }
  return undefined
}
