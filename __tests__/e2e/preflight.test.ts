import { afterEach, describe, expect, it } from 'vitest'
import type { TokenGrant } from '../../stand-ins/github-api.js'
import { runAction, type ActionRun } from '../../stand-ins/run-action.js'
import type { Fault } from '../../stand-ins/server.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, runtimes, errors, expectNoLeaks } from '../support.js'

const PUBLIC_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key'
const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'
const ALWAYS = Number.POSITIVE_INFINITY

interface Scenario {
  name: string
  grant?: TokenGrant
  inputs?: Record<string, string>
  faults?: [string, Fault][]
  /** Fragments the one error line must contain. */
  error: RegExp[]
}

/** GitHub refuses before anything is spent: the code must still be unused. */
const refusedBeforeSpending: Scenario[] = [
  {
    name: 'repository not found (404)',
    inputs: { repository: 'octo-org/missing' },
    error: [/HTTP 404/, /octo-org\/missing was not found/]
  },
  { name: 'environment not found (404)', inputs: { environment: 'nope' }, error: [/HTTP 404/, /environment nope/] },
  {
    name: 'bad github-token (401)',
    inputs: { 'github-token': 'ghp_wrongwrongwrong' },
    error: [/HTTP 401/, /Bad credentials/, /'github-token'/]
  },
  {
    name: "the workflow's GITHUB_TOKEN (403)",
    grant: { integration: true, variables: 'write' },
    error: [/HTTP 403/, /secrets=read/, /GITHUB_TOKEN can never write secrets/]
  },
  {
    name: 'no access to variables (403)',
    grant: { secrets: 'write' },
    inputs: { 'user-id-variable': 'THREAD_USER_ID' },
    error: [/HTTP 403/, /variables=read/]
  },
  {
    name: '5xx on every try',
    faults: [[PUBLIC_KEY, { status: 502, body: '<html>Bad gateway</html>', times: ALWAYS }]],
    error: [/HTTP 502/, /again later/]
  },
  { name: 'a hang on every try', faults: [[PUBLIC_KEY, { hang: true, times: ALWAYS }]], error: [/no usable reply/, /no reply in time/] }
]

/** GitHub refuses only the write, after the code was spent: the token comes back sealed. */
const refusedAtWrite: Scenario[] = [
  { name: 'write forbidden (403 on write only)', grant: { secrets: 'read' }, error: [/HTTP 403/, /secrets=write/] },
  { name: '5xx on every write', faults: [[PUT_SECRET, { status: 503, times: ALWAYS }]], error: [/HTTP 503/] },
  { name: 'a hang on every write', faults: [[PUT_SECRET, { hang: true, times: ALWAYS }]], error: [/no reply in time/] }
]

describe.each(runtimes())('preflight and hand-back under %s', (_runtime, node) => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
  })

  async function attempt(scenario: Scenario): Promise<{ world: World; result: ActionRun }> {
    world = await startWorld(scenario.grant ? { grant: scenario.grant } : {})
    for (const [route, fault] of scenario.faults ?? []) world.github.server.fault(route, fault)
    const inputs = world.inputs({ 'authorization-code': world.graph.issueCode(), ...scenario.inputs })
    const result = await runAction({ node, inputs, env: FAST })
    expect(result.exitCode).toBe(1)
    const lines = errors(result)
    expect(lines).toHaveLength(1)
    for (const fragment of scenario.error) expect(lines[0]).toMatch(fragment)
    expectNoLeaks(result, world)
    return { world, result }
  }

  it.each(refusedBeforeSpending)('$name: fails before the code is spent', async (scenario) => {
    const { world } = await attempt(scenario)
    expect(world.graph.server.requests).toHaveLength(0)
  })

  it.each(refusedAtWrite)('$name: hands the new token back sealed, with the command to store it', async (scenario) => {
    const { world, result } = await attempt(scenario)
    const command =
      /^gh api --hostname 127\.0\.0\.1:\d+ --method PUT \/repos\/octo-org\/blog\/actions\/secrets\/THREAD_ACCESS_TOKEN -f encrypted_value='([^']+)' -f key_id='(\d+)'$/m.exec(
        result.stdout
      )
    expect(command, 'the store command is printed').not.toBeNull()
    expect(command?.[2]).toBe(world.github.keyId)
    const token = world.github.open(command?.[1] ?? '')
    expect(world.graph.token(token)?.kind).toBe('long-lived')
    expect(world.graph.isValid(token)).toBe(true)
    expect(result.summary).toContain(command?.[1])
  })

  it('retries a transient fault and succeeds', async () => {
    world = await startWorld()
    world.github.server.fault(PUBLIC_KEY, { status: 503, times: 2 })
    world.graph.server.fault('GET /access_token', { status: 200, body: '<html>maintenance</html>' })
    const inputs = world.inputs({ 'authorization-code': world.graph.issueCode() })

    const result = await runAction({ node, inputs, env: FAST })

    expect(result.exitCode).toBe(0)
    expect(world.github.server.calls(PUBLIC_KEY)).toHaveLength(3)
    expect(world.graph.server.calls('GET /access_token')).toHaveLength(2)
    expect(world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN')).toBe(result.outputs['access-token'])
    expectNoLeaks(result, world)
  })

  it('validates every input before sending any request', async () => {
    world = await startWorld()
    const inputs = world.inputs({
      'authorization-code': world.graph.issueCode(),
      'app-id': 'my app',
      'secret-name': 'GITHUB_TOKEN_X',
      'threads-api-url': 'http://graph.threads.net'
    })

    const result = await runAction({ node, inputs })

    expect(result.exitCode).toBe(1)
    expect(errors(result).map((line) => /'([a-z-]+)'/.exec(line)?.[1])).toEqual(['app-id', 'secret-name', 'threads-api-url'])
    expect(world.graph.server.requests).toHaveLength(0)
    expect(world.github.server.requests).toHaveLength(0)
    expectNoLeaks(result, world)
  })
})
