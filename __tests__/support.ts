/**
 * What the tests share, in one place: time units and retry policies, the leak checks, and ways to
 * run the code under test (a secret store, keepToken, the action in-process, the command line, the
 * bundle as a child process). Not a test file itself.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { realpathSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest'
import { run } from '../src/action/main.js'
import { main, type CliIo } from '../src/cli/commands.js'
import { createLineReader } from '../src/cli/prompt.js'
import { keepToken } from '../src/core/keeper.js'
import { describeFailure, type Outcome } from '../src/core/outcome.js'
import type { Flow } from '../src/core/request.js'
import { createOctokit } from '../src/github/octokit.js'
import { createSecretStores } from '../src/github/stores.js'
import type { SecretType, Target } from '../src/github/targets.js'
import { connect, providerClient } from '../src/setup/connect.js'
import { readInputs } from '../src/setup/inputs.js'
import { describeProblem } from '../src/shared/errors.js'
import { createHttp, defaultRetryPolicy, type Http, type RetryPolicy } from '../src/shared/http.js'
import type { Grant, Profile, TokenTimes } from '../src/core/ports.js'
import type { LongLivedTokens } from '../src/services/meta-graph.js'
import type { App, Provider, ProviderSettings } from '../src/services/provider.js'
import { facebook } from '../src/services/providers/facebook.js'
import { linkedin } from '../src/services/providers/linkedin.js'
import { oauth2 } from '../src/services/providers/oauth2.js'
import { x } from '../src/services/providers/x.js'
import { GitHubStandIn, type TokenGrant } from '../stand-ins/github-api.js'
import { node24, versionOf } from '../stand-ins/node24.js'
import { FacebookStandIn, type FacebookStandInOptions } from '../stand-ins/facebook-api.js'
import { LinkedInStandIn, type LinkedInStandInOptions } from '../stand-ins/linkedin-api.js'
import { OAuth2StandIn, type OAuth2StandInOptions } from '../stand-ins/oauth2-server.js'
import { XStandIn, type XStandInOptions } from '../stand-ins/x-api.js'
import { startProviderWorld, type ProviderWorld, type ProviderWorldOptions, type ServiceName } from '../stand-ins/provider-world.js'
import { parseOutputFile, runAction, type ActionRun } from '../stand-ins/run-action.js'
import type { StandInServer } from '../stand-ins/server.js'
import { startWorld, type World, type WorldOptions } from '../stand-ins/world.js'

export type { Flow } from '../src/core/request.js'

// ---- a Meta provider's calls on the Graph stand-in, the app given with each call

export interface GraphClientOptions {
  provider: Provider
  apiUrl: string
  oauthUrl: string
  http: Http
  mask: (value: string) => void
  debug: (line: string) => void
}

/** Threads' or Instagram's calls, each with the app it is given (the stand-in carries one), over the real client. */
export function createGraphClient({ provider, apiUrl, oauthUrl, http, mask, debug }: GraphClientOptions) {
  const client = providerClient(provider, { app: { appId: '', appSecret: '', redirectUri: '' } }, { apiUrl, oauthUrl, http, mask, debug })
  const tokens = (app: Partial<App> = {}): LongLivedTokens =>
    provider.connect(client, { app: { appId: '', appSecret: '', redirectUri: '', ...app } }) as LongLivedTokens
  const appOf = ({ appId, appSecret, redirectUri }: App): App => ({ appId, appSecret, redirectUri })
  return {
    exchangeCode: (code: string, app: App): Promise<Grant> => tokens(appOf(app)).exchangeCode(code),
    redeemCode: (code: string, app: App): Promise<Grant> => tokens(appOf(app)).redeemCode(code),
    exchangeForLongLived: (token: string, appSecret: string): Promise<Grant> => tokens({ appSecret }).exchangeForLongLived(token),
    refresh: (token: string): Promise<Grant> => tokens().refresh(token),
    profile: (token: string): Promise<Profile> => tokens().profile(token),
    inspect: (token: string): Promise<TokenTimes> => tokens().inspect(token)
  }
}

export type GraphClient = ReturnType<typeof createGraphClient>

export const HOUR = 3_600_000
export const DAY = 24 * HOUR

// Time-outs generous enough for a loaded machine; HANG_POLICY's short ones only where a hang is scripted.
export const POLICY: RetryPolicy = { ...defaultRetryPolicy, timeoutMs: 1500, minDelayMs: 1, maxDelayMs: 10, totalMs: 8000, runMs: 15000 }
export const HANG_POLICY: RetryPolicy = { ...POLICY, timeoutMs: 100 }

