/** The demo's Threads story: a long-lived token from a code, refreshed in place a week later. */
import { startWorld, type World } from '../../stand-ins/world.js'
import { DAY, fingerprint, type Proof } from './proof.js'

/** Whole days a token has left on the Threads stand-in's clock. */
const daysLeft = (world: World, token: string | undefined): number =>
  Math.round(((world.graph.token(token ?? '')?.expiresAt ?? 0) - world.graph.now()) / DAY)

export async function threads(proof: Proof): Promise<void> {
  const world = await startWorld()
  const stage = { ...world, credentials: () => world.credentials() }
  const stored = (): string | undefined => world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN')
  const longLived = (token: string | undefined): boolean =>
    world.graph.token(token ?? '')?.kind === 'long-lived' && world.graph.isValid(token ?? '')
  try {
    console.log('Threads: a long-lived token, refreshed in place')
    const variables = { 'user-id-variable': 'THREAD_USER_ID', 'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT' }
    // The code as the redirect gives it, with Meta's #_ suffix.
    const code = `${world.graph.issueCode()}#_`
    await proof.run(
      stage,
      'a manual run with the code',
      0,
      world.inputs({ 'authorization-code': code, ...variables }),
      'authorization-code'
    )
    const first = stored()
    proof.claim(
      longLived(first),
      `THREAD_ACCESS_TOKEN decrypts to a valid long-lived token (sha256 ${fingerprint(first)}), ${daysLeft(world, first)} days left`
    )
    const userId = world.github.variable(world.repository, 'THREAD_USER_ID')
    proof.claim(userId === world.graph.userId, `THREAD_USER_ID holds ${userId ?? '-'}, digit for digit`)

    world.graph.advance(7 * DAY)
    const before = daysLeft(world, first)
    const scheduled = { 'long-lived-token': first ?? '', 'failure-issue': 'true', ...variables }
    await proof.run(stage, 'the scheduled run', 7, world.inputs(scheduled), 'refresh')
    const renewed = stored()
    proof.claim(
      renewed !== first && longLived(renewed) && daysLeft(world, renewed) > before,
      `it now holds another valid long-lived token (sha256 ${fingerprint(renewed)}): ${before} days left before, ${daysLeft(world, renewed)} after`
    )
  } finally {
    await world.close()
  }
}
