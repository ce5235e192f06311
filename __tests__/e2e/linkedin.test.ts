/**
 * LinkedIn on the bundle, against the LinkedIn and GitHub stand-ins: the bootstrap (self-serve and
 * partner apps), the scheduled check of a token nothing renews, what the user is told as it nears
 * its end and once it is dead, the hand-back, and a leak scan of every run. The refresh-token flow:
 * linkedin-refresh.test.ts.
 */
import { describe, expect, it } from 'vitest'
import { LINKEDIN_ACCESS_SECONDS } from '../../stand-ins/linkedin-api.js'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import {
  DAY,
  commands,
  errors,
  expectMaskedFirst,
  providerWorldsEach,
  runProviderStep,
  runtimes,
  sealedIn,
  storeCommandsIn,
  LINKEDIN_DEAD_TOKENS
} from '../support.js'

const SECRET = 'LINKEDIN_ACCESS_TOKEN'
const REFRESH_SECRET = 'LINKEDIN_REFRESH_TOKEN'
const EXPIRY = 'LINKEDIN_TOKEN_EXPIRES_AT'
const MEMBER = 'LINKEDIN_MEMBER_ID'
const TITLE = 'LinkedIn token renewal needs attention (LINKEDIN_ACCESS_TOKEN)'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z')
/** A time the action computed from its own clock: within seconds of the stand-in's. */
const expectAbout = (value: string | undefined, ms: number): void => expect(Math.abs(Date.parse(value ?? '') - ms)).toBeLessThan(5000)

