/**
 * PKCE where a provider's data asks for it (provider.authorize.pkce; X will): no provider does yet,
 * so LinkedIn is made to ask here, and its calls record the verifier its code exchange is given.
 */
import { afterEach, expect, it, vi } from 'vitest'
import { EXIT } from '../src/cli/commands.js'
import { challengeOf } from '../src/cli/pkce.js'
import { followRedirect, startCliWorld, stateOf, type CliWorld } from './cli-world.js'
import { cli } from './support.js'

const verifiers = vi.hoisted(() => [] as (string | undefined)[])

vi.mock(import('../src/services/registry.js'), async (original) => {
  const registry = await original()
  const asking = registry.PROVIDERS.map((provider) =>
    provider.name !== 'linkedin'
      ? provider
      : {
          ...provider,
          authorize: { ...provider.authorize, pkce: true as const },
          connect: (...args: Parameters<typeof provider.connect>) => {
            const tokens = provider.connect(...args)
            return {
              ...tokens,
              redeemCode: (code: string, codeVerifier?: string) => (verifiers.push(codeVerifier), tokens.redeemCode(code, codeVerifier))
            }
          }
        }
  )
  return { ...registry, PROVIDERS: asking, providerNamed: (name: string) => asking.find((provider) => provider.name === name) }
})

let world: CliWorld
afterEach(() => world.close())

it("login puts PKCE's S256 challenge in the address and gives its verifier to the code's exchange, never printing it", async () => {
  world = await startCliWorld('linkedin', { loopback: true })
  let address = ''
  let page: Promise<unknown> | undefined
  const result = await cli(world.login(), world.env(), (line) => {
    if (stateOf(line) && !page) {
      address = line
      page = followRedirect(world, line)
    }
    return undefined
  })
  await page
  expect(result.code, result.err).toBe(EXIT.ok)
  const params = new URL(address).searchParams
  expect(params.get('code_challenge_method')).toBe('S256')
  const [verifier = ''] = verifiers
  expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/)
  expect(params.get('code_challenge')).toBe(challengeOf(verifier))
  expect(result.out + result.err).not.toContain(verifier)
  expect(world.service.isValid(world.stored())).toBe(true)
})
