import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LABEL } from '../src/github/issues.js'
import { createOctokit } from '../src/github/octokit.js'
import { writerTokenTitle } from '../src/github/issue-texts.js'
import { createUpkeep, type RunContext, type RunFailure, type UpkeepSettings } from '../src/github/upkeep.js'
import { createHttp } from '../src/shared/http.js'
import { GitHubStandIn, WORKFLOW_BOT, type StandInIssue, type TokenGrant } from '../stand-ins/github-api.js'
import { DAY, POLICY } from './support.js'

const TOKEN = 'ghs_workflow' + 'w'.repeat(20)
const REPOSITORY = 'octo-org/blog'
const TITLE = 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'
const NOW = new Date('2026-12-05T12:00:00Z')
const ENABLE = 'PUT /repos/:owner/:repo/actions/workflows/:workflow/enable'
const LIST = 'GET /repos/:owner/:repo/issues'
type Flags = Pick<UpkeepSettings, 'keepScheduleAlive' | 'keepAliveWorkflows' | 'failureIssue' | 'workflowToken'>
const ALL: Flags = { keepScheduleAlive: true, keepAliveWorkflows: [], failureIssue: true, workflowToken: TOKEN }
const context = (extra: Partial<RunContext> = {}): RunContext => ({
  owner: 'octo-org',
  repo: 'blog',
  workflowName: 'Renew',
  runUrl: 'https://github.com/octo-org/blog/actions/runs/5',
  runId: '5',
  service: 'Threads',
  secretName: 'THREAD_ACCESS_TOKEN',
  authorizeUrl: undefined,
  codeLife: 'for one hour',
  loginCommand: undefined,
  expiry: 'dated',
  workflowRef: 'octo-org/blog/.github/workflows/renew token.yml@refs/heads/main',
  ...extra
})
const inDays = (days: number): Date => new Date(NOW.getTime() + days * DAY)
/** The issue about a github-token that expires that many days from now: one per token, by its day. */
const writerTitle = (days: number): string => writerTokenTitle(inDays(days))
/** A failure that needs a human, with the stored token's expiry where it is known. */
const refused = (account: string, storedExpiresAt?: Date): RunFailure => ({
  account,
  humanNeeded: true,
  storedExpiresAt
})

