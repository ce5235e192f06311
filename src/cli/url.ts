import { authorizeUrl } from '../setup/connect.js'
import { readAuthorization } from '../setup/inputs.js'
import type { InputProblem } from '../shared/errors.js'
import { EXIT, flagsAsInputs, refuse, type CommandContext, type Values } from './terms.js'

/** The authorize address from the flags, checked (and trimmed) as the action checks its inputs; problems where they are unusable. */
export function authorizeAddress(values: Values, state: string): { address: string } | { address?: undefined; problems: InputProblem[] } {
  const { authorization, problems } = readAuthorization(flagsAsInputs(values, {}))
  if (!authorization) return { problems }
  const { provider, appId, redirectUri } = authorization
  return { address: authorizeUrl(provider, appId, redirectUri, { state }) }
}

/** The authorize address, on standard output and nothing else. */
export function url(context: CommandContext, state: string): number {
  const reading = authorizeAddress(context.values, state)
  if (reading.address === undefined) return refuse(context, reading.problems)
  context.io.out(reading.address)
  return EXIT.ok
}
