import { afterEach, describe, expect, it } from 'vitest'
import { deliver } from '../src/core/delivery.js'
import type { ReadyTarget } from '../src/core/obtain.js'
import { describeFailure } from '../src/core/outcome.js'
import type { SecretStore } from '../src/core/ports.js'
import { connect } from '../src/setup/connect.js'
import { readInputs } from '../src/setup/inputs.js'
import { createHttp } from '../src/shared/http.js'
import { startWorld, type World } from '../stand-ins/world.js'
import { EXPIRY_VAR, POLICY, PUT_SECRET, providerWorldsEach } from './support.js'

describe('deliver', () => {
  let w: World
  afterEach(() => w.close())

  /** A started world, and what connect() makes of its inputs plus `extra`. */
  async function connected(extra: Record<string, string>) {
    w = await startWorld()
    const raw = w.inputs({ 'long-lived-token': 'unused1234', ...extra })
    const { settings } = readInputs((name) => raw[name] ?? '', {})
    if (!settings) throw new Error('usable inputs expected')
    const connection = connect(settings, { http: createHttp(POLICY, () => undefined), mask: () => undefined, debug: () => undefined })
    return { settings, ...connection }
  }

  /** A key the preflight would never let through: here handed to deliver() directly. */
  it('a token that cannot be sealed for a target fails that target alone, and waits for a human', async () => {
    const { settings, tokens, stores, sealer } = await connected({ repository: 'octo-org/blog, octo-org/shop' })
    const [blog, shop] = stores
    if (!blog || !shop) throw new Error('two targets expected')
    const good = await blog.prepare()
    const targets: ReadyTarget[] = [
      { store: blog, key: good, variables: new Map() },
      { store: shop, key: { keyId: good.keyId, key: 'not a key' }, variables: new Map() }
    ]
    const token = w.graph.issueToken('long-lived')
    const secretName = settings.request.secretName ?? ''

    const delivery = await deliver(
      settings.request,
      { grant: { accessToken: token, expiresIn: 5_184_000 }, expiresAt: undefined },
      targets,
      { tokens, sealer }
    )

    expect(delivery.targets.map((t) => t.status)).toEqual(['created', 'failed'])
    expect(w.github.openSecret('octo-org/blog', secretName)).toBe(token)
    expect(w.github.secretWrites('octo-org/shop', secretName)).toBe(0)
    expect(delivery.storeByHand).toEqual([])
    expect(delivery.failures.some((failure) => failure.humanNeeded)).toBe(true)
    expect(delivery.failures.map((failure) => describeFailure(failure))).toEqual([
      expect.stringContaining("could not be sealed for octo-org/shop: it is in this step's access-token output"),
      'The new token is stored in octo-org/blog, but not in octo-org/shop.'
    ])
  })

  /** The world's main repository, ready as the preflight leaves it, and deliver() with the expiry variable kept. */
  async function expiryRun(previous: string | undefined, wrap: (store: SecretStore) => SecretStore = (store) => store) {
    const { settings, tokens, stores, sealer } = await connected({ 'expires-at-variable': EXPIRY_VAR })
    if (previous !== undefined) w.github.setVariable(w.repository, EXPIRY_VAR, previous)
    const [store] = stores
    if (!store) throw new Error('one target expected')
    const target: ReadyTarget = { store: wrap(store), key: await store.prepare(), variables: new Map([[EXPIRY_VAR, previous]]) }
    const expiresAt = '2030-01-01T00:00:00Z'
    const token = w.graph.issueToken('long-lived')
    const run = () =>
      deliver(settings.request, { grant: { accessToken: token, expiresIn: 5_184_000 }, expiresAt }, [target], {
        tokens,
        sealer
      })
    return { run, expiresAt, token }
  }

  /** The store, logging when each write starts and ends. */
  const observed =
    (log: string[]) =>
    (store: SecretStore): SecretStore =>
      new Proxy(store, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver)
          if (typeof value !== 'function') return value
          return async (...args: unknown[]) => {
            log.push(`${String(property)} start`)
            const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)
            log.push(`${String(property)} end`)
            return result
          }
        }
      })

  it('the expiry variable is written alongside the secret, not after it: two round trips, not three', async () => {
    const log: string[] = []
    const { run, expiresAt } = await expiryRun('2029-01-01T00:00:00Z', observed(log))
    const delivery = await run()
    expect(delivery.variables).toEqual([{ target: w.repository, name: EXPIRY_VAR, status: 'updated' }])
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe(expiresAt)
    expect(log.indexOf('writeVariable start')).toBeLessThan(log.indexOf('writeSecret end'))
  })

  it('the secret write fails: the expiry variable gets its previous value back', async () => {
    const { run } = await expiryRun('2029-01-01T00:00:00Z')
    w.github.server.fault(PUT_SECRET, { status: 403, body: { message: 'Forbidden' } })
    const delivery = await run()
    expect(delivery.targets.map((t) => t.status)).toEqual(['failed'])
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe('2029-01-01T00:00:00Z')
    expect(delivery.variables).toEqual([])
    expect(delivery.failures.map((failure) => describeFailure(failure))).toEqual([
      expect.stringMatching(/^GitHub refused to write secret THREAD_ACCESS_TOKEN/)
    ])
  })

  it('the secret write fails: an expiry variable that did not exist is removed again', async () => {
    const { run } = await expiryRun(undefined)
    w.github.server.fault(PUT_SECRET, { status: 403, body: { message: 'Forbidden' } })
    await run()
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBeUndefined()
    expect(w.github.server.calls('DELETE /repos/:owner/:repo/actions/variables/:name')).toHaveLength(1)
  })

  it.each<[string, string | undefined, string]>([
    ['could not be removed', undefined, 'did not exist before'],
    ['could not get its value back', '2029-01-01T00:00:00Z', 'held 2029-01-01T00:00:00Z before']
  ])(
    'the secret write fails and the expiry variable %s: the failure says it describes a token not stored',
    async (_case, previous, was) => {
      let writes = 0
      const failingPutBack = (store: SecretStore): SecretStore =>
        new Proxy(store, {
          get(target, property, receiver) {
            if (property === 'deleteVariable') return async () => Promise.reject(new Error('refused'))
            if (property === 'writeVariable') {
              return async (...args: Parameters<SecretStore['writeVariable']>) =>
                ++writes === 1 ? target.writeVariable(...args) : Promise.reject(new Error('refused'))
            }
            return Reflect.get(target, property, receiver) as unknown
          }
        })
      const { run, expiresAt } = await expiryRun(previous, failingPutBack)
      w.github.server.fault(PUT_SECRET, { status: 403, body: { message: 'Forbidden' } })
      const delivery = await run()
      expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe(expiresAt)
      expect(delivery.failures.map((failure) => describeFailure(failure))).toEqual([
        expect.stringMatching(/^GitHub refused to write secret/),
        expect.stringMatching(
          new RegExp(
            `^Variable ${EXPIRY_VAR} of octo-org/blog now describes a token that was not stored: putting it back failed \\(it ${was}\\)\\.`
          )
        )
      ])
      expect(delivery.failures.every((failure) => failure.humanNeeded)).toBe(true)
    }
  )

  it('the secret write fails and so did the expiry write: nothing to put back', async () => {
    const { run } = await expiryRun('2029-01-01T00:00:00Z')
    w.github.server.fault(PUT_SECRET, { status: 403, body: { message: 'Forbidden' } })
    w.github.server.fault('PATCH /repos/:owner/:repo/actions/variables/:name', { status: 403, body: { message: 'Forbidden' } })
    const delivery = await run()
    expect(w.github.variable(w.repository, EXPIRY_VAR)).toBe('2029-01-01T00:00:00Z')
    expect(w.github.server.calls('PATCH /repos/:owner/:repo/actions/variables/:name')).toHaveLength(1)
    expect(delivery.failures).toHaveLength(2)
  })
})

