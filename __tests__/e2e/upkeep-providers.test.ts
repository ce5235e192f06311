/**
 * Upkeep that every provider's lifecycle feeds, on the bundle: a refresh that writes nothing (the
 * service kept the refresh token) still closes the failure issue, and a check that writes nothing
 * still hears from GitHub when the secrets-writing token expires.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { startProviderWorld, type ProviderWorld, type ServiceName } from '../../stand-ins/provider-world.js'
import { DAY, expectNoLeaks, runProviderStep, runtimes } from '../support.js'

const [[, node = process.execPath] = []] = runtimes()

describe('upkeep for the providers beyond Threads', () => {
  const started: ProviderWorld<ServiceName>[] = []
  afterEach(async () => {
    await Promise.all(started.splice(0).map((world) => world.close()))
  })

  it('a refresh whose service kept the refresh token writes nothing, and still closes the failure issue', async () => {
    const w = await startProviderWorld('oauth2', { service: { rotation: 'omit' } })
    started.push(w)
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, 'SERVICE_REFRESH_TOKEN', refreshToken)
    // A first run refused for a passing reason of the writer token's: the issue opens.
    const refused = await runProviderStep(w, node, {
      'refresh-token': refreshToken,
      'failure-issue': 'true',
      'github-token': 'github_pat_refused' + 'r'.repeat(20)
    })
    expect(refused.exitCode).toBe(1)
    expect(w.github.issues(w.repository).map((issue) => issue.state)).toEqual(['open'])
    const result = await runProviderStep(w, node, { 'refresh-token': refreshToken, 'failure-issue': 'true' })
    expect(result.exitCode).toBe(0)
    expect(w.github.secretWrites(w.repository, 'SERVICE_REFRESH_TOKEN')).toBe(0)
    expect(w.github.issues(w.repository).map((issue) => issue.state)).toEqual(['closed'])
    expectNoLeaks(result, w.credentials())
  })

  it('a Facebook check, which writes nothing, still tells when the secrets-writing token expires', async () => {
    const expiresAt = new Date(Math.floor((Date.now() + 40 * DAY) / 1000) * 1000)
    const w = await startProviderWorld('facebook', { githubTokenExpiresAt: expiresAt })
    started.push(w)
    const pageToken = w.service.issuePageToken(w.service.pages[0]?.id ?? '')
    const result = await runProviderStep(w, node, { 'long-lived-token': pageToken })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('checked')
    expect(result.outputs['github-token-expires-at']).toBe(expiresAt.toISOString().replace(/\.000Z$/, 'Z'))
    expect(w.github.server.requests.filter((request) => request.method !== 'GET')).toEqual([])
    expectNoLeaks(result, w.credentials())
  })
})
