import { keepToken } from '../core/keeper.js'
import { describeFailure } from '../core/outcome.js'
import { readRedirect } from '../setup/fields.js'
import { readInputs } from '../setup/inputs.js'
import { pauseFromEnv } from '../shared/http.js'
import { createTransport } from '../shared/transport.js'
import { EXIT, connectServices, flagsAsInputs, githubTokenFor, refuse, say, usage, type CommandContext } from './terms.js'
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
  // The address is the result a script may want; the instruction is for the person at the terminal.
  io.err('Open this address in a browser, approve, then paste the address you are sent to:')
  io.out(authorization.address)

  const pasted = ((await io.lines.next('Redirected address (or code): ')) ?? '').trim()
  if (!pasted) return usage(context, 'Nothing was pasted: after approving, paste the address you were sent to (or just its code).')
  const returned = readRedirect(pasted)
  if (returned.state !== undefined && returned.state !== state) {
    return usage(
      context,
      "The pasted address carries another 'state' than this login's: it is not the reply to this authorization. Start over."
    )
  }
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
  for (const failure of outcome.failures) say(context, describeFailure(failure))
  return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed
}
