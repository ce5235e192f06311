/**
 * Every kind of error the action makes, each built once, with everything known at that moment.
 * How each is told to the user is in explain.ts.
 */

/** One unusable input: which one, and what is wrong with it and how to fix it. */
export interface InputProblem {
  /** The action's input name ('app-id'); the command line shows its own flag name instead. */
  input: string
  /** What follows the name: "is required to exchange an authorization-code: …". */
  message: string
  /**
   * The value the message quotes, written into it by `quoted`, where it quotes one: the log and the
   * terminal say it (redacted), a public issue never does. A secret given to the wrong input
   * (`secret-name: ${{ secrets.X }}`) would be quoted there.
   */
  value?: string
  /** The message is a whole sentence that names the inputs itself (it concerns several). */
  sentence?: true
}

/** A value as a message quotes it. */
export const quoted = (value: string): string => `'${value}'`

/** The action's words for a problem: `Input 'app-id' is required …`. */
export function describeProblem({ input, message, sentence }: InputProblem): string {
  return sentence ? message : `Input '${input}' ${message}`
}

/** The same words without the value the user gave, for a public issue. */
export function describeProblemPublicly(problem: InputProblem): string {
  const words = describeProblem(problem)
  return problem.value ? words.split(quoted(problem.value)).join('(a value not repeated here)') : words
}

/** `cause` only where there is one: an own `cause: undefined` would show in every comparison. */
function withCause(cause: unknown): ErrorOptions | undefined {
  return cause === undefined ? undefined : { cause }
}

/** A fault worth another try: a network error, a time-out, 429, 5xx, a garbled reply. */
export class TransientError extends Error {
  /** How long the service asked us to wait (`retry-after`, `x-ratelimit-reset`). */
  readonly retryAfterMs: number | undefined
  /** Refused for rate (429, or a rate-limit code): the request was not acted on. */
  readonly rateLimited: boolean

  constructor(message: string, options: { retryAfterMs?: number | undefined; rateLimited?: boolean; cause?: unknown } = {}) {
    super(message, withCause(options.cause))
    this.name = 'TransientError'
    this.retryAfterMs = options.retryAfterMs
    this.rateLimited = options.rateLimited ?? false
  }
}

export interface TransportErrorOptions {
  /** The host that was asked (the service's, not the proxy's). */
  host: string
  /** What went wrong, as a code: ECONNRESET, SELF_SIGNED_CERT_IN_CHAIN, REDIRECT, TOO_LARGE, PROXY_REFUSED, … */
  code: string
  /** Worth another try (a dropped connection), or not (a redirect, an untrusted certificate). */
  transient: boolean
  /** The request surely never reached the service (no connection was made): safe to send again. */
  notSent: boolean
  /** What to do about it, where the fault says (a certificate, a proxy, a base URL). */
  remedy?: string | undefined
  cause?: unknown
}

/**
 * No usable reply, for a reason found on the way: the connection, the proxy, the certificate, a
 * redirect, a reply too large to be real. Its message names the host; never a query string.
 */
export class TransportError extends Error {
  readonly host: string
  readonly code: string
  readonly transient: boolean
  readonly notSent: boolean
  readonly remedy: string | undefined

  constructor(message: string, options: TransportErrorOptions) {
    super(message, withCause(options.cause))
    this.name = 'TransportError'
    this.host = options.host
    this.code = options.code
    this.transient = options.transient
    this.notSent = options.notSent
    this.remedy = options.remedy
  }
}

/** HTTPS_PROXY, HTTP_PROXY or NO_PROXY holds something that cannot be used: found before any request. */
export class ProxySettingError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProxySettingError'
  }
}

export interface GraphErrorOptions {
  /** "Threads" or "Instagram". */
  service: string
  /** "code exchange", "refresh", …: what was asked. */
  operation: string
  /** The HTTP status; undefined where no usable reply came. */
  status?: number | undefined
  /** The service's own words, or what went wrong where it said nothing. */
  apiMessage: string
  code?: number | undefined
  subcode?: number | undefined
  /** A fault that outlasted every retry, rather than a refusal. */
  transient?: boolean
  /** A single-use authorization code was spent before this failure: only a fresh code can start over. */
  codeSpent?: boolean
  cause?: unknown
}

/** A refusal from a Meta Graph API (Threads, Instagram), or a fault that outlasted every retry. */
export class GraphError extends Error {
  readonly service: string
  readonly operation: string
  readonly status: number | undefined
  readonly apiMessage: string
  readonly code: number | undefined
  readonly subcode: number | undefined
  readonly transient: boolean
  readonly codeSpent: boolean

  constructor(options: GraphErrorOptions) {
    super(`${options.operation}: ${options.apiMessage}`, withCause(options.cause))
    this.name = 'GraphError'
    this.service = options.service
    this.operation = options.operation
    this.status = options.status
    this.apiMessage = options.apiMessage
    this.code = options.code
    this.subcode = options.subcode
    this.transient = options.transient ?? false
    this.codeSpent = options.codeSpent ?? false
  }
}

export interface GitHubErrorOptions {
  /** "write secret X to owner/repo", …: what was asked. */
  operation: string
  /** Which target it concerns, for the remedy. */
  target: string
  /** The HTTP status; undefined where no usable reply came. */
  status?: number | undefined
  apiMessage: string
  /** From `x-accepted-github-permissions`: what a fine-grained token lacked. */
  acceptedPermissions?: string | undefined
  /** Worth another run: a fault that outlasted the retries, judged by the one rule (shared/transient.ts). */
  transient?: boolean
  cause?: unknown
}

/** A refusal from the GitHub REST API, or a fault that outlasted every retry. */
export class GitHubError extends Error {
  readonly operation: string
  readonly target: string
  readonly status: number | undefined
  readonly apiMessage: string
  readonly acceptedPermissions: string | undefined
  readonly transient: boolean

  constructor(options: GitHubErrorOptions) {
    super(`${options.operation}: ${options.apiMessage}`, withCause(options.cause))
    this.name = 'GitHubError'
    this.operation = options.operation
    this.target = options.target
    this.status = options.status
    this.apiMessage = options.apiMessage
    this.acceptedPermissions = options.acceptedPermissions
    this.transient = options.transient ?? false
  }
}

/** The run was cancelled (the runner's SIGINT or SIGTERM) before this finished; the message says what that means for the token. */
export class CancelledError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CancelledError'
  }
}
