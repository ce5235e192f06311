/**
 * Issue 19, point 9: the command line speaks its own language. Each failure path of url, login
 * and status that a user can reach, for Threads, Facebook (at a loopback redirect URI) and LinkedIn
 * (pasted), run against the stand-ins: what it prints names the command line's flags and
 * environment variables, never an input of action.yml as the action quotes it ('app-secret'), and
 * no flag the command line does not have.
 */
import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { COMMANDS } from '../src/cli/help.js'
import { type TokenGrant } from '../stand-ins/github-api.js'
import { CLI_PROVIDERS, freePort, startCliWorld, stateOf, type CliProvider, type CliWorld } from './cli-world.js'
import { cli, type Answer } from './support.js'

const INPUTS = Object.keys((parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as { inputs: object }).inputs)
const FLAGS = new Set(Object.values(COMMANDS).flatMap(({ flags }) => Object.keys(flags)))

/**
 * What a run printed that speaks the action's language: its quoted input names, and flags the
 * command line does not have. Commands of other tools (`gh auth login --hostname`, the sealed hand-back's
 * `gh api --method`) and the unknown option a user typed, named back, are not its flags.
 */
function foreignWords(text: string): string[] {
  const inputs = INPUTS.filter((input) => text.includes(`'${input}'`)).map((input) => `'${input}'`)
  const own = text
    .replace(/`[^`]*`/g, '')
    .replace(/sealed: gh api .*$/gm, '')
    .replace(/^Unknown option '--[a-z-]+'/gm, '')
  const flags = [...own.matchAll(/(?<![\w-])--([a-z][a-z-]*)/g)].map(([, flag = '']) => flag).filter((flag) => !FLAGS.has(flag))
  return [...inputs, ...flags.map((flag) => `--${flag}`), ...ACTION_PHRASES.filter((phrase) => text.includes(phrase))]
}

/** The action's own ways of saying what to do: an input, a secret to store the GitHub token in, the README's manual run. */
const ACTION_PHRASES = ["Input '", 'store it as a secret', 'Bootstrap from a manual run', 'run this workflow']

const CODE_EXCHANGE: Record<CliProvider, string> = {
  threads: 'POST /oauth/access_token',
  facebook: 'GET /:version/oauth/access_token',
  linkedin: 'POST /oauth/v2/accessToken',
  x: 'POST /2/oauth2/token'
}
const PUBLIC_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key'
const FAST = { THREADS_TOKEN_KEEPER_TIME_SCALE: '0.001' }

/** A run to make: the arguments, the environment, what is typed first and what answers the address. */
interface Run {
  args: string[]
  env?: NodeJS.ProcessEnv
  typed?: string[]
  answer?: Answer
}

/**
 * The browser after approval, with `query(state, code)`: it follows the redirect to a listening login
 * (a loopback redirect URI, as the address names it), or the user pastes where login reads it.
 */
function approve(world: CliWorld, query = (state: string, code: string) => `code=${code}&state=${state}`): Answer {
  let done = false
  return (line) => {
    const state = stateOf(line)
    if (!state || done) return undefined
    done = true
    const redirectUri = new URL(line).searchParams.get('redirect_uri') ?? ''
    const reply = `${redirectUri}?${query(state, world.service.issueCode(line))}`
    if (!redirectUri.startsWith('http://')) return [reply]
    void fetch(reply).catch(() => undefined)
    return undefined
  }
}

/** A line pasted in reply to the address, whatever the redirect URI. */
const paste =
  (text: (state: string) => string): Answer =>
  (line) => {
    const state = stateOf(line)
    return state ? [text(state)] : undefined
  }

type Case = [name: string, run: (world: CliWorld) => Run | Promise<Run>]

const noToken = { PATH: '' }

const URL_CASES: Case[] = [
  ['url without flags', () => ({ args: ['url'] })],
  ['url without --redirect-uri', (w) => ({ args: ['url', '--provider', w.provider, '--app-id', w.service.appId] })],
  [
    'url with an app id that is none',
    (w) => ({ args: ['url', '--provider', w.provider, '--app-id', 'not an id!', '--redirect-uri', w.service.redirectUri] })
  ],
  [
    'url with a plain-http redirect',
    (w) => ({ args: ['url', '--provider', w.provider, '--app-id', w.service.appId, '--redirect-uri', 'http://example.org/cb'] })
  ],
  [
    'url with a control character',
    (w) => ({ args: ['url', '--provider', w.provider, '--app-id', w.service.appId, '--redirect-uri', 'https://example.org/cb\u0007'] })
  ],
  [
    'url for an unknown provider',
    () => ({ args: ['url', '--provider', 'mastodon', '--app-id', '1', '--redirect-uri', 'https://example.org/cb'] })
  ],
  ['url with a stray argument', () => ({ args: ['url', 'AQcode'] })],
  ['url with an unknown flag', () => ({ args: ['url', '--token', 'x'] })],
  ['url with a flag without its value', () => ({ args: ['url', '--app-id'] })]
]

const STATUS_CASES: Case[] = [
  ['status without --repo', (w) => ({ args: ['status', '--provider', w.provider], env: w.env() })],
  [
    'status with a repository that is no owner/name',
    (w) => ({ args: ['status', '--provider', w.provider, '--repo', 'nope'], env: w.env() })
  ],
  ['status with a bad secret name', (w) => ({ args: w.status('--secret-name', 'bad-name'), env: w.env() })],
  ['status with a bad variable name', (w) => ({ args: w.status('--expires-at-variable', 'bad-name'), env: w.env() })],
  ['status with a bad refresh token secret', (w) => ({ args: w.status('--refresh-token-secret', 'bad-name'), env: w.env() })],
  ['status with an environment that is no name', (w) => ({ args: w.status('--environment', '..'), env: w.env() })],
  ['status with a plain-http GitHub', (w) => ({ args: [...w.status(), '--github-api-url', 'http://example.org'], env: w.env() })],
  ['status with a service address that is no URL', (w) => ({ args: w.status('--api-url', 'not a url'), env: w.env() })],
  ['status without a GitHub token', (w) => ({ args: w.status(), env: noToken })],
  [
    'status with a GitHub token GitHub does not know',
    (w) => ({ args: w.status(), env: { GH_ENTERPRISE_TOKEN: 'ghp_unknown' + 'u'.repeat(30) } })
  ],
  [
    'status with a token that may not read secrets',
    (w) => ({ args: w.status(), env: { GH_ENTERPRISE_TOKEN: limited(w, { variables: 'read' }) } })
  ],
  [
    'status with a token that may not read variables',
    (w) => ({ args: w.status('--expires-at-variable', 'EXPIRES'), env: { GH_ENTERPRISE_TOKEN: limited(w, { secrets: 'read' }) } })
  ],
  [
    'status with a repository out of sight',
    (w) => ({ args: ['status', '--provider', w.provider, '--repo', 'octo-org/missing', '--github-api-url', w.github.url], env: w.env() })
  ],
  ['status with an environment that does not exist', (w) => ({ args: w.status('--environment', 'nope'), env: w.env() })],
  [
    'status with GitHub out of reach',
    async (w) => ({ args: [...w.status(), '--github-api-url', `http://127.0.0.1:${await freePort()}`], env: { ...w.env(), ...FAST } })
  ],
  [
    'status with GitHub failing',
    (w) => (
      w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/:name', { status: 502, times: Infinity }),
      { args: w.status(), env: { ...w.env(), ...FAST } }
    )
  ],
  ['status with an unusable proxy', (w) => ({ args: w.status(), env: { ...w.env(), HTTPS_PROXY: 'socks5://127.0.0.1:1080' } })],
  ['status with a stray argument', () => ({ args: ['status', 'ghp_token'] })],
  ['status with a flag of login', (w) => ({ args: w.status('--app-id', '1'), env: w.env() })]
]

