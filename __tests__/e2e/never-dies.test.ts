/**
 * The ways a kept token could still die, or a human be bothered for nothing, on the bundle: the
 * poster's schedule switched off, an outage near expiry, the secrets-writing token's own expiry, two
 * runs racing with one code, and a Dependabot copy that would go stale.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../stand-ins/run-action.js'
import { FULL_GRANT, startWorld, type World, type WorldOptions } from '../../stand-ins/world.js'
import { DAY, FAST, errors, expectNoLeaks, runtimes } from '../support.js'

const [, node] = runtimes()[0] ?? ['', process.execPath]
const SECRET = 'THREAD_ACCESS_TOKEN'
const EXPIRY = 'THREAD_TOKEN_EXPIRES_AT'
const FAILURE_TITLE = 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'
/** The issue about a github-token expiring then: one per token, by its day. */
const writerTitle = (expiresAt: Date): string =>
  `The github-token that writes secrets here expires on ${expiresAt.toISOString().slice(0, 10)}`

describe('never dies: the bundle against the stand-ins', () => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  async function start(options: WorldOptions = {}): Promise<World> {
    world = await startWorld(options)
    return world
  }

  /** As the runner runs the renewal workflow of the quick start. */
  const run = async (w: World, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> => {
    const result = await runAction({
      node,
      inputs: w.inputs(inputs),
      env: {
        ...FAST,
        ...env,
        GITHUB_REPOSITORY: w.repository,
        GITHUB_WORKFLOW_REF: `${w.repository}/.github/workflows/renew-threads-token.yml@refs/heads/main`,
        GITHUB_WORKFLOW: 'Renew Threads token',
        GITHUB_API_URL: w.github.url
      }
    })
    expectNoLeaks(result, w)
    return result
  }
  const refresh = (w: World): Record<string, string> => ({
    'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY),
    'failure-issue': 'true'
  })
  const warnings = (result: ActionRun): string[] => result.stdout.split('\n').filter((line) => line.startsWith('::warning::'))

  describe("the poster's schedule", () => {
    it('re-enables the renewal workflow and the poster’s, which GitHub disabled for inactivity', async () => {
      const w = await start()
      w.github.addWorkflow(w.repository, 'post.yml', 'disabled_inactivity')
      const result = await run(w, { ...refresh(w), 'keep-schedule-alive': 'true', 'keep-alive-workflows': 'post.yml' })
      expect(result.exitCode).toBe(0)
      expect(w.github.workflowState(w.repository, 'post.yml')).toBe('active')
      expect([...w.github.enabledWorkflows].sort()).toEqual([`${w.repository}:post.yml`, `${w.repository}:renew-threads-token.yml`])
    })

    it('a workflow that does not exist: a warning naming it, and the run succeeds', async () => {
      const w = await start()
      const result = await run(w, { ...refresh(w), 'keep-alive-workflows': 'post.yml\nposting.yml' })
      expect(result.exitCode).toBe(0)
      expect(w.github.enabledWorkflows).toEqual([`${w.repository}:post.yml`])
      expect(warnings(result)).toEqual([expect.stringMatching(/keep-alive-workflows: posting\.yml is not a workflow of octo-org\/blog/)])
    })

    it('a name that is no workflow file is refused before any request', async () => {
      const w = await start()
      const result = await run(w, { ...refresh(w), 'keep-alive-workflows': '../secrets' })
      expect(result.exitCode).toBe(1)
      expect(errors(result)).toEqual([expect.stringMatching(/^Input 'keep-alive-workflows' names '\.\.\/secrets'/)])
      expect(w.graph.server.requests).toEqual([])
    })
  })

  describe('an outage near expiry', () => {
    it.each<[string, number, boolean]>([
      ['5 days left: the failure issue is opened, saying when the token expires and what to do', 5, true],
      ['30 days left: a plain failed run, no issue', 30, false]
    ])('%s', async (_case, days, opened) => {
      const w = await start()
      w.github.setVariable(w.repository, EXPIRY, new Date(Date.now() + days * DAY).toISOString())
      w.graph.server.fault('GET /refresh_access_token', { status: 502, body: 'Bad gateway', times: Infinity })
      const result = await run(w, { ...refresh(w), 'expires-at-variable': EXPIRY })
      expect(result.exitCode).toBe(1)
      expect(result.summary).toContain(`(in ${days} days)`)
      const issues = w.github.issues(w.repository)
      expect(issues.map((issue) => issue.title)).toEqual(opened ? [FAILURE_TITLE] : [])
      if (opened) {
        expect(issues[0]?.body).toMatch(new RegExp(`expires \\S+ \\(in ${days} days\\)`))
        expect(issues[0]?.body).toContain('**Time is short:**')
      }
    })
  })

  describe("the secrets-writing token's own expiry", () => {
    it.each<[string, number, boolean]>([
      ['5 days left: a warning naming github-token, and an issue of its own, though the renewal succeeded', 5, true],
      ['30 days left: shown, nothing raised', 30, false]
    ])('%s', async (_case, days, raised) => {
      const expiresAt = new Date(Math.floor((Date.now() + days * DAY) / 1000) * 1000)
      const w = await start({ githubTokenExpiresAt: expiresAt })
      const result = await run(w, refresh(w))
      expect(result.exitCode).toBe(0)
      expect(result.outputs['github-token-expires-at']).toBe(expiresAt.toISOString().replace(/\.000Z$/, 'Z'))
      expect(result.summary).toContain('GitHub token expires')
      expect(warnings(result).some((line) => line.includes('github-token expires'))).toBe(raised)
      expect(w.github.issues(w.repository).map((issue) => issue.title)).toEqual(raised ? [writerTitle(expiresAt)] : [])
    })

    it('every request refused for a missing permission (403) still tells when github-token expires', async () => {
      const expiresAt = new Date(Math.floor((Date.now() + 5 * DAY) / 1000) * 1000)
      const { secrets: _secrets, ...noSecrets } = FULL_GRANT
      const w = await start({ githubTokenExpiresAt: expiresAt, grant: noSecrets })
      const result = await run(w, refresh(w))
      expect(result.exitCode).toBe(1)
      expect(result.outputs['github-token-expires-at']).toBe(expiresAt.toISOString().replace(/\.000Z$/, 'Z'))
      expect(warnings(result).some((line) => line.includes('github-token expires'))).toBe(true)
    })

    it('a token without expiry: nothing raised, no output', async () => {
      const w = await start()
      const result = await run(w, refresh(w))
      expect(result.exitCode).toBe(0)
      expect(result.outputs['github-token-expires-at']).toBeUndefined()
      expect(warnings(result)).toEqual([])
    })
  })

  it('two runs with one code at once: one stores the token, the other is a success that says so, and no issue is opened', async () => {
    const w = await start()
    const code = w.graph.issueCode()
    // Both runs read the secret before either writes it (the winner's write is slow), and the
    // loser's code exchange is answered after the winner's, as a double click's second run is. At
    // full time scale, the loser waits up to five seconds for the winner's write.
    w.github.server.fault('PUT /repos/:owner/:repo/actions/secrets/:name', { delayMs: 1000 })
    w.graph.server.fault('POST /oauth/access_token', { delayMs: 0 })
    w.graph.server.fault('POST /oauth/access_token', { delayMs: 500 })
    const inputs = { 'authorization-code': code, 'failure-issue': 'true', 'expires-at-variable': EXPIRY }
    const fullTime = { THREADS_TOKEN_KEEPER_TIME_SCALE: '1' }
    const [first, second] = await Promise.all([run(w, inputs, fullTime), run(w, inputs, fullTime)])
    const results = [first, second]
    expect(results.map((result) => result.exitCode)).toEqual([0, 0])
    expect(results.map((result) => result.outputs.flow).sort()).toEqual(['authorization-code', 'skipped'])
    const skipped = results.find((result) => result.outputs.flow === 'skipped')
    expect(skipped?.stdout).toMatch(/another run with the same code stored the token/)
    expect(w.graph.isValid(w.github.openSecret(w.repository, SECRET) ?? '')).toBe(true)
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('two runs with one code, the second started after the first finished: a success too, by the run start', async () => {
    const w = await start()
    const code = w.graph.issueCode()
    const inputs = { 'authorization-code': code, 'failure-issue': 'true' }
    // Both workflow runs were created by the double click, before either ran.
    w.github.addRun(w.repository, '9001', new Date(Date.now() - 30_000).toISOString())
    const first = await run(w, inputs, { GITHUB_RUN_ID: '9001' })
    const second = await run(w, inputs, { GITHUB_RUN_ID: '9001' })
    expect([first.exitCode, second.exitCode]).toEqual([0, 0])
    expect(second.outputs.flow).toBe('skipped')
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('a code refused long after the secret was written by an older run: a failure, and the issue', async () => {
    const w = await start()
    const code = w.graph.issueCode()
    await run(w, { 'authorization-code': code })
    w.github.addRun(w.repository, '9002', new Date(Date.now() + 60_000).toISOString())
    const result = await run(w, { 'authorization-code': code, 'failure-issue': 'true' }, { GITHUB_RUN_ID: '9002' })
    expect(result.exitCode).toBe(1)
    expect(w.github.issues(w.repository).map((issue) => issue.title)).toEqual([FAILURE_TITLE])
  })

  it('a re-run of an old code run, after a scheduled refresh wrote the secret: a failure, not a skip', async () => {
    const w = await start()
    const code = w.graph.issueCode()
    // The first attempt (created an hour ago) stored the token; a scheduled refresh wrote it since.
    w.github.addRun(w.repository, '9003', new Date(Date.now() - 3_600_000).toISOString(), {
      attempt: 2,
      startedAt: new Date(Date.now() + 60_000).toISOString()
    })
    await run(w, { 'authorization-code': code })
    await run(w, refresh(w))
    const result = await run(w, { 'authorization-code': code, 'failure-issue': 'true' }, { GITHUB_RUN_ID: '9003' })
    expect(result.exitCode).toBe(1)
    expect(result.outputs.flow).not.toBe('skipped')
    expect(w.github.issues(w.repository).map((issue) => issue.title)).toEqual([FAILURE_TITLE])
  })

  it('a writer token refused (401) keeps its issue open: a refusal says nothing of a new token', async () => {
    const expiresAt = new Date(Date.now() + 5 * DAY)
    const w = await start({ githubTokenExpiresAt: expiresAt })
    await run(w, refresh(w))
    expect(w.github.issues(w.repository).map((issue) => [issue.title, issue.state])).toEqual([[writerTitle(expiresAt), 'open']])
    const refused = await run(w, { ...refresh(w), 'github-token': 'github_pat_revoked' + 'r'.repeat(20) })
    expect(refused.exitCode).toBe(1)
    expect(w.github.issues(w.repository).find((issue) => issue.title === writerTitle(expiresAt))?.state).toBe('open')
  })

  it('re-enables the workflows on a failed run too; a young-token skip leaves the failure issue open', async () => {
    const w = await start()
    w.graph.server.fault('GET /refresh_access_token', {
      status: 400,
      body: { error: { message: 'Session has expired', code: 190, error_subcode: 463 } }
    })
    const failed = await run(w, { ...refresh(w), 'keep-alive-workflows': 'post.yml' })
    expect(failed.exitCode).toBe(1)
    expect(w.github.enabledWorkflows).toEqual([`${w.repository}:post.yml`])
    expect(w.github.issues(w.repository).map((issue) => issue.state)).toEqual(['open'])
    const token = w.graph.issueToken('long-lived', 3_600_000)
    w.github.setVariable(w.repository, EXPIRY, new Date(w.graph.token(token)?.expiresAt ?? 0).toISOString())
    const skipped = await run(w, { 'long-lived-token': token, 'failure-issue': 'true', 'expires-at-variable': EXPIRY })
    expect(skipped.outputs.flow).toBe('skipped')
    expect(w.github.issues(w.repository).map((issue) => issue.state)).toEqual(['open'])
  })

  it('a stored renewal whose variable write failed is not taken for a token near expiry', async () => {
    const w = await start()
    w.github.setVariable(w.repository, EXPIRY, new Date(Date.now() + 5 * DAY).toISOString())
    w.github.server.fault('PATCH /repos/:owner/:repo/actions/variables/:name', { status: 502, times: Infinity })
    const result = await run(w, { ...refresh(w), 'expires-at-variable': EXPIRY })
    expect(result.exitCode).toBe(1)
    expect(w.github.openSecret(w.repository, SECRET)).toBe(result.outputs['access-token'])
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('secret-type "actions, dependabot": one run keeps both copies, and the variables once', async () => {
    const w = await start()
    const result = await run(w, { ...refresh(w), 'secret-type': 'actions, dependabot', 'user-id-variable': 'THREAD_USER_ID' })
    expect(result.exitCode).toBe(0)
    for (const kind of ['actions', 'dependabot'] as const)
      expect(w.github.openSecret(w.repository, SECRET, kind)).toBe(result.outputs['access-token'])
    expect(JSON.parse(result.outputs.targets ?? '[]')).toEqual([
      { target: 'octo-org/blog', secret: SECRET, status: 'created' },
      { target: 'octo-org/blog (Dependabot)', secret: SECRET, status: 'created' }
    ])
    expect(w.github.server.calls('POST /repos/:owner/:repo/actions/variables')).toHaveLength(1)
  })
})
