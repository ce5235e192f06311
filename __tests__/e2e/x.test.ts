/**
 * X's rotating refresh tokens on the bundle, against the X and GitHub stand-ins: the scheduled
 * refresh that writes the new refresh token back (and the next run that redeems it), the access
 * token kept only where asked, a refresh token whose secret is not where it would be written back,
 * and a dry run. Every claim proved by opening what was stored; a leak scan of every run.
 */
import { describe, expect, it } from 'vitest'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import { commands, errors, providerWorldsEach, runProviderStep, runtimes } from '../support.js'

const REFRESH_SECRET = 'X_REFRESH_TOKEN'
const TOKEN = 'POST /2/oauth2/token'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const WRITTEN_BACK = 'X sent a new refresh token with the token: it is written back to X_REFRESH_TOKEN.'

describe.each(runtimes())('X, the bundled action under %s', (_runtime, node) => {
  const start = providerWorldsEach('x')
  const run = (w: ProviderWorld<'x'>, inputs: Record<string, string>) => runProviderStep(w, node, inputs)
  /** A refresh token of a grant X made, stored beforehand where the keeper reads it (as `login` stores it). */
  const stored = (w: ProviderWorld<'x'>): string => {
    const refreshToken = w.service.issueTokens().refreshToken ?? ''
    w.github.seedSecret(w.repository, REFRESH_SECRET, refreshToken)
    return refreshToken
  }

  it('a scheduled refresh: the new refresh token written back, the old one spent, the access token only in the output; the next run redeems what was stored', async () => {
    const w = await start()
    const first = stored(w)
    const result = await run(w, { 'refresh-token': first, 'failure-issue': 'true' })
    expect(result.exitCode).toBe(0)
    const next = w.github.openSecret(w.repository, REFRESH_SECRET) ?? ''
    expect(next).not.toBe(first)
    expect(w.service.state(next)).toBe('active')
    expect(w.service.state(first)).toBe('spent')
    const accessToken = result.outputs['access-token'] ?? ''
    expect(w.service.state(accessToken)).toBe('active')
    expect(result.outputs).toMatchObject({ flow: 'refresh', 'expires-in': '7200', 'user-id': w.service.user.id, username: 'fernferret' })
    expect(result.outputs['secret-name']).toBeUndefined()
    expect(JSON.parse(result.outputs.targets ?? '')).toEqual([{ target: w.repository, secret: REFRESH_SECRET, status: 'updated' }])
    // One secret written, the refresh token's: the access token (two hours) is no secret of its own.
    expect(w.github.server.calls(PUT_SECRET).map((request) => request.path)).toEqual([
      `/repos/${w.repository}/actions/secrets/${REFRESH_SECRET}`
    ])
    expect(result.stdout.split('\n')).toEqual(
      expect.arrayContaining([WRITTEN_BACK, `Secret: ${REFRESH_SECRET} updated in ${w.repository}`])
    )
    expect(commands(result, 'warning')).toEqual([])
    expect(w.github.issues(w.repository)).toEqual([])

    const again = await run(w, { 'refresh-token': next })
    expect(again.exitCode).toBe(0)
    const third = w.github.openSecret(w.repository, REFRESH_SECRET) ?? ''
    expect(w.service.state(third)).toBe('active')
    expect(w.service.state(next)).toBe('spent')
    expect(w.service.state(again.outputs['access-token'] ?? '')).toBe('active')
    expect(w.service.server.calls(TOKEN)).toHaveLength(2)
  })

  it('with secret-name: the access token stored too, beside the refresh token', async () => {
    const w = await start()
    const result = await run(w, { 'refresh-token': stored(w), 'secret-name': 'X_ACCESS_TOKEN' })
    expect(result.exitCode).toBe(0)
    expect(w.github.openSecret(w.repository, 'X_ACCESS_TOKEN')).toBe(result.outputs['access-token'])
    expect(w.service.state(w.github.openSecret(w.repository, 'X_ACCESS_TOKEN') ?? '')).toBe('active')
    expect(w.service.state(w.github.openSecret(w.repository, REFRESH_SECRET) ?? '')).toBe('active')
    expect(result.outputs['secret-name']).toBe('X_ACCESS_TOKEN')
    expect(JSON.parse(result.outputs.targets ?? '')).toEqual([
      { target: w.repository, secret: REFRESH_SECRET, status: 'updated' },
      { target: w.repository, secret: 'X_ACCESS_TOKEN', status: 'created' }
    ])
  })

  it('a public client (no app-secret): its client_id in the form, the refresh token rotated and written back', async () => {
    const w = await start({ clientType: 'public' })
    const first = stored(w)
    const result = await run(w, { 'refresh-token': first })
    expect(result.exitCode).toBe(0)
    expect(new URLSearchParams(w.service.server.calls(TOKEN)[0]?.body).get('client_id')).toBe(w.service.clientId)
    expect(w.service.server.calls(TOKEN)[0]?.headers.authorization).toBeUndefined()
    expect(w.service.state(w.github.openSecret(w.repository, REFRESH_SECRET) ?? '')).toBe('active')
    expect(w.service.state(first)).toBe('spent')
  })

  it('a refresh token read from another secret than the one it would be written back to: refused before any request to X', async () => {
    const w = await start()
    const refreshToken = w.service.issueTokens().refreshToken ?? ''
    w.github.seedSecret(w.repository, 'MY_X_REFRESH', refreshToken)
    const result = await run(w, { 'refresh-token': refreshToken, 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    expect(w.service.server.requests).toEqual([])
    expect(w.service.state(refreshToken)).toBe('active')
    expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    const refusal = `The secret ${REFRESH_SECRET} does not exist in ${w.repository}, so the refresh token given is not read from it: writing the new one there would leave the secret your workflow reads holding a spent one. Set 'refresh-token-secret' to the secret 'refresh-token' reads (or store the refresh token as ${REFRESH_SECRET}). Nothing was sent.`
    expect(errors(result)).toEqual([refusal])
    const [issue] = w.github.issues(w.repository)
    expect(issue?.body).toContain(`**What happened:**\n\n\`\`\`text\n${refusal}\n\`\`\``)

    const named = await run(w, { 'refresh-token': refreshToken, 'refresh-token-secret': 'MY_X_REFRESH' })
    expect(named.exitCode).toBe(0)
    expect(w.service.state(w.github.openSecret(w.repository, 'MY_X_REFRESH') ?? '')).toBe('active')
  })

  it('a refresh stored, its variable refused: the issue speaks of the refresh token kept, not of the access token’s two hours', async () => {
    const w = await start()
    w.github.server.fault('POST /repos/:owner/:repo/actions/variables', { status: 403, body: { message: 'Forbidden' }, times: Infinity })
    const result = await run(w, { 'refresh-token': stored(w), 'user-id-variable': 'X_USER_ID', 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    expect(w.service.state(w.github.openSecret(w.repository, REFRESH_SECRET) ?? '')).toBe('active')
    const [issue] = w.github.issues(w.repository)
    expect(issue?.body).toContain('is kept with its refresh token, which renews it on each run.')
    expect(issue?.body).not.toMatch(/expires \d{4}-\d\d-\d\d|Time is short/)
    // The variable's name was typed into an input: the public issue tells it by its fingerprint.
    expect(errors(result).join(' ')).toContain('X_USER_ID')
    expect(issue?.body).toMatch(/Variable \(name [0-9a-f]{8}\) of octo-org\/blog/)
    expect(issue?.body).not.toContain('X_USER_ID')
  })

  it('a dry run: nothing sent to X, nothing written, the refresh token still good', async () => {
    const w = await start()
    const refreshToken = stored(w)
    const result = await run(w, { 'refresh-token': refreshToken, 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(w.service.server.requests).toEqual([])
    expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    expect(w.service.state(refreshToken)).toBe('active')
    expect(result.outputs['access-token']).toBeUndefined()
    expect(commands(result, 'warning')).toEqual([
      'Dry run: the refresh token was not sent (where the service rotates them, it works only once).'
    ])
  })

  it('a dry run finds what the real run would refuse: the refresh token’s secret missing', async () => {
    const w = await start()
    const result = await run(w, { 'refresh-token': w.service.issueTokens().refreshToken ?? '', 'dry-run': 'true' })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([expect.stringMatching(/^The secret X_REFRESH_TOKEN does not exist in octo-org\/blog/)])
    expect(w.service.server.requests).toEqual([])
  })
})