/** The rejection reason, or undefined when the promise resolved. */
export function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (reason: unknown) => reason
  )
}

/** A Graph API error body, as Meta sends it. */
export const graphErrorBody = (message: string, code: number, subcode?: number): Record<string, unknown> => ({
  error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'x' }
})

// ---- a secret store against the GitHub stand-in

export const GITHUB_TOKEN = 'github_pat_11AAAAunit' + 'y'.repeat(20)
export const REPOSITORY = 'octo-org/blog'
export const ENVIRONMENTS = ['social posting', 'prod/eu', 'ünï']

export interface StoreOptions {
  grant?: TokenGrant
  token?: string
  policy?: RetryPolicy
  secretType?: SecretType
  /** Mount the stand-in under a path, as GitHub Enterprise Server does (/api/v3). */
  prefix?: string
}

/** A started GitHub stand-in with octo-org/blog (and its environments), octo-org/docs, and a store on `target`. */
export async function openStore(target: Target, options: StoreOptions = {}) {
  const {
    grant = { secrets: 'write', variables: 'write', environments: 'write' },
    token = GITHUB_TOKEN,
    policy = POLICY,
    secretType = 'actions',
    prefix = ''
  } = options
  const standIn = new GitHubStandIn(prefix)
  standIn.addRepository(REPOSITORY, ENVIRONMENTS)
  standIn.addRepository('octo-org/docs')
  standIn.addToken(GITHUB_TOKEN, grant)
  await standIn.start()
  const debugLines: string[] = []
  const http = createHttp(policy, (line) => debugLines.push(line))
  const octokit = createOctokit({ token, baseUrl: standIn.url, http, debug: (line) => debugLines.push(line) })
  return { standIn, store: createSecretStores(octokit, target, [secretType])[0]!, debugLines }
}

// ---- keepToken, wired by connect() as the action wires it

export const NOW = new Date()
export const SECRET = 'THREAD_ACCESS_TOKEN'
export const USER_VAR = 'THREAD_USER_ID'
export const EXPIRY_VAR = 'THREAD_TOKEN_EXPIRES_AT'
export const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
export const FLOWS: Flow[] = ['authorization-code', 'short-lived-token', 'refresh']

/** Started stand-ins, and keepToken run against them with the world's inputs plus `extra`. */
export async function keeperWorld(options: WorldOptions = {}) {
  const w = await startWorld(options)
  const info: string[] = []
  const masked: string[] = []
  const paused: number[] = []
  /**
   * `runAskedAt` as the action gives it by default (the run's time unknown); `null` for none, as the
   * command line runs it: no race with another run is watched for.
   */
  const keep = (
    extra: Record<string, string>,
    cancelled?: AbortSignal,
    runAskedAt: (() => Promise<string | undefined>) | null = () => Promise.resolve(undefined)
  ): Promise<Outcome> => {
    const raw = w.inputs(extra)
    const { settings, problems } = readInputs((name) => raw[name] ?? '', {})
    if (!settings) throw new Error(problems.map(describeProblem).join('\n'))
    const connection = connect(settings, {
      http: createHttp(POLICY, () => undefined),
      mask: (value) => masked.push(value),
      debug: () => undefined
    })
    // Twenty times shorter, as the bundle's time scale in the e2e tests.
    const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, paused.push(ms) && ms / 20))
    const deps = { ...connection, now: () => NOW, pause, info: (line: string) => info.push(line), cancelled }
    return keepToken(settings.request, runAskedAt ? { ...deps, runAskedAt } : deps)
  }
  return { w, keep, info, masked, paused }
}

/** The outcome's failures, in the words the action prints. */
export function failuresOf(outcome: Outcome): string[] {
  return outcome.failures.map((failure) => describeFailure(failure))
}

/** The input that starts `flow`, with a fresh credential from the Graph stand-in. */
export function credential(w: World, flow: Flow, refreshAge = 2 * DAY): Record<string, string> {
  if (flow === 'authorization-code') return { 'authorization-code': w.graph.issueCode() }
  if (flow === 'short-lived-token') return { 'short-lived-token': w.graph.issueToken('short-lived') }
  return { 'long-lived-token': w.graph.issueToken('long-lived', refreshAge) }
}

/** The sealed value in a store-by-hand command. */
export function sealedIn(command: string): string {
  return /encrypted_value='([^']+)'/.exec(command)?.[1] ?? ''
}

