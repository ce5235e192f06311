/**
 * The bundle behind a proxy, as on a self-hosted runner: both services served over TLS from a
 * private CA (made at test time, trusted through NODE_EXTRA_CA_CERTS only), under names that resolve
 * nowhere but in the loopback proxy: a run that succeeds sent all its traffic through the proxy.
 * Under each runtime: Node 24 tunnels with its own agents, a Node 20 running the tests with the library.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestCa } from '../../stand-ins/certificates.js'
import { ProxyStandIn } from '../../stand-ins/proxy.js'
import { CLI_BUNDLE, runAction } from '../../stand-ins/run-action.js'
import type { ServerTls } from '../../stand-ins/server.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { DAY, SECRET, errors, expectNoLeaks, runtimes } from '../support.js'

const GRAPH = 'graph.threads.test'
const GITHUB = 'api.github.test'
/** Debug logging on (the leak scan must hold there too); the real time-outs, as TLS through a proxy on a loaded machine may be slow. */
const DEBUG = { RUNNER_DEBUG: '1' }

let dir = ''
let caFile = ''
let tls: ServerTls
beforeAll(async () => {
  const ca = await createTestCa()
  tls = await ca.issue([GRAPH, GITHUB, 'localhost', '127.0.0.1'])
  dir = await mkdtemp(join(tmpdir(), 'proxy-e2e-'))
  caFile = join(dir, 'ca.pem')
  await writeFile(caFile, ca.certificate)
})
afterAll(() => rm(dir, { recursive: true, force: true }))

