/**
 * What the services said, and what the user should do about it. Every failure reaches the user
 * as one line: what happened (with the API's own words, redacted later) and the remedy, named in the
 * terms of the entry the user runs (the action's inputs, the command line's flags). A public issue
 * gets the action's own account instead: what failed, status and code, and the remedy, never the
 * service's words.
 */
import {
  CancelledError,
  GitHubError,
  ProxySettingError,
  ServiceError,
  TransportError,
  UnreadSecretError,
  type ServiceWords
} from './errors.js'

const ISSUES = 'https://github.com/threads-token-keeper/threads-token-keeper/issues'

/** How an entry names what the user controls: the action's inputs in a workflow, or flags at a terminal. */
export interface Terms {
  /** An input, as the user sets it here: `'app-id'` in a workflow, `--app-id` at a terminal. */
  input: (name: string) => string
  /** How to start over with a fresh authorization, as the end of a sentence. */
  authorizeAgain: string
  /** How to start over once a code was spent or refused, in the middle of a sentence ("get a fresh code and run again"). */
  freshCode: string
  /** Where the README explains the first token: a pointer after a sentence, or nothing where the user is not in a workflow. */
  bootstrapGuide: string
  /** What to do once a passing fault is over, as a sentence. */
  later: string
  /** What to add where a token may not write secrets, as a sentence (or nothing): the workflow's own token never can. */
  writerNote: string
}

export const ACTION_TERMS: Terms = {
  input: (name) => `'${name}'`,
  authorizeAgain: "authorize again in a browser and run this workflow by hand with the new 'authorization-code'",
  freshCode: 'get a fresh code and run again',
  bootstrapGuide: ' (README: "Bootstrap from a manual run")',
  later: 'Run the workflow again later.',
  writerNote: " The workflow's own GITHUB_TOKEN can never write secrets."
}

function statusText(status: number | undefined, code?: number | string, subcode?: number): string {
  const parts = [status === undefined ? 'no usable reply' : `HTTP ${status}`]
  // Instagram's flat errors repeat the status as their code.
  if (code !== undefined && code !== status) parts.push(`code ${code}${subcode === undefined ? '' : `/${subcode}`}`)
  return parts.join(', ')
}

/** The fault found on the way (a redirect, a certificate, a proxy), somewhere in an error's causes. */
function transportFault(error: Error): TransportError | undefined {
  let cause: unknown = error.cause
  for (let depth = 0; depth < 3 && cause instanceof Error; depth++, cause = cause.cause) {
    if (cause instanceof TransportError) return cause
  }
  return undefined
}

/** Where no provider gave its words (a fault before any provider spoke): plain ones. */
const PLAIN_WORDS: ServiceWords = {
  appId: "the app's client ID",
  appSecret: "the app's client secret",
  permission: 'was granted the permissions it is used with',
  dashboard: "the service's developer settings",
  deadGrant: 'expired or revoked',
  codeLife: 'for a short while'
}

function serviceRemedy(error: ServiceError, terms: Terms): string {
  const words = error.words ?? PLAIN_WORDS
  const remedy = transportFault(error)?.remedy
  if (error.codeSpent) {
    // What to fix first, where the refusal says (the Page to pick, the permissions to grant); then the fresh code, once.
    const first = error.reason === 'which-account' ? `${reasonRemedy(error, words, terms)} ` : ''
    const granting = error.reason === 'not-fit' ? ', granting every permission asked for' : ''
    return `${first}The authorization code was used, but what it gave could not be exchanged for the token to keep. ${capital(terms.freshCode)}${granting}${terms.bootstrapGuide}; nothing was stored.`
  }
  if (error.transient && error.operation === 'code exchange') {
    if (transportFault(error)?.notSent) {
      return `${error.service} could not be reached, so the code was never sent: it still works while it lasts. ${terms.later}`
    }
    // Not repeated after a time-out or a server error: the code may have been spent all the same.
    return `${error.service} may have used the code without answering, so it was not sent again. ${capital(terms.freshCode)}; nothing was stored.`
  }
  if (error.transient && error.unanswered) {
    // A rotating service may have spent the refresh token sent: the next run finds out, from the service's answer.
    return `${error.service} may have acted on the ${error.operation} without a usable answer, so it was not sent again: where it rotates refresh tokens, the one stored may be spent, and the next run says so. ${terms.later}`
  }
  if (error.transient) {
    return `${error.service} did not answer usefully after several tries; nothing was changed. ${terms.later}`
  }
  if (error.blocked) {
    return `${error.service} has blocked such requests for now, which may last days: nothing was changed, and the next scheduled run tries again. If it lasts, look for restrictions on the app in ${words.dashboard}.`
  }
  if (remedy) return `${remedy} Nothing was changed.`
  return reasonRemedy(error, words, terms)
}

