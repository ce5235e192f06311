/**
 * The bundle against services and inputs that misbehave: text built to look like workflow commands,
 * Markdown or HTML; replies that are no token; runs cancelled mid-flight; a young token refused with
 * the "invalid token" code; encoded echoes of a secret.
 */
import type { ChildProcess } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../stand-ins/run-action.js'
import type { Fault } from '../../stand-ins/server.js'
import type { GraphStandInOptions } from '../../stand-ins/graph-api.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, HOSTILE, HOUR, echoedSecret, errors, expectNoInjectedCommands, expectNoLeaks, graphErrorBody, runtimes } from '../support.js'

const SECRET = 'THREAD_ACCESS_TOKEN'
const REFRESH = 'GET /refresh_access_token'
const CODE_EXCHANGE = 'POST /oauth/access_token'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const PUBLIC_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key'

describe.each(runtimes())('hostile text and cancelled runs, the bundle under %s', (_runtime, node) => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
    world = undefined
  })

  async function start(graph: GraphStandInOptions = {}): Promise<World> {
    world = await startWorld({ graph })
    return world
  }

  /** The runner's environment, so that upkeep (the failure issue) would act where it is asked to. */
  const runner = (w: World): Record<string, string> => ({ ...FAST, GITHUB_REPOSITORY: w.repository, GITHUB_API_URL: w.github.url })
  const run = (w: World, inputs: Record<string, string>): Promise<ActionRun> =>
    runAction({ node, inputs: w.inputs(inputs), env: runner(w) })

  describe('workflow-command, HTML and Markdown injection', () => {
    it('a username built of workflow commands and HTML: warned about, left out of the outputs, the token stored', async () => {
      const w = await start({ username: HOSTILE })
      const result = await run(w, { 'authorization-code': w.graph.issueCode(), 'user-id-variable': 'THREAD_USER_ID' })
      expect(result.exitCode).toBe(0)
      expect(w.graph.isValid(w.github.openSecret(w.repository, SECRET) ?? '')).toBe(true)
      expect(result.outputs.username).toBeUndefined()
      expect(result.outputs['user-id']).toBe(w.graph.userId)
      expect(result.stdout).toMatch(/^::warning::The profile lookup gave no valid username/m)
      expectNoInjectedCommands(result)
      expect(result.stdout).not.toContain('pwned')
      expectNoLeaks(result, w)
    })

    it("an API's refusal built of the same: one escaped ::error:: line, an escaped summary, nothing injected", async () => {
      const w = await start()
      w.graph.server.fault(REFRESH, { status: 400, body: graphErrorBody(HOSTILE, 100) })
      const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 2 * 24 * HOUR) })
      expect(result.exitCode).toBe(1)
      expect(errors(result)[0]).toContain('::warning::pwned')
      expectNoInjectedCommands(result)
    })

    it('a profile lookup that fails with the same words: an escaped warning and summary list, the token stored', async () => {
      const w = await start()
      w.graph.server.fault('GET /v1.0/me', { status: 400, body: graphErrorBody(HOSTILE, 100) })
      const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 2 * 24 * HOUR) })
      expect(result.exitCode).toBe(0)
      expectNoInjectedCommands(result)
      expect(result.summary).toContain('&#60;/table&#62;&#60;h1&#62;big')
    })

    it.each([
      ['a line break', 'prod\n::warning::pwned'],
      ['a carriage return', 'prod\r::warning::pwned'],
      ['the dot segment ..', '..'],
      ['the dot segment .', '.']
    ])('an environment with %s is refused before any request, naming the input', async (_case, environment) => {
      const w = await start()
      const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 2 * 24 * HOUR), environment })
      expect(result.exitCode).toBe(1)
      expect(errors(result)).toEqual([expect.stringMatching(/^Input 'environment' /)])
      expect(w.graph.server.requests).toEqual([])
      expect(w.github.server.requests).toEqual([])
      expectNoInjectedCommands(result)
    })
  })

  it("the failure issue holds the action's own account, never the API's words: no mention, link or HTML of theirs", async () => {
    const w = await start()
    const long = `${HOSTILE} ${'x'.repeat(5000)}`
    w.graph.server.fault(REFRESH, { status: 400, body: graphErrorBody(long, 190, 463) })
    const result = await runAction({
      node,
      inputs: w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * 24 * HOUR), 'failure-issue': 'true' }),
      env: runner(w)
    })
    expect(result.exitCode).toBe(1)
    const [issue] = w.github.issues(w.repository)
    const body = issue?.body ?? ''
    expect(body).toMatch(/^\*\*What happened:\*\*\n\n```text\nThreads refused the refresh \(HTTP 400, code 190\/463\)\. /)
    expect(body).not.toMatch(/@octocat|evil|<img|<\/table>|xxxxx/)
    expect(body.length).toBeLessThan(2500)
    // The log keeps the service's words, made inert there.
    expect(errors(result)[0]).toContain('@octocat')
  })

  describe('a reply that is no token is never stored', () => {
    it.each<[string, unknown]>([
      ['an empty token', ''],
      ['a token of three letters', 'abc'],
      ['a token with a line break inside', 'THAAlong0123456789abcdef\nmore'],
      ['a token with a space inside', 'THAAlong0123456789 abcdef'],
      ['an object', { token: 'THAAlong0123456789abcdef' }]
    ])('a refresh answered with %s: retried, then a failure that says so; the stored token untouched', async (_case, token) => {
      const w = await start()
      const reply: Fault = { status: 200, body: { access_token: token, token_type: 'bearer', expires_in: 5_183_944 }, times: Infinity }
      w.graph.server.fault(REFRESH, reply)
      const result = await run(w, { 'long-lived-token': w.graph.issueToken('long-lived', 2 * 24 * HOUR) })
      expect(result.exitCode).toBe(1)
      expect(w.graph.server.calls(REFRESH).length).toBeGreaterThan(1)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(errors(result)[0]).toMatch(/not .*expected|garbled/)
      expect(errors(result)[0]).toMatch(/Run the workflow again later/)
    })

    it('a code exchange answered with no token: not repeated, and the failure asks for a fresh code', async () => {
      const w = await start()
      w.graph.server.fault(CODE_EXCHANGE, { status: 200, body: { access_token: 'abc', user_id: w.graph.userId } })
      const result = await run(w, { 'authorization-code': w.graph.issueCode() })
      expect(result.exitCode).toBe(1)
      expect(w.graph.server.calls(CODE_EXCHANGE)).toHaveLength(1)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
      expect(errors(result)[0]).toMatch(/fresh code/)
    })

    it.each<[string, string]>([
      ['negative', '-17841400000000001'],
      ['not digits', '"1784140abc"'],
      ['a fraction', '1.5']
    ])('a user id that is %s is no user id: the profile’s is used', async (_case, userId) => {
      const w = await start()
      const body = `{"access_token": "THAAshort${'s'.repeat(20)}", "user_id": ${userId}}`
      w.graph.server.fault(CODE_EXCHANGE, { status: 200, body })
      w.graph.server.fault('GET /access_token', { status: 200, body: { access_token: `THAAlong${'l'.repeat(20)}`, expires_in: 5_183_944 } })
      w.graph.server.fault('GET /v1.0/me', { status: 500, times: Infinity })
      const result = await run(w, { 'authorization-code': w.graph.issueCode(), 'user-id-variable': 'THREAD_USER_ID' })
      expect(result.outputs['user-id']).toBeUndefined()
      expect(w.github.variable(w.repository, 'THREAD_USER_ID')).toBeUndefined()
    })
  })

  describe('a cancelled run loses nothing', () => {
    const slow = { THREADS_TOKEN_KEEPER_TIME_SCALE: '1' }

    /**
     * Runs the action at its real pace and signals it as the runner does once `ready` holds: SIGINT,
     * and SIGTERM shortly after when asked. `exitAfterSignal` is how long it took to end after that.
     */
    async function runCancelled(
      w: World,
      inputs: Record<string, string>,
      ready: () => boolean,
      alsoTerm = false
    ): Promise<ActionRun & { exitAfterSignal: number }> {
      let signalledAt = 0
      const whileRunning = (child: ChildProcess): void => {
        const poll = setInterval(() => {
          if (!ready()) return
          clearInterval(poll)
          signalledAt = Date.now()
          child.kill('SIGINT')
          if (alsoTerm) setTimeout(() => child.kill('SIGTERM'), 50)
        }, 10)
        child.on('close', () => clearInterval(poll))
      }
      const result = await runAction({ node, inputs: w.inputs(inputs), env: { ...runner(w), ...slow }, whileRunning })
      return { ...result, exitAfterSignal: Date.now() - signalledAt }
    }

    it.each([
      ['SIGINT', false],
      ['SIGINT, then SIGTERM', true]
    ])('%s while the write of a spent code is unanswered: the token is handed back sealed, and the output set', async (_case, alsoTerm) => {
      const w = await start()
      w.github.server.fault(PUT_SECRET, { hang: true })
      const inputs = { 'authorization-code': w.graph.issueCode(), 'failure-issue': 'true' }
      const result = await runCancelled(w, inputs, () => w.github.server.calls(PUT_SECRET).length > 0, alsoTerm)
      expect(result.exitCode).not.toBe(0)
      // The runner kills the step 10 s after the first signal; the hand-back is printed well before.
      expect(result.exitAfterSignal).toBeLessThan(2000)
      const command = /^gh api .* -f encrypted_value='([^']+)'/m.exec(result.stdout)
      expect(command).not.toBeNull()
      const handedBack = w.github.open(command?.[1] ?? '')
      expect(w.graph.isValid(handedBack)).toBe(true)
      expect(result.outputs['access-token']).toBe(handedBack)
      expect(errors(result).join('\n')).toMatch(/cancelled before GitHub confirmed the write/)
      expect(w.github.issues(w.repository)).toEqual([])
      expectNoLeaks(result, w)
    })

    it('SIGINT while the account lookup and the write both hang (a refresh keeping the user id): handed back all the same', async () => {
      const w = await start()
      w.graph.server.fault('GET /v1.0/me', { hang: true, times: Infinity })
      w.github.server.fault(PUT_SECRET, { hang: true })
      const inputs = { 'long-lived-token': w.graph.issueToken('long-lived', 2 * 24 * HOUR), 'user-id-variable': 'THREAD_USER_ID' }
      const result = await runCancelled(w, inputs, () => w.github.server.calls(PUT_SECRET).length > 0)
      expect(result.exitCode).not.toBe(0)
      expect(result.exitAfterSignal).toBeLessThan(2000)
      const command = /^gh api .* -f encrypted_value='([^']+)'/m.exec(result.stdout)
      expect(w.graph.isValid(w.github.open(command?.[1] ?? ''))).toBe(true)
    })

    it('SIGINT while a spent code’s long-lived exchange hangs: no new try, and within the grace the step says the code is spent', async () => {
      const w = await start()
      w.graph.server.fault('GET /access_token', { hang: true, times: Infinity })
      const inputs = { 'authorization-code': w.graph.issueCode() }
      const result = await runCancelled(w, inputs, () => w.graph.server.calls('GET /access_token').length > 0)
      expect(result.exitCode).not.toBe(0)
      // Before the runner's kill, 10 s after the first signal.
      expect(result.exitAfterSignal).toBeLessThan(8000)
      expect(w.graph.server.calls('GET /access_token')).toHaveLength(1)
      expect(errors(result)[0]).toMatch(/The authorization code was used/)
    })

    it('SIGINT while the refresh is unanswered: nothing spent, the stored token stays valid, and it says so', async () => {
      const w = await start()
      const token = w.graph.issueToken('long-lived', 2 * 24 * HOUR)
      w.graph.server.fault(REFRESH, { hang: true })
      const result = await runCancelled(w, { 'long-lived-token': token }, () => w.graph.server.calls(REFRESH).length > 0)
      expect(result.exitCode).not.toBe(0)
      expect(result.exitAfterSignal).toBeLessThan(2000)
      expect(errors(result)[0]).toMatch(
        /cancelled before Threads answered the refresh: nothing was spent, and the stored token stays valid/
      )
      expect(w.graph.isValid(token)).toBe(true)
      expect(w.github.server.calls(PUT_SECRET)).toEqual([])
    })

    it('SIGINT during the preflight of a code flow: the code is never sent', async () => {
      const w = await start()
      w.github.server.fault(PUBLIC_KEY, { hang: true })
      const inputs = { 'authorization-code': w.graph.issueCode() }
      const result = await runCancelled(w, inputs, () => w.github.server.calls(PUBLIC_KEY).length > 0)
      expect(result.exitCode).not.toBe(0)
      expect(w.graph.server.requests).toEqual([])
      expect(errors(result)[0]).toMatch(/before the authorization code was used: it still works/)
    })
  })

  it('a young token refused with code 190, which its expiry variable says is 12 hours old: a skip, no failure, no issue', async () => {
    const w = await start({
      inspection: false,
      tooYoungReply: { status: 400, body: graphErrorBody('Error validating access token.', 190) }
    })
    const token = w.graph.issueToken('long-lived', 12 * HOUR)
    w.github.setVariable(w.repository, 'THREAD_TOKEN_EXPIRES_AT', new Date(w.graph.token(token)?.expiresAt ?? 0).toISOString())
    const result = await run(w, { 'long-lived-token': token, 'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT', 'failure-issue': 'true' })
    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('skipped')
    expect(w.github.issues(w.repository)).toEqual([])
  })

  it('an app secret echoed back upper-cased, broken over a line, and inside the HTTP Basic header: in no line the action writes', async () => {
    const w = await start()
    const { message, leaks } = echoedSecret(w.graph.appId, w.graph.appSecret)
    w.graph.server.fault(CODE_EXCHANGE, { status: 400, body: graphErrorBody(message, 101) })
    const result = await run(w, { 'authorization-code': w.graph.issueCode(), 'failure-issue': 'true' })
    expect(result.exitCode).toBe(1)
    expect(errors(result)[0]).toMatch(
      /^Threads refused the code exchange \(HTTP 400, code 101\): Invalid client_secret \*\*\*; you sent \*\*\* \(Authorization: Basic .*\*\*\*/
    )
    expectNoLeaks(result, [...w.credentials(), ...leaks])
    const issues = w.github.issues(w.repository)
    for (const text of issues.flatMap((issue) => [issue.title, issue.body, ...issue.comments.map((comment) => comment.body)])) {
      for (const leak of [...w.credentials(), ...leaks]) expect(text).not.toContain(leak)
    }
  })

  it("an app secret with !'()~ echoed back form-encoded is masked in that form too", async () => {
    const appSecret = "app!secret'(x)~0123456789"
    const encoded = new URLSearchParams({ v: appSecret }).toString().slice(2)
    const w = await start({ appSecret })
    w.graph.server.fault(CODE_EXCHANGE, { status: 400, body: graphErrorBody(`Invalid secret ${encoded} for this app`, 101) })
    const result = await run(w, { 'authorization-code': w.graph.issueCode() })
    expect(result.exitCode).toBe(1)
    // The runner reads `%` in a command as the start of an escape: @actions/core writes it as %25.
    expect(result.stdout).toContain(`::add-mask::${encoded.replace(/%/g, '%25')}`)
    expectNoLeaks(result, [...w.credentials(), encoded])
  })
})
