/**
 * The demo's LinkedIn story: a 60-day token from a code, which nothing can renew: checked 50 days
 * later, when the run warns and opens the issue that asks a human to authorize again. Then a partner
 * app, which LinkedIn gives a refresh token, refreshes on its schedule.
 */
import { startProviderWorld } from '../../stand-ins/provider-world.js'
import { DAY, fingerprint, warningsOf, type Proof } from './proof.js'

const EXPIRY = 'LINKEDIN_TOKEN_EXPIRES_AT'
/** Two times (ms, ISO) are the same to the second: the action counts from its clock, LinkedIn from its own. */
const sameSecond = (ms: number | undefined, iso: string | undefined): boolean =>
  ms !== undefined && Math.abs(Date.parse(iso ?? '') - ms) < 2000

export async function linkedin(proof: Proof): Promise<void> {
  const world = await startProviderWorld('linkedin')
  const { service, github, repository } = world
  const daysLeft = (token: string | undefined): number => Math.round(((service.expiresAt(token ?? '') ?? 0) - service.now()) / DAY)
  const stored = (where = repository): string | undefined => github.openSecret(where, 'LINKEDIN_ACCESS_TOKEN')
  try {
    console.log('LinkedIn: a 60-day token that nothing renews, checked; a partner app refreshes its own')
    await proof.run(
      world,
      'a manual run with the code',
      0,
      world.inputs({ 'authorization-code': service.issueCode(), 'expires-at-variable': EXPIRY }),
      'authorization-code'
    )
    const token = stored()
    const kept = github.variable(repository, EXPIRY)
    proof.claim(
      service.isValid(token ?? ''),
      `LINKEDIN_ACCESS_TOKEN decrypts to a valid token (sha256 ${fingerprint(token)}), ${daysLeft(token)} days left`
    )
    proof.claim(sameSecond(service.expiresAt(token ?? ''), kept), `${EXPIRY} holds its expiry, ${kept ?? '-'}`)

    service.advance(50 * DAY)
    const scheduled = { 'long-lived-token': token ?? '', 'expires-at-variable': EXPIRY, 'failure-issue': 'true' }
    const check = await proof.run(world, 'the scheduled run', 50, world.inputs(scheduled), 'checked')
    proof.claim(
      stored() === token && github.secretWrites(repository, 'LINKEDIN_ACCESS_TOKEN') === 1 && service.isValid(token ?? ''),
      `nothing renewed: the same token, written once in all, still valid with ${daysLeft(token)} days left`
    )
    const warning = warningsOf(check).find((line) => line.includes('nothing can renew it'))
    proof.claim(
      warning?.includes('(in 10 days)') === true && warning.includes('Authorize again'),
      'the run warns 10 days ahead that only a human can renew it:'
    )
    console.log(`         ${warning ?? '(no warning)'}`)
    const [issue] = github.issues(repository)
    const command = /```sh\n(.+)\n```/.exec(issue?.body ?? '')?.[1]
    proof.claim(
      issue?.title.includes('LinkedIn') === true && command?.includes('login --provider linkedin') === true,
      `it opens the issue "${issue?.title ?? '-'}", whose steps give the one command that authorizes again:`
    )
    console.log(`         ${command ?? '-'}`)

    // A Marketing Developer Platform partner, consented 50 days ago: its refresh token ends 365 days after that consent.
    const refreshToken = service.issueRefreshToken(50 * DAY)
    const partner = 'octo-org/shop'
    // Where the scheduled run reads it from: the secret the refresh token is written back to must exist.
    world.github.seedSecret(partner, 'LINKEDIN_REFRESH_TOKEN', refreshToken)
    const refresh = await proof.run(
      world,
      "a partner app's scheduled run",
      50,
      world.inputs({ 'refresh-token': refreshToken, repository: partner }),
      'refresh'
    )
    const renewed = stored(partner)
    const ends = refresh.outputs['refresh-token-expires-at']
    proof.claim(
      service.isValid(renewed ?? '') && daysLeft(renewed) === 60 && sameSecond(service.expiresAt(refreshToken), ends),
      `${partner}'s LINKEDIN_ACCESS_TOKEN decrypts to a new valid token, 60 days left; refresh-token-expires-at ${ends ?? '-'}, as LinkedIn says (365 days from the consent)`
    )
  } finally {
    await world.close()
  }
}
