import { describe, expect, it } from 'vitest'
import { githubHostOf, githubToken, noTokenFor, type RunGh } from '../src/cli/github-token.js'

/** A `gh` that knows one token per host, and records what it was asked. */
function fakeGh(tokens: Record<string, string>) {
  const asked: string[][] = []
  const gh: RunGh = (args) => {
    asked.push(args)
    const host = args[args.indexOf('--hostname') + 1] ?? ''
    const token = tokens[host]
    if (!token) throw new Error('no oauth token')
    return `${token}\n`
  }
  return { gh, asked }
}

describe('githubHostOf', () => {
  it.each([
    ['https://api.github.com', 'github.com'],
    ['https://API.GitHub.com/', 'github.com'],
    ['https://api.octo.ghe.com', 'octo.ghe.com'],
    ['https://ghes.example.com/api/v3', 'ghes.example.com'],
    ['https://ghes.example.com:8443/api/v3', 'ghes.example.com:8443'],
    ['http://127.0.0.1:4000', '127.0.0.1:4000'],
    ['not an address', undefined]
  ])('%s takes the token of %s', (url, host) => {
    expect(githubHostOf(url)).toBe(host)
  })
})

describe('githubToken', () => {
  it.each([
    ['github.com', 'https://api.github.com', { GH_TOKEN: 'gh1', GITHUB_TOKEN: 'gh2', GH_ENTERPRISE_TOKEN: 'ent' }, 'gh1'],
    ['github.com, GITHUB_TOKEN second', 'https://api.github.com', { GITHUB_TOKEN: 'gh2', GH_ENTERPRISE_TOKEN: 'ent' }, 'gh2'],
    ['a ghe.com subdomain', 'https://api.octo.ghe.com', { GH_TOKEN: 'gh1', GH_ENTERPRISE_TOKEN: 'ent' }, 'gh1'],
    ['an Enterprise Server', 'https://ghes.example.com/api/v3', { GH_TOKEN: 'gh1', GH_ENTERPRISE_TOKEN: 'ent' }, 'ent'],
    ['an Enterprise Server, GITHUB_ENTERPRISE_TOKEN second', 'https://ghes.example.com/api/v3', { GITHUB_ENTERPRISE_TOKEN: 'ent2' }, 'ent2']
  ])('%s: the variable gh itself would use', (_case, apiUrl, env, token) => {
    const { gh, asked } = fakeGh({})
    expect(githubToken(env, apiUrl, gh).token).toBe(token)
    expect(asked).toEqual([])
  })

  it("else gh's login for that host, by --hostname, with the command's environment", () => {
    const { gh, asked } = fakeGh({ 'github.com': 'dotcom', 'ghes.example.com': 'ghes' })
    expect(githubToken({ GH_TOKEN: 'dotcom-env' }, 'https://ghes.example.com/api/v3', gh)).toMatchObject({
      token: 'ghes',
      host: 'ghes.example.com',
      unsent: ['GH_TOKEN']
    })
    expect(asked).toEqual([['auth', 'token', '--hostname', 'ghes.example.com']])
  })

  it('none where neither the environment nor gh holds one for the host: never another host’s', () => {
    const { gh } = fakeGh({ 'github.com': 'dotcom' })
    const found = githubToken({ GH_TOKEN: 'dotcom-env', GITHUB_TOKEN: 'dotcom-env2' }, 'https://ghes.example.com/api/v3', gh)
    expect(found.token).toBe('')
    expect(noTokenFor(found)).toBe(
      'No GitHub token for ghes.example.com: set GH_ENTERPRISE_TOKEN (or GITHUB_ENTERPRISE_TOKEN), or log in with ' +
        '`gh auth login --hostname ghes.example.com`. GH_TOKEN and GITHUB_TOKEN are set, but for github.com and *.ghe.com: not sent to ghes.example.com.'
    )
  })

  it('an enterprise token is not sent to github.com either', () => {
    const found = githubToken({ GH_ENTERPRISE_TOKEN: 'ent' }, 'https://api.github.com', fakeGh({}).gh)
    expect(found.token).toBe('')
    expect(noTokenFor(found)).toMatch(/GH_ENTERPRISE_TOKEN is set, but for GitHub Enterprise Server: not sent to github\.com\.$/)
  })

  it('asks nobody for an address that is none', () => {
    const { gh, asked } = fakeGh({})
    expect(githubToken({ GH_TOKEN: 'x' }, '::', gh)).toMatchObject({ token: '', host: undefined })
    expect(asked).toEqual([])
  })
})
