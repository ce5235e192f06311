import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { TargetResult } from '../src/core/outcome.js'
import { isoSeconds } from '../src/core/freshness.js'
import { describeOutcome, report, reportFailure, setOutputs, type Report as Outcome } from '../src/action/report.js'
import { parseOutputFile } from '../stand-ins/run-action.js'

const NOW = new Date('2025-06-01T12:00:00Z')
const DAY = 86_400_000
const TOKEN = 'THAAlongSECRETvalue0123456789'
const EXPIRES_AT = '2025-07-31T12:00:00Z'
const SECRET = 'THREAD_ACCESS_TOKEN'
const blog = (status: TargetResult['status']): TargetResult => ({ target: 'octo-org/blog', secret: SECRET, status })
const COMMAND = `gh api --method PUT /repos/octo-org/shop/actions/secrets/${SECRET} -f encrypted_value='SEALED+base64/==' -f key_id='1'`

const outcome = (extra: Partial<Outcome> = {}): Outcome => ({
  flow: 'authorization-code',
  dryRun: false,
  secretName: SECRET,
  targets: [blog('created')],
  accessToken: TOKEN,
  userId: '17841400000000001',
  username: 'ferret.poster',
  expiresIn: 5_184_000,
  expiresAt: EXPIRES_AT,
  variables: [{ target: 'octo-org/blog', name: 'THREAD_USER_ID', status: 'created' }],
  warnings: [],
  failures: [],
  humanNeeded: false,
  storeByHand: [],
  ...extra
})
const without = (...keys: (keyof Outcome)[]): Outcome => {
  const value = outcome()
  for (const key of keys) delete value[key]
  return value
}
/** Stored in blog, refused by shop: the token handed back for shop. */
const partial = (): Outcome =>
  outcome({
    targets: [blog('created'), { target: 'octo-org/shop', secret: SECRET, status: 'failed' }],
    failures: ['GitHub refused to write secret to octo-org/shop.', 'The new token is stored in octo-org/blog, but not in octo-org/shop.'],
    humanNeeded: true,
    storeByHand: [{ target: 'octo-org/shop', kind: 'token', command: COMMAND }]
  })

