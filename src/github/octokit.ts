import { Octokit } from '@octokit/core'
import { GitHubError } from '../shared/errors.js'
import type { Http, Log } from '../shared/http.js'
import { describeFault, faultIsTransient, faultQuotesService, judgeReply } from '../shared/transient.js'

export interface GitHubOptions {
  token: string
  baseUrl: string
  http: Http
  debug: Log
  /** Told of every reply, with its status: when the token expires, as GitHub says on every reply to a token that does. */
  onReply?: (status: number, tokenExpiresAt: Date | undefined) => void
}

/** Octokit on the action's own HTTP policy (time-outs, retries, the run deadline), logging to debug only. */
export function createOctokit({ token, baseUrl, http, debug, onReply }: GitHubOptions): Octokit {
  const octokit = new Octokit({
    auth: token,
    baseUrl,
    userAgent: 'threads-token-keeper',
    request: { fetch: http.fetch },
    log: { debug, info: debug, warn: debug, error: debug }
  })
  if (onReply) {
    const note = (reply: { status: number; headers: Record<string, unknown> } | undefined): void => {
      if (reply) onReply(reply.status, parseTokenExpiration(reply.headers['github-authentication-token-expiration']))
    }
    octokit.hook.after('request', (response) => note(response))
    octokit.hook.error('request', (error) => {
      note(replyOf(error))
      throw error
    })
  }
  return octokit
}

/** `GitHub-Authentication-Token-Expiration: 2026-12-09 00:00:00 UTC` (or with a `-0800` offset), as a Date. */
export function parseTokenExpiration(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined
  const match = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)\s*(UTC|Z|[+-]\d\d:?\d\d)$/.exec(value.trim())
  if (!match) return undefined
  const [, day, time, zone = 'UTC'] = match
  const offset = zone === 'UTC' || zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`
  const date = new Date(`${day}T${time}${offset}`)
  return Number.isNaN(date.getTime()) ? undefined : date
}

/** A reply, as Octokit hands it over: the headers by lower-case name already. */
interface Reply {
  status: number
  headers: Record<string, string | undefined>
  data?: unknown
}

/** The reply an Octokit error carries; undefined where no reply came (Octokit gives those a status too). */
export function replyOf(error: unknown): Reply | undefined {
  const response = (error as { response?: Partial<Reply> } | null | undefined)?.response
  return typeof response?.status === 'number' ? { headers: {}, ...response, status: response.status } : undefined
}

/** An Octokit failure as a GitHubError: the reply's status, message and missing permissions, or the fault. */
export function gitHubFailure(operation: string, target: string, error: unknown): GitHubError {
  const reply = replyOf(error)
  if (!reply) {
    // No reply: Octokit wraps what the transport threw.
    const fault = (error as { cause?: unknown }).cause ?? error
    return new GitHubError({
      operation,
      target,
      apiMessage: describeFault(fault),
      serviceWords: faultQuotesService(fault),
      transient: faultIsTransient(fault),
      cause: error
    })
  }
  const { status, headers } = reply
  const data = reply.data as { message?: unknown } | string | undefined
  const message = typeof data === 'object' && typeof data?.message === 'string' ? data.message : undefined
  return new GitHubError({
    operation,
    target,
    status,
    apiMessage: message ?? `HTTP ${status}`,
    serviceWords: message !== undefined,
    acceptedPermissions: headers['x-accepted-github-permissions'],
    transient: judgeReply(status, headers).transient,
    cause: error
  })
}
