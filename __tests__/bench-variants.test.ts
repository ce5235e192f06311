/**
 * Every entry `npm run bench` measures starts a run that succeeds: a bench that fails half-way (a
 * world no longer seeded as the action now requires) is found here, not on the day someone measures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VARIANTS } from '../scripts/bench/variants.js'
import { StartedWorlds } from '../scripts/bench/worlds.js'
import { runAction } from '../stand-ins/run-action.js'

describe('npm run bench: each entry, run once on the bundle', () => {
  let worlds: StartedWorlds
  beforeAll(async () => {
    worlds = await StartedWorlds.start(VARIANTS.map((variant) => variant.world))
  })
  afterAll(() => worlds.close())

  it.each(VARIANTS.map((variant): [string, (typeof VARIANTS)[number]] => [variant.name, variant]))('%s', async (_name, variant) => {
    const result = await runAction(variant.start(worlds))
    expect(result.exitCode, `${result.stdout}${result.stderr}`).toBe(0)
  })
})
