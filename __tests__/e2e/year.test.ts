import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from '../../stand-ins/run-action.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, runtimes } from '../support.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** The README's scheduled renewal: weekly. */
const CADENCE_DAYS = 7

/**
 * A simulated year: the stand-in's clock moves day by day while the documented schedule runs the
 * real bundle. The stored secret must hold a valid token on every one of the 365 days.
 */
describe('a year of scheduled renewals', () => {
  const [, node] = runtimes()[0] ?? ['', process.execPath]
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(async () => {
    await world.close()
  })

  const stored = (): string => world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN') ?? ''
  const renew = () => runAction({ node, inputs: world.inputs({ 'long-lived-token': stored() }), env: FAST })

  it('keeps a valid token stored every day', async () => {
    const bootstrap = await runAction({ node, inputs: world.inputs({ 'authorization-code': world.graph.issueCode() }), env: FAST })
    expect(bootstrap.exitCode).toBe(0)

    // The first scheduled run comes the next morning, while the token is under a day old.
    const morning = 10 * HOUR
    world.graph.advance(morning)
    const morningAfter = await renew()
    expect(morningAfter.exitCode).toBe(0)
    expect(morningAfter.outputs.flow).toBe('skipped')

    const flows: string[] = []
    const invalidDays: number[] = []
    for (let day = 1; day <= 365; day++) {
      world.graph.advance(day === 1 ? DAY - morning : DAY)
      if (!world.graph.isValid(stored())) invalidDays.push(day)
      if (day % CADENCE_DAYS === 0) {
        const run = await renew()
        expect(run.exitCode, `run on day ${day}`).toBe(0)
        flows.push(run.outputs.flow ?? '')
        if (!world.graph.isValid(stored())) invalidDays.push(day)
      }
    }

    expect(invalidDays).toEqual([])
    expect(flows).toHaveLength(52)
    expect(new Set(flows)).toEqual(new Set(['refresh']))
    expect(world.github.secretWrites(world.repository, 'THREAD_ACCESS_TOKEN')).toBe(53)
  }, 120_000)
})
