import { Octokit } from '@octokit/core'
import { GitHubError } from '../shared/errors.js'
import type { Http, Log } from '../shared/http.js'
import { describeFault, faultIsTransient, judgeReply } from '../shared/transient.js'

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
    // No reply: Octokit wraps what the transport threw.
    const fault = (error as { cause?: unknown }).cause ?? error
    return new GitHubError({ operation, target, apiMessage: describeFault(fault), transient: faultIsTransient(fault), cause: error })
  }
  const data = response.data as { message?: unknown } | string | undefined
  // Octokit hands the headers over by lower-case name already.
  const headers = response.headers ?? {}
  return new GitHubError({
    operation,
    target,
    status,
    apiMessage: typeof data === 'object' && typeof data?.message === 'string' ? data.message : `HTTP ${status}`,
    acceptedPermissions: headers['x-accepted-github-permissions'],
    transient: judgeReply(status, headers).transient,
    cause: error
  })
}