/** A GitHub token that may do only what `grant` says. */
function limited(world: CliWorld, grant: TokenGrant): string {
  const token = 'github_pat_11AAAAlimited' + 'l'.repeat(20)
  world.github.addToken(token, grant)
  return token
}

const LOGIN_CASES: Case[] = [
  ['login without flags', (w) => ({ args: ['login', '--provider', w.provider], env: w.env() })],
  ['login without --repo', (w) => ({ args: w.login().filter((arg, i, all) => arg !== '--repo' && all[i - 1] !== '--repo'), env: w.env() })],
  ['login with an app id that is none', (w) => ({ args: w.login('--app-id', 'not an id!'), env: w.env() })],
  ['login with a plain-http redirect', (w) => ({ args: w.login('--redirect-uri', 'http://example.org/cb'), env: w.env() })],
  [
    'login with one variable for the id and the expiry',
    (w) => ({ args: w.login('--user-id-variable', 'SAME', '--expires-at-variable', 'SAME'), env: w.env() })
  ],
  ['login with a Page id that is no number', (w) => ({ args: w.login('--page-id', 'my-page'), env: w.env() })],
  ['login with a refresh token secret that is no name', (w) => ({ args: w.login('--refresh-token-secret', 'bad-name'), env: w.env() })],
  ['login with a bad secret name', (w) => ({ args: w.login('--secret-name', 'bad-name'), env: w.env() })],
  ['login with a service address that is no URL', (w) => ({ args: w.login('--api-url', 'ftp://example.org'), env: w.env() })],
  ['login without a GitHub token', (w) => ({ args: w.login(), env: { [w.secretEnv]: w.service.appSecret, ...noToken } })],
  // X's public clients have no secret: there, an empty one is taken, and login waits for the browser in vain.
  ['login with an empty app secret', (w) => ({ args: w.login(), env: { GH_ENTERPRISE_TOKEN: w.githubToken, ...FAST }, typed: [''] })],
  ['login with white space in the app secret', (w) => ({ args: w.login(), env: w.env({ [w.secretEnv]: 'two words' }) })],
  ['login with an unusable proxy', (w) => ({ args: w.login(), env: { ...w.env(), HTTPS_PROXY: 'socks5://127.0.0.1:1080' } })],
  ['login with nothing pasted, or no redirect in time', (w) => ({ args: w.login(), env: { ...w.env(), ...FAST } })],
  [
    'login with a pasted address of another state',
    (w) => ({ args: w.login(), env: w.env(), answer: paste(() => `${w.service.redirectUri}?code=AQx&state=forged`) })
  ],
  [
    'login with a pasted address without a state',
    (w) => ({ args: w.login(), env: w.env(), answer: paste(() => `${w.service.redirectUri}?code=AQx`) })
  ],
  [
    'login with a pasted address of another host',
    (w) => ({ args: w.login(), env: w.env(), answer: paste((state) => `https://elsewhere.example/cb?code=AQx&state=${state}`) })
  ],
  [
    'login with the authorize address pasted back',
    (w) => ({ args: w.login(), env: w.env(), answer: (line) => (stateOf(line) ? [line] : undefined) })
  ],
  [
    'login with a pasted address without a code',
    (w) => ({ args: w.login(), env: w.env(), answer: paste((state) => `${w.service.redirectUri}?state=${state}`) })
  ],
  ['login with white space in the pasted code', (w) => ({ args: w.login(), env: w.env(), answer: paste(() => 'AQ two words') })],
  [
    'login with a code the service never issued',
    (w) => ({ args: w.login(), env: w.env(), answer: approve(w, (state) => `code=AQneverissued&state=${state}`) })
  ],
  [
    'login with a code already used',
    async (w) => {
      let used = ''
      await cli(
        w.login(),
        w.env(),
        approve(w, (state, code) => `code=${(used = code)}&state=${state}`)
      )
      return { args: w.login(), env: w.env(), answer: approve(w, (state) => `code=${used}&state=${state}`) }
    }
  ],
  [
    'login with a wrong app secret',
    (w) => ({ args: w.login(), env: w.env({ [w.secretEnv]: 'wrongsecret0123456789' }), answer: approve(w) })
  ],
  [
    'login with an app id the service does not know',
    (w) => ({ args: w.login('--app-id', '9999999999'), env: w.env(), answer: approve(w) })
  ],
  [
    'login with another redirect URI than the one registered',
    async (w) => ({
      args: w.login(
        '--redirect-uri',
        w.provider === 'threads' ? 'https://example.org/other' : `http://127.0.0.1:${await freePort()}/other`
      ),
      env: w.env(),
      answer: approve(w)
    })
  ],
  [
    'login with the service out of reach',
    async (w) => ({ args: w.login('--api-url', `http://127.0.0.1:${await freePort()}`), env: { ...w.env(), ...FAST }, answer: approve(w) })
  ],
  [
    'login with the service failing',
    (w) => (
      w.service.server.fault(CODE_EXCHANGE[w.provider], { status: 500, times: Infinity }),
      { args: w.login(), env: { ...w.env(), ...FAST }, answer: approve(w) }
    )
  ],
  [
    'login with a GitHub token GitHub does not know',
    (w) => ({ args: w.login(), env: w.env({ GH_ENTERPRISE_TOKEN: 'ghp_unknown' + 'u'.repeat(30) }), answer: approve(w) })
  ],
  [
    'login with a token that may not write secrets',
    (w) => ({ args: w.login(), env: w.env({ GH_ENTERPRISE_TOKEN: limited(w, { secrets: 'read' }) }), answer: approve(w) })
  ],
  [
    'login with a token that may not read the public key',
    (w) => ({ args: w.login(), env: w.env({ GH_ENTERPRISE_TOKEN: limited(w, { variables: 'write' }) }), answer: approve(w) })
  ],
  [
    'login with a token that may not write variables',
    (w) => ({
      args: w.login('--user-id-variable', 'POSTER_ID'),
      env: w.env({ GH_ENTERPRISE_TOKEN: limited(w, { secrets: 'write' }) }),
      answer: approve(w)
    })
  ],
  ['login to a repository out of sight', (w) => ({ args: [...w.login(), '--repo', 'octo-org/missing'], env: w.env(), answer: approve(w) })],
  ['login to an environment that does not exist', (w) => ({ args: w.login('--environment', 'nope'), env: w.env(), answer: approve(w) })],
  [
    'login with GitHub out of reach',
    async (w) => ({
      args: [...w.login(), '--github-api-url', `http://127.0.0.1:${await freePort()}`],
      env: { ...w.env(), ...FAST },
      answer: approve(w)
    })
  ],
  [
    'login with GitHub failing',
    (w) => (
      w.github.server.fault(PUBLIC_KEY, { status: 503, times: Infinity }),
      { args: w.login(), env: { ...w.env(), ...FAST }, answer: approve(w) }
    )
  ]
]

