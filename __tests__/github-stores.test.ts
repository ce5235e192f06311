import { execFileSync } from 'node:child_process'
import sodium from 'libsodium-wrappers'
import { afterEach, describe, expect, it } from 'vitest'
import { GitHubError } from '../src/shared/errors.js'
import { explain } from '../src/shared/explain.js'
import type { SecretStore } from '../src/core/ports.js'
import { createOctokit } from '../src/github/octokit.js'
import { createSecretStores } from '../src/github/stores.js'
import { createHttp } from '../src/shared/http.js'
import { seal } from '../src/github/seal.js'
import type { Target, Visibility } from '../src/github/targets.js'
import type { GitHubStandIn } from '../stand-ins/github-api.js'
import { GITHUB_TOKEN, POLICY, REPOSITORY, openStore, settle, type StoreOptions } from './support.js'

const ORG_GRANT = { organization_secrets: 'write', organization_variables: 'write' } as const
const NAME = 'THREAD_ACCESS_TOKEN'
const org = (visibility: Visibility, selectedRepositories: string[] = []): Target => ({
  kind: 'organization',
  org: 'octo-org',
  visibility,
  selectedRepositories
})
const REPO: Target = { kind: 'repository', owner: 'octo-org', repo: 'blog' }

let gh: GitHubStandIn | undefined
afterEach(async () => {
  await gh?.close()
  gh = undefined
})

async function open(target: Target, options: StoreOptions = {}): Promise<[GitHubStandIn, SecretStore]> {
  const { standIn, store } = await openStore(target, options)
  gh = standIn
  return [standIn, store]
}

/** Prepares, seals `value` and writes it: what the keeper does. */
async function store(secretStore: SecretStore, value: string): Promise<{ sealed: string; keyId: string; status: string }> {
  const { key, keyId } = await secretStore.prepare()
  const sealed = await seal(value, key)
  return { sealed, keyId, status: await secretStore.writeSecret(NAME, sealed, keyId) }
}

