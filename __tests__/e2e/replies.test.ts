/**
 * What Meta really sends, through the bundle as the runner runs it: the end of data access watched,
 * a temporary block that calls no human, and Instagram's flat errors read with the advice that fits.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { runAction } from '../../stand-ins/run-action.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, errors, expectNoLeaks, graphErrorBody, runtimes, RENEWAL_RUN } from '../support.js'

const DAY = 86_400_000
const DATA_ACCESS_TITLE = 'Threads data access ends soon (THREAD_ACCESS_TOKEN)'
const FAILURE_TITLE = 'Threads token renewal needs attention (THREAD_ACCESS_TOKEN)'
const runner = RENEWAL_RUN

describe.each(runtimes())('Meta’s replies, through the bundle under %s', (_runtime, node) => {
  let world: World
  afterEach(() => world.close())

  async function run(inputs: Record<string, string>) {
    const result = await runAction({ node, inputs: world.inputs(inputs), env: { ...FAST, ...runner, GITHUB_API_URL: world.github.url } })
    expectNoLeaks(result, world)
    return result
  }

  it('data access ending in 10 days: stored all the same, a warning naming the day, the output, an issue; closed by a later run with more', async () => {
    world = await startWorld()
    const token = world.graph.issueToken('long-lived', 2 * DAY, 80 * DAY)
    const first = await run({ 'long-lived-token': token, 'failure-issue': 'true' })
    expect(first.exitCode).toBe(0)
    expect(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN')).toBe(first.outputs['access-token'])
    const ends = first.outputs['data-access-expires-at'] ?? ''
    expect(Math.round((Date.parse(ends) - Date.now()) / DAY)).toBe(10)
    expect(first.stdout).toContain(`::warning::Data access for this token ends ${ends} (in 10 days)`)
    expect(first.summary).toContain('Data access ends')
    const [issue] = world.github.issues(world.repository)
    expect(issue?.title).toBe(DATA_ACCESS_TITLE)
    expect(issue?.state).toBe('open')

    // A week later the refreshed token still belongs to the same grant: the issue stays open.
    world.graph.advance(7 * DAY)
    const second = await run({ 'long-lived-token': first.outputs['access-token'] ?? '', 'failure-issue': 'true' })
    expect(second.exitCode).toBe(0)
    expect(world.github.issues(world.repository).map((open) => open.state)).toEqual(['open'])

    // Authorized again: a new grant, 90 days ahead, closes it.
    const third = await run({ 'authorization-code': world.graph.issueCode(), 'failure-issue': 'true' })
    expect(third.exitCode).toBe(0)
    expect(third.stdout).not.toContain('::warning::Data access')
    expect(world.github.issues(world.repository).map((closed) => closed.state)).toEqual(['closed'])
  })

  it('a token whose owner is no tester: no warning, no output, no issue', async () => {
    world = await startWorld({ graph: { inspection: false } })
    const result = await run({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY, 85 * DAY), 'failure-issue': 'true' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs['data-access-expires-at']).toBeUndefined()
    expect(result.stdout).not.toContain('::warning::')
    expect(world.github.issues(world.repository)).toEqual([])
  })

  it('temporarily blocked (368): the run fails, once, and calls no human', async () => {
    world = await startWorld()
    world.graph.server.fault('GET /refresh_access_token', {
      status: 400,
      body: graphErrorBody('It looks like you were misusing this feature by going too fast.', 368)
    })
    const result = await run({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY), 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([expect.stringMatching(/\(HTTP 400, code 368\): It looks like .*the next scheduled run tries again/)])
    expect(world.graph.server.calls('GET /refresh_access_token')).toHaveLength(1)
    expect(world.github.issues(world.repository)).toEqual([])
  })

  it('a refused refresh opens an issue in the action’s own words: status and code, never what the service said', async () => {
    world = await startWorld()
    world.graph.server.fault('GET /refresh_access_token', {
      status: 400,
      body: graphErrorBody('Session has expired. @mallory see https://evil.example/x <img src=x>', 190, 463)
    })
    const result = await run({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY), 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    expect(errors(result)[0]).toContain('@mallory')
    const [issue] = world.github.issues(world.repository)
    expect(issue?.title).toBe(FAILURE_TITLE)
    expect(issue?.body).toContain('Threads refused the refresh (HTTP 400, code 190/463). The token can no longer be used')
    expect(issue?.body).not.toMatch(/mallory|evil\.example|<img|Session has expired/)
  })

  it("Instagram's flat refusal of a code: Meta's words and the advice that fits", async () => {
    world = await startWorld({ graph: { provider: 'instagram' } })
    const result = await run({ 'authorization-code': 'AQunknowncode', 'app-id': '999' })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(
        /^Instagram refused the code exchange \(HTTP 400\): Invalid platform app\. Check 'app-id': it must be the ID of the Instagram app/
      )
    ])
  })
})