describe('deliver: a refresh token beside the token', () => {
  const start = providerWorldsEach('x')

  /** A key the preflight would never let through: here handed to deliver() directly. */
  it('a key that cannot seal: the refresh token needs a new authorization, the token is in the step output; nothing to store by hand', async () => {
    const w = await start()
    const raw = w.inputs({ 'refresh-token': 'spent-refresh-token-123' })
    const { settings } = readInputs((name) => raw[name] ?? '', {})
    if (!settings) throw new Error('usable inputs expected')
    const { tokens, stores, sealer } = connect(settings, {
      http: createHttp(POLICY, () => undefined),
      mask: () => undefined,
      debug: () => undefined
    })
    const [store] = stores
    if (!store) throw new Error('one target expected')
    const { keyId } = await store.prepare()
    const { accessToken, refreshToken } = w.service.issueTokens()
    const request = { ...settings.request, secretName: 'X_ACCESS_TOKEN' }
    const target: ReadyTarget = { store, key: { keyId, key: 'not a key' }, variables: new Map() }
    const delivery = await deliver(request, { grant: { accessToken }, expiresAt: undefined, refreshToken }, [target], { tokens, sealer })
    expect(delivery.targets.map(({ secret, status }) => `${secret} ${status}`)).toEqual(['X_REFRESH_TOKEN failed', 'X_ACCESS_TOKEN failed'])
    expect(delivery.storeByHand).toEqual([])
    expect(delivery.failures.map((failure) => describeFailure(failure))).toEqual([
      expect.stringContaining('The new refresh token could not be sealed for octo-org/blog: authorize again.'),
      expect.stringContaining("The new token could not be sealed for octo-org/blog: it is in this step's access-token output.")
    ])
    expect(delivery.failures.every((failure) => failure.humanNeeded)).toBe(true)
    expect(w.github.secretWrites(w.repository, 'X_REFRESH_TOKEN')).toBe(0)
  })
})
