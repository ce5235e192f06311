import type { Octokit } from '@octokit/core'
import { endsSoon } from '../core/deadlines.js'
import { daysUntil, isoSeconds, whenWithDays } from '../core/freshness.js'
import {
  dataAccessBody,
  dataAccessTitle,
  failureBody,
  failureTitle,
  writerTokenBody,
  writerTokenDay,
  writerTokenTitle,
  withNamesLabelled,
  type RunContext
} from './issue-texts.js'
import { issueTracker, type OpenIssue } from './issues.js'
import { replyOf } from './octokit.js'

export { secretLabel, type RunContext } from './issue-texts.js'

/**
 * What keeps a token from dying unnoticed, done with the workflow's own token so that the
 * secrets-writing token needs nothing more: re-enabling workflows (GitHub disables every schedule
 * of a public repository after 60 days without activity, exactly a token's life), an issue when
 * renewal needs a human or time runs short, and an eye on the secrets-writing token's own expiry.
 */
export interface UpkeepSettings {
  keepScheduleAlive: boolean
  /** More workflow files of the repository to re-enable on every successful run (the poster's). */
  keepAliveWorkflows: string[]
  failureIssue: boolean
  workflowToken: string
  /** The API of the server running the workflow, where the workflow's token is valid. */
  apiUrl: string
  context: RunContext
}

/** A failed run, as upkeep weighs it. */
export interface RunFailure {
  /** The action's own account of it (never a service's words): what the public issue says. */
  account: string
  /** The next scheduled run will not fix it by itself. */
  humanNeeded: boolean
  /** When the stored token expires, where the action knows. */
  storedExpiresAt: Date | undefined
  /**
   * Nothing failed: the run succeeded, and the account announces an end ahead of time (a token nothing
   * renews, a refresh token). No word of an outage to wait out, then.
   */
  notice?: boolean
}

export interface Upkeep {
  /**
   * Re-enable the workflows (keep-schedule-alive, keep-alive-workflows), whatever the run's result:
   * it depends on nothing the run finds out, so it runs alongside the first requests. Failures only warn.
   */
  keepWorkflowsAlive(): Promise<void>
  /**
   * With failure-issue, starts reading the action's open issues now, alongside the run's first
   * requests: every run ends by looking at them (to open, remind or close one), one round trip later otherwise.
   */
  lookAhead(): void
  /** After a run that stored a new token, or `checked` the kept one well: close the failure issue. Failures only warn. */
  renewed(checked?: boolean): Promise<void>
  /**
   * When this run was asked for, on GitHub's clock: the workflow run's creation (a double click
   * creates both runs before either starts), or a re-run's start (a re-run keeps the first attempt's
   * creation, maybe weeks old). Undefined where unknown. Never rejects.
   */
  runAskedAt(): Promise<string | undefined>
  /** After a failed run: the issue, where a human is needed or the stored token has little time left. */
  failed(failure: RunFailure): Promise<void>
  /** After any run the secrets-writing token was used in: when it expires, where GitHub said. */
  watchWriterToken(expiresAt: Date | undefined): Promise<void>
  /** After a run that learned when the token's data access ends: the issue opened ahead of it, or closed. */
  watchDataAccess(expiresAt: string): Promise<void>
}

/** A failure with this little time left cannot wait for the next weekly run or two. */
const URGENT_WITHIN_DAYS = 14
const WRITER_WARNING_DAYS = 21
const WRITER_ISSUE_DAYS = 14
/** The writer token's issue is reminded of at most this often. */
const REMINDER_DAYS = 7

