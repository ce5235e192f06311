/**
 * What the bundle does on the wire, as a child process under each runtime: one connection per host,
 * no redirect followed from either service, no reply over 1 MB read, and never Node's fetch (undici).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { runAction } from '../../stand-ins/run-action.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { DAY, FAST, PUT_SECRET, SECRET, errors, expectNoLeaks, runtimes } from '../support.js'

const REFRESH = 'GET /refresh_access_token'
const CODE_EXCHANGE = 'POST /oauth/access_token'
const PUBLIC_KEY = 'GET /repos/:owner/:repo/actions/secrets/public-key'
const ALWAYS = Number.POSITIVE_INFINITY

/** Preloaded into the bundle's process: says on exit whether Node's fetch (undici) was ever loaded. */
const UNDICI_PROBE = `process.on('exit', () => process.stderr.write('undici loaded: ' + process.moduleLoadList.some((m) => m.includes('undici')) + '\\n'))\n`
let dir = ''
let probe = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'network-e2e-'))
  probe = join(dir, 'probe.mjs')
  await writeFile(probe, UNDICI_PROBE)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe.each(runtimes())('on the wire (%s)', (_runtime, node) => {
  let w: World
  beforeEach(async () => {
    w = await startWorld()
  })
  afterEach(() => w.close())

  const run = (extra: Record<string, string>, env: Record<string, string> = {}) =>
    runAction({ node, inputs: w.inputs(extra), env: { ...FAST, ...env } })
  const refresh = (): Record<string, string> => ({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) })

  // A code's preflight reads when the secret was last written alongside its key (the evidence, should
  // the code be refused, that another run stored it): two GitHub requests at once, two connections.
  // The new token's profile and its inspection (when data access ends) go beside the write: two
  // Graph requests at once, two connections.
  it.each<[string, () => Record<string, string>, number]>([
    ['a refresh', refresh, 1],
    ['an authorization code', () => ({ 'authorization-code': w.graph.issueCode() }), 2]
  ])(
    '%s without variables: connections per host as few as the requests at once, and Node’s fetch never loaded',
    async (_case, credential, github) => {
      const result = await run(credential(), { NODE_OPTIONS: `--import=${probe}` })
      expect(result.exitCode, result.stdout).toBe(0)
      expect([w.graph.server.connections, w.github.server.connections]).toEqual([2, github])
      expect(result.stderr).toContain('undici loaded: false')
    }
  )

  it('a 307 from the Graph API is not followed: the secret and the token stay here, the host is named', async () => {
    w.graph.server.fault(REFRESH, { status: 307, headers: { location: 'https://elsewhere.example/refresh_access_token?access_token=x' } })
    const result = await run(refresh())
    expect(result.exitCode).toBe(1)
    const host = new URL(w.graph.url).host
    expect(errors(result)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Threads refused the refresh \\(no usable reply\\): ${host} answered HTTP 307, a redirect to https://elsewhere\\.example, which is never followed\\. The base URL is likely wrong`
        )
      )
    ])
    expect(w.graph.server.calls(REFRESH)).toHaveLength(1)
    expect(w.github.secretWrites(w.repository, SECRET)).toBe(0)
    expectNoLeaks(result, w)
  })

  it('a 307 from the code exchange: the app secret and the code are sent once, to the address given, and nowhere else', async () => {
    w.graph.server.fault(CODE_EXCHANGE, { status: 307, headers: { location: 'https://elsewhere.example/oauth/access_token' } })
    const result = await run({ 'authorization-code': w.graph.issueCode() })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([expect.stringMatching(/^Threads refused the code exchange \(no usable reply\): .* answered HTTP 307/)])
    expect(w.graph.server.calls(CODE_EXCHANGE)).toHaveLength(1)
  })

  it('a redirect from GitHub (a server without /api/v3): the host named, and where to look', async () => {
    w.github.server.fault(PUBLIC_KEY, { status: 301, headers: { location: `/api/v3/repos/${w.repository}/actions/secrets/public-key` } })
    const result = await run(refresh())
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(
        /^GitHub refused to read the public key of octo-org\/blog \(no usable reply\): 127\.0\.0\.1:\d+ answered HTTP 301, a redirect to \/api\/v3\/repos\/octo-org\/blog\/actions\/secrets\/public-key, which is never followed\. .*github-api-url is https:\/\/HOST\/api\/v3/
      )
    ])
    expect(w.github.server.calls(PUBLIC_KEY)).toHaveLength(1)
  })

  it('a reply over 1 MB is refused as garbled, tried again, and never stored', async () => {
    const huge = JSON.stringify({ access_token: 'THAA' + 'x'.repeat(1_100_000), token_type: 'bearer', expires_in: 5_184_000 })
    w.graph.server.fault(REFRESH, { status: 200, body: huge, times: ALWAYS })
    const result = await run(refresh())
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([expect.stringMatching(/sent a reply over 1 MB, refused as garbled.*again later/)])
    expect(w.graph.server.calls(REFRESH)).toHaveLength(4)
    expect(w.github.server.calls(PUT_SECRET)).toEqual([])
  })
})
