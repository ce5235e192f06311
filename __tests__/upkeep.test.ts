import { describe, expect, it } from 'vitest'
import { GitHubError, GraphError, InputError, needsHuman } from '../src/errors.js'
import { readUpkeep, runContext } from '../src/upkeep.js'

describe('readUpkeep', () => {
  const read = (given: Record<string, string>, env: NodeJS.ProcessEnv = {}) => {
    const problems: string[] = []
    return { settings: readUpkeep((name) => given[name] ?? '', env, problems), problems }
  }

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
    expect(settings).toEqual({ keepScheduleAlive: expected, failureIssue: expected, workflowToken: 'ghs_x' })
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
      expect.stringMatching(/^Input 'workflow-token' is empty: keep-schedule-alive and failure-issue need the workflow's token/)
    ])
    expect(read({ [input]: 'true' }, { GITHUB_TOKEN: 'ghs_env' }).problems).toEqual([])
  })

  it('no upkeep asked for: no token needed', () => {
    expect(read({}).problems).toEqual([])
  })
})

describe('needsHuman', () => {
  const graph = (code: number | undefined, transient = false): GraphError =>
    new GraphError('Threads', 'refresh', 400, 'm', code, undefined, transient)
  const github = (status: number | undefined, transientReply = false): GitHubError =>
    new GitHubError('write secret', status, 'm', 'o/r', undefined, transientReply)

  it.each<[string, unknown, boolean]>([
    ['an InputError', new InputError(['x']), true],
    ['a permanent GraphError', graph(100), true],
    ['an expired token (190)', graph(190), true],
    ['a transient GraphError', graph(2, true), false],
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

describe('runContext', () => {
  it('reads the runner environment', () => {
    const env = {
      GITHUB_REPOSITORY: 'octo-org/blog',
      GITHUB_WORKFLOW_REF: 'ref',
      GITHUB_WORKFLOW: 'Renew',
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '9'
    }
    expect(runContext(env, 'Threads', 'T', 'https://auth')).toEqual({
      owner: 'octo-org',
      repo: 'blog',
      workflowRef: 'ref',
      workflowName: 'Renew',
      runUrl: 'https://github.com/octo-org/blog/actions/runs/9',
      service: 'Threads',
      secretName: 'T',
      authorizeUrl: 'https://auth'
    })
  })

  it('outside a runner: no run URL', () => {
    expect(runContext({}, 'Threads', 'T', undefined)).toMatchObject({ owner: '', repo: '', runUrl: undefined, workflowRef: undefined })
  })
})