export function createUpkeep(
  octokit: Octokit,
  settings: UpkeepSettings,
  warn: (message: string) => void,
  now = (): Date => new Date()
): Upkeep {
  const { context } = settings
  const { owner, repo } = context
  const issues = issueTracker(octokit, owner, repo, warn)
  const tryTo = (what: string, permission: string, task: () => Promise<void>): Promise<void> => attempt(warn, what, permission, task)
  const daysLeft = (expiresAt: Date | undefined): number | undefined => expiresAt && daysUntil(isoSeconds(expiresAt), now())

  return {
    keepWorkflowsAlive: () => keepWorkflowsAlive(octokit, settings, warn),
    lookAhead() {
      // A failed read is forgotten by the tracker, and read again when it is needed.
      if (settings.failureIssue) issues.findAll(() => false).catch(() => undefined)
    },
    async renewed(checked = false) {
      if (settings.failureIssue) await closeFailureIssue(checked)
    },
    async runAskedAt() {
      if (!context.runId) return undefined
      try {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
          owner,
          repo,
          run_id: Number(context.runId)
        })
        return (data.run_attempt ?? 1) > 1 ? data.run_started_at : data.created_at
      } catch {
        return undefined
      }
    },
    async failed({ account, humanNeeded, storedExpiresAt, notice = false }) {
      const days = daysLeft(storedExpiresAt)
      const urgent = days !== undefined && days <= URGENT_WITHIN_DAYS
      if (!settings.failureIssue || (!humanNeeded && !urgent)) return
      await tryTo('open the failure issue', 'issues: write', async () => {
        const told = withNamesLabelled(account, context.typedNames ?? [])
        const body = failureBody(context, told, storedExpiresAt, urgent && !notice, now())
        const title = failureTitle(context)
        const open = await issues.find(title)
        // A notice is the same news on every run until a human acts: told again once a week, not daily.
        if (notice) await openOrRemind(title, open, body)
        else await (open ? issues.comment(open, body) : issues.open(title, body))
      })
    },
    async watchWriterToken(expiresAt) {
      const days = daysLeft(expiresAt)
      if (expiresAt && days !== undefined && days <= WRITER_WARNING_DAYS) {
        warn(
          `github-token expires ${whenWithDays(expiresAt, now())}: make a new one with the same permissions and update its secret, or use a GitHub App token (actions/create-github-app-token), which never needs renewing by hand.`
        )
      }
      if (!settings.failureIssue) return
      await tryTo('keep the github-token issue', 'issues: write', () => writerTokenIssue(expiresAt))
    },
    async watchDataAccess(expiresAt) {
      if (!settings.failureIssue) return
      await tryTo('keep the data-access issue', 'issues: write', () => dataAccessIssue(new Date(expiresAt)))
    }
  }

  /** Opened within 14 days of the end of data access (or past it), reminded of once a week, closed once a token with more is seen. */
  async function dataAccessIssue(expiresAt: Date): Promise<void> {
    const title = dataAccessTitle(context)
    const open = await issues.find(title)
    if (!endsSoon(isoSeconds(expiresAt), now())) {
      if (open) await issues.close(open, `Data access now ends ${whenWithDays(expiresAt, now())}. Closing.`)
      return
    }
    await openOrRemind(title, open, dataAccessBody(context, expiresAt, now()))
  }

  /** Opens the issue, or comments on it where the action's own last word is a week old (anybody's comment moves the issue's updated_at). */
  async function openOrRemind(title: string, open: OpenIssue | undefined, body: string): Promise<void> {
    if (!open) await issues.open(title, body)
    else if (!(await issues.spokeSince(open, new Date(now().getTime() - REMINDER_DAYS * 86_400_000)))) await issues.comment(open, body)
  }

  async function closeFailureIssue(checked: boolean): Promise<void> {
    await tryTo('close the failure issue', 'issues: write', async () => {
      const open = await issues.find(failureTitle(context))
      const what = checked ? 'Checked: the stored token is alive and fit for use' : 'Renewed successfully'
      if (open) await issues.close(open, `${what}${context.runUrl ? ` in ${context.runUrl}` : ''}. Closing.`)
    })
  }

  /**
   * One issue per github-token (by its day of expiry), however many steps use it: opened within 14
   * days of expiry, reminded of once a week, closed once its day has passed (or by hand, once replaced).
   */
  async function writerTokenIssue(expiresAt: Date | undefined): Promise<void> {
    const open = await issues.findAll((title) => writerTokenDay(title) !== undefined)
    // Another step may still use a token that expires sooner than this run's: only a day gone by ends its issue.
    const today = now().toISOString().slice(0, 10)
    const past = open.filter(({ title }) => (writerTokenDay(title) ?? today) < today)
    for (const { issue } of past) {
      await issues.close(
        issue,
        'That day has passed: a run that still uses this github-token fails, and says so in its own issue. Closing.'
      )
    }
    const days = daysLeft(expiresAt)
    if (!expiresAt || days === undefined || days > WRITER_ISSUE_DAYS) return
    const title = writerTokenTitle(expiresAt)
    await openOrRemind(title, open.find((entry) => entry.title === title)?.issue, writerTokenBody(context, expiresAt, now()))
  }
}

/** The renewal workflow (keep-schedule-alive) and the ones named in keep-alive-workflows, all at once. */
async function keepWorkflowsAlive(octokit: Octokit, settings: UpkeepSettings, warn: (message: string) => void): Promise<void> {
  const { owner, repo, workflowRef } = settings.context
  const own = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@]+)@/.exec(workflowRef ?? '')?.[1]
  if (settings.keepScheduleAlive && !own) {
    warn('keep-schedule-alive: GITHUB_WORKFLOW_REF does not name a workflow file, so the schedule was not re-enabled.')
  }
  const named = settings.keepAliveWorkflows.filter((file) => file !== own)
  const enable = (file: string, what: string, missing: string): Promise<void> =>
    attempt(warn, what, 'actions: write', async () => {
      try {
        await octokit.request('PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable', { owner, repo, workflow_id: file })
      } catch (error) {
        if (replyOf(error)?.status !== 404) throw error
        warn(missing)
      }
    })
  await Promise.all([
    settings.keepScheduleAlive && own
      ? enable(own, 're-enable this workflow to keep its schedule alive', `keep-schedule-alive: ${own} was not found in ${owner}/${repo}.`)
      : undefined,
    ...named.map((file) =>
      enable(
        file,
        `re-enable ${file} (keep-alive-workflows)`,
        `keep-alive-workflows: ${file} is not a workflow of ${owner}/${repo} (GitHub answered 404): give the file name under .github/workflows, for example post.yml.`
      )
    )
  ])
}

/** Upkeep never fails the run: what it could not do is a warning that names the permission it lacked. */
async function attempt(warn: (message: string) => void, what: string, permission: string, task: () => Promise<void>): Promise<void> {
  try {
    await task()
  } catch (error) {
    // Octokit gives a request that got no reply a status too: only a reply's status counts.
    const replied = replyOf(error)?.status
    const refused = replied === 401 || replied === 403 || replied === 404
    const why = typeof replied === 'number' ? `HTTP ${replied}` : 'no reply'
    const remedy = refused ? `give the job 'permissions: ${permission}'` : 'the next run tries again'
    warn(`Could not ${what} (${why}): ${remedy}. The token itself is not affected.`)
  }
}
