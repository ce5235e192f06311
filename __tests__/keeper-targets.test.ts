import sodium from 'libsodium-wrappers'
import { afterEach, describe, expect, it } from 'vitest'
import { GitHubError } from '../src/shared/errors.js'
import { explain } from '../src/shared/explain.js'
import type { World, WorldOptions } from '../stand-ins/world.js'
import { EXPIRY_VAR, PUT_SECRET, SECRET, USER_VAR, credential, sealedIn, keeperWorld as start, failuresOf } from './support.js'
import { HOUR, settle } from './support.js'

let world: World | undefined
afterEach(async () => {
  await world?.close()
  world = undefined
})

async function setup(options: WorldOptions = {}) {
  const harness = await start(options)
  world = harness.w
  return harness
}

const VARIABLES = { 'user-id-variable': USER_VAR, 'expires-at-variable': EXPIRY_VAR }
/** Refuses the secret write for one repository only: the others go through. */
const refuseWrite = (w: World, repository: string): void =>
  w.github.server.fault(PUT_SECRET, {
    status: 403,
    body: { message: 'Resource not accessible by personal access token' },
    pathIncludes: `/${repository}/`
  })

describe('several targets', () => {
  it('stores the same token in each, with variables reported target by target, user id first', async () => {
    const { w, keep, info } = await setup()
    const outcome = await keep({ ...credential(w, 'authorization-code'), repository: 'octo-org/blog, octo-org/shop', ...VARIABLES })
    expect(outcome.targets).toEqual([
      { target: 'octo-org/blog', secret: SECRET, status: 'created' },
      { target: 'octo-org/shop', secret: SECRET, status: 'created' }
    ])
    for (const repository of ['octo-org/blog', 'octo-org/shop']) {
      expect(w.github.openSecret(repository, SECRET)).toBe(outcome.accessToken)
      expect(w.github.variable(repository, USER_VAR)).toBe(w.graph.userId)
      expect(w.github.variable(repository, EXPIRY_VAR)).toBe(outcome.expiresAt)
    }
    expect(outcome.variables.map(({ target, name }) => `${target} ${name}`)).toEqual([
      `octo-org/blog ${USER_VAR}`,
      `octo-org/blog ${EXPIRY_VAR}`,
      `octo-org/shop ${USER_VAR}`,
      `octo-org/shop ${EXPIRY_VAR}`
    ])
    expect(outcome).toMatchObject({ failures: [], storeByHand: [], warnings: [] })
    // What was written is the outcome's to say, once, where it is reported: not a progress line too.
    expect(info.filter((line) => line.includes('octo-org/shop'))).toEqual([])
  })

  it('the Actions and the Dependabot stores of one repository: the token in each, the variables once (Dependabot has none)', async () => {
    const { w, keep } = await setup()
    const outcome = await keep({ ...credential(w, 'refresh'), 'secret-type': 'actions, dependabot', ...VARIABLES })
    expect(outcome.targets.map(({ target, status }) => `${target} ${status}`)).toEqual([
      'octo-org/blog created',
      'octo-org/blog (Dependabot) created'
    ])
    for (const kind of ['actions', 'dependabot'] as const) expect(w.github.openSecret(w.repository, SECRET, kind)).toBe(outcome.accessToken)
    expect(outcome.variables.map(({ target, name }) => `${target} ${name}`)).toEqual([
      `octo-org/blog ${USER_VAR}`,
      `octo-org/blog ${EXPIRY_VAR}`
    ])
    expect(outcome.failures).toEqual([])
  })

  it('cancelled while a variable write is unanswered: said to be unconfirmed, not lost, and the secret not affected', async () => {
    const { w, keep } = await setup()
    const route = 'POST /repos/:owner/:repo/actions/variables'
    w.github.server.fault(route, { hang: true, times: 2 })
    const controller = new AbortController()
    const kept = keep({ ...credential(w, 'refresh'), ...VARIABLES }, controller.signal)
    await expect.poll(() => w.github.server.calls(route).length).toBe(2)
    await expect.poll(() => w.github.secretWrites(w.repository, SECRET)).toBe(1)
    controller.abort()
    const outcome = await kept
    expect(outcome.targets).toEqual([{ target: w.repository, secret: SECRET, status: 'created' }])
    expect(failuresOf(outcome)).toEqual([
      `Variable ${USER_VAR} of octo-org/blog may not have been written (the secret ${SECRET} is not affected). The run was cancelled before GitHub confirmed it.`,
      `Variable ${EXPIRY_VAR} of octo-org/blog may not have been written (the secret ${SECRET} is not affected). The run was cancelled before GitHub confirmed it.`
    ])
  })

  it('the same environment of several repositories', async () => {
    const { w, keep } = await setup()
    const outcome = await keep({ ...credential(w, 'refresh'), repository: 'octo-org/blog\nocto-org/shop', environment: w.environment })
    expect(outcome.targets.map((t) => t.target)).toEqual([
      `octo-org/blog (environment ${w.environment})`,
      `octo-org/shop (environment ${w.environment})`
    ])
    expect(w.github.openSecret(`octo-org/shop@${w.environment}`, SECRET)).toBe(outcome.accessToken)
  })

  it('a partial failure: stored where it could be, handed back sealed where not, and the run fails', async () => {
    const { w, keep } = await setup()
    refuseWrite(w, 'octo-org/shop')
    const outcome = await keep({ ...credential(w, 'authorization-code'), repository: 'octo-org/blog, octo-org/shop', ...VARIABLES })
    expect(outcome.targets.map((t) => t.status)).toEqual(['created', 'failed'])
    expect(w.github.openSecret('octo-org/blog', SECRET)).toBe(outcome.accessToken)
    expect(w.github.openSecret('octo-org/shop', SECRET)).toBeUndefined()
    expect(outcome.storeByHand.map((h) => h.target)).toEqual(['octo-org/shop'])
    expect(w.github.open(sealedIn(outcome.storeByHand[0]?.command ?? ''))).toBe(outcome.accessToken)
    expect(outcome.storeByHand[0]?.command).toContain(` --method PUT /repos/octo-org/shop/actions/secrets/${SECRET} `)
    expect(failuresOf(outcome)).toEqual([
      expect.stringMatching(
        /^GitHub refused to write secret THREAD_ACCESS_TOKEN to octo-org\/shop \(HTTP 403\).*sealed for octo-org\/shop/
      ),
      'The new token is stored in octo-org/blog, but not in octo-org/shop.'
    ])
    // The user id goes alongside each write; the expiry only where the secret was stored.
    expect(outcome.variables.map(({ target, name }) => `${target} ${name}`)).toEqual([
      `octo-org/blog ${USER_VAR}`,
      `octo-org/blog ${EXPIRY_VAR}`,
      `octo-org/shop ${USER_VAR}`
    ])
    for (const repository of ['octo-org/blog', 'octo-org/shop']) expect(w.github.variable(repository, USER_VAR)).toBe(w.graph.userId)
    expect(w.github.variable('octo-org/blog', EXPIRY_VAR)).toBe(outcome.expiresAt)
    expect(w.github.variable('octo-org/shop', EXPIRY_VAR)).toBeUndefined()
    expect(failuresOf(outcome).join('\n')).not.toContain(outcome.accessToken)
  })

  it.each<[string, number, boolean]>([
    ['a refusal (403) waits for a human', 403, true],
    ['GitHub down (502 on every try) will likely pass next run', 502, false]
  ])('humanNeeded: %s', async (_case, status, humanNeeded) => {
    const { w, keep } = await setup()
    w.github.server.fault(PUT_SECRET, { status, body: { message: 'no' }, pathIncludes: '/octo-org/shop/', times: Number.POSITIVE_INFINITY })
    const outcome = await keep({ ...credential(w, 'refresh'), repository: 'octo-org/blog, octo-org/shop' })
    expect(outcome.storeByHand.map((h) => h.target)).toEqual(['octo-org/shop'])
    expect(outcome.humanNeeded).toBe(humanNeeded)
  })

  it('two of three failing are named together; none stored means no "stored in" line', async () => {
    const { w, keep } = await setup()
    refuseWrite(w, 'octo-org/shop')
    refuseWrite(w, 'octo-org/docs')
    const some = await keep({ ...credential(w, 'refresh'), repository: 'octo-org/blog, octo-org/shop, octo-org/docs' })
    expect(failuresOf(some).at(-1)).toBe('The new token is stored in octo-org/blog, but not in octo-org/shop, octo-org/docs.')
    refuseWrite(w, 'octo-org/blog')
    refuseWrite(w, 'octo-org/shop')
    const none = await keep({ ...credential(w, 'refresh'), repository: 'octo-org/blog, octo-org/shop' })
    expect(none.storeByHand.map((h) => h.target)).toEqual(['octo-org/blog', 'octo-org/shop'])
    expect(failuresOf(none)).toHaveLength(2)
    expect(failuresOf(none).join('\n')).not.toContain('The new token is stored in')
  })

  it('youth is read from the expiry variable of whichever target keeps one', async () => {
    const { w, keep, info } = await setup({ graph: { inspection: false } })
    const token = w.graph.issueToken('long-lived', HOUR)
    w.github.setVariable('octo-org/shop', EXPIRY_VAR, new Date(w.graph.token(token)?.expiresAt ?? 0).toISOString())
    const outcome = await keep({ 'long-lived-token': token, repository: 'octo-org/blog, octo-org/shop', 'expires-at-variable': EXPIRY_VAR })
    expect(outcome.flow).toBe('skipped')
    expect(info.join('\n')).toContain('per the expiry variable')
  })
})

