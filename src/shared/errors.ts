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
  /** The message quotes the service's own words (never shown in an issue). */
  readonly serviceWords: boolean

  constructor(
    message: string,
    options: { retryAfterMs?: number | undefined; rateLimited?: boolean; serviceWords?: boolean; cause?: unknown } = {}
  ) {
    super(message, withCause(options.cause))
    this.name = 'TransientError'
    this.retryAfterMs = options.retryAfterMs
    this.rateLimited = options.rateLimited ?? false
    this.serviceWords = options.serviceWords ?? false
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

/**
 * What a refusal means for the user, as the provider reads its service's codes and words: the remedy
 * follows from it (explain.ts), in the provider's words. Undefined: the operation's own remedy.
 */
export type Reason =
  /** The token, or the grant behind it, is dead (expired, revoked): only a new authorization helps. */
  | 'dead-grant'
  | 'redirect-uri'
  | 'client-secret'
  | 'client-id'
  /** The authorization asked for permissions the app was not given. */
  | 'scope'
  /** The client may not use the grant it sent (RFC 6749's unauthorized_client, unsupported_grant_type): the service's settings, not a secret. */
  | 'grant-type'
  /** The token lacks a permission the call needs. */
  | 'permission'
  /** The token is alive but cannot serve as kept (not a Page token, a permission or role gone): authorize again. */
  | 'not-fit'
  /** The grant covers several accounts (a user's Pages) and the input that names one was not set, or names none of them. */
  | 'which-account'

/** How a provider names what its remedies speak of: its app's settings, its permissions. */
export interface ServiceWords {
  /** What app-id must be: "the ID of the Threads App (Use cases > …), not the Facebook App ID". */
  appId: string
  /** What app-secret must be. */
  appSecret: string
  /** What a token must be to be looked up, after "Check that the token": "was granted the threads_basic permission". */
  permission: string
  /** How long an authorization code works, after "works once and": "for one hour". */
  codeLife: string
  /** How to start over, where it is the provider's own way rather than the entry's (X: only the command line's login). */
  authorizeAgain?: string
  /** Where the action's documentation tells this provider's first token, as a pointer after a sentence: ' (docs/facebook.md: "The first token")'. */
  guide?: string
  /** Where an app's restrictions show, when the service blocks it for now. */
  dashboard: string
  /** What kills a grant, as the service has it: "expired, revoked, or the account's password changed". */
  deadGrant: string
}

export interface ServiceErrorOptions {
  /** The service, as its provider names it: "Threads", "LinkedIn". */
  service: string
  /** "code exchange", "refresh", …: what was asked. */
  operation: string
  /** The HTTP status; undefined where no usable reply came. */
  status?: number | undefined
  /** The service's own words, or what went wrong where it said nothing. */
  apiMessage: string
  /**
   * Whether `apiMessage` holds the service's own words (the default), rather than the action's: only
   * the action's own words may reach a public issue.
   */
  serviceWords?: boolean
  /** A numeric code: Graph's `code`, LinkedIn's `serviceErrorCode`. */
  code?: number | undefined
  subcode?: number | undefined
  /** A code in words: RFC 6749's `error` ('invalid_grant'). */
  error?: string | undefined
  /** A fault that outlasted every retry, rather than a refusal. */
  transient?: boolean
  /** Refused for now (Meta's 368, temporarily blocked): no human is needed, the next run tries again. */
  blocked?: boolean
  /** A single-use authorization code was spent before this failure: only a fresh code can start over. */
  codeSpent?: boolean
  /**
   * A request that spends what it sends (a code, a rotating refresh token) got no usable answer, and
   * may have been acted on all the same: it was not sent again.
   */
  unanswered?: boolean
  /** What the refusal means, as the provider reads it. */
  reason?: Reason | undefined
  /** The provider's words for the remedy. */
  words?: ServiceWords | undefined
  cause?: unknown
}

/** A refusal from a token service (Threads, Instagram, Facebook, LinkedIn, …), or a fault that outlasted every retry. */
export class ServiceError extends Error {
  readonly service: string
  readonly operation: string
  readonly status: number | undefined
  readonly apiMessage: string
  readonly serviceWords: boolean
  readonly code: number | undefined
  readonly subcode: number | undefined
  readonly error: string | undefined
  readonly transient: boolean
  readonly blocked: boolean
  readonly codeSpent: boolean
  readonly unanswered: boolean
  readonly reason: Reason | undefined
  readonly words: ServiceWords | undefined

  constructor(options: ServiceErrorOptions) {
    super(`${options.operation}: ${options.apiMessage}`, withCause(options.cause))
    this.name = 'ServiceError'
    this.service = options.service
    this.operation = options.operation
    this.status = options.status
    this.apiMessage = options.apiMessage
    this.serviceWords = options.serviceWords ?? true
    this.code = options.code
    this.subcode = options.subcode
    this.error = options.error
    this.transient = options.transient ?? false
    this.blocked = options.blocked ?? false
    this.codeSpent = options.codeSpent ?? false
    this.unanswered = options.unanswered ?? false
    this.reason = options.reason
    this.words = options.words
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
  /** Whether `apiMessage` holds GitHub's own words (the default), rather than the action's. */
  serviceWords?: boolean
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
  readonly serviceWords: boolean
  readonly acceptedPermissions: string | undefined
  readonly transient: boolean

  constructor(options: GitHubErrorOptions) {
    super(`${options.operation}: ${options.apiMessage}`, withCause(options.cause))
    this.name = 'GitHubError'
    this.operation = options.operation
    this.target = options.target
    this.status = options.status
    this.apiMessage = options.apiMessage
    this.serviceWords = options.serviceWords ?? true
    this.acceptedPermissions = options.acceptedPermissions
    this.transient = options.transient ?? false
  }
}

/**
 * The secret a refresh token is written back to does not exist at a target, found before the refresh
 * token is sent: it is not the secret the refresh token was read from, and writing the new one there
 * would leave the one the workflow reads holding a spent token.
 */
export class UnreadSecretError extends Error {
  readonly secret: string
  readonly target: string

  constructor({ secret, target }: { secret: string; target: string }) {
    super(`the secret ${secret} does not exist in ${target}`)
    this.name = 'UnreadSecretError'
    this.secret = secret
    this.target = target
  }
}

/** The run was cancelled (the runner's SIGINT or SIGTERM) before this finished; the message says what that means for the token. */
export class CancelledError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CancelledError'
  }
}
