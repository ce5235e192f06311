/**
 * What `npm run bench` measures, one entry a flow: the world it runs in, how one run starts, and
 * the sequential round trips the documentation claims for it. A new provider's flow is one entry
 * here (its world, how a run starts, its claim), as X's rotating refresh is.
 */
import { fileURLToPath } from 'node:url'
import type { StartedWorlds, WorldName, Worlds } from './worlds.js'

const DAY = 86_400_000

/** The command line after `node` (the bundled action by default), and the inputs, for one run. */
export interface Start {
  argv?: string[]
  inputs: Record<string, string>
}

export interface Variant {
  name: string
  world: WorldName
  start: (worlds: StartedWorlds) => Start
  /** The sequential round trips claimed for it; none for the references. */
  claim?: number
  /** Its CPU at 0 ms, at most this many times bare node's. */
  timesBare?: number
}

/** An entry's world, typed: `start` gets that world, freshly seeded for each run. */
const on = <Name extends WorldName>(world: Name, start: (world: Worlds[Name]) => Start): Pick<Variant, 'world' | 'start'> => ({
  world,
  start: (worlds) => start(worlds.get(world))
})

/** ISO to the second, as the action writes the expiry variable. */
const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

const threadsRefresh = (world: Worlds['threads']): Record<string, string> => ({
  'long-lived-token': world.graph.issueToken('long-lived', 2 * DAY)
})
const THREADS_VARIABLES = { 'user-id-variable': 'THREAD_USER_ID', 'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT' }

/**
 * A week-old LinkedIn token, checked with the expiry variable kept: `current` where a run has written
 * it already (every scheduled run after the first), else one that a run must correct (the first).
 */
function linkedinCheck(world: Worlds['linkedin'], current: boolean): Start {
  const token = world.service.issueAccessToken(7 * DAY)
  const expiresAt = world.service.expiresAt(token) ?? 0
  const name = 'LINKEDIN_TOKEN_EXPIRES_AT'
  world.github.setVariable(world.repository, name, isoSeconds(current ? expiresAt : expiresAt - 7 * DAY))
  return { inputs: world.inputs({ 'long-lived-token': token, 'expires-at-variable': name }) }
}

/** A refresh token as a scheduled run reads it: from the secret it is written back to, which must exist (core/preflight.ts). */
function keptRefreshToken(world: Worlds['linkedin'] | Worlds['x'], secret: string, refreshToken: string): string {
  world.github.seedSecret(world.repository, secret, refreshToken)
  return refreshToken
}

export const BARE = 'bare node -e 0'
export const BASELINE = 'Threads refresh, sequential baseline'

export const VARIANTS: Variant[] = [
  { name: BARE, ...on('threads', () => ({ argv: ['-e', '0'], inputs: {} })) },
  { name: 'Threads refresh', ...on('threads', (w) => ({ inputs: w.inputs(threadsRefresh(w)) })), claim: 2, timesBare: 3 },
  {
    name: 'Threads refresh + user-id, expiry variables',
    ...on('threads', (w) => ({ inputs: w.inputs({ ...threadsRefresh(w), ...THREADS_VARIABLES }) })),
    claim: 2,
    timesBare: 3
  },
  {
    name: 'Threads authorization code',
    ...on('threads', (w) => ({ inputs: w.inputs({ 'authorization-code': w.graph.issueCode() }) })),
    claim: 4,
    timesBare: 3
  },
  {
    name: 'Facebook check',
    ...on('facebook', (w) => ({ inputs: w.inputs({ 'long-lived-token': w.service.issuePageToken(w.service.pages[0]?.id ?? '') }) })),
    claim: 1
  },
  { name: 'LinkedIn check, expiry variable current', ...on('linkedin', (w) => linkedinCheck(w, true)), claim: 1 },
  { name: 'LinkedIn check, expiry variable to write', ...on('linkedin', (w) => linkedinCheck(w, false)), claim: 2 },
  {
    name: 'LinkedIn refresh-token refresh',
    ...on('linkedin', (w) => ({
      inputs: w.inputs({ 'refresh-token': keptRefreshToken(w, 'LINKEDIN_REFRESH_TOKEN', w.service.issueRefreshToken(30 * DAY)) })
    })),
    claim: 2
  },
  {
    // Issue 21: preflight (the key, and the refresh token's secret, which must exist), refresh, write back.
    name: 'X rotating refresh',
    ...on('x', (w) => ({
      inputs: w.inputs({ 'refresh-token': keptRefreshToken(w, 'X_REFRESH_TOKEN', w.service.issueTokens().refreshToken ?? '') })
    })),
    claim: 3
  },
  {
    name: BASELINE,
    ...on('threads', (w) => ({
      argv: [
        fileURLToPath(new URL('../bench-baseline.mjs', import.meta.url)),
        w.graph.url,
        w.github.url,
        w.repository,
        w.githubToken,
        threadsRefresh(w)['long-lived-token'] ?? ''
      ],
      inputs: {}
    }))
  }
]
