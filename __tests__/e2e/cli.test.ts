import type { ChildProcess } from 'node:child_process'
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWorld, type World } from '../../stand-ins/world.js'
import type { StandInServer } from '../../stand-ins/server.js'
import { echoedSecret, loginArgs, runCli, type CliRun } from '../support.js'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))
// The node running the tests: the one npm runs on under `npm test` (each of Node 20, 22 and 24 in CI's matrix).
const node = process.execPath
const PUT = 'PUT /repos/:owner/:repo/actions/secrets/:name'

/** dist/cli.js under the first runtime, as a child process. */
const cli = (
  args: string[],
  env: Record<string, string>,
  answer?: (stdout: string) => string[] | undefined,
  whileRunning?: (child: ChildProcess) => void
): Promise<CliRun> => runCli([node, CLI, ...args], env, answer, whileRunning)

describe('the command line, as a child process', () => {
  let world: World
  beforeEach(async () => {
    world = await startWorld()
  })
  afterEach(() => world.close())

  const login = (): string[] => loginArgs(world)
  const env = () => ({ THREADS_APP_SECRET: world.graph.appSecret, GH_ENTERPRISE_TOKEN: world.githubToken })
  /** Answers the printed authorize URL with the address Threads would redirect to. */
  const redirect = (mutate: (state: string, code: string) => string) => (stdout: string) => {
    const state = /[?&]state=([^&\s]+)/.exec(stdout)?.[1]
    return state ? [mutate(state, world.graph.issueCode())] : undefined
  }
  function expectNoCredential(run: CliRun): void {
    for (const secret of world.credentials()) {
      expect(run.stdout).not.toContain(secret)
      expect(run.stderr).not.toContain(secret)
    }
  }

  it('login: prints the authorize URL, takes the pasted redirect, stores a long-lived token', async () => {
    const run = await cli(
      login(),
      env(),
      redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}#_`)
    )

    expect(run.exitCode).toBe(0)
    const printed = run.stdout.split('\n').find((line) => line.startsWith('https://threads.com/oauth/authorize?'))
    expect(printed).toContain(`client_id=${world.graph.appId}`)
    expect(printed).toContain('scope=threads_basic,threads_content_publish')
    const stored = world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? ''
    expect(world.graph.token(stored)?.kind).toBe('long-lived')
    expect(world.graph.isValid(stored)).toBe(true)
    expect(run.stdout).toContain('THREAD_ACCESS_TOKEN created in octo-org/blog')
    expectNoCredential(run)
  })

  /** The app secret typed at its prompt, which comes before the address; then the bare code, once the address is out. */
  const typedLogin = () =>
    cli(
      login(),
      { GH_ENTERPRISE_TOKEN: world.githubToken },
      (stdout) => (stdout.includes('state=') ? [world.graph.issueCode()] : undefined),
      (child) => child.stdin?.write(`${world.graph.appSecret}\n`)
    )

  it('login: takes the app secret typed at the prompt, then the bare code', async () => {
    const run = await typedLogin()

    expect(run.exitCode).toBe(0)
    expect(run.stderr).toContain('Threads App Secret (THREADS_APP_SECRET):')
    expect(world.graph.isValid(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? '')).toBe(true)
    expectNoCredential(run)
  })

  it('login: refuses a redirect with another state, spending nothing', async () => {
    const run = await cli(
      login(),
      env(),
      redirect((_state, code) => `${world.graph.redirectUri}?code=${code}&state=forged`)
    )

    expect(run.exitCode).toBe(2)
    expect(run.stderr).toMatch(/state/)
    expect(world.graph.server.requests).toHaveLength(0)
  })

  describe('login: a pasted address must be the reply to this login (its redirect URI, its state); nothing else spends a code', () => {
    const CODE_EXCHANGE = 'POST /oauth/access_token'

    it.each<[string, (state: string, code: string) => string, RegExp]>([
      [
        'another host, though with the right path and state',
        (state, code) => `https://attacker.example/threads/callback?code=${code}&state=${state}`,
        /^The pasted address is not your redirect URI \(--redirect-uri\), so it is not the reply to this authorization; nothing was sent\./m
      ],
      [
        'another path on the same host',
        (state, code) => `https://example.org/threads/callback/?code=${code}&state=${state}`,
        /^The pasted address is not your redirect URI/m
      ],
      [
        'the same path in other letters (a path is exact)',
        (state, code) => `https://example.org/Threads/Callback?code=${code}&state=${state}`,
        /^The pasted address is not your redirect URI/m
      ],
      ['no state', (_state, code) => `${world.graph.redirectUri}?code=${code}#_`, /^The pasted address carries no 'state'/m],
      [
        'no state, from another host',
        (_state, code) => `https://attacker.example/cb?code=${code}`,
        /^The pasted address is not your redirect URI/m
      ]
    ])('%s: refused (2), the code never sent, the pasted text never repeated', async (_case, paste, message) => {
      let pasted = ''
      const run = await cli(
        login(),
        env(),
        redirect((state, code) => (pasted = paste(state, code)))
      )
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toMatch(/Paste the whole address the browser shows after you approve, or just its code; or run login again\.$/m)
      expect(world.graph.server.calls(CODE_EXCHANGE)).toEqual([])
      expect(world.github.server.calls(PUT)).toEqual([])
      const code = new URL(pasted).searchParams.get('code') ?? ''
      expect(run.stderr).not.toContain(code)
      expect(run.stderr).not.toContain('attacker')
    })

    it('the scheme and host compared in any case, the default port alike: the reply is taken', async () => {
      const run = await cli(
        login(),
        env(),
        redirect((state, code) => `HTTPS://EXAMPLE.ORG:443/threads/callback?code=${code}&state=${state}#_`)
      )
      expect(run.exitCode, run.stderr).toBe(0)
      expect(world.graph.isValid(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? '')).toBe(true)
    })
  })

  it('login: a refused code is told at once, without waiting for another run that might have spent it', async () => {
    const code = world.graph.issueCode()
    expect((await cli(login(), env(), (out) => (out.includes('state=') ? [code] : undefined))).exitCode).toBe(0)
    const run = await cli(login(), env(), (out) => (out.includes('state=') ? [code] : undefined))
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/has been used/)
    // The action reads the secret's time of writing to tell a race from a refusal, and waits for it; a person at a terminal does not.
    expect(world.github.server.calls('GET /repos/:owner/:repo/actions/secrets/:name')).toEqual([])
  })

  it('login, piped: each prompt ends its line, so that the next line starts its own', async () => {
    const run = await typedLogin()
    expect(run.exitCode).toBe(0)
    expect(run.stderr.split('\n').slice(0, 4)).toEqual([
      'Threads App Secret (THREADS_APP_SECRET): ',
      'Open this address in a browser, approve, then paste the address you are sent to:',
      'Redirected address (or code): ',
      'Obtained the token to keep by exchanging the authorization-code.'
    ])
  })

  it('login: an app secret echoed back in another form (upper-cased, broken, inside HTTP Basic) never reaches the terminal', async () => {
    const { message, leaks } = echoedSecret(world.graph.appId, world.graph.appSecret)
    world.graph.server.fault('POST /oauth/access_token', { status: 400, body: { error: { message, type: 'OAuthException', code: 101 } } })
    const run = await cli(login(), env(), (out) => (out.includes('state=') ? [world.graph.issueCode()] : undefined))
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/Invalid client_secret \*\*\*; you sent \*\*\*/)
    for (const leak of leaks) expect(run.stdout + run.stderr).not.toContain(leak)
    expectNoCredential(run)
  })

  it("login: a service's words reach the terminal without escape sequences or control characters", async () => {
    const message = 'Bad \u001b[31mred\u001b[0m code\u001b]0;owned title\u0007 here\u009b2J\rfake prompt'
    world.graph.server.fault('POST /oauth/access_token', { status: 400, body: { error: { message, type: 'OAuthException', code: 100 } } })
    const run = await cli(login(), env(), (out) => (out.includes('state=') ? [world.graph.issueCode()] : undefined))
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toContain('Bad red code here')
    for (const control of ['\u001b', '\u0007', '\u009b', '\r']) expect(run.stdout + run.stderr).not.toContain(control)
  })

  /**
   * A login at the real pace, with a Ctrl-C once `route` was called (and more, `laterMs` after it);
   * `exitAfterLast` is how long it took to end after the last one.
   */
  async function interruptedLogin(server: StandInServer, route: string, ...laterMs: number[]) {
    let last = 0
    const interrupt = (child: ChildProcess): void => {
      const poll = setInterval(() => {
        if (server.calls(route).length === 0) return
        clearInterval(poll)
        for (const ms of [0, ...laterMs]) setTimeout(() => ((last = Date.now()), child.kill('SIGINT')), ms)
      }, 10)
      child.on('close', () => clearInterval(poll))
    }
    const answer = redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}`)
    const run = await cli(login(), { ...env(), THREADS_TOKEN_KEEPER_TIME_SCALE: '1' }, answer, interrupt)
    return { ...run, exitAfterLast: Date.now() - last }
  }

  it('login: Ctrl-C while the write is unanswered prints the token sealed, with the command that stores it, and exits 1', async () => {
    const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
    world.github.server.fault(PUT_SECRET, { hang: true })
    const run = await interruptedLogin(world.github.server, PUT_SECRET)
    expect(run.exitCode).toBe(1)
    expect(run.exitAfterLast).toBeLessThan(2000)
    const sealed = /Not stored\. The token, sealed: gh api .* -f encrypted_value='([^']+)'/.exec(run.stdout)?.[1] ?? ''
    expect(world.graph.isValid(world.github.open(sealed))).toBe(true)
    expect(run.stderr).toMatch(/cancelled before GitHub confirmed the write/)
  })

  it('login: a second Ctrl-C while a spent code is still being exchanged exits at once, with 130', async () => {
    world.graph.server.fault('GET /access_token', { hang: true })
    const run = await interruptedLogin(world.graph.server, 'GET /access_token', 100)
    expect(run.exitCode).toBe(130)
    // Well inside the 5 s the first Ctrl-C leaves the exchange in flight.
    expect(run.exitAfterLast).toBeLessThan(1500)
  })

  it('login: a used code fails with exit code 1 and the remedy', async () => {
    const code = world.graph.issueCode()
    expect((await cli(login(), env(), (out) => (out.includes('state=') ? [code] : undefined))).exitCode).toBe(0)
    const run = await cli(login(), env(), (out) => (out.includes('state=') ? [code] : undefined))
    expect(run.exitCode).toBe(1)
    expect(run.stderr).toMatch(/has been used.*works once/)
  })

  it('status: shows when the secret was written and the days left, never a value', async () => {
    const before = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url], env())
    expect(before.exitCode).toBe(1)
    expect(before.stdout).toContain('THREAD_ACCESS_TOKEN in octo-org/blog: not set')

    await cli(
      [...login(), '--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'],
      env(),
      redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}`)
    )
    const after = await cli(
      ['status', '--repo', world.repository, '--github-api-url', world.github.url, '--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'],
      env()
    )

    expect(after.exitCode).toBe(0)
    expect(after.stdout).toMatch(/THREAD_ACCESS_TOKEN in octo-org\/blog: present, last written \d{4}-/)
    expect(after.stdout).toMatch(/THREAD_TOKEN_EXPIRES_AT: \d{4}-.* \(60 days left\)/)
    expectNoCredential(after)
  })

  it("status: a variable's value cannot forge a line of its output", async () => {
    const forged = 'soon\nTHREAD_ACCESS_TOKEN in octo-org/blog: present, last written 2026-12-01T00:00:00Z\u2028\r\u001b[2K'
    world.github.setVariable(world.repository, 'THREAD_TOKEN_EXPIRES_AT', forged)
    const args = [
      'status',
      '--repo',
      world.repository,
      '--github-api-url',
      world.github.url,
      '--expires-at-variable',
      'THREAD_TOKEN_EXPIRES_AT'
    ]
    const run = await cli(args, env())
    expect(run.exitCode).toBe(1)
    expect(run.stdout.split('\n')).toEqual([
      'THREAD_ACCESS_TOKEN in octo-org/blog: not set',
      'THREAD_TOKEN_EXPIRES_AT: soon THREAD_ACCESS_TOKEN in octo-org/blog: present, last written 2026-12-01T00:00:00Z   (expired)',
      ''
    ])
  })

  it('login: checks every flag and the GitHub token before sending anyone to the browser', async () => {
    const noRepo = await cli(['login', '--app-id', '1234', '--redirect-uri', 'https://example.org/cb'], { GH_TOKEN: 'x' })
    expect(noRepo.exitCode).toBe(2)
    expect(noRepo.stderr).toMatch(/'--repo'/)
    expect(noRepo.stdout).not.toMatch(/oauth\/authorize/)

    const noToken = await cli(['login', '--app-id', '1234', '--redirect-uri', 'https://example.org/cb', '--repo', 'a/b'], {
      PATH: '/nonexistent'
    })
    expect(noToken.exitCode).toBe(2)
    expect(noToken.stderr).toMatch(/^No GitHub token for github.com: set GH_TOKEN \(or GITHUB_TOKEN\)/)
  })

  describe("the GitHub token goes only to the host it belongs to, by the GitHub CLI's rule", () => {
    const DOTCOM_TOKEN = 'gho_dotcomlogin' + 'd'.repeat(24)
    let dir = ''
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'fake-gh-'))
    })
    afterEach(() => rm(dir, { recursive: true, force: true }))

    /** A `gh` on PATH that logs its arguments and knows a token per host, github.com's without --hostname, as the real one does. */
    async function fakeGh(tokens: Record<string, string>): Promise<{ PATH: string; calls: () => Promise<string[]> }> {
      const log = join(dir, 'calls')
      const cases = Object.entries(tokens).map(([host, token]) => `  "auth token --hostname ${host}") echo '${token}' ;;`)
      const script = [
        '#!/bin/sh',
        `printf '%s\\n' "$*" >> '${log}'`,
        'case "$*" in',
        ...(tokens['github.com'] ? [`  "auth token") echo '${tokens['github.com']}' ;;`] : []),
        ...cases,
        '  *) echo "no oauth token found" >&2; exit 1 ;;',
        'esac'
      ].join('\n')
      await writeFile(join(dir, 'gh'), `${script}\n`)
      await chmod(join(dir, 'gh'), 0o755)
      const calls = async () => (await readFile(log, 'utf8').catch(() => '')).split('\n').filter(Boolean)
      return { PATH: `${dir}${delimiter}${process.env.PATH ?? ''}`, calls }
    }
    const host = () => new URL(world.github.url).host
    const sentTokens = () => world.github.server.requests.map((request) => request.headers.authorization ?? '')

    it("asks gh for the token of the API's own host, never github.com's", async () => {
      const gh = await fakeGh({ 'github.com': DOTCOM_TOKEN, [host()]: world.githubToken })
      const run = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url], { PATH: gh.PATH })
      expect(await gh.calls()).toEqual([`auth token --hostname ${host()}`])
      expect(sentTokens().filter((sent) => sent.includes(DOTCOM_TOKEN))).toEqual([])
      expect(run.stdout).toBe('THREAD_ACCESS_TOKEN in octo-org/blog: not set\n')
      expect(run.stderr).toBe('')
    })

    it("GH_TOKEN, github.com's, is not sent to an Enterprise Server: no token there is said, and nothing is sent", async () => {
      const gh = await fakeGh({ 'github.com': DOTCOM_TOKEN })
      const run = await cli(login(), { PATH: gh.PATH, GH_TOKEN: DOTCOM_TOKEN, THREADS_APP_SECRET: world.graph.appSecret })
      expect(run.exitCode).toBe(2)
      expect(run.stderr).toContain(
        `No GitHub token for ${host()}: set GH_ENTERPRISE_TOKEN (or GITHUB_ENTERPRISE_TOKEN), or log in with \`gh auth login --hostname ${host()}\`. ` +
          `GH_TOKEN is set, but for github.com and *.ghe.com: not sent to ${host()}.`
      )
      expect(await gh.calls()).toEqual([`auth token --hostname ${host()}`])
      expect(world.github.server.requests).toEqual([])
      expect(run.stdout).not.toMatch(/oauth\/authorize/)
    })

    it('GH_ENTERPRISE_TOKEN is for that host: used without asking gh', async () => {
      const gh = await fakeGh({ 'github.com': DOTCOM_TOKEN })
      const env = { PATH: gh.PATH, GH_TOKEN: DOTCOM_TOKEN, GH_ENTERPRISE_TOKEN: world.githubToken }
      const run = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url], env)
      expect(run.stdout).toBe('THREAD_ACCESS_TOKEN in octo-org/blog: not set\n')
      expect(await gh.calls()).toEqual([])
      expect(new Set(sentTokens())).toEqual(new Set([`token ${world.githubToken}`]))
    })
  })

  it.each([
    [['--help'], 0, /Usage: threads-token-keeper <command>/],
    [['login', '--help'], 0, /Usage: threads-token-keeper login[\s\S]*--github-api-url/],
    [['status', '-h'], 0, /Usage: threads-token-keeper status/],
    [[], 2, /^Usage: threads-token-keeper <command>/],
    [['--version'], 0, /^\d+\.\d+\.\d+\n$/],
    [['launch'], 2, /Unknown command 'launch'/],
    [['login', '--bogus'], 2, /Unknown option '--bogus'/],
    [['status', '--github-api-url', 'http://127.0.0.1:1'], 2, /'--repo'/]
  ])('%j exits %i', async (args, exitCode, message) => {
    const run = await cli(args, { GH_TOKEN: 'x' })
    expect(run.exitCode).toBe(exitCode)
    expect(run.stdout + run.stderr).toMatch(message)
  })
})
