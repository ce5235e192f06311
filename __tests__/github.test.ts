import sodium from 'libsodium-wrappers'
import { afterEach, describe, expect, it } from 'vitest'
import { GitHubError } from '../src/shared/errors.js'
import type { SecretStore } from '../src/core/ports.js'
import { seal } from '../src/github/seal.js'
import type { Target } from '../src/github/targets.js'
import type { GitHubStandIn, TokenGrant } from '../stand-ins/github-api.js'
import { ENVIRONMENTS, GITHUB_TOKEN as TOKEN, HANG_POLICY, POLICY, REPOSITORY, openStore, type StoreOptions } from './support.js'

const REPO: Target = { kind: 'repository', owner: 'octo-org', repo: 'blog' }
const env = (environment: string): Target => ({ ...REPO, environment })
/** Where the stand-in keeps a target's secrets and variables. */
const scopeOf = (target: Target): string =>
  target.kind === 'repository' && target.environment ? `${REPOSITORY}@${target.environment}` : REPOSITORY

let gh: GitHubStandIn | undefined
let debugLines: string[] = []
afterEach(async () => {
  await gh?.close()
  gh = undefined
})

describe.each([
  ['github.com', ''],
  ['GitHub Enterprise Server', '/api/v3']
])('against %s', (_host, prefix) => {
  async function open(target: Target, options: StoreOptions = {}): Promise<[GitHubStandIn, SecretStore]> {
    const opened = await openStore(target, { prefix, ...options })
    gh = opened.standIn
    debugLines = opened.debugLines
    return [opened.standIn, opened.store]
  }
  /** `gh` talks to github.com unless told the host: the stand-in is never api.github.com. */
  const hostFlag = (standIn: GitHubStandIn): string => `--hostname ${new URL(standIn.url).host}`

  const targets: [string, Target, string, string][] = [
    ['the repository', REPO, '/repos/octo-org/blog/actions', 'octo-org/blog'],
    ...ENVIRONMENTS.map((name): [string, Target, string, string] => [
      `environment '${name}'`,
      env(name),
      `/repos/octo-org/blog/environments/${encodeURIComponent(name)}`,
      `octo-org/blog (environment ${name})`
    ])
  ]

  describe.each(targets)('%s', (_name, target, base, label) => {
    it('reads the public key at the URL-encoded path, with the token', async () => {
      const [standIn, store] = await open(target)
      expect(store.label).toBe(label)
      const key = await store.prepare()
      expect(key.keyId).toBe(standIn.keyId)
      await sodium.ready
      expect(sodium.from_base64(key.key, sodium.base64_variants.ORIGINAL)).toHaveLength(32)
      const [request] = standIn.server.requests
      expect(request?.path).toBe(`${base}/secrets/public-key`)
      expect(request?.headers.authorization).toBe(`token ${TOKEN}`)
      expect(request?.headers['user-agent']).toMatch(/^threads-token-keeper/)
      expect(debugLines.join('\n')).not.toContain(TOKEN)
    })

    it('writes a secret: created, then updated; GitHub opens it to the value', async () => {
      const [standIn, store] = await open(target)
      const { key, keyId } = await store.prepare()
      expect(await store.writeSecret('THREAD_ACCESS_TOKEN', await seal('THAAlongFirst', key), keyId)).toBe('created')
      expect(await store.writeSecret('THREAD_ACCESS_TOKEN', await seal('THAAlongSecond', key), keyId)).toBe('updated')
      expect(standIn.openSecret(scopeOf(target), 'THREAD_ACCESS_TOKEN')).toBe('THAAlongSecond')
      expect(standIn.secretWrites(scopeOf(target), 'THREAD_ACCESS_TOKEN')).toBe(2)
      expect(standIn.server.requests.at(-1)?.path).toBe(`${base}/secrets/THREAD_ACCESS_TOKEN`)
    })

    it('storeCommand is the gh api call for the same path as the write', async () => {
      const [standIn, store] = await open(target)
      const { key, keyId } = await store.prepare()
      const sealed = await seal('THAAlongCmd', key)
      await store.writeSecret('THREAD_ACCESS_TOKEN', sealed, keyId)
      expect(store.storeCommand('THREAD_ACCESS_TOKEN', sealed, keyId)).toBe(
        `gh api ${hostFlag(standIn)} --method PUT ${base}/secrets/THREAD_ACCESS_TOKEN -f encrypted_value='${sealed}' -f key_id='${keyId}'`
      )
      expect(standIn.server.requests.at(-1)?.path).toBe(`${base}/secrets/THREAD_ACCESS_TOKEN`)
    })

    it('readVariable: the value, or undefined when it does not exist', async () => {
      const [standIn, store] = await open(target)
      standIn.setVariable(scopeOf(target), 'THREAD_USER_ID', '17841400000000001')
      expect(await store.readVariable('THREAD_USER_ID')).toBe('17841400000000001')
      expect(await store.readVariable('THREAD_TOKEN_EXPIRES_AT')).toBeUndefined()
    })

    it('a missing repository: readVariable says undefined (any 404), prepare fails with GitHubError 404', async () => {
      const [standIn, store] = await open({ ...target, repo: 'missing' } as Target)
      expect(await store.readVariable('THREAD_USER_ID')).toBeUndefined()
      const error = await store.prepare().catch((reason: unknown) => reason)
      expect(error).toBeInstanceOf(GitHubError)
      expect(error).toMatchObject({ status: 404, apiMessage: 'Not Found', transient: false })
      expect(standIn.server.requests).toHaveLength(2) // neither retried
    })

    it('readVariable: a refusal other than 404 is thrown', async () => {
      const [, store] = await open(target, { grant: { secrets: 'write', environments: 'write' } })
      await expect(store.readVariable('THREAD_USER_ID')).rejects.toMatchObject({ status: 403, acceptedPermissions: 'variables=read' })
    })

    it('secretUpdatedAt: undefined before the first write, then when it was written; never the value', async () => {
      const [standIn, store] = await open(target)
      expect(await store.secretUpdatedAt('THREAD_ACCESS_TOKEN')).toBeUndefined()
      const { key, keyId } = await store.prepare()
      await store.writeSecret('THREAD_ACCESS_TOKEN', await seal('THAAlongWhen', key), keyId)
      const updatedAt = await store.secretUpdatedAt('thread_access_token')
      expect(updatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
      expect(Math.abs(Date.parse(updatedAt ?? '') - Date.now())).toBeLessThan(60_000)
      expect(standIn.server.requests.at(-1)?.path).toBe(`${base}/secrets/thread_access_token`)
    })

    it.each<[string, boolean, string | undefined, 'created' | 'updated', string[]]>([
      ['creates a new variable', false, undefined, 'created', ['POST']],
      ['updates an existing one', true, 'stale', 'updated', ['PATCH']],
      ['falls back to PATCH when created meanwhile (409)', false, 'stale', 'updated', ['POST', 'PATCH']]
    ])('writeVariable %s', async (_case, exists, before, status, methods) => {
      const [standIn, store] = await open(target)
      if (before !== undefined) standIn.setVariable(scopeOf(target), 'THREAD_USER_ID', before)
      expect(await store.writeVariable('THREAD_USER_ID', '17841400000000001', exists)).toBe(status)
      expect(standIn.variable(scopeOf(target), 'THREAD_USER_ID')).toBe('17841400000000001')
      expect(standIn.server.requests.map((r) => r.method)).toEqual(methods)
    })

    it('writeVariable with exists=true on a missing variable fails with 404', async () => {
      const [, store] = await open(target)
      await expect(store.writeVariable('THREAD_USER_ID', '1', true)).rejects.toMatchObject({ status: 404 })
    })
  })

  describe('GitHubError fields', () => {
    it.each<[string, Target, { grant?: TokenGrant; token?: string }, (store: SecretStore) => Promise<unknown>, Partial<GitHubError>]>([
      [
        'bad credentials',
        REPO,
        { token: 'ghp_wrong' + 'z'.repeat(30) },
        (s) => s.prepare(),
        { status: 401, apiMessage: 'Bad credentials', acceptedPermissions: undefined, transient: false }
      ],
      [
        'a read-only token writing a secret',
        REPO,
        { grant: { secrets: 'read' } },
        (s) => s.writeSecret('NAME', 'AAAA', 'k'),
        {
          status: 403,
          acceptedPermissions: 'secrets=write',
          apiMessage: 'Resource not accessible by personal access token',
          transient: false
        }
      ],
      [
        'an environment secret without environments',
        env('social posting'),
        { grant: { secrets: 'write' } },
        (s) => s.prepare(),
        { status: 403, acceptedPermissions: 'environments=read', target: 'octo-org/blog (environment social posting)' }
      ],
      [
        'a read-only token writing a variable',
        REPO,
        { grant: { variables: 'read' } },
        (s) => s.writeVariable('V', '1', false),
        { status: 403, acceptedPermissions: 'variables=write', operation: 'create variable V in octo-org/blog' }
      ],
      ['a missing environment', env('staging'), {}, (s) => s.prepare(), { status: 404, target: 'octo-org/blog (environment staging)' }],
      ['an invalid secret name', REPO, {}, (s) => s.writeSecret('GITHUB_X', 'AAAA', 'k'), { status: 422, transient: false }]
    ])('%s', async (_case, target, options, call, expected) => {
      const [standIn, store] = await open(target, options)
      const error = await call(store).catch((reason: unknown) => reason)
      expect(error).toBeInstanceOf(GitHubError)
      expect(error).toMatchObject(expected)
      expect(standIn.server.requests).toHaveLength(1) // refusals are not retried
    })

    it.each<[string, Record<string, string>, number]>([
      ['403 with retry-after is a rate limit: retried, then transient', { 'retry-after': '0' }, 403],
      ['403 with an exhausted quota is a rate limit', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' }, 403],
      ['500 on every try', {}, 500]
    ])('%s', async (_case, headers, status) => {
      const [standIn, store] = await open(REPO)
      standIn.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', {
        status,
        headers,
        body: { message: 'slow down' },
        times: Number.POSITIVE_INFINITY
      })
      const error = await store.prepare().catch((reason: unknown) => reason)
      expect(error).toBeInstanceOf(GitHubError)
      expect(error).toMatchObject({ status, apiMessage: 'slow down', transient: true })
      expect(standIn.server.requests).toHaveLength(POLICY.attempts)
    })

    it('a 403 without retry headers is a refusal, not a rate limit', async () => {
      const [standIn, store] = await open(REPO)
      standIn.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', { status: 403, body: { message: 'Forbidden' } })
      await expect(store.prepare()).rejects.toMatchObject({ status: 403, transient: false })
      expect(standIn.server.requests).toHaveLength(1)
    })

    it('a hang on every try: no status, transient, "no reply in time"', async () => {
      const [standIn, store] = await open(REPO, { policy: HANG_POLICY })
      standIn.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', { hang: true, times: Number.POSITIVE_INFINITY })
      await expect(store.prepare()).rejects.toMatchObject({ status: undefined, apiMessage: 'no reply in time', transient: true })
    })

    it('a rate limit on the first try, then success', async () => {
      const [standIn, store] = await open(REPO)
      standIn.server.fault('GET /repos/:owner/:repo/actions/secrets/public-key', { status: 429, headers: { 'retry-after': '0' } })
      expect((await store.prepare()).keyId).toBe(standIn.keyId)
      expect(standIn.server.requests).toHaveLength(2)
    })
  })
})
