/**
 * The grant ends, and refreshing does not save it: when data access ends, asked beside the writes,
 * announced 14 days ahead, and kept in an issue of its own until a token with more time is seen.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dataAccessWarning } from '../src/core/deadlines.js'
import { isoSeconds } from '../src/core/freshness.js'
import { createOctokit } from '../src/github/octokit.js'
import { createUpkeep, type RunContext } from '../src/github/upkeep.js'
import { dataAccessBody } from '../src/github/issue-texts.js'
import { createHttp } from '../src/shared/http.js'
import { GitHubStandIn } from '../stand-ins/github-api.js'
import type { World } from '../stand-ins/world.js'
import { DAY, NOW, POLICY, keeperWorld } from './support.js'

describe('dataAccessWarning', () => {
  const now = new Date('2026-12-06T00:00:00Z')
  const inDays = (days: number): string => isoSeconds(new Date(now.getTime() + days * DAY))

  it.each<[string, number, RegExp | undefined]>([
    ['15 days ahead: nothing yet', 15, undefined],
    [
      '14 days ahead: ends, before that day',
      14,
      /^Data access for this token ends 2026-12-20T00:00:00Z \(in 14 days\).*Authorize again before that day/
    ],
    ['tomorrow', 1, /ends .*\(in 1 day\)/],
    ['ended 3 days ago: authorize now', -3, /^Data access for this token ended .*\(3 days ago\).*Authorize again now/]
  ])('%s', (_case, days, expected) => {
    const warning = dataAccessWarning(inDays(days), now)
    if (expected) expect(warning).toMatch(expected)
    else expect(warning).toBeUndefined()
  })

  it('names no service: the core speaks of lifecycles', () => {
    expect(dataAccessWarning(inDays(3), now)).not.toMatch(/Threads|Instagram|Meta|Facebook/)
  })
})

describe('keepToken: data access, asked beside the writes', () => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  it('a refresh of a grant 80 days old: data access ends in 10 days, a warning, the token stored all the same', async () => {
    const { w, keep } = await keeperWorld()
    world = w
    const token = w.graph.issueToken('long-lived', 2 * DAY, 80 * DAY)
    const outcome = await keep({ 'long-lived-token': token })
    expect(outcome.failures).toEqual([])
    expect(outcome.targets[0]?.status).toBe('created')
    expect(Math.round((Date.parse(outcome.dataAccessExpiresAt ?? '') - NOW.getTime()) / DAY)).toBe(10)
    expect(outcome.warnings).toEqual([expect.stringMatching(/^Data access for this token ends .*\(in 10 days\)/)])
    // One inspection, of the new token, beside the write.
    const inspections = w.graph.server.calls('GET /v1.0/debug_token')
    expect(inspections.map((request) => request.query.get('input_token'))).toEqual([outcome.accessToken])
  })

  it('a fresh grant: the date, no warning', async () => {
    const { w, keep } = await keeperWorld()
    world = w
    const outcome = await keep({ 'authorization-code': w.graph.issueCode() })
    expect(Math.round((Date.parse(outcome.dataAccessExpiresAt ?? '') - NOW.getTime()) / DAY)).toBe(90)
    expect(outcome.warnings).toEqual([])
  })

  it('a token whose owner is no tester of the app: debug_token refuses, nothing is said, nothing lost', async () => {
    const { w, keep } = await keeperWorld({ graph: { inspection: false } })
    world = w
    const outcome = await keep({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY, 85 * DAY) })
    expect(outcome.failures).toEqual([])
    expect(outcome.warnings).toEqual([])
    expect(outcome.dataAccessExpiresAt).toBeUndefined()
    expect(w.github.openSecret(w.repository, 'THREAD_ACCESS_TOKEN')).toBe(outcome.accessToken)
  })

  it('a dry run inspects the current token', async () => {
    const { w, keep } = await keeperWorld()
    world = w
    const token = w.graph.issueToken('long-lived', 2 * DAY, 88 * DAY)
    const outcome = await keep({ 'long-lived-token': token, 'dry-run': 'true' })
    expect(outcome.dryRun).toBe(true)
    expect(Math.round((Date.parse(outcome.dataAccessExpiresAt ?? '') - NOW.getTime()) / DAY)).toBe(2)
    expect(outcome.warnings).toEqual([expect.stringMatching(/in 2 days/)])
    expect(w.graph.server.calls('GET /v1.0/debug_token').map((request) => request.query.get('input_token'))).toEqual([token])
  })

  it('Instagram has no debug_token: no request, no date', async () => {
    const { w, keep } = await keeperWorld({ graph: { provider: 'instagram' } })
    world = w
    const outcome = await keep({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) })
    expect(outcome.failures).toEqual([])
    expect(outcome.dataAccessExpiresAt).toBeUndefined()
  })
})

describe('upkeep: the data-access issue', () => {
  const TOKEN = 'ghs_workflow' + 'w'.repeat(20)
  const REPOSITORY = 'octo-org/blog'
  const TITLE = 'Threads data access ends soon (THREAD_ACCESS_TOKEN)'
  let gh: GitHubStandIn
  let now: Date
  let warnings: string[]
  beforeEach(async () => {
    gh = new GitHubStandIn()
    gh.addRepository(REPOSITORY)
    gh.addToken(TOKEN, { integration: true, actions: 'write', issues: 'write' })
    await gh.start()
    now = new Date('2026-12-05T12:00:00Z')
    warnings = []
  })
  afterEach(() => gh.close())

  const context: RunContext = {
    owner: 'octo-org',
    repo: 'blog',
    workflowName: 'Renew',
    workflowRef: 'octo-org/blog/.github/workflows/renew.yml@refs/heads/main',
    runUrl: 'https://github.com/octo-org/blog/actions/runs/5',
    runId: '5',
    service: 'Threads',
    secretName: 'THREAD_ACCESS_TOKEN',
    authorizeUrl:
      'https://threads.com/oauth/authorize?client_id=1&redirect_uri=https://example.org/cb&scope=threads_basic&response_type=code',
    codeLife: 'for one hour',
    loginCommand: undefined,
    expiry: 'dated'
  }
  const upkeep = (failureIssue = true) =>
    createUpkeep(
      createOctokit({ token: TOKEN, baseUrl: gh.url, http: createHttp(POLICY, () => undefined), debug: () => undefined }),
      { keepScheduleAlive: false, keepAliveWorkflows: [], failureIssue, workflowToken: TOKEN, apiUrl: gh.url, context },
      (message) => warnings.push(message),
      () => now
    )
  const at = (days: number): string => isoSeconds(new Date(now.getTime() + days * DAY))

  it.each<[RunContext['expiry'], string]>([
    ['dated', 'The token is refreshed as usual until then.'],
    [
      'never',
      "whatever the token's own expiry (it has none): only a new authorization starts a new grant. Each run checks the token as usual until then."
    ]
  ])('a token that expires %s: the issue says what runs do with it until then', (expiry, says) => {
    const body = dataAccessBody({ ...context, expiry }, new Date(at(10)), now)
    expect(body).toContain(says)
  })

  it('opened 10 days ahead, with the day and the steps; not closed by the next run that still sees 9 days; closed by one with more', async () => {
    await upkeep().watchDataAccess(at(10))
    const [issue] = gh.issues(REPOSITORY)
    expect(issue?.title).toBe(TITLE)
    expect(issue?.state).toBe('open')
    expect(issue?.body).toMatch(/ends 2026-12-15T12:00:00Z \(in 10 days\)/)
    expect(issue?.body).toContain('Authorize again before that day')
    expect(issue?.body).toContain(context.authorizeUrl)

    now = new Date(now.getTime() + DAY)
    await upkeep().watchDataAccess(at(9))
    expect(gh.issues(REPOSITORY)).toHaveLength(1)
    expect(gh.issues(REPOSITORY)[0]?.state).toBe('open')

    await upkeep().watchDataAccess(at(90))
    expect(gh.issues(REPOSITORY)[0]?.state).toBe('closed')
    expect(warnings).toEqual([])
  })

  it('past the end: the issue says it ended', async () => {
    await upkeep().watchDataAccess(at(-2))
    expect(gh.issues(REPOSITORY)[0]?.body).toMatch(/ended .*\(2 days ago\)/)
  })

  it('with more than 14 days and no issue open: nothing is opened', async () => {
    await upkeep().watchDataAccess(at(15))
    expect(gh.issues(REPOSITORY)).toEqual([])
  })

  it('without failure-issue: no request at all', async () => {
    await upkeep(false).watchDataAccess(at(3))
    expect(gh.server.requests).toEqual([])
  })
})

describe('askDataAccess: only where the service tells it', () => {
  it('a service whose inspection says nothing of data access is not asked', async () => {
    const { askDataAccess } = await import('../src/core/deadlines.js')
    let asked = 0
    const tokens = {
      reportsDataAccess: false,
      inspect: () => {
        asked++
        return Promise.resolve({ dataAccessExpiresAt: new Date() })
      }
    } as unknown as Parameters<typeof askDataAccess>[0]
    expect(await askDataAccess(tokens, 'token', undefined)).toBeUndefined()
    expect(asked).toBe(0)
  })
})