function reasonRemedy(error: ServiceError, words: ServiceWords, terms: Terms): string {
  const { input } = terms
  switch (error.reason) {
    case 'dead-grant':
      return `The token can no longer be used (${words.deadGrant}) and cannot be refreshed: ${again(words, terms)}.`
    case 'redirect-uri':
      return `${input('redirect-uri')} must match the redirect URI registered for your ${error.service} app exactly, trailing slash included, and the one used in the authorize URL.`
    case 'client-secret':
      return `Check ${input('app-secret')}: it must be ${words.appSecret}.`
    case 'client-id':
      return `Check ${input('app-id')}: it must be ${words.appId}.`
    case 'scope':
      return `The authorization asked for permissions the app was not given: add them to the app in ${words.dashboard}, then ${again(words, terms)}.`
    case 'grant-type':
      return `${error.service} does not let this client use refresh tokens: allow the refresh_token grant (or offline access) for it in ${words.dashboard}.`
    case 'permission':
      return `Check that the token ${words.permission}.`
    case 'not-fit':
      return `The token cannot serve for posting as it is: ${again(words, terms)}, granting every permission asked for.`
    case 'which-account':
      return `Set ${input('page-id')} to the id of the one to keep.`
    case undefined:
      return operationRemedy(error, words, terms)
  }
}

/** Where the refusal says nothing more particular: what the operation asked for, and how to get it. */
function operationRemedy(error: ServiceError, words: ServiceWords, { input, freshCode, authorizeAgain, bootstrapGuide }: Terms): string {
  switch (error.operation) {
    case 'code exchange':
      return `An authorization code works once and ${words.codeLife}, with the same app ID and redirect URI that requested it: ${freshCode} promptly. Also check that ${input('app-id')} is ${words.appId}.`
    case 'long-lived exchange':
      return `A short-lived token lives one hour and needs the same app's secret (${input('app-secret')}): get a fresh one, or better, start from an authorization code (${input('authorization-code')}).`
    case 'refresh':
      return `The stored token could not be refreshed. If it has expired or was revoked, ${again(words, { authorizeAgain, bootstrapGuide })}.`
    default:
      return `Check that the token ${words.permission}.`
  }
}

function githubRemedy(error: GitHubError, { input, later, writerNote }: Terms): string {
  if (error.transient) {
    return `GitHub did not answer usefully after several tries. ${later}`
  }
  const remedy = transportFault(error)?.remedy
  if (remedy) return remedy
  const token = input('github-token')
  switch (error.status) {
    case 401:
      return `${token} was refused as invalid or expired: create a new token and store it as a secret.`
    case 403: {
      const lacking = error.acceptedPermissions ? ` GitHub says it needs: ${error.acceptedPermissions}.` : ''
      const grant = error.target.startsWith('organization ')
        ? "the organization permissions 'Secrets: read and write' (and 'Variables: read and write' when variables are written), a classic token with 'admin:org'"
        : "'Secrets: read and write' (and 'Variables: read and write' when variables are written) on this repository, a classic token with 'repo'"
      return (
        `${token} may not do this on ${error.target}.${lacking} Use a fine-grained token with ${grant}, ` +
        `or a GitHub App token with secrets: write.${writerNote}`
      )
    }
    case 404:
      return error.target.startsWith('organization ')
        ? `${error.target}, or a repository named in ${input('selected-repositories')}, was not found, or ${token} cannot see it: check ${input('organization')} and ${input('selected-repositories')}.`
        : `${error.target} was not found, or ${token} cannot see it: check ${input('repository')} and ${input('environment')}, and that the token was granted access to this repository.`
    case 422:
      return `GitHub refused the request as invalid: check ${input('secret-name')} and the variable names against GitHub's naming rules.`
    default:
      return 'See the message above; nothing else was changed.'
  }
}

