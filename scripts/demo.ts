/**
 * `npm run demo`: the action's main job end to end, on the built-in loopback stand-ins of the
 * Threads Graph API and the GitHub REST API. No real credentials, no network.
 */
import { createHash } from 'node:crypto'
import { runAction, type ActionRun } from '../stand-ins/run-action.js'
import { startWorld, type World } from '../stand-ins/world.js'

const DAY = 86_400_000
const fingerprint = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 12)
/** Whole days a token has left on the Threads stand-in's clock, which the demo moves on (graph.advance). */
const daysLeft = (world: World, token: string | undefined): number =>
  Math.round(((world.graph.token(token ?? '')?.expiresAt ?? 0) - world.graph.now()) / DAY)
let problems = 0

function check(ok: boolean, what: string): void {
  if (!ok) problems++
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`)
}

function tell(world: World, run: ActionRun): string | undefined {
  const { outputs } = run
  console.log(
    `  exit code ${run.exitCode}; flow ${outputs.flow ?? '-'}; user @${outputs.username ?? '-'} (id ${outputs['user-id'] ?? '-'})`
  )
  const stored = world.github.openSecret(world.repository, 'THREAD_ACCESS_TOKEN')
  console.log(
    `  secret ${outputs['secret-name'] ?? '-'} in ${world.repository}; the token it holds has ${daysLeft(world, stored)} days left`
  )
  const record = stored ? world.graph.token(stored) : undefined
  check(run.exitCode === 0, 'the action succeeded')
  check(
    stored !== undefined && stored === outputs['access-token'],
    `the stored secret decrypts with GitHub's private key (sha256 ${stored ? fingerprint(stored) : '-'}…) to the new token`
  )
  check(record?.kind === 'long-lived' && world.graph.isValid(stored ?? ''), 'Threads accepts it as a valid long-lived token')
  check(
    world.github.variable(world.repository, 'THREAD_USER_ID') === world.graph.userId,
    `variable THREAD_USER_ID holds ${world.graph.userId}, digit for digit`
  )
  const leaked = world
    .credentials()
    .filter(
      (secret) =>
        run.summary.includes(secret) || run.stdout.split('\n').some((line) => !line.startsWith('::add-mask::') && line.includes(secret))
    )
  check(leaked.length === 0, 'no credential appears in the log or the step summary')
  return stored
}

const world = await startWorld()
try {
  console.log(`Stand-ins: Threads Graph API at ${world.graph.url}, GitHub REST API at ${world.github.url}\n`)
  const variables = { 'user-id-variable': 'THREAD_USER_ID', 'expires-at-variable': 'THREAD_TOKEN_EXPIRES_AT' }

  console.log('1. Bootstrap: a manual run with the authorization code from the redirect (with its #_ suffix)')
  const first = await runAction({ inputs: world.inputs({ 'authorization-code': `${world.graph.issueCode()}#_`, ...variables }) })
  const stored = tell(world, first)

  console.log('\n2. A week later, the scheduled run refreshes the stored token')
  world.graph.advance(7 * DAY)
  const before = daysLeft(world, stored)
  console.log(`  before the run, the stored token has ${before} days left`)
  const second = await runAction({ inputs: world.inputs({ 'long-lived-token': stored ?? '', ...variables }) })
  const renewed = tell(world, second)
  check(renewed !== stored, 'the secret now holds a different, freshly refreshed token')
  check(daysLeft(world, renewed) > before, `the refresh gave it ${daysLeft(world, renewed) - before} more days`)
} finally {
  await world.close()
}
console.log(
  problems === 0
    ? '\nDemo passed: the stored secret always held a working long-lived token.'
    : `\nDemo FAILED: ${problems} check(s) failed.`
)
process.exitCode = problems === 0 ? 0 : 1
