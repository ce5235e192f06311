/**
 * Any OAuth 2.0 service's refresh token on the bundle, against the RFC 6749 stand-in and GitHub's:
 * rotated (written back), omitted as Google does and echoed (the stored one not rewritten), the
 * secret sent in the form, the scope asked for, a §5.2 refusal whose words are built to be workflow
 * commands, Markdown and a mention (inert in the log, absent from the issue), and a dry run.
 */
import { describe, expect, it } from 'vitest'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import type { ActionRun } from '../../stand-ins/run-action.js'
import { HOSTILE, commands, errors, expectNoInjectedCommands, providerWorldsEach, runProviderStep, runtimes } from '../support.js'

const SECRET = 'SERVICE_REFRESH_TOKEN'
const TOKEN = 'POST /oauth/token'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const TITLE = 'OAuth 2.0 token renewal needs attention'

describe.each(runtimes())('any OAuth 2.0 service, the bundled action under %s', (_runtime, node) => {
  const start = providerWorldsEach('oauth2')
  const run = (w: ProviderWorld<'oauth2'>, inputs: Record<string, string>): Promise<ActionRun> => runProviderStep(w, node, inputs)
  const stored = (w: ProviderWorld<'oauth2'>): string => {
    const refreshToken = w.service.issueRefreshToken()
    w.github.seedSecret(w.repository, SECRET, refreshToken)
    return refreshToken
  }
  const host = (w: ProviderWorld<'oauth2'>): string => new URL(w.service.url).host

  it('rotate: the new refresh token written back, the old one spent, the access token in the output', async () => {
    const w = await start({ rotation: 'rotate' })
    const first = stored(w)
    const result = await run(w, { 'refresh-token': first })
    expect(result.exitCode).toBe(0)
    const next = w.github.openSecret(w.repository, SECRET) ?? ''
    expect([w.service.state(next), w.service.state(first)]).toEqual(['active', 'spent'])
    expect(w.service.state(result.outputs['access-token'] ?? '')).toBe('active')
    expect(result.outputs).toMatchObject({ flow: 'refresh', 'expires-in': '3600' })
    expect(JSON.parse(result.outputs.targets ?? '')).toEqual([{ target: w.repository, secret: SECRET, status: 'updated' }])
    expect(result.stdout).toContain(`it is written back to ${SECRET}.`)
  })

  it.each([
    ['omit (Google): no refresh token in the reply', 'omit' as const],
    ['echo: the same refresh token back', 'echo' as const]
  ])('%s: the stored one kept, not rewritten, shown unchanged', async (_case, rotation) => {
    const w = await start({ rotation })
    const first = stored(w)
    const result = await run(w, { 'refresh-token': first })
    expect(result.exitCode).toBe(0)
    expect(w.github.secretWrites(w.repository, SECRET)).toBe(0)
    expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    expect(w.github.openSecret(w.repository, SECRET)).toBe(first)
    expect(w.service.state(first)).toBe('active')
    expect(w.service.state(result.outputs['access-token'] ?? '')).toBe('active')
    expect(JSON.parse(result.outputs.targets ?? '')).toEqual([{ target: w.repository, secret: SECRET, status: 'unchanged' }])
    expect(result.stdout.split('\n')).toContain(`Secret: ${SECRET} in ${w.repository} (not written)`)
    expect(result.stdout).not.toContain('written back')
  })

  it('client-secret-post: the secret in the form, no Authorization header; the scope asked for', async () => {
    const w = await start({ clientAuth: 'client_secret_post' })
    const result = await run(w, { 'refresh-token': stored(w), scope: 'read' })
    expect(result.exitCode).toBe(0)
    const [request] = w.service.server.calls(TOKEN)
    expect(request?.headers.authorization).toBeUndefined()
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toMatchObject({
      client_id: w.service.clientId,
      client_secret: w.service.clientSecret,
      scope: 'read'
    })
    expect(w.service.scopeOf(result.outputs['access-token'] ?? '')).toEqual(['read'])
  })

  it('a §5.2 refusal in hostile words, the refresh token echoed: one inert ::error:: line, the token masked, none of it in the issue', async () => {
    const w = await start()
    const first = stored(w)
    w.service.server.fault(TOKEN, {
      status: 400,
      body: { error: 'invalid_grant', error_description: `${HOSTILE} (you sent ${first})` }
    })
    const result = await run(w, { 'refresh-token': first, 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    const [error, ...more] = errors(result)
    expect(more).toEqual([])
    expect(error).toMatch(new RegExp(`^${host(w).replace(/\./g, '\\.')} refused the refresh \\(HTTP 400, code invalid_grant\\): ok`))
    expect(error).toContain('@octocat')
    expect(error).toContain('(you sent ***)')
    expect(error).toMatch(/The token can no longer be used \(expired, revoked, or spent by another refresh\)/)
    expectNoInjectedCommands(result)
    expect(commands(result, 'warning')).toEqual([])
    const [issue, ...others] = w.github.issues(w.repository)
    expect(others).toEqual([])
    expect(issue?.title).toMatch(new RegExp(`^${TITLE} \\(secret [0-9a-f]{8}\\)$`))
    expect(issue?.body).toContain(
      `**What happened:**\n\n\`\`\`text\n${host(w)} refused the refresh (HTTP 400, code invalid_grant). The token can no longer be used (expired, revoked, or spent by another refresh) and cannot be refreshed: authorize again at the service, and store the refresh token it gives in the secret refresh-token-secret names (docs/oauth2.md: "When the grant dies").\n\`\`\``
    )
    expect(issue?.body).not.toMatch(/@octocat|evil|<img|<\/table>|pwned|you sent/)
    expect(w.github.server.calls(PUT_SECRET)).toEqual([])
  })

  it('a dry run: nothing sent to the service', async () => {
    const w = await start()
    const first = stored(w)
    const result = await run(w, { 'refresh-token': first, 'dry-run': 'true' })
    expect(result.exitCode).toBe(0)
    expect(w.service.server.requests).toEqual([])
    expect(w.service.state(first)).toBe('active')
  })
})
