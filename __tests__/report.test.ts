import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { GitHubError } from '../src/errors.js'
import { HandBackError, type Outcome } from '../src/keeper.js'
import { describeOutcome, report, reportHandBack, setOutputs } from '../src/report.js'
import { parseOutputFile } from '../stand-ins/run-action.js'

const NOW = new Date('2025-06-01T12:00:00Z')
const DAY = 86_400_000
const TOKEN = 'THAAlongSECRETvalue0123456789'
const EXPIRES_AT = '2025-07-31T12:00:00Z'

const outcome = (extra: Partial<Outcome> = {}): Outcome => ({
  flow: 'authorization-code',
  dryRun: false,
  target: 'octo-org/blog',
  secretName: 'THREAD_ACCESS_TOKEN',
  secretStatus: 'created',
  accessToken: TOKEN,
  userId: '17841400000000001',
  username: 'ferret.poster',
  expiresIn: 5_184_000,
  expiresAt: EXPIRES_AT,
  variables: [{ name: 'THREAD_USER_ID', status: 'created' }],
  warnings: [],
  failures: [],
  ...extra
})
const without = (...keys: (keyof Outcome)[]): Outcome => {
  const value = outcome()
  for (const key of keys) delete value[key]
  return value
}

describe('describeOutcome', () => {
  it.each<[string, Outcome, [string, string][]]>([
    [
      'a stored token',
      outcome(),
      [
        ['Flow', 'authorization-code'],
        ['Secret', 'THREAD_ACCESS_TOKEN created in octo-org/blog'],
        ['Threads user', '@ferret.poster (id 17841400000000001)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`],
        ['Variable', 'THREAD_USER_ID created']
      ]
    ],
    [
      'a dry run',
      { ...without('secretStatus', 'accessToken', 'expiresIn', 'expiresAt'), flow: 'refresh', dryRun: true, variables: [] },
      [
        ['Flow', 'refresh (dry run: nothing changed)'],
        ['Secret', 'THREAD_ACCESS_TOKEN in octo-org/blog (not written)'],
        ['Threads user', '@ferret.poster (id 17841400000000001)']
      ]
    ],
    [
      'a skipped refresh',
      { ...without('secretStatus', 'accessToken', 'expiresIn', 'userId', 'username'), flow: 'skipped', variables: [] },
      [
        ['Flow', 'skipped'],
        ['Secret', 'THREAD_ACCESS_TOKEN in octo-org/blog (unchanged: the current token is under a day old, too young to refresh)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`]
      ]
    ],
    [
      'a user id without username',
      { ...without('username'), secretStatus: 'updated', variables: [] },
      [
        ['Flow', 'authorization-code'],
        ['Secret', 'THREAD_ACCESS_TOKEN updated in octo-org/blog'],
        ['Threads user', '(id 17841400000000001)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`]
      ]
    ]
  ])('%s', (_case, given, rows) => {
    const described = describeOutcome(given, NOW)
    expect(described).toEqual(rows)
    expect(JSON.stringify(described)).not.toContain(TOKEN)
  })

  it.each<[number, number]>([
    [59.5, 60],
    [59.49, 59],
    [60 - 1 / 86_400, 60],
    [0.4, 0],
    [0.5, 1],
    [-1.6, -2]
  ])('%d days away reads as %d', (days, shown) => {
    const expiresAt = new Date(NOW.getTime() + days * DAY).toISOString()
    expect(describeOutcome(outcome({ expiresAt }), NOW).find(([label]) => label === 'Token expires')?.[1]).toBe(
      `${expiresAt} (in ${shown} days)`
    )
  })
})

describe('setOutputs and report', () => {
  let dir: string
  const saved = { output: process.env.GITHUB_OUTPUT, summary: process.env.GITHUB_STEP_SUMMARY }
  const outputFile = (): string => join(dir, 'output')
  // @actions/core remembers the summary file it first wrote: one file for the whole suite.
  const summaryFile = (): string => join(dir, 'summary')
  let stdout: string[]

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'report-test-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })
  beforeEach(async () => {
    await Promise.all([writeFile(outputFile(), ''), writeFile(summaryFile(), '')])
    process.env.GITHUB_OUTPUT = outputFile()
    process.env.GITHUB_STEP_SUMMARY = summaryFile()
    stdout = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk))
      return true
    })
  })
  afterEach(() => {
    vi.restoreAllMocks()
    for (const [name, value] of [
      ['GITHUB_OUTPUT', saved.output],
      ['GITHUB_STEP_SUMMARY', saved.summary]
    ] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  })

  const outputs = async (): Promise<Record<string, string>> => parseOutputFile(await readFile(outputFile(), 'utf8'))
  const summary = (): Promise<string> => readFile(summaryFile(), 'utf8')

  it('setOutputs writes every known value, the user id digit for digit', async () => {
    setOutputs(outcome())
    expect(await outputs()).toEqual({
      flow: 'authorization-code',
      'secret-name': 'THREAD_ACCESS_TOKEN',
      'user-id': '17841400000000001',
      username: 'ferret.poster',
      'expires-in': '5184000',
      'expires-at': EXPIRES_AT,
      'access-token': TOKEN
    })
  })

  it.each<[string, Outcome]>([
    ['a dry run', { ...without('accessToken', 'secretStatus'), dryRun: true }],
    ['a skipped refresh', { ...without('accessToken', 'secretStatus', 'expiresIn'), flow: 'skipped' }]
  ])('setOutputs: no access-token output for %s', async (_case, given) => {
    setOutputs(given)
    const written = await outputs()
    expect(written).not.toHaveProperty('access-token')
    expect(written.flow).toBe(given.flow)
  })

  it('report: outputs, log lines, warnings, and a summary without the token', async () => {
    await report(outcome({ warnings: ['The profile lookup failed.'], failures: ['Variable X was not written.'] }), NOW)
    expect((await outputs())['access-token']).toBe(TOKEN)
    const text = await summary()
    expect(text).toContain('<h3>Threads token kept</h3>')
    expect(text).toContain('<td>Secret</td><td>THREAD_ACCESS_TOKEN created in octo-org/blog</td>')
    expect(text).toContain('<li>The profile lookup failed.</li>')
    expect(text).toContain('<li>Variable X was not written.</li>')
    expect(text).not.toContain(TOKEN)
    const log = stdout.join('')
    expect(log).toContain('Threads user: @ferret.poster (id 17841400000000001)\n')
    expect(log).toContain('::warning::The profile lookup failed.')
    expect(log).not.toContain(TOKEN)
  })

  it('report: a dry run is titled as such and lists no notes when there are none', async () => {
    await report({ ...without('accessToken', 'secretStatus'), dryRun: true }, NOW)
    const text = await summary()
    expect(text).toContain('<h3>Threads token check (dry run)</h3>')
    expect(text).not.toContain('<ul>')
    expect(await outputs()).not.toHaveProperty('access-token')
  })

  it('report without a summary file (run outside a runner) writes outputs only', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await report(outcome(), NOW)
    expect(await summary()).toBe('')
    expect((await outputs()).flow).toBe('authorization-code')
  })

  it('reportHandBack prints the store command and puts it in the summary as a code block', async () => {
    const error = new HandBackError(
      new GitHubError('write secret', 403, 'Forbidden', 'octo-org/blog'),
      'SEALED+base64/==',
      "gh api --method PUT /repos/octo-org/blog/actions/secrets/THREAD_ACCESS_TOKEN -f encrypted_value='SEALED+base64/==' -f key_id='1'"
    )
    await reportHandBack(error)
    expect(stdout.join('')).toContain(`${error.storeCommand}\n`)
    const text = await summary()
    expect(text).toContain('<h3>Threads token obtained but not stored</h3>')
    expect(text).toContain(`<pre lang="sh"><code>${error.storeCommand}</code></pre>`)
  })
})
