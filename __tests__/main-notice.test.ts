/**
 * main.ts in-process for the providers beyond Meta's long-lived tokens, with the failure issue on: a
 * success that needs a human soon opens the issue (no alarm of an outage), a check or a refresh that
 * writes nothing closes it, a dry run does not, and a refresh token another run rotated is a quiet skip.
 */
import { describe, expect, it } from 'vitest'
import { secretLabel } from '../src/github/issue-texts.js'
import type { ProviderWorld, ServiceName } from '../stand-ins/provider-world.js'
import { actionHarness, DAY, expectNoLeaks, providerWorldsEach } from './support.js'

const { runWith } = actionHarness()
const linkedin = providerWorldsEach('linkedin', { grantsRefreshTokens: true })
const oauth2 = providerWorldsEach('oauth2', { rotation: 'omit' })
const x = providerWorldsEach('x')

const UPKEEP = { 'failure-issue': 'true' }
const LINKEDIN_TITLE = 'LinkedIn token renewal needs attention (LINKEDIN_ACCESS_TOKEN)'

/** What the runner tells a step of the scheduled workflow that keeps `w`'s token. */
const runner = (w: ProviderWorld<ServiceName>): Record<string, string> => ({
  GITHUB_REPOSITORY: w.repository,
  GITHUB_WORKFLOW_REF: `${w.repository}/.github/workflows/keep-tokens.yml@refs/heads/main`,
  GITHUB_WORKFLOW: 'Keep tokens',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '77',
  GITHUB_API_URL: w.github.url
})

describe('a check, in the action', () => {
  it('ten days left: a success with a warning, and the issue opened, saying when and what to do, without alarm', async () => {
    const w = await linkedin()
    const token = w.service.issueAccessToken(50 * DAY)
    const result = await runWith(w.inputs({ 'long-lived-token': token, ...UPKEEP }), runner(w))
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs).toMatchObject({ flow: 'checked' })
    expect(result.warnings).toEqual([
      expect.stringMatching(/^The stored LinkedIn token expires \S+ \(in 10 days\), and nothing can renew it/)
    ])
    const [issue] = w.github.issues(w.repository)
    expect(issue?.title).toBe(LINKEDIN_TITLE)
    expect(issue?.body).toMatch(/^\*\*What happened:\*\*\n\n```text\nThe stored LinkedIn token expires \S+ \(in 10 days\)/)
    expect(issue?.body).toMatch(/\*\*The stored token\*\* \(LINKEDIN_ACCESS_TOKEN\) expires \S+ \(in 10 days\)\./)
    // A notice, not an outage: nothing tells the user to hurry a manual run.
    expect(issue?.body).not.toContain('Time is short')
    expectNoLeaks(result, w.credentials())
  })

  it('alive: the open issue closed as checked, not as renewed', async () => {
    const w = await linkedin()
    w.github.addIssue(w.repository, { title: LINKEDIN_TITLE, body: 'old' })
    const result = await runWith(w.inputs({ 'long-lived-token': w.service.issueAccessToken(), ...UPKEEP }), runner(w))
    expect(result.exitCode).toBeUndefined()
    expect(w.github.issues(w.repository)[0]).toMatchObject({
      state: 'closed',
      comments: [
        { body: 'Checked: the stored token is alive and fit for use in https://github.com/octo-org/blog/actions/runs/77. Closing.' }
      ]
    })
  })

  it('a dry run checks too, but leaves the issue open', async () => {
    const w = await linkedin()
    w.github.addIssue(w.repository, { title: LINKEDIN_TITLE, body: 'old' })
    const result = await runWith(w.inputs({ 'long-lived-token': w.service.issueAccessToken(), 'dry-run': 'true', ...UPKEEP }), runner(w))
    expect(result.exitCode).toBeUndefined()
    expect(w.service.server.calls('POST /oauth/v2/introspectToken')).toHaveLength(1)
    expect(w.github.issues(w.repository)[0]?.state).toBe('open')
  })
})

describe('a refresh token, in the action', () => {
  it('ten days from its end: stored, the end given as an output and in the summary, and the issue opened', async () => {
    const w = await linkedin()
    const refreshToken = w.service.issueRefreshToken(355 * DAY)
    w.github.seedSecret(w.repository, 'LINKEDIN_REFRESH_TOKEN', refreshToken)
    const result = await runWith(w.inputs({ 'refresh-token': refreshToken, ...UPKEEP }), runner(w))
    expect(result.exitCode).toBeUndefined()
    const ends = result.outputs['refresh-token-expires-at'] ?? ''
    expect(Date.parse(ends)).toBeCloseTo(Date.now() + 10 * DAY, -5)
    expect(result.summary).toContain(`Refresh token ends`)
    expect(result.summary).toContain(`${ends} (in 10 days)`)
    expect(result.warnings).toEqual([expect.stringMatching(/^The LinkedIn refresh token ends \S+ \(in 10 days\)/)])
    expect(w.github.issues(w.repository).map((issue) => issue.title)).toEqual([LINKEDIN_TITLE])
    expect(w.github.issues(w.repository)[0]?.body).toContain('refreshing does not extend it')
    expectNoLeaks(result, [...w.credentials(), result.outputs['access-token'] ?? ''])
  })

  it('none sent back by the service, nothing written: still a renewal, and the issue closed', async () => {
    const w = await oauth2()
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, 'SERVICE_REFRESH_TOKEN', refreshToken)
    // The secret has no default name: the public title names it by a fingerprint.
    w.github.addIssue(w.repository, {
      title: `OAuth 2.0 token renewal needs attention (${secretLabel('SERVICE_REFRESH_TOKEN', undefined)})`
    })
    const inputs = w.inputs({ 'refresh-token': refreshToken, ...UPKEEP })
    const result = await runWith(inputs, runner(w))
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs['access-token']).toMatch(/\S{20}/)
    expect(w.github.server.calls('PUT /repos/:owner/:repo/actions/secrets/:name')).toEqual([])
    expect(w.github.issues(w.repository)[0]).toMatchObject({
      state: 'closed',
      comments: [{ body: 'Renewed successfully in https://github.com/octo-org/blog/actions/runs/77. Closing.' }]
    })
  })

  it('refused after another run rotated it since this run was created: a quiet skip, no issue', async () => {
    const w = await x()
    const first = w.service.issueTokens().refreshToken ?? ''
    w.github.seedSecret(w.repository, 'X_REFRESH_TOKEN', first)
    w.github.addRun(w.repository, '77', new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'))
    const inputs = w.inputs({ 'refresh-token': first, ...UPKEEP })
    expect((await runWith(inputs, { ...runner(w), GITHUB_RUN_ID: '76' })).exitCode).toBeUndefined()

    const result = await runWith(inputs, runner(w))
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs).toMatchObject({ flow: 'skipped' })
    expect(result.lines).toContainEqual(
      expect.stringMatching(/^The refresh token was refused, but X_REFRESH_TOKEN was written at \S+, after this run began/)
    )
    expect(w.github.server.calls('GET /repos/:owner/:repo/actions/runs/:run')).toHaveLength(1)
    expect(w.github.issues(w.repository)).toEqual([])
  })
})
