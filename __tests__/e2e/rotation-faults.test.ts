/**
 * A rotated refresh token is never lost, on the bundle against the X and GitHub stand-ins: where
 * GitHub refuses its write, where the run is cancelled after the refresh was sent (X's answer waited
 * for, and handed back) or before (nothing sent). Every claim proved by opening what was stored or
 * handed back, and asking X what it holds; a leak scan of every run.
 */
import { describe, expect, it } from 'vitest'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import type { TokenGrant } from '../../stand-ins/github-api.js'
import { FULL_GRANT } from '../../stand-ins/world.js'
import { errors, interruptWhen, providerWorldsEach, runProviderStep, runtimes, sealedIn, storeCommandsIn } from '../support.js'

const REFRESH_SECRET = 'X_REFRESH_TOKEN'
const TOKEN = 'POST /2/oauth2/token'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const PUBLIC_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key'
const TITLE = 'X token renewal needs attention (X_REFRESH_TOKEN)'
/** The runner's pace: a cancel gives a request in flight 5 seconds. */
const REAL_TIME = { THREADS_TOKEN_KEEPER_TIME_SCALE: '1' }

describe.each(runtimes())('a rotated refresh token is never lost, the bundle under %s', (_runtime, node) => {
  const start = providerWorldsEach('x')
  const run = (w: ProviderWorld<'x'>, inputs: Record<string, string>, step = {}) => runProviderStep(w, node, inputs, step)
  const stored = (w: ProviderWorld<'x'>): string => {
    const refreshToken = w.service.issueTokens().refreshToken ?? ''
    w.github.seedSecret(w.repository, REFRESH_SECRET, refreshToken)
    return refreshToken
  }
  /** The secret each store-by-hand command writes, and the value it holds, opened as GitHub would. */
  const handedBack = (w: ProviderWorld<'x'>, stdout: string): [string, string][] =>
    storeCommandsIn({ stdout, outputs: {}, summary: '' }).map((command) => [
      /secrets\/(\w+) /.exec(command)?.[1] ?? '',
      w.github.open(sealedIn(command))
    ])

  describe('the write of the new refresh token refused', () => {
    const { secrets: _secrets, ...noSecrets } = FULL_GRANT
    it.each<[string, TokenGrant | undefined, boolean]>([
      ['GitHub failing that write (502 on every try)', undefined, true],
      ["a writer token with 'Secrets: read' only", { ...noSecrets, secrets: 'read' }, false]
    ])('%s: exit 1, the new refresh token sealed in the log with its command, the issue opened', async (_case, grant, outage) => {
      const w = await start({}, grant)
      // Every try of this run (four), and no more: the next run's write goes through.
      if (outage) w.github.server.fault(PUT_SECRET, { status: 502, times: 4, pathIncludes: REFRESH_SECRET })
      const first = stored(w)
      const result = await run(w, { 'refresh-token': first, 'failure-issue': 'true' })
      expect(result.exitCode).toBe(1)
      expect(w.github.server.calls(PUT_SECRET)).toHaveLength(outage ? 4 : 1)
      expect(w.service.state(first)).toBe('spent')
      const [[secret, value] = ['', ''], ...more] = handedBack(w, result.stdout)
      expect(more).toEqual([])
      expect(secret).toBe(REFRESH_SECRET)
      expect(w.service.state(value)).toBe('active')
      expect(w.github.openSecret(w.repository, REFRESH_SECRET)).toBe(first)
      const lines = result.stdout.split('\n')
      const command = lines.findIndex((line) => line.startsWith('gh api '))
      expect(lines[command - 1]).toBe(
        `The new refresh token, sealed with the public key of ${w.repository} (only GitHub can open it). Store it with:`
      )
      const [error, ...moreErrors] = errors(result)
      expect(moreErrors).toEqual([])
      expect(error).toMatch(
        new RegExp(
          `^GitHub refused to write secret ${REFRESH_SECRET} to ${w.repository} \\(HTTP (502|403)\\): .*The new refresh token is not lost: it is printed with this run's outcome, sealed for ${w.repository}, with the command that stores it\\. Store this one before the next run: where the service rotates refresh tokens, the one in ${REFRESH_SECRET} no longer works\\.$`
        )
      )
      // Running again before it is stored would send the spent one: nothing advises it.
      expect(error).not.toMatch(/again later/)
      const [issue, ...others] = w.github.issues(w.repository)
      expect(others).toEqual([])
      expect(issue?.title).toBe(TITLE)
      expect(issue?.body).toContain(`**What happened:**\n\n\`\`\`text\nGitHub refused to write secret ${REFRESH_SECRET}`)
      expect(issue?.body).toContain('The new refresh token is not lost')
      expect(issue?.body).not.toMatch(/again later|Run this workflow by hand/)
      expect(issue?.body).toContain(`login --provider x --app-id <your-app-id>`)
      // The issue is public: no token, sealed or not.
      for (const leak of [...w.credentials(), sealedIn(storeCommandsIn(result)[0] ?? '')]) expect(issue?.body).not.toContain(leak)
      // Stored by hand as the log says, the next run redeems it.
      w.github.seedSecret(w.repository, REFRESH_SECRET, value)
      w.github.addToken(w.githubToken, FULL_GRANT)
      const next = await run(w, { 'refresh-token': value })
      expect(next.exitCode).toBe(0)
      expect(w.service.state(w.github.openSecret(w.repository, REFRESH_SECRET) ?? '')).toBe('active')
    })

    it('with secret-name, only the refresh token’s write refused: the access token stored, the refresh token handed back', async () => {
      const w = await start()
      w.github.server.fault(PUT_SECRET, { status: 502, times: Infinity, pathIncludes: REFRESH_SECRET })
      const result = await run(w, { 'refresh-token': stored(w), 'secret-name': 'X_ACCESS_TOKEN' })
      expect(result.exitCode).toBe(1)
      expect(w.github.openSecret(w.repository, 'X_ACCESS_TOKEN')).toBe(result.outputs['access-token'])
      const [[secret, value] = ['', ''], ...more] = handedBack(w, result.stdout)
      expect([secret, w.service.state(value), more]).toEqual([REFRESH_SECRET, 'active', []])
    })
  })

  describe('a cancelled run', () => {
    it('SIGINT once the refresh was sent: X’s answer waited for, the new refresh token handed back sealed, nothing lost', async () => {
      const w = await start()
      w.service.server.fault(TOKEN, { delayMs: 1500 })
      const first = stored(w)
      const startedAt = Date.now()
      const result = await run(
        w,
        { 'refresh-token': first, 'failure-issue': 'true' },
        { env: REAL_TIME, whileRunning: interruptWhen(() => w.service.server.calls(TOKEN).length > 0) }
      )
      expect(result.exitCode).not.toBe(0)
      // Within the runner's 10 seconds after the signal: X's answer came after 1.5 s.
      expect(Date.now() - startedAt).toBeLessThan(8000)
      expect(w.service.state(first)).toBe('spent')
      const [[secret, value] = ['', ''], ...more] = handedBack(w, result.stdout)
      expect([secret, w.service.state(value), more]).toEqual([REFRESH_SECRET, 'active', []])
      expect(w.service.state(result.outputs['access-token'] ?? '')).toBe('active')
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(errors(result)).toEqual([
        `The run was cancelled before GitHub confirmed the write to ${w.repository}. The new refresh token is not lost: it is printed with this run's outcome, sealed for ${w.repository}, with the command that stores it. Store this one before the next run: where the service rotates refresh tokens, the one in ${REFRESH_SECRET} no longer works.`
      ])
    })

    it('SIGINT before the refresh was sent (the preflight unanswered): nothing sent to X, and the stored refresh token still works', async () => {
      const w = await start()
      w.github.server.fault(PUBLIC_KEY, { hang: true })
      const first = stored(w)
      const result = await run(
        w,
        { 'refresh-token': first },
        { env: REAL_TIME, whileRunning: interruptWhen(() => w.github.server.calls(PUBLIC_KEY).length > 0) }
      )
      expect(result.exitCode).not.toBe(0)
      expect(w.service.server.requests).toEqual([])
      expect(errors(result)).toEqual([
        'The run was cancelled before the refresh token was sent: the stored one still works. Nothing was changed.'
      ])
      expect(w.service.state(first)).toBe('active')
      const next = await run(w, { 'refresh-token': first })
      expect(next.exitCode).toBe(0)
      expect(w.service.state(w.github.openSecret(w.repository, REFRESH_SECRET) ?? '')).toBe('active')
    })
  })

  it('X never answers the refresh: sent once, told that X may have spent it; the next run finds out', async () => {
    const w = await start()
    w.service.server.fault(TOKEN, { hang: true })
    const first = stored(w)
    const result = await run(w, { 'refresh-token': first, 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    expect(w.service.server.calls(TOKEN)).toHaveLength(1)
    expect(errors(result)).toEqual([
      'X refused the refresh (no usable reply): no reply in time. X may have acted on the refresh without a usable answer, so it was not sent again: where it rotates refresh tokens, the one stored may be spent, and the next run says so. Run the workflow again later.'
    ])
    // No human yet: the next run finds out from X's answer, and calls one where the refresh token was spent.
    expect(w.github.issues(w.repository)).toEqual([])
    const next = await run(w, { 'refresh-token': first, 'failure-issue': 'true' })
    expect(next.exitCode).toBe(0)
    expect(w.service.state(w.github.openSecret(w.repository, REFRESH_SECRET) ?? '')).toBe('active')
  })
})