/** How to start over, the provider's way or the entry's, with where the documentation tells it (in a workflow). */
function again(words: ServiceWords, { authorizeAgain, bootstrapGuide }: Pick<Terms, 'authorizeAgain' | 'bootstrapGuide'>): string {
  return `${words.authorizeAgain ?? authorizeAgain}${bootstrapGuide && (words.guide ?? bootstrapGuide)}`
}

/** A sentence made of a phrase: its first letter upper-cased. */
export const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1)

/** The API's words as a sentence, so the remedy that follows reads apart from it. */
function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/** A failure in three parts: what failed (with status and code), what was said, and what to do. */
interface Told {
  what: string
  said: string
  /** Whether `said` quotes the service, rather than the action's own words. */
  quotesService: boolean
  remedy: string
}

/** The refresh token's secret is not where it is written back: the action's own words, nothing sent. */
function unreadSecret({ secret, target }: UnreadSecretError, { input }: Terms): string {
  return (
    `The secret ${secret} does not exist in ${target}, so the refresh token given is not read from it: writing the new one there ` +
    `would leave the secret your workflow reads holding a spent one. Set ${input('refresh-token-secret')} to the secret ` +
    `${input('refresh-token')} reads (or store the refresh token as ${secret}). Nothing was sent.`
  )
}

/** The error codes of RFC 6749 (§4.1.2.1, §5.2), RFC 6750 (§3.1) and Meta's flat replies: words a public issue may repeat. */
const KNOWN_ERROR_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'invalid_token',
  'insufficient_scope',
  'OAuthException'
])

/** `publicly`: for a public issue, where a code in words is told only if it is one of the known ones. */
function tell(error: unknown, terms: Terms, publicly = false): Told | string {
  if (error instanceof CancelledError || error instanceof ProxySettingError) return error.message
  if (error instanceof UnreadSecretError) return unreadSecret(error, terms)
  if (error instanceof ServiceError) {
    const named = publicly && error.error !== undefined && !KNOWN_ERROR_CODES.has(error.error) ? undefined : error.error
    const what = `${error.service} refused the ${error.operation} (${statusText(error.status, error.code ?? named, error.subcode)})`
    return { what, said: error.apiMessage, quotesService: error.serviceWords, remedy: serviceRemedy(error, terms) }
  }
  if (error instanceof GitHubError) {
    const what = `GitHub refused to ${error.operation} (${statusText(error.status)})`
    return { what, said: error.apiMessage, quotesService: error.serviceWords, remedy: githubRemedy(error, terms) }
  }
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected failure: ${message}. Please report it: ${ISSUES}`
}

/** One line for the user: what happened, in the service's words too, and what to do. No stack, no credential. */
export function explain(error: unknown, terms: Terms = ACTION_TERMS): string {
  const told = tell(error, terms)
  return typeof told === 'string' ? told : `${told.what}: ${sentence(told.said)} ${told.remedy}`
}

/**
 * The action's own account of a failure, for a public issue: what failed, status and code, and what
 * to do; never the service's words, which may quote anything back (a secret, a mention, a link).
 */
export function account(error: unknown, terms: Terms = ACTION_TERMS): string {
  const told = tell(error, terms, true)
  if (typeof told !== 'string')
    return told.quotesService ? `${told.what}. ${told.remedy}` : `${told.what}: ${sentence(told.said)} ${told.remedy}`
  // An unexpected failure's message may come from anywhere; a cancel, a proxy setting, a secret not found are the action's words.
  const own = error instanceof CancelledError || error instanceof ProxySettingError || error instanceof UnreadSecretError
  return own ? told : `Unexpected failure. Please report it: ${ISSUES}`
}

/** Failures that the next scheduled run will not fix by itself. Transient ones will likely pass. */
export function needsHuman(error: unknown): boolean {
  if (error instanceof ProxySettingError || error instanceof UnreadSecretError) return true
  if (error instanceof ServiceError) return error.codeSpent || !(error.transient || error.blocked)
  if (error instanceof GitHubError) return !error.transient
  return false
}