// ---- what a run printed, and the leak checks

/** What the action printed and wrote, whether it ran in-process or as the bundle in a child process. */
export interface Printed {
  stdout: string
  stderr?: string
  outputs: Record<string, string>
  summary: string
}

/** The workflow-command lines of one kind (`::error::`), without the prefix, their escapes undone. */
export function commands(run: Printed, kind: 'error' | 'warning'): string[] {
  const prefix = `::${kind}::`
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith(prefix))
    .map((line) => line.slice(prefix.length).replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

export const errors = (run: Printed): string[] => commands(run, 'error')

/**
 * The leak scan: a credential may appear in the log only on ::add-mask:: lines, in outputs only
 * as `access-token`, and never in the step summary.
 */
export function expectNoLeaks(run: Printed, credentials: World | string[]): void {
  const secrets = Array.isArray(credentials) ? credentials : credentials.credentials()
  for (const stream of ['stdout', 'stderr'] as const) {
    const lines = (run[stream] ?? '').split('\n').filter((line) => !line.startsWith('::add-mask::'))
    for (const secret of secrets)
      expect(
        lines.filter((line) => line.includes(secret)),
        `${stream} shows a credential`
      ).toEqual([])
  }
  for (const [name, value] of Object.entries(run.outputs)) {
    if (name === 'access-token') continue
    for (const secret of secrets) expect(value, `output ${name} holds a credential`).not.toContain(secret)
  }
  for (const secret of secrets) expect(run.summary, 'the step summary holds a credential').not.toContain(secret)
}

/** Text that would be workflow commands, HTML and Markdown if it reached a sink as it is. */
export const HOSTILE =
  'ok\n::warning::pwned\n::set-output name=flow::evil\n::stop-commands::halt\r\n</table><h1>big</h1> @octocat [click](https://evil.example) <img src=x>'

/** Only the action's own workflow commands: none that HOSTILE would have started, and no HTML of it in the summary. */
export function expectNoInjectedCommands(run: Printed): void {
  const lines = run.stdout.split('\n')
  expect(lines.filter((line) => /^::(set-output|stop-commands)/.test(line))).toEqual([])
  expect(lines.filter((line) => line.startsWith('::warning::pwned'))).toEqual([])
  expect(run.summary).not.toMatch(/<\/table><h1>|<img/)
}

/**
 * A service's refusal that echoes the app secret back in the forms it may come in: upper-cased,
 * broken over a line, and inside the HTTP Basic header (base64 of `id:secret`, the secret at an
 * offset of its own). `leaks` are the pieces that must be in no line written: each form, and runs
 * of the base64 characters that stand for the secret alone.
 */
export function echoedSecret(appId: string, secret: string): { message: string; leaks: string[] } {
  const basic = Buffer.from(`${appId}:${secret}`, 'utf8').toString('base64')
  const cut = Math.floor(secret.length / 2)
  const message = `Invalid client_secret ${secret.toUpperCase()}; you sent ${secret.slice(0, cut)}\n${secret.slice(cut)} (Authorization: Basic ${basic})`
  const offset = Buffer.byteLength(`${appId}:`)
  const part = basic.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + Buffer.byteLength(secret))) / 6))
  const runs = Array.from({ length: Math.floor(part.length / 8) }, (_, i) => part.slice(i * 8, i * 8 + 8))
  return { message, leaks: [secret.toUpperCase(), secret.slice(0, cut), secret.slice(cut), ...runs] }
}

/** Each credential was masked (::add-mask::) on a line before any other line that holds it. */
export function expectMaskedFirst(run: Printed, values: string[]): void {
  const lines = run.stdout.split('\n')
  for (const value of values) {
    const mask = lines.indexOf(`::add-mask::${value}`)
    const use = lines.findIndex((line) => !line.startsWith('::add-mask::') && line.includes(value))
    expect(mask, `never masked: ${value.slice(0, 8)}…`).toBeGreaterThanOrEqual(0)
    if (use >= 0) expect(mask).toBeLessThan(use)
  }
}

// ---- the action in-process (src/action/main.ts), inputs as the runner passes them

export interface InProcessRun extends Printed {
  exitCode: string | number | null | undefined
  lines: string[]
  errors: string[]
  warnings: string[]
}

