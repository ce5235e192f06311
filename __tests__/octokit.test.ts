import { afterEach, describe, expect, it } from 'vitest'
import { createOctokit, parseTokenExpiration } from '../src/github/octokit.js'
import { createHttp } from '../src/shared/http.js'
import { GitHubStandIn } from '../stand-ins/github-api.js'
import { DAY, POLICY } from './support.js'

describe('parseTokenExpiration', () => {
  it.each<[unknown, string | undefined]>([
    ['2026-12-09 00:00:00 UTC', '2026-12-09T00:00:00.000Z'],
    ['2026-12-09 00:00:00 -0800', '2026-12-09T08:00:00.000Z'],
    ['2026-12-09 00:00:00 +05:30', '2026-12-08T18:30:00.000Z'],
    [' 2026-12-09T00:00:00Z ', '2026-12-09T00:00:00.000Z'],
    ['2026-13-40 00:00:00 UTC', undefined],
    ['tomorrow', undefined],
    ['', undefined],
    [undefined, undefined],
    [['2026-12-09 00:00:00 UTC'], undefined]
  ])('%j -> %s', (value, expected) => {
    expect(parseTokenExpiration(value)?.toISOString()).toBe(expected)
  })
})

describe('createOctokit: what GitHub says of the token', () => {
  let gh: GitHubStandIn
  afterEach(() => gh.close())

  async function client(expiresAt?: Date) {
    gh = new GitHubStandIn()
    gh.addRepository('octo-org/blog')
    gh.addToken('github_pat_watched' + 'x'.repeat(20), { secrets: 'read' }, expiresAt)
    await gh.start()
    const replies: [number, Date | undefined][] = []
    const octokit = createOctokit({
      token: 'github_pat_watched' + 'x'.repeat(20),
      baseUrl: gh.url,
      http: createHttp(POLICY, () => undefined),
      debug: () => undefined,
      onReply: (status, date) => replies.push([status, date])
    })
    return { octokit, replies }
  }

  it('every reply, a refusal too, tells when the token expires', async () => {
    const expiresAt = new Date(Math.floor((Date.now() + 5 * DAY) / 1000) * 1000)
    const { octokit, replies } = await client(expiresAt)
    await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'octo-org', repo: 'blog' })
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/actions/variables/{name}', { owner: 'octo-org', repo: 'blog', name: 'X' })
    ).rejects.toMatchObject({ status: 403 })
    expect(replies).toEqual([
      [200, expiresAt],
      [403, expiresAt]
    ])
  })

  it('a token without expiry: replies, without a date', async () => {
    const { octokit, replies } = await client()
    await octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'octo-org', repo: 'blog' })
    expect(replies).toEqual([[200, undefined]])
  })

  it('no reply at all: nothing told', async () => {
    const { octokit, replies } = await client()
    await gh.close()
    await expect(
      octokit.request('GET /repos/{owner}/{repo}/actions/secrets/public-key', { owner: 'octo-org', repo: 'blog' })
    ).rejects.toBeDefined()
    expect(replies).toEqual([])
  })
})