describe('an organization', () => {
  it('selected repositories: the secret and its variables carry the access settings', async () => {
    const { w, keep } = await setup()
    const outcome = await keep({
      ...credential(w, 'refresh'),
      repository: '',
      organization: w.organization,
      visibility: 'selected',
      'selected-repositories': 'blog\ndocs',
      ...VARIABLES
    })
    expect(outcome.targets).toEqual([{ target: 'organization octo-org', secret: SECRET, status: 'created' }])
    expect(w.github.openSecret('org:octo-org', SECRET)).toBe(outcome.accessToken)
    expect(w.github.secretAccess('org:octo-org', SECRET)).toEqual({
      visibility: 'selected',
      selectedRepositoryIds: [w.github.repositoryId('octo-org/blog'), w.github.repositoryId('octo-org/docs')]
    })
    expect(w.github.variable('org:octo-org', USER_VAR)).toBe(w.graph.userId)
  })
})

describe('Instagram', () => {
  it.each([
    ['wrapped', false],
    ['flat', true]
  ])('a code (%s reply) becomes a stored long-lived token with the user id and username', async (_case, flatCodeReply) => {
    const { w, keep } = await setup({ graph: { provider: 'instagram', flatCodeReply } })
    const outcome = await keep({ ...credential(w, 'authorization-code'), 'user-id-variable': 'INSTAGRAM_USER_ID' })
    expect(outcome).toMatchObject({
      secretName: 'INSTAGRAM_ACCESS_TOKEN',
      userId: w.graph.userId,
      username: w.graph.username,
      failures: [],
      warnings: []
    })
    expect(outcome.accessToken).toMatch(/^IGAAlong/)
    expect(w.github.openSecret(w.repository, 'INSTAGRAM_ACCESS_TOKEN')).toBe(outcome.accessToken)
    expect(w.github.variable(w.repository, 'INSTAGRAM_USER_ID')).toBe(w.graph.userId)
  })

  // Instagram has no token inspection: its expiry variable is the evidence of youth.
  it('a young token is skipped on the expiry variable: no inspection is asked for', async () => {
    const { w, keep, info } = await setup({ graph: { provider: 'instagram' } })
    const token = w.graph.issueToken('long-lived', HOUR)
    w.github.setVariable(w.repository, 'INSTAGRAM_TOKEN_EXPIRES_AT', new Date(w.graph.token(token)?.expiresAt ?? 0).toISOString())
    const outcome = await keep({ 'long-lived-token': token, 'expires-at-variable': 'INSTAGRAM_TOKEN_EXPIRES_AT' })
    expect(outcome.flow).toBe('skipped')
    expect(w.graph.server.requests.map((r) => r.route)).toEqual(['GET /refresh_access_token'])
    expect(info.join('\n')).toContain('under a day old')
    expect(info.join('\n')).not.toContain('Threads')
  })

  it('without an expiry variable, the refusal of a young token is a failure: there is no evidence of youth', async () => {
    const { w, keep } = await setup({ graph: { provider: 'instagram' } })
    await expect(keep({ 'long-lived-token': w.graph.issueToken('long-lived', HOUR) })).rejects.toMatchObject({
      service: 'Instagram',
      operation: 'refresh'
    })
  })
})