/** Registers the hooks; returns the harness. @actions/core remembers the first summary file: one for the whole file. */
export function actionHarness() {
  const SAVED_ENV = { ...process.env }
  let dir = ''
  const worlds: World[] = []
  let stdout: string[] = []
  const outputFile = (): string => join(dir, 'output')
  const summaryFile = (): string => join(dir, 'summary')

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'main-test-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_') || name.startsWith('GITHUB_')) delete process.env[name]
    await Promise.all([writeFile(outputFile(), ''), writeFile(summaryFile(), '')])
    Object.assign(process.env, { GITHUB_OUTPUT: outputFile(), GITHUB_STEP_SUMMARY: summaryFile(), THREADS_TOKEN_KEEPER_TIME_SCALE: '0.1' })
    stdout = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk))
      return true
    })
  })
  afterEach(async () => {
    vi.restoreAllMocks()
    for (const name of Object.keys(process.env)) if (!(name in SAVED_ENV)) delete process.env[name]
    Object.assign(process.env, SAVED_ENV)
    process.exitCode = undefined
    await Promise.all(worlds.splice(0).map((w) => w.close()))
  })

  async function start(options: WorldOptions = {}): Promise<World> {
    const world = await startWorld(options)
    worlds.push(world)
    return world
  }

  async function runWith(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<InProcessRun> {
    for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value
    Object.assign(process.env, env)
    await run()
    const text = stdout.join('')
    const lines = text.split('\n')
    const command = (prefix: string): string[] => lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(prefix.length))
    return {
      exitCode: process.exitCode,
      stdout: text,
      lines,
      errors: command('::error::'),
      warnings: command('::warning::'),
      outputs: parseOutputFile(await readFile(outputFile(), 'utf8')),
      summary: await readFile(summaryFile(), 'utf8')
    }
  }

  return { start, runWith, dir: () => dir }
}

// ---- the command line in-process (src/cli/commands.ts), with an io of its own

/** Lines to type in reply to a printed line: at once, or later (a user who takes a while in the browser). */
export type Answer = (line: string) => string[] | Promise<string[]> | undefined

/**
 * Runs one command; `answer` sees each printed line and may type lines in reply. Without it (and
 * after `typed`, lines typed before anything is printed: the prompts that come first), standard input is at its end.
 */
export async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, answer?: Answer, typed: string[] = []) {
  const input = new PassThrough()
  const promptStream = new PassThrough()
  let prompts = ''
  promptStream.on('data', (chunk: Buffer) => (prompts += chunk.toString()))
  const out: string[] = []
  const err: string[] = []
  const type = (lines: string[] | undefined): void => {
    for (const typed of lines ?? []) input.write(`${typed}\n`)
  }
  const io: CliIo = {
    out: (line) => {
      out.push(line)
      const reply = answer?.(line)
      if (reply instanceof Promise) void reply.then(type)
      else type(reply)
    },
    err: (line) => err.push(line),
    lines: createLineReader(input, promptStream),
    env: { THREADS_TOKEN_KEEPER_TIME_SCALE: '0.1', ...env }
  }
  for (const line of typed) input.write(`${line}\n`)
  if (!answer) input.end()
  const code = await main(argv, io)
  io.lines.close()
  return { code, out: out.join('\n'), err: err.join('\n'), prompts }
}

/** `login` pointed at the stand-ins of `world`, for whichever provider its Graph stand-in plays. */
export function loginArgs(world: World, ...extra: string[]): string[] {
  const urls =
    world.graph.provider === 'threads'
      ? ['--threads-api-url', world.graph.url]
      : ['--provider', world.graph.provider, '--instagram-api-url', world.graph.url, '--instagram-oauth-url', world.graph.url]
  const { appId, redirectUri } = world.graph
  return [
    'login',
    '--app-id',
    appId,
    '--redirect-uri',
    redirectUri,
    '--repo',
    world.repository,
    ...urls,
    '--github-api-url',
    world.github.url,
    ...extra
  ]
}

// ---- the bundle as a child process

let found: [string, string][] | undefined

/**
 * The runtimes every e2e suite runs the bundle under: Node 24, the runner's runtime, where npm
 * installed it (Linux x64), and the node running the tests (under `npm test`, the node npm runs on),
 * each once, as [name, path]. Node 24 first: suites that run under one runtime take the runner's.
 */
export function runtimes(): [string, string][] {
  found ??= [...new Set([node24(), process.execPath].filter((path): path is string => !!path).map((path) => realpathSync(path)))].map(
    (path) => [`node ${versionOf(path)}`, path]
  )
  return found
}

