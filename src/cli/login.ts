import { keepToken } from '../core/keeper.js'
import { describeFailure } from '../core/outcome.js'
import { readRedirect } from '../setup/fields.js'
import { readInputs } from '../setup/inputs.js'
import { pauseFromEnv } from '../shared/http.js'
import { createTransport } from '../shared/transport.js'
import { EXIT, cliTerms, connectServices, flagsAsInputs, githubTokenFor, refuse, say, usage, type CommandContext } from './terms.js'
import { authorizeAddress } from './url.js'

/**
 * The first token without Postman: the authorize address, the pasted redirect, the exchange and
 * the encrypted secret, on the action's own modules. `state` ties the pasted redirect to this login.
 */
export async function login(context: CommandContext, state: string): Promise<number> {
  const { values, provider, io, redactor, secretEnv } = context
  const github = githubTokenFor(context)
  const { token } = github
  // Proxy settings are checked now, before the user is sent to the browser.
  const transport = createTransport(io.env)
  const flags = (extra: Record<string, string>): ReturnType<typeof flagsAsInputs> =>
    flagsAsInputs(values, { 'github-token': token, ...extra })

  // Every flag is checked before the user is sent to the browser, with stand-ins for the two
  // values that only come later.
  const early = readInputs(flags({ 'authorization-code': 'pending', 'app-secret': io.env[secretEnv] || 'pending' }), {})
  if (!early.settings) return refuse(context, early.problems, { githubToken: github })
  const authorization = authorizeAddress(values, state)
  if (authorization.address === undefined) return refuse(context, authorization.problems)
  for (const warning of authorization.warnings) say(context, warning)
  // The address is the result a script may want; the instruction is for the person at the terminal.
  io.err('Open this address in a browser, approve, then paste the address you are sent to:')
  io.out(authorization.address)

  const pasted = ((await io.lines.next('Redirected address (or code): ')) ?? '').trim()
  if (!pasted) return usage(context, 'Nothing was pasted: after approving, paste the address you were sent to (or just its code).')
  // What was pasted is checked before the app secret is asked for: a code, an address with one, and then the reply to this login.
  const paste = readInputs(flags({ 'authorization-code': pasted, 'app-secret': io.env[secretEnv] || 'pending' }), {})
  if (!paste.settings) return refuse(context, paste.problems, { githubToken: github })
  const foreign = notTheReply(pasted, authorization.redirectUri, state)
  if (foreign) return usage(context, foreign)
  const returned = readRedirect(pasted)
  const appSecret = io.env[secretEnv] || ((await io.lines.secret(`${provider.label} App Secret (${secretEnv}): `)) ?? '')
  redactor.mask(appSecret)
  redactor.mask(returned.code)
  const { settings, problems } = readInputs(flags({ 'authorization-code': pasted, 'app-secret': appSecret }), {})
  if (!settings) return refuse(context, problems, { githubToken: github, appSecret })

  // Made only now: the requests' time budget must not run while the user is in the browser.
  const cancelled = io.catchCancel?.()
  const connection = connectServices(context, settings, transport, cancelled)
  const info = (message: string): void => say(context, message)
  const deps = { ...connection, now: () => new Date(), pause: pauseFromEnv(io.env, cancelled), info, cancelled }
  const outcome = await keepToken(settings.request, deps)
  const { secretName } = settings.request
  for (const { target, status } of outcome.targets) io.out(`${secretName} ${status} in ${target}`)
  for (const { target, name, status } of outcome.variables) io.out(`${name} ${status} in ${target}`)
  if (outcome.username) {
    io.out(`${provider.label} user @${outcome.username} (id ${outcome.userId ?? '?'}); token expires ${outcome.expiresAt ?? '?'}`)
  }
  for (const { command } of outcome.storeByHand) io.out(`Not stored. The token, sealed: ${command}`)
  for (const warning of outcome.warnings) say(context, `Warning: ${warning}`)
  for (const failure of outcome.failures) say(context, describeFailure(failure, cliTerms(context)))
  return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed
}

/**
 * Why a pasted whole address is not the reply to this login, or undefined where it is (or where a
 * bare code was pasted, which carries nothing to check). `pasted` holds a code (an address that
 * parses, with a `code` parameter): the code's own check came first. The reply comes to the registered redirect
 * URI (scheme and host in any case, the path exactly) with the `state` this login sent: anything
 * else may be somebody else's code for the same app, which would be stored in this repository.
 * The pasted text is never repeated: it holds a code.
 */
function notTheReply(pasted: string, redirectUri: string, state: string): string | undefined {
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
