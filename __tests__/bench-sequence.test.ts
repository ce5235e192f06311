/**
 * The bench's account of round trips (scripts/bench/sequence.ts): requests that leave together are
 * one round trip, a request sent only once an answer came is the next, whichever host it goes to.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { traceRoundTrips } from '../scripts/bench/sequence.js'
import { StandInServer } from '../stand-ins/server.js'

const LATENCY_MS = 80

describe('traceRoundTrips', () => {
  let service: StandInServer
  let github: StandInServer
  beforeEach(async () => {
    service = new StandInServer()
    github = new StandInServer()
    for (const server of [service, github]) {
      server.route('GET', '/:name', () => ({ status: 200, body: {} }))
      server.route('PUT', '/repos/:owner/:repo/actions/secrets/:name', () => ({ status: 204 }))
      server.latencyMs = LATENCY_MS
      await server.start()
    }
  })
  afterEach(async () => {
    await Promise.all([service.close(), github.close()])
  })

  const get = (server: StandInServer, path: string): Promise<unknown> => fetch(`${server.url}${path}`).then((reply) => reply.text())

  it('groups the requests that left together, and starts a round trip after each wait', async () => {
    const trips = await traceRoundTrips({ service, github }, LATENCY_MS, async () => {
      await Promise.all([get(service, '/refresh'), get(github, '/public-key')])
      await get(service, '/exchange')
      await Promise.all([
        fetch(`${github.url}/repos/octo-org/blog/actions/secrets/TOKEN`, { method: 'PUT' }).then((reply) => reply.text()),
        get(service, '/me')
      ])
    })
    expect(trips.map((trip) => [...trip].sort())).toEqual([
      ['github GET /public-key', 'service GET /refresh'],
      ['service GET /exchange'],
      ['github PUT secrets/TOKEN', 'service GET /me']
    ])
  })

  it('counts only what the run sent', async () => {
    await get(service, '/before')
    const trips = await traceRoundTrips({ service, github }, LATENCY_MS, () => get(github, '/during'))
    expect(trips).toEqual([['github GET /during']])
  })
})