// Node's Buffer decodes base64 leniently; libsodium does not. The preflight must judge the key as libsodium will.
it('a public key that seal() cannot read fails the preflight: the code is not spent', async () => {
  const { w, keep } = await setup()
  await sodium.ready
  let pair = sodium.crypto_box_keypair()
  while (!/[+/]/.test(sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL))) pair = sodium.crypto_box_keypair()
  const key = sodium.to_base64(pair.publicKey, sodium.base64_variants.URLSAFE)
  w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', { status: 200, body: { key_id: w.github.keyId, key } })
  const error = await settle(keep(credential(w, 'authorization-code')))
  expect(w.graph.server.calls('POST /oauth/access_token')).toEqual([])
  expect(error).toBeInstanceOf(GitHubError)
})

// A key of the right shape that libsodium refuses at sealing (all zeros, a point of small order).
it.each(['authorization-code', 'short-lived-token'] as const)('a public key that cannot seal fails before the %s is sent', async (flow) => {
  const { w, keep } = await setup()
  const zeros = Buffer.alloc(32).toString('base64')
  w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', { status: 200, body: { key_id: w.github.keyId, key: zeros } })
  const error = await settle(keep(credential(w, flow)))
  expect(w.graph.server.calls('POST /oauth/access_token')).toEqual([])
  expect(w.graph.server.calls('GET /access_token')).toEqual([])
  expect(error).toBeInstanceOf(GitHubError)
  expect(explain(error)).toMatch(
    /^GitHub refused to read the public key of octo-org\/blog \(no usable reply\): the public key it gave cannot seal a value\./
  )
})

it('a public key that cannot seal fails a dry run too, as the real run would', async () => {
  const { w, keep } = await setup()
  const zeros = Buffer.alloc(32).toString('base64')
  w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', { status: 200, body: { key_id: w.github.keyId, key: zeros } })
  const error = await settle(keep({ ...credential(w, 'refresh'), 'dry-run': 'true' }))
  expect(error).toBeInstanceOf(GitHubError)
  expect(explain(error)).toContain('the public key it gave cannot seal a value')
})