describe('createUpkeep against the GitHub stand-in', () => {
  let gh: GitHubStandIn
  let warnings: string[]
  beforeEach(async () => {
    gh = new GitHubStandIn()
    gh.addRepository(REPOSITORY)
    for (const file of ['renew token.yml', 'post.yml']) gh.addWorkflow(REPOSITORY, file)
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
    return createUpkeep(
      octokit,
      { ...settings, apiUrl: gh.url, context: ctx },
      (message) => warnings.push(message),
      () => NOW
    )
  }
  /** An issue the action opened (the workflow token is github-actions[bot]), unless `extra` says otherwise. */
  const openIssue = (title: string, extra: Partial<StandInIssue> = {}): StandInIssue =>
    gh.addIssue(REPOSITORY, { title, createdAt: NOW.toISOString(), ...extra })

  describe('workflows kept alive', () => {
    it('re-enables the workflow named by GITHUB_WORKFLOW_REF', async () => {
      await upkeep().keepWorkflowsAlive()
      expect(gh.enabledWorkflows).toEqual([`${REPOSITORY}:renew token.yml`])
      expect(gh.server.calls(ENABLE)[0]?.path).toBe('/repos/octo-org/blog/actions/workflows/renew%20token.yml/enable')
      expect(warnings).toEqual([])
    })

    it.each([undefined, 'octo-org/blog@refs/heads/main', 'renew.yml'])('a workflow ref of %j only warns', async (workflowRef) => {
      await upkeep(undefined, ALL, { ...context(), workflowRef }).keepWorkflowsAlive()
      expect(gh.enabledWorkflows).toEqual([])
      expect(warnings).toEqual([expect.stringMatching(/^keep-schedule-alive: GITHUB_WORKFLOW_REF does not name a workflow file/)])
    })

    it("re-enables the poster's workflow too, even where GitHub disabled it for inactivity, and the renewal's only once", async () => {
      gh.addWorkflow(REPOSITORY, 'post.yml', 'disabled_inactivity')
      await upkeep(undefined, { ...ALL, keepAliveWorkflows: ['post.yml', 'renew token.yml'] }).keepWorkflowsAlive()
      expect([...gh.enabledWorkflows].sort()).toEqual([`${REPOSITORY}:post.yml`, `${REPOSITORY}:renew token.yml`])
      expect(gh.workflowState(REPOSITORY, 'post.yml')).toBe('active')
      expect(warnings).toEqual([])
    })

    it('keep-alive-workflows alone, without keep-schedule-alive: only the ones named', async () => {
      await upkeep(undefined, { ...ALL, keepScheduleAlive: false, keepAliveWorkflows: ['post.yml'] }).keepWorkflowsAlive()
      expect(gh.enabledWorkflows).toEqual([`${REPOSITORY}:post.yml`])
    })

    it('a workflow that does not exist: a warning naming it; the others are re-enabled all the same', async () => {
      await upkeep(undefined, { ...ALL, keepAliveWorkflows: ['gone.yml', 'post.yml'] }).keepWorkflowsAlive()
      expect([...gh.enabledWorkflows].sort()).toEqual([`${REPOSITORY}:post.yml`, `${REPOSITORY}:renew token.yml`])
      expect(warnings).toEqual([expect.stringMatching(/^keep-alive-workflows: gone\.yml is not a workflow of octo-org\/blog/)])
    })

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
    ])('lacking %s permission warns, never throws', async (_case, grant, warning) => {
      openIssue(TITLE)
      const keeper = upkeep(grant)
      await expect(Promise.all([keeper.keepWorkflowsAlive(), keeper.renewed()])).resolves.toBeDefined()
      expect(warnings).toEqual([warning])
    })
  })

  describe('the failure issue', () => {
    it('failed, failed, succeeded: opens one labelled issue, comments on it, then closes it', async () => {
      const keeper = upkeep()
      await keeper.failed(refused('Threads refused the refresh.', new Date('2027-01-01T12:00:00Z')))
      const [issue] = gh.issues(REPOSITORY)
      expect(issue).toMatchObject({ number: 1, title: TITLE, state: 'open', labels: [LABEL] })
      expect(issue?.body).toContain('**What happened:**\n\n```text\nThreads refused the refresh.\n```')
      expect(issue?.body).toContain('(THREAD_ACCESS_TOKEN) expires 2027-01-01T12:00:00Z (in 27 days).')
      expect(issue?.body).not.toContain('Time is short')
      expect(issue?.body).toContain('Open the authorize URL (README: "Get the first authorization code")')
      expect(issue?.body).toContain('Actions → Renew → Run workflow')
      expect(issue?.body).toContain('Failed run: https://github.com/octo-org/blog/actions/runs/5')
      await keeper.failed(refused('Still refused.', undefined))
      expect(gh.issues(REPOSITORY)).toHaveLength(1)
      expect(issue?.comments[0]?.body).toContain('**What happened:**\n\n```text\nStill refused.\n```')
      expect(issue?.comments[0]?.body).toContain('has an unknown expiry')
      await upkeep().renewed()
      expect(issue).toMatchObject({
        state: 'closed',
        comments: [
          expect.anything(),
          { body: 'Renewed successfully in https://github.com/octo-org/blog/actions/runs/5. Closing.', author: WORKFLOW_BOT }
        ]
      })
      expect(warnings).toEqual([])
    })

    it('is found in one request, by its label: the open issues are not paged through', async () => {
      openIssue(TITLE)
      await upkeep().failed(refused('again'))
      expect(gh.issues(REPOSITORY)).toHaveLength(1)
      expect(gh.issues(REPOSITORY)[0]?.comments).toHaveLength(1)
      expect(gh.server.calls(LIST).map((r) => [r.query.get('labels'), r.query.get('state')])).toEqual([[LABEL, 'open']])
    })

    // Anybody may open an issue with the title, and an issue template may give it the label.
    it('an issue somebody else opened with its title and label is not its own: never commented on, never closed', async () => {
      const impostor = openIssue(TITLE, { author: 'mallory', body: 'Paste your new token below.' })
      const keeper = upkeep()
      await keeper.failed(refused('Threads refused the refresh.'))
      await keeper.failed(refused('Still refused.'))
      const [, own] = gh.issues(REPOSITORY)
      expect(own).toMatchObject({ title: TITLE, author: WORKFLOW_BOT, state: 'open', comments: [{ author: WORKFLOW_BOT }] })
      await upkeep().renewed()
      expect(own?.state).toBe('closed')
      expect(impostor).toMatchObject({ state: 'open', comments: [] })
      expect(warnings).toEqual([])
    })

    it('who it is, it asks GitHub once, and only where an issue with its title is there to be told apart', async () => {
      const keeper = upkeep()
      await keeper.failed(refused('first')) // nothing to tell apart: opened, and the reply says who opened it
      await keeper.failed(refused('again'))
      expect(gh.server.calls('POST /graphql')).toEqual([])
      openIssue(writerTitle(-1), { author: 'mallory' })
      openIssue(writerTitle(-1))
      const next = upkeep()
      await next.failed(refused('third'))
      await next.watchWriterToken(inDays(30))
      expect(gh.server.calls('POST /graphql')).toHaveLength(1)
      expect(gh.issues(REPOSITORY).map(({ title, author, state }) => [title, author, state])).toEqual([
        [TITLE, WORKFLOW_BOT, 'open'],
        [writerTitle(-1), 'mallory', 'open'],
        [writerTitle(-1), WORKFLOW_BOT, 'closed']
      ])
    })

    it('who it is, unknown (GitHub refused to say): a warning, and nobody’s issue is taken for its own', async () => {
      const impostor = openIssue(TITLE, { author: 'mallory' })
      gh.server.fault('POST /graphql', { status: 403, body: { message: 'Forbidden' }, times: Number.POSITIVE_INFINITY })
      await upkeep().failed(refused('m'))
      expect(warnings).toEqual([
        "Could not open the failure issue (HTTP 403): give the job 'permissions: issues: write'. The token itself is not affected."
      ])
      expect(gh.issues(REPOSITORY)).toEqual([impostor])
      expect(impostor.comments).toEqual([])
    })

    it("a personal token as workflow-token: the issues it opened are its user's", async () => {
      const keeper = upkeep({ issues: 'write', login: 'octocat' })
      openIssue(TITLE, { author: WORKFLOW_BOT })
      await keeper.failed(refused('m'))
      await keeper.failed(refused('again'))
      expect(gh.issues(REPOSITORY).map(({ author, comments }) => [author, comments.length])).toEqual([
        [WORKFLOW_BOT, 0],
        ['octocat', 1]
      ])
    })

    it('an issue with the same title but without the label is not its own', async () => {
      openIssue(TITLE, { labels: [] })
      await upkeep().failed(refused('m'))
      expect(gh.issues(REPOSITORY).map((issue) => issue.labels)).toEqual([[], [LABEL]])
    })

    it('each service and secret name has its own issue; pull requests with the title are not issues', async () => {
      gh.server.fault(LIST, {
        status: 200,
        body: [{ number: 40, title: 'Instagram token renewal needs attention (IG_TOKEN)', pull_request: {}, updated_at: NOW.toISOString() }]
      })
      const instagram = context({
        service: 'Instagram',
        secretName: 'IG_TOKEN',
        authorizeUrl: 'https://www.instagram.com/oauth/authorize?x=1',
        workflowName: undefined
      })
      await upkeep(undefined, ALL, instagram).failed(refused('m'))
      await upkeep(undefined, ALL, context()).failed(refused('m'))
      const issues = gh.issues(REPOSITORY)
      expect(issues.map((i) => i.title)).toEqual(['Instagram token renewal needs attention (IG_TOKEN)', TITLE])
      expect(issues[0]?.body).toContain(
        'Open https://www.instagram.com/oauth/authorize?x=1 in a browser signed in to the Instagram account'
      )
      expect(issues[0]?.body).toContain('Actions → this workflow → Run workflow')
      await upkeep(undefined, { ...ALL, keepScheduleAlive: false }, context()).renewed()
      expect(issues.map((i) => i.state)).toEqual(['open', 'closed'])
    })

    it.each<[string, number | undefined, boolean]>([
      ['5 days left', 5, true],
      ['14 days left', 14, true],
      ['already expired', -3, true],
      ['30 days left', 30, false],
      ['an unknown expiry', undefined, false]
    ])('a failure the next run would fix, with %s: an issue only when time is short', async (_case, days, opened) => {
      const storedExpiresAt = days === undefined ? undefined : inDays(days)
      await upkeep().failed({ account: 'Threads did not answer (HTTP 503).', humanNeeded: false, storedExpiresAt })
      expect(gh.issues(REPOSITORY).length).toBe(opened ? 1 : 0)
      if (opened)
        expect(gh.issues(REPOSITORY)[0]?.body).toMatch(/\*\*Time is short:\*\* the next scheduled run may come after the token has expired/)
      else expect(gh.server.requests).toEqual([])
    })

    it('a notice (the run succeeded; an end is near): the issue names the day, with no word of an outage to wait out', async () => {
      const account = 'The stored LinkedIn token expires soon, and nothing can renew it.'
      await upkeep().failed({ account, humanNeeded: true, storedExpiresAt: inDays(5), notice: true })
      const [issue] = gh.issues(REPOSITORY)
      expect(issue?.body).toContain(`**What happened:**\n\n\`\`\`text\n${account}\n\`\`\``)
      expect(issue?.body).toMatch(/expires \S+ \(in 5 days\)\./)
      expect(issue?.body).not.toContain('Time is short')
    })

    it('a notice is the same news every run until a human acts: told again at most once a week; a failure at once', async () => {
      const account = 'The stored LinkedIn token expires soon, and nothing can renew it.'
      const notice = { account, humanNeeded: true, storedExpiresAt: inDays(5), notice: true }
      const issue = openIssue(TITLE, { createdAt: inDays(-3).toISOString() })
      await upkeep().failed(notice)
      expect(issue.comments).toEqual([])
      issue.createdAt = inDays(-8).toISOString()
      await upkeep().failed(notice)
      expect(issue.comments).toHaveLength(1)
      await upkeep().failed(refused('A refresh was refused.'))
      expect(issue.comments).toHaveLength(2)
      expect(gh.issues(REPOSITORY)).toHaveLength(1)
    })

    it('nothing asked for: no request at all', async () => {
      const keeper = upkeep(undefined, { ...ALL, keepScheduleAlive: false, failureIssue: false })
      await keeper.keepWorkflowsAlive()
      await keeper.failed(refused('m', inDays(2)))
      await keeper.renewed()
      await keeper.watchWriterToken(inDays(2))
      expect(gh.server.requests).toEqual([])
    })

    // Octokit gives a refused connection status 500 too: the warning must not claim a reply.
    it('no reply at all: a warning that claims no HTTP status, never a throw', async () => {
      const keeper = upkeep()
      await gh.close()
      await expect(keeper.failed(refused('m'))).resolves.toBeUndefined()
      expect(warnings).toEqual(['Could not open the failure issue (no reply): the next run tries again. The token itself is not affected.'])
    })
  })

  describe("the secrets-writing token's own expiry", () => {
    it('5 days left: a warning naming github-token, and an issue of its own saying what to do', async () => {
      await upkeep().watchWriterToken(inDays(5))
      expect(warnings).toEqual([
        expect.stringMatching(/^github-token expires 2026-12-10T12:00:00Z \(in 5 days\): .*actions\/create-github-app-token/)
      ])
      const [issue] = gh.issues(REPOSITORY)
      expect(issue).toMatchObject({
        title: 'The github-token that writes secrets here expires on 2026-12-10',
        labels: [LABEL],
        state: 'open'
      })
      expect(issue?.body).toContain('expires 2026-12-10T12:00:00Z (in 5 days)')
      expect(issue?.body).toMatch(/Regenerate token .* Secrets read and write/)
      expect(issue?.body).toContain('actions/create-github-app-token')
    })

    it('reminds at most once a week, timed by its own last word', async () => {
      const issue = openIssue(writerTitle(4), { createdAt: inDays(-3).toISOString() })
      await upkeep().watchWriterToken(inDays(4))
      expect(issue.comments).toEqual([])
      issue.createdAt = inDays(-8).toISOString()
      await upkeep().watchWriterToken(inDays(4))
      expect(issue.comments).toHaveLength(1)
      expect(gh.issues(REPOSITORY)).toHaveLength(1)
    })

    // Anybody's comment moves the issue's updated_at: timed by it, a comment a week would silence the reminders for good.
    it.each<[string, number | undefined, number]>([
      ["others' comments only, the action's last word (opening it) 10 days old", undefined, 1],
      ['its own reminder 8 days ago, and others’ since', -8, 1],
      ['its own reminder 2 days ago', -2, 0]
    ])('%s: reminded as its own last word says', async (_case, ownDaysAgo, reminders) => {
      const comments = [
        ...(ownDaysAgo === undefined ? [] : [{ body: 'reminder', author: WORKFLOW_BOT, createdAt: inDays(ownDaysAgo).toISOString() }]),
        { body: 'me too', author: 'someone', createdAt: inDays(-1).toISOString() }
      ]
      const issue = openIssue(writerTitle(4), { createdAt: inDays(-10).toISOString(), comments: [...comments] })
      expect(issue.updatedAt).toBe(inDays(-1).toISOString())
      await upkeep().watchWriterToken(inDays(4))
      expect(issue.comments.slice(comments.length).map((comment) => comment.author)).toEqual(Array(reminders).fill(WORKFLOW_BOT))
    })

    it('18 days left: a warning, no issue', async () => {
      await upkeep().watchWriterToken(inDays(18))
      expect(warnings).toHaveLength(1)
      expect(gh.issues(REPOSITORY)).toEqual([])
    })

    it.each<[string, Date | undefined]>([
      ['a token with 30 days left', inDays(30)],
      ['a token without expiry, or an App token', undefined]
    ])('%s: nothing raised; the issue of a token whose day has passed closed, of one still to come left open', async (_case, expiresAt) => {
      const past = openIssue(writerTitle(-1))
      const ahead = openIssue(writerTitle(4))
      await upkeep().watchWriterToken(expiresAt)
      expect(warnings).toEqual([])
      expect(past).toMatchObject({
        state: 'closed',
        comments: [{ body: 'That day has passed: a run that still uses this github-token fails, and says so in its own issue. Closing.' }]
      })
      // Another step may still use the token that expires in 4 days: this run's token tells nothing of it.
      expect(ahead).toMatchObject({ state: 'open', comments: [] })
    })

    it('looked ahead at, the issues are read once, alongside the first requests; without failure-issue, not at all', async () => {
      const keeper = upkeep()
      keeper.lookAhead()
      await keeper.failed(refused('first'))
      await keeper.watchWriterToken(inDays(30))
      expect(gh.server.calls(LIST)).toHaveLength(1)
      const quiet = upkeep(undefined, { ...ALL, failureIssue: false })
      quiet.lookAhead()
      await quiet.renewed()
      expect(gh.server.calls(LIST)).toHaveLength(1)
    })

    it('its issue and the failure issue are looked up in one request', async () => {
      const keeper = upkeep()
      await keeper.renewed()
      await keeper.watchWriterToken(inDays(30))
      expect(gh.server.calls(LIST)).toHaveLength(1)
    })

    it('one issue per github-token: several steps with the same token keep one, a token that expires later leaves it alone', async () => {
      await upkeep().watchWriterToken(inDays(5))
      await upkeep(undefined, ALL, context({ secretName: 'LINKEDIN_ACCESS_TOKEN', service: 'LinkedIn' })).watchWriterToken(inDays(5))
      await upkeep().watchWriterToken(inDays(40))
      await upkeep().watchWriterToken(inDays(6))
      expect(gh.issues(REPOSITORY).map(({ title, state }) => [title, state])).toEqual([
        [writerTitle(5), 'open'],
        [writerTitle(6), 'open']
      ])
    })

    it('what a run opens, comments on and closes is kept in the list it read: one request for all', async () => {
      openIssue(writerTitle(-1))
      const keeper = upkeep()
      await keeper.failed(refused('first')) // opened
      await keeper.failed(refused('again')) // found as opened: a comment, not another issue
      await keeper.watchWriterToken(inDays(30)) // the past day's closed
      await keeper.watchWriterToken(inDays(5)) // a new one
      expect(gh.server.calls(LIST)).toHaveLength(1)
      expect(gh.issues(REPOSITORY).map(({ title, state, comments }) => [title, state, comments.length])).toEqual([
        [writerTitle(-1), 'closed', 1],
        [TITLE, 'open', 1],
        [writerTitle(5), 'open', 0]
      ])
    })
  })

  describe('when this run was asked for', () => {
    it("is the workflow run's creation, on GitHub's clock", async () => {
      gh.addRun(REPOSITORY, '5', '2026-12-05T11:59:00Z')
      expect(await upkeep().runAskedAt()).toBe('2026-12-05T11:59:00Z')
    })

    it("is a re-run's start, not the first attempt's creation", async () => {
      gh.addRun(REPOSITORY, '5', '2026-11-01T08:00:00Z', { attempt: 2, startedAt: '2026-12-05T11:59:00Z' })
      expect(await upkeep().runAskedAt()).toBe('2026-12-05T11:59:00Z')
    })

    it.each<[string, TokenGrant, RunContext]>([
      ['outside a runner (no run id)', { integration: true, actions: 'write' }, context({ runId: undefined })],
      ['a run GitHub does not know', { integration: true, actions: 'write' }, context({ runId: '6' })],
      ['a token that may not read runs', { integration: true, issues: 'write' }, context()]
    ])('%s: unknown, never a rejection', async (_case, grant, ctx) => {
      gh.addRun(REPOSITORY, '5', '2026-12-05T11:59:00Z')
      expect(await upkeep(grant, ALL, ctx).runAskedAt()).toBeUndefined()
    })
  })

  it('a new issue gets its label though GitHub drops an unknown label from a new issue: the label is made first', async () => {
    await upkeep().failed(refused('m'))
    expect([...gh.labels(REPOSITORY)]).toEqual([LABEL])
    expect(gh.issues(REPOSITORY)[0]?.labels).toEqual([LABEL])
    await upkeep().failed(refused('again'))
    expect(gh.issues(REPOSITORY)).toHaveLength(1)
  })

  it('where neither the label can be made nor added, the issue is opened all the same, and a warning says to label it', async () => {
    const forbidden = { status: 403, body: { account: 'Resource not accessible by integration' }, times: Number.POSITIVE_INFINITY }
    gh.server.fault('POST /repos/:owner/:repo/labels', forbidden)
    gh.server.fault('POST /repos/:owner/:repo/issues/:number/labels', forbidden)
    await upkeep().failed(refused('m'))
    expect(gh.issues(REPOSITORY).map((issue) => [issue.title, issue.labels])).toEqual([[TITLE, []]])
    expect(warnings).toEqual([
      expect.stringMatching(/^Opened issue #1 but could not label it "threads-token-keeper": add the label by hand/)
    ])
  })
})
