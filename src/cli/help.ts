/**
 * The commands, their flags and the words that explain them: one table for parsing and for --help.
 * What differs by provider (their names, secrets, hosts) is read from the registry.
 */
import { DEFAULT_PROVIDER, PROVIDERS, providerChoices, type Provider } from '../setup/connect.js'

/** A flag of parseArgs, with the sentence --help prints for it. */
interface Flag {
  type: 'string' | 'boolean'
  short?: string
  default?: string
  value?: string
  /** Bare in the usage line; the others are shown in brackets. */
  required?: true
  about: string
}

const joined = (items: string[]): string =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1) ?? ''}` : (items[0] ?? '')

/** Where a provider's app secret comes from: THREADS_APP_SECRET, FACEBOOK_APP_SECRET. */
export const appSecretVariable = ({ name }: Provider): string => `${name.toUpperCase()}_APP_SECRET`

/** The v1 flags that point one provider's hosts elsewhere (`--threads-api-url`), still taken. */
const LEGACY_URLS: Record<string, Flag> = Object.fromEntries(
  PROVIDERS.flatMap(({ label, legacyUrlInputs }) =>
    Object.entries(legacyUrlInputs ?? {}).map(([host, flag]): [string, Flag] => [
      flag,
      {
        type: 'string',
        value: 'URL',
        about: `Base URL ${host === 'api' ? `of the ${label} API` : `where ${label} exchanges codes`} (kept from v1: --api-url does it for any provider).`
      }
    ])
  )
)

const SHARED = {
  provider: {
    type: 'string',
    default: DEFAULT_PROVIDER.name,
    value: 'NAME',
    about: `Which service's token: ${providerChoices()} (default ${DEFAULT_PROVIDER.name}).`
  },
  'api-url': {
    type: 'string',
    value: 'URL',
    about:
      "Base URL for every host of the provider (its API, and where it exchanges codes): a stand-in, a gateway. Default: the provider's own."
  },
  ...LEGACY_URLS,
  'github-api-url': {
    type: 'string',
    value: 'URL',
    about: 'Base URL of the GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3).'
  },
  help: { type: 'boolean', short: 'h', about: 'Show this help.' }
} as const satisfies Record<string, Flag>

const HELP: Flag = SHARED.help

/** The providers whose authorization login can start: the action knows their authorize page. */
const authorizing = PROVIDERS.filter(({ authorize }) => authorize !== undefined)
const loopbackProviders = authorizing.filter(({ loopbackRedirect }) => loopbackRedirect).map(({ name }) => name)

const APP = {
  'app-id': {
    type: 'string',
    value: 'ID',
    required: true,
    about: "The app's ID (or Client ID), as the service's developer settings show it."
  },
  'redirect-uri': {
    type: 'string',
    value: 'URI',
    required: true,
    about:
      'The redirect URI registered for the app, exactly: https://, or for a service that accepts one ' +
      `(${joined(loopbackProviders)}) a loopback http://127.0.0.1:PORT/path, where login listens for the redirect itself.`
  }
} as const satisfies Record<string, Flag>

const tokenDefaults = PROVIDERS.flatMap(({ name, defaultSecretName }) => (defaultSecretName ? [`${defaultSecretName} for ${name}`] : []))
const refreshing = PROVIDERS.filter(({ credentials }) => credentials.refreshToken)
const refreshDefaults = refreshing.map(
  ({ name, defaultRefreshTokenSecret }) => `${defaultRefreshTokenSecret ?? 'none: give it'} for ${name}`
)

const TARGET = {
  repo: { type: 'string', value: 'owner/name', required: true, about: 'The repository that holds the secret.' },
  environment: { type: 'string', value: 'NAME', about: 'An environment of that repository instead of the repository itself.' },
  'secret-name': {
    type: 'string',
    value: 'NAME',
    about: `The secret of the token (default ${tokenDefaults.join(', ')}; none for the others, which keep a refresh token).`
  },
  'refresh-token-secret': {
    type: 'string',
    value: 'NAME',
    about: `The secret of the refresh token, for a service that grants one (default ${refreshDefaults.join(', ')}).`
  }
} as const satisfies Record<string, Flag>

const EXPIRY = {
  'expires-at-variable': { type: 'string', value: 'NAME', about: "The variable with the token's expiry, e.g. THREAD_TOKEN_EXPIRES_AT." }
} as const satisfies Record<string, Flag>

const secretVariables = authorizing.map(appSecretVariable).join(', ')