describe.each(runtimes())('behind a proxy (%s)', (_runtime, node) => {
  let w: World
  let proxy: ProxyStandIn
  const started: { close(): Promise<void> }[] = []
  beforeEach(async () => {
    w = await startWorld({ tls })
    proxy = await proxyFor(w)
  })
  afterEach(async () => {
    await Promise.all([w.close(), ...started.splice(0).map((one) => one.close())])
  })

  async function proxyFor(world: World, credentials?: string): Promise<ProxyStandIn> {
    const one = new ProxyStandIn({ [GRAPH]: world.graph.server.port, [GITHUB]: world.github.server.port }, credentials)
    await one.start()
    started.push(one)
    return one
  }
  /** The world's inputs, every service named by a name only the proxy resolves. */
  const inputs = (extra: Record<string, string> = {}): Record<string, string> =>
    w.inputs({ 'threads-api-url': `https://${GRAPH}`, 'github-api-url': `https://${GITHUB}`, ...extra })
  const refresh = (): Record<string, string> => ({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) })
  const run = (given: Record<string, string>, env: Record<string, string>) =>
    runAction({ node, inputs: given, env: { ...DEBUG, NODE_EXTRA_CA_CERTS: caFile, ...env } })

  it.each(['HTTPS_PROXY', 'https_proxy'])(
    '%s: a refresh reaches both services through the proxy alone, one connection per request at once',
    async (name) => {
      const result = await run(inputs(refresh()), { [name]: proxy.url })
      expect(result.exitCode, result.stdout).toBe(0)
      expect(w.github.openSecret(w.repository, SECRET)).toBe(result.outputs['access-token'])
      // The new token's profile and its inspection go at once: a second tunnel to the Graph host.
      expect([...proxy.tunnels].sort()).toEqual([`${GITHUB}:443`, `${GRAPH}:443`, `${GRAPH}:443`])
      expect([w.graph.server.connections, w.github.server.connections]).toEqual([2, 1])
      expect(result.stdout).toContain(`(via ${proxy.url})`)
      expectNoLeaks(result, w)
    }
  )

  it('the code flow with upkeep: every request, the workflow token’s too, through the proxy', async () => {
    const result = await run(inputs({ 'authorization-code': w.graph.issueCode(), 'keep-schedule-alive': 'true' }), {
      HTTPS_PROXY: proxy.url,
      GITHUB_API_URL: `https://${GITHUB}`,
      GITHUB_REPOSITORY: w.repository,
      GITHUB_WORKFLOW_REF: `${w.repository}/.github/workflows/renew.yml@refs/heads/main`
    })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(w.github.openSecret(w.repository, SECRET)).toBe(result.outputs['access-token'])
    expect(w.github.enabledWorkflows).toEqual([`${w.repository}:renew.yml`])
    expect(new Set(proxy.tunnels)).toEqual(new Set([`${GITHUB}:443`, `${GRAPH}:443`]))
  })

  it('NO_PROXY (lower case): a host listed there is reached directly, the others through the proxy', async () => {
    const direct = `https://localhost:${w.github.server.port}`
    const result = await run(inputs({ ...refresh(), 'github-api-url': direct }), {
      HTTPS_PROXY: proxy.url,
      no_proxy: 'example.org,localhost'
    })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(w.github.openSecret(w.repository, SECRET)).toBe(result.outputs['access-token'])
    expect(proxy.tunnels).toEqual([`${GRAPH}:443`, `${GRAPH}:443`])
  })

  it('the command line goes through the proxy too', async () => {
    const result = await runAction({
      node,
      inputs: {},
      argv: [CLI_BUNDLE, 'status', '--repo', w.repository, '--github-api-url', `https://${GITHUB}`],
      env: { GH_ENTERPRISE_TOKEN: w.githubToken, HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: caFile }
    })
    expect(result.stdout).toContain(`${SECRET} in ${w.repository}: not set`)
    expect(result.exitCode).toBe(1)
    expect(proxy.tunnels).toEqual([`${GITHUB}:443`])
  })

  it('an https:// proxy, its certificate from the private CA too', async () => {
    const secure = new ProxyStandIn({ [GRAPH]: w.graph.server.port, [GITHUB]: w.github.server.port }, undefined, tls)
    await secure.start()
    started.push(secure)
    const result = await run(inputs(refresh()), { HTTPS_PROXY: secure.url })
    expect(secure.url).toMatch(/^https:/)
    expect(result.exitCode, result.stdout).toBe(0)
    expect([...secure.tunnels].sort()).toEqual([`${GITHUB}:443`, `${GRAPH}:443`, `${GRAPH}:443`])
  })

  it('a proxy that wants credentials gets them from the URL, and the password never shows', async () => {
    const password = 'pr0xy-s3cret'
    const guarded = await proxyFor(w, `runner:${password}`)
    const withCredentials = guarded.url.replace('http://', `http://runner:${password}@`)
    const result = await run(inputs(refresh()), { HTTPS_PROXY: withCredentials })
    expect(result.exitCode, result.stdout).toBe(0)
    expect(guarded.tunnels).toHaveLength(3)
    expect(result.stdout).toContain(`::add-mask::${password}`)
    expectNoLeaks(result, [...w.credentials(), password])
  })

  it('a proxy that refuses: one clear error naming the proxy and the host; nothing reaches the services', async () => {
    proxy.refuse = 403
    const result = await run(inputs(refresh()), { HTTPS_PROXY: proxy.url })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(new RegExp(`the proxy ${proxy.url} refused to tunnel to (${GRAPH}|${GITHUB}) \\(HTTP 403\\)`))
    ])
    expect(errors(result)[0]).toMatch(/Ask the proxy's administrators to allow/)
    expect([w.graph.server.requests, w.github.server.requests]).toEqual([[], []])
  })

  it('an unusable HTTPS_PROXY fails at once, naming it, before any request', async () => {
    const result = await run(inputs(refresh()), { HTTPS_PROXY: 'socks5://runner:pr0xy-s3cret@127.0.0.1:1080' })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(/^HTTPS_PROXY names a socks5:\/\/ proxy \(socks5:\/\/127\.0\.0\.1:1080\): only http:\/\//)
    ])
    expect(proxy.tunnels).toEqual([])
    expect([w.graph.server.requests, w.github.server.requests]).toEqual([[], []])
    expectNoLeaks(result, [...w.credentials(), 'pr0xy-s3cret'])
  })

  it('without NODE_EXTRA_CA_CERTS the private CA is not trusted: the error says what to set', async () => {
    const result = await runAction({ node, inputs: inputs(refresh()), env: { ...DEBUG, HTTPS_PROXY: proxy.url } })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(
        /the TLS certificate of (graph\.threads\.test|api\.github\.test) is not trusted \([A-Z_]+\).*NODE_EXTRA_CA_CERTS/
      )
    ])
    expect(w.github.openSecret(w.repository, SECRET)).toBeUndefined()
  })

  it('a redirect to plain http is refused, and said to be one', async () => {
    w.github.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', {
      status: 302,
      headers: { location: `http://${GITHUB}/repos/${w.repository}/actions/secrets/public-key` }
    })
    const result = await run(inputs(refresh()), { HTTPS_PROXY: proxy.url })
    expect(result.exitCode).toBe(1)
    expect(errors(result)).toEqual([
      expect.stringMatching(/answered HTTP 302, a redirect to http:\/\/api\.github\.test, which is never followed\. It would drop https/)
    ])
    expect(w.github.server.calls('GET /repos/:owner/:repo/actions/secrets/public-key')).toHaveLength(1)
  })
})

describe.each(runtimes())('HTTP_PROXY for http:// (%s)', (_runtime, node) => {
  it('a refresh against loopback stand-ins goes through the forwarding proxy', async () => {
    const w = await startWorld()
    const proxy = new ProxyStandIn({})
    await proxy.start()
    try {
      const result = await runAction({
        node,
        inputs: w.inputs({ 'long-lived-token': w.graph.issueToken('long-lived', 2 * DAY) }),
        env: { HTTP_PROXY: proxy.url }
      })
      expect(result.exitCode, result.stdout).toBe(0)
      expect(proxy.forwarded).toEqual(
        expect.arrayContaining([`${w.graph.url}/refresh_access_token`, `${w.github.url}/repos/${w.repository}/actions/secrets/${SECRET}`])
      )
      // The public key, the refresh, the write, the profile and the token's inspection.
      expect(proxy.forwarded).toHaveLength(5)
    } finally {
      await Promise.all([w.close(), proxy.close()])
    }
  })
})
