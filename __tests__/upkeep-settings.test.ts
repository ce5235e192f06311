import { describe, expect, it } from 'vitest'
import { readInputs } from '../src/setup/inputs.js'
import { GitHubError, ServiceError, describeProblem } from '../src/shared/errors.js'
import { needsHuman } from '../src/shared/explain.js'
import { judgeReply } from '../src/shared/transient.js'

/** The upkeep settings readInputs returns, beside an otherwise valid refresh run. */
const read = (given: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
  const inputs: Record<string, string> = {
    'long-lived-token': 'LONGTOKEN123',
    'github-token': 'ghp_example123',
    repository: 'o/r',
    ...given
  }
  const { upkeep, problems } = readInputs((name) => inputs[name] ?? '', env)
  return { settings: upkeep, problems: problems.map(describeProblem) }
}

describe('the upkeep settings', () => {
  it.each<[string, boolean]>([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false],
    ['', false]
  ])('%j reads as %s', (value, expected) => {
    const { settings, problems } = read({ 'keep-schedule-alive': value, 'failure-issue': value, 'workflow-token': 'ghs_x' })
    expect(settings).toMatchObject({ keepScheduleAlive: expected, failureIssue: expected, workflowToken: 'ghs_x' })
    expect(problems).toEqual([])
  })

  it.each(['keep-schedule-alive', 'failure-issue'])('%s: anything else is a problem naming the input', (input) => {
    const { settings, problems } = read({ [input]: 'yes', 'workflow-token': 'ghs_x' })
    expect(problems).toEqual([`Input '${input}' is 'yes': write true or false.`])
    expect(settings).toMatchObject({ keepScheduleAlive: false, failureIssue: false })
  })

  it.each<[string, Record<string, string>, NodeJS.ProcessEnv, string]>([
    ['the input', { 'workflow-token': 'ghs_input' }, { GITHUB_TOKEN: 'ghs_env' }, 'ghs_input'],
    ['GITHUB_TOKEN, trimmed', {}, { GITHUB_TOKEN: ' ghs_env \n' }, 'ghs_env'],
    ['nowhere', {}, {}, '']
  ])('the workflow token comes from %s', (_case, given, env, token) => {
    expect(read(given, env).settings.workflowToken).toBe(token)
  })

  it.each(['keep-schedule-alive', 'failure-issue'])('%s needs a workflow token', (input) => {
    const { problems } = read({ [input]: 'true' })
    expect(problems).toEqual([
      expect.stringMatching(
        /^Input 'workflow-token' is empty: keep-schedule-alive, keep-alive-workflows and failure-issue need the workflow's token/
      )
    ])
    expect(read({ [input]: 'true' }, { GITHUB_TOKEN: 'ghs_env' }).problems).toEqual([])
  })

  it('no upkeep asked for: no token needed', () => {
    expect(read({}).problems).toEqual([])
  })
})

describe('needsHuman', () => {
  const graph = (code: number | undefined, transient = false): ServiceError =>
    new ServiceError({ service: 'Threads', operation: 'refresh', status: 400, apiMessage: 'm', code: code, transient: transient })
  // Built as gitHubFailure builds them: transient as the one rule judges the status; no reply at all is transient.
  const github = (status: number | undefined, transientReply = false): GitHubError =>
    new GitHubError({
      operation: 'write secret',
      status: status,
      apiMessage: 'm',
      target: 'o/r',
      transient: transientReply || status === undefined || judgeReply(status, {}).transient
    })

  it.each<[string, unknown, boolean]>([
    ['a permanent ServiceError', graph(100), true],
    ['an expired token (190)', graph(190), true],
    ['a transient ServiceError', graph(2, true), false],
    ['a GitHubError 401', github(401), true],
    ['a GitHubError 403', github(403), true],
    ['a GitHubError 404', github(404), true],
    ['a GitHubError 500', github(500), false],
    ['a GitHubError 502', github(502), false],
    ['a GitHubError 429', github(429), false],
    ['a rate-limited 403', github(403, true), false],
    ['a GitHubError without a reply', github(undefined), false],
    ['a plain Error', new Error('x'), false],
    ['a string', 'x', false]
  ])('%s: %s', (_case, error, expected) => {
    expect(needsHuman(error)).toBe(expected)
  })
})

