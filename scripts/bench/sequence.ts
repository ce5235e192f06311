/**
 * Which requests a run sends one after another: the stand-ins' request logs are watched while the
 * run goes on, with latency added to every request, and requests that arrive within half that
 * latency of the one before leave together (one round trip); a longer gap means the run waited for
 * an answer first. What the wall time says in total, this says request by request.
 */
import type { SeenRequest, StandInServer } from '../../stand-ins/server.js'

const POLL_MS = 5

interface Arrival {
  at: number
  label: string
}

/** `GET secrets/public-key` for GitHub's repository paths, the path as it is for the services'. */
function labelOf(host: string, request: SeenRequest): string {
  const path = request.path.replace(/^\/repos\/[^/]+\/[^/]+\/(actions\/)?/, '')
  return `${host} ${request.method} ${path}`
}

/** Runs `run` while watching `hosts` (by name); the round trips it waited on, each the requests that left together. */
export async function traceRoundTrips(
  hosts: Record<string, StandInServer>,
  latencyMs: number,
  run: () => Promise<unknown>
): Promise<string[][]> {
  const seen = Object.fromEntries(Object.entries(hosts).map(([name, server]) => [name, server.requests.length]))
  const arrivals: Arrival[] = []
  const sweep = (): void => {
    const at = performance.now()
    for (const [name, server] of Object.entries(hosts)) {
      for (const request of server.requests.slice(seen[name])) arrivals.push({ at, label: labelOf(name, request) })
      seen[name] = server.requests.length
    }
  }
  const timer = setInterval(sweep, POLL_MS)
  try {
    await run()
  } finally {
    clearInterval(timer)
    sweep()
  }
  const trips: string[][] = []
  let last = Number.NEGATIVE_INFINITY
  for (const { at, label } of arrivals.sort((a, b) => a.at - b.at)) {
    if (at - last > latencyMs / 2 || trips.length === 0) trips.push([])
    trips.at(-1)?.push(label)
    last = at
  }
  return trips
}
