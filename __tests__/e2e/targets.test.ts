import { afterEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../../stand-ins/run-action.js'
import { startWorld, type World, type WorldOptions } from '../../stand-ins/world.js'
import { FAST, runtimes, errors, expectNoLeaks } from '../support.js'

const SECRET = 'THREAD_ACCESS_TOKEN'
const [, node] = runtimes()[0] ?? ['', process.execPath]

describe('targets: several repositories, environments, organizations, Dependabot, Enterprise Server', () => {
  let world: World | undefined
  afterEach(async () => {
    await world?.close()
  })

  async function run(inputs: Record<string, string>, options: WorldOptions = {}): Promise<{ w: World; result: ActionRun }> {
    const w = await startWorld(options)
    world = w
    const result = await runAction({ node, inputs: w.inputs({ 'authorization-code': w.graph.issueCode(), ...inputs }), env: FAST })
    expectNoLeaks(result, w)
    return { w, result }
  }

  const targets = (result: ActionRun): unknown => JSON.parse(result.outputs.targets ?? 'null')

  /** The secret at `scope` opens to the run's new, valid long-lived token. */
  function expectStored(w: World, result: ActionRun, scope: string, kind: 'actions' | 'dependabot' = 'actions'): void {
    const stored = w.github.openSecret(scope, SECRET, kind)
    expect(stored, `secret at ${scope}`).toBe(result.outputs['access-token'])
    expect(w.graph.isValid(stored ?? '')).toBe(true)
  }

  it('writes one token, obtained once, to several repositories and the environment of each', async () => {
    const { w, result } = await run({
      repository: 'octo-org/blog, octo-org/shop\n',
      environment: 'social posting',
      'user-id-variable': 'THREAD_USER_ID'
    })

    expect(result.exitCode).toBe(0)
    expect(w.graph.server.calls('POST /oauth/access_token')).toHaveLength(1)
    for (const scope of ['octo-org/blog@social posting', 'octo-org/shop@social posting']) {
      expectStored(w, result, scope)
      expect(w.github.variable(scope, 'THREAD_USER_ID')).toBe('17841400000000001')
    }
    expect(targets(result)).toEqual([
      { target: 'octo-org/blog (environment social posting)', secret: SECRET, status: 'created' },
      { target: 'octo-org/shop (environment social posting)', secret: SECRET, status: 'created' }
    ])
  })

  it('writes a private organization secret and organization variables by default', async () => {
    const { w, result } = await run({ organization: 'octo-org', 'user-id-variable': 'THREAD_USER_ID' })

    expect(result.exitCode).toBe(0)
    expectStored(w, result, 'org:octo-org')
    expect(w.github.secretAccess('org:octo-org', SECRET)).toEqual({ visibility: 'private' })
    expect(w.github.variable('org:octo-org', 'THREAD_USER_ID')).toBe('17841400000000001')
    expect(targets(result)).toEqual([{ target: 'organization octo-org', secret: SECRET, status: 'created' }])
  })

  it('limits an organization secret to selected repositories, by their integer ids', async () => {
    const { w, result } = await run({ organization: 'octo-org', visibility: 'selected', 'selected-repositories': 'blog\nocto-org/docs' })

    expect(result.exitCode).toBe(0)
    expectStored(w, result, 'org:octo-org')
    const ids = [w.github.repositoryId('octo-org/blog'), w.github.repositoryId('octo-org/docs')]
    expect(w.github.secretAccess('org:octo-org', SECRET)).toEqual({ visibility: 'selected', selectedRepositoryIds: ids })
  })

  it('fails before the code is spent when a selected repository does not exist', async () => {
    const { w, result } = await run({ organization: 'octo-org', visibility: 'selected', 'selected-repositories': 'blog, nowhere' })

    expect(result.exitCode).toBe(1)
    expect(errors(result)[0]).toMatch(/octo-org\/nowhere/)
    expect(w.graph.server.requests).toHaveLength(0)
  })

  it.each([
    ['a repository', {}, 'octo-org/blog'],
    ['an organization', { organization: 'octo-org' }, 'org:octo-org']
  ])('writes a Dependabot secret of %s', async (_kind, inputs, scope) => {
    const { w, result } = await run({ 'secret-type': 'dependabot', ...inputs })

    expect(result.exitCode).toBe(0)
    expectStored(w, result, scope, 'dependabot')
    expect(w.github.openSecret(scope, SECRET, 'actions')).toBeUndefined()
  })

  it('fails before the code is spent when any target is out of reach', async () => {
    const { w, result } = await run({ repository: 'octo-org/blog\nocto-org/elsewhere' })

    expect(result.exitCode).toBe(1)
    expect(errors(result)[0]).toMatch(/octo-org\/elsewhere was not found/)
    expect(w.graph.server.requests).toHaveLength(0)
  })

  it('on a partial failure names where the token is and hands it back sealed for the rest', async () => {
    const w = await startWorld()
    world = w
    w.github.server.fault('PUT /repos/:owner/:repo/actions/secrets/:name', {
      status: 403,
      body: { message: 'Forbidden' },
      pathIncludes: '/shop/',
      times: Number.POSITIVE_INFINITY
    })
    const result = await runAction({
      node,
      inputs: w.inputs({ 'authorization-code': w.graph.issueCode(), repository: 'octo-org/blog,octo-org/shop' }),
      env: FAST
    })

    expect(result.exitCode).toBe(1)
    expectStored(w, result, 'octo-org/blog')
    expect(w.github.openSecret('octo-org/shop', SECRET)).toBeUndefined()
    expect(errors(result).join('\n')).toContain('stored in octo-org/blog, but not in octo-org/shop')
    expect(targets(result)).toEqual([
      { target: 'octo-org/blog', secret: SECRET, status: 'created' },
      { target: 'octo-org/shop', secret: SECRET, status: 'failed' }
    ])
    const sealed = /--method PUT \/repos\/octo-org\/shop\/actions\/secrets\/THREAD_ACCESS_TOKEN -f encrypted_value='([^']+)'/.exec(
      result.stdout
    )?.[1]
    expect(w.github.open(sealed ?? '')).toBe(result.outputs['access-token'])
    expectNoLeaks(result, w)
  })

  it('sends every call to a GitHub Enterprise Server base URL', async () => {
    const { w, result } = await run({}, { githubPrefix: '/api/v3' })

    expect(w.github.url).toMatch(/\/api\/v3$/)
    expect(result.exitCode).toBe(0)
    expectStored(w, result, 'octo-org/blog')
    expect(w.github.server.requests.every((request) => !request.path.startsWith('(outside'))).toBe(true)
  })
})

describe('the GitHub stand-in refuses what GitHub refuses', () => {
  it.each([
    ['visibility is missing', { encrypted_value: 'x', key_id: 'k' }],
    ['repository ids are strings', { visibility: 'selected', selected_repository_ids: ['100000'] }]
  ])('422 when %s', async (_case, body) => {
    const w = await startWorld()
    try {
      const key = (await (
        await fetch(`${w.github.url}/orgs/octo-org/actions/secrets/public-key`, { headers: { authorization: `token ${w.githubToken}` } })
      ).json()) as { key: string; key_id: string }
      const { seal } = await import('../../src/github/seal.js')
      const response = await fetch(`${w.github.url}/orgs/octo-org/actions/secrets/X`, {
        method: 'PUT',
        headers: { authorization: `token ${w.githubToken}` },
        body: JSON.stringify({ ...body, encrypted_value: await seal('value', key.key), key_id: key.key_id })
      })
      expect(response.status).toBe(422)
    } finally {
      await w.close()
    }
  })
})
