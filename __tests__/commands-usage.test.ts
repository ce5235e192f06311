import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { EXIT } from '../src/cli/commands.js'
import { cli } from './support.js'

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version

describe('usage', () => {
  it.each<[string[], number, 'out' | 'err', RegExp]>([
    [[], EXIT.usage, 'err', /^Usage: threads-token-keeper <command> \[options\]\n\nCommands:\n {2}url {6}Print the authorize address/],
    [['help'], EXIT.ok, 'out', /^Usage: threads-token-keeper <command>/],
    [
      ['--help'],
      EXIT.ok,
      'out',
      /Exit codes: 0 done, 1 failed, 2 wrong usage \(nothing was sent\), 130 interrupted \(Ctrl-C while login waits for the browser, or a second Ctrl-C\)\.$/
    ],
    [['help', 'login'], EXIT.ok, 'out', /^Usage: threads-token-keeper login --app-id ID --redirect-uri URI --repo owner\/name /],
    [['help', 'frobnicate'], EXIT.usage, 'err', /^Unknown command 'frobnicate': the commands are url, login, status\./],
    [
      ['frobnicate'],
      EXIT.usage,
      'err',
      /^Unknown command 'frobnicate': the commands are url, login, status\. Run 'threads-token-keeper --help'\.$/
    ],
    [['url', '--bogus'], EXIT.usage, 'err', /'--bogus'[\s\S]*Usage: threads-token-keeper url --app-id ID --redirect-uri URI \[--state S\]/],
    [['url', '--app-id'], EXIT.usage, 'err', /--app-id <value>' argument missing/],
    [['url', '--app-id', '1'], EXIT.usage, 'err', /^'--redirect-uri' is required to build the authorize address: the exact redirect URI/],
    [
      ['url', '--app-id', '1', '--redirect-uri', 'https://x/cb', '--provider', 'mastodon'],
      EXIT.usage,
      'err',
      /^'--provider' is 'mastodon': write threads, instagram, facebook, linkedin, x or oauth2\.$/
    ],
    [
      ['login', 'stray'],
      EXIT.usage,
      'err',
      /^An argument without a flag \(not repeated here: it may be a credential\).* as in --app-id ID\./
    ],
    [['status', 'stray'], EXIT.usage, 'err', /^An argument without a flag .* as in --repo owner\/name\./],
    [['status', '--state', 's'], EXIT.usage, 'err', /'--state'[\s\S]*Usage: threads-token-keeper status --repo owner\/name/],
    [['url', '--help'], EXIT.ok, 'out', /^Usage: threads-token-keeper url [\s\S]*Prints the address that starts authorization/],
    [['status', '-h'], EXIT.ok, 'out', /Never|changes nothing[\s\S]*--github-api-url URL/]
  ])('%j → %i', async (argv, code, stream, text) => {
    const result = await cli(argv, { GH_TOKEN: 'ghp_x' })
    expect(result.code).toBe(code)
    expect(result[stream]).toMatch(text)
    // Each said once, on one stream: the other stays empty.
    expect(result[stream === 'out' ? 'err' : 'out']).toBe('')
  })

  // A token or a redirect address pasted in the wrong place must not reach the terminal (or a CI log).
  it.each<[string, string[]]>([
    ['a token given without its flag', ['login', '--repo', 'o/r', 'ghp_S3CR3Tvalue123']],
    ['a redirect address with its code', ['url', 'https://example.org/cb?code=AQBS3CR3Tcode&state=s1#_']],
    ['a token in place of the command', ['THAAS3CR3Tvalue123']],
    ['an address in place of the command', ['https://example.org/cb?code=AQBS3CR3Tcode']],
    ['a token after help', ['help', 'ghp_S3CR3Tvalue123']]
  ])('%s is not repeated', async (_case, argv) => {
    const result = await cli(argv, { GH_TOKEN: 'ghp_x' })
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(/^(An argument without a flag|Unknown command: the commands are url, login, status\.)/)
    expect(result.err).not.toContain('S3CR3T')
    expect(result.out).toBe('')
  })

  it.each([['--version'], ['-v']])('%s prints the version of package.json, alone', async (flag) => {
    expect(await cli([flag])).toMatchObject({ code: EXIT.ok, out: VERSION, err: '' })
  })

  it('every command has a --help that names each of its flags', async () => {
    for (const command of ['url', 'login', 'status']) {
      const { code, out } = await cli([command, '--help'])
      expect(code).toBe(EXIT.ok)
      for (const line of out.split('\n').filter((row) => row.startsWith('  -'))) expect(line).toMatch(/^ {2}(-\w, )?--[\w-]+( \S+)? +\S/)
      expect(out).toContain('--github-api-url URL')
    }
  })

  it.each<[string[], RegExp]>([
    [['status'], /^'--repo' is required: the repository that holds the secret, as owner\/name\.$/],
    [['status', '--repo', 'nope'], /^'--repo' has 'nope': write each as owner\/name/],
    [['status', '--repo', 'o/r', '--secret-name', 'bad-name'], /^'--secret-name' is 'bad-name', which is not a valid GitHub secret name/],
    [['status', '--repo', 'o/r', '--github-api-url', 'http://example.org'], /^'--github-api-url' must use https:\/\//]
  ])('input problems name the flag: %j', async (argv, text) => {
    const result = await cli(argv, { GH_TOKEN: 'ghp_x' })
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(text)
    expect(result.err).not.toContain("Input '")
  })

  // status only reads: it must not ask for a token that may write, nor speak of the workflow's token.
  it.each<[string, string[], RegExp, RegExp]>([
    ['status', ['status', '--repo', 'o/r'], /status only reads: .*'Secrets: read-only'/, /write the secret|read and write|workflow/],
    [
      'login',
      ['login', '--repo', 'o/r', '--app-id', '1', '--redirect-uri', 'https://x/cb'],
      /login writes the secret: .*'Secrets: read and write'/,
      /workflow/
    ]
  ])('%s without a GitHub token says where one comes from and what this command needs it for', async (_, argv, says, not) => {
    const result = await cli(argv, { PATH: '' })
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(
      /^No GitHub token for github.com: set GH_TOKEN \(or GITHUB_TOKEN\), or log in with `gh auth login --hostname github.com`\./
    )
    expect(result.err).toMatch(says)
    expect(result.err).not.toMatch(not)
  })
})

describe('url', () => {
  it.each<[string, string]>([
    [
      'threads',
      'https://threads.com/oauth/authorize?client_id=42&redirect_uri=https%3A%2F%2Fexample.org%2Fcb&scope=threads_basic,threads_content_publish&response_type=code&state=s1'
    ],
    [
      'instagram',
      'https://www.instagram.com/oauth/authorize?client_id=42&redirect_uri=https%3A%2F%2Fexample.org%2Fcb&scope=instagram_business_basic,instagram_business_content_publish&response_type=code&state=s1'
    ]
  ])('%s: prints the authorize URL, nothing else', async (provider, expected) => {
    const result = await cli(['url', '--provider', provider, '--app-id', '42', '--redirect-uri', 'https://example.org/cb', '--state', 's1'])
    expect(result).toMatchObject({ code: EXIT.ok, out: expected, err: '' })
  })

  // The same rules as the action's inputs: a wrong app id or redirect would only show in the browser.
  it.each<[string[], RegExp]>([
    [['--app-id', 'my-app', '--redirect-uri', 'https://example.org/cb'], /^'--app-id' must be the numeric Threads App ID/],
    [['--app-id', '42', '--redirect-uri', 'http://example.org/cb'], /^'--redirect-uri' must be the https:\/\/ address registered/],
    [['--app-id', '42', '--redirect-uri', 'example.org/cb', '--provider', 'instagram'], /registered for your Instagram app/],
    [['--redirect-uri', 'https://example.org/cb'], /^'--app-id' is required to build the authorize address: the Threads app's ID/]
  ])('refuses %j with exit 2, printing no address', async (flags, text) => {
    const result = await cli(['url', ...flags])
    expect(result).toMatchObject({ code: EXIT.usage, out: '' })
    expect(result.err).toMatch(text)
  })

  it.each<[string, string]>([
    ['threads', 'https://localhost/cb'],
    ['threads', 'https://127.0.0.1:8443/cb'],
    ['instagram', 'https://[::1]/cb'],
    ['instagram', 'https://app.localhost/cb']
  ])('%s refuses a redirect to %s: the address is printed, with a warning that says what to register instead', async (provider, uri) => {
    const result = await cli(['url', '--provider', provider, '--app-id', '42', '--redirect-uri', uri])
    expect(result.code).toBe(EXIT.ok)
    expect(result.out).toMatch(/^https:\/\/.*\/oauth\/authorize\?/)
    const label = provider === 'threads' ? 'Threads' : 'Instagram'
    expect(result.err).toMatch(
      new RegExp(
        `^Warning: ${label} refuses redirect URIs on localhost or a loopback address.*Register an https:// address on a host you control`
      )
    )
  })

  it.each(['facebook', 'linkedin'])('%s accepts a loopback redirect: no warning', async (provider) => {
    for (const redirect of ['https://localhost/cb', 'http://127.0.0.1:8765/cb']) {
      const result = await cli(['url', '--provider', provider, '--app-id', '42', '--redirect-uri', redirect])
      expect(result).toMatchObject({ code: EXIT.ok, err: '' })
    }
  })

  it('login warns of a loopback redirect before sending anyone to the browser', async () => {
    const result = await cli(['login', '--app-id', '42', '--redirect-uri', 'https://localhost/cb', '--repo', 'o/r'], { GH_TOKEN: 'ghp_x' })
    expect(result.err.split('\n')[0]).toMatch(/^Warning: Threads refuses redirect URIs on localhost/)
  })

  it('without --state, a fresh random one each time', async () => {
    const args = ['url', '--app-id', '42', '--redirect-uri', 'https://example.org/cb']
    const states = await Promise.all([cli(args), cli(args)]).then((runs) => runs.map((r) => new URL(r.out).searchParams.get('state')))
    for (const state of states) expect(state).toMatch(/^[0-9a-f]{24}$/)
    expect(states[0]).not.toBe(states[1])
  })
})
