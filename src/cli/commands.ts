/**
 * threads-token-keeper on the command line: the first token without Postman. The same reading of
 * inputs and the same services as the action, driven by flags and one pasted line.
 */
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { authorizeUrl, providerNamed } from '../setup/connect.js'
import { explain } from '../shared/explain.js'
import { proxyCredentials } from '../shared/proxy.js'
import { createRedactor } from '../shared/redaction.js'
import { login } from './login.js'
import { status } from './status.js'
import { EXIT, usage, type CliIo, type CommandContext, type Values } from './terms.js'

export { EXIT, type CliIo } from './terms.js'

const SHARED = {
  provider: { type: 'string', default: 'threads' },
  'threads-api-url': { type: 'string' },
  'instagram-api-url': { type: 'string' },
  'instagram-oauth-url': { type: 'string' },
  'github-api-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

const COMMANDS = {
  url: {
    usage: 'url --app-id ID --redirect-uri URI [--provider threads|instagram] [--state S]',
    about: 'Print the authorize URL to open in a browser.',
    options: { ...SHARED, 'app-id': { type: 'string' }, 'redirect-uri': { type: 'string' }, state: { type: 'string' } }
  },
  login: {
    usage:
      'login --app-id ID --redirect-uri URI --repo owner/name [--environment E] [--secret-name N] [--user-id-variable V] [--expires-at-variable V] [--provider threads|instagram]',
    about:
      'Print the authorize URL, read the address you were redirected to (or just the code) from standard input, exchange it for a long-lived token and store it as an encrypted secret. The app secret comes from THREADS_APP_SECRET (INSTAGRAM_APP_SECRET) or a prompt; the GitHub token from GH_TOKEN, GITHUB_TOKEN or `gh auth token`.',
    options: {
      ...SHARED,
      'app-id': { type: 'string' },
      'redirect-uri': { type: 'string' },
      repo: { type: 'string' },
      environment: { type: 'string' },
      'secret-name': { type: 'string' },
      'user-id-variable': { type: 'string' },
      'expires-at-variable': { type: 'string' }
    }
  },
  status: {
    usage: 'status --repo owner/name [--environment E] [--secret-name N] [--expires-at-variable V] [--provider threads|instagram]',
    about: 'Show whether the secret is there and when it was last written, and the expiry variable with days left. Never a value.',
    options: {
      ...SHARED,
      repo: { type: 'string' },
      environment: { type: 'string' },
      'secret-name': { type: 'string' },
      'expires-at-variable': { type: 'string' }
    }
  }
} as const

type Command = keyof typeof COMMANDS

function help(): string {
  const lines = ['Usage: threads-token-keeper <command> [options]', '']
  for (const { usage, about } of Object.values(COMMANDS)) lines.push(`  ${usage}`, `      ${about}`, '')
  lines.push(SHARED_HELP, '', `Run 'threads-token-keeper <command> --help' for one command. Exit codes: 0 done, 1 failed, 2 wrong usage.`)
  return lines.join('\n')
}

const SHARED_HELP =
  'Every command also takes --threads-api-url, --instagram-api-url, --instagram-oauth-url and --github-api-url URL ' +
  '(GitHub Enterprise Server: https://HOST/api/v3), and --help.'

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help())
    return name ? EXIT.ok : EXIT.usage
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(`Unknown command '${name}'.\n\n${help()}`)
    return EXIT.usage
  }
  const command = COMMANDS[name as Command]
  let values: Values
  try {
    values = parseArgs({ args: rest, options: command.options, strict: true, allowPositionals: false }).values as Values
  } catch (error) {
    io.err(`${(error as Error).message}\n\nUsage: threads-token-keeper ${command.usage}`)
    return EXIT.usage
  }
  if (values.help) {
    io.out(`Usage: threads-token-keeper ${command.usage}\n\n${command.about}\n\n${SHARED_HELP}`)
    return EXIT.ok
  }

  const provider = providerNamed(String(values.provider))
  if (!provider) {
    io.err(`--provider is '${String(values.provider)}': write threads or instagram.`)
    return EXIT.usage
  }
  const redactor = createRedactor(() => undefined)
  for (const credential of proxyCredentials(io.env)) redactor.mask(credential)
  const context: CommandContext = { values, provider, io, redactor, secretEnv: `${provider.name.toUpperCase()}_APP_SECRET` }
  const state = typeof values.state === 'string' ? values.state : randomBytes(12).toString('hex')
  try {
    if (name === 'url') {
      const [appId, redirectUri] = [values['app-id'], values['redirect-uri']]
      if (typeof appId !== 'string' || typeof redirectUri !== 'string')
        return usage(context, "'--app-id' and '--redirect-uri' are required.")
      io.out(authorizeUrl(provider, appId, redirectUri, state))
      return EXIT.ok
    }
    return name === 'login' ? await login(context, state) : await status(context)
  } catch (error) {
    io.err(redactor.redact(explain(error)))
    return EXIT.failed
  }
}
