/**
 * What the services said, and what the user should do about it. Every failure reaches the user
 * as one line: what happened (with the API's own words, redacted later) and the remedy.
 */
import { CancelledError, GitHubError, GraphError, ProxySettingError, TransportError } from './errors.js'

const ISSUES = 'https://github.com/threads-token-keeper/threads-token-keeper/issues'

const BOOTSTRAP_RECIPE =
  "authorize again in a browser and run this workflow by hand with the new 'authorization-code' " +
  '(README: "Bootstrap from a manual run")'

function statusText(status: number | undefined, code?: number, subcode?: number): string {
  const parts = [status === undefined ? 'no usable reply' : `HTTP ${status}`]
  if (code !== undefined) parts.push(`code ${code}${subcode === undefined ? '' : `/${subcode}`}`)
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

function graphRemedy(error: GraphError): string {
  const message = error.apiMessage.toLowerCase()
  const remedy = transportFault(error)?.remedy
  if (error.codeSpent) {
    return `The authorization code was used, but the token it gave could not be exchanged for a long-lived one. Get a fresh code and run again (README: "Bootstrap from a manual run"); nothing was stored.`
  }
  const app =
    error.service === 'Threads'
      ? 'Threads App (Use cases > Access the Threads API > Settings)'
      : `${error.service} app (API setup with ${error.service} login)`
  if (error.transient && error.operation === 'code exchange') {
    // Not repeated after a time-out or a server error: the code may have been spent all the same.
    return `${error.service} may have used the code without answering, so it was not sent again. Get a fresh code and run again; nothing was stored.`
  }
  if (error.transient) {
    return `${error.service} did not answer usefully after several tries; nothing was changed. Run the workflow again later.`
  }
  if (remedy) return `${remedy} Nothing was changed.`
  if (error.code === 190) {
    return `The token can no longer be used (expired, revoked, or the account's password changed) and cannot be refreshed: ${BOOTSTRAP_RECIPE}.`
  }
  if (/redirect/.test(message)) {
    return `'redirect-uri' must match the redirect URI registered for your ${error.service} app exactly, trailing slash included, and the one used in the authorize URL.`
  }
  if (/client[_ ]?secret|app secret/.test(message)) {
    return `Check 'app-secret': it must be the secret of the ${app}, not the Facebook app secret.`
  }
  if (/client[_ ]?id|app id|application/.test(message) && error.operation === 'code exchange') {
    return `Check 'app-id': it must be the ID of the ${app}, not the Facebook App ID.`
  }
  if (error.operation === 'code exchange') {
    return `An authorization code works once and for one hour, with the same app-id and redirect-uri that requested it: get a fresh code and run again promptly. Also check that 'app-id' is the ${error.service} App ID, not the Facebook App ID.`
  }
  if (error.operation === 'long-lived exchange') {
    return "A short-lived token lives one hour and needs the same app's 'app-secret': get a fresh one, or better, pass an 'authorization-code'."
  }
  if (error.operation === 'refresh') {
    return `The stored token could not be refreshed. If it has expired or was revoked, ${BOOTSTRAP_RECIPE}.`
  }
  const basic = error.service === 'Threads' ? 'threads_basic' : `${error.service.toLowerCase()}_business_basic`
  return `Check that the token belongs to a ${error.service} app and was granted the ${basic} permission.`
}

function githubRemedy(error: GitHubError): string {
  if (error.transient) {
    return `GitHub did not answer usefully after several tries. Run the workflow again later.`
  }
  const remedy = transportFault(error)?.remedy
  if (remedy) return remedy
  switch (error.status) {
    case 401:
      return "'github-token' was refused as invalid or expired: create a new token and store it as a secret."
    case 403: {
      const lacking = error.acceptedPermissions ? ` GitHub says it needs: ${error.acceptedPermissions}.` : ''
      const grant = error.target.startsWith('organization ')
        ? "the organization permissions 'Secrets: read and write' (and 'Variables: read and write' when variables are written), a classic token with 'admin:org'"
        : "'Secrets: read and write' (and 'Variables: read and write' when variables are written) on this repository, a classic token with 'repo'"
      return (
        `'github-token' may not do this on ${error.target}.${lacking} Use a fine-grained token with ${grant}, ` +
        "or a GitHub App token with secrets: write. The workflow's own GITHUB_TOKEN can never write secrets."
      )
    }
    case 404:
      return error.target.startsWith('organization ')
        ? `${error.target}, or a repository named in 'selected-repositories', was not found, or 'github-token' cannot see it: check 'organization' and 'selected-repositories'.`
        : `${error.target} was not found, or 'github-token' cannot see it: check 'repository' and 'environment', and that the token was granted access to this repository.`
    case 422:
      return "GitHub refused the request as invalid: check 'secret-name' and the variable names against GitHub's naming rules."
    default:
      return 'See the message above; nothing else was changed.'
  }
}

/** The API's words as a sentence, so the remedy that follows reads apart from it. */
function sentence(text: string): string {
  const trimmed = text.trim()
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`
}

/** One line for the user: what happened and what to do. No stack, no credential. */
export function explain(error: unknown): string {
  if (error instanceof CancelledError) return error.message
  if (error instanceof ProxySettingError) return error.message
  if (error instanceof GraphError) {
    return `${error.service} refused the ${error.operation} (${statusText(error.status, error.code, error.subcode)}): ${sentence(error.apiMessage)} ${graphRemedy(error)}`
  }
  if (error instanceof GitHubError) {
    return `GitHub refused to ${error.operation} (${statusText(error.status)}): ${sentence(error.apiMessage)} ${githubRemedy(error)}`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected failure: ${message}. Please report it: ${ISSUES}`
}

/** Failures that the next scheduled run will not fix by itself. Transient ones will likely pass. */
export function needsHuman(error: unknown): boolean {
  if (error instanceof ProxySettingError) return true
  if (error instanceof GraphError) return error.codeSpent || !error.transient
  if (error instanceof GitHubError) return !error.transient
  return false
}
