/**
 * threads-token-keeper on the command line: the first token without Postman. The same modules as
 * the action (inputs, Graph client, secret stores, keeper), driven by flags and one pasted line.
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { InputError, explain } from './errors.js'
import { createOctokit, createSecretStore } from './github.js'
import { createGraphClient } from './graph.js'
import { createHttp, policyFromEnv, type Http } from './http.js'
import { cleanAuthorizationCode, readInputs } from './inputs.js'
import { keepToken } from './keeper.js'
import type { LineReader } from './prompt.js'
import { PROVIDERS, authorizeUrl, isProviderName } from './providers.js'
import { createRedactor } from './redaction.js'

/** Exit codes scripts can rely on. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

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
type Values = Record<string, string | boolean | undefined>

export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  lines: LineReader
  env: NodeJS.ProcessEnv
}

function help(): string {
  const lines = ['Usage: threads-token-keeper <command> [options]', '']
  for (const { usage, about } of Object.values(COMMANDS)) lines.push(`  ${usage}`, `      ${about}`, '')
  lines.push(SHARED_HELP, '', `Run 'threads-token-keeper <command> --help' for one command. Exit codes: 0 done, 1 failed, 2 wrong usage.`)
  return lines.join('\n')
}

const SHARED_HELP =
  'Every command also takes --threads-api-url, --instagram-api-url, --instagram-oauth-url and --github-api-url URL ' +
  '(GitHub Enterprise Server: https://HOST/api/v3), and --help.'

/** The action's input names in its messages, as the command line spells them. */
function inCliTerms(problem: string, secretEnv: string): string {
  const names: Record<string, string> = {
    repository: "'--repo'",
    'github-token': 'the GitHub token (GH_TOKEN or GITHUB_TOKEN, or log in with `gh auth login`)',
    'app-secret': `the app secret (${secretEnv}, or typed at the prompt)`,
    'authorization-code': 'the pasted address or code'
  }
  return problem.replace(/Input '([a-z-]+)'/g, (_, input: string) => names[input] ?? `'--${input}'`)
}

/** The action's inputs, from the flags: one validation for both. */
function asInputs(values: Values, extra: Record<string, string>): (name: string) => string {
  const renamed: Record<string, string | undefined> = { repository: values.repo as string | undefined }
  return (name) => extra[name] ?? renamed[name] ?? (typeof values[name] === 'string' ? values[name] : '')
}

