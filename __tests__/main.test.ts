import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { actionHarness, expectMaskedFirst, expectNoLeaks } from './support.js'
import { DAY, graphErrorBody } from './support.js'

const SECRET = 'THREAD_ACCESS_TOKEN'
const { start, runWith, dir } = actionHarness()

describe('run', () => {
  it('exchanges a code, stores the token, writes outputs and summary; masks first, leaks nothing', async () => {
    const w = await start()
    const code = w.graph.issueCode()
    const result = await runWith(w.inputs({ 'authorization-code': `${code}#_`, 'user-id-variable': 'THREAD_USER_ID' }))

    expect(result.exitCode).toBeUndefined()
    expect(result.errors).toEqual([])
    const stored = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(w.graph.isValid(stored)).toBe(true)
    expect(result.outputs).toMatchObject({
      flow: 'authorization-code',
      'access-token': stored,
      'user-id': w.graph.userId,
      username: w.graph.username,
      targets: JSON.stringify([{ target: w.repository, secret: SECRET, status: 'created' }])
    })
    expect(result.summary).toContain('@ferret.poster')
    expect(w.github.variable(w.repository, 'THREAD_USER_ID')).toBe(w.graph.userId)
    expect(result.lines.some((line) => line.startsWith('::debug::'))).toBe(true)
    expectMaskedFirst(result, [code, w.graph.appSecret, w.githubToken, stored])
    expectNoLeaks(result, [...w.credentials(), stored])
  })

  it('refreshes a long-lived token; the old and the new token are both masked before use', async () => {
    const w = await start()
    const old = w.graph.issueToken('long-lived', 2 * DAY)
    const result = await runWith(w.inputs({ 'long-lived-token': old }))

    expect(result.exitCode).toBeUndefined()
    const stored = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(stored).not.toBe(old)
    expect(result.outputs['access-token']).toBe(stored)
    expectMaskedFirst(result, [old, w.githubToken, stored])
    expectNoLeaks(result, [...w.credentials(), stored])
  })

  it('Instagram: a code exchanged at the OAuth host, stored under the Instagram default name', async () => {
    const w = await start({ graph: { provider: 'instagram' } })
    const result = await runWith(w.inputs({ 'authorization-code': w.graph.issueCode() }))
    expect(result.exitCode).toBeUndefined()
    expect(result.outputs).toMatchObject({ 'secret-name': 'INSTAGRAM_ACCESS_TOKEN', 'user-id': w.graph.userId })
    expect(w.github.openSecret(w.repository, 'INSTAGRAM_ACCESS_TOKEN')).toBe(result.outputs['access-token'])
    expectNoLeaks(result, [...w.credentials(), result.outputs['access-token'] ?? ''])
  })

  it('input problems: one ::error:: each, exit code 1, no request sent, credentials masked first', async () => {
    const w = await start()
    const code = w.graph.issueCode()
    const result = await runWith(w.inputs({ 'authorization-code': code, 'app-id': 'my-app', 'redirect-uri': '', 'dry-run': 'maybe' }))

    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      "Input 'app-id' must be the numeric Threads App ID (not the app's name).",
      expect.stringMatching(/^Input 'redirect-uri' is required to exchange an authorization-code/),
      "Input 'dry-run' is 'maybe': write true or false."
    ])
    expect(w.graph.server.requests).toEqual([])
    expect(w.github.server.requests).toEqual([])
    expect(result.outputs).toEqual({})
    expectMaskedFirst(result, [code, w.graph.appSecret, w.githubToken])
    expectNoLeaks(result, w.credentials())
  })

  it('a failed write fails the run and hands the token back sealed, with the command that stores it', async () => {
    const w = await start({ grant: { secrets: 'read', variables: 'write' } })
    const result = await runWith(w.inputs({ 'authorization-code': w.graph.issueCode() }))

    expect(result.exitCode).toBe(1)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0]).toMatch(
      /^GitHub refused to write secret THREAD_ACCESS_TOKEN to octo-org\/blog \(HTTP 403\).*secrets=write.*The new token is not lost/
    )
    const command = result.lines.find((line) => line.startsWith('gh api '))
    expect(command).toContain(` --method PUT /repos/octo-org/blog/actions/secrets/${SECRET} `)
    const sealed = /encrypted_value='([^']+)'/.exec(command ?? '')?.[1] ?? ''
    const token = w.github.open(sealed)
    expect(w.graph.token(token)?.kind).toBe('long-lived')
    expect(w.graph.isValid(token)).toBe(true)
    expect(result.summary).toContain(command)
    expect(result.summary).toContain('Token obtained but not stored everywhere')
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
    expectMaskedFirst(result, [token])
    expectNoLeaks(result, [...w.credentials(), token])
  })

  it('variables that cannot be written: the token is stored, one ::error:: per variable, exit code 1', async () => {
    const w = await start({ grant: { secrets: 'write', variables: 'read' } })
    const result = await runWith(
      w.inputs({
        'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY),
        'user-id-variable': 'A_ID',
        'expires-at-variable': 'A_EXP'
      })
    )

    expect(result.exitCode).toBe(1)
    expect(w.github.openSecret(w.repository, SECRET)).toBe(result.outputs['access-token'])
    // Written at once: the two errors arrive in either order.
    const variable = /^Variable (\w+) of octo-org\/blog was not written \(the secret THREAD_ACCESS_TOKEN is not affected\)\./
    expect(result.errors.map((line) => variable.exec(line)?.[1]).sort()).toEqual(['A_EXP', 'A_ID'])
    expectNoLeaks(result, [...w.credentials(), result.outputs['access-token'] ?? ''])
  })

  it('an unexpected fault: one line asking for a report, no stack, exit code 1', async () => {
    const w = await start()
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) }), {
      GITHUB_OUTPUT: join(dir(), 'no such directory', 'output')
    })

    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Unexpected failure: .+\. Please report it: https:\/\/github\.com\/threads-token-keeper\/threads-token-keeper\/issues$/
      )
    ])
    expect(result.lines.filter((line) => /^\s+at /.test(line))).toEqual([])
    expectNoLeaks(result, w.credentials())
  })

  it("a refused refresh asks the service once for the token's times, and GitHub once for the expiry variable", async () => {
    const w = await start()
    const token = w.graph.issueToken('long-lived', 2 * DAY)
    w.graph.server.fault('GET /refresh_access_token', { status: 400, body: graphErrorBody('Refused.', 10), times: Infinity })
    // The age check asks first; how urgent the failure is, after: both from the one inspection.
    const inspected = await runWith(w.inputs({ 'long-lived-token': token }))
    expect(inspected.exitCode).toBe(1)
    expect(inspected.summary).toContain('Stored token expires')
    expect(inspected.summary).not.toContain('unknown (keep one with the expires-at-variable input)')
    expect(w.graph.server.calls('GET /v1.0/debug_token')).toHaveLength(1)

    // The preflight reads the expiry variable; the failure's urgency is weighed from that reading.
    w.github.setVariable(w.repository, 'THREAD_TOKEN_EXPIRES_AT', '2025-01-01T00:00:00Z')
    const read = await runWith(w.inputs({ 'long-lived-token': token, 'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT' }))
    expect(read.exitCode).toBe(1)
    expect(read.summary).toContain('2025-01-01T00:00:00Z')
    expect(w.github.server.calls('GET /repos/:owner/:repo/actions/variables/:name')).toHaveLength(1)
  })

  it('an inspection that failed is asked again: what the run remembers is only what it learned', async () => {
    const w = await start()
    w.graph.server.fault('GET /refresh_access_token', { status: 400, body: graphErrorBody('Refused.', 10), times: Infinity })
    w.graph.server.fault('GET /v1.0/debug_token', { status: 400, body: graphErrorBody('Not now.', 10) })
    const result = await runWith(w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) }))
    expect(result.exitCode).toBe(1)
    expect(w.graph.server.calls('GET /v1.0/debug_token')).toHaveLength(2)
    expect(result.summary).not.toContain('unknown (keep one with the expires-at-variable input)')
  })

  it('a Graph message that echoes a credential in a warning is redacted in the log and the summary', async () => {
    const w = await start()
    const old = w.graph.issueToken('long-lived', 2 * DAY)
    w.graph.server.fault('GET /v1.0/me', {
      status: 400,
      body: { error: { message: `Malformed access token ${old}`, type: 'OAuthException', code: 190 } }
    })
    const result = await runWith(w.inputs({ 'long-lived-token': old }))

    expect(result.exitCode).toBeUndefined()
    expect(result.summary).toContain('The profile lookup failed (Malformed access token ***): the username is unknown for this run.')
    expect(result.warnings).toContain('The profile lookup failed (Malformed access token ***): the username is unknown for this run.')
    expect(result.summary).toContain('Malformed access token ***')
    expect(result.summary).not.toContain(old) // the summary is not masked by ::add-mask::
    expectNoLeaks(result, [old])
  })

  it('a GitHub message that echoes a credential in a failure is redacted in the error line and the summary', async () => {
    const w = await start()
    const old = w.graph.issueToken('long-lived', 2 * DAY)
    w.github.server.fault('POST /repos/:owner/:repo/actions/variables', {
      status: 422,
      body: { message: `Value rejected near ${old} and ${w.githubToken}` }
    })
    const result = await runWith(w.inputs({ 'long-lived-token': old, 'user-id-variable': 'THREAD_USER_ID' }))

    expect(result.exitCode).toBe(1)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^Variable THREAD_USER_ID of octo-org\/blog was not written \(the secret THREAD_ACCESS_TOKEN is not affected\)\. .*Value rejected near \*\*\* and \*\*\*/
      )
    ])
    expect(result.summary).toContain('Value rejected near *** and ***')
    expectNoLeaks(result, [old, w.githubToken])
  })
})
