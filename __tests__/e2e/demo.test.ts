/**
 * `npm run demo` is the first thing a newcomer runs (`npm ci && npm run demo`): it must pass on the
 * committed bundle, and fail where what it claims is not so. Its clock preload moves the action's
 * Date as far as the stand-ins' clocks, and nothing else.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CLOCK_AHEAD = fileURLToPath(new URL('../../scripts/clock-ahead.cjs', import.meta.url))
const DAY = 86_400_000

describe('the clock preload', () => {
  const dates = async (ahead: number): Promise<number[]> => {
    const script =
      'console.log(JSON.stringify([Date.now(), new Date().getTime(), new Date(0).getTime(), Date.parse("2026-01-01T00:00:00Z")]))'
    const { stdout } = await run(process.execPath, ['--require', CLOCK_AHEAD, '-e', script], { env: { CLOCK_AHEAD_MS: String(ahead) } })
    return JSON.parse(stdout) as number[]
  }

  it('moves now, and only now, by CLOCK_AHEAD_MS', async () => {
    const before = Date.now()
    const [now = 0, constructed = 0, epoch, parsed] = await dates(50 * DAY)
    for (const value of [now, constructed]) {
      expect(value).toBeGreaterThanOrEqual(before + 50 * DAY)
      expect(value).toBeLessThan(Date.now() + 50 * DAY)
    }
    expect([epoch, parsed]).toEqual([0, Date.parse('2026-01-01T00:00:00Z')])
  })

  it('leaves the clock alone without CLOCK_AHEAD_MS', async () => {
    const before = Date.now()
    const [now = 0] = await dates(0)
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })
})

describe('npm run demo', () => {
  it('keeps one token of each kind, proving every claim, and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], { cwd: ROOT })
    expect(stdout).not.toContain('FAIL')
    for (const provider of ['Threads', 'Facebook', 'LinkedIn']) expect(stdout).toMatch(new RegExp(`^${provider}: `, 'm'))
    expect(stdout).toContain('flow checked')
    expect(stdout).toContain('(in 10 days), and nothing can renew it')
    expect(stdout).toContain('login --provider linkedin')
    expect(stdout.match(/^ {2}ok {3}/gm)).toHaveLength(21)
    expect(stdout).toContain('Demo passed')
  }, 60_000)
})
