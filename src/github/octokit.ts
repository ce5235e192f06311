import { Octokit } from '@octokit/core'
import { GitHubError } from '../shared/errors.js'
import { describeFault, isTransientStatus, type Http, type Log } from '../shared/http.js'

export interface GitHubOptions {
  token: string
  baseUrl: string
  http: Http
  debug: Log
}

/** Octokit on the action's own HTTP policy (time-outs, retries, the run deadline), logging to debug only. */
export function createOctokit({ token, baseUrl, http, debug }: GitHubOptions): Octokit {
  return new Octokit({
    auth: token,
    baseUrl,
    userAgent: 'threads-token-keeper',
    request: { fetch: http.fetch },
    log: { debug, info: debug, warn: debug, error: debug }
  })
}

/** An Octokit failure as a GitHubError: the reply's status, message and missing permissions, or the fault. */
export function gitHubFailure(operation: string, target: string, error: unknown): GitHubError {
  const status = (error as { status?: unknown }).status
  const response = (error as { response?: { data?: unknown; headers?: Record<string, string | undefined> } }).response
  if (typeof status !== 'number' || response === undefined) {
    return new GitHubError({ operation, target, apiMessage: describeFault((error as { cause?: unknown }).cause ?? error), cause: error })
  }
  const data = response.data as { message?: unknown } | string | undefined
  const headers = new Headers(
    Object.entries(response.headers ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  )
  return new GitHubError({
    operation,
    target,
    status,
    apiMessage: typeof data === 'object' && typeof data?.message === 'string' ? data.message : `HTTP ${status}`,
    acceptedPermissions: headers.get('x-accepted-github-permissions') ?? undefined,
    transient: isTransientStatus(status, headers),
    cause: error
  })
}
