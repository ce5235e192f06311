import { authorizeUrl, type Provider } from '../setup/connect.js'
import { isLoopbackHost } from '../setup/fields.js'
import { readAuthorization } from '../setup/inputs.js'
import type { InputProblem } from '../shared/errors.js'
import { EXIT, flagsAsInputs, refuse, say, type CommandContext, type Values } from './terms.js'

/** The authorize address from the flags, as the action checks its inputs: what the browser opens, and what to warn of. */
export interface AuthorizeAddress {
  address: string
  /** Where the reply comes to, as given (trimmed). */
  redirectUri: string
  warnings: string[]
}

/**
 * The authorize address from the flags, checked (and trimmed) as the action checks its inputs;
 * problems where they are unusable. `codeChallenge`: PKCE's, where the provider asks for it.
 */
export function authorizeAddress(
  values: Values,
  state: string,
  codeChallenge?: string
): AuthorizeAddress | { address?: undefined; problems: InputProblem[] } {
  const { authorization, problems } = readAuthorization(flagsAsInputs(values, {}))
  if (!authorization) return { problems }
  const { provider, appId, redirectUri } = authorization
  const warnings = refusedLoopback(provider, redirectUri) ? [loopbackWarning(provider)] : []
  return { address: authorizeUrl(provider, appId, redirectUri, { state, codeChallenge }), redirectUri, warnings }
}

/** The authorize address, on standard output and nothing else; warnings on standard error. */
export function url(context: CommandContext, state: string): number {
  const reading = authorizeAddress(context.values, state)
  if (reading.address === undefined) return refuse(context, reading.problems)
  for (const warning of reading.warnings) say(context, warning)
  context.io.out(reading.address)
  return EXIT.ok
}

/** A redirect to this machine, where the provider refuses one: the authorize page would only show an error. */
function refusedLoopback(provider: Provider, redirectUri: string): boolean {
  if (provider.loopbackRedirect) return false
  const { hostname } = new URL(redirectUri)
  return isLoopbackHost(hostname) || hostname.endsWith('.localhost')
}

const loopbackWarning = ({ label }: Provider): string =>
  `Warning: ${label} refuses redirect URIs on localhost or a loopback address, so the authorize page would only show an error. ` +
  'Register an https:// address on a host you control (any page will do: you only copy the address it lands on) and pass it as --redirect-uri.'
