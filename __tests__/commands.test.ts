import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EXIT } from '../src/cli/commands.js'
import { ProxyStandIn } from '../stand-ins/proxy.js'
import type { TokenGrant } from '../stand-ins/github-api.js'
import { startWorld, type World, type WorldOptions } from '../stand-ins/world.js'
import { cli, loginArgs } from './support.js'
import { DAY } from './support.js'

describe('login and status against the stand-ins', () => {
  let world: World
  const start = async (options: WorldOptions = {}): Promise<void> => {
    world = await startWorld(options)
  }
  beforeEach(() => start())
  afterEach(() => world.close())

  const login = (...extra: string[]): string[] => loginArgs(world, ...extra)
  const env = (): NodeJS.ProcessEnv => ({ THREADS_APP_SECRET: world.graph.appSecret, GH_ENTERPRISE_TOKEN: world.githubToken })
  /** Answers the printed authorize URL with the address the service redirects to. */
  const redirect = (make: (state: string, code: string) => string) => (line: string) => {
    const state = /[?&]state=([^&\s]+)/.exec(line)?.[1]
    return state ? [make(state, world.graph.issueCode())] : undefined
  }
  const expectNoCredential = (result: { out: string; err: string; prompts: string }, extra: string[] = []): void => {
    for (const secret of [...world.credentials(), ...extra])
      for (const text of [result.out, result.err, result.prompts]) expect(text).not.toContain(secret)
  }

  it('login: the pasted redirect is exchanged, and a long-lived token stored with its variables', async () => {
    const result = await cli(
      login('--user-id-variable', 'THREAD_USER_ID', '--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'),
      env(),
      redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}#_`)
    )
    expect(result.code).toBe(EXIT.ok)
    const stored = world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? ''
    expect(world.graph.token(stored)?.kind).toBe('long-lived')
    // Results on standard output, each once: the address, what was stored, who and until when.
    expect(result.out.split('\n')).toEqual([
      expect.stringMatching(/^https:\/\/threads\.com\/oauth\/authorize\?client_id=\d+&/),
      'THREAD_ACCESS_TOKEN created in octo-org/blog',
      'THREAD_USER_ID created in octo-org/blog',
      'THREAD_TOKEN_EXPIRES_AT created in octo-org/blog',
      expect.stringMatching(/^Threads user @ferret\.poster \(id 17841400000000001\); token expires \d{4}-\d\d-\d\dT/)
    ])
    // The instruction and the progress on standard error, once each.
    expect(result.err.split('\n')).toEqual([
      'Open this address in a browser, approve, then paste the address you are sent to:',
      'Obtained the token to keep by exchanging the authorization-code.'
    ])
    expect(result.prompts).toBe('Redirected address (or code): \n')
    expect(world.github.variable(world.repository, 'THREAD_USER_ID')).toBe(world.graph.userId)
    expect(world.github.variable(world.repository, 'THREAD_TOKEN_EXPIRES_AT')).toMatch(/^\d{4}-/)
    expectNoCredential(result, [stored])

    const status = await cli(
      ['status', '--repo', world.repository, '--github-api-url', world.github.url, '--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'],
      { GH_ENTERPRISE_TOKEN: world.githubToken }
    )
    expect(status.code).toBe(EXIT.ok)
    expect(status.out).toMatch(
      /^THREAD_ACCESS_TOKEN in octo-org\/blog: present, last written \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\nTHREAD_TOKEN_EXPIRES_AT: \S+ \((59|60) days left\)$/
    )
    expectNoCredential(status, [stored])
  })

  it('login: the authorize address is built from the flags as checked, trimmed, as the exchange uses them', async () => {
    const { appId, redirectUri } = world.graph
    const args = login().map((arg) => (arg === appId || arg === redirectUri ? ` ${arg} ` : arg))
    const result = await cli(
      args,
      env(),
      redirect((state, code) => `${redirectUri}?code=${code}&state=${state}`)
    )
    expect(result.code).toBe(EXIT.ok)
    const address = new URL(result.out.split('\n')[0] ?? '')
    expect([address.searchParams.get('client_id'), address.searchParams.get('redirect_uri')]).toEqual([appId, redirectUri])
  })

  it('login: a pasted address with another state is refused before the code is spent', async () => {
    const result = await cli(
      login(),
      env(),
      redirect((_state, code) => `${world.graph.redirectUri}?code=${code}&state=forged`)
    )
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(/another 'state' than this login's/)
    expect(world.graph.server.requests).toEqual([])
    expect(world.github.server.requests).toEqual([])
  })

  it.each<[string, (state: string, code: string) => string, RegExp]>([
    ['from another host', (state, code) => `https://example.net/threads/callback?code=${code}&state=${state}`, /not your redirect URI/],
    ['on another path', (state, code) => `https://example.org/threads/?code=${code}&state=${state}`, /not your redirect URI/],
    ['without a state', (_state, code) => `https://example.org/threads/callback?code=${code}`, /carries no 'state'/],
    ['with another state', (_state, code) => `https://example.org/threads/callback?code=${code}&state=other`, /another 'state'/]
  ])(
    'login: a pasted address %s is refused (2), the code unspent; the app secret was asked before the address',
    async (_case, paste, text) => {
      const result = await cli(login(), { GH_ENTERPRISE_TOKEN: world.githubToken }, redirect(paste), [world.graph.appSecret])
      expect(result.code).toBe(EXIT.usage)
      expect(result.err.split('\n').slice(1)).toEqual([expect.stringMatching(text)])
      expect(result.prompts).toBe('Threads App Secret (THREADS_APP_SECRET): \nRedirected address (or code): \n')
      expect(world.graph.server.requests).toEqual([])
    }
  )

  it('status: a fault, not a refusal, is explained as every command explains it (1)', async () => {
    world.github.server.fault('GET /repos/:owner/:repo/actions/secrets/:name', { status: 502, times: Infinity })
    const result = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url], {
      GH_ENTERPRISE_TOKEN: world.githubToken,
      THREADS_TOKEN_KEEPER_TIME_SCALE: '0.01'
    })
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toMatch(/^GitHub refused to read secret THREAD_ACCESS_TOKEN of octo-org\/blog \(HTTP 502\)/)
  })

  it('login: a pasted address that does not parse is an input problem, and nothing is sent', async () => {
    const result = await cli(login(), env(), (line) => (line.includes('state=') ? ['https://[not a host/?code=1'] : undefined))
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(/an address without a 'code' parameter/)
    expect(world.graph.server.requests).toEqual([])
  })

  it('login: the authorize address pasted back (from threads.com or threads.net) is named as such, and nothing is sent', async () => {
    for (const host of ['threads.com', 'www.threads.net']) {
      const result = await cli(login(), env(), (line) => {
        const printed = /^https:\/\/threads\.com\/\S+$/m.exec(line)?.[0]
        return printed ? [printed.replace('https://threads.com/', `https://${host}/`)] : undefined
      })
      expect(result.code).toBe(EXIT.usage)
      expect(result.err).toMatch(/^The pasted address or code is Threads's authorize address itself: open it in a browser/m)
    }
    expect(world.graph.server.requests).toEqual([])
  })

  it('login: the app secret typed at the secret prompt, before the address; then the bare code', async () => {
    const result = await cli(
      login(),
      { GH_ENTERPRISE_TOKEN: world.githubToken },
      (line) => (line.includes('state=') ? [world.graph.issueCode()] : undefined),
      [world.graph.appSecret]
    )
    expect(result.code).toBe(EXIT.ok)
    expect(result.prompts).toBe('Threads App Secret (THREADS_APP_SECRET): \nRedirected address (or code): \n')
    expect(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN')).toMatch(/^THAAlong/)
    expectNoCredential(result)
  })

  it('login for Instagram: its own hosts, secret variable and default secret name', async () => {
    await world.close()
    await start({ graph: { provider: 'instagram' } })
    const args = loginArgs(world)
    const result = await cli(
      args,
      { INSTAGRAM_APP_SECRET: world.graph.appSecret, GH_ENTERPRISE_TOKEN: world.githubToken },
      redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}`)
    )
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).toContain('https://www.instagram.com/oauth/authorize?')
    expect(result.out).toContain('INSTAGRAM_ACCESS_TOKEN created in octo-org/blog')
    expect(result.out).toContain(`Instagram user @${world.graph.username} (id ${world.graph.userId})`)
    expect(world.github.openSecret(world.repository, 'INSTAGRAM_ACCESS_TOKEN')).toMatch(/^IGAAlong/)
  })

  it('login: a refused write prints the sealed hand-back and fails with 1', async () => {
    await world.close()
    await start({ grant: { secrets: 'read' } })
    const result = await cli(
      login(),
      env(),
      redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}`)
    )
    expect(result.code).toBe(EXIT.failed)
    expect(result.out).toContain('THREAD_ACCESS_TOKEN failed in octo-org/blog')
    const sealed = /encrypted_value='([^']+)'/.exec(result.out)?.[1] ?? ''
    expect(result.out).toContain('Not stored. The token, sealed: gh api --hostname ')
    expect(world.graph.isValid(world.github.open(sealed))).toBe(true)
    expect(result.err).toMatch(/^GitHub refused to write secret THREAD_ACCESS_TOKEN to octo-org\/blog \(HTTP 403\)/m)
    // The token by where it came from, not by every variable it might have come from.
    expect(result.err).toContain('the GitHub token (GH_ENTERPRISE_TOKEN) may not do this on octo-org/blog.')
    expectNoCredential(result, [world.github.open(sealed)])
  })

  it('login: a warning (the profile lookup failed) is printed to stderr, redacted; the run still succeeds', async () => {
    world.graph.server.fault('GET /v1.0/me', {
      status: 400,
      body: { error: { message: `Malformed token ${world.githubToken}`, type: 'OAuthException', code: 100 } }
    })
    const result = await cli(
      login('--user-id-variable', 'THREAD_USER_ID'),
      env(),
      redirect((state, code) => `${world.graph.redirectUri}?code=${code}&state=${state}`)
    )
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).toContain('THREAD_ACCESS_TOKEN created in octo-org/blog')
    expect(result.err.split('\n')).toContain(
      'Warning: The profile lookup failed (Malformed token ***): the username is unknown for this run.'
    )
    // The user id came with the code: its variable is written all the same.
    expect(world.github.variable(world.repository, 'THREAD_USER_ID')).toBe(world.graph.userId)
    expectNoCredential(result, [world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? ''])
  })

  // THREADS_TOKEN_KEEPER_TIME_SCALE 0.02 leaves all the requests of a run one second; the user takes longer in the browser.
  it("login: the requests' time budget starts when they do, not while the user is in the browser", async () => {
    const slowly = (line: string): Promise<string[]> | undefined => {
      const state = /[?&]state=([^&\s]+)/.exec(line)?.[1]
      if (!state) return undefined
      const pasted = `${world.graph.redirectUri}?code=${world.graph.issueCode()}&state=${state}`
      return new Promise((resolve) => setTimeout(() => resolve([pasted]), 1_500))
    }
    const result = await cli(login(), { ...env(), THREADS_TOKEN_KEEPER_TIME_SCALE: '0.02' }, slowly)
    expect(result.err).not.toMatch(/refused|time allowed/)
    expect(result.code).toBe(EXIT.ok)
    expect(world.graph.isValid(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? '')).toBe(true)
  })

  // A service's words reach the terminal without escape sequences: no colours, titles or cursor moves.
  it('login: a refusal carrying terminal escape sequences is printed without them', async () => {
    const message = 'Bad \u001b[31mred\u001b[0m code\u001b]0;owned title\u0007 here\u009b2J'
    world.graph.server.fault('POST /oauth/access_token', {
      status: 400,
      body: { error: { message, type: 'OAuthException', code: 100 } }
    })
    const result = await cli(login(), env(), (line) => (line.includes('state=') ? [world.graph.issueCode()] : undefined))
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toContain('Bad red code here')
    for (const control of ['\u001b', '\u0007', '\u009b']) expect(result.err).not.toContain(control)
  })

  it('login: a code already used is a failure (1), explained', async () => {
    const code = world.graph.issueCode()
    expect((await cli(login(), env(), (line) => (line.includes('state=') ? [code] : undefined))).code).toBe(EXIT.ok)
    const again = await cli(login(), env(), (line) => (line.includes('state=') ? [code] : undefined))
    expect(again.code).toBe(EXIT.failed)
    expect(again.err).toMatch(/^Threads refused the code exchange \(HTTP 400, code 100\/36009\): This authorization code has been used\./m)
    expectNoCredential(again)
  })

  it.each<[string, string | undefined, RegExp]>([
    ['not set', undefined, /^THREAD_TOKEN_EXPIRES_AT: not set$/],
    ['in the past', new Date(Date.now() - 2 * DAY).toISOString(), /^THREAD_TOKEN_EXPIRES_AT: \S+ \(expired\)$/],
    ['in ten days', new Date(Date.now() + 10 * DAY).toISOString(), /^THREAD_TOKEN_EXPIRES_AT: \S+ \(10 days left\)$/]
  ])('status: no secret yet (exit 1), the expiry variable %s', async (_case, expiry, line) => {
    if (expiry) world.github.setVariable(world.repository, 'THREAD_TOKEN_EXPIRES_AT', expiry)
    const result = await cli(
      ['status', '--repo', world.repository, '--github-api-url', world.github.url, '--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'],
      { GITHUB_ENTERPRISE_TOKEN: world.githubToken }
    )
    expect(result.code).toBe(EXIT.failed)
    expect(result.out.split('\n')).toEqual(['THREAD_ACCESS_TOKEN in octo-org/blog: not set', expect.stringMatching(line)])
  })

  it('status: a repository out of reach is explained (1)', async () => {
    const result = await cli(['status', '--repo', 'octo-org/missing', '--github-api-url', world.github.url], {
      GH_ENTERPRISE_TOKEN: world.githubToken
    })
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toBe(
      'octo-org/missing was not found, or the GitHub token cannot see it: check --repo, and that the token may access that repository.'
    )
    expect(result.out).toBe('')
  })

  // A read-only command speaks of what it reads, not of the public key it never needed.
  it.each<[string, TokenGrant, string[], RegExp]>([
    [
      'secrets',
      { variables: 'read' },
      [],
      /^Could not read the secret THREAD_ACCESS_TOKEN of octo-org\/blog: GitHub refused the token \(HTTP 403\)\. GitHub says it needs: secrets=read\. Reading a repository's secrets takes a fine-grained token with 'Secrets: read-only' on it/
    ],
    [
      'variables',
      { secrets: 'read' },
      ['--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'],
      /^Could not read the variable THREAD_TOKEN_EXPIRES_AT of octo-org\/blog: .* needs: variables=read\. .*'Variables: read-only'/
    ],
    [
      'an environment',
      { secrets: 'read' },
      ['--environment', 'social posting'],
      /needs: environments=read\. .*'Secrets: read-only' and 'Environments: read-only'/
    ]
  ])('status: a token that may not read %s is told what reading takes (1)', async (_case, grant, extra, text) => {
    await world.close()
    await start({ grant })
    const result = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url, ...extra], {
      GH_ENTERPRISE_TOKEN: world.githubToken
    })
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toMatch(text)
    expect(result.err).not.toMatch(/public key|'github-token'|write/)
  })

  it('status: a token GitHub does not know is named by where it came from (1)', async () => {
    const result = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url], {
      GITHUB_ENTERPRISE_TOKEN: 'ghp_unknown' + 'u'.repeat(30)
    })
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toMatch(/^GitHub refused the GitHub token \(GITHUB_ENTERPRISE_TOKEN\) as invalid or expired: make a new one/)
  })

  // What a variable holds is outside text: it cannot forge a line of status's output.
  it('status: a value with line breaks is printed on one line', async () => {
    const forged = '2027-01-01T00:00:00Z\nTHREAD_ACCESS_TOKEN in octo-org/blog: present, last written 2026-12-01T00:00:00Z\r\u2028'
    world.github.setVariable(world.repository, 'THREAD_TOKEN_EXPIRES_AT', forged)
    const result = await cli(
      ['status', '--repo', world.repository, '--github-api-url', world.github.url, '--expires-at-variable', 'THREAD_TOKEN_EXPIRES_AT'],
      { GH_ENTERPRISE_TOKEN: world.githubToken }
    )
    expect(result.out.split('\n')).toEqual([
      'THREAD_ACCESS_TOKEN in octo-org/blog: not set',
      expect.stringMatching(/^THREAD_TOKEN_EXPIRES_AT: 2027-01-01T00:00:00Z THREAD_ACCESS_TOKEN in octo-org\/blog: present/)
    ])
  })

  it.each<[string, string[], RegExp]>([
    ['a bad secret name', ['--secret-name', 'bad-name'], /^'--secret-name' is 'bad-name'/],
    ['a plain-http redirect', ['--redirect-uri', 'http://example.org/cb'], /^'--redirect-uri' must be the https:\/\/ address/],
    ['an app name for the id', ['--app-id', 'my-app'], /^'--app-id' must be the numeric Threads App ID/]
  ])('login: %s is refused before the user is sent to the browser', async (_case, extra, text) => {
    const result = await cli([...login(), ...extra], env(), () => [world.graph.issueCode()])
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(text)
    expect(result.out).toBe('')
    expect(world.graph.server.requests).toEqual([])
  })

  it.each([
    ['login', () => login()],
    ['status', () => ['status', '--repo', world.repository, '--github-api-url', world.github.url]]
  ])('%s: an unusable HTTPS_PROXY fails at once, before the browser, naming it and never its password', async (_case, args) => {
    const result = await cli(args(), { ...env(), HTTPS_PROXY: 'socks5://runner:pr0xy-s3cret@127.0.0.1:1080' }, () => [
      world.graph.issueCode()
    ])
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toMatch(/^HTTPS_PROXY names a socks5:\/\/ proxy \(socks5:\/\/127\.0\.0\.1:1080\)/)
    expect(`${result.out}${result.err}`).not.toContain('pr0xy-s3cret')
    expect(result.out).toBe('')
    expect([world.graph.server.requests, world.github.server.requests]).toEqual([[], []])
  })

  it('status: through HTTP_PROXY, from the command line’s own environment', async () => {
    const proxy = new ProxyStandIn({})
    await proxy.start()
    try {
      const result = await cli(['status', '--repo', world.repository, '--github-api-url', world.github.url], {
        GH_ENTERPRISE_TOKEN: world.githubToken,
        http_proxy: proxy.url
      })
      expect(result.out).toBe('THREAD_ACCESS_TOKEN in octo-org/blog: not set')
      expect(proxy.forwarded).toEqual([
        `${world.github.url}/repos/${world.repository}/actions/secrets/THREAD_ACCESS_TOKEN`,
        `${world.github.url}/repos/${world.repository}/actions/secrets/public-key`
      ])
    } finally {
      await proxy.close()
    }
  })

  it('login: end of input before anything was pasted is a usage error; nothing is sent', async () => {
    const result = await cli(login(), env())
    expect(result.code).toBe(EXIT.usage)
    expect(world.graph.server.requests).toEqual([])
    expect(world.github.server.requests).toEqual([])
  })

  // A command-line user cannot set the action's credential inputs: the message must not name them.
  it('login: end of input says nothing was pasted, not which action inputs to set', async () => {
    const result = await cli(login(), env())
    expect(result.err).not.toMatch(/'(long-lived-token|authorization-code|short-lived-token)'/)
  })

  // github-token and app-secret come from the environment or a prompt: no such flag exists.
  it.each<[string, NodeJS.ProcessEnv, string[], string]>([
    ['no GitHub token', { THREADS_APP_SECRET: 'appsecret123' }, [], 'GH_ENTERPRISE_TOKEN'],
    ['no app secret', { GH_ENTERPRISE_TOKEN: 'ghp_x' }, [''], 'THREADS_APP_SECRET']
  ])('login with %s names where it comes from, not a flag that does not exist', async (_case, given, typed, source) => {
    const result = await cli(login(), { PATH: '', ...given }, undefined, typed)
    expect(result.code).toBe(EXIT.usage)
    // Found before anyone is sent to the browser.
    expect(result.out).toBe('')
    expect(result.err).toContain(source)
    expect(result.err).not.toMatch(/'--(github-token|app-secret)'/)
  })
})