function githubToken(env: NodeJS.ProcessEnv): string {
  const fromEnv = env.GH_TOKEN || env.GITHUB_TOKEN
  if (fromEnv) return fromEnv
  try {
    return execFileSync('gh', ['auth', 'token'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return ''
  }
}

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

  const redactor = createRedactor(() => undefined)
  const provider = isProviderName(String(values.provider)) ? PROVIDERS[values.provider as keyof typeof PROVIDERS] : undefined
  if (!provider) {
    io.err(`--provider is '${String(values.provider)}': write threads or instagram.`)
    return EXIT.usage
  }
  const state = typeof values.state === 'string' ? values.state : randomBytes(12).toString('hex')
  const secretEnv = `${provider.name.toUpperCase()}_APP_SECRET`
  try {
    if (name === 'url') {
      const [appId, redirectUri] = [values['app-id'], values['redirect-uri']]
      if (typeof appId !== 'string' || typeof redirectUri !== 'string')
        throw new InputError(["'--app-id' and '--redirect-uri' are required."])
      io.out(authorizeUrl(provider, appId, redirectUri, state))
      return EXIT.ok
    }

    const extra: Record<string, string> = { 'github-token': githubToken(io.env) }
    redactor.mask(extra['github-token'] ?? '')
    // Made when the requests start: its time budget must not run while the user is in the browser.
    const http = (): Http => createHttp(policyFromEnv(io.env), () => undefined)
    const info = (message: string): void => io.err(redactor.redact(message))

    if (name === 'status') {
      const inputs = readInputs(asInputs(values, extra), {}, { credential: false })
      const store = createSecretStore(
        createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http: http(), debug: () => undefined }),
        inputs.targets[0] ?? { kind: 'repository', owner: '', repo: '' },
        inputs.secretType
      )
      await store.prepare()
      const updatedAt = await store.secretUpdatedAt(inputs.secretName)
      io.out(`${inputs.secretName} in ${store.label}: ${updatedAt ? `present, last written ${updatedAt}` : 'not set'}`)
      if (inputs.expiresAtVariable) {
        const expiry = await store.readVariable(inputs.expiresAtVariable)
        const days = expiry ? Math.round((Date.parse(expiry) - Date.now()) / 86_400_000) : undefined
        io.out(
          `${inputs.expiresAtVariable}: ${expiry ? `${expiry} (${days !== undefined && days >= 0 ? `${days} days left` : 'expired'})` : 'not set'}`
        )
      }
      return updatedAt ? EXIT.ok : EXIT.failed
    }

    // login: every flag is checked before the user is sent to the browser, with stand-ins for
    // the two values that only come later.
    readInputs(asInputs(values, { ...extra, 'authorization-code': 'pending', 'app-secret': io.env[secretEnv] || 'pending' }), {})
    const [appId, redirectUri] = [String(values['app-id'] ?? ''), String(values['redirect-uri'] ?? '')]
    io.out(
      `Open this address in a browser, approve, then paste the address you are sent to:\n${authorizeUrl(provider, appId, redirectUri, state)}`
    )
    const pasted = (await io.lines.next('Redirected address (or code): ')) ?? ''
    if (!pasted.trim())
      throw new InputError(['Nothing was pasted: after approving, paste the address you were sent to (or just its code).'])
    const returnedState = /^https?:\/\//i.test(pasted.trim()) ? safeUrl(pasted.trim())?.searchParams.get('state') : undefined
    if (returnedState !== undefined && returnedState !== null && returnedState !== state) {
      throw new InputError([
        "The pasted address carries another 'state' than this login's: it is not the reply to this authorization. Start over."
      ])
    }
    extra['authorization-code'] = pasted
    extra['app-secret'] = io.env[secretEnv] || ((await io.lines.secret(`${provider.label} App Secret (${secretEnv}): `)) ?? '')
    redactor.mask(extra['app-secret'])
    redactor.mask(cleanAuthorizationCode(pasted))
    const inputs = readInputs(asInputs(values, extra), {})
    const requests = http()
    const graph = createGraphClient({
      provider,
      apiUrl: inputs.apiUrl,
      oauthUrl: inputs.oauthUrl,
      http: requests,
      mask: redactor.mask,
      debug: () => undefined
    })
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http: requests, debug: () => undefined })
    const stores = inputs.targets.map((target) => createSecretStore(octokit, target, inputs.secretType))
    const outcome = await keepToken(inputs, { graph, stores, now: () => new Date(), info })
    for (const { target, status } of outcome.targets) io.out(`${inputs.secretName} ${status} in ${target}`)
    if (outcome.username)
      io.out(`${provider.label} user @${outcome.username} (id ${outcome.userId ?? '?'}); token expires ${outcome.expiresAt ?? '?'}`)
    for (const { command } of outcome.handBacks) io.out(`Not stored. The token, sealed: ${command}`)
    for (const warning of outcome.warnings) io.err(`Warning: ${redactor.redact(warning)}`)
    for (const failure of outcome.failures) io.err(redactor.redact(failure))
    return outcome.failures.length === 0 ? EXIT.ok : EXIT.failed
  } catch (error) {
    if (error instanceof InputError) {
      for (const problem of error.problems) io.err(redactor.redact(inCliTerms(problem, secretEnv)))
      return EXIT.usage
    }
    io.err(redactor.redact(explain(error)))
    return EXIT.failed
  }
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text)
  } catch {
    return undefined
  }
}
