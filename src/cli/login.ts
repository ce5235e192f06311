import { keepToken } from '../core/keeper.js'
import { describeFailure, type Outcome } from '../core/outcome.js'
import { readRedirect } from '../setup/fields.js'
import { readInputs } from '../setup/inputs.js'
import { pauseFromEnv } from '../shared/http.js'
import { createTransport } from '../shared/transport.js'
import { createPkce } from './pkce.js'
import { notTheReply, replyTo } from './reply.js'
import type { GitHubToken } from './github-token.js'
import {
  EXIT,
  cliTerms,
  connectServices,
  explainForCli,
  flagsAsInputs,
  githubTokenFor,
  refuse,
  say,
  usage,
  type CommandContext
} from './terms.js'
import { authorizeAddress } from './url.js'

/**
 * The first token without Postman: the flags checked, the app secret asked for, then the authorize
 * address and the reply (caught at a loopback redirect, or pasted), the exchange at once and the
 * encrypted secret, on the action's own modules. Nothing is asked once the user has approved.
 * `state` ties the reply to this login.
 */
export async function login(context: CommandContext, state: string): Promise<number> {
  const { values, provider, io, redactor, secretEnv } = context
  const github = githubTokenFor(context)
  // Proxy settings are checked now, before the user is sent to the browser.
  const transport = createTransport(io.env)
  // PKCE where the provider asks for it: the challenge goes in the address, the verifier with the code.
  const pkce = provider.authorize?.pkce ? createPkce() : undefined
  if (pkce) redactor.mask(pkce.verifier)
  const flags = (code: string, appSecret: string): ReturnType<typeof flagsAsInputs> =>
    flagsAsInputs(values, {
      'github-token': github.token,
      'authorization-code': code,
      'app-secret': appSecret,
      ...(pkce ? { 'code-verifier': pkce.verifier } : {})
    })

  // Every flag is checked first, with stand-ins for the two values that only come later.
  const early = readInputs(flags('pending', io.env[secretEnv] || 'pending'), {})
  if (!early.settings) return refuse(context, early.problems, { githubToken: github })
  const authorization = authorizeAddress(values, state, pkce?.challenge)
  if (authorization.address === undefined) return refuse(context, authorization.problems)
  for (const warning of authorization.warnings) say(context, warning)

  // Then every prompt: nothing is asked once the user has approved (some codes live 30 seconds).
  const optional = provider.appSecret === 'optional' ? '; empty for a public client' : ''
  const appSecret = io.env[secretEnv] || ((await io.lines.secret(`${provider.label} App Secret (${secretEnv}${optional}): `)) ?? '')
  redactor.mask(appSecret)
  const asked = readInputs(flags('pending', appSecret), {})
  if (!asked.settings) return refuse(context, asked.problems, { githubToken: github, appSecret })

  // Ctrl-C now ends a wait for the browser, and later lets a code's exchange finish.
  const cancelled = io.catchCancel?.()
  const reply = await replyTo(context, authorization, state, cancelled)
  if (typeof reply === 'number') return reply
  redactor.mask(readRedirect(reply).code)
  const { settings, problems } = readInputs(flags(reply, appSecret), {})
  if (!settings) return refuse(context, problems, { githubToken: github, appSecret })
  const foreign = notTheReply(reply, authorization.redirectUri, state)
  if (foreign) return usage(context, foreign)

  // Made only now: the requests' time budget must not run while the user is in the browser.
  const connection = connectServices(context, settings, transport, cancelled)
  const info = (message: string): void => say(context, message)
  const deps = { ...connection, now: () => new Date(), pause: pauseFromEnv(io.env, cancelled), info, cancelled }
  let outcome: Outcome
  try {
    outcome = await keepToken(settings.request, deps)
  } catch (error) {
    say(context, explainForCli(error, context, github))
    return EXIT.failed
  }
  report(context, outcome, github)
  return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed
}

/** Results on standard output, once each: what was stored where, whose token it is and until when; the rest on standard error. */
function report(context: CommandContext, outcome: Outcome, github: GitHubToken): void {
  const { io, provider } = context
  for (const { target, secret, status } of outcome.targets) io.out(`${secret} ${status} in ${target}`)
  for (const { target, name, status } of outcome.variables) io.out(`${name} ${status} in ${target}`)
  const { accessToken, username, userId, expiresAt, refreshTokenExpiresAt } = outcome
  if (accessToken !== undefined) {
    const who = username ? `${provider.label} user @${username} (id ${userId ?? '?'})` : `${provider.label} id ${userId ?? '?'}`
    const expiry = expiresAt ? `token expires ${expiresAt}` : `${provider.label} gave the token no expiry`
    io.out(`${who}; ${expiry}${refreshTokenExpiresAt ? `; refresh token expires ${refreshTokenExpiresAt}` : ''}`)
  }
  for (const { command, kind } of outcome.storeByHand) io.out(`Not stored. The ${kind}, sealed: ${command}`)
  for (const warning of outcome.warnings) say(context, `Warning: ${warning}`)
  for (const failure of outcome.failures) say(context, describeFailure(failure, cliTerms(context, github)))
}