describe('describeOutcome', () => {
  it.each<[string, Outcome, [string, string][]]>([
    [
      'a stored token',
      outcome(),
      [
        ['Flow', 'authorization-code'],
        ['Secret', 'THREAD_ACCESS_TOKEN created in octo-org/blog'],
        ['User', '@ferret.poster (id 17841400000000001)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`],
        ['Variable', 'THREAD_USER_ID created in octo-org/blog']
      ]
    ],
    [
      'a dry run',
      { ...without('accessToken', 'expiresIn', 'expiresAt'), targets: [blog('unchanged')], flow: 'refresh', dryRun: true, variables: [] },
      [
        ['Flow', 'refresh (dry run: nothing changed)'],
        ['Secret', 'THREAD_ACCESS_TOKEN in octo-org/blog (dry run, unchanged)'],
        ['User', '@ferret.poster (id 17841400000000001)']
      ]
    ],
    [
      'a skipped refresh',
      {
        ...without('accessToken', 'expiresIn', 'userId', 'username'),
        targets: [blog('unchanged')],
        flow: 'skipped',
        skipReason: 'the current token is under a day old, too young to refresh',
        variables: []
      },
      [
        ['Flow', 'skipped'],
        ['Secret', 'THREAD_ACCESS_TOKEN in octo-org/blog (unchanged: the current token is under a day old, too young to refresh)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`]
      ]
    ],
    [
      'a user id without username',
      { ...without('username'), targets: [blog('updated')], variables: [] },
      [
        ['Flow', 'authorization-code'],
        ['Secret', 'THREAD_ACCESS_TOKEN updated in octo-org/blog'],
        ['User', '(id 17841400000000001)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`]
      ]
    ],
    [
      'several targets, one refused',
      {
        ...partial(),
        variables: [
          { target: 'octo-org/blog', name: 'A', status: 'created' },
          { target: 'octo-org/blog', name: 'B', status: 'updated' }
        ]
      },
      [
        ['Flow', 'authorization-code'],
        ['Secret', 'THREAD_ACCESS_TOKEN created in octo-org/blog'],
        ['Secret', 'THREAD_ACCESS_TOKEN failed in octo-org/shop'],
        ['User', '@ferret.poster (id 17841400000000001)'],
        ['Token expires', `${EXPIRES_AT} (in 60 days)`],
        ['Variable', 'A created in octo-org/blog'],
        ['Variable', 'B updated in octo-org/blog']
      ]
    ]
  ])('%s', (_case, given, rows) => {
    const described = describeOutcome(given, NOW)
    expect(described).toEqual(rows)
    expect(JSON.stringify(described)).not.toContain(TOKEN)
  })

  // Under a day, in hours: X's tokens live two.
  it.each<[number, string]>([
    [59.5, 'in 60 days'],
    [59.49, 'in 59 days'],
    [60 - 1 / 86_400, 'in 60 days'],
    [1, 'in 1 day'],
    [0.4, 'in 10 hours'],
    [2 / 24, 'in 2 hours'],
    [1 / 24, 'in 1 hour'],
    [-1.6, '2 days ago']
  ])('%d days away reads as %s', (days, shown) => {
    const expiresAt = new Date(NOW.getTime() + days * DAY)
    expect(describeOutcome(outcome({ expiresAt: expiresAt.toISOString() }), NOW).find(([label]) => label === 'Token expires')?.[1]).toBe(
      `${isoSeconds(expiresAt)} (${shown})`
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

  it('setOutputs writes every known value, the user id digit for digit, the targets as JSON', async () => {
    setOutputs(partial())
    expect(await outputs()).toEqual({
      flow: 'authorization-code',
      'secret-name': 'THREAD_ACCESS_TOKEN',
      targets: JSON.stringify(partial().targets),
      'user-id': '17841400000000001',
      username: 'ferret.poster',
      'expires-in': '5184000',
      'expires-at': EXPIRES_AT,
      'access-token': TOKEN
    })
    expect(JSON.parse((await outputs()).targets ?? '')).toEqual(partial().targets)
  })

  it.each<[string, Outcome]>([
    ['a dry run', { ...without('accessToken'), targets: [blog('unchanged')], dryRun: true }],
    ['a skipped refresh', { ...without('accessToken', 'expiresIn'), targets: [blog('unchanged')], flow: 'skipped' }]
  ])('setOutputs: no access-token output for %s', async (_case, given) => {
    setOutputs(given)
    const written = await outputs()
    expect(written).not.toHaveProperty('access-token')
    expect(written.flow).toBe(given.flow)
  })

  it('report: outputs, log lines, warnings, and a summary without the token', async () => {
    await report(outcome({ warnings: ['The profile lookup failed.'], failures: ['Variable X was not written.'] }), {}, NOW)
    expect((await outputs())['access-token']).toBe(TOKEN)
    const text = await summary()
    expect(text).toContain('<h3>Token kept</h3>')
    expect(text).toContain('<td>Secret</td><td>THREAD_ACCESS_TOKEN created in octo-org/blog</td>')
    expect(text).toContain('<li>The profile lookup failed.</li>')
    expect(text).toContain('<li>Variable X was not written.</li>')
    expect(text).not.toContain(TOKEN)
    const log = stdout.join('')
    expect(log).toContain('User: @ferret.poster (id 17841400000000001)\n')
    expect(log).toContain('::warning::The profile lookup failed.')
    // Failures are main's to print, as errors; the report only lists them in the summary.
    expect(log).not.toContain('Variable X was not written.')
    expect(log).not.toContain(TOKEN)
  })

  it('report: a dry run is titled as such and lists no notes when there are none', async () => {
    await report({ ...without('accessToken'), targets: [blog('unchanged')], dryRun: true }, {}, NOW)
    const text = await summary()
    expect(text).toContain('<h3>Token check (dry run)</h3>')
    expect(text).not.toContain('<ul>')
    expect(await outputs()).not.toHaveProperty('access-token')
  })

  it('report without a summary file (run outside a runner) writes outputs only', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await report(outcome(), {}, NOW)
    expect(await summary()).toBe('')
    expect((await outputs()).flow).toBe('authorization-code')
  })

  it('report with a hand-back prints the store command and puts it in the summary as a code block', async () => {
    await report(partial(), {}, NOW)
    const log = stdout.join('')
    expect(log).toContain('The new token, sealed with the public key of octo-org/shop (only GitHub can open it). Store it with:\n')
    expect(log).toContain(`${COMMAND}\n`)
    const text = await summary()
    expect(text).toContain('<h3>Token obtained but not stored everywhere</h3>')
    expect(text).toContain('<li>The new token is stored in octo-org/blog, but not in octo-org/shop.</li>')
    expect(text).toContain(`<pre lang="sh"><code>${COMMAND}</code></pre>`)
    expect(text.indexOf('sealed with the public key of octo-org/shop')).toBeLessThan(text.indexOf('<pre lang="sh">'))
    expect(text).not.toContain(TOKEN)
  })

  it('report prints the hand-backs before anything else: before the rows and the warnings', async () => {
    await report({ ...partial(), warnings: ['The profile lookup failed (x): the username is unknown for this run.'] }, {}, NOW)
    const lines = stdout.join('').split('\n')
    expect(lines.slice(0, 2)).toEqual([
      'The new token, sealed with the public key of octo-org/shop (only GitHub can open it). Store it with:',
      COMMAND
    ])
    expect(lines.indexOf('Flow: authorization-code')).toBeGreaterThan(1)
    expect(lines.findIndex((line) => line.startsWith('::warning::'))).toBeGreaterThan(1)
  })

  it('report: a hand-back is in the log even when the outputs cannot be written', async () => {
    process.env.GITHUB_OUTPUT = join(dir, 'no such directory', 'output')
    await expect(report(partial(), {}, NOW)).rejects.toThrow(/no such directory/)
    const log = stdout.join('')
    expect(log).toContain('The new token, sealed with the public key of octo-org/shop (only GitHub can open it). Store it with:\n')
    expect(log).toContain(`${COMMAND}\n`)
  })

  it("report: the github-token's expiry, as an output and a row with the days left", async () => {
    await report(outcome(), { writerTokenExpiresAt: new Date(NOW.getTime() + 5 * DAY) }, NOW)
    expect((await outputs())['github-token-expires-at']).toBe('2025-06-06T12:00:00Z')
    expect(stdout.join('')).toContain('GitHub token expires: 2025-06-06T12:00:00Z (in 5 days)\n')
    expect(await summary()).toContain('<td>GitHub token expires</td><td>2025-06-06T12:00:00Z (in 5 days)</td>')
  })

  it.each<[string, Date | undefined, 'dated' | 'never', string]>([
    ['known', new Date(NOW.getTime() + 5 * DAY), 'dated', '2025-06-06T12:00:00Z (in 5 days)'],
    ['unknown', undefined, 'dated', 'unknown (keep one with the expires-at-variable input)'],
    ['never, as a Facebook Page token', undefined, 'never', 'never, but it may be invalidated at any time']
  ])('reportFailure: the stored token expiry %s, the writer token, the message escaped', async (_case, storedExpiresAt, expiry, shown) => {
    const writerTokenExpiresAt = new Date(NOW.getTime() - DAY)
    await reportFailure('Threads refused <b>the</b> refresh.', { storedExpiresAt, expiry, writerTokenExpiresAt }, NOW)
    const text = await summary()
    expect(text).toContain('<h3>Token not renewed</h3>')
    expect(text).toContain(`<td>Stored token expires</td><td>${shown}</td>`)
    expect(text).toContain('<td>GitHub token expires</td><td>2025-05-31T12:00:00Z (1 day ago)</td>')
    expect(text).toContain('<li>Threads refused &#60;b&#62;the&#60;/b&#62; refresh.</li>')
    expect(stdout.join('')).toContain(`Stored token expires: ${shown}\n`)
    expect((await outputs())['github-token-expires-at']).toBe('2025-05-31T12:00:00Z')
  })

  it('reportFailure outside a runner: the log line only', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await reportFailure('m', { storedExpiresAt: undefined, expiry: 'dated' }, NOW)
    expect(stdout.join('')).toContain('Stored token expires: unknown')
  })

  it('reportFailure for a token of hours, kept beside its refresh token: no expiry row', async () => {
    await reportFailure('m', { storedExpiresAt: undefined, expiry: 'hours' }, NOW)
    expect(stdout.join('')).not.toContain('Stored token expires')
    expect(await outputs()).toEqual({})
  })
})