const FACEBOOK_CASES: Case[] = [
  [
    'login to an account with several Pages',
    (w) => (
      w.facebook?.pages.push({ id: '222', name: 'Shop', category: 'Shop', tasks: ['CREATE_CONTENT'] }),
      { args: w.login(), env: w.env(), answer: approve(w) }
    )
  ],
  ['login with a Page id the account has not', (w) => ({ args: w.login('--page-id', '999'), env: w.env(), answer: approve(w) })],
  [
    'login to a Page the account may not post to',
    (w) => (
      w.facebook?.pages.splice(0, 1, { id: '111', name: 'Blog', category: 'Blogger', tasks: ['ANALYZE'] }),
      { args: w.login(), env: w.env(), answer: approve(w) }
    )
  ],
  [
    'login without pages_manage_posts',
    (w) => (w.facebook?.revokeScope('pages_manage_posts'), { args: w.login(), env: w.env(), answer: approve(w) })
  ],
  [
    'login that the user declines',
    (w) => ({ args: w.login(), env: w.env(), answer: approve(w, (state) => `error=access_denied&error_reason=user_denied&state=${state}`) })
  ],
  ['login whose port is in use', (w) => ({ args: w.login('--redirect-uri', w.github.url.replace(/\/?$/, '/cb')), env: w.env() })]
]

