/**
 * threads-token-keeper on the command line: the first token without Postman. The same reading of
 * inputs and the same services as the action, driven by flags and one pasted line. Results go to
 * standard output, everything else (prompts, progress, help asked for by mistake, errors) to
 * standard error.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { providerChoices, providerNamed, type Provider } from '../setup/connect.js'
import { forTerminal } from '../shared/inert.js'
import { proxyCredentials } from '../shared/proxy.js'
import { createRedactor } from '../shared/redaction.js'
import {
  COMMANDS,
  NAME,
  appSecretVariable,
  commandHelp,
  exampleFlag,
  isCommand,
  overview,
  parseOptions,
  usageLine,
  type Command
} from './help.js'
import { login } from './login.js'
import { status } from './status.js'
import { EXIT, explainForCli, say, type CliIo, type CommandContext, type Values } from './terms.js'
import { url } from './url.js'
import { VERSION } from './version.js'

export { EXIT, type CliIo } from './terms.js'

/** A word (or a flag) is named back; anything else may be a pasted token or address, so it is not repeated. */
const isPlainWord = (text: string): boolean => /^-{0,2}[a-z][a-z-]{0,29}$/i.test(text)
const unknownCommand = (name: string): string =>
  `Unknown command${isPlainWord(name) ? ` '${name}'` : ''}: the commands are ${Object.keys(COMMANDS).join(', ')}. Run '${NAME} --help'.`
/** Node's own words repeat the argument, which may be a pasted token or an address with its code. The example is a flag of the command. */
const strayArgument = (command: Command): string =>
  `An argument without a flag (not repeated here: it may be a credential): give each value after its flag, as in ${exampleFlag(command)}.`

export async function main(argv: string[], terminal: CliIo): Promise<number> {
  // Whatever a service said, it reaches the terminal without escape sequences or control characters.
  const io: CliIo = { ...terminal, out: (line) => terminal.out(forTerminal(line)), err: (line) => terminal.err(forTerminal(line)) }
  const [name, ...rest] = argv
  if (name === undefined) {
    io.err(overview())
    return EXIT.usage
  }
  if (name === '--version' || name === '-v') {
    io.out(VERSION)
    return EXIT.ok
  }
  if (name === '--help' || name === '-h' || name === 'help') return help(rest[0], io)
  if (!isCommand(name)) {
    io.err(unknownCommand(name))
    return EXIT.usage
  }
  let values: Values
  try {
    values = parseArgs({ args: rest, options: parseOptions(name), strict: true, allowPositionals: false }).values
  } catch (error) {
    const stray = (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    io.err(`${stray ? strayArgument(name) : (error as Error).message}\n${usageLine(name)}\nRun '${NAME} ${name} --help' for every option.`)
    return EXIT.usage
  }
  if (values.help) {
    io.out(commandHelp(name))
    return EXIT.ok
  }
  return run(name, values, io)
}

/** `help`, `--help`, `help <command>`: asked for, so on standard output. */
function help(topic: string | undefined, io: CliIo): number {
  if (topic === undefined) {
    io.out(overview())
    return EXIT.ok
  }
  if (!isCommand(topic)) {
    io.err(unknownCommand(topic))
    return EXIT.usage
  }
  io.out(commandHelp(topic))
  return EXIT.ok
}

async function run(command: Command, values: Values, io: CliIo): Promise<number> {
  const provider = providerNamed(String(values.provider))
  const redactor = createRedactor(() => undefined)
  if (!provider) {
    io.err(`'--provider' is '${String(values.provider)}': write ${providerChoices()}.`)
    return EXIT.usage
  }
  const unstartable = cannotStart(command, provider)
  if (unstartable) {
    io.err(unstartable)
    return EXIT.usage
  }
  for (const credential of proxyCredentials(io.env)) redactor.mask(credential)
  const context: CommandContext = { command, values, provider, io, redactor, secretEnv: appSecretVariable(provider) }
  // What ties the redirect to this authorization: given (url --state), or a fresh one.
  const state = (): string => (typeof values.state === 'string' ? values.state : randomBytes(12).toString('hex'))
  try {
    if (command === 'url') return url(context, state())
    return command === 'login' ? await login(context, state()) : await status(context)
  } catch (error) {
    say(context, explainForCli(error, context))
    return EXIT.failed
  }
}

/** Why login or url cannot start this provider's authorization from a terminal; undefined where they can. */
function cannotStart(command: Command, { authorize, label, name }: Provider): string | undefined {
  // Nothing to open in a browser: the service's own pages give its refresh token, which the action keeps.
  if (command !== 'status' && !authorize) {
    return (
      `${label} has no authorize page the command line knows (--provider ${name}): authorize at the service, ` +
      'then keep the refresh token it gives with the action (docs/inputs.md). status shows what is stored.'
    )
  }
  // Its code is bound to a verifier only the login that asked for it holds: an address alone starts nothing usable.
  if (command === 'url' && authorize?.pkce) {
    return (
      `${label} binds each code to the login that asked for it (PKCE), so an address from url would give a code nothing can redeem: ` +
      `run \`${NAME} login --provider ${name}\`, which listens for the redirect and stores the refresh token.`
    )
  }
  return undefined
}
