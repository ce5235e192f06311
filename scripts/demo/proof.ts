/**
 * What `npm run demo` claims, each proved against the stand-ins and printed as one line; the runs of
 * the bundle it proves them on, made as the runner makes them, on any day of the story.
 */
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import type { GitHubStandIn } from '../../stand-ins/github-api.js'
import { BUNDLE, runAction, type ActionRun } from '../../stand-ins/run-action.js'

export const DAY = 86_400_000
const CLOCK_AHEAD = fileURLToPath(new URL('../clock-ahead.cjs', import.meta.url))

/** What the runner tells a step of ferret's keeper workflow: the failure issue speaks of its run. */
const RUNNER = {
  GITHUB_REPOSITORY: 'octo-org/blog',
  GITHUB_WORKFLOW_REF: 'octo-org/blog/.github/workflows/keep-tokens.yml@refs/heads/main',
  GITHUB_WORKFLOW: 'Keep tokens',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_RUN_ID: '4242'
}

/** The stand-ins of one provider's story: GitHub's, and every credential they know, for the leak scan. */
export interface Stage {
  github: GitHubStandIn
  repository: string
  credentials(): string[]
}

/** The first characters of a token's SHA-256: which token it is, without printing it. */
export const fingerprint = (value: string | undefined): string =>
  value === undefined ? '-' : `${createHash('sha256').update(value).digest('hex').slice(0, 12)}…`

/** The warnings a run gave the runner (`::warning::`), as the log shows them. */
export const warningsOf = (run: ActionRun): string[] =>
  run.stdout
    .split('\n')
    .filter((line) => line.startsWith('::warning::'))
    .map((line) => line.slice('::warning::'.length))

export class Proof {
  private failed = 0
  private runs = 0
  private readonly leaks: string[] = []

  /** One claim, one line: `ok` or `FAIL`. */
  claim(ok: boolean, what: string): boolean {
    if (!ok) this.failed++
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`)
    return ok
  }

  /**
   * A run of the bundle `day` days into the story: the action's clock is moved as far as the
   * stand-ins' (clock-ahead.cjs). Claims that it ended as `flow`; scans its log and summary for
   * every credential the stand-ins know.
   */
  async run(stage: Stage, what: string, day: number, inputs: Record<string, string>, flow: string): Promise<ActionRun> {
    const run = await runAction({
      inputs,
      argv: ['--require', CLOCK_AHEAD, BUNDLE],
      env: { ...RUNNER, GITHUB_API_URL: stage.github.url, CLOCK_AHEAD_MS: String(day * DAY) }
    })
    this.runs++
    const ok = this.claim(
      run.exitCode === 0 && run.outputs.flow === flow,
      `day ${day}, ${what}: exit code ${run.exitCode}, flow ${run.outputs.flow ?? '-'}`
    )
    if (!ok) for (const line of run.stdout.split('\n').filter((l) => l.startsWith('::error::'))) console.log(`       ${line}`)
    const visible = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'))
    const leaked = stage.credentials().filter((secret) => run.summary.includes(secret) || visible.some((line) => line.includes(secret)))
    if (leaked.length > 0) this.leaks.push(`${leaked.length} in day ${day}, ${what}`)
    return run
  }

  /** The last lines: the leak scan over every run, and whether the demo passed. */
  finish(): boolean {
    const runs = `${this.runs} runs`
    this.claim(
      this.leaks.length === 0,
      `no credential appears in any log or step summary (${runs}${this.leaks.length ? `: ${this.leaks.join('; ')}` : ''})`
    )
    return this.failed === 0
  }

  get failures(): number {
    return this.failed
  }
}
