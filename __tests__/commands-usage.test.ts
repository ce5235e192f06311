import { describe, expect, it } from 'vitest'
import { EXIT } from '../src/cli/commands.js'
import { cli } from './support.js'

describe('usage', () => {
  it.each<[string[], number, 'out' | 'err', RegExp]>([
    [[], EXIT.usage, 'out', /^Usage: threads-token-keeper <command> \[options\]/],
    [['help'], EXIT.ok, 'out', /^Usage: threads-token-keeper <command>/],
    [['--help'], EXIT.ok, 'out', /Exit codes: 0 done, 1 failed, 2 wrong usage\.$/],
    [['frobnicate'], EXIT.usage, 'err', /^Unknown command 'frobnicate'\./],
    [['url', '--bogus'], EXIT.usage, 'err', /'--bogus'[\s\S]*Usage: threads-token-keeper url --app-id ID/],
    [['url', '--app-id'], EXIT.usage, 'err', /--app-id <value>' argument missing/],
    [['url', '--app-id', '1'], EXIT.usage, 'err', /^'--app-id' and '--redirect-uri' are required\.$/],
    [
      ['url', '--app-id', '1', '--redirect-uri', 'https://x/cb', '--provider', 'facebook'],
      EXIT.usage,
      'err',
      /^--provider is 'facebook': write threads or instagram\.$/
    ],
    [['login', 'stray'], EXIT.usage, 'err', /'stray'/],
    [['status', '--state', 's'], EXIT.usage, 'err', /'--state'[\s\S]*Usage: threads-token-keeper status/],
    [['url', '--help'], EXIT.ok, 'out', /^Usage: threads-token-keeper url [\s\S]*Print the authorize URL/],
    [['status', '-h'], EXIT.ok, 'out', /Never a value\.\n\nEvery command also takes --threads-api-url/]
  ])('%j → %i', async (argv, code, stream, text) => {
    const result = await cli(argv, { GH_TOKEN: 'ghp_x' })
    expect(result.code).toBe(code)
    expect(result[stream]).toMatch(text)
  })

  it.each<[string[], RegExp]>([
    [['status'], /^'--repo' is empty/],
    [['status', '--repo', 'nope'], /^'--repo' has 'nope': write each as owner\/name/],
    [['status', '--repo', 'o/r', '--secret-name', 'bad-name'], /^'--secret-name' is 'bad-name', which is not a valid GitHub secret name/],
    [['status', '--repo', 'o/r', '--github-api-url', 'http://example.org'], /^'--github-api-url' must use https:\/\//]
  ])('input problems name the flag: %j', async (argv, text) => {
    const result = await cli(argv, { GH_TOKEN: 'ghp_x' })
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toMatch(text)
    expect(result.err).not.toContain("Input '")
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

  it('without --state, a fresh random one each time', async () => {
    const args = ['url', '--app-id', '42', '--redirect-uri', 'https://example.org/cb']
    const states = await Promise.all([cli(args), cli(args)]).then((runs) => runs.map((r) => new URL(r.out).searchParams.get('state')))
    for (const state of states) expect(state).toMatch(/^[0-9a-f]{24}$/)
    expect(states[0]).not.toBe(states[1])
  })
})
