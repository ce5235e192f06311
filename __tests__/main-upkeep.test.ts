import { describe, expect, it } from 'vitest'
import type { World } from '../stand-ins/world.js'
import { actionHarness, expectNoLeaks } from './support.js'
import { DAY } from './support.js'

/** main.ts wires the upkeep: re-enable the workflow on every run that renews (alongside its first requests), one issue when a human is needed. */
const { start, runWith } = actionHarness()
const RUNNER = {
  GITHUB_REPOSITORY: 'octo-org/blog',
  GITHUB_WORKFLOW_REF: 'octo-org/blog/.github/workflows/renew.yml@refs/heads/main',
  GITHUB_WORKFLOW: 'Renew token',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '77'
}
/** The workflow's token talks to the server running the workflow: GITHUB_API_URL, whatever github-api-url says. */
const runner = (w: World): Record<string, string> => ({ ...RUNNER, GITHUB_API_URL: w.github.url })
const TITLE = 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'
const UPKEEP = { 'keep-schedule-alive': 'true', 'failure-issue': 'true' }

describe('run with upkeep', () => {
  it('success: re-enables the calling workflow and closes the open issue', async () => {
    const w = await start()
    w.github.addIssue(w.repository, { title: TITLE, body: 'old' })
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), ...UPKEEP }), runner(w))
    expect(result.exitCode).toBeUndefined()
    expect(result.warnings).toEqual([])
    expect(w.github.enabledWorkflows).toEqual(['octo-org/blog:renew.yml'])
    expect(w.github.issues(w.repository)[0]).toMatchObject({
      state: 'closed',
      comments: [
        { body: 'Renewed successfully in https://github.com/octo-org/blog/actions/runs/77. Closing.', author: 'github-actions[bot]' }
      ]
    })
  })

  it('the workflow is re-enabled alongside the first requests, not after the renewal', async () => {
    const w = await start()
    // A refresh that takes a while: the re-enable has long arrived by the time the secret is written.
    w.graph.server.fault('GET /refresh_access_token', { delayMs: 300 })
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), ...UPKEEP }), runner(w))
    expect(result.exitCode).toBeUndefined()
    const routes = w.github.server.requests.map((request) => request.route)
    const enable = routes.indexOf('PUT /repos/:owner/:repo/actions/workflows/:workflow/enable')
    expect(enable).toBeGreaterThanOrEqual(0)
    expect(enable).toBeLessThan(routes.indexOf('PUT /repos/:owner/:repo/actions/secrets/:name'))
  })

  it('an expired token: one issue with the message, the stored expiry and the authorize URL to start over', async () => {
    const w = await start()
    w.github.setVariable(w.repository, 'THREAD_TOKEN_EXPIRES_AT', '2025-01-01T00:00:00Z')
    const inputs = w.inputs({
      'long-lived-token': w.graph.issueToken('long-lived', 61 * DAY),
      'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT',
      ...UPKEEP
    })
    const result = await runWith(inputs, runner(w))
    expect(result.exitCode).toBe(1)
    const [issue] = w.github.issues(w.repository)
    expect(issue?.title).toBe(TITLE)
    expect(issue?.body).toContain('**What happened:**\n\n```text\nThreads refused the refresh (HTTP 400, code 190/463)')
    expect(issue?.body).toContain('(THREAD_ACCESS_TOKEN) expires 2025-01-01T00:00:00Z (')
    expect(issue?.body).toContain(`Open https://threads.com/oauth/authorize?client_id=${w.graph.appId}&`)
    expect(issue?.body).toContain('Actions → Renew token → Run workflow')
    // Re-enabling depends on nothing the run finds out: a failed renewal keeps its schedule too, for the next try.
    expect(w.github.enabledWorkflows).toEqual(['octo-org/blog:renew.yml'])
    for (const secret of w.credentials()) expect(issue?.body).not.toContain(secret)

    await runWith(inputs, runner(w))
    expect(w.github.issues(w.repository)).toHaveLength(1)
    expect(w.github.issues(w.repository)[0]?.comments).toHaveLength(1)
  })

  it('unusable inputs still raise the alarm, under the title of the token meant', async () => {
    const w = await start()
    const result = await runWith(
      w.inputs({
        'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY),
        'secret-name': 'ig_token',
        provider: 'instagram',
        repository: 'not a repository',
        ...UPKEEP
      }),
      runner(w)
    )
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^Input 'repository' has 'not a repository'/)])
    // The log quotes the value; the public issue names the secret by its fingerprint and quotes no value.
    const [issue] = w.github.issues(w.repository)
    expect(issue?.title).toBe('Instagram token renewal needs attention (secret 3cffeacf)')
    expect(issue?.body).toContain("Input 'repository' has (a value not repeated here): write each as owner/name")
    expect(issue?.body).not.toMatch(/not a repository|IG_TOKEN/i)
    expect(w.graph.server.requests).toEqual([])
  })

  it('an unknown provider: the alarm is raised under the Threads title', async () => {
    const w = await start()
    const result = await runWith(
      w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), provider: 'mastodon', ...UPKEEP }),
      runner(w)
    )
    expect(result.errors).toEqual(["Input 'provider' is 'mastodon': write threads, instagram, facebook, linkedin, x or oauth2."])
    expect(w.github.issues(w.repository).map((i) => i.title)).toEqual([TITLE])
  })

  it('a partial write: the issue says which target lacks the token', async () => {
    const w = await start()
    w.github.server.fault('PUT /repos/:owner/:repo/actions/secrets/:name', {
      status: 403,
      body: { message: 'Forbidden' },
      pathIncludes: '/octo-org/shop/'
    })
    const result = await runWith(
      w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), repository: 'octo-org/blog,octo-org/shop', ...UPKEEP }),
      runner(w)
    )
    expect(result.exitCode).toBe(1)
    expect(w.github.issues(w.repository)[0]?.body).toContain('The new token is stored in octo-org/blog, but not in octo-org/shop.')
    expect(w.github.enabledWorkflows).toEqual(['octo-org/blog:renew.yml'])
    expectNoLeaks(result, [...w.credentials(), result.outputs['access-token'] ?? ''])
  })

  it('a dry run renews nothing: neither re-enables the workflow nor closes the issue', async () => {
    const w = await start()
    w.github.addIssue(w.repository, { title: TITLE, body: 'old' })
    const result = await runWith(
      w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), 'dry-run': 'true', ...UPKEEP }),
      runner(w)
    )
    expect(result.exitCode).toBeUndefined()
    expect(w.github.enabledWorkflows).toEqual([])
    expect(w.github.issues(w.repository)[0]?.state).toBe('open')
  })

  it('the workflow token goes to GITHUB_API_URL, not to github-api-url', async () => {
    const w = await start()
    const other = await start()
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), ...UPKEEP }), runner(other))
    expect(result.exitCode).toBeUndefined()
    expect(other.github.enabledWorkflows).toEqual(['octo-org/blog:renew.yml'])
    expect(w.github.enabledWorkflows).toEqual([])
  })

  it('a write that failed for a transient fault raises no issue', async () => {
    const w = await start()
    w.github.server.fault('PUT /repos/:owner/:repo/actions/secrets/:name', { status: 503, times: Number.POSITIVE_INFINITY })
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), ...UPKEEP }), runner(w))
    expect(result.exitCode).toBe(1)
    expect(result.lines.some((line) => line.startsWith('gh api '))).toBe(true)
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('a transient failure raises no issue: the next run will likely pass', async () => {
    const w = await start()
    w.graph.server.fault('GET /refresh_access_token', { status: 503, times: Number.POSITIVE_INFINITY })
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), ...UPKEEP }), runner(w))
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^Threads refused the refresh \(no usable reply\): HTTP 503/)])
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('upkeep without a workflow token: an input problem, and the issue attempt only warns', async () => {
    const w = await start()
    const result = await runWith(
      w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY), 'workflow-token': '', 'failure-issue': 'true' }),
      runner(w)
    )
    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([expect.stringMatching(/^Input 'workflow-token' is empty/)])
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Could not open the failure issue \(HTTP 401\): give the job 'permissions: issues: write'/)
    ])
  })
})
