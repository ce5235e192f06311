/**
 * keepToken from a refresh token that does not always rotate (a LinkedIn partner's, any OAuth 2.0
 * service's), wired by connect() as the action wires it, against the stand-ins: a refresh token
 * written back only where it is new, its own end announced two weeks ahead, a run that stores no
 * access token, a dry run that sends nothing, and a refusal seen through a cancel.
 */
import { describe, expect, it } from 'vitest'
import { describeFailure } from '../src/core/outcome.js'
import { ServiceError } from '../src/shared/errors.js'
import { keepOn } from './provider-keeper.js'
import { DAY, providerWorldsEach, settle } from './support.js'

const linkedin = providerWorldsEach('linkedin', { grantsRefreshTokens: true })
const oauth2 = providerWorldsEach('oauth2')

const LINKEDIN_REFRESH = 'LINKEDIN_REFRESH_TOKEN'
const LINKEDIN_ACCESS = 'LINKEDIN_ACCESS_TOKEN'
const SERVICE_REFRESH = 'SERVICE_REFRESH_TOKEN'
const EXPIRY = 'SERVICE_TOKEN_EXPIRES_AT'

describe("a LinkedIn partner's refresh token", () => {
  it('sent back unchanged: not written again; the access token stored, and the day the refresh token ends said', async () => {
    const w = await linkedin()
    const refreshToken = w.service.issueRefreshToken(100 * DAY)
    w.github.seedSecret(w.repository, LINKEDIN_REFRESH, refreshToken)
    const { outcome, info } = keepOn(w, { 'refresh-token': refreshToken })
    const kept = await outcome
    expect(kept.targets).toEqual([
      { target: w.repository, secret: LINKEDIN_ACCESS, status: 'created' },
      { target: w.repository, secret: LINKEDIN_REFRESH, status: 'unchanged' }
    ])
    expect(w.github.secretWrites(w.repository, LINKEDIN_REFRESH)).toBe(0)
    expect(w.service.isValid(w.github.openSecret(w.repository, LINKEDIN_ACCESS) ?? '')).toBe(true)
    expect(Date.parse(kept.refreshTokenExpiresAt ?? '')).toBeCloseTo(Date.now() + 265 * DAY, -5)
    expect(kept.warnings).toEqual([])
    expect(info).toEqual(['Obtained the token to keep by redeeming the refresh token.'])
  })

  it('rotated: the new one written back, and the run says so', async () => {
    const w = await linkedin({ rotateRefreshTokens: true })
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, LINKEDIN_REFRESH, refreshToken)
    const { outcome, info } = keepOn(w, { 'refresh-token': refreshToken })
    expect((await outcome).targets.map((target) => [target.secret, target.status])).toEqual([
      [LINKEDIN_REFRESH, 'updated'],
      [LINKEDIN_ACCESS, 'created']
    ])
    expect(w.service.state(w.github.openSecret(w.repository, LINKEDIN_REFRESH) ?? '')).toBe('active')
    expect(info).toContain(`LinkedIn sent a new refresh token with the token: it is written back to ${LINKEDIN_REFRESH}.`)
  })

  it('ten days from its end: stored all the same, with a warning that only a new consent gives another, and a human called', async () => {
    const w = await linkedin()
    const refreshToken = w.service.issueRefreshToken(355 * DAY)
    w.github.seedSecret(w.repository, LINKEDIN_REFRESH, refreshToken)
    const kept = await keepOn(w, { 'refresh-token': refreshToken }).outcome
    const notice = expect.stringMatching(
      /^The LinkedIn refresh token ends \S+ \(in 10 days\), and refreshing does not extend it: authorize again before that day, for a new one\.$/
    )
    expect(kept).toMatchObject({ failures: [], warnings: [notice], attention: notice })
  })

  it('a dry run sends nothing to LinkedIn, says why, and reads the expiry the variable keeps', async () => {
    const w = await linkedin()
    w.github.seedSecret(w.repository, LINKEDIN_REFRESH, w.service.issueRefreshToken())
    w.github.setVariable(w.repository, 'LINKEDIN_TOKEN_EXPIRES_AT', '2031-05-06T07:08:09Z')
    const kept = await keepOn(w, {
      'refresh-token': w.service.issueRefreshToken(),
      'expires-at-variable': 'LINKEDIN_TOKEN_EXPIRES_AT',
      'dry-run': 'true'
    }).outcome
    expect(kept).toMatchObject({
      flow: 'refresh',
      dryRun: true,
      expiresAt: '2031-05-06T07:08:09Z',
      warnings: ['Dry run: the refresh token was not sent (where the service rotates them, it works only once).']
    })
    expect(w.service.server.requests).toEqual([])
  })
})

describe("any OAuth 2.0 service's refresh token, where only the refresh token is kept", () => {
  it('none sent back (keep the one there is): nothing written at all, and the access token handed to the step', async () => {
    const w = await oauth2({ rotation: 'omit' })
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, SERVICE_REFRESH, refreshToken)
    const kept = await keepOn(w, { 'refresh-token': refreshToken }).outcome
    expect(kept).toMatchObject({
      flow: 'refresh',
      targets: [{ target: w.repository, secret: SERVICE_REFRESH, status: 'unchanged' }],
      accessToken: expect.any(String),
      failures: []
    })
    expect(kept).not.toHaveProperty('userId')
    expect(w.github.server.requests.filter((request) => request.method !== 'GET')).toEqual([])
    expect(w.service.isValid(refreshToken)).toBe(true)
  })

  it('an expiry variable GitHub will not take: the failure names the refresh token’s secret as the one not affected', async () => {
    const w = await oauth2({ rotation: 'omit' })
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, SERVICE_REFRESH, refreshToken)
    w.github.server.fault('POST /repos/:owner/:repo/actions/variables', { status: 502, times: Infinity })
    const kept = await keepOn(w, { 'refresh-token': refreshToken, 'expires-at-variable': EXPIRY }).outcome
    expect(kept.failures.map((failure) => describeFailure(failure))).toEqual([
      expect.stringMatching(
        new RegExp(`^Variable ${EXPIRY} of ${w.repository} was not written \\(the secret ${SERVICE_REFRESH} is not affected\\)`)
      )
    ])
  })

  it('refused while the run is being cancelled: the refusal, without waiting for another run’s write', async () => {
    const w = await oauth2()
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, SERVICE_REFRESH, refreshToken)
    w.service.revokeGrantOf(refreshToken)
    const token = `POST ${w.service.tokenPath}`
    w.service.server.fault(token, { delayMs: 200 })
    const cancel = new AbortController()
    const { outcome } = keepOn(w, { 'refresh-token': refreshToken }, { cancelled: cancel.signal, runAskedAt: new Date(0).toISOString() })
    await expect.poll(() => w.service.server.calls(token).length).toBe(1)
    const asked = w.github.server.requests.length
    cancel.abort()
    const error = await settle(outcome)
    expect(error).toBeInstanceOf(ServiceError)
    expect(error).toMatchObject({ operation: 'refresh', reason: 'dead-grant' })
    // No look at the secret's last write after the refusal: a cancelled run waits for nobody.
    expect(w.github.server.requests).toHaveLength(asked)
  })
})
