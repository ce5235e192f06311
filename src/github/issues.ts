/**
 * The issues upkeep keeps, each found by its title among the open issues that carry the action's
 * label: one request a run, whatever else the repository has open (the search API would lag
 * behind an issue opened a minute ago). Only issues the action opened itself count: anybody may
 * open an issue with that title, and an issue template may give it the label.
 */
import type { Octokit } from '@octokit/core'

export const LABEL = 'threads-token-keeper'

export interface OpenIssue {
  number: number
  /** When it was opened, ISO: by the action, as only its own issues are found. */
  createdAt: string
}

export interface IssueTracker {
  /** The open issue of that title that the action opened itself (its author is the workflow token's identity). */
  find(title: string): Promise<OpenIssue | undefined>
  /** Every open issue the action opened itself whose title matches, with its title. */
  findAll(matches: (title: string) => boolean): Promise<{ title: string; issue: OpenIssue }[]>
  open(title: string, body: string): Promise<void>
  comment(issue: OpenIssue, body: string): Promise<void>
  close(issue: OpenIssue, body: string): Promise<void>
  /** Whether the action itself opened the issue, or commented on it, since then: others' comments do not count. */
  spokeSince(issue: OpenIssue, since: Date): Promise<boolean>
}

/** One of the labelled open issues, by its title and author. */
interface Listed {
  title: string
  author: string | undefined
  issue: OpenIssue
}

/** An author as GitHub names one, in a reply. */
const loginOf = (user: { login?: unknown } | null | undefined): string | undefined =>
  typeof user?.login === 'string' ? user.login.toLowerCase() : undefined

/** The action's open issues in owner/repo, read once per run and kept up to date with what this run changes. */
export function issueTracker(octokit: Octokit, owner: string, repo: string, warn: (message: string) => void): IssueTracker {
  let listed: Promise<Listed[]> | undefined
  let self: Promise<string | undefined> | undefined
  const list = async (): Promise<Listed[]> => {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues', { owner, repo, state: 'open', labels: LABEL, per_page: 100 })
    return data
      .filter((issue) => !issue.pull_request)
      .map((issue) => ({ title: issue.title, author: loginOf(issue.user), issue: { number: issue.number, createdAt: issue.created_at } }))
  }
  /**
   * Who the workflow token is, as the author of what it writes: GraphQL's viewer answers for a user's
   * token (a login) and an installation token alike (the job's own: github-actions[bot]), where
   * REST's GET /user refuses the latter (and a token's prefix tells an installation, not which app's).
   * On an Enterprise Server, Octokit asks /api/graphql. Asked only where an issue of a title is
   * there to be told apart, once a run; what the action opens says it too.
   */
  const identity = (): Promise<string | undefined> => {
    self ??= octokit.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }').then(({ viewer }) => loginOf(viewer))
    self.catch(() => (self = undefined))
    return self
  }
  // What this run changed is written into the list read, so that the next look-up sends nothing.
  const amend = (change: (entries: Listed[]) => Listed[]): void => {
    listed = listed?.then(change)
  }
  const commentOn = async (issue_number: number, body: string): Promise<void> => {
    await octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { owner, repo, issue_number, body })
  }
  const findAll = async (matches: (title: string) => boolean): Promise<{ title: string; issue: OpenIssue }[]> => {
    listed ??= list()
    // A failed look-up is tried again by the next caller, not remembered.
    const found = await listed.catch((error: unknown) => {
      listed = undefined
      throw error
    })
    const titled = found.filter((entry) => matches(entry.title))
    if (titled.length === 0) return []
    const me = await identity()
    return titled.filter((entry) => me !== undefined && entry.author === me).map(({ title, issue }) => ({ title, issue }))
  }
  return {
    async find(title) {
      return (await findAll((candidate) => candidate === title))[0]?.issue
    },
    findAll,
    async open(title, body) {
      // The label must exist first: GitHub silently drops an unknown one from a token without push
      // access. Where it cannot be made (422: it exists already), the issue matters more.
      await octokit.request('POST /repos/{owner}/{repo}/labels', { owner, repo, name: LABEL, color: '5319e7' }).catch(() => undefined)
      const { data } = await octokit.request('POST /repos/{owner}/{repo}/issues', { owner, repo, title, body, labels: [LABEL] })
      const issue_number = data.number
      const author = loginOf(data.user)
      self ??= author === undefined ? undefined : Promise.resolve(author)
      amend((entries) => [...entries, { title, author, issue: { number: issue_number, createdAt: data.created_at } }])
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
    },
    async spokeSince(issue, since) {
      if (Date.parse(issue.createdAt) >= since.getTime()) return true
      // Only comments changed since then, oldest first: the action's own come before any flood of others'.
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        owner,
        repo,
        issue_number: issue.number,
        since: since.toISOString(),
        per_page: 100
      })
      const me = await identity()
      return data.some((comment) => me !== undefined && loginOf(comment.user) === me && Date.parse(comment.created_at) >= since.getTime())
    }
  }
}