/**
 * Debug logging on (the leak scan must hold there too), and the bundle's time-outs and back-off
 * 20 times shorter, so that fault tests take milliseconds.
 */
export const FAST = { RUNNER_DEBUG: '1', THREADS_TOKEN_KEEPER_TIME_SCALE: '0.05' }

/** What the runner tells a step of the renewal workflow about its run: the failure issue speaks of it. */
export const RENEWAL_RUN = {
  GITHUB_REPOSITORY: 'octo-org/blog',
  GITHUB_WORKFLOW_REF: 'octo-org/blog/.github/workflows/renew-threads-token.yml@refs/heads/main',
  GITHUB_WORKFLOW: 'Renew Threads token',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '4242'
}

/** What a command-line child process printed, and how it ended. */
export interface CliRun {
  exitCode: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the command line as a child process (`command` is the executable and its first arguments);
 * `answer` sees standard output so far and returns the lines to type, once. Fast time-outs, debug on.
 */
export function runCli(
  command: string[],
  env: Record<string, string>,
  answer?: (stdout: string) => string[] | undefined,
  whileRunning?: (child: ChildProcess) => void
): Promise<CliRun> {
  const [file = '', ...args] = command
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { PATH: process.env.PATH ?? '', ...FAST, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
    whileRunning?.(child)
    let stdout = ''
    let stderr = ''
    let answered = !answer
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const lines = answered ? undefined : answer?.(stdout)
      if (lines) {
        answered = true
        child.stdin.end(lines.map((line) => `${line}\n`).join(''))
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    if (answered) child.stdin.end()
    child.on('error', reject)
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }))
  })
}

// ---- the bundle for a provider beyond Meta's long-lived tokens (Facebook, LinkedIn, X, any OAuth 2.0 service)

/** How one step runs, besides its inputs: its workflow file, what the runner sets besides, and a hand on the process (to cancel it). */
export interface ProviderStep {
  file?: string
  /** Over the defaults: a run id of its own (GITHUB_RUN_ID), the real time scale for a cancel. */
  env?: Record<string, string>
  whileRunning?: (child: ChildProcess) => void
}

/** As the runner runs `file`, the scheduled workflow that keeps `world`'s token: the bundle under `node`, the leak scan after. */
export async function runProviderStep(
  world: ProviderWorld<ServiceName>,
  node: string,
  inputs: Record<string, string>,
  { file = 'keep-tokens.yml', env = {}, whileRunning }: ProviderStep = {}
): Promise<ActionRun> {
  const result = await runAction({
    node,
    inputs: world.inputs(inputs),
    env: {
      ...FAST,
      ...RENEWAL_RUN,
      GITHUB_REPOSITORY: world.repository,
      GITHUB_WORKFLOW_REF: `${world.repository}/.github/workflows/${file}@refs/heads/main`,
      GITHUB_WORKFLOW: 'Keep tokens',
      GITHUB_API_URL: world.github.url,
      ...env
    },
    ...(whileRunning ? { whileRunning } : {})
  })
  expectNoLeaks(result, world.credentials())
  return result
}

/** Sends the process SIGINT, as the runner does when a job is cancelled, once `ready` holds (polled every 10 ms). */
export function interruptWhen(ready: () => boolean): (child: ChildProcess) => void {
  return (child) => {
    const poll = setInterval(() => {
      if (!ready()) return
      clearInterval(poll)
      child.kill('SIGINT')
    }, 10)
    child.on('close', () => clearInterval(poll))
  }
}

/** The store-by-hand commands a run printed: each a `gh api` line after the sealed token's introduction. */
export function storeCommandsIn(run: Printed): string[] {
  return run.stdout.split('\n').filter((line) => line.startsWith('gh api ') && line.includes('encrypted_value='))
}

// ---- a provider's calls on its stand-in (Facebook, LinkedIn), over the real client

interface ServiceStandIn {
  url: string
  server: StandInServer
  start(): Promise<string>
  close(): Promise<void>
}

/**
 * A start() that makes a stand-in and the settings of `provider`'s calls on it with `make`, starts it,
 * and gives the calls over the real client pointed at it; every stand-in made is closed after each
 * test. Every mask is recorded with how many requests the stand-in had seen by then.
 */
