/**
 * LinkedIn's refresh tokens (approved partner apps) on the bundle: redeemed on the schedule, written
 * back where one comes back changed, announced 14 days before their fixed end, handed back where
 * the write is refused, and what the user is told once one is dead. A leak scan of every run.
 */
import { describe, expect, it } from 'vitest'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import { DAY, commands, errors, providerWorldsEach, runProviderStep, runtimes, sealedIn, storeCommandsIn } from '../support.js'

const SECRET = 'LINKEDIN_ACCESS_TOKEN'
const REFRESH_SECRET = 'LINKEDIN_REFRESH_TOKEN'
const EXPIRY = 'LINKEDIN_TOKEN_EXPIRES_AT'
const TITLE = 'LinkedIn token renewal needs attention (LINKEDIN_ACCESS_TOKEN)'
const WRITTEN_BACK = 'LinkedIn sent a new refresh token with the token: it is written back to LINKEDIN_REFRESH_TOKEN.'

describe.each(runtimes())('LinkedIn refresh tokens, the bundled action under %s', (_runtime, node) => {
  const start = providerWorldsEach('linkedin', { frozenClock: true, grantsRefreshTokens: true })
  const run = (w: ProviderWorld<'linkedin'>, inputs: Record<string, string>) => runProviderStep(w, node, inputs)
  /** A scheduled run's inputs, the refresh token stored beforehand where the run reads it (it must exist there). */
  const scheduled = (w: ProviderWorld<'linkedin'>, refreshToken: string): Record<string, string> => {
    w.github.seedSecret(w.repository, REFRESH_SECRET, refreshToken)
    return { 'refresh-token': refreshToken, 'failure-issue': 'true', 'expires-at-variable': EXPIRY }
  }

  it('the same refresh token back: the new access token stored, the refresh token not rewritten', async () => {
    const w = await start()
    const refreshToken = w.service.issueRefreshToken(30 * DAY)
    const result = await run(w, scheduled(w, refreshToken))
    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('refresh')
    const stored = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(stored).toBe(result.outputs['access-token'])
    expect(w.service.state(stored)).toBe('active')
    expect(w.github.variable(w.repository, EXPIRY)).toBe(result.outputs['expires-at'])
    expect(w.github.secretWrites(w.repository, REFRESH_SECRET)).toBe(0)
    expect(result.stdout).not.toContain(WRITTEN_BACK)
    expect(Math.abs(Date.parse(result.outputs['refresh-token-expires-at'] ?? '') - (w.service.now() + 335 * DAY))).toBeLessThan(5000)
    expect(commands(result, 'warning')).toEqual([])
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('a rotated one back: written back, and said', async () => {
    const w = await start({ rotateRefreshTokens: true })
    const refreshToken = w.service.issueRefreshToken(30 * DAY)
    const result = await run(w, scheduled(w, refreshToken))
    expect(result.exitCode).toBe(0)
    const next = w.github.openSecret(w.repository, REFRESH_SECRET) ?? ''
    expect(next).not.toBe(refreshToken)
    expect(w.service.state(next)).toBe('active')
    expect(w.service.state(refreshToken)).toBe('spent')
    expect(result.stdout.split('\n')).toContain(WRITTEN_BACK)
    expect(result.stdout).toContain(`Secret: ${REFRESH_SECRET} updated in ${w.repository}`)
  })

  it('within 14 days of its 365-day end: success, a warning naming the day, and the issue', async () => {
    const w = await start()
    const refreshToken = w.service.issueRefreshToken(355 * DAY)
    const result = await run(w, scheduled(w, refreshToken))
    expect(result.exitCode).toBe(0)
    // The action counts from its own clock: the day it names is the stand-in's, within seconds.
    const ends = w.service.expiresAt(refreshToken) ?? 0
    const about = (value: string | undefined): void => expect(Math.abs(Date.parse(value ?? '') - ends)).toBeLessThan(5000)
    // The access token cannot outlive the refresh token: both end that day.
    about(result.outputs['expires-at'])
    about(result.outputs['refresh-token-expires-at'])
    const [notice, ...more] = commands(result, 'warning')
    expect(more).toEqual([])
    const [, day] =
      /^The LinkedIn refresh token ends (\S+) \(in 10 days\), and refreshing does not extend it: authorize again before that day, for a new one\.$/.exec(
        notice ?? ''
      ) ?? []
    about(day)
    const [issue, ...others] = w.github.issues(w.repository)
    expect(others).toEqual([])
    expect(issue?.title).toBe(TITLE)
    expect(issue?.body).toContain(notice)
    expect(issue?.body).toContain('login --provider linkedin')
    expect(issue?.body).not.toContain('Time is short')
  })

  it('a rotated refresh token whose write is refused: both tokens handed back, sealed, with their commands', async () => {
    const w = await start({ rotateRefreshTokens: true }, { secrets: 'read', variables: 'write' })
    const refreshToken = w.service.issueRefreshToken(30 * DAY)
    const result = await run(w, scheduled(w, refreshToken))
    expect(result.exitCode).toBe(1)
    expect(w.service.state(refreshToken)).toBe('spent')
    const commands = storeCommandsIn(result)
    // The refresh token first: once the one sent is spent, it is the only live credential.
    expect(commands.map((command) => /secrets\/(\w+) /.exec(command)?.[1])).toEqual([REFRESH_SECRET, SECRET])
    const [refresh, access] = commands.map((command) => w.github.open(sealedIn(command)))
    expect(w.service.state(access ?? '')).toBe('active')
    expect(w.service.state(refresh ?? '')).toBe('active')
    expect(refresh).not.toBe(refreshToken)
  })

  it('a revoked refresh token: a failed run, and the issue', async () => {
    const w = await start()
    const refreshToken = w.service.issueRefreshToken(30 * DAY)
    w.service.revokeMember()
    const result = await run(w, scheduled(w, refreshToken))
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(
        /^LinkedIn refused the refresh \(HTTP 400, code invalid_grant\): Token has been expired or revoked\. The token can no longer be used/
      )
    ])
    const [issue] = w.github.issues(w.repository)
    expect(issue?.title).toBe(TITLE)
    expect(issue?.body).toContain('LinkedIn refused the refresh (HTTP 400, code invalid_grant). The token can no longer be used')
    expect(issue?.body).not.toContain('Token has been expired or revoked')
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
  })
})