describe('the run context', () => {
  const env = {
    GITHUB_REPOSITORY: 'octo-org/blog',
    GITHUB_WORKFLOW_REF: 'ref',
    GITHUB_WORKFLOW: 'Renew',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '9',
    GITHUB_API_URL: 'https://ghe.example.com/api/v3'
  }

  it('reads the runner environment', () => {
    const { settings } = read({ 'app-id': '42', 'redirect-uri': 'https://example.org/cb', 'secret-name': 't' }, env)
    expect(settings.apiUrl).toBe('https://ghe.example.com/api/v3')
    expect(settings.context).toEqual({
      owner: 'octo-org',
      repo: 'blog',
      workflowRef: 'ref',
      workflowName: 'Renew',
      runUrl: 'https://github.com/octo-org/blog/actions/runs/9',
      runId: '9',
      service: 'Threads',
      // A name the user chose is a value typed: issues name it by a fingerprint (sha256 of 'T').
      secretName: 'secret e632b709',
      // Every name the run keeps, so that a public account tells the typed ones by their fingerprints.
      typedNames: [
        { name: 'T', defaultName: 'THREAD_ACCESS_TOKEN' },
        { name: undefined, defaultName: undefined },
        { name: undefined },
        { name: undefined }
      ],
      authorizeUrl: expect.stringMatching(
        /^https:\/\/threads\.com\/oauth\/authorize\?client_id=42&redirect_uri=https%3A%2F%2Fexample\.org%2Fcb&/
      ),
      codeLife: 'for one hour',
      guide: undefined,
      expiry: 'dated',
      // Every value quoted for the shell: nothing in it is expanded.
      loginCommand:
        "npx github:threads-token-keeper/threads-token-keeper login --app-id '42' --redirect-uri 'https://example.org/cb' --repo 'octo-org/blog'"
    })
  })

  it('outside a runner: no run URL, github.com', () => {
    const { settings } = read({})
    expect(settings.apiUrl).toBe('https://api.github.com')
    expect(settings.context).toMatchObject({ owner: '', repo: '', runUrl: undefined, workflowRef: undefined, authorizeUrl: undefined })
  })

  // The alarm must still be raised about inputs that are unusable: read as well as they can be.
  it('is read even where the other inputs are unusable', () => {
    const { settings, problems } = read(
      { provider: 'mastodon', 'app-id': 'my-app', 'redirect-uri': 'https://example.org/cb', 'failure-issue': 'true', 'github-token': '' },
      { ...env, GITHUB_TOKEN: 'ghs_env' }
    )
    expect(problems.length).toBeGreaterThan(1)
    expect(settings).toMatchObject({ failureIssue: true, workflowToken: 'ghs_env' })
    expect(settings.context).toMatchObject({ service: 'Threads', secretName: 'THREAD_ACCESS_TOKEN', authorizeUrl: undefined })
  })

  it('names the service, the secret by the fingerprint of its upper-cased name, and the authorize address where app-id and redirect-uri are usable', () => {
    const { settings } = read(
      { provider: 'instagram', 'secret-name': 'ig_token', 'app-id': '7', 'redirect-uri': 'https://example.org/cb', 'github-token': '' },
      env
    )
    expect(settings.context).toMatchObject({
      service: 'Instagram',
      secretName: 'secret 3cffeacf',
      authorizeUrl: expect.stringMatching(/^https:\/\/www\.instagram\.com\/oauth\/authorize\?client_id=7&/)
    })
  })
})

describe('keep-alive-workflows', () => {
  it.each<[string, string[]]>([
    ['', []],
    ['post.yml', ['post.yml']],
    [' post.yml, ferret.yaml\npost.yml\n', ['post.yml', 'ferret.yaml']],
    ['.github/workflows/post.yml', ['post.yml']],
    ['Post Daily.YML', ['Post Daily.YML']]
  ])('%j reads as %j', (value, files) => {
    const { settings, problems } = read({ 'keep-alive-workflows': value, 'workflow-token': 'ghs_x' })
    expect(problems).toEqual([])
    expect(settings.keepAliveWorkflows).toEqual(files)
  })

  it.each(['post', '../post.yml', 'dir/post.yml', '..yml', 'post.yml\u0000'])('%j is refused, naming the input', (value) => {
    const { problems } = read({ 'keep-alive-workflows': value, 'workflow-token': 'ghs_x' })
    expect(problems.length).toBeGreaterThan(0)
    for (const problem of problems) expect(problem).toMatch(/^Input 'keep-alive-workflows' /)
  })

  it('needs the workflow token, as keep-schedule-alive does', () => {
    expect(read({ 'keep-alive-workflows': 'post.yml' }).problems).toEqual([expect.stringMatching(/^Input 'workflow-token' is empty/)])
  })
})
