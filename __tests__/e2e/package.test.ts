/**
 * The npm package as people will get it with `npx threads-token-keeper` once a release has published it: packed by `npm pack`, installed
 * from the tarball into an empty folder (offline: it depends on nothing), and run through the `bin`
 * link npm makes, against the stand-ins.
 */
import { execFile } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorld, type World } from '../../stand-ins/world.js'
import { loginArgs, runCli } from '../support.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const run = promisify(execFile)
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string }

/** npm as the test was started with (`npm test` sets npm_execpath), else the one on PATH. */
function npm(args: string[], cwd: string): Promise<{ stdout: string }> {
  const execpath = process.env.npm_execpath
  const [file, first] = execpath?.endsWith('.js') ? [process.execPath, [execpath]] : ['npm', []]
  return run(file, [...first, ...args], { cwd, env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } })
}

interface Packed {
  filename: string
  files: { path: string }[]
}

describe('the npm package', () => {
  let dir = ''
  let packed: Packed
  let bin = ''
  let world: World

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ttk-package-'))
    const { stdout } = await npm(['pack', '--json', '--pack-destination', dir], ROOT)
    packed = (JSON.parse(stdout) as Packed[])[0] ?? { filename: '', files: [] }
    const app = join(dir, 'app')
    await run('mkdir', [app])
    await writeFile(join(app, 'package.json'), '{ "name": "someone-else", "private": true }\n')
    await npm(['install', '--offline', '--ignore-scripts', '--no-package-lock', join(dir, packed.filename)], app)
    bin = join(app, 'node_modules', '.bin', pkg.name)
    world = await startWorld()
  }, 120_000)

  afterAll(async () => {
    await world?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('holds what runs and nothing else: the command line, its chunks, the licenses', () => {
    const paths = packed.files.map((file) => file.path).sort()
    expect(paths).toEqual(
      expect.arrayContaining(['LICENSE', 'README.md', 'dist/cli.js', 'dist/licenses.txt', 'dist/package.json', 'package.json'])
    )
    for (const path of paths)
      expect(path).toMatch(/^(LICENSE|README\.md|package\.json|dist\/(cli\.js|licenses\.txt|package\.json|chunks\/[\w-]+\.js))$/)
    expect(paths).not.toContain('dist/index.js')
  })

  it('depends on nothing: installing it brings no other package', () => {
    const installed = readdirSync(join(dir, 'app', 'node_modules')).filter((name) => !name.startsWith('.'))
    expect(installed).toEqual([pkg.name])
    const manifest = JSON.parse(readFileSync(join(dir, 'app', 'node_modules', pkg.name, 'package.json'), 'utf8')) as Record<string, unknown>
    expect(manifest.dependencies).toBeUndefined()
    expect(manifest.private).toBeUndefined()
  })

  it('--version and --help run from the installed bin', async () => {
    expect(await runCli([bin, '--version'], {})).toMatchObject({ exitCode: 0, stdout: `${pkg.version}\n`, stderr: '' })
    expect((await runCli([bin, 'login', '--help'], {})).stdout).toMatch(/^Usage: threads-token-keeper login /)
  })

  it('login stores a long-lived token, and status sees it', async () => {
    const env = { THREADS_APP_SECRET: world.graph.appSecret, GH_ENTERPRISE_TOKEN: world.githubToken }
    const login = await runCli([bin, ...loginArgs(world)], env, (stdout) => {
      const state = /[?&]state=([^&\s]+)/.exec(stdout)?.[1]
      return state ? [`${world.graph.redirectUri}?code=${world.graph.issueCode()}&state=${state}#_`] : undefined
    })
    expect(login.exitCode, login.stderr).toBe(0)
    const stored = world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? ''
    expect(world.graph.token(stored)?.kind).toBe('long-lived')

    const status = await runCli([bin, 'status', '--repo', world.repository, '--github-api-url', world.github.url], env)
    expect(status.exitCode).toBe(0)
    expect(status.stdout).toMatch(/^THREAD_ACCESS_TOKEN in octo-org\/blog: present, last written \d{4}-/)
    for (const secret of [...world.credentials(), stored]) expect(login.stdout + login.stderr + status.stdout).not.toContain(secret)
  })
})
