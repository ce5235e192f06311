/** keepToken wired as main.ts wires it, against started stand-ins. Not a test file itself. */
import { createOctokit, createSecretStore } from '../src/github.js'
import { createGraphClient } from '../src/graph.js'
import { createHttp } from '../src/http.js'
import { readInputs } from '../src/inputs.js'
import { keepToken, type Outcome } from '../src/keeper.js'
import { startWorld, type World, type WorldOptions } from '../stand-ins/world.js'
import { DAY, POLICY } from './support.js'

export const NOW = new Date()
export const SECRET = 'THREAD_ACCESS_TOKEN'
export const USER_VAR = 'THREAD_USER_ID'
export const EXPIRY_VAR = 'THREAD_TOKEN_EXPIRES_AT'
export const PUT_SECRET = 'PUT /repos/:owner/:repo/actions/secrets/:name'

export type Flow = 'authorization-code' | 'short-lived-token' | 'refresh'
export const FLOWS: Flow[] = ['authorization-code', 'short-lived-token', 'refresh']

export interface Harness {
  w: World
  keep: (extra: Record<string, string>) => Promise<Outcome>
  info: string[]
  masked: string[]
}

export async function setup(options: WorldOptions = {}): Promise<Harness> {
  const w = await startWorld(options)
  const info: string[] = []
  const masked: string[] = []
  const keep = (extra: Record<string, string>): Promise<Outcome> => {
    const raw = w.inputs(extra)
    const inputs = readInputs((name) => raw[name] ?? '', {})
    const http = createHttp(POLICY, () => undefined)
    const { provider, apiUrl, oauthUrl } = inputs
    const graph = createGraphClient({ provider, apiUrl, oauthUrl, http, mask: (value) => masked.push(value), debug: () => undefined })
    const octokit = createOctokit({ token: inputs.githubToken, baseUrl: inputs.githubApiUrl, http, debug: () => undefined })
    const stores = inputs.targets.map((target) => createSecretStore(octokit, target, inputs.secretType))
    return keepToken(inputs, { graph, stores, now: () => NOW, info: (line) => info.push(line) })
  }
  return { w, keep, info, masked }
}

/** The input that starts `flow`, with a fresh credential from the Graph stand-in. */
export function credential(w: World, flow: Flow, refreshAge = 2 * DAY): Record<string, string> {
  if (flow === 'authorization-code') return { 'authorization-code': w.graph.issueCode() }
  if (flow === 'short-lived-token') return { 'short-lived-token': w.graph.issueToken('short-lived') }
  return { 'long-lived-token': w.graph.issueToken('long-lived', refreshAge) }
}

/** The sealed value in a hand-back command. */
export function sealedIn(command: string): string {
  return /encrypted_value='([^']+)'/.exec(command)?.[1] ?? ''
}
