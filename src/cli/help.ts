/** The commands, their flags and the words that explain them: one table for parsing and for --help. */

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

const SHARED = {
  provider: { type: 'string', default: 'threads', value: 'threads|instagram', about: "Which service's token (default threads)." },
  'threads-api-url': { type: 'string', value: 'URL', about: 'Base URL of the Threads Graph API.' },
  'instagram-api-url': { type: 'string', value: 'URL', about: "Base URL of Instagram's Graph API." },
  'instagram-oauth-url': { type: 'string', value: 'URL', about: 'Base URL where Instagram exchanges codes.' },
  'github-api-url': {
    type: 'string',
    value: 'URL',
    about: 'Base URL of the GitHub REST API (GitHub Enterprise Server: https://HOST/api/v3).'
  },
  help: { type: 'boolean', short: 'h', about: 'Show this help.' }
} as const satisfies Record<string, Flag>

const HELP: Flag = SHARED.help

const APP = {
  'app-id': { type: 'string', value: 'ID', required: true, about: 'The numeric Threads (or Instagram) App ID, not the Facebook App ID.' },
  'redirect-uri': { type: 'string', value: 'URI', required: true, about: 'The https:// redirect URI registered for the app, exactly.' }
} as const satisfies Record<string, Flag>

const TARGET = {
  repo: { type: 'string', value: 'owner/name', required: true, about: 'The repository that holds the secret.' },
  environment: { type: 'string', value: 'NAME', about: 'An environment of that repository instead of the repository itself.' },
  'secret-name': { type: 'string', value: 'NAME', about: 'The secret (default THREAD_ACCESS_TOKEN, or INSTAGRAM_ACCESS_TOKEN).' }
} as const satisfies Record<string, Flag>

const EXPIRY = {
  'expires-at-variable': { type: 'string', value: 'NAME', about: "The variable with the token's expiry, e.g. THREAD_TOKEN_EXPIRES_AT." }
} as const satisfies Record<string, Flag>

export const COMMANDS = {
  url: {
    summary: 'Print the authorize address to open in a browser.',
    about: 'Prints the address that starts authorization, with your app id and redirect URI, on standard output. Sends nothing.',
    flags: { ...APP, state: { type: 'string', value: 'S', about: 'The state parameter (default: a random one).' }, ...SHARED }
  },
  login: {
    summary: 'Authorize in a browser, then store the long-lived token as an encrypted secret.',
    about:
      'Prints the authorize address, reads the address you were sent to after approving (or just the code) from standard ' +
      'input, exchanges it for a long-lived token and stores it as an encrypted secret: the token itself is never printed. ' +
      'The app secret comes from THREADS_APP_SECRET (INSTAGRAM_APP_SECRET) or a prompt that does not echo; the GitHub ' +
      "token, which must be allowed to write the repository's secrets, from GH_TOKEN, GITHUB_TOKEN or `gh auth token`.",
    flags: {
      ...APP,
      ...TARGET,
      'user-id-variable': { type: 'string', value: 'NAME', about: 'Also store the user id in this variable, e.g. THREAD_USER_ID.' },
      'expires-at-variable': { ...EXPIRY['expires-at-variable'], about: "Also store the token's expiry in this variable." },
      ...SHARED
    }
  },
  status: {
    summary: 'Show whether the secret is there, when it was written, and days left. Never a value.',
    about:
      'Reads, changes nothing: whether the secret exists and when it was last written, and with --expires-at-variable ' +
      "when the token expires. The GitHub token (GH_TOKEN, GITHUB_TOKEN or `gh auth token`) needs only to read the repository's secrets and variables.",
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

const EXIT_CODES = 'Exit codes: 0 done, 1 failed, 2 wrong usage (nothing was sent), 130 a second Ctrl-C.'

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