describe.each(runtimes())('LinkedIn, the bundled action under %s', (_runtime, node) => {
  const start = providerWorldsEach('linkedin', { frozenClock: true })
  const run = (w: ProviderWorld<'linkedin'>, inputs: Record<string, string>) => runProviderStep(w, node, inputs)
  const check = (token: string): Record<string, string> => ({
    'long-lived-token': token,
    'failure-issue': 'true',
    'expires-at-variable': EXPIRY
  })

  describe('bootstrap', () => {
    it('self-serve, by code: the 60-day token stored, its expiry and the member kept, no refresh token', async () => {
      const w = await start()
      const code = w.service.issueCode()
      const result = await run(w, { 'authorization-code': code, 'expires-at-variable': EXPIRY, 'user-id-variable': MEMBER })
      expect(result.exitCode).toBe(0)
      const stored = w.github.openSecret(w.repository, SECRET) ?? ''
      expect(stored).toBe(result.outputs['access-token'])
      expect(w.service.state(stored)).toBe('active')
      expect(result.outputs).toMatchObject({
        flow: 'authorization-code',
        'expires-in': String(LINKEDIN_ACCESS_SECONDS),
        'user-id': w.service.member.sub
      })
      expectAbout(result.outputs['expires-at'], w.service.expiresAt(stored) ?? 0)
      expect(result.outputs['refresh-token-expires-at']).toBeUndefined()
      expect(w.github.variable(w.repository, EXPIRY)).toBe(result.outputs['expires-at'])
      expect(w.github.variable(w.repository, MEMBER)).toBe(w.service.member.sub)
      expect(w.github.openSecret(w.repository, REFRESH_SECRET)).toBeUndefined()
      expectMaskedFirst(result, [code, stored, w.service.clientSecret, w.githubToken])
    })

    it('a partner app, by code: the refresh token stored too, and when it ends', async () => {
      const w = await start({ grantsRefreshTokens: true })
      const result = await run(w, { 'authorization-code': w.service.issueCode(), 'expires-at-variable': EXPIRY })
      expect(result.exitCode).toBe(0)
      const refreshToken = w.github.openSecret(w.repository, REFRESH_SECRET) ?? ''
      expect(w.service.state(refreshToken)).toBe('active')
      expect(w.service.state(w.github.openSecret(w.repository, SECRET) ?? '')).toBe('active')
      expectAbout(result.outputs['refresh-token-expires-at'], w.service.now() + 365 * DAY)
      expect(result.summary).toContain('Refresh token ends')
      expect(commands(result, 'warning')).toEqual([])
    })

    it('the hand-back: the writes refused after the code was spent, both tokens sealed in the log with their commands', async () => {
      const w = await start({ grantsRefreshTokens: true }, { secrets: 'read', variables: 'write' })
      const result = await run(w, { 'authorization-code': w.service.issueCode(), 'expires-at-variable': EXPIRY })
      expect(result.exitCode).toBe(1)
      expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
      const commands = storeCommandsIn(result)
      // The refresh token first, as it is written first.
      expect(commands.map((command) => /secrets\/(\w+) /.exec(command)?.[1])).toEqual([REFRESH_SECRET, SECRET])
      const [refresh, access] = commands.map((command) => w.github.open(sealedIn(command)))
      expect(access).toBe(result.outputs['access-token'])
      expect(w.service.state(access ?? '')).toBe('active')
      expect(w.service.state(refresh ?? '')).toBe('active')
      // The expiry variable would describe a token that is not stored.
      expect(w.github.variable(w.repository, EXPIRY)).toBeUndefined()
    })
  })

  describe('the scheduled check of a token nothing renews', () => {
    it('more than 14 days left: flow checked, no secret written, the expiry variable written where missing', async () => {
      const w = await start()
      const token = w.service.issueAccessToken(10 * DAY)
      const result = await run(w, check(token))
      expect(result.exitCode).toBe(0)
      expect(result.outputs).toMatchObject({ flow: 'checked', 'expires-at': iso(w.service.expiresAt(token) ?? 0) })
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(w.github.variable(w.repository, EXPIRY)).toBe(result.outputs['expires-at'])
      expect(w.service.server.calls('POST /oauth/v2/introspectToken')).toHaveLength(1)
      expect(commands(result, 'warning')).toEqual([])
      expect(w.github.issues(w.repository)).toEqual([])
      // The next check finds the variable right, and writes nothing at all.
      const again = await run(w, check(token))
      expect(again.exitCode).toBe(0)
      expect(w.github.server.requests.filter((request) => /variables/.test(request.path) && request.method !== 'GET')).toHaveLength(1)
    })

    it('14 days or fewer: success, a warning naming the day, the issue with the login command; a later check of a new token closes it', async () => {
      const w = await start()
      const ending = w.service.issueAccessToken(50 * DAY)
      const result = await run(w, check(ending))
      expect(result.exitCode).toBe(0)
      const day = iso(w.service.expiresAt(ending) ?? 0)
      const notice = `The stored LinkedIn token expires ${day} (in 10 days), and nothing can renew it: LinkedIn gives this app no refresh token. Authorize again before that day.`
      expect(commands(result, 'warning')).toEqual([notice])
      const [issue] = w.github.issues(w.repository)
      expect(issue?.title).toBe(TITLE)
      expect(issue?.body).toContain(notice)
      expect(issue?.body).toContain(`expires ${day} (in 10 days)`)
      // Nothing failed: no outage to wait out, only the day to authorize again by.
      expect(issue?.body).not.toContain('Time is short')
      expect(issue?.body).toContain(
        `npx github:threads-token-keeper/threads-token-keeper login --provider linkedin --app-id <your-app-id> --redirect-uri '${w.service.redirectUri}' --repo '${w.repository}'`
      )
      // The client id was typed into an input: the issue points at the provider's page for the authorize address.
      expect(issue?.body).toContain(
        'Open the authorize URL (docs/linkedin.md: "The first token") in a browser signed in to the LinkedIn account'
      )
      expect(issue?.body).not.toContain(w.service.clientId)
      // Authorized again from a terminal (login stored the new token): the next scheduled check closes the issue.
      const renewed = await run(w, check(w.service.issueAccessToken()))
      expect(renewed.exitCode).toBe(0)
      expect(commands(renewed, 'warning')).toEqual([])
      expect(issue?.state).toBe('closed')
      expect(issue?.comments.at(-1)?.body).toMatch(/^Checked: the stored token is alive and fit for use/)
    })

    it.each(LINKEDIN_DEAD_TOKENS)('%s: a failed run, and the issue', async (_case, options, make, status) => {
      const w = await start(options)
      const result = await run(w, check(make(w.service)))
      expect(result.exitCode).toBe(1)
      const [line, ...more] = errors(result)
      expect(more).toEqual([])
      expect(line).toMatch(
        new RegExp(
          `^LinkedIn refused the token check \\(HTTP 200\\): LinkedIn reports the token ${status}\\. The token can no longer be used`
        )
      )
      const [issue] = w.github.issues(w.repository)
      expect(issue?.title).toBe(TITLE)
      expect(issue?.body).toContain(`LinkedIn reports the token ${status}`)
      expect(issue?.body).toContain('login --provider linkedin')
      expect(issue?.body).not.toMatch(/Threads|Meta/)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    })
  })
})
