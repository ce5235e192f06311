/**
 * Starts the loopback stand-ins of the Threads Graph API and the GitHub REST API and keeps them up
 * until killed (SIGINT or SIGTERM), for runs of the action that are not driven by a test:
 * `.github/workflows/e2e-stand-ins.yml` (which runs `uses: ./`) and `@github/local-action`.
 *
 *   npx tsx scripts/serve-stand-ins.ts                 # KEY=VALUE lines on stdout
 *   GITHUB_ENV=file npx tsx scripts/serve-stand-ins.ts # the same lines appended to that file
 *   npx tsx scripts/serve-stand-ins.ts --dotenv .env   # also writes .env from .env.example
 *
 * The lines are the stand-ins' addresses and their seeded credentials: a fresh authorization code
 * (one hour, once), a long-lived token two days old (so that a refresh really refreshes), the
 * secrets-writing GitHub token, the app's id, secret and redirect URI, and the repository. All of
 * them are throwaway values that only these stand-ins accept. The last line is STAND_IN_READY=true,
 * so that a caller polling the file knows that everything before it is complete.
 *
 * In a workflow, point GITHUB_ENV at a file of your own, mask the credentials with ::add-mask::,
 * and only then append the file to the real $GITHUB_ENV: later steps print their environment.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { startWorld } from '../stand-ins/world.js'

const DAY = 86_400_000

const { values: options } = parseArgs({
  options: {
    dotenv: { type: 'string' },
    template: { type: 'string', default: '.env.example' }
  }
})

const world = await startWorld()
const { graph } = world

/** Names are prefixed: the runner refuses to let a step overwrite GITHUB_* variables. */
const values: Record<string, string> = {
  STAND_IN_THREADS_API_URL: graph.url,
  STAND_IN_GITHUB_API_URL: world.github.url,
  STAND_IN_AUTHORIZATION_CODE: graph.issueCode(),
  STAND_IN_LONG_LIVED_TOKEN: graph.issueToken('long-lived', 2 * DAY),
  STAND_IN_GITHUB_TOKEN: world.githubToken,
  STAND_IN_APP_ID: graph.appId,
  STAND_IN_APP_SECRET: graph.appSecret,
  STAND_IN_REDIRECT_URI: graph.redirectUri,
  STAND_IN_REPOSITORY: world.repository,
  STAND_IN_ENVIRONMENT: world.environment,
  STAND_IN_USER_ID: graph.userId,
  STAND_IN_USERNAME: graph.username,
  STAND_IN_PID: String(process.pid)
}

const lines = Object.entries(values).map(([key, value]) => `${key}=${value}`)
lines.push('STAND_IN_READY=true')
const text = `${lines.join('\n')}\n`

if (options.dotenv) {
  // Every ${STAND_IN_*} in the template becomes its live value; unknown names are left as they are.
  const template = await readFile(options.template, 'utf8')
  const filled = template.replace(/\$\{(STAND_IN_[A-Z_]+)\}/g, (whole, key: string) => values[key] ?? whole)
  await writeFile(options.dotenv, filled, { mode: 0o600 })
  console.error(`Wrote ${options.dotenv} from ${options.template}.`)
}

// One write, so that a reader never sees half of the lines.
const target = process.env.GITHUB_ENV
if (target) await appendFile(target, text)
else process.stdout.write(text)
console.error(`Stand-ins up: Threads ${graph.url}, GitHub ${world.github.url} (pid ${process.pid}); stop with Ctrl-C or SIGTERM.`)

let closing = false
async function stop(): Promise<void> {
  if (closing) return
  closing = true
  await world.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
// The open servers keep the process alive until a signal arrives.
