import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { threads } from '../src/services/providers/threads.js'
import { isLoopbackHost, readRedirect } from '../src/setup/fields.js'
import { CREDENTIAL_INPUTS, readInputs, type Settings } from '../src/setup/inputs.js'
import { describeProblem, describeProblemPublicly, type InputProblem } from '../src/shared/errors.js'

type Given = Record<string, string>

/** A getInput built from a plain object, like the runner: '' for any input not given. */
const inputsFrom =
  (given: Given) =>
  (name: string): string =>
    given[name] ?? ''

/** Enough for a valid refresh run; each test overrides what it is about ('' removes an input). */
const BASE: Given = {
  'long-lived-token': 'LONGTOKEN123',
  'github-token': 'ghp_example123',
  repository: 'octocat/hello-world'
}
const CODE_FLOW: Given = { 'app-id': '1234567890', 'app-secret': 'appsecret99', 'redirect-uri': 'https://example.org/cb' }

/** What the action reports for unusable inputs: one line a problem. */
class InputError extends Error {
  constructor(readonly problems: InputProblem[]) {
    super(problems.map(describeProblem).join('\n'))
  }
}

/** The settings, or an InputError with the problems the action reports. */
function read(given: Given, env: NodeJS.ProcessEnv = {}): Settings {
  const { settings, problems } = readInputs(inputsFrom({ ...BASE, ...given }), env)
  if (!settings) throw new InputError(problems)
  return settings
}

function problemsOf(given: Given, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    read(given, env)
  } catch (error) {
    if (error instanceof InputError) return error.problems.map(describeProblem)
    throw error
  }
  throw new Error('expected an InputError')
}

/** Exactly one problem, naming the input in quotes. */
function expectOneProblem(given: Given, input: string, env: NodeJS.ProcessEnv = {}): string {
  const problems = problemsOf(given, env)
  expect(problems).toHaveLength(1)
  expect(problems[0]).toContain(`'${input}'`)
  return problems[0] ?? ''
}

