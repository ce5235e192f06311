import type { Octokit } from '@octokit/core'

/**
 * What keeps a token from dying unnoticed, done with the workflow's own token so that the
 * secrets-writing token needs nothing more: re-enabling the calling workflow (GitHub disables
 * schedules after 60 days without activity, exactly a token's life), and one issue that says
 * when renewal needs a human.
 */
export interface UpkeepSettings {
  keepScheduleAlive: boolean
  failureIssue: boolean
  workflowToken: string
  /** The API of the server running the workflow, where the workflow's token is valid. */
  apiUrl: string
  context: RunContext
}

export interface RunContext {
  owner: string
  repo: string
  /** From GITHUB_WORKFLOW_REF: "owner/repo/.github/workflows/renew.yml@refs/heads/main". */
  workflowRef: string | undefined
  workflowName: string | undefined
  runUrl: string | undefined
  /** For the issue title, so that each kept token has its own issue. */
  service: string
  secretName: string
  /** The authorize address to start over with, where the app id and redirect URI are known. */
  authorizeUrl: string | undefined
}

export interface Upkeep {
  /**
   * Re-enable the workflow, whatever the run's result: it depends on nothing the run finds out,
   * so it runs alongside the first requests. Failures only warn.
   */
  keepScheduleAlive(): Promise<void>
  /** After a successful run: close the open issue. Failures only warn. */
  succeeded(): Promise<void>
  /** After a failed run that needs a human: open the issue, or comment on the open one. */
  failed(message: string, expiresAt: string | undefined): Promise<void>
}

export function createUpkeep(octokit: Octokit, settings: UpkeepSettings, warn: (message: string) => void): Upkeep {
  const { context } = settings
  const { owner, repo } = context
  const title = `${context.service} token renewal needs attention (${context.secretName})`
  const tryTo = (what: string, permission: string, task: () => Promise<void>): Promise<void> => attempt(warn, what, permission, task)

  return {
    async keepScheduleAlive() {
      if (!settings.keepScheduleAlive) return
      const workflow = /^[^/]+\/[^/]+\/\.github\/workflows\/([^@]+)@/.exec(context.workflowRef ?? '')?.[1]
      if (!workflow) {
        warn('keep-schedule-alive: GITHUB_WORKFLOW_REF does not name a workflow file, so the schedule was not re-enabled.')
        return
      }
      await tryTo('re-enable this workflow to keep its schedule alive', 'actions: write', async () => {
        await octokit.request('PUT /repos/{owner}/{repo}/actions/workflows/{workflow_id}/enable', { owner, repo, workflow_id: workflow })
      })
    },
    async succeeded() {
      if (!settings.failureIssue) return
      await tryTo('close the failure issue', 'issues: write', async () => {
        const issue_number = await findOpenIssue(octokit, context, title)
        if (issue_number === undefined) return
        const body = `Renewed successfully${context.runUrl ? ` in ${context.runUrl}` : ''}. Closing.`
        await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number, body })
        await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', { owner, repo, issue_number, state: 'closed' })
      })
    },
    async failed(message, expiresAt) {
      if (!settings.failureIssue) return
      await tryTo('open the failure issue', 'issues: write', async () => {
        const issue_number = await findOpenIssue(octokit, context, title)
        const body = failureIssueBody(context, message, expiresAt)
        if (issue_number === undefined) await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title, body })
        else await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number, body })
      })
    }
  }
}

/** Its own open issue, found by title: newest first, through up to 1,000 open issues. */
async function findOpenIssue(octokit: Octokit, { owner, repo }: RunContext, title: string): Promise<number | undefined> {
  for (let page = 1; page <= 10; page++) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', per_page: 100, page })
    const found = data.find((issue) => issue.title === title && !issue.pull_request)
    if (found) return found.number
    if (data.length < 100) return undefined
  }
  return undefined
}

/** Upkeep never fails the run: what it could not do is a warning that names the permission it lacked. */
async function attempt(warn: (message: string) => void, what: string, permission: string, task: () => Promise<void>): Promise<void> {
  try {
    await task()
  } catch (error) {
    // Octokit gives a request that got no reply a status too: only a reply's status counts.
    const replied = (error as { response?: { status?: unknown } }).response?.status
    const refused = replied === 401 || replied === 403 || replied === 404
    const why = typeof replied === 'number' ? `HTTP ${replied}` : 'no reply'
    const remedy = refused ? `give the job 'permissions: ${permission}'` : 'the next run tries again'
    warn(`Could not ${what} (${why}): ${remedy}. The token itself is not affected.`)
  }
}

function failureIssueBody(context: RunContext, message: string, expiresAt: string | undefined): string {
  const steps = [
    context.authorizeUrl
      ? `Open ${context.authorizeUrl} in a browser signed in to the ${context.service} account, and approve.`
      : `Open the authorize URL (README: "Get the first authorization code") in a browser signed in to the ${context.service} account, and approve.`,
    'Copy the `code` from the address you are sent to. It works once, within one hour.',
    `Run this workflow by hand (Actions → ${context.workflowName ?? 'this workflow'} → Run workflow) with the code in its \`code\` input (README: "Bootstrap from a manual run").`
  ]
  const expiry = expiresAt ? `expires ${expiresAt}.` : 'has an unknown expiry (keep one with the expires-at-variable input).'
  return [
    `**What happened:** ${message}`,
    `**The stored token** (${context.secretName}) ${expiry}`,
    `**If it must be authorized again:**\n${steps.map((step, i) => `${i + 1}. ${step}`).join('\n')}`,
    `Otherwise fix what the message above names, then run the workflow again (with a fresh code, if it was started with one).${context.runUrl ? `\n\nFailed run: ${context.runUrl}` : ''}`,
    '_Opened by threads-token-keeper; it closes this issue after the next successful renewal._'
  ].join('\n\n')
}
