import type { ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { followRedirect, startCliWorld, stateOf, type CliWorld, type CliWorldOptions } from '../cli-world.js'
import { runCli, runtimes, type CliRun } from '../support.js'

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

type Page = Awaited<ReturnType<typeof followRedirect>>

describe.each(runtimes())('the command line for every provider, as a child process under %s', (_name, node) => {
  let world: CliWorld
  afterEach(() => world.close())
  const start = async (provider: 'facebook' | 'linkedin' | 'x', options: CliWorldOptions): Promise<void> => {
    world = await startCliWorld(provider, options)
  }
  const cli = (
    args: string[],
    env: NodeJS.ProcessEnv,
    answer?: (stdout: string) => string[] | undefined,
    whileRunning?: (child: ChildProcess) => void
  ): Promise<CliRun> => runCli([node, CLI, ...args], env as Record<string, string>, answer, whileRunning)

  /** login, and the browser that follows the redirect to it once the address is out (standard input then ends: nothing to paste). */
  async function loginThroughBrowser(args: string[]): Promise<CliRun & { page: Page | undefined }> {
    let page: Promise<Page> | undefined
    const run = await cli(args, world.env(), (stdout) => {
      if (!stateOf(stdout)) return undefined
      page = followRedirect(world, stdout)
      return []
    })
    return { ...run, page: await page }
  }

  function expectNoCredential(run: CliRun, extra: string[] = []): void {
    for (const secret of [...world.credentials(), ...extra]) expect(run.stdout + run.stderr).not.toContain(secret)
  }

  it('login --provider facebook: the loopback listener catches the redirect; the Page token is stored, and decrypts valid', async () => {
    await start('facebook', { loopback: true })
    const run = await loginThroughBrowser(world.login('--user-id-variable', 'FACEBOOK_PAGE_ID'))
    expect(run.exitCode, run.stderr).toBe(0)
    expect(run.page).toEqual({ status: 200, text: expect.stringMatching(/^Authorized\./), type: 'text/plain; charset=utf-8' })
    const stored = world.github.openSecret(world.repository, 'FACEBOOK_ACCESS_TOKEN') ?? ''
    expect(world.facebook?.token(stored)).toMatchObject({ kind: 'page', pageId: '103455271248220' })
    expect(world.facebook?.isValid(stored)).toBe(true)
    expect(world.github.variable(world.repository, 'FACEBOOK_PAGE_ID')).toBe('103455271248220')
    expect(run.stdout.split('\n').slice(1)).toEqual([
      'FACEBOOK_ACCESS_TOKEN created in octo-org/blog',
      'FACEBOOK_PAGE_ID created in octo-org/blog',
      'Facebook id 103455271248220; Facebook gave the token no expiry',
      ''
    ])
    expect(run.stderr).toMatch(
      /^Open this address in a browser and approve: login listens at http:\/\/127\.0\.0\.1:\d+\/facebook\/callback/
    )
    expectNoCredential(run, [stored])

    const status = await cli(world.status(), world.env())
    expect(status.exitCode).toBe(0)
    expect(status.stdout).toMatch(/^FACEBOOK_ACCESS_TOKEN in octo-org\/blog: present, last written \d{4}-/)
  })

  it.each<[string, CliWorldOptions]>([
    ['pasted, at an https redirect URI', { loopback: false }],
    ['caught at a loopback redirect URI', { loopback: true }]
  ])('login --provider linkedin, %s: the token is stored, and decrypts valid', async (_case, options) => {
    await start('linkedin', options)
    const run = options.loopback
      ? await loginThroughBrowser(world.login('--expires-at-variable', 'LINKEDIN_TOKEN_EXPIRES_AT'))
      : await cli(world.login('--expires-at-variable', 'LINKEDIN_TOKEN_EXPIRES_AT'), world.env(), (stdout) => {
          const state = stateOf(stdout)
          return state ? [`${world.service.redirectUri}?code=${world.service.issueCode()}&state=${state}`] : undefined
        })
    expect(run.exitCode, run.stderr).toBe(0)
    const stored = world.github.openSecret(world.repository, 'LINKEDIN_ACCESS_TOKEN') ?? ''
    expect(world.linkedin?.state(stored)).toBe('active')
    const expiresAt = world.github.variable(world.repository, 'LINKEDIN_TOKEN_EXPIRES_AT') ?? ''
    // 60 days, as LinkedIn said, to the second it was said.
    expect(Math.abs(Date.parse(expiresAt) - (world.linkedin?.expiresAt(stored) ?? 0))).toBeLessThan(5_000)
    expect(run.stdout).toMatch(/\nLinkedIn id yGj4xL2mTq; token expires \d{4}-\d\d-\d\dT[\d:]+Z\n$/)
    expectNoCredential(run, [stored])

    const status = await cli(world.status('--expires-at-variable', 'LINKEDIN_TOKEN_EXPIRES_AT'), world.env())
    expect(status.exitCode).toBe(0)
    expect(status.stdout.split('\n')).toEqual([
      expect.stringMatching(/^LINKEDIN_ACCESS_TOKEN in octo-org\/blog: present, last written \d{4}-/),
      'LINKEDIN_REFRESH_TOKEN in octo-org/blog: not set (only apps granted refresh tokens keep one)',
      expect.stringMatching(/^LINKEDIN_TOKEN_EXPIRES_AT: \S+ \((59|60) days left\)$/),
      ''
    ])
  })

  it('login --provider linkedin for a partner app: the refresh token stored beside the token, both decrypting valid', async () => {
    await start('linkedin', { loopback: true, linkedin: { grantsRefreshTokens: true } })
    const run = await loginThroughBrowser(world.login())
    expect(run.exitCode, run.stderr).toBe(0)
    const refreshToken = world.github.openSecret(world.repository, 'LINKEDIN_REFRESH_TOKEN') ?? ''
    expect(world.linkedin?.state(refreshToken)).toBe('active')
    expect(world.linkedin?.state(world.github.openSecret(world.repository, 'LINKEDIN_ACCESS_TOKEN') ?? '')).toBe('active')
    expect(run.stdout).toContain('LINKEDIN_REFRESH_TOKEN created in octo-org/blog')
    expectNoCredential(run, [refreshToken])
  })

  it('login --provider x: PKCE at the loopback redirect, the code exchanged at once; the refresh token stored, and decrypts valid', async () => {
    await start('x', { loopback: true })
    const run = await loginThroughBrowser(world.login())
    expect(run.exitCode, run.stderr).toBe(0)
    const address = new URL(run.stdout.split('\n')[0] ?? '')
    expect(address.searchParams.get('code_challenge_method')).toBe('S256')
    const refreshToken = world.github.openSecret(world.repository, 'X_REFRESH_TOKEN') ?? ''
    expect(world.x?.state(refreshToken)).toBe('active')
    expect(run.stdout).toContain('X_REFRESH_TOKEN created in octo-org/blog\nX user @fernferret (id 1612345678901234567)')
    expectNoCredential(run, [refreshToken])
  })

  it('Ctrl-C while login waits for the browser: the wait ends (130), nothing sent, the port free again', async () => {
    await start('linkedin', { loopback: true })
    const interrupt = (child: ChildProcess): void => {
      let said = ''
      child.stderr?.on('data', (chunk: Buffer) => {
        said += chunk.toString()
        if (said.includes('login listens at')) child.kill('SIGINT')
      })
    }
    const run = await cli(world.login(), { ...world.env(), THREADS_TOKEN_KEEPER_TIME_SCALE: '1' }, undefined, interrupt)
    expect(run.exitCode).toBe(130)
    expect(run.stderr.split('\n').at(-2)).toBe('Cancelled while waiting for the redirect: nothing was sent.')
    expect([world.service.server.requests, world.github.server.requests]).toEqual([[], []])
    const { port } = new URL(world.service.redirectUri)
    const probe: Server = createServer()
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(Number(port), '127.0.0.1', resolve))
    await new Promise<void>((resolve) => probe.close(() => resolve()))
  })

  it('a port in use at the redirect URI is said before the address (1); nothing is sent', async () => {
    await start('facebook', { loopback: true })
    const blocker = createServer()
    const { port } = new URL(world.service.redirectUri)
    await new Promise<void>((resolve) => blocker.listen(Number(port), '127.0.0.1', resolve))
    try {
      const run = await cli(world.login(), world.env())
      expect(run.exitCode).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toMatch(new RegExp(`^Port ${port} of 127\\.0\\.0\\.1 is in use by another program`))
      expect([world.service.server.requests, world.github.server.requests]).toEqual([[], []])
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()))
    }
  })
})
