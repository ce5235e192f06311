/**
 * The issues upkeep keeps, each found by its title among the open issues that carry the action's
 * label: one request a run, whatever else the repository has open (the search API would lag
 * behind an issue opened a minute ago).
 */
import type { Octokit } from '@octokit/core'

export const LABEL = 'threads-token-keeper'

export interface OpenIssue {
  number: number
  /** When it last changed (a comment counts), ISO. */
  updatedAt: string
}

export interface IssueTracker {
  find(title: string): Promise<OpenIssue | undefined>
  open(title: string, body: string): Promise<void>
  comment(issue: OpenIssue, body: string): Promise<void>
  close(issue: OpenIssue, body: string): Promise<void>
}

/** The action's open issues in owner/repo, read once per run. */
export function issueTracker(octokit: Octokit, owner: string, repo: string, warn: (message: string) => void): IssueTracker {
  let listed: Promise<{ title: string; issue: OpenIssue }[]> | undefined
  const list = async (): Promise<{ title: string; issue: OpenIssue }[]> => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', labels: LABEL, per_page: 100 })
    return data
      .filter((issue) => !issue.pull_request)
      .map((issue) => ({ title: issue.title, issue: { number: issue.number, updatedAt: issue.updated_at } }))
  }
  const commentOn = async (issue_number: number, body: string): Promise<void> => {
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number, body })
  }
  return {
    async find(title) {
      listed ??= list()
      // A failed look-up is tried again by the next caller, not remembered.
      const found = await listed.catch((error: unknown) => {
        listed = undefined
        throw error
      })
      return found.find((entry) => entry.title === title)?.issue
    },
    // What changes the list is read again by the next look-up.
    async open(title, body) {
      listed = undefined
      // The label must exist first: GitHub silently drops an unknown one from a token without push
      // access. Where it cannot be made (422: it exists already), the issue matters more.
      await octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: LABEL, color: '5319e7' }).catch(() => undefined)
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title, body, labels: [LABEL] })
      if (data.labels.some((label) => (typeof label === 'string' ? label : label.name) === LABEL)) return
      const issue_number = data.number
      await octokit
        .request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner, repo, issue_number, labels: [LABEL] })
        .catch(() =>
          // Open, but unlabelled, later runs would not find it and open another: say so rather than fail.
          warn(`Opened issue #${issue_number} but could not label it "${LABEL}": add the label by hand, or later runs will open another.`)
        )
    },
    async comment(issue, body) {
      listed = undefined
      await commentOn(issue.number, body)
    },
    async close(issue, body) {
      listed = undefined
      await commentOn(issue.number, body)
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        owner,
        repo,
        issue_number: issue.number,
        state: 'closed'
      })
    }
  }
}