/** The words a POSIX shell makes of a hand-back command, `gh` itself left out. */
function shellWords(command: string): string[] {
  return execFileSync('bash', ['-c', `gh() { printf '%s\\n' "$@"; }\n${command}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .split('\n')
    .slice(0, -1)
}

describe('organization secrets', () => {
  it('selected: repository ids resolved at prepare, sent as integers, in the hand-back command too', async () => {
    const [standIn, secretStore] = await open(org('selected', ['blog', 'docs']), { grant: ORG_GRANT })
    expect(secretStore.label).toBe('organization octo-org')
    const { sealed, keyId, status } = await store(secretStore, 'THAAlongOrg')
    expect(status).toBe('created')
    const ids = [standIn.repositoryId(REPOSITORY), standIn.repositoryId('octo-org/docs')]
    expect(standIn.secretAccess('org:octo-org', NAME)).toEqual({ visibility: 'selected', selectedRepositoryIds: ids })
    expect(standIn.openSecret('org:octo-org', NAME)).toBe('THAAlongOrg')
    const put = standIn.server.calls('PUT /orgs/:org/actions/secrets/:name')[0]
    expect(JSON.parse(put?.body ?? '{}')).toMatchObject({ visibility: 'selected', selected_repository_ids: ids })
    expect(standIn.server.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /orgs/octo-org/actions/secrets/public-key',
      'GET /repos/octo-org/blog',
      'GET /repos/octo-org/docs',
      `PUT /orgs/octo-org/actions/secrets/${NAME}`
    ])
    const command = secretStore.storeCommand(NAME, sealed, keyId)
    expect(shellWords(command).slice(3)).toEqual([
      '--method',
      'PUT',
      `/orgs/octo-org/actions/secrets/${NAME}`,
      '-f',
      `encrypted_value=${sealed}`,
      '-f',
      `key_id=${keyId}`,
      '-f',
      'visibility=selected',
      '-F',
      `selected_repository_ids[]=${ids[0]}`,
      '-F',
      `selected_repository_ids[]=${ids[1]}`
    ])
  })

  it.each<Visibility>(['all', 'private'])('%s: no repository is looked up; the visibility is sent', async (visibility) => {
    const [standIn, secretStore] = await open(org(visibility), { grant: ORG_GRANT })
    const { sealed, keyId } = await store(secretStore, 'THAAlongVis')
    expect(standIn.secretAccess('org:octo-org', NAME)).toEqual({ visibility })
    expect(standIn.server.requests.filter((r) => r.path.startsWith('/repos/'))).toEqual([])
    expect(secretStore.storeCommand(NAME, sealed, keyId)).toMatch(new RegExp(`-f visibility='${visibility}'$`))
  })

  it('an unknown selected repository: prepare fails with GitHubError 404 naming it', async () => {
    const [standIn, secretStore] = await open(org('selected', ['blog', 'missing']), { grant: ORG_GRANT })
    const error = await settle(secretStore.prepare())
    expect(error).toBeInstanceOf(GitHubError)
    expect(error).toMatchObject({
      status: 404,
      target: 'organization octo-org',
      operation: 'find repository octo-org/missing (in selected-repositories)'
    })
    expect(explain(error)).toContain("check 'organization' and 'selected-repositories'")
    expect(standIn.server.calls('PUT /orgs/:org/actions/secrets/:name')).toEqual([])
  })

  it('a repository lookup that holds no id fails prepare', async () => {
    const [standIn, secretStore] = await open(org('selected', ['blog']), { grant: ORG_GRANT })
    standIn.server.fault('GET /repos/:owner/:repo', { status: 200, body: { full_name: 'octo-org/blog' } })
    await expect(secretStore.prepare()).rejects.toMatchObject({
      operation: 'find repository octo-org/blog',
      apiMessage: 'the reply holds no repository id'
    })
  })

  it.each<[string, Target, StoreOptions, number, string | undefined]>([
    ['a token without organization_secrets', org('all'), { grant: { organization_variables: 'write' } }, 403, 'organization_secrets=read'],
    [
      'an organization that does not exist',
      { kind: 'organization', org: 'nowhere', visibility: 'all', selectedRepositories: [] },
      { grant: ORG_GRANT },
      404,
      undefined
    ]
  ])('%s: prepare fails, with the organization remedy', async (_case, target, options, status, acceptedPermissions) => {
    const [, secretStore] = await open(target, options)
    const error = await settle(secretStore.prepare())
    expect(error).toMatchObject({ status, acceptedPermissions })
    expect(explain(error)).toMatch(
      status === 403 ? /the organization permissions 'Secrets: read and write'.*'admin:org'/ : /check 'organization'/
    )
  })

  it('variables carry the visibility; 409 falls back to PATCH; readVariable reads them', async () => {
    const [standIn, secretStore] = await open(org('private'), { grant: ORG_GRANT })
    await secretStore.prepare()
    expect(await secretStore.readVariable('THREAD_USER_ID')).toBeUndefined()
    expect(await secretStore.writeVariable('THREAD_USER_ID', '17841400000000001', false)).toBe('created')
    expect(JSON.parse(standIn.server.calls('POST /orgs/:org/actions/variables')[0]?.body ?? '{}')).toEqual({
      name: 'THREAD_USER_ID',
      value: '17841400000000001',
      visibility: 'private'
    })
    expect(await secretStore.writeVariable('THREAD_USER_ID', '17841400000000002', false)).toBe('updated')
    expect(await secretStore.readVariable('THREAD_USER_ID')).toBe('17841400000000002')
    expect(standIn.server.calls('PATCH /orgs/:org/actions/variables/:name')).toHaveLength(1)
  })

  it.each<[string, Target]>([
    ['a repository', REPO],
    ['an environment', { ...REPO, environment: 'prod/eu' }],
    ['an organization', org('all')]
  ])('deleteVariable removes a variable of %s; one that is not there is a 404', async (_case, target) => {
    const [standIn, secretStore] = await open(target, {
      grant: { ...ORG_GRANT, secrets: 'read', variables: 'write', environments: 'write' }
    })
    await secretStore.prepare()
    await secretStore.writeVariable('THREAD_TOKEN_EXPIRES_AT', '2030-01-01T00:00:00Z', false)
    await secretStore.deleteVariable('THREAD_TOKEN_EXPIRES_AT')
    expect(await secretStore.readVariable('THREAD_TOKEN_EXPIRES_AT')).toBeUndefined()
    expect(standIn.server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').at(-1))).toEqual([
      'THREAD_TOKEN_EXPIRES_AT'
    ])
    await expect(secretStore.deleteVariable('THREAD_TOKEN_EXPIRES_AT')).rejects.toMatchObject({
      status: 404,
      operation: expect.stringMatching(/^delete variable/)
    })
  })

  it('Dependabot organization secrets have their own store', async () => {
    const [standIn, secretStore] = await open(org('all'), { grant: ORG_GRANT, secretType: 'dependabot' })
    await store(secretStore, 'THAAlongOrgBot')
    expect(standIn.openSecret('org:octo-org', NAME, 'dependabot')).toBe('THAAlongOrgBot')
    expect(standIn.openSecret('org:octo-org', NAME)).toBeUndefined()
  })

  it('both stores of one target look the selected repositories up once', async () => {
    const [standIn] = await open(org('all'), { grant: ORG_GRANT })
    const octokit = createOctokit({
      token: GITHUB_TOKEN,
      baseUrl: standIn.url,
      http: createHttp(POLICY, () => undefined),
      debug: () => undefined
    })
    const stores = createSecretStores(octokit, org('selected', ['blog', 'docs']), ['actions', 'dependabot'])
    expect(stores.map((s) => [s.label, s.keepsVariables])).toEqual([
      ['organization octo-org', true],
      ['organization octo-org (Dependabot)', false]
    ])
    for (const secretStore of stores) await store(secretStore, 'THAAlongOrgBoth')
    expect(
      standIn.server
        .calls('GET /repos/:owner/:repo')
        .map((r) => r.path)
        .sort()
    ).toEqual(['/repos/octo-org/blog', '/repos/octo-org/docs'])
    const ids = [standIn.repositoryId(REPOSITORY), standIn.repositoryId('octo-org/docs')]
    for (const secretType of ['actions', 'dependabot'] as const) {
      expect(standIn.secretAccess('org:octo-org', NAME, secretType)).toEqual({ visibility: 'selected', selectedRepositoryIds: ids })
    }
  })
})

describe('Dependabot repository secrets', () => {
  const grant = { dependabot_secrets: 'write', variables: 'write' } as const

  it('are written to the Dependabot store; variables stay with Actions', async () => {
    const [standIn, secretStore] = await open(REPO, { grant, secretType: 'dependabot' })
    const { sealed, keyId } = await store(secretStore, 'THAAlongBot')
    expect(standIn.openSecret(REPOSITORY, NAME, 'dependabot')).toBe('THAAlongBot')
    expect(standIn.openSecret(REPOSITORY, NAME)).toBeUndefined()
    expect(await secretStore.secretUpdatedAt(NAME)).toMatch(/^\d{4}-/)
    await secretStore.writeVariable('THREAD_USER_ID', '1', false)
    expect(standIn.variable(REPOSITORY, 'THREAD_USER_ID')).toBe('1')
    expect(secretStore.storeCommand(NAME, sealed, keyId)).toContain(` --method PUT /repos/${REPOSITORY}/dependabot/secrets/${NAME} `)
  })

  it('need the dependabot_secrets permission, not secrets', async () => {
    const [, secretStore] = await open(REPO, { grant: { secrets: 'write' }, secretType: 'dependabot' })
    await expect(secretStore.prepare()).rejects.toMatchObject({ status: 403, acceptedPermissions: 'dependabot_secrets=read' })
    // Only a 404 means "no such secret": any other refusal is thrown, not taken for absence.
    await expect(secretStore.secretUpdatedAt(NAME)).rejects.toMatchObject({ status: 403, acceptedPermissions: 'dependabot_secrets=read' })
  })
})

describe('storeCommand: the host', () => {
  const command = (baseUrl: string, target: Target = REPO): string => {
    const octokit = createOctokit({ token: 't', baseUrl, http: createHttp(POLICY, () => undefined), debug: () => undefined })
    return createSecretStores(octokit, target, ['actions'])[0]!.storeCommand(NAME, 'SEALED', 'KEY')
  }

  it.each<[string, string, string]>([
    ['github.com', 'https://api.github.com', 'gh api --method PUT'],
    ['an Enterprise Server', 'https://ghe.example.com/api/v3', 'gh api --hostname ghe.example.com --method PUT'],
    ['a loopback stand-in', 'http://127.0.0.1:8080', 'gh api --hostname 127.0.0.1:8080 --method PUT']
  ])('%s', (_case, baseUrl, prefix) => {
    expect(command(baseUrl)).toBe(`${prefix} /repos/octo-org/blog/actions/secrets/${NAME} -f encrypted_value='SEALED' -f key_id='KEY'`)
  })

  it.each(['social posting', 'prod/eu'])('an environment named %j stays one shell word, decoded by gh to its path', (environment) => {
    const words = shellWords(command('https://api.github.com', { ...REPO, environment }))
    expect(words[3]).toBe(`/repos/octo-org/blog/environments/${encodeURIComponent(environment)}/secrets/${NAME}`)
  })

  // encodeURIComponent leaves ' ( ) as they are: the hand-back must still be one valid shell command.
  it.each(['Production (EU)', "it's live"])('an environment named %j stays one shell word', (environment) => {
    const words = shellWords(command('https://api.github.com', { ...REPO, environment }))
    expect(decodeURIComponent(words[3] ?? '')).toBe(`/repos/octo-org/blog/environments/${environment}/secrets/${NAME}`)
  })
})

describe('prepare: a public key that cannot seal fails there, before anything is spent', () => {
  const ROUTE = 'GET /repos/:owner/:repo/actions/secrets/public-key'
  const bytes = (n: number): string => Buffer.alloc(n, 7).toString('base64')

  it.each<[string, unknown]>([
    ['an empty key', { key_id: '1', key: '' }],
    ['no key_id', { key: bytes(32) }],
    ['a numeric key_id', { key_id: 1, key: bytes(32) }],
    ['16 bytes', { key_id: '1', key: bytes(16) }],
    ['33 bytes', { key_id: '1', key: bytes(33) }],
    ['not base64', { key_id: '1', key: '%%% not base64 %%%' }],
    ['an empty reply', '']
  ])('%s: GitHubError with the reply status, not retried', async (_case, body) => {
    const [standIn, secretStore] = await open(REPO)
    standIn.server.fault(ROUTE, { status: 200, body })
    const error = await settle(secretStore.prepare())
    expect(error).toBeInstanceOf(GitHubError)
    expect(error).toMatchObject({
      status: 200,
      apiMessage: 'the reply holds no usable public key',
      target: 'octo-org/blog',
      transient: false
    })
    expect(standIn.server.requests).toHaveLength(1)
  })

  it('an HTML page with 200 on every try: transient, not JSON', async () => {
    const [standIn, secretStore] = await open(REPO)
    standIn.server.fault(ROUTE, { status: 200, body: '<html>maintenance</html>', times: Number.POSITIVE_INFINITY })
    await expect(secretStore.prepare()).rejects.toMatchObject({
      status: undefined,
      transient: true,
      apiMessage: 'HTTP 200 with a reply that is not JSON'
    })
    expect(standIn.server.requests).toHaveLength(POLICY.attempts)
  })

  it('a redirect: not followed, not retried, not transient; the remedy names /api/v3', async () => {
    const [standIn, secretStore] = await open(REPO)
    standIn.server.fault(ROUTE, { status: 308, headers: { location: 'https://login.example.com/?next=/api' } })
    const error = await settle(secretStore.prepare())
    expect(error).toMatchObject({
      status: undefined,
      transient: false,
      apiMessage: expect.stringMatching(
        /^127\.0\.0\.1:\d+ answered HTTP 308, a redirect to https:\/\/login\.example\.com, which is never followed$/
      )
    })
    expect(explain(error)).toMatch(/github-api-url is https:\/\/HOST\/api\/v3/)
    expect(standIn.server.requests).toHaveLength(1)
  })

  // Node's Buffer decodes base64 leniently (URL-safe letters, spaces); libsodium strictly, after the code is spent.
  it.each([
    ['URL-safe letters', (key: string) => key.replace(/\+/g, '-').replace(/\//g, '_')],
    ['a leading space', (key: string) => ` ${key}`]
  ])('a 32-byte key with %s, which seal() cannot read, is refused', async (_case, mangle) => {
    await sodium.ready
    let pair = sodium.crypto_box_keypair()
    while (!/[+/]/.test(sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL))) pair = sodium.crypto_box_keypair()
    const [standIn, secretStore] = await open(REPO)
    standIn.server.fault(ROUTE, {
      status: 200,
      body: { key_id: '1', key: mangle(sodium.to_base64(pair.publicKey, sodium.base64_variants.ORIGINAL)) }
    })
    const key = await settle(secretStore.prepare().then(({ key: k }) => seal('THAAx', k)))
    expect(key).toBeInstanceOf(GitHubError)
  })
})