function callsEach<Stand extends ServiceStandIn, Args extends unknown[]>(
  provider: Provider,
  make: (...args: Args) => { stand: Stand; settings: ProviderSettings | (() => ProviderSettings) }
) {
  const made: Stand[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((stand) => stand.close()))
  })
  return async (...args: Args) => {
    const { stand, settings: given } = make(...args)
    made.push(stand)
    await stand.start()
    // Settings that name the stand-in's address are read once it listens.
    const settings = typeof given === 'function' ? given() : given
    const masks: { value: string; requestsBefore: number }[] = []
    const client = providerClient(provider, settings, {
      apiUrl: stand.url,
      oauthUrl: stand.url,
      http: createHttp(POLICY, () => undefined),
      mask: (value) => masks.push({ value, requestsBefore: stand.server.requests.length }),
      debug: () => undefined
    })
    return { stand, tokens: provider.connect(client, settings), masks }
  }
}

/** Facebook's calls on a fresh Graph stand-in (its clock stopped), with its app (`app` over it), keeping the Page `pageId` names. */
export const facebookCallsEach = () =>
  callsEach(facebook, (options: FacebookStandInOptions = {}, pageId?: string, app: Partial<App> = {}) => {
    const stand = new FacebookStandIn({ frozenClock: true, ...options })
    return { stand, settings: { app: { appId: stand.appId, appSecret: stand.appSecret, redirectUri: stand.redirectUri, ...app }, pageId } }
  })

/** LinkedIn's calls on a fresh stand-in (its clock stopped), with its app, the secret replaced by `secret` where given. */
export const linkedinCallsEach = () =>
  callsEach(linkedin, (options: LinkedInStandInOptions = {}, secret?: string) => {
    const stand = new LinkedInStandIn({ frozenClock: true, ...options })
    return { stand, settings: { app: { appId: stand.clientId, appSecret: secret ?? stand.clientSecret, redirectUri: stand.redirectUri } } }
  })

/** X's calls on a fresh stand-in (its clock stopped), with its app (`app` over it): a public client's has no secret. */
export const xCallsEach = () =>
  callsEach(x, (options: XStandInOptions = {}, app: Partial<App> = {}) => {
    const stand = new XStandIn({ frozenClock: true, ...options })
    const appSecret = stand.clientType === 'public' ? '' : stand.clientSecret
    return { stand, settings: { app: { appId: stand.clientId, appSecret, redirectUri: stand.redirectUri, ...app } } }
  })

/** Any OAuth 2.0 service's calls on a fresh stand-in (its clock stopped), at its token endpoint, authenticating as it expects unless `settings` say otherwise. */
export const oauth2CallsEach = () =>
  callsEach(oauth2, (options: OAuth2StandInOptions = {}, settings: Partial<ProviderSettings> = {}) => {
    const stand = new OAuth2StandIn({ frozenClock: true, ...options })
    const clientAuth = stand.clientAuth === 'client_secret_post' ? 'client-secret-post' : 'client-secret-basic'
    const app = { appId: stand.clientId, appSecret: stand.clientSecret, redirectUri: '' }
    // The endpoint's URL is known once the stand-in listens.
    return { stand, settings: () => ({ app, clientAuth, tokenUrl: stand.tokenUrl, ...settings }) }
  })

/** The ways LinkedIn's introspection finds a token dead: the case, the stand-in's options, the token, the status said. */
export const LINKEDIN_DEAD_TOKENS: [string, LinkedInStandInOptions, (stand: LinkedInStandIn) => string, string][] = [
  ['expired', {}, (stand) => stand.issueAccessToken(61 * DAY), 'expired'],
  [
    'revoked',
    {},
    (stand) => {
      const token = stand.issueAccessToken()
      stand.revoke(token)
      return token
    },
    'revoked'
  ],
  [
    'expired, RFC 7662-strict ({"active": false} alone)',
    { introspection: 'rfc7662' },
    (stand) => stand.issueAccessToken(61 * DAY),
    'inactive'
  ]
]

/** A start(service options, GitHub grant) of `name`'s world, `defaults` under the options; every world started is closed after each test. */
export function providerWorldsEach<Name extends ServiceName>(name: Name, defaults: ProviderWorldOptions<Name>['service'] = {}) {
  const started: ProviderWorld<Name>[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((world) => world.close()))
  })
  return async (service: ProviderWorldOptions<Name>['service'] = {}, grant?: TokenGrant): Promise<ProviderWorld<Name>> => {
    const world = await startProviderWorld(name, { service: { ...defaults, ...service }, ...(grant ? { grant } : {}) })
    started.push(world)
    return world
  }
}