const LINKEDIN_CASES: Case[] = [
  [
    'login that the member declines, at a loopback redirect',
    async (w) => ({
      args: w.login('--redirect-uri', `http://127.0.0.1:${await freePort()}/cb`),
      env: w.env(),
      answer: approve(w, (state) => `error=user_cancelled_login&error_description=The+user+cancelled+LinkedIn+login&state=${state}`)
    })
  ],
  [
    'login whose token may not read the profile (a warning)',
    (w) => ({
      args: w.login(),
      env: w.env(),
      answer: approve(w, (state) => `code=${w.linkedin?.issueCode(['w_member_social']) ?? ''}&state=${state}`)
    })
  ]
]

/** Threads refuses a loopback redirect: url and login warn of one. */
const THREADS_CASES: Case[] = [
  [
    'url with a loopback redirect, which Threads refuses',
    (w) => ({ args: ['url', '--app-id', w.service.appId, '--redirect-uri', 'https://localhost/cb'] })
  ]
]

const CASES: Record<CliProvider, Case[]> = {
  threads: [...URL_CASES, ...STATUS_CASES, ...LOGIN_CASES, ...THREADS_CASES],
  facebook: [...URL_CASES, ...STATUS_CASES, ...LOGIN_CASES, ...FACEBOOK_CASES],
  linkedin: [...URL_CASES, ...STATUS_CASES, ...LOGIN_CASES, ...LINKEDIN_CASES],
  x: [...URL_CASES, ...STATUS_CASES, ...LOGIN_CASES]
}

describe.each(CLI_PROVIDERS)('--provider %s: every failure speaks the command line’s language', (provider) => {
  let world: CliWorld
  // Facebook at a loopback redirect URI, which login listens at; Threads and LinkedIn pasted.
  beforeEach(async () => {
    world = await startCliWorld(provider, { loopback: provider === 'facebook' })
  })
  afterEach(() => world.close())

  it.each(CASES[provider])('%s', async (_name, make) => {
    const { args, env = {}, typed = [], answer } = await make(world)
    const withProvider = args.includes('--provider') || args[0] === undefined ? args : [args[0], '--provider', provider, ...args.slice(1)]
    const result = await cli(withProvider, env, answer, typed)
    const printed = [result.out, result.err, result.prompts].join('\n')
    expect(result.err, 'a failure or a warning is said').not.toBe('')
    expect(foreignWords(printed), printed).toEqual([])
  })
})
