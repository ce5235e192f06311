import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOctokit } from '../src/github/octokit.js'
import { createHttp } from '../src/shared/http.js'
import { createUpkeep, type RunContext, type UpkeepSettings } from '../src/github/upkeep.js'
import { GitHubStandIn, type TokenGrant } from '../stand-ins/github-api.js'
import { POLICY } from './support.js'

describe('createUpkeep against the GitHub stand-in', () => {
  const TOKEN = 'ghs_workflow' + 'w'.repeat(20)
  const REPOSITORY = 'octo-org/blog'
  type Flags = Pick<UpkeepSettings, 'keepScheduleAlive' | 'failureIssue' | 'workflowToken'>
  const ALL: Flags = { keepScheduleAlive: true, failureIssue: true, workflowToken: TOKEN }
  const context = (extra: Partial<RunContext> = {}): RunContext => ({
    owner: 'octo-org',
    repo: 'blog',
    workflowName: 'Renew',
    runUrl: 'https://github.com/octo-org/blog/actions/runs/5',
    service: 'Threads',
    secretName: 'THREAD_ACCESS_TOKEN',
    authorizeUrl: undefined,
    workflowRef: 'octo-org/blog/.github/workflows/renew token.yml@refs/heads/main',
    ...extra
  })
  let gh: GitHubStandIn
  let warnings: string[]
  beforeEach(async () => {
    gh = new GitHubStandIn()
    gh.addRepository(REPOSITORY)
    await gh.start()
    warnings = []
  })
  afterEach(() => gh.close())

  function upkeep(
    grant: TokenGrant = { integration: true, actions: 'write', issues: 'write' },
    settings: Flags = ALL,
    ctx: RunContext = context()
  ) {
    gh.addToken(TOKEN, grant)
    const octokit = createOctokit({
      token: settings.workflowToken,
      baseUrl: gh.url,
      http: createHttp(POLICY, () => undefined),
      debug: () => undefined
    })
    return createUpkeep(octokit, { ...settings, apiUrl: gh.url, context: ctx }, (message) => warnings.push(message))
  }

  it('keepScheduleAlive: re-enables the workflow named by GITHUB_WORKFLOW_REF', async () => {
    await upkeep().keepScheduleAlive()
    expect(gh.enabledWorkflows).toEqual([`${REPOSITORY}:renew token.yml`])
    expect(gh.server.calls('PUT /repos/:owner/:repo/actions/workflows/:workflow/enable')[0]?.path).toBe(
      '/repos/octo-org/blog/actions/workflows/renew%20token.yml/enable'
    )
    expect(warnings).toEqual([])
  })

  it.each([undefined, 'octo-org/blog@refs/heads/main', 'renew.yml'])(
    'keepScheduleAlive: a workflow ref of %j only warns',
    async (workflowRef) => {
      await upkeep(undefined, ALL, { ...context(), workflowRef }).keepScheduleAlive()
      expect(gh.enabledWorkflows).toEqual([])
      expect(warnings).toEqual([expect.stringMatching(/^keep-schedule-alive: GITHUB_WORKFLOW_REF does not name a workflow file/)])
    }
  )

  it.each<[string, TokenGrant, string]>([
    [
      'actions',
      { integration: true, issues: 'write' },
      "Could not re-enable this workflow to keep its schedule alive (HTTP 403): give the job 'permissions: actions: write'. The token itself is not affected."
    ],
    [
      'issues',
      { integration: true, actions: 'write', issues: 'read' },
      "Could not close the failure issue (HTTP 403): give the job 'permissions: issues: write'. The token itself is not affected."
    ]
  ])('keepScheduleAlive and succeeded: lacking %s permission warns, never throws', async (_case, grant, warning) => {
    gh.issues(REPOSITORY).push({
      number: 1,
      title: 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)',
      body: '',
      state: 'open',
      comments: []
    })
    const keeper = upkeep(grant)
    await expect(keeper.keepScheduleAlive()).resolves.toBeUndefined()
    await expect(keeper.succeeded()).resolves.toBeUndefined()
    expect(warnings).toEqual([warning])
  })

  it('failed, failed, succeeded: opens one issue, comments on it, then closes it', async () => {
    const keeper = upkeep()
    await keeper.failed('Threads refused the refresh.', '2025-08-01T00:00:00Z')
    const [issue] = gh.issues(REPOSITORY)
    expect(issue).toMatchObject({ number: 1, title: 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)', state: 'open' })
    expect(issue?.body).toContain('**What happened:** Threads refused the refresh.')
    expect(issue?.body).toContain('(THREAD_ACCESS_TOKEN) expires 2025-08-01T00:00:00Z.')
    expect(issue?.body).toContain('Open the authorize URL (README: "Get the first authorization code")')
    expect(issue?.body).toContain('Actions → Renew → Run workflow')
    expect(issue?.body).toContain('Failed run: https://github.com/octo-org/blog/actions/runs/5')
    await keeper.failed('Still refused.', undefined)
    expect(gh.issues(REPOSITORY)).toHaveLength(1)
    expect(issue?.comments[0]).toContain('**What happened:** Still refused.')
    expect(issue?.comments[0]).toContain('has an unknown expiry')
    await keeper.succeeded()
    // Closing the issue is all that success adds: re-enabling is keepScheduleAlive's, on every run.
    expect(gh.enabledWorkflows).toEqual([])
    expect(issue).toMatchObject({
      state: 'closed',
      comments: [expect.any(String), 'Renewed successfully in https://github.com/octo-org/blog/actions/runs/5. Closing.']
    })
    expect(warnings).toEqual([])
  })

  it('each service and secret name has its own issue; pull requests with the title are not issues', async () => {
    gh.server.fault('GET /repos/:owner/:repo/issues', {
      status: 200,
      body: [{ number: 40, title: 'Instagram token renewal needs attention (IG_TOKEN)', pull_request: {} }]
    })
    await upkeep(
      undefined,
      ALL,
      context({
        service: 'Instagram',
        secretName: 'IG_TOKEN',
        authorizeUrl: 'https://www.instagram.com/oauth/authorize?x=1',
        workflowName: undefined
      })
    ).failed('m', undefined)
    await upkeep(undefined, ALL, context()).failed('m', undefined)
    const issues = gh.issues(REPOSITORY)
    expect(issues.map((i) => i.title)).toEqual([
      'Instagram token renewal needs attention (IG_TOKEN)',
      'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'
    ])
    expect(issues[0]?.body).toContain('Open https://www.instagram.com/oauth/authorize?x=1 in a browser signed in to the Instagram account')
    expect(issues[0]?.body).toContain('Actions → this workflow → Run workflow')
    await upkeep(undefined, { ...ALL, keepScheduleAlive: false }, context()).succeeded()
    expect(issues.map((i) => i.state)).toEqual(['open', 'closed'])
  })

  it('its open issue is looked for page by page, 100 at a time', async () => {
    const others = (from: number) => Array.from({ length: 100 }, (_, i) => ({ number: from + i, title: `Other issue ${from + i}` }))
    gh.server.fault('GET /repos/:owner/:repo/issues', { status: 200, body: others(1000) })
    gh.issues(REPOSITORY).push({
      number: 1,
      title: 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)',
      body: '',
      state: 'open',
      comments: []
    })
    await upkeep().failed('again', undefined)
    expect(gh.issues(REPOSITORY)).toHaveLength(1)
    expect(gh.issues(REPOSITORY)[0]?.comments).toHaveLength(1)
    expect(gh.server.calls('GET /repos/:owner/:repo/issues').map((r) => [r.query.get('page'), r.query.get('per_page')])).toEqual([
      ['1', '100'],
      ['2', '100']
    ])
  })

  it('after ten full pages without it, a new issue is opened', async () => {
    for (let page = 0; page < 10; page++) {
      gh.server.fault('GET /repos/:owner/:repo/issues', {
        status: 200,
        body: Array.from({ length: 100 }, (_, i) => ({ number: 2000 + page * 100 + i, title: 'x' }))
      })
    }
    await upkeep().failed('m', undefined)
    expect(gh.server.calls('GET /repos/:owner/:repo/issues')).toHaveLength(10)
    expect(gh.issues(REPOSITORY).map((i) => i.title)).toEqual(['Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'])
  })

  it('nothing asked for: no request at all', async () => {
    const keeper = upkeep(undefined, { ...ALL, keepScheduleAlive: false, failureIssue: false })
    await keeper.failed('m', undefined)
    await keeper.keepScheduleAlive()
    await keeper.succeeded()
    expect(gh.server.requests).toEqual([])
  })

  it('no reply at all: a warning, never a throw', async () => {
    const keeper = upkeep()
    await gh.close()
    await expect(keeper.failed('m', undefined)).resolves.toBeUndefined()
    expect(warnings).toEqual([expect.stringMatching(/^Could not open the failure issue\b.*The token itself is not affected\.$/)])
  })

  // Octokit gives a refused connection status 500 too: the warning must not claim a reply.
  it('no reply at all: the warning claims no HTTP status', async () => {
    const keeper = upkeep()
    await gh.close()
    await keeper.failed('m', undefined)
    expect(warnings).toEqual(['Could not open the failure issue (no reply): the next run tries again. The token itself is not affected.'])
  })
})
