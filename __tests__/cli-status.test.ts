import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { EXIT } from '../src/cli/commands.js'
import { CLI_PROVIDERS, startCliWorld, type CliProvider, type CliWorld } from './cli-world.js'
import { cli } from './support.js'

const SECRET_READ = 'GET /repos/:owner/:repo/actions/secrets/:name'

describe.each(CLI_PROVIDERS)('status --provider %s', (provider: CliProvider) => {
  let world: CliWorld
  beforeEach(async () => {
    world = await startCliWorld(provider)
  })
  afterEach(() => world.close())

  it("reads only what the action keeps, with no app: the provider's secret, and its refresh token's where it grants them", async () => {
    const result = await cli(world.status(), { GH_ENTERPRISE_TOKEN: world.githubToken })
    expect(result.code).toBe(EXIT.failed)
    expect(result.err).toBe('')
    const expected = {
      threads: ['THREAD_ACCESS_TOKEN in octo-org/blog: not set'],
      facebook: ['FACEBOOK_ACCESS_TOKEN in octo-org/blog: not set'],
      linkedin: [
        'LINKEDIN_ACCESS_TOKEN in octo-org/blog: not set',
        'LINKEDIN_REFRESH_TOKEN in octo-org/blog: not set (only apps granted refresh tokens keep one)'
      ],
      // X's token lives two hours and is not kept: its refresh token is what there is.
      x: ['X_REFRESH_TOKEN in octo-org/blog: not set']
    }[provider]
    expect(result.out.split('\n')).toEqual(expected)
    expect(world.github.server.calls(SECRET_READ)).toHaveLength(expected.length)
    expect(world.service.server.requests).toEqual([])
  })

  it('--refresh-token-secret names where a refresh token is, for a provider that grants them; elsewhere it is refused (2)', async () => {
    const result = await cli(world.status('--refresh-token-secret', 'MY_REFRESH'), { GH_ENTERPRISE_TOKEN: world.githubToken })
    if (provider === 'linkedin' || provider === 'x') {
      expect(result.out).toContain('MY_REFRESH in octo-org/blog: not set')
    } else {
      expect(result.code).toBe(EXIT.usage)
      expect(result.err).toMatch(/^'--refresh-token-secret' is not used for (Threads|Facebook): it grants no refresh tokens\.$/)
      expect(world.github.server.requests).toEqual([])
    }
  })
})
