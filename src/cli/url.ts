import { authorizeUrl } from '../setup/connect.js'
import { readAuthorization } from '../setup/inputs.js'
import { EXIT, flagsAsInputs, refuse, type CommandContext } from './terms.js'

/** The authorize address, on standard output and nothing else; its flags checked as the action checks its inputs. */
export function url(context: CommandContext, state: string): number {
  const { authorization, problems } = readAuthorization(flagsAsInputs(context.values, {}))
  if (!authorization) return refuse(context, problems)
  const { provider, appId, redirectUri } = authorization
  context.io.out(authorizeUrl(provider, appId, redirectUri, state))
  return EXIT.ok
}