describe('readRedirect', () => {
  it.each([
    ['ABC', 'ABC'],
    ['ABC#_', 'ABC'],
    ['ABC#', 'ABC'],
    ['  ABC#_\n', 'ABC'],
    ['https://example.org/cb?code=ABC#_', 'ABC'],
    ['HTTPS://example.org/cb?state=s&code=ABC', 'ABC'],
    ['https://example.org/cb?code=AB%2FC#_', 'AB/C'],
    ['AB#_C', 'AB#_C']
  ])('%j -> %j', (raw, expected) => {
    expect(readRedirect(raw).code).toBe(expected)
  })

  it.each([
    ['ABC', undefined],
    ['https://example.org/cb?code=ABC&state=s1#_', 's1'],
    ['https://example.org/cb?code=ABC&state=', ''],
    ['https://example.org/cb?code=ABC', undefined],
    ['https://[not a host/?code=1&state=s1', undefined]
  ])('the state of %j is %j', (raw, state) => {
    expect(readRedirect(raw).state).toBe(state)
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.255.0.254', true],
    ['[::1]', true],
    ['::1', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io', false],
    ['128.0.0.1', false],
    ['10.0.0.1', false],
    ['0.0.0.0', false],
    ['example.org', false]
  ])('%s -> %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})

describe('readInputs: flows', () => {
  it('reads a complete refresh run with every default', () => {
    expect(read({})).toStrictEqual({
      provider: threads,
      request: {
        service: 'Threads',
        credential: { flow: 'refresh', token: 'LONGTOKEN123' },
        secretName: 'THREAD_ACCESS_TOKEN',
        expiry: 'dated',
        dryRun: false
      },
      githubToken: 'ghp_example123',
      targets: [{ kind: 'repository', owner: 'octocat', repo: 'hello-world' }],
      secretTypes: ['actions'],
      apiUrl: 'https://graph.threads.net',
      oauthUrl: 'https://graph.threads.net',
      githubApiUrl: 'https://api.github.com',
      providerSettings: { app: { appId: '', appSecret: '', redirectUri: '' }, pageId: undefined }
    })
  })

  // Upkeep uses the workflow's token; the settings for the services never hold it.
  it('returns the upkeep settings apart from the settings', () => {
    const upkeep = { 'keep-schedule-alive': 'true', 'failure-issue': 'true', 'workflow-token': 'ghs_workflow1' }
    const reading = readInputs(inputsFrom({ ...BASE, ...upkeep }), {})
    expect(reading.upkeep).toMatchObject({ keepScheduleAlive: true, failureIssue: true, workflowToken: 'ghs_workflow1' })
    expect(reading.settings).not.toHaveProperty('upkeep')
    expect(JSON.stringify(reading.settings)).not.toContain('ghs_workflow1')
  })

  it.each<[string, Given, string]>([
    ['code over both tokens', { 'authorization-code': 'CODE1', 'short-lived-token': 'SHORT1', ...CODE_FLOW }, 'authorization-code'],
    ['short-lived over long-lived', { 'short-lived-token': 'SHORT1', 'app-secret': 'appsecret99' }, 'short-lived-token'],
    ['long-lived alone', {}, 'refresh']
  ])('precedence: %s', (_, given, flow) => {
    expect(read(given).request.credential.flow).toBe(flow)
  })

  it('builds the authorization-code start from a pasted redirect address, every input trimmed', () => {
    const settings = read({
      'authorization-code': ' https://example.org/cb?code=ABC#_\n',
      'app-id': ' 1234567890\n',
      'app-secret': '\tappsecret99 ',
      'redirect-uri': ' https://example.org/cb\n'
    })
    expect(settings.request.credential).toStrictEqual({ flow: 'authorization-code', code: 'ABC' })
    expect(settings.providerSettings.app).toStrictEqual({
      appId: '1234567890',
      appSecret: 'appsecret99',
      redirectUri: 'https://example.org/cb'
    })
  })

  it('builds the short-lived start, trimmed', () => {
    const settings = read({ 'short-lived-token': '\nSHORT1 ', 'app-secret': ' appsecret99\n' })
    expect(settings.request.credential).toStrictEqual({ flow: 'short-lived-token', token: 'SHORT1' })
    expect(settings.providerSettings.app.appSecret).toBe('appsecret99')
  })

  it.each(['authorization-code', 'short-lived-token', 'long-lived-token'])('refuses white space inside %s', (input) => {
    const problem = expectOneProblem({ ...CODE_FLOW, 'app-secret': 'appsecret99', [input]: 'ABC DEF\nGHI' }, input)
    expect(problem).toMatch(/white space/)
  })

  // Every credential input, not just the three tokens: a newline in github-token would break the header.
  it.each(['app-secret', 'github-token'])('refuses white space inside %s', (input) => {
    expectOneProblem({ 'short-lived-token': 'SHORT1', 'app-secret': 'appsecret99', [input]: 'abcd efgh' }, input)
  })

  // An address without a code (e.g. ?error=access_denied) must not be sent as the code itself.
  it('refuses a pasted redirect address that carries no code', () => {
    expectOneProblem({ 'authorization-code': 'https://example.org/cb?error=access_denied#_', ...CODE_FLOW }, 'authorization-code')
  })

  // The authorize page is served from threads.com (documented), www.threads.com and threads.net alike.
  it.each([
    'https://threads.com/oauth/authorize?client_id=1234567890&response_type=code',
    'https://www.threads.com/oauth/authorize/?client_id=1234567890',
    'https://threads.net/oauth/authorize?client_id=1234567890',
    'https://www.threads.net/oauth/authorize?client_id=1234567890',
    'https://www.instagram.com/oauth/authorize?client_id=1234567890'
  ])('says that %s is the authorize address itself, to open rather than paste', (address) => {
    const problem = expectOneProblem({ 'authorization-code': address, ...CODE_FLOW }, 'authorization-code')
    expect(problem).toMatch(/authorize address itself: open it in a browser/)
  })

  it('takes the code from a pasted redirect whatever its host, threads.net and www.threads.com included', () => {
    for (const host of ['threads.net', 'www.threads.com', 'example.org'])
      expect(read({ 'authorization-code': `https://${host}/cb?code=ABC&state=s#_`, ...CODE_FLOW }).request.credential).toMatchObject({
        code: 'ABC'
      })
  })

  it('requires app-id, redirect-uri and app-secret for a code, all reported at once', () => {
    const problems = problemsOf({ 'authorization-code': 'CODE1' })
    expect(problems).toHaveLength(3)
    for (const input of ['app-id', 'redirect-uri', 'app-secret']) {
      expect(problems.filter((p) => p.includes(`'${input}'`) && p.includes('required'))).toHaveLength(1)
    }
  })

  it.each(['app-id', 'redirect-uri', 'app-secret'])('code flow: missing %s alone is named', (input) => {
    expect(expectOneProblem({ 'authorization-code': 'CODE1', ...CODE_FLOW, [input]: '  ' }, input)).toMatch(/required/)
  })

  it('short-lived flow needs app-secret and nothing else', () => {
    expect(expectOneProblem({ 'short-lived-token': 'SHORT1' }, 'app-secret')).toMatch(/required/)
    expect(read({ 'short-lived-token': 'SHORT1', 'app-secret': 's' }).request.credential.flow).toBe('short-lived-token')
  })

  it('refresh flow needs nothing beyond the token', () => {
    expect(() => read({ 'app-id': '', 'app-secret': '', 'redirect-uri': '' })).not.toThrow()
  })

  it.each(['my-app', '12a', '1.5', '-1'])('refuses the non-numeric app-id %j', (appId) => {
    expect(expectOneProblem({ 'authorization-code': 'CODE1', ...CODE_FLOW, 'app-id': appId }, 'app-id')).toMatch(/numeric/)
  })

  it.each(['http://example.org/cb', 'example.org/cb', 'https://', 'ftp://example.org'])('refuses the redirect-uri %j', (uri) => {
    expectOneProblem({ 'authorization-code': 'CODE1', ...CODE_FLOW, 'redirect-uri': uri }, 'redirect-uri')
  })

  it('refuses a run with no credential at all, naming every way to start', () => {
    const problem = expectOneProblem({ 'long-lived-token': ' \n' }, 'long-lived-token')
    expect(problem).toContain("'authorization-code'")
    expect(problem).toContain("'short-lived-token'")
  })

  it('requires github-token and says the workflow GITHUB_TOKEN will not do', () => {
    expect(expectOneProblem({ 'github-token': '' }, 'github-token')).toMatch(/GITHUB_TOKEN cannot write secrets/)
  })
})

describe('readInputs: target and names', () => {
  it('defaults repository to GITHUB_REPOSITORY; the input wins', () => {
    expect(read({ repository: '' }, { GITHUB_REPOSITORY: ' me/site\n' }).targets).toStrictEqual([
      { kind: 'repository', owner: 'me', repo: 'site' }
    ])
    expect(read({ repository: 'a/b' }, { GITHUB_REPOSITORY: 'me/site' }).targets).toStrictEqual([
      { kind: 'repository', owner: 'a', repo: 'b' }
    ])
  })

  it.each(['owner', 'a/b/c', ' /x', 'owner/', '-owner/repo', 'own er/repo'])('refuses the repository %j', (repository) => {
    expectOneProblem({ repository }, 'repository')
  })

  it('refuses an empty repository when GITHUB_REPOSITORY is unset', () => {
    expect(expectOneProblem({ repository: '' }, 'repository')).toMatch(/GITHUB_REPOSITORY/)
  })

  // The dot segments '.' and '..' would collapse the request path into a confusing 404.
  it.each(['owner/.', 'owner/..'])('refuses the repository %j', (repository) => {
    expectOneProblem({ repository }, 'repository')
  })

  it('takes an optional, trimmed environment', () => {
    expect(read({ environment: ' production\n' }).targets).toStrictEqual([
      { kind: 'repository', owner: 'octocat', repo: 'hello-world', environment: 'production' }
    ])
    expect(read({ environment: '  ' }).targets).toStrictEqual([{ kind: 'repository', owner: 'octocat', repo: 'hello-world' }])
  })

  it('upper-cases a secret name', () => {
    expect(read({ 'secret-name': ' my_token\n' }).request.secretName).toBe('MY_TOKEN')
  })

  const BAD_NAMES = ['1TOKEN', 'MY-TOKEN', 'GITHUB_TOKEN', 'github_x', 'GitHub_X', 'MY TOKEN', 'TOKEN.X']
  it.each(BAD_NAMES)('refuses the secret name %j', (name) => {
    expect(expectOneProblem({ 'secret-name': name }, 'secret-name')).toMatch(/not a valid GitHub secret name/)
  })

  it.each(['user-id-variable', 'expires-at-variable'])('reads %s, upper-cased, and refuses bad names', (input) => {
    const key = input === 'user-id-variable' ? 'userIdVariable' : 'expiresAtVariable'
    expect(read({ [input]: ' thread_x ' }).request[key]).toBe('THREAD_X')
    expect(key in read({}).request).toBe(false)
    for (const name of BAD_NAMES) expect(expectOneProblem({ [input]: name }, input)).toMatch(/variable name/)
  })

  it('refuses the same name for both variables, whatever the case', () => {
    const problem = expectOneProblem({ 'user-id-variable': 'thread_x', 'expires-at-variable': 'THREAD_X' }, 'user-id-variable')
    expect(problem).toContain("'expires-at-variable'")
  })

  it('refuses one secret for the token and its refresh token: the token would overwrite the refresh token', () => {
    const given = {
      provider: 'x',
      'long-lived-token': '',
      'refresh-token': 'r',
      'app-id': 'abc',
      'secret-name': 'x_token',
      'refresh-token-secret': 'X_TOKEN'
    }
    const problem = expectOneProblem(given, 'secret-name')
    expect(problem).toContain("Inputs 'secret-name' and 'refresh-token-secret' name the same secret")
  })
})

describe('readInputs: dry-run and URLs', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    [' true\n', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['', false]
  ])('dry-run %j -> %s', (text, expected) => {
    expect(read({ 'dry-run': text }).request.dryRun).toBe(expected)
  })

  it.each(['yes', '1', 'tRUE', 'on'])('refuses dry-run %j', (text) => {
    expectOneProblem({ 'dry-run': text }, 'dry-run')
  })

  // Not returned, but still judged with the other inputs: a typo there is an input problem.
  it.each(['keep-schedule-alive', 'failure-issue'])('refuses %s "yes"', (input) => {
    expect(expectOneProblem({ [input]: 'yes', 'workflow-token': 'ghs_workflow1' }, input)).toBe(
      `Input '${input}' is 'yes': write true or false.`
    )
  })

  it('refuses an upkeep flag without a workflow token, GITHUB_TOKEN standing in for it', () => {
    expectOneProblem({ 'failure-issue': 'true' }, 'workflow-token')
    expect(read({ 'failure-issue': 'true' }, { GITHUB_TOKEN: 'ghs_fromenv1' }).request.secretName).toBe('THREAD_ACCESS_TOKEN')
  })

  it('takes github-api-url from GITHUB_API_URL, the input winning; trailing slashes removed', () => {
    expect(read({}, { GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).githubApiUrl).toBe('https://ghe.example.com/api/v3')
    expect(read({ 'github-api-url': 'https://x.test/api//' }, { GITHUB_API_URL: 'https://ghe.example.com' }).githubApiUrl).toBe(
      'https://x.test/api'
    )
    expect(read({ 'threads-api-url': ' https://graph.threads.com/ ' }).apiUrl).toBe('https://graph.threads.com')
  })

  it.each([
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:9000/base/', 'http://[::1]:9000/base']
  ])('allows plain http to the loopback %s', (url, expected) => {
    expect(read({ 'threads-api-url': url, 'github-api-url': url })).toMatchObject({ apiUrl: expected, githubApiUrl: expected })
  })

  it.each([
    ['http://example.org', /https/],
    ['http://10.0.0.1', /https/],
    ['http://127.0.0.1.nip.io', /https/],
    ['ftp://example.org', /https/],
    ['https://example.org/?x=1', /query/],
    ['https://example.org/#frag', /fragment/],
    ['https://user:pw@example.org', /credentials/],
    ['not a url', /not a URL/],
    ['graph.threads.net', /not a URL/]
  ])('refuses the URL %j', (url, reason) => {
    for (const input of ['threads-api-url', 'github-api-url']) expect(expectOneProblem({ [input]: url }, input)).toMatch(reason)
  })

  it.each<[string, Given, string]>([
    ['app-id, read for the exchange and for upkeep', { ...CODE_FLOW, 'authorization-code': 'CODE1', 'app-id': '12\x07' }, 'app-id'],
    ['app-id, read for upkeep alone', { 'app-id': '12\x07', 'failure-issue': 'true' }, 'app-id'],
    ['a list with several values holding a control character', { repository: 'a/b\x07, c/d\x07' }, 'repository'],
    ['a workflow named with and without its folder', { 'keep-alive-workflows': 'a b,.github/workflows/a b' }, 'keep-alive-workflows'],
    [
      'a repository named with and without its organization',
      { organization: 'octo-org', visibility: 'selected', 'selected-repositories': 'a b, octo-org/a b', repository: '' },
      'selected-repositories'
    ]
  ])('reports each problem once: %s', (_, given, input) => {
    const problems = problemsOf(given, { GITHUB_TOKEN: 'workflow-token' })
    expect(problems.some((problem) => problem.includes(`'${input}'`))).toBe(true)
    expect(problems).toEqual([...new Set(problems)])
  })

  it('collects every problem at once, each naming its input', () => {
    const given: Given = {
      'long-lived-token': '',
      'authorization-code': 'CODE1',
      'app-id': 'name',
      'redirect-uri': 'http://x',
      'app-secret': '',
      'github-token': '',
      repository: 'nope',
      'secret-name': 'GITHUB_X',
      'user-id-variable': '9',
      'expires-at-variable': 'a-b',
      'dry-run': 'yes',
      'threads-api-url': 'http://example.org',
      'github-api-url': 'https://h/?q'
    }
    const inputs = [
      'app-id',
      'redirect-uri',
      'app-secret',
      'github-token',
      'repository',
      'secret-name',
      'user-id-variable',
      'expires-at-variable',
      'dry-run',
      'threads-api-url',
      'github-api-url'
    ]
    const error = (() => {
      try {
        read(given)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(InputError)
    const { problems, message } = error as InputError
    expect(problems).toHaveLength(inputs.length)
    for (const input of inputs) expect(problems.some((p) => describeProblem(p).includes(`'${input}'`))).toBe(true)
    expect(message).toBe(problems.map(describeProblem).join('\n'))
  })
})

describe('readInputs: properties', () => {
  const secret = fc.stringMatching(/^[a-z0-9]{8,20}$/).map((s) => `SECRET${s}`)
  const credential = fc.oneof(
    secret,
    fc.tuple(secret, fc.constantFrom(' ', '\n', '\t', ' \r\n'), secret).map(([a, gap, b]) => `${a}${gap}${b}`),
    secret.map((s) => `https://example.org/cb?code=${s}#_`),
    secret.map((s) => ` ${s}#_\n`),
    fc.constant('')
  )
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('', 'true', 'yes', 'a/b', 'https://x.test', 'http://localhost:1/', '123', 'GITHUB_X')
  )
  const others = [
    'app-id',
    'redirect-uri',
    'repository',
    'environment',
    'secret-name',
    'user-id-variable',
    'expires-at-variable',
    'dry-run',
    'threads-api-url',
    'github-api-url'
  ]
  const given = fc.record({
    ...Object.fromEntries(CREDENTIAL_INPUTS.map((name) => [name, credential])),
    ...Object.fromEntries(others.map((name) => [name, text]))
  }) as fc.Arbitrary<Given>
  const env = fc.record({ GITHUB_REPOSITORY: fc.option(text, { nil: undefined }), GITHUB_API_URL: fc.option(text, { nil: undefined }) })

  it('returns settings, or problems that never echo a credential', () => {
    fc.assert(
      fc.property(given, env, (values, environment) => {
        const { settings, problems } = readInputs(inputsFrom(values), environment)
        if (!settings) {
          expect(problems.length).toBeGreaterThan(0)
          for (const problem of problems.map(describeProblem)) {
            expect(problem).toMatch(/'[a-z-]+'/)
            for (const name of CREDENTIAL_INPUTS) {
              const value = values[name] ?? ''
              for (const leak of [value, value.trim(), ...(value.match(/SECRET[a-z0-9]+/g) ?? [])]) {
                if (leak.length >= 4) expect(problem).not.toContain(leak)
              }
            }
          }
          return
        }
        expect(problems).toEqual([])
        expect(settings.request.secretName).toMatch(/^[A-Z_][A-Z0-9_]*$/)
        expect(settings.apiUrl).not.toMatch(/[?#]/)
        expect(settings.githubApiUrl).not.toMatch(/[?#]/)
      }),
      { numRuns: 300 }
    )
  })

  // The failure issue is public: a secret given to the wrong input (secret-name: ${{ secrets.X }}) must not be quoted there.
  const named = [
    ...others,
    'provider',
    'organization',
    'visibility',
    'selected-repositories',
    'secret-type',
    'keep-alive-workflows',
    'keep-schedule-alive',
    'failure-issue'
  ]
  const marked = fc.record(
    Object.fromEntries(
      named.map((name, i) => [
        name,
        fc.oneof(fc.string(), fc.constantFrom('', '-x', '/..', 'a/b/c', '.yml', ' z', '!')).map((tail) => `zq${i}${tail}`)
      ])
    )
  ) as fc.Arbitrary<Given>

  it('problems as an issue tells them never repeat a value given, in any case', () => {
    fc.assert(
      fc.property(marked, (values) => {
        const { problems } = readInputs(inputsFrom({ ...BASE, ...values }), { GITHUB_TOKEN: 'ghs_workflow1' })
        for (const told of problems.map(describeProblemPublicly)) expect(told.toUpperCase()).not.toMatch(/ZQ\d/)
      }),
      { numRuns: 300 }
    )
  })

  it.each([
    ['secret-name', 'xoxb-1234-not-a-name', "Input 'secret-name' is (a value not repeated here), which is not a valid GitHub secret name"],
    ['repository', 'sk-live-secret', "Input 'repository' has (a value not repeated here): write each as owner/name"],
    ['dry-run', 'maybe', "Input 'dry-run' is (a value not repeated here): write true or false."]
  ])('%s: the log quotes the value, the issue does not', (input, value, publicly) => {
    const { problems } = readInputs(inputsFrom({ ...BASE, [input]: value }), {})
    expect(problems.map(describeProblem)).toEqual([expect.stringContaining(`'${value}'`)])
    expect(problems.map(describeProblemPublicly)).toEqual([expect.stringContaining(publicly)])
  })
})
