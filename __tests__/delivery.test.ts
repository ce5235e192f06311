import { afterEach, describe, expect, it } from 'vitest'
import { deliver, type ReadyTarget } from '../src/core/delivery.js'
import { describeFailure } from '../src/core/outcome.js'
import { connect } from '../src/setup/connect.js'
import { readInputs } from '../src/setup/inputs.js'
import { createHttp } from '../src/shared/http.js'
import { startWorld, type World } from '../stand-ins/world.js'
import { POLICY } from './support.js'

describe('deliver', () => {
  let w: World
  afterEach(() => w.close())

  /** A key the preflight would never let through: here handed to deliver() directly. */
  it('a token that cannot be sealed for a target fails that target alone, and waits for a human', async () => {
    w = await startWorld()
    const raw = w.inputs({ 'long-lived-token': 'unused1234', repository: 'octo-org/blog, octo-org/shop' })
    const { settings } = readInputs((name) => raw[name] ?? '', {})
    if (!settings) throw new Error('usable inputs expected')
    const { tokens, stores, sealer } = connect(settings, {
      http: createHttp(POLICY, () => undefined),
      mask: () => undefined,
      debug: () => undefined
    })
    const [blog, shop] = stores
    if (!blog || !shop) throw new Error('two targets expected')
    const good = await blog.prepare()
    const targets: ReadyTarget[] = [
      { store: blog, key: good, variables: new Map() },
      { store: shop, key: { keyId: good.keyId, key: 'not a key' }, variables: new Map() }
    ]
    const token = w.graph.issueToken('long-lived')
    const { secretName } = settings.request

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
    expect(delivery.failures.map(describeFailure)).toEqual([
      expect.stringContaining("could not be sealed for octo-org/shop: it is in this step's access-token output"),
      'The new token is stored in octo-org/blog, but not in octo-org/shop.'
    ])
  })
})
