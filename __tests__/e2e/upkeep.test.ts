import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAction } from '../../stand-ins/run-action.js'
import { startWorld, type World, type WorldOptions } from '../../stand-ins/world.js'
import { FAST, runtimes, expectNoLeaks, RENEWAL_RUN } from '../support.js'

const DAY = 86_400_000
const [, node] = runtimes()[0] ?? ['', process.execPath]
const TITLE = 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'

describe('keeping the schedule alive and raising one issue when a human is needed', () => {
  let world: World
  const runner = RENEWAL_RUN
  async function start(options: WorldOptions = {}): Promise<void> {
    world = await startWorld(options)
  }
  beforeEach(() => start())
  afterEach(() => world.close())

  const run = async (inputs: Record<string, string>) => {
    // The workflow token goes to the runner's own API (GITHUB_API_URL), whatever github-api-url says.
    const result = await runAction({ node, inputs: world.inputs(inputs), env: { ...FAST, ...runner, GITHUB_API_URL: world.github.url } })
    expectNoLeaks(result, world)
    return result
  }
  const renewal = () => ({
    'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY),
    'keep-schedule-alive': 'true',
    'failure-issue': 'true'
  })
  const expired = () => ({
    'long-lived-token': world.graph.issueToken('long-lived', 61 * DAY),
    'failure-issue': 'true',
    'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT'
  })

  it('re-enables the calling workflow after a successful renewal', async () => {
    const result = await run(renewal())
    expect(result.exitCode).toBe(0)
    expect(world.github.enabledWorkflows).toEqual(['octo-org/blog:renew-threads-token.yml'])
  })

  it('does not touch the workflow unless asked', async () => {
    await run({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY) })
    expect(world.github.server.requests.filter((r) => r.path.includes('/workflows/'))).toEqual([])
  })

  it('only warns when the workflow token may not re-enable the workflow', async () => {
    await world.close()
    await start({ workflowGrant: { integration: true, issues: 'write' } })
    const result = await run(renewal())
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/::warning::.*permissions: actions: write/)
    expect(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN')).toBe(result.outputs['access-token'])
  })

  it('opens one issue, comments on a second failure, and closes it after the next success', async () => {
    world.github.setVariable(world.repository, 'THREAD_TOKEN_EXPIRES_AT', '2026-12-01T00:00:00Z')
    const first = await run(expired())
    expect(first.exitCode).toBe(1)
    const issues = world.github.issues(world.repository)
    expect(issues).toHaveLength(1)
    const [issue] = issues
    expect(issue?.title).toBe(TITLE)
    // The action's own account: status and code, what to do; the service's words stay in the log.
    expect(issue?.body).toContain('Threads refused the refresh (HTTP 400, code 190/463). The token can no longer be used')
    expect(issue?.body).not.toContain('Session has expired')
    expect(issue?.body).toContain('expires 2026-12-01T00:00:00Z')
    expect(issue?.body).toContain(`https://threads.com/oauth/authorize?client_id=${world.graph.appId}`)
    expect(issue?.body).toContain('Actions → Renew Threads token → Run workflow')
    expect(issue?.body).toContain('https://github.com/octo-org/blog/actions/runs/4242')

    const second = await run(expired())
    expect(second.exitCode).toBe(1)
    expect(world.github.issues(world.repository)).toHaveLength(1)
    expect(issue?.comments).toHaveLength(1)

    const fixed = await run({ 'authorization-code': world.graph.issueCode(), 'failure-issue': 'true' })
    expect(fixed.exitCode).toBe(0)
    expect(issue?.state).toBe('closed')
    expect(issue?.comments.at(-1)?.body).toMatch(/Renewed successfully/)
    for (const text of [issue?.title, issue?.body, ...(issue?.comments ?? []).map((comment) => comment.body)]) {
      for (const secret of world.credentials()) expect(text).not.toContain(secret)
    }
  })

  describe('the action acts only on issues it opened itself', () => {
    const LABEL = 'threads-token-keeper'

    it("somebody's issue with its title and label gets no comment and is not closed; the action opens, comments on and closes its own", async () => {
      world.github.labels(world.repository).add(LABEL)
      const impostor = world.github.addIssue(world.repository, {
        title: TITLE,
        author: 'mallory',
        body: 'Token renewal broke. Paste your new token below and we will fix it.',
        labels: [LABEL]
      })
      expect((await run(expired())).exitCode).toBe(1)
      expect((await run(expired())).exitCode).toBe(1)
      expect((await run({ 'authorization-code': world.graph.issueCode(), 'failure-issue': 'true' })).exitCode).toBe(0)
      expect(impostor).toMatchObject({ state: 'open', comments: [] })
      const own = world.github.issues(world.repository).filter((issue) => issue !== impostor)
      expect(own.map(({ title, author, state }) => [title, author, state])).toEqual([[TITLE, 'github-actions[bot]', 'closed']])
      expect(own[0]?.comments.map((comment) => comment.author)).toEqual(['github-actions[bot]', 'github-actions[bot]'])
    })

    it("the writer token's reminder is timed by the action's last word, not by the issue's updated_at that others' comments move", async () => {
      await world.close()
      const expiresAt = new Date(Date.now() + 5 * DAY)
      await start({ githubTokenExpiresAt: expiresAt })
      const WRITER_TITLE = `The github-token that writes secrets here expires on ${expiresAt.toISOString().slice(0, 10)}`
      const opened = new Date(Date.now() - 10 * DAY).toISOString()
      const chatter = { body: 'Any news?', author: 'someone', createdAt: new Date(Date.now() - DAY).toISOString() }
      const issue = world.github.addIssue(world.repository, { title: WRITER_TITLE, createdAt: opened, comments: [chatter] })
      const result = await run({ ...renewal(), 'keep-schedule-alive': 'false' })
      expect(result.exitCode).toBe(0)
      expect(issue.comments.map((comment) => comment.author)).toEqual(['someone', 'github-actions[bot]'])
      expect(issue.comments[1]?.body).toMatch(/expires .*\(in [45] days\)/)
      // A week has not passed since that reminder: the next run keeps quiet, whatever others say meanwhile.
      await run({ ...renewal(), 'keep-schedule-alive': 'false' })
      expect(issue.comments).toHaveLength(2)
    })
  })

  describe('a value typed into an input never reaches the public issue', () => {
    /** Every way the issue shows text: its title, its body, its comments; in any case. */
    const issueText = (): string =>
      world.github
        .issues(world.repository)
        .flatMap((issue) => [issue.title, issue.body, ...issue.comments.map((comment) => comment.body)])
        .join('\n')
        .toUpperCase()

    it('a secret given to secret-name by mistake, unusable as a name: the log says what is wrong, the issue never quotes it', async () => {
      const mistaken = 'xoxb-2048-S3cretSlackValue'
      const result = await run({ ...expired(), 'secret-name': mistaken })
      expect(result.exitCode).toBe(1)
      expect(result.stdout).toMatch(/^::error::Input 'secret-name' is '.*', which is not a valid GitHub secret name/m)
      const [issue] = world.github.issues(world.repository)
      expect(issue?.title).toMatch(/^Threads token renewal needs attention \(secret [0-9a-f]{8}\)$/)
      expect(issue?.body).toContain("Input 'secret-name' is (a value not repeated here), which is not a valid GitHub secret name")
      expect(issueText()).not.toContain(mistaken.toUpperCase())
    })

    it('one usable as a name (a token is letters and digits): the issue names the secret by a fingerprint, found again on the next run', async () => {
      const mistaken = 'THAAlooksLikeAToken0123456789'
      const first = await run({ ...expired(), 'secret-name': mistaken })
      expect(first.exitCode).toBe(1)
      await run({ ...expired(), 'secret-name': mistaken })
      const issues = world.github.issues(world.repository)
      expect(issues.map((issue) => issue.title)).toEqual([
        expect.stringMatching(/^Threads token renewal needs attention \(secret [0-9a-f]{8}\)$/)
      ])
      expect(issues[0]?.comments).toHaveLength(1)
      expect(issueText()).not.toContain(mistaken.toUpperCase())
    })
  })

  it('opens no issue when the write fails for a while, though the token came back sealed', async () => {
    world.github.server.fault('PUT /repos/:owner/:repo/actions/secrets/:name', { status: 503, times: Number.POSITIVE_INFINITY })
    const result = await run(renewal())
    expect(result.exitCode).toBe(1)
    expect(world.github.issues(world.repository)).toEqual([])
  })

  it('a dry run neither re-enables the workflow nor closes the issue', async () => {
    await run(expired())
    const result = await run({ ...renewal(), 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(world.github.enabledWorkflows).toEqual([])
    expect(world.github.issues(world.repository)[0]?.state).toBe('open')
  })

  it('opens no issue for a fault the next run will likely get past', async () => {
    world.graph.server.fault('GET /refresh_access_token', { status: 503, times: Number.POSITIVE_INFINITY })
    const result = await run(renewal())
    expect(result.exitCode).toBe(1)
    expect(world.github.issues(world.repository)).toEqual([])
  })

  it('opens an issue when the secrets-writing token lacks permission', async () => {
    await world.close()
    await start({ grant: { secrets: 'read' } })
    const result = await run(renewal())
    expect(result.exitCode).toBe(1)
    expect(world.github.issues(world.repository)[0]?.body).toMatch(/secrets=write/)
  })
})
