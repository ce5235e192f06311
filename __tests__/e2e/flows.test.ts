import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LONG_LIVED_SECONDS } from '../../stand-ins/graph-api.js'
import { runAction } from '../../stand-ins/run-action.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, runtimes, errors, expectMaskedFirst, expectNoLeaks } from '../support.js'

const DAY = 86_400_000
const PROVIDERS = [
  ['threads', 'THREAD_ACCESS_TOKEN'],
  ['instagram', 'INSTAGRAM_ACCESS_TOKEN']
] as const
const CASES = runtimes().flatMap(([runtime, node]) => PROVIDERS.map(([provider, secret]) => [provider, runtime, node, secret] as const))

describe.each(CASES)('%s, the bundled action under %s', (provider, _runtime, node, SECRET) => {
  let world: World
  beforeEach(async () => {
    world = await startWorld({ graph: { provider } })
  })
  afterEach(async () => {
    await world.close()
  })

  const run = (inputs: Record<string, string>) => runAction({ node, inputs: world.inputs(inputs), env: FAST })

  /** The stored secret opens with GitHub's private key to a valid long-lived token, equal to the output. */
  function expectStoredLongLived(outputs: Record<string, string>, scope = world.repository): string {
    const stored = world.github.openSecret(scope, SECRET)
    expect(stored).toBeDefined()
    expect(stored).toBe(outputs['access-token'])
    expect(world.graph.token(stored ?? '')?.kind).toBe('long-lived')
    expect(world.graph.isValid(stored ?? '')).toBe(true)
    return stored ?? ''
  }

  it('exchanges an authorization code (with its #_ suffix) for a stored long-lived token', async () => {
    const code = world.graph.issueCode()
    const result = await run({
      'authorization-code': `${code}#_\n`,
      'user-id-variable': 'THREAD_USER_ID',
      'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT'
    })

    expect(result.exitCode).toBe(0)
    const token = expectStoredLongLived(result.outputs)
    expect(result.outputs).toMatchObject({
      flow: 'authorization-code',
      'user-id': '17841400000000001',
      username: 'ferret.poster',
      'expires-in': String(LONG_LIVED_SECONDS),
      'secret-name': SECRET
    })
    const expiresAt = Date.parse(result.outputs['expires-at'] ?? '')
    expect(Math.abs(expiresAt - (Date.now() + LONG_LIVED_SECONDS * 1000))).toBeLessThan(60_000)
    expect(result.outputs['expires-at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(world.github.variable(world.repository, 'THREAD_USER_ID')).toBe('17841400000000001')
    expect(world.github.variable(world.repository, 'THREAD_TOKEN_EXPIRES_AT')).toBe(result.outputs['expires-at'])
    expect(world.graph.server.calls('POST /oauth/access_token')).toHaveLength(1)
    expect(result.summary).toContain('@ferret.poster')
    expect(result.summary).toContain(result.outputs['expires-at'])
    expectMaskedFirst(result, [code, token, world.graph.appSecret, world.githubToken])
    expectNoLeaks(result, world)
  })

  it('exchanges a short-lived token', async () => {
    const result = await run({ 'short-lived-token': world.graph.issueToken('short-lived') })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('short-lived-token')
    expectStoredLongLived(result.outputs)
    expectNoLeaks(result, world)
  })

  it('refreshes a long-lived token and overwrites the secret (204), updating existing variables', async () => {
    world.github.setVariable(world.repository, 'THREAD_USER_ID', 'stale')
    const first = await run({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY) })
    const current = expectStoredLongLived(first.outputs)
    world.graph.advance(7 * DAY)

    const result = await run({ 'long-lived-token': current, 'user-id-variable': 'thread_user_id' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('refresh')
    const renewed = expectStoredLongLived(result.outputs)
    expect(renewed).not.toBe(current)
    expect(world.github.secretWrites(world.repository, SECRET)).toBe(2)
    expect(world.github.variable(world.repository, 'THREAD_USER_ID')).toBe('17841400000000001')
    expect(result.stdout.split('\n')).toContain(`Secret: ${SECRET} updated in ${world.repository}`)
    expectNoLeaks(result, world)
  })

  it.each([
    ['a code beats both tokens', ['authorization-code', 'short-lived-token', 'long-lived-token'], 'authorization-code'],
    ['a short-lived token beats a long-lived one', ['short-lived-token', 'long-lived-token'], 'short-lived-token'],
    ['a blank code leaves the long-lived token', ['long-lived-token'], 'refresh']
  ])('uses the freshest credential: %s', async (_case, given, flow) => {
    const inputs: Record<string, string> = { 'authorization-code': '  \n' }
    if (given.includes('authorization-code')) inputs['authorization-code'] = world.graph.issueCode()
    if (given.includes('short-lived-token')) inputs['short-lived-token'] = world.graph.issueToken('short-lived')
    if (given.includes('long-lived-token')) inputs['long-lived-token'] = world.graph.issueToken('long-lived', 2 * DAY)

    const result = await run(inputs)

    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe(flow)
    expectStoredLongLived(result.outputs)
    expect(world.graph.server.calls('GET /refresh_access_token')).toHaveLength(flow === 'refresh' ? 1 : 0)
    expectNoLeaks(result, world)
  })

  it('writes an environment secret and environment variables', async () => {
    const result = await run({
      'authorization-code': world.graph.issueCode(),
      environment: world.environment,
      'user-id-variable': 'THREAD_USER_ID'
    })

    expect(result.exitCode).toBe(0)
    expectStoredLongLived(result.outputs, `${world.repository}@${world.environment}`)
    expect(world.github.openSecret(world.repository, SECRET)).toBeUndefined()
    expect(world.github.variable(`${world.repository}@${world.environment}`, 'THREAD_USER_ID')).toBe('17841400000000001')
    expect(world.github.variable(world.repository, 'THREAD_USER_ID')).toBeUndefined()
    expectNoLeaks(result, world)
  })

  it('takes the repository and API URL from the runner when the inputs are empty', async () => {
    const inputs = world.inputs({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY), repository: '', 'github-api-url': '' })
    const result = await runAction({
      node,
      inputs,
      env: { ...FAST, GITHUB_REPOSITORY: world.repository, GITHUB_API_URL: world.github.url }
    })

    expect(result.exitCode).toBe(0)
    expectStoredLongLived(result.outputs)
  })

  it('dry run with a code: checks the target, spends nothing, changes nothing', async () => {
    const result = await run({ 'authorization-code': world.graph.issueCode(), 'dry-run': 'true' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs.flow).toBe('authorization-code')
    expect(result.outputs['access-token']).toBeUndefined()
    expect(world.graph.server.requests).toHaveLength(0)
    expect(world.github.server.calls('GET /repos/:owner/:repo/actions/secrets/public-key')).toHaveLength(1)
    expect(world.github.openSecret(world.repository, SECRET)).toBeUndefined()
    expect(result.summary).toContain('dry run')
    expectNoLeaks(result, world)
  })

  it('dry run with a long-lived token: looks the token up, refreshes nothing', async () => {
    const result = await run({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY), 'dry-run': 'True' })

    expect(result.exitCode).toBe(0)
    expect(result.outputs).toMatchObject({ flow: 'refresh', username: 'ferret.poster', 'user-id': '17841400000000001' })
    expect(world.graph.server.calls('GET /refresh_access_token')).toHaveLength(0)
    expect(world.github.openSecret(world.repository, SECRET)).toBeUndefined()
    expectNoLeaks(result, world)
  })

  it('fails with the remedy when the stored token has expired, changing nothing', async () => {
    const expired = world.graph.issueToken('long-lived', 61 * DAY)
    const result = await run({ 'long-lived-token': expired })

    expect(result.exitCode).toBe(1)
    const [line] = errors(result)
    expect(line).toContain('Session has expired')
    expect(line).toContain("'authorization-code'")
    expect(world.github.openSecret(world.repository, SECRET)).toBeUndefined()
    expect(result.stdout).not.toContain('    at ') // no stack trace
    expectNoLeaks(result, world)
  })

  it('refuses a used code with the API message and what to do', async () => {
    const code = world.graph.issueCode()
    expect((await run({ 'authorization-code': code })).exitCode).toBe(0)

    const result = await run({ 'authorization-code': code })

    expect(result.exitCode).toBe(1)
    // Threads' words, or Instagram's (flat) ones: each with the advice that fits.
    expect(errors(result)[0]).toMatch(
      /(This authorization code has been used|Matching code was not found or was already used)\..*works once/
    )
    expectNoLeaks(result, world)
  })
})