export const COMMANDS = {
  url: {
    summary: 'Print the authorize address to open in a browser.',
    about: 'Prints the address that starts authorization, with your app id and redirect URI, on standard output. Sends nothing.',
    flags: { ...APP, state: { type: 'string', value: 'S', about: 'The state parameter (default: a random one).' }, ...SHARED }
  },
  login: {
    summary: 'Authorize in a browser, then store the token as an encrypted secret.',
    about:
      "Asks for what it needs first (the app secret comes from the provider's variable, " +
      `${secretVariables}, or a prompt that does not echo), then prints the authorize address and takes the reply: ` +
      'where --redirect-uri is a loopback http:// address, login listens there and catches the redirect itself (or takes the ' +
      'address pasted from another machine); otherwise paste the address you are sent to after approving, or just the code. ' +
      'It exchanges the code at once and stores the token as an encrypted secret: the token itself is never printed. The GitHub ' +
      "token, which must be allowed to write the repository's secrets, comes from GH_TOKEN, GITHUB_TOKEN or `gh auth token`.",
    flags: {
      ...APP,
      ...TARGET,
      'page-id': {
        type: 'string',
        value: 'ID',
        about: 'With --provider facebook: the Page whose token is kept (default: the one Page the account manages).'
      },
      'user-id-variable': {
        type: 'string',
        value: 'NAME',
        about: "Also store the id the token posts as (the user's; a Page token's Page) in this variable, e.g. THREAD_USER_ID."
      },
      'expires-at-variable': { ...EXPIRY['expires-at-variable'], about: "Also store the token's expiry in this variable." },
      ...SHARED
    }
  },
  status: {
    summary: 'Show whether the secrets are there, when they were written, and days left. Never a value.',
    about:
      "Reads, changes nothing: whether the secret exists and when it was last written (and the refresh token's, for a " +
      'provider that grants them), and with --expires-at-variable when the token expires. The GitHub token (GH_TOKEN, ' +
      "GITHUB_TOKEN or `gh auth token`) needs only to read the repository's secrets and variables.",
    flags: { ...TARGET, ...EXPIRY, ...SHARED }
  }
} as const

export type Command = keyof typeof COMMANDS

export const isCommand = (name: string): name is Command => Object.hasOwn(COMMANDS, name)

export const NAME = 'threads-token-keeper'

/** The flags as node:util's parseArgs takes them. */
export function parseOptions(command: Command): Record<string, { type: 'string' | 'boolean'; short?: string; default?: string }> {
  return Object.fromEntries(
    Object.entries(COMMANDS[command].flags).map(([flag, spec]: [string, Flag]) => [
      flag,
      { type: spec.type, ...(spec.short ? { short: spec.short } : {}), ...(spec.default ? { default: spec.default } : {}) }
    ])
  )
}

/** The command's first required flag with its value, as in `--repo owner/name`: an example of a flag this command has. */
export function exampleFlag(command: Command): string {
  const flags = Object.entries<Flag>(COMMANDS[command].flags)
  const [flag, { value }] = flags.find(([, spec]) => spec.required) ?? ['help', HELP]
  return `--${flag}${value ? ` ${value}` : ''}`
}

/** One line: the command and its flags, required ones bare, the rest in brackets. */
export function usageLine(command: Command): string {
  const flags = Object.entries(COMMANDS[command].flags)
    .filter(([flag]) => !(flag in SHARED))
    .map(([flag, spec]: [string, Flag]) => {
      const text = `--${flag}${spec.value ? ` ${spec.value}` : ''}`
      return spec.required ? text : `[${text}]`
    })
  return `Usage: ${NAME} ${command} ${flags.join(' ')} [options]`
}

/** `<command> --help`: usage, what it does, every flag. */
export function commandHelp(command: Command): string {
  const { about, flags } = COMMANDS[command]
  const rows = Object.entries(flags).map(([flag, spec]: [string, Flag]) => {
    const name = `${spec.short ? `-${spec.short}, ` : ''}--${flag}${spec.value ? ` ${spec.value}` : ''}`
    return `  ${name.padEnd(34)} ${spec.about}`
  })
  return [usageLine(command), '', about, '', 'Options:', ...rows, '', EXIT_CODES].join('\n')
}

const EXIT_CODES =
  'Exit codes: 0 done, 1 failed, 2 wrong usage (nothing was sent), 130 interrupted (Ctrl-C while login waits for the browser, or a second Ctrl-C).'

/** `--help`: every command in one line each. */
export function overview(): string {
  const rows = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(8)} ${summary}`)
  return [
    `Usage: ${NAME} <command> [options]`,
    '',
    'Commands:',
    ...rows,
    '',
    `Run '${NAME} <command> --help' for its options, '${NAME} --version' for the version.`,
    EXIT_CODES
  ].join('\n')
}
