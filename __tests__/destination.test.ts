import { describe, expect, it } from 'vitest'
import { instagram } from '../src/services/providers/instagram.js'
import { readDestination } from '../src/setup/destination.js'
import { createFields, splitList } from '../src/setup/fields.js'
import { readInputs } from '../src/setup/inputs.js'
import { describeProblem } from '../src/shared/errors.js'

type Given = Record<string, string>

function destination(given: Given, env: NodeJS.ProcessEnv = { GITHUB_REPOSITORY: 'octo/blog' }) {
  const fields = createFields((name) => given[name] ?? '')
  const result = readDestination(fields, env)
  return { ...result, problems: fields.problems.map(describeProblem) }
}

describe('readDestination', () => {
  it('splits repositories on newlines and commas, trimmed, without repeats', () => {
    expect(splitList(' a/b,\n c/d ,a/b\n\n')).toEqual(['a/b', 'c/d'])
    expect(destination({ repository: 'a/b\nc/d', environment: 'prod' }).targets).toEqual([
      { kind: 'repository', owner: 'a', repo: 'b', environment: 'prod' },
      { kind: 'repository', owner: 'c', repo: 'd', environment: 'prod' }
    ])
  })

  it('defaults to the workflow repository and the actions store', () => {
    expect(destination({})).toMatchObject({
      secretTypes: ['actions'],
      targets: [{ kind: 'repository', owner: 'octo', repo: 'blog' }],
      problems: []
    })
  })

  it('writes an organization secret, private by default, ignoring repository', () => {
    expect(destination({ organization: 'octo-org', repository: 'a/b' })).toMatchObject({
      targets: [{ kind: 'organization', org: 'octo-org', visibility: 'private', selectedRepositories: [] }],
      problems: []
    })
  })

  it('takes selected repositories by name, with or without the organization', () => {
    const { targets, problems } = destination({
      organization: 'octo-org',
      visibility: 'selected',
      'selected-repositories': 'blog, octo-org/docs'
    })
    expect(problems).toEqual([])
    expect(targets).toEqual([{ kind: 'organization', org: 'octo-org', visibility: 'selected', selectedRepositories: ['blog', 'docs'] }])
  })

  // The organization is matched as text: a name with regex characters is an input problem, never a crash.
  it.each<[string, string, string[]]>([
    ['octo(', 'blog, octo(/docs', ['organization']],
    ['[octo', '[octo/blog', ['organization']],
    ['octo+', 'octo+/blog', ['organization']],
    ['.*', 'evil/blog', ['organization', 'selected-repositories']]
  ])('an organization %j with selected repositories %j: problems naming %j', (org, selected, inputs) => {
    const { problems, targets } = destination({ organization: org, visibility: 'selected', 'selected-repositories': selected })
    expect(problems.map((problem) => /'([a-z-]+)'/.exec(problem)?.[1])).toEqual(inputs)
    expect(targets).toHaveLength(1)
  })

  it('strips the organization from a selected name case-insensitively, and only as a whole prefix', () => {
    const { targets, problems } = destination({
      organization: 'Octo-Org',
      visibility: 'selected',
      'selected-repositories': 'octo-org/blog, OCTO-ORG/docs'
    })
    expect(problems).toEqual([])
    expect(targets).toEqual([{ kind: 'organization', org: 'Octo-Org', visibility: 'selected', selectedRepositories: ['blog', 'docs'] }])
    expect(destination({ organization: 'octo', visibility: 'selected', 'selected-repositories': 'octo-org/blog' }).problems).toEqual([
      expect.stringMatching(/^Input 'selected-repositories' names 'octo-org\/blog'/)
    ])
  })

  it.each<[string, Given, string]>([
    ['an unknown secret type', { 'secret-type': 'codespaces' }, 'secret-type'],
    ['a Dependabot environment secret', { 'secret-type': 'dependabot', environment: 'prod' }, 'environment'],
    ['an organization environment', { organization: 'octo-org', environment: 'prod' }, 'environment'],
    ['a bad organization login', { organization: 'octo org' }, 'organization'],
    ['an unknown visibility', { organization: 'octo-org', visibility: 'public' }, 'visibility'],
    ['selected without repositories', { organization: 'octo-org', visibility: 'selected' }, 'selected-repositories'],
    ['repositories without selected', { organization: 'octo-org', 'selected-repositories': 'blog' }, 'selected-repositories'],
    [
      'a bad selected name',
      { organization: 'octo-org', visibility: 'selected', 'selected-repositories': 'a/b/c' },
      'selected-repositories'
    ],
    ['one bad repository among good ones', { repository: 'a/b, nope' }, 'repository']
  ])('refuses %s, naming the input', (_case, given, input) => {
    const { problems } = destination(given)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`'${input}'`)
  })
})

describe('readInputs: provider', () => {
  const base: Given = { 'long-lived-token': 'LONGTOKEN123', 'github-token': 'ghp_example123', repository: 'octo/blog' }
  const read = (given: Given) => readInputs((name) => ({ ...base, ...given })[name] ?? '', {})

  it('reads Instagram with its own URLs and secret name', () => {
    const { settings } = read({ provider: 'instagram', 'instagram-oauth-url': 'https://oauth.example/' })
    expect(settings?.provider).toBe(instagram)
    expect(settings).toMatchObject({
      request: { secretName: 'INSTAGRAM_ACCESS_TOKEN' },
      apiUrl: 'https://graph.instagram.com',
      oauthUrl: 'https://oauth.example'
    })
  })

  it('keeps Threads codes on the API host', () => {
    expect(read({}).settings).toMatchObject({
      request: { secretName: 'THREAD_ACCESS_TOKEN' },
      apiUrl: 'https://graph.threads.net',
      oauthUrl: 'https://graph.threads.net'
    })
  })

  it("an organization 'octo(' is an input problem, not a crash", () => {
    const given = { repository: '', organization: 'octo(', visibility: 'selected', 'selected-repositories': 'blog' }
    expect(read(given).problems.map((problem) => problem.input)).toEqual(['organization'])
  })

  it.each<[Given, string]>([
    [{ provider: 'mastodon' }, 'provider'],
    [{ 'instagram-api-url': 'http://graph.instagram.com' }, 'instagram-api-url'],
    [{ provider: 'instagram', 'instagram-oauth-url': 'not a url' }, 'instagram-oauth-url']
  ])('refuses %j', (given, input) => {
    const { settings, problems } = read(given)
    expect(settings).toBeUndefined()
    expect(problems.map((p) => /'([a-z-]+)'/.exec(describeProblem(p))?.[1])).toEqual([input])
  })
})

describe('secret-type', () => {
  it.each<[string, string[]]>([
    ['', ['actions']],
    ['dependabot', ['dependabot']],
    ['actions, dependabot', ['actions', 'dependabot']],
    ['dependabot\nactions', ['actions', 'dependabot']]
  ])('%j: the stores %j, the Actions one first', (value, types) => {
    expect(destination({ 'secret-type': value }).secretTypes).toEqual(types)
  })

  it.each(['codespaces', 'actions, codespaces'])('%j is refused', (value) => {
    expect(destination({ 'secret-type': value }).problems).toEqual([expect.stringMatching(/^Input 'secret-type' names 'codespaces'/)])
  })

  it('an environment cannot go with a Dependabot store among the types', () => {
    expect(destination({ 'secret-type': 'actions, dependabot', environment: 'prod' }).problems).toEqual([
      expect.stringMatching(/^Input 'environment' cannot be used with secret-type dependabot/)
    ])
  })
})
