import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAction } from '../../stand-ins/run-action.js'
import { startWorld, type World } from '../../stand-ins/world.js'
import { FAST, runtimes, expectNoLeaks } from '../support.js'

const [, node] = runtimes()[0] ?? ['', process.execPath]

/**
 * Text a user might paste into an input: printable, odd, blank, multi-line, or all of these.
 * Never a NUL byte: an environment variable cannot hold one, so no runner can pass it.
 */
const junk = fc
  .oneof(
    fc.constant(''),
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      ' \n ',
      '#_',
      'https://example.org/cb?code=',
      'a/b/c',
      'true',
      'GITHUB_X',
      'http://10.0.0.1',
      '${{ x }}',
      '%0A::error::x'
    )
  )
  .map((text) => text.replaceAll('\0', ''))

/**
 * Whatever the inputs, the bundle never crashes, never sends a request when it refuses its inputs,
 * and never prints a credential. A handful of runs of the real bundle; the input rules themselves
 * are explored in depth, in-process, by inputs.test.ts.
 */
describe('any inputs, the real bundle', () => {
  let world: World
  beforeAll(async () => {
    world = await startWorld()
  })
  afterAll(() => world.close())

  it('fails cleanly, sends nothing before validation, prints no credential', async () => {
    await fc.assert(
      fc.asyncProperty(
        // Each input either keeps the world's good value (undefined) or gets junk: some runs succeed.
        fc.record(
          {
            'app-id': junk,
            'redirect-uri': junk,
            repository: junk,
            'secret-name': junk,
            'dry-run': junk,
            'user-id-variable': junk,
            provider: junk
          },
          { requiredKeys: [] }
        ),
        fc.boolean(),
        async (given, withCode) => {
          const sent = world.graph.server.requests.length + world.github.server.requests.length
          const credential = withCode
            ? { 'authorization-code': world.graph.issueCode() }
            : { 'long-lived-token': world.graph.issueToken('long-lived', 2 * 86_400_000) }
          const inputs = world.inputs({ ...given, ...credential, 'threads-api-url': world.graph.url })
          const result = await runAction({ node, inputs, env: FAST })

          expect([0, 1]).toContain(result.exitCode)
          expect(result.stderr).toBe('') // no stack trace, no uncaught error
          if (result.exitCode === 1 && /::error::Input/.test(result.stdout)) {
            expect(world.graph.server.requests.length + world.github.server.requests.length).toBe(sent)
          }
          expectNoLeaks(result, world)
        }
      ),
      { numRuns: 30 }
    )
  }, 120_000)
})
