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

/** One of the action's open issues, by its title. */
interface Listed {
  title: string
  issue: OpenIssue
}

/** The action's open issues in owner/repo, read once per run and kept up to date with what this run changes. */
export function issueTracker(octokit: Octokit, owner: string, repo: string, warn: (message: string) => void): IssueTracker {
  let listed: Promise<Listed[]> | undefined
  const list = async (): Promise<Listed[]> => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', labels: LABEL, per_page: 100 })
    return data
      .filter((issue) => !issue.pull_request)
      .map((issue) => ({ title: issue.title, issue: { number: issue.number, updatedAt: issue.updated_at } }))
  }
  // What this run changed is written into the list read, so that the next look-up sends nothing.
  const amend = (change: (entries: Listed[]) => Listed[]): void => {
    listed = listed?.then(change)
  }
  const commentOn = async (issue_number: number, body: string): Promise<void> => {
    const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number, body })
    const updatedAt: unknown = data.updated_at
    // A reply without the time is not guessed at: the next look-up reads the list again.
    if (typeof updatedAt !== 'string') {
      listed = undefined
      return
    }
    amend((entries) =>
      entries.map((entry) => (entry.issue.number === issue_number ? { ...entry, issue: { ...entry.issue, updatedAt } } : entry))
    )
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
    async open(title, body) {
      // The label must exist first: GitHub silently drops an unknown one from a token without push
      // access. Where it cannot be made (422: it exists already), the issue matters more.
      await octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: LABEL, color: '5319e7' }).catch(() => undefined)
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title, body, labels: [LABEL] })
      const issue_number = data.number
      amend((entries) => [...entries, { title, issue: { number: issue_number, updatedAt: data.updated_at } }])
      if (data.labels.some((label) => (typeof label === 'string' ? label : label.name) === LABEL)) return
      await octokit
        .request('POST /repos/{owner}/{repo}/issues/{issue_number}/labels', { owner, repo, issue_number, labels: [LABEL] })
        .catch(() =>
          // Open, but unlabelled, later runs would not find it and open another: say so rather than fail.
          warn(`Opened issue #${issue_number} but could not label it "${LABEL}": add the label by hand, or later runs will open another.`)
        )
    },
    async comment(issue, body) {
      await commentOn(issue.number, body)
    },
    async close(issue, body) {
      await commentOn(issue.number, body)
      await octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        owner,
        repo,
        issue_number: issue.number,
        state: 'closed'
      })
      amend((entries) => entries.filter((entry) => entry.issue.number !== issue.number))
    }
  }
}
