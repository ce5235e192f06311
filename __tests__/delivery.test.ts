import { afterEach, describe, expect, it } from 'vitest'
import { deliver, type Place } from '../src/delivery.js'
import { createOctokit, createSecretStore } from '../src/github.js'
import { createGraphClient } from '../src/graph.js'
import { createHttp } from '../src/http.js'
import { readInputs } from '../src/inputs.js'
import type { Outcome } from '../src/keeper.js'
import { startWorld, type World } from '../stand-ins/world.js'
import { POLICY } from './support.js'

describe('deliver', () => {
  let w: World
  afterEach(() => w.close())

  /** A key the preflight would never let through: here handed to deliver() directly. */
  it('a token that cannot be sealed for a target fails that target alone, and waits for a human', async () => {
    w = await startWorld()
    const raw = w.inputs({ 'long-lived-token': 'unused1234', repository: 'octo-org/blog, octo-org/shop' })
    const inputs = readInputs((name) => raw[name] ?? '', {})
    const http = createHttp(POLICY, () => undefined)
    const graph = createGraphClient({
      provider: inputs.provider,
      apiUrl: inputs.apiUrl,
      oauthUrl: inputs.oauthUrl,
      http,
      mask: () => undefined,
      debug: () => undefined
    })
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http, debug: () => undefined })
    const [blog, shop] = inputs.targets.map((target) => createSecretStore(octokit, target, inputs.secretType))
    if (!blog || !shop) throw new Error('two targets expected')
    const good = await blog.prepare()
    const places: Place[] = [
      { store: blog, key: good, variables: new Map(), result: { target: blog.label, secret: inputs.secretName, status: 'unchanged' } },
      {
        store: shop,
        key: { keyId: good.keyId, key: 'not a key' },
        variables: new Map(),
        result: { target: shop.label, secret: inputs.secretName, status: 'unchanged' }
      }
    ]
    const token = w.graph.issueToken('long-lived')
    const outcome: Outcome = {
      flow: 'refresh',
      dryRun: false,
      secretName: inputs.secretName,
      targets: places.map((p) => p.result),
      variables: [],
      warnings: [],
      failures: [],
      humanNeeded: false,
      handBacks: []
    }

    await deliver(inputs, { accessToken: token, expiresIn: 5_184_000 }, places, graph, outcome, () => undefined)

    expect(outcome.targets.map((t) => t.status)).toEqual(['created', 'failed'])
    expect(w.github.openSecret('octo-org/blog', inputs.secretName)).toBe(token)
    expect(w.github.secretWrites('octo-org/shop', inputs.secretName)).toBe(0)
    expect(outcome.handBacks).toEqual([])
    expect(outcome.humanNeeded).toBe(true)
    expect(outcome.failures).toEqual([
      expect.stringContaining("could not be sealed for octo-org/shop: it is in this step's access-token output"),
      'The new token is stored in octo-org/blog, but not in octo-org/shop.'
    ])
  })
})
