/**
 * Two runs, one refresh token, on the bundle against the X and GitHub stand-ins: a scheduled keeper
 * (A) rotates it and writes the new one back; a poster's first step (B) presents the old one. The
 * refusal B gets is told from evidence: the refresh token's secret written since B's run was created
 * is A's work (a skip, no issue, no human); without that evidence it is a dead grant (a failed run,
 * and the issue with the login command). Where X revokes the family on reuse (RFC 9700 §4.14.2), B's
 * skip promises nothing more: the next run finds the grant dead.
 */
import { describe, expect, it } from 'vitest'
import type { ActionRun } from '../../stand-ins/run-action.js'
import type { ProviderWorld } from '../../stand-ins/provider-world.js'
import { commands, errors, providerWorldsEach, runProviderStep, runtimes } from '../support.js'

const SECRET = 'X_REFRESH_TOKEN'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const TITLE = 'X token renewal needs attention (X_REFRESH_TOKEN)'
const SPENT = 'Value passed for the token was invalid.'
const A = '7000'
const B = '7001'
const secondsAgo = (seconds: number): string => new Date(Date.now() - seconds * 1000).toISOString()

describe.each(runtimes())('two runs, one refresh token, the bundle under %s', (_runtime, node) => {
  const start = providerWorldsEach('x')
  const run = (w: ProviderWorld<'x'>, inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> =>
    runProviderStep(w, node, { 'failure-issue': 'true', ...inputs }, { env })
  /** The refresh token `login` stored a day ago, and the workflow runs A and B created at those times. */
  const world = async (options: { revokeGrantOnReuse?: boolean } = {}, bCreated = secondsAgo(30)) => {
    const w = await start(options)
    const first = w.service.issueTokens().refreshToken ?? ''
    w.github.seedSecret(w.repository, SECRET, first)
    w.github.addRun(w.repository, A, secondsAgo(20))
    w.github.addRun(w.repository, B, bCreated)
    return { w, first }
  }
  /** What B says of A's rotation: a success that changed nothing. */
  function expectSkipped(result: ActionRun, w: ProviderWorld<'x'>): void {
    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('skipped')
    expect(result.outputs['access-token']).toBeUndefined()
    expect(errors(result)).toEqual([])
    expect(commands(result, 'warning')).toEqual([])
    const lines = result.stdout.split('\n')
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^The refresh token was refused, but X_REFRESH_TOKEN was written at \S+Z, after this run began: another run redeemed it and wrote back the new one, which the next run uses\. Nothing left to do\.$/
      )
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/^Secret: X_REFRESH_TOKEN in octo-org\/blog \(unchanged: another run rotated the refresh token at \S+Z\)$/)
    )
    expect(w.github.issues(w.repository)).toEqual([])
  }

  it('B, created before A wrote, presents the spent one: a skip that says another run rotated it; no issue, no human', async () => {
    const { w, first } = await world()
    const a = await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: A })
    expect(a.outputs.flow).toBe('refresh')
    const rotated = w.github.openSecret(w.repository, SECRET) ?? ''
    const b = await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: B })
    expectSkipped(b, w)
    // A's refresh token stays, and the next run redeems it.
    expect(w.github.openSecret(w.repository, SECRET)).toBe(rotated)
    expect(w.github.secretWrites(w.repository, SECRET)).toBe(1)
    const next = await run(w, { 'refresh-token': rotated })
    expect(next.exitCode).toBe(0)
    expect(w.service.state(w.github.openSecret(w.repository, SECRET) ?? '')).toBe('active')
  })

  it('A and B at once: one redeems and writes back, the other waits for that write and skips', async () => {
    const { w, first } = await world()
    // B's refusal comes while A's write is on its way: B waits for it, at the runner's pace.
    w.github.server.fault(PUT_SECRET, { delayMs: 1000 })
    const fullTime = { THREADS_TOKEN_KEEPER_TIME_SCALE: '1' }
    const results = await Promise.all([
      run(w, { 'refresh-token': first }, { ...fullTime, GITHUB_RUN_ID: A }),
      run(w, { 'refresh-token': first }, { ...fullTime, GITHUB_RUN_ID: B })
    ])
    expect(results.map((result) => result.exitCode)).toEqual([0, 0])
    expect(results.map((result) => result.outputs.flow).sort()).toEqual(['refresh', 'skipped'])
    expectSkipped(results.find((result) => result.outputs.flow === 'skipped') as ActionRun, w)
    expect(w.service.state(w.github.openSecret(w.repository, SECRET) ?? '')).toBe('active')
  })

  it('the same refusal without that evidence (the secret written before B was created): a dead grant, the issue and its login command', async () => {
    const { w, first } = await world({}, new Date(Date.now() + 60_000).toISOString())
    await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: A })
    const b = await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: B })
    expect(b.exitCode).toBe(1)
    expect(b.outputs.flow).toBeUndefined()
    const remedy =
      'The token can no longer be used (spent by another refresh, revoked, or its grant ended) and cannot be refreshed: authorize again from a terminal with the command line\'s login --provider x, which stores the new refresh token (X\'s codes live 30 seconds, too short for a manual run) (docs/x.md: "The first tokens").'
    expect(errors(b)).toEqual([`X refused the refresh (HTTP 400, code invalid_request): ${SPENT} ${remedy}`])
    const [issue, ...others] = w.github.issues(w.repository)
    expect(others).toEqual([])
    expect(issue?.title).toBe(TITLE)
    expect(issue?.body).toContain(
      `**What happened:**\n\n\`\`\`text\nX refused the refresh (HTTP 400, code invalid_request). ${remedy}\n\`\`\``
    )
    expect(issue?.body).not.toContain(SPENT)
    expect(issue?.body).toContain(
      `\`\`\`sh\nnpx github:threads-token-keeper/threads-token-keeper login --provider x --app-id <your-app-id>`
    )
    expect(issue?.body).not.toMatch(/Run this workflow by hand/)
  })

  it('a revoked grant, the secret untouched: a dead grant too', async () => {
    const { w, first } = await world()
    w.service.revokeAll()
    const result = await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: B })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(/^X refused the refresh \(HTTP 400, code invalid_request\): .* login --provider x/)
    ])
    expect(w.github.issues(w.repository).map((issue) => issue.title)).toEqual([TITLE])
  })

  it('where X revokes the family on reuse (RFC 9700 §4.14.2): B still skips, promising nothing more; the next run finds the grant dead', async () => {
    const { w, first } = await world({ revokeGrantOnReuse: true })
    await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: A })
    const rotated = w.github.openSecret(w.repository, SECRET) ?? ''
    expect(w.service.state(rotated)).toBe('active')
    const b = await run(w, { 'refresh-token': first }, { GITHUB_RUN_ID: B })
    expectSkipped(b, w)
    // B's reuse cost A's new refresh token too: what the skip could not promise.
    expect(w.service.state(rotated)).toBe('revoked')
    const next = await run(w, { 'refresh-token': rotated })
    expect(next.exitCode).toBe(1)
    expect(errors(next)).toEqual([
      expect.stringMatching(/^X refused the refresh \(HTTP 400, code invalid_request\): .* login --provider x/)
    ])
    expect(w.github.issues(w.repository).map((issue) => issue.title)).toEqual([TITLE])
  })
})
